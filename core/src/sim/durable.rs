//! A standalone server whose data outlives its process (`zkplay serve` with a `dataDir`): the
//! world keeps its server's journal (`server::journal`), and a world started again on it
//! begins with the server rebuilt — its tree, zxids and sessions, each session given a fresh
//! timeout as ZooKeeper's restarted session tracker gives it — at the time the old one stopped.

use crate::server::journal::JournalEntry;
use crate::server::Server;
use crate::sim::servers::{sa, sa_ref};
use crate::sim::{Servers, Sim, SimConfig};
use crate::stat::SessionId;

impl Sim {
    /// Keeps the standalone server's journal from now on (an ensemble keeps none).
    pub fn keep_server_journal(&mut self) {
        if let Servers::Standalone(s) = &mut self.servers {
            s.server.keep_journal();
        }
    }

    /// The standalone server's changes since last asked.
    pub fn take_server_journal(&mut self) -> Vec<JournalEntry> {
        match &mut self.servers {
            Servers::Standalone(s) => s.server.take_journal(),
            Servers::Ensemble(_) => Vec::new(),
        }
    }

    /// A standalone world whose server is rebuilt from its journal and brought to `now_ms`
    /// (the time since the old run's clock started: the downtime passes for it, as for a
    /// restarted ZooKeeper), then its session tracker started again: sessions keep their ids,
    /// each expires a full timeout from now unless its client comes back. It keeps its
    /// journal from the start, so the restart itself is journaled too.
    pub fn restored(config: SimConfig, journal: &[JournalEntry], now_ms: u64) -> Sim {
        let mut sim = Sim::new(config);
        sim.restore_server(journal, now_ms);
        sim
    }

    fn restore_server(&mut self, journal: &[JournalEntry], now_ms: u64) {
        let mut server = Server::replay(self.config.server.clone(), journal);
        server.keep_journal();
        // A wall clock set back never takes the server back.
        let now = now_ms.max(server.now_ms());
        let gap = now - server.now_ms();
        self.now_ms = now;
        sa!(self).server = server;
        // Sessions get their fresh timeouts before the gap's ticks could expire them.
        sa!(self).server.restart_session_tracker(now);
        let sessions: Vec<(SessionId, u32)> = sa_ref!(self).server.sessions().collect();
        for (s, t) in sessions {
            self.touch(s, t);
        }
        sa!(self).server.advance(gap);
    }
}
