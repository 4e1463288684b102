//! The simulator's event queue: events by `(time, seq)`, with a count of the deliveries among
//! them, so "is any message in flight?" costs O(1) however many client timers are scheduled.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use crate::sim::world::Event;

/// When an event happens: simulated time, then the order it was scheduled in.
pub type Key = (u64, u64);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQueue {
    events: BTreeMap<Key, Event>,
    /// How many of the events are `Event::Deliver` (derived from `events`).
    deliveries: usize,
}

/// Only the events are state; the count is derived from them.
impl Hash for EventQueue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.events.hash(state);
    }
}

impl EventQueue {
    pub fn insert(&mut self, key: Key, e: Event) {
        let deliver = matches!(e, Event::Deliver(_));
        if let Some(Event::Deliver(_)) = self.events.insert(key, e) {
            self.deliveries -= 1;
        }
        if deliver {
            self.deliveries += 1;
        }
    }

    pub fn remove(&mut self, key: &Key) -> Option<Event> {
        let e = self.events.remove(key)?;
        if matches!(e, Event::Deliver(_)) {
            self.deliveries -= 1;
        }
        Some(e)
    }

    /// Removes and returns the earliest event.
    pub fn pop_first(&mut self) -> Option<(Key, Event)> {
        let (key, e) = self.events.pop_first()?;
        if matches!(e, Event::Deliver(_)) {
            self.deliveries -= 1;
        }
        Some((key, e))
    }

    /// The event scheduled under `key`.
    pub fn get(&self, key: &Key) -> Option<&Event> {
        self.events.get(key)
    }

    /// The earliest event with its key.
    pub fn first(&self) -> Option<(&Key, &Event)> {
        self.events.iter().next()
    }

    /// The time of the earliest event.
    pub fn next_time(&self) -> Option<u64> {
        self.events.keys().next().map(|(t, _)| *t)
    }

    /// Everything scheduled, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Event)> {
        self.events.iter()
    }

    /// How many events are scheduled.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn has_in_flight(&self) -> bool {
        self.deliveries > 0
    }

    /// The delivery index holds exactly the keys of the `Deliver` events.
    pub fn check_invariants(&self) -> Result<(), String> {
        let deliveries = self
            .events
            .iter()
            .filter(|(_, e)| matches!(e, Event::Deliver(_)))
            .count();
        if deliveries != self.deliveries {
            return Err(format!(
                "queue: {deliveries} deliveries, counted {}",
                self.deliveries
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::Event;

    #[test]
    fn the_delivery_index_follows_inserts_and_removals() {
        let mut q = EventQueue::default();
        q.insert((5, 1), Event::ServerTick);
        assert!(!q.has_in_flight());
        q.insert((3, 2), Event::ClientTimer(crate::sim::clients::ClientId(0)));
        assert_eq!(q.next_time(), Some(3));
        assert_eq!(q.pop_first().map(|(k, _)| k), Some((3, 2)));
        assert_eq!(q.remove(&(5, 1)), Some(Event::ServerTick));
        assert_eq!(q.remove(&(5, 1)), None);
        assert_eq!(q.next_time(), None);
    }
}
