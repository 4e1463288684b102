//! Server-side watch tables as ZooKeeper's `WatchManager`: one table for data watches and one
//! for child watches, each path → sessions, with a mode per (session, path). Triggering removes
//! one-shot watches, which is what makes them fire once.

use std::collections::{BTreeMap, BTreeSet};

use crate::path;
use crate::stat::SessionId;

/// How a watch behaves when it fires (`WatcherMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WatchMode {
    Standard,
    Persistent,
    PersistentRecursive,
}

/// The event types a watch delivers (`Watcher.Event.EventType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    None,
    NodeCreated,
    NodeDeleted,
    NodeDataChanged,
    NodeChildrenChanged,
    DataWatchRemoved,
    ChildWatchRemoved,
    PersistentWatchRemoved,
}

impl EventType {
    pub fn name(self) -> &'static str {
        match self {
            EventType::None => "None",
            EventType::NodeCreated => "NodeCreated",
            EventType::NodeDeleted => "NodeDeleted",
            EventType::NodeDataChanged => "NodeDataChanged",
            EventType::NodeChildrenChanged => "NodeChildrenChanged",
            EventType::DataWatchRemoved => "DataWatchRemoved",
            EventType::ChildWatchRemoved => "ChildWatchRemoved",
            EventType::PersistentWatchRemoved => "PersistentWatchRemoved",
        }
    }

    /// The wire code of the event type.
    pub fn code(self) -> i32 {
        match self {
            EventType::None => -1,
            EventType::NodeCreated => 1,
            EventType::NodeDeleted => 2,
            EventType::NodeDataChanged => 3,
            EventType::NodeChildrenChanged => 4,
            EventType::DataWatchRemoved => 5,
            EventType::ChildWatchRemoved => 6,
            EventType::PersistentWatchRemoved => 7,
        }
    }

    pub fn from_code(c: i32) -> Option<EventType> {
        [
            EventType::None,
            EventType::NodeCreated,
            EventType::NodeDeleted,
            EventType::NodeDataChanged,
            EventType::NodeChildrenChanged,
            EventType::DataWatchRemoved,
            EventType::ChildWatchRemoved,
            EventType::PersistentWatchRemoved,
        ]
        .into_iter()
        .find(|e| e.code() == c)
    }
}

/// One watch as a table holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchEntry {
    pub path: String,
    pub session: SessionId,
    pub mode: WatchMode,
}

/// One table of watches (ZooKeeper keeps two: data and child).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct WatchTable {
    by_path: BTreeMap<String, BTreeSet<SessionId>>,
    modes: BTreeMap<(SessionId, String), WatchMode>,
    recursive_count: usize,
}

impl WatchTable {
    /// `WatchManager.addWatch`. Like ZooKeeper 3.8, a standard watch added where the session
    /// already has a persistent one resets the mode to standard.
    pub fn add(&mut self, p: &str, s: SessionId, mode: WatchMode) {
        self.by_path.entry(p.to_string()).or_default().insert(s);
        self.set_mode(s, p, mode);
    }

    fn set_mode(&mut self, s: SessionId, p: &str, mode: WatchMode) {
        let old = if mode == WatchMode::Standard {
            self.modes.remove(&(s, p.to_string()))
        } else {
            self.modes.insert((s, p.to_string()), mode)
        };
        let was = old == Some(WatchMode::PersistentRecursive);
        let is = mode == WatchMode::PersistentRecursive;
        if was && !is {
            self.recursive_count -= 1;
        } else if is && !was {
            self.recursive_count += 1;
        }
    }

    fn mode(&self, s: SessionId, p: &str) -> WatchMode {
        self.modes
            .get(&(s, p.to_string()))
            .copied()
            .unwrap_or(WatchMode::Standard)
    }

    /// `WatchManager.triggerWatch`: the sessions to notify, with one-shot watches removed.
    pub fn trigger(&mut self, p: &str, kind: EventType) -> BTreeSet<SessionId> {
        let mut fired = BTreeSet::new();
        let mut at_parent = false;
        let mut current = Some(p.to_string());
        while let Some(local) = current {
            if let Some(set) = self.by_path.get(&local) {
                let mut keep = BTreeSet::new();
                for &s in set {
                    let mode = self.mode(s, &local);
                    if mode == WatchMode::PersistentRecursive {
                        if kind != EventType::NodeChildrenChanged {
                            fired.insert(s);
                        }
                        keep.insert(s);
                    } else if !at_parent {
                        fired.insert(s);
                        if mode == WatchMode::Persistent {
                            keep.insert(s);
                        }
                    } else {
                        keep.insert(s);
                    }
                }
                if keep.is_empty() {
                    self.by_path.remove(&local);
                } else {
                    self.by_path.insert(local.clone(), keep);
                }
            }
            // Parents matter only while some watch is recursive (PathParentIterator.forAll).
            current = if self.recursive_count > 0 && local != "/" {
                Some(path::parent(&local).to_string())
            } else {
                None
            };
            at_parent = true;
        }
        fired
    }

    /// `WatchManager.containsWatcher`.
    pub fn contains(&self, p: &str, s: SessionId) -> bool {
        self.by_path.get(p).is_some_and(|set| set.contains(&s))
    }

    /// `WatchManager.removeWatcher(path, watcher)`.
    pub fn remove(&mut self, p: &str, s: SessionId) -> bool {
        let Some(set) = self.by_path.get_mut(p) else {
            return false;
        };
        if !set.remove(&s) {
            return false;
        }
        if set.is_empty() {
            self.by_path.remove(p);
        }
        self.set_mode(s, p, WatchMode::Standard);
        true
    }

    /// Drops every watch of a closed session.
    pub fn remove_session(&mut self, s: SessionId) {
        let paths: Vec<String> = self
            .by_path
            .iter()
            .filter(|(_, set)| set.contains(&s))
            .map(|(p, _)| p.clone())
            .collect();
        for p in paths {
            self.remove(&p, s);
        }
    }

    /// Every watch of this table, in path order.
    pub fn list(&self) -> Vec<WatchEntry> {
        let mut v = Vec::new();
        for (p, set) in &self.by_path {
            for &s in set {
                v.push(WatchEntry {
                    path: p.clone(),
                    session: s,
                    mode: self.mode(s, p),
                });
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_watch_fires_once() {
        let mut t = WatchTable::default();
        t.add("/a", SessionId(1), WatchMode::Standard);
        assert_eq!(t.trigger("/a", EventType::NodeDataChanged).len(), 1);
        assert!(t.trigger("/a", EventType::NodeDataChanged).is_empty());
    }

    #[test]
    fn recursive_watch_sees_descendants_but_not_child_lists() {
        let mut t = WatchTable::default();
        t.add("/a", SessionId(1), WatchMode::PersistentRecursive);
        assert_eq!(t.trigger("/a/b/c", EventType::NodeCreated).len(), 1);
        assert!(t.trigger("/a", EventType::NodeChildrenChanged).is_empty());
        assert_eq!(t.trigger("/a/b/c", EventType::NodeCreated).len(), 1);
    }
}

/// The connection state a client reports with a `None` event (`Watcher.Event.KeeperState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeeperState {
    SyncConnected,
    Disconnected,
    Expired,
    Closed,
}

impl KeeperState {
    pub fn name(self) -> &'static str {
        match self {
            KeeperState::SyncConnected => "SyncConnected",
            KeeperState::Disconnected => "Disconnected",
            KeeperState::Expired => "Expired",
            KeeperState::Closed => "Closed",
        }
    }
}
