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

/// Indexes marked since they were last taken, each once, in the order first marked.
#[derive(Clone, Debug, Default)]
struct Marks {
    list: Vec<usize>,
    marked: Vec<bool>,
}

impl Marks {
    fn mark(&mut self, i: usize) {
        if self.marked.len() <= i {
            self.marked.resize(i + 1, false);
        }
        if !self.marked[i] {
            self.marked[i] = true;
            self.list.push(i);
        }
    }

    fn take(&mut self) -> Vec<usize> {
        let list = std::mem::take(&mut self.list);
        for &i in &list {
            self.marked[i] = false;
        }
        list
    }
}

/// The clients and the peers changed since their timers were last brought up to date.
#[derive(Clone, Debug, Default)]
pub(crate) struct Touched {
    clients: Marks,
    peers: Marks,
}

impl Touched {
    /// Client `c` may have changed: its deadline is recomputed at the next `update`.
    pub(crate) fn touch(&mut self, c: usize) {
        self.clients.mark(c);
    }

    /// Peer `i` handled something: its deadline is recomputed at the next `update_peers`.
    pub(crate) fn touch_peer(&mut self, i: usize) {
        self.peers.mark(i);
    }

    /// Brings the peers' timers up to date in the schedule with the peers marked since the
    /// last call.
    pub(crate) fn update_peers(
        &mut self,
        peers: &[crate::ensemble::Peer],
        schedule: &mut Schedule,
    ) {
        for i in self.peers.take() {
            schedule.set_peer(i, peers.get(i).and_then(crate::ensemble::Peer::deadline_ms));
        }
    }

    /// Brings the schedule's client timers up to date with the clients marked since the last
    /// call (a deadline that did not move keeps its place).
    pub(crate) fn update(&mut self, clients: &[Client], schedule: &mut Schedule) {
        for c in self.clients.take() {
            let d = clients.get(c).and_then(wake_ms);
            schedule.set_client(crate::sim::ensemble::clients::id(c), d);
        }
    }
}
