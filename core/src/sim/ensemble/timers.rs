//! The clients' and the recipe roles' timers, indexed so that no event scans every client or
//! role. A client's: its next deadline (its `Client::next_wakeup_ms`, or the end of its GC
//! pause) in a heap, the deadline each client holds now (a heap entry that no longer matches it
//! is stale and skipped), and the clients changed since the index was last brought up to date;
//! whatever changes a client marks it (`EnsembleSim::client_at_mut`), `update` recomputes
//! those. A role's: its wake-up by role and the same by time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::sim::client::Client;
use crate::sim::ensemble::EnsembleClient;
use crate::sim::RoleKey;
use crate::sorted::{SortedMap, SortedSet};

/// When a client's process next needs the clock: its connection's timer, or, paused, the
/// end of its pause.
pub(crate) fn wake_ms(c: &Client) -> Option<u64> {
    c.next_wakeup_ms().or(c.paused_until_ms)
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ClientTimers {
    heap: BinaryHeap<Reverse<(u64, usize)>>,
    /// Each client's deadline as the heap knows it.
    deadline: Vec<Option<u64>>,
    /// Clients changed since the last `update`, each once.
    dirty: Vec<usize>,
    is_dirty: Vec<bool>,
}

impl ClientTimers {
    /// Client `c` may have changed: its deadline is recomputed at the next `update`.
    pub(crate) fn touch(&mut self, c: usize) {
        if self.is_dirty.len() <= c {
            self.is_dirty.resize(c + 1, false);
            self.deadline.resize(c + 1, None);
        }
        if !self.is_dirty[c] {
            self.is_dirty[c] = true;
            self.dirty.push(c);
        }
    }

    /// Brings the index up to date with the clients marked since the last call.
    pub(crate) fn update(&mut self, clients: &[EnsembleClient]) {
        for c in std::mem::take(&mut self.dirty) {
            self.is_dirty[c] = false;
            let d = clients.get(c).and_then(|ec| wake_ms(&ec.client));
            if d != self.deadline[c] {
                self.deadline[c] = d;
                if let Some(d) = d {
                    self.heap.push(Reverse((d, c)));
                }
            }
        }
        // Stale entries pile up as deadlines move: rebuild once they outnumber the live ones.
        if self.heap.len() > 2 * self.deadline.len() + 64 {
            self.heap = self
                .deadline
                .iter()
                .enumerate()
                .filter_map(|(c, d)| d.map(|d| Reverse((d, c))))
                .collect();
        }
        self.clean_top();
    }

    fn is_live(&self, d: u64, c: usize) -> bool {
        self.deadline.get(c) == Some(&Some(d))
    }

    fn clean_top(&mut self) {
        while let Some(&Reverse((d, c))) = self.heap.peek() {
            if self.is_live(d, c) {
                break;
            }
            self.heap.pop();
        }
    }

    /// The earliest deadline (after `update`).
    pub(crate) fn next_ms(&self) -> Option<u64> {
        self.heap.peek().map(|r| r.0 .0)
    }

    /// The clients whose deadline is `at` or earlier, in index order (after `update`).
    pub(crate) fn due(&mut self, at: u64) -> Vec<usize> {
        let mut live: Vec<(u64, usize)> = Vec::new();
        while let Some(&Reverse((d, c))) = self.heap.peek() {
            if d > at {
                break;
            }
            self.heap.pop();
            if self.is_live(d, c) {
                live.push((d, c));
            }
        }
        // A client is due once, whatever copies of its entry the heap held.
        live.sort_unstable_by_key(|&(_, c)| c);
        live.dedup();
        let due: Vec<usize> = live.iter().map(|&(_, c)| c).collect();
        for (d, c) in live {
            self.heap.push(Reverse((d, c)));
        }
        due
    }
}

/// The recipe roles' wake-ups (each role has at most one), by role and by time.
#[derive(Clone, Debug, Default)]
pub(crate) struct RoleTimers {
    by_role: SortedMap<RoleKey, u64>,
    by_time: SortedSet<(u64, RoleKey)>,
}

impl RoleTimers {
    /// Wakes the role at `at_ms`, replacing the wake-up it had.
    pub(crate) fn set(&mut self, key: RoleKey, at_ms: u64) {
        if let Some(old) = self.by_role.insert(key, at_ms) {
            self.by_time.remove(&(old, key));
        }
        self.by_time.insert((at_ms, key));
    }

    pub(crate) fn remove(&mut self, key: &RoleKey) {
        if let Some(old) = self.by_role.remove(key) {
            self.by_time.remove(&(old, *key));
        }
    }

    /// The earliest wake-up.
    pub(crate) fn next_ms(&self) -> Option<u64> {
        self.by_time.first().map(|&(at, _)| at)
    }

    /// The roles due at `at` or earlier, in role order.
    pub(crate) fn due(&self, at: u64) -> Vec<RoleKey> {
        let mut due: Vec<RoleKey> = self
            .by_time
            .iter()
            .take_while(|&&(t, _)| t <= at)
            .map(|&(_, key)| key)
            .collect();
        crate::sorted::sort(&mut due);
        due
    }
}
