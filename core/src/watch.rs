//! Server-side watch tables as ZooKeeper's `WatchManager`: one table for data watches and one
//! for child watches, each path → sessions, with a mode per (session, path). Triggering removes
//! one-shot watches, which is what makes them fire once.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::hash::{Hash, Hasher};

use crate::fast_hash::FastMap;
use crate::path;
use crate::stat::SessionId;

/// How a watch behaves when it fires (`WatcherMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WatchMode {
    Standard,
    Persistent,
    PersistentRecursive,
}

/// A watch as the views name it: a standard watch by what it waits for (`data`, `exists`,
/// `child`), or a persistent one by its mode (`addWatch -m PERSISTENT` or
/// `PERSISTENT_RECURSIVE`). The server keeps an exist watch as a data watch: it says `data`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WatchKind {
    Data,
    Exists,
    Child,
    Persistent,
    PersistentRecursive,
}

impl WatchKind {
    /// The engine's name (`data`, `exists`, `child`, `persistent`, `persistent-recursive`).
    pub fn name(self) -> &'static str {
        match self {
            WatchKind::Data => "data",
            WatchKind::Exists => "exists",
            WatchKind::Child => "child",
            WatchKind::Persistent => "persistent",
            WatchKind::PersistentRecursive => "persistent-recursive",
        }
    }
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

/// One table of watches (ZooKeeper keeps two: data and child): path → the sessions watching
/// it, each with its mode. Found by hash; every ordered view sorts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchTable {
    by_path: FastMap<String, BTreeMap<SessionId, WatchMode>>,
    recursive_count: usize,
}

/// Hashes as the two sorted maps the table once was (path → sessions, and the non-standard
/// modes by (session, path)), so state hashes do not depend on the map's layout.
impl Hash for WatchTable {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut paths: Vec<&String> = self.by_path.keys().collect();
        crate::sorted::sort(&mut paths);
        let mut modes = Vec::new();
        state.write_usize(paths.len());
        for p in paths {
            p.hash(state);
            let sessions = &self.by_path[p];
            state.write_usize(sessions.len());
            for (s, mode) in sessions {
                s.hash(state);
                if *mode != WatchMode::Standard {
                    modes.push(((*s, p), *mode));
                }
            }
        }
        crate::sorted::sort(&mut modes);
        state.write_usize(modes.len());
        for entry in modes {
            entry.hash(state);
        }
        self.recursive_count.hash(state);
    }
}

impl WatchTable {
    /// `WatchManager.addWatch`. Like ZooKeeper 3.8, a standard watch added where the session
    /// already has a persistent one resets the mode to standard.
    pub fn add(&mut self, p: &str, s: SessionId, mode: WatchMode) {
        let sessions = match self.by_path.get_mut(p) {
            Some(m) => m,
            None => self.by_path.entry(p.to_string()).or_default(),
        };
        let old = sessions.insert(s, mode);
        self.count_recursive(old, Some(mode));
    }

    fn count_recursive(&mut self, old: Option<WatchMode>, new: Option<WatchMode>) {
        let was = old == Some(WatchMode::PersistentRecursive);
        let is = new == Some(WatchMode::PersistentRecursive);
        if was && !is {
            self.recursive_count -= 1;
        } else if is && !was {
            self.recursive_count += 1;
        }
    }

    /// `WatchManager.triggerWatch`: the sessions to notify, with one-shot watches removed.
    pub fn trigger(&mut self, p: &str, kind: EventType) -> BTreeSet<SessionId> {
        let mut fired = BTreeSet::new();
        let mut local = p;
        let mut at_parent = false;
        loop {
            if let Some(sessions) = self.by_path.get_mut(local) {
                sessions.retain(|&s, &mut mode| match mode {
                    WatchMode::PersistentRecursive => {
                        if kind != EventType::NodeChildrenChanged {
                            fired.insert(s);
                        }
                        true
                    }
                    _ if at_parent => true,
                    _ => {
                        fired.insert(s);
                        mode == WatchMode::Persistent
                    }
                });
                if sessions.is_empty() {
                    self.by_path.remove(local);
                }
            }
            // Parents matter only while some watch is recursive (PathParentIterator.forAll).
            if self.recursive_count == 0 || local == "/" {
                break;
            }
            local = path::parent(local);
            at_parent = true;
        }
        fired
    }

    /// `WatchManager.containsWatcher`.
    pub fn contains(&self, p: &str, s: SessionId) -> bool {
        self.by_path.get(p).is_some_and(|m| m.contains_key(&s))
    }

    /// `WatchManager.removeWatcher(path, watcher)`.
    pub fn remove(&mut self, p: &str, s: SessionId) -> bool {
        let Some(sessions) = self.by_path.get_mut(p) else {
            return false;
        };
        let Some(old) = sessions.remove(&s) else {
            return false;
        };
        if sessions.is_empty() {
            self.by_path.remove(p);
        }
        self.count_recursive(Some(old), None);
        true
    }

    /// Drops every watch of a closed session.
    pub fn remove_session(&mut self, s: SessionId) {
        let mut recursive = 0;
        self.by_path.retain(|_, sessions| {
            if sessions.remove(&s) == Some(WatchMode::PersistentRecursive) {
                recursive += 1;
            }
            !sessions.is_empty()
        });
        self.recursive_count -= recursive;
    }

    /// Every watch of this table, in path order.
    pub fn list(&self) -> Vec<WatchEntry> {
        let mut paths: Vec<&String> = self.by_path.keys().collect();
        crate::sorted::sort(&mut paths);
        paths
            .into_iter()
            .flat_map(|p| {
                self.by_path[p].iter().map(|(s, mode)| WatchEntry {
                    path: p.clone(),
                    session: *s,
                    mode: *mode,
                })
            })
            .collect()
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
    /// Authentication failed: the server dropped the connection and the client gives up.
    AuthFailed,
}

impl KeeperState {
    pub fn name(self) -> &'static str {
        match self {
            KeeperState::SyncConnected => "SyncConnected",
            KeeperState::Disconnected => "Disconnected",
            KeeperState::Expired => "Expired",
            KeeperState::Closed => "Closed",
            KeeperState::AuthFailed => "AuthFailed",
        }
    }
}

/// What a client's watcher is told, in order: a connection-state change or a znode event
/// (Java's `WatchedEvent`, as the client receives it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ClientEvent {
    State(KeeperState),
    Watch { kind: EventType, path: String },
}
