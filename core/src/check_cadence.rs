//! When debug builds (and the fuzz targets, which keep debug assertions) check a structure's
//! invariants: after every event while the structure is small, and less often as it grows, so
//! the checks cost at most `ITEMS_PER_EVENT` items per event however long a run is. A check of
//! a tree of 1,600 nodes after each of a million events would cost far more than the run; one
//! every 400 events costs a fraction of what the events do (checking an item costs more than an
//! event's work on it: lookups, and in the fuzz build every comparison traced). A broken
//! invariant is still found: within [`interval`] events of breaking (bookkeeping once broken
//! stays broken), and at the end of a run by whoever checks explicitly (the fuzz targets do).

use std::hash::{Hash, Hasher};

/// How many items (nodes, events, timers) a check may visit per event, on average.
pub const ITEMS_PER_EVENT: usize = 4;

/// Counts the events since the last check. Bookkeeping of the debug checks, not state: two
/// cadences are always equal and hash as nothing, so a server or simulation compares and hashes
/// the same however far it is from its next check.
/// How many events may pass between two checks of a structure of `size` items: 1 while
/// `size <= ITEMS_PER_EVENT`, then `size / ITEMS_PER_EVENT` rounded up, so a check costs at most
/// `ITEMS_PER_EVENT` items per event.
pub fn interval(size: usize) -> usize {
    size.div_ceil(ITEMS_PER_EVENT).max(1)
}

#[derive(Clone, Copy, Debug, Default)]
pub struct CheckCadence {
    events_since_check: u64,
}

impl CheckCadence {
    /// One more event happened; whether to check a structure of `size` items now: once
    /// [`interval`]`(size)` events have passed since the last check.
    pub fn due(&mut self, size: usize) -> bool {
        self.events_since_check = self.events_since_check.saturating_add(1);
        if self.events_since_check >= interval(size) as u64 {
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
    fn a_large_one_about_every_size_over_items_per_event_events() {
        // 1,600 items: every 400th event, 4 items per event.
        assert_eq!(checks_in(1_200, 1_600), vec![400, 800, 1_200]);
        assert_eq!(checks_in(1_200, 1_601), vec![401, 802]);
        assert_eq!(checks_in(3, ITEMS_PER_EVENT + 1), vec![2]);
    }

    #[test]
    fn cadences_are_not_state() {
        let mut a = CheckCadence::default();
        a.due(1_000);
        assert_eq!(a, CheckCadence::default());
    }
}
