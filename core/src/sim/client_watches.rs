//! The Java client's own record of its watches (`ZKWatchManager`): what a finished request
//! registers, what a delivered event consumes, and the `setWatches` a reconnect sends from it.
//! zkCli's `removewatches` also checks it before asking the server, so the script runner keeps
//! one per session for every backend, and each simulated client keeps its own.

use crate::error::ZkError;
use crate::java_hash::JavaHashSet;
use crate::request::{Request, Response, SetWatches, WatcherKind};
use crate::stat::Zxid;
use crate::watch::{EventType, WatchKind, WatchMode};

/// `ClientCnxn.SET_WATCHES_MAX_LENGTH`: a setWatches request closes once its paths reach this
/// many characters, and the rest go in another one.
pub const SET_WATCHES_LENGTH_MAX: usize = 128 * 1024;

/// One session's client-side watch registrations, by kind. Each table is a Java `HashMap`
/// keyed by path, so the lists a reconnect sends come in that map's iteration order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ClientWatches {
    data: JavaHashSet,
    exist: JavaHashSet,
    child: JavaHashSet,
    persistent: JavaHashSet,
    recursive: JavaHashSet,
}

/// Which table a successful read registers its watch in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registration {
    Data,
    Exist,
    Child,
    Added(WatchMode),
}

impl Registration {
    /// `WatchRegistration.register`: the watch a finished request leaves on the client. An
    /// `exists` registers a data watch when the node is there and an exist watch when it is
    /// not; `getData` and `getChildren` register only on success.
    pub fn for_reply(
        request: &Request,
        result: &Result<Response, ZkError>,
    ) -> Option<(String, Registration)> {
        let ok = result.is_ok();
        let no_node = matches!(result, Err(ZkError::NoNode));
        let (path, registration) = match request {
            Request::Exists { path, watch: true } if ok => (path, Registration::Data),
            Request::Exists { path, watch: true } if no_node => (path, Registration::Exist),
            Request::GetData { path, watch: true } if ok => (path, Registration::Data),
            Request::GetChildren { path, watch: true } if ok => (path, Registration::Child),
            Request::AddWatch { path, mode } if ok || no_node => (path, Registration::Added(*mode)),
            _ => return None,
        };
        Some((path.clone(), registration))
    }
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
        set.insert(path);
    }

    /// What a reply does to the table (`ClientCnxn.finishPacket`): a read with a watch
    /// registers it, a successful `removeWatches` removes what it named.
    pub fn on_reply(&mut self, request: &Request, result: &Result<Response, ZkError>) {
        if let Some((path, r)) = Registration::for_reply(request, result) {
            self.register(&path, r);
        }
        if let (Request::RemoveWatches { path, kind }, Ok(_)) = (request, result) {
            self.remove(path, *kind);
        }
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

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
            && self.exist.is_empty()
            && self.child.is_empty()
            && self.persistent.is_empty()
            && self.recursive.is_empty()
    }

    /// What `ClientCnxn.primeConnection` queues after the connect request: every watch, in
    /// batches of about `SET_WATCHES_LENGTH_MAX` path characters, all relative to the same zxid.
    /// Each batch is pushed to the front of the outgoing queue, so they leave in the reverse of
    /// the order they were built in; this returns them in leaving order. Empty when there are
    /// no watches (nothing is sent).
    pub fn set_watches(&self, relative_zxid: Zxid) -> Vec<SetWatches> {
        let lists = [
            self.data.iter_order(),
            self.exist.iter_order(),
            self.child.iter_order(),
            self.persistent.iter_order(),
            self.recursive.iter_order(),
        ];
        let mut batches = Vec::new();
        let mut batch = SetWatches {
            relative_zxid,
            ..SetWatches::default()
        };
        let mut length = 0;
        for (kind, list) in lists.into_iter().enumerate() {
            for path in list {
                if length >= SET_WATCHES_LENGTH_MAX {
                    batches.push(std::mem::replace(
                        &mut batch,
                        SetWatches {
                            relative_zxid,
                            ..SetWatches::default()
                        },
                    ));
                    length = 0;
                }
                // Java counts UTF-16 units (`String.length()`).
                length += path.encode_utf16().count();
                let target = match kind {
                    0 => &mut batch.data,
                    1 => &mut batch.exist,
                    2 => &mut batch.child,
                    3 => &mut batch.persistent,
                    _ => &mut batch.persistent_recursive,
                };
                target.push(path);
            }
        }
        if !batch.is_empty() {
            batches.push(batch);
        }
        batches.reverse();
        batches
    }

    /// (path, kind) of every watch the client believes it has, for display, by path and then
    /// by the kind's name.
    pub fn list(&self) -> Vec<(String, WatchKind)> {
        let mut v = Vec::new();
        for (set, what) in [
            (&self.data, WatchKind::Data),
            (&self.exist, WatchKind::Exists),
            (&self.child, WatchKind::Child),
            (&self.persistent, WatchKind::Persistent),
            (&self.recursive, WatchKind::PersistentRecursive),
        ] {
            v.extend(set.iter_order().into_iter().map(|p| (p, what)));
        }
        crate::sorted::sort_by(&mut v, |a, b| (&a.0, a.1.name()).cmp(&(&b.0, b.1.name())));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exists(path: &str) -> Request {
        Request::Exists {
            path: path.into(),
            watch: true,
        }
    }

    #[test]
    fn exists_registers_data_or_exist_by_the_answer() {
        let mut w = ClientWatches::default();
        let found = Ok(Response::Exists {
            stat: Default::default(),
        });
        w.on_reply(&exists("/here"), &found);
        w.on_reply(&exists("/gone"), &Err(ZkError::NoNode));
        w.on_reply(&exists("/denied"), &Err(ZkError::ConnectionLoss));
        let sent = w.set_watches(Zxid(7));
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].relative_zxid, Zxid(7));
        assert_eq!(sent[0].data, vec!["/here".to_string()]);
        assert_eq!(sent[0].exist, vec!["/gone".to_string()]);
        assert_eq!(sent[0].name(), "setWatches");
    }

    #[test]
    fn events_consume_one_shot_watches_only() {
        let mut w = ClientWatches::default();
        w.register("/a", Registration::Data);
        w.register("/a", Registration::Child);
        w.register("/a", Registration::Added(WatchMode::PersistentRecursive));
        w.on_event(EventType::NodeDeleted, "/a");
        let sent = w.set_watches(Zxid(0));
        assert_eq!(sent.len(), 1);
        assert!(sent[0].data.is_empty() && sent[0].child.is_empty());
        assert_eq!(sent[0].persistent_recursive, vec!["/a".to_string()]);
        assert_eq!(sent[0].name(), "setWatches2");
    }

    #[test]
    fn many_watches_go_in_batches_sent_last_first() {
        let mut w = ClientWatches::default();
        let long = "x".repeat(1000);
        for i in 0..300 {
            w.register(&format!("/{long}{i:03}"), Registration::Data);
        }
        let sent = w.set_watches(Zxid(3));
        assert_eq!(sent.len(), 3);
        let total: usize = sent.iter().map(SetWatches::len).sum();
        assert_eq!(total, 300);
        // 131 paths of 1,004 characters reach the limit: two full batches, then the rest,
        // which leaves first.
        assert_eq!(sent[0].len(), 300 - 2 * 131);
        assert_eq!(sent[1].len(), 131);
        assert!(w
            .set_watches(Zxid(0))
            .iter()
            .all(|b| b.relative_zxid == Zxid::ZERO));
        assert!(ClientWatches::default().set_watches(Zxid(3)).is_empty());
    }
}
