//! The clients' timers on an ensemble, kept in the world's schedule (`sim::schedule`) without
//! scanning every client: whatever changes a client marks it (`Sim::client_at_mut`),
//! and before the next event `Touched::update` recomputes the deadline of each client marked
//! since — its connection's timer, or, paused, the end of its pause.

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
