//! When debug builds (and the fuzz targets, which keep debug assertions) check a structure's
//! invariants: after every event while the structure is small, and less often as it grows, so
//! the checks cost at most `ITEMS_PER_EVENT` items per event however long a run is. A check of
//! a tree of 6,400 nodes after each of a million events would cost more than the run; one every
//! 100 events costs what the events do. A broken invariant is still found: within
//! `1 + size / ITEMS_PER_EVENT` events of breaking (bookkeeping once broken stays broken), and
//! at the end of a run by whoever checks explicitly (the fuzz targets do).

use std::hash::{Hash, Hasher};

/// How many items (nodes, events, timers) a check may visit per event, on average.
pub const ITEMS_PER_EVENT: usize = 64;

/// Counts the events since the last check. Bookkeeping of the debug checks, not state: two
/// cadences are always equal and hash as nothing, so a server or simulation compares and hashes
/// the same however far it is from its next check.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckCadence {
    events_since_check: u64,
}

impl CheckCadence {
    /// One more event happened; whether to check a structure of `size` items now. True at
    /// least once in every `1 + size / ITEMS_PER_EVENT` events, and every time while
    /// `size <= ITEMS_PER_EVENT`.
    pub fn due(&mut self, size: usize) -> bool {
        self.events_since_check = self.events_since_check.saturating_add(1);
        let interval = 1 + size / ITEMS_PER_EVENT;
        if self.events_since_check >= interval as u64 {
            self.events_since_check = 0;
            true
        } else {
            false
        }
    }
}

impl PartialEq for CheckCadence {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for CheckCadence {}

impl Hash for CheckCadence {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks_in(events: usize, size: usize) -> Vec<usize> {
        let mut c = CheckCadence::default();
        (1..=events).filter(|_| c.due(size)).collect()
    }

    #[test]
    fn a_small_structure_is_checked_after_every_event() {
        assert_eq!(checks_in(5, 0), vec![1, 2, 3, 4, 5]);
        assert_eq!(checks_in(5, ITEMS_PER_EVENT), vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_large_one_every_size_over_items_per_event_events() {
        // 6,400 items: every 101st event, 6,464 items visited per 101 events (64 each).
        assert_eq!(checks_in(303, 6_400), vec![101, 202, 303]);
        assert_eq!(checks_in(3, ITEMS_PER_EVENT + 1), vec![2]);
    }

    #[test]
    fn cadences_are_not_state() {
        let mut a = CheckCadence::default();
        a.due(1_000);
        assert_eq!(a, CheckCadence::default());
    }
}
