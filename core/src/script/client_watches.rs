//! The Java client's own record of its watches (`ZKWatchManager`). zkCli's `removewatches` checks
//! it before asking the server and turns what it removes into `*WatchRemoved` events, so the
//! runner keeps one per session for every backend.

use std::collections::BTreeSet;

use crate::request::WatcherKind;
use crate::watch::{EventType, WatchMode};

/// One session's client-side watch registrations, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientWatches {
    data: BTreeSet<String>,
    exist: BTreeSet<String>,
    child: BTreeSet<String>,
    persistent: BTreeSet<String>,
    recursive: BTreeSet<String>,
}

/// Which table a successful read registers its watch in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registration {
    Data,
    Exist,
    Child,
    Added(WatchMode),
}

impl ClientWatches {
    pub fn register(&mut self, path: &str, r: Registration) {
        let set = match r {
            Registration::Data => &mut self.data,
            Registration::Exist => &mut self.exist,
            Registration::Child => &mut self.child,
            Registration::Added(WatchMode::PersistentRecursive) => &mut self.recursive,
            Registration::Added(_) => &mut self.persistent,
        };
        set.insert(path.to_string());
    }

    /// `ZKWatchManager.materialize`: a delivered event consumes the one-shot watches it fires.
    pub fn on_event(&mut self, kind: EventType, path: &str) {
        match kind {
            EventType::NodeDataChanged | EventType::NodeCreated => {
                self.data.remove(path);
                self.exist.remove(path);
            }
            EventType::NodeChildrenChanged => {
                self.child.remove(path);
            }
            EventType::NodeDeleted => {
                self.data.remove(path);
                self.exist.remove(path);
                self.child.remove(path);
            }
            _ => {}
        }
    }

    /// `ZKWatchManager.containsWatcher`: whether the client lets `removewatches` go to the server.
    pub fn contains(&self, path: &str, kind: WatcherKind) -> bool {
        let persistent = self.persistent.contains(path) || self.recursive.contains(path);
        match kind {
            WatcherKind::Children => self.child.contains(path) || persistent,
            WatcherKind::Data => {
                self.data.contains(path) || self.exist.contains(path) || persistent
            }
            WatcherKind::Any => {
                self.child.contains(path)
                    || self.data.contains(path)
                    || self.exist.contains(path)
                    || persistent
            }
        }
    }

    /// Removes locally after the server agreed; returns the events the client delivers, or
    /// `None` when nothing matched (the client then reports NOWATCHER).
    pub fn remove(&mut self, path: &str, kind: WatcherKind) -> Option<Vec<EventType>> {
        let mut child = false;
        let mut data = false;
        let mut persistent = false;
        if matches!(kind, WatcherKind::Children | WatcherKind::Any) {
            child = self.child.remove(path);
        }
        if matches!(kind, WatcherKind::Data | WatcherKind::Any) {
            let d = self.data.remove(path);
            let e = self.exist.remove(path);
            data = d || e;
        }
        if kind == WatcherKind::Any {
            let p = self.persistent.remove(path);
            let r = self.recursive.remove(path);
            persistent = p || r;
        }
        // The Java client delivers them from a HashMap keyed by event type: data, then child,
        // as a real 3.8 client prints them.
        let mut events = Vec::new();
        if data {
            events.push(EventType::DataWatchRemoved);
        }
        if child {
            events.push(EventType::ChildWatchRemoved);
        }
        if persistent {
            events.push(EventType::PersistentWatchRemoved);
        }
        (!events.is_empty()).then_some(events)
    }

    /// (path, description) of every watch the client believes it has, for display.
    pub fn list(&self) -> Vec<(String, &'static str)> {
        let mut v = Vec::new();
        for (set, what) in [
            (&self.data, "data"),
            (&self.exist, "exists"),
            (&self.child, "child"),
            (&self.persistent, "persistent"),
            (&self.recursive, "persistent-recursive"),
        ] {
            v.extend(set.iter().map(|p| (p.clone(), what)));
        }
        v.sort();
        v
    }
}
