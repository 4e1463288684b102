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

    /// A standalone world whose server is rebuilt from its journal, its clock where the server's
    /// stopped, its session tracker started again (sessions keep their ids, each expires a
    /// timeout from now unless its client comes back).
    pub fn restored(config: SimConfig, journal: &[JournalEntry]) -> Sim {
        let mut sim = Sim::new(config);
        sim.restore_server(journal);
        sim
    }

    fn restore_server(&mut self, journal: &[JournalEntry]) {
        let server = Server::replay(self.config.server.clone(), journal);
        self.now_ms = server.now_ms();
        sa!(self).server = server;
        let now = self.now_ms;
        sa!(self).server.restart_session_tracker(now);
        let sessions: Vec<(SessionId, u32)> = sa_ref!(self).server.sessions().collect();
        for (s, t) in sessions {
            self.touch(s, t);
        }
    }
}
