//! The clients' and the peers' timers on an ensemble, kept in the world's schedule
//! (`sim::schedule`) without scanning every client or server: whatever changes a client marks
//! it (`Sim::client_at_mut`), a peer that handled something is marked (`Sim::after_peer`,
//! crash, touch), and before the next event `Touched::update` and `update_peers` recompute
//! the deadline of each one marked since — a client's connection timer, or, paused, the end
//! of its pause; a peer's `deadline_ms`.

use crate::sim::client::Client;
use crate::sim::schedule::Schedule;

/// When a client's process next needs the clock: its connection's timer, or, paused, the
/// end of its pause.
pub(crate) fn wake_ms(c: &Client) -> Option<u64> {
    c.next_wakeup_ms().or(c.paused_until_ms)
}

/// The clients changed since their timers were last brought up to date, each once.
#[derive(Clone, Debug, Default)]
pub(crate) struct Touched {
    clients: Vec<usize>,
    is_touched: Vec<bool>,
    /// The peers that handled something since, each once.
    peers: Vec<usize>,
    is_peer_touched: Vec<bool>,
}

impl Touched {
    /// Client `c` may have changed: its deadline is recomputed at the next `update`.
    pub(crate) fn touch(&mut self, c: usize) {
        if self.is_touched.len() <= c {
            self.is_touched.resize(c + 1, false);
        }
        if !self.is_touched[c] {
            self.is_touched[c] = true;
            self.clients.push(c);
        }
    }

    /// Peer `i` handled something: its deadline is recomputed at the next `update`.
    pub(crate) fn touch_peer(&mut self, i: usize) {
        if self.is_peer_touched.len() <= i {
            self.is_peer_touched.resize(i + 1, false);
        }
        if !self.is_peer_touched[i] {
            self.is_peer_touched[i] = true;
            self.peers.push(i);
        }
    }

    /// Brings the peers' timers up to date in the schedule with the peers marked since the
    /// last call.
    pub(crate) fn update_peers(
        &mut self,
        peers: &[crate::ensemble::Peer],
        schedule: &mut Schedule,
    ) {
        for i in std::mem::take(&mut self.peers) {
            self.is_peer_touched[i] = false;
            schedule.set_peer(i, peers.get(i).and_then(crate::ensemble::Peer::deadline_ms));
        }
    }

    /// Brings the schedule's client timers up to date with the clients marked since the last
    /// call (a deadline that did not move keeps its place).
    pub(crate) fn update(&mut self, clients: &[Client], schedule: &mut Schedule) {
        for c in std::mem::take(&mut self.clients) {
            self.is_touched[c] = false;
            let d = clients.get(c).and_then(wake_ms);
            schedule.set_client(crate::sim::ensemble::clients::id(c), d);
        }
    }
}
