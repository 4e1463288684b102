//! Two properties checked on what the clients see, in both worlds (the world shows each
//! request as its client issues it, each reply with its request, each watch event, and each
//! session's end):
//!
//! **Reads see acknowledged writes** (ensembles only). A read is stale when its answer does not
//! reflect a write to its path that was acknowledged to any client before the read was issued:
//! the answering server's zxid (the reply header's, its last applied transaction: it reflects
//! every transaction up to it, in order) is older than that write's. ZooKeeper allows it: a
//! follower answers reads from its own tree and may lag the leader; a client sees only its own
//! writes and never goes back in time. `sync` is why: a read issued after a `sync` of the path
//! (or of an ancestor, `/` included: the server syncs the whole tree) that was itself issued
//! after the write was acknowledged must see it, and such a stale read is a bug. A write
//! touches its path and, for a create or a delete, its parent (the parent's stat changes);
//! sequential names are not known until the reply, so a sequential node's own reads are
//! covered only through its parent.
//!
//! **No lost or doubled watch event.** The checker keeps its own table of the watches each
//! client registered, as the Java client's `ZKWatchManager` keeps them: a one-shot watch is
//! armed by a successful reply (`getData`, `exists`, `getChildren` with a watch; `exists` on a
//! missing node arms an exist watch) with the reply's zxid, kept across reconnects (the client
//! sends it again in `setWatches` with its last zxid), consumed by the event that matches it
//! (`NodeDataChanged`/`NodeCreated`: data and exist watches; `NodeChildrenChanged`: child
//! watches; `NodeDeleted`: all three), dropped by a successful `removeWatches` and by the
//! session's end. Persistent watches (`addWatch`) are never consumed.
//! - Doubled: an event on a path arrives for a client that holds no armed watch it matches and
//!   no persistent watch that covers it.
//! - Lost: ZooKeeper delivers a watch's event before the client can see the change: the
//!   notification goes out, on the same connection, before any later reply, and a reconnect's
//!   `setWatches` fires for changes after the client's last zxid. So a reply to a read of a
//!   watched path that shows a change after the watch was armed (a data watch: `mzxid` past
//!   it, or the node gone; an exist watch: the node created past it; a child watch: `pzxid`
//!   past it, or the node gone) while the watch is still armed is a lost event. A lost event is
//!   seen only when the client reads the path again.
//!
//! Bookkeeping only: the checker adds nothing to a world's state hash (as `Properties`).

use crate::error::ZkError;
use crate::recipes::monitor::Detail;
use crate::request::{Op, OpResult, Request, Response, WatcherKind};
use crate::sorted::SortedMap as BTreeMap;
use crate::stat::Zxid;
use crate::watch::{EventType, WatchMode};

/// How many completed syncs (of all clients) the stale-read check remembers: a read is checked
/// against the syncs its client completed lately (one forgotten only makes a stale read after
/// it count as allowed, not as a bug).
const SYNCS_KEPT: usize = 32;

/// The path a read asks about, if it is one the stale-read check follows.
fn read_path(request: &Request) -> Option<&str> {
    match request {
        Request::Exists { path, .. }
        | Request::GetData { path, .. }
        | Request::GetChildren { path, .. }
        | Request::GetAcl { path }
        | Request::GetAllChildrenNumber { path } => Some(path),
        _ => None,
    }
}

/// The paths a successful write changed (a node's own stat, its parent's for a create or a
/// delete), in the order of its ops.
fn written_paths(request: &Request, result: &Result<Response, ZkError>) -> Vec<String> {
    let mut out = Vec::new();
    let mut op = |op: &Op, created: Option<&str>| match op {
        Op::Create { path, .. } => {
            out.push(created.unwrap_or(path).to_string());
            out.push(crate::path::parent(path).to_string());
        }
        Op::Delete { path, .. } => {
            out.push(path.clone());
            out.push(crate::path::parent(path).to_string());
        }
        Op::SetData { path, .. } => out.push(path.clone()),
        Op::Check { .. } => {}
    };
    match (request, result) {
        (Request::Write(o), Ok(Response::Create { path, .. })) => op(o, Some(path)),
        (Request::Write(o), Ok(_)) => op(o, None),
        (Request::Multi(ops), Ok(Response::Multi(results))) => {
            if results.iter().any(|r| matches!(r, OpResult::Error { .. })) {
                return out;
            }
            for (o, r) in ops.iter().zip(results) {
                let created = match r {
                    OpResult::Create { path, .. } => Some(path.as_str()),
                    _ => None,
                };
                op(o, created);
            }
        }
        (Request::SetAcl { path, .. }, Ok(_)) => out.push(path.clone()),
        _ => {}
    }
    out
}

/// Whether `ancestor` is `path` or above it.
fn covers(ancestor: &str, path: &str) -> bool {
    ancestor == path
        || ancestor == "/"
        || (path.starts_with(ancestor) && path.as_bytes().get(ancestor.len()) == Some(&b'/'))
}

/// What the stale-read check remembers.
#[derive(Clone, Debug, Default)]
pub struct StaleReads {
    /// Acknowledgements so far: each write's gets the next number.
    seq: u64,
    /// Per path: the newest write acknowledged that touched it, and its number.
    acked: BTreeMap<String, (Zxid, u64)>,
    /// Reads in flight after an acknowledged write to their path, and syncs in flight:
    /// (client, xid) → the path, and for a read the write it must see (zxid, number), for a
    /// sync the acknowledgements made before it (`Zxid::ZERO`, number).
    in_flight: BTreeMap<(u32, u64), (String, Zxid, u64)>,
    /// The latest completed syncs, oldest first: client, path, its xid, the acknowledgements
    /// made before it.
    synced: Vec<(u32, String, u64, u64)>,
}

impl StaleReads {
    /// Client `c` issues `request` as `xid`.
    pub fn issued(&mut self, c: u32, xid: u64, request: &Request) {
        if let Request::Sync { path } = request {
            self.in_flight
                .insert((c, xid), (path.clone(), Zxid::ZERO, self.seq));
        } else if let Some(path) = read_path(request) {
            if let Some(&(zxid, seq)) = self.acked.get(path) {
                self.in_flight
                    .insert((c, xid), (path.to_string(), zxid, seq));
            }
        }
    }

    /// Client `c` (named `name`) got the reply to `xid` with header zxid `zxid`: a stale read
    /// found, if any.
    pub fn replied(
        &mut self,
        c: u32,
        name: &str,
        xid: u64,
        request: &Request,
        result: &Result<Response, ZkError>,
        zxid: Zxid,
    ) -> Option<Detail> {
        match request {
            Request::Sync { .. } => {
                let (path, _, seq) = self.in_flight.remove(&(c, xid))?;
                if result.is_ok() {
                    if self.synced.len() == SYNCS_KEPT {
                        self.synced.remove(0);
                    }
                    self.synced.push((c, path, xid, seq));
                }
                None
            }
            Request::Write(_) | Request::Multi(_) | Request::SetAcl { .. } => {
                for path in written_paths(request, result) {
                    self.seq += 1;
                    let seq = self.seq;
                    let e = self.acked.entry(path).or_insert((zxid, seq));
                    if zxid >= e.0 {
                        *e = (zxid, seq);
                    }
                }
                None
            }
            _ => {
                let (path, wanted, seq) = self.in_flight.remove(&(c, xid))?;
                if zxid >= wanted {
                    return None;
                }
                let synced = self
                    .synced
                    .iter()
                    .any(|(k, p, sx, ss)| *k == c && *sx < xid && *ss >= seq && covers(p, &path));
                Some(Detail::StaleRead {
                    client: name.to_string(),
                    path,
                    zxid,
                    acknowledged: wanted,
                    synced,
                })
            }
        }
    }

    /// Client `c`'s connection is gone, or its session over: what it had sent or queued failed.
    pub fn forget_in_flight(&mut self, c: u32) {
        self.in_flight.retain(|(k, _), _| *k != c);
    }
}

/// One client's watches on one path, as the checker keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Armed {
    /// The zxid each one-shot watch was armed at.
    data: Option<Zxid>,
    exist: Option<Zxid>,
    child: Option<Zxid>,
    persistent: bool,
    recursive: bool,
}

impl Armed {
    fn is_empty(&self) -> bool {
        *self == Armed::default()
    }
}

/// What the watch check remembers: per client, per path, its watches.
#[derive(Clone, Debug, Default)]
pub struct WatchChecks {
    armed: BTreeMap<u32, BTreeMap<String, Armed>>,
    /// Each persistent recursive watch: client and path (to look for one above a path).
    recursive: Vec<(u32, String)>,
}

impl WatchChecks {
    /// Client `c` got `result` for `request` (header zxid `zxid`): a lost event found, if any,
    /// then the watch the reply registers or removes.
    pub fn replied(
        &mut self,
        c: u32,
        name: &str,
        request: &Request,
        result: &Result<Response, ZkError>,
        zxid: Zxid,
    ) -> Option<Detail> {
        let mut found = None;
        if let Request::Exists { path, .. }
        | Request::GetData { path, .. }
        | Request::GetChildren { path, .. } = request
        {
            found = self.lost(c, name, path, result);
        }
        if let Some((path, r)) =
            crate::sim::client_watches::Registration::for_reply(request, result)
        {
            use crate::sim::client_watches::Registration as R;
            if let R::Added(WatchMode::PersistentRecursive) = r {
                if !self.recursive.iter().any(|(k, p)| *k == c && *p == path) {
                    self.recursive.push((c, path.clone()));
                }
            }
            let a = self
                .armed
                .entry_or_insert_with(c, BTreeMap::new)
                .entry_or_insert_with(path, Armed::default);
            match r {
                R::Data => a.data = a.data.or(Some(zxid)),
                R::Exist => a.exist = a.exist.or(Some(zxid)),
                R::Child => a.child = a.child.or(Some(zxid)),
                R::Added(WatchMode::PersistentRecursive) => a.recursive = true,
                R::Added(_) => a.persistent = true,
            }
        }
        if let (Request::RemoveWatches { path, kind }, Ok(_)) = (request, result) {
            let armed = self.armed.get_mut(&c);
            if let Some(a) = armed.and_then(|m| m.get_mut(path.as_str())) {
                if matches!(kind, WatcherKind::Data | WatcherKind::Any) {
                    a.data = None;
                    a.exist = None;
                }
                if matches!(kind, WatcherKind::Children | WatcherKind::Any) {
                    a.child = None;
                }
                if *kind == WatcherKind::Any {
                    a.persistent = false;
                    if a.recursive {
                        a.recursive = false;
                        self.recursive.retain(|(k, p)| *k != c || p != path);
                    }
                }
                if a.is_empty() {
                    self.drop_empty(c, path);
                }
            }
        }
        found
    }

    /// Forgets client `c`'s entry for `path` (it holds no watch there any more).
    fn drop_empty(&mut self, c: u32, path: &str) {
        if let Some(m) = self.armed.get_mut(&c) {
            m.remove(path);
            if m.is_empty() {
                self.armed.remove(&c);
            }
        }
    }

    /// A read of `path` answered `result`: whether it shows a change its armed watch should
    /// have told of first (the watch is then dropped, so it is reported once).
    fn lost(
        &mut self,
        c: u32,
        name: &str,
        path: &str,
        result: &Result<Response, ZkError>,
    ) -> Option<Detail> {
        let a = self.armed.get_mut(&c)?.get_mut(path)?;
        let stat = match result {
            Ok(Response::GetData { stat, .. })
            | Ok(Response::Exists { stat })
            | Ok(Response::GetChildren { stat, .. }) => Some(*stat),
            Err(ZkError::NoNode) => None,
            _ => return None,
        };
        let lost = |armed: Option<Zxid>, changed: Option<Zxid>| match (armed, changed) {
            (Some(at), Some(z)) if z > at => Some((at, Some(z))),
            (Some(at), None) => Some((at, None)),
            _ => None,
        };
        let (what, found) = if let Some(f) = lost(a.data, stat.map(|s| s.mzxid)) {
            a.data = None;
            ("data", f)
        } else if let Some(f) = stat.and_then(|s| lost(a.exist, Some(s.czxid))) {
            a.exist = None;
            ("exist", f)
        } else if let Some(f) = lost(a.child, stat.map(|s| s.pzxid)) {
            a.child = None;
            ("child", f)
        } else {
            return None;
        };
        if a.is_empty() {
            self.drop_empty(c, path);
        }
        let (armed, changed) = found;
        Some(Detail::LostWatchEvent {
            client: name.to_string(),
            path: path.to_string(),
            watch: what,
            armed,
            changed,
        })
    }

    /// Client `c` got event `kind` on `path`: a doubled event found, if any; the one-shot
    /// watches it matches are consumed.
    pub fn event(&mut self, c: u32, name: &str, kind: EventType, path: &str) -> Option<Detail> {
        let (data, child) = match kind {
            EventType::NodeDataChanged | EventType::NodeCreated => (true, false),
            EventType::NodeChildrenChanged => (false, true),
            EventType::NodeDeleted => (true, true),
            _ => return None,
        };
        let mut matched = false;
        let mut persistent = false;
        let mut empty = false;
        if let Some(a) = self.armed.get_mut(&c).and_then(|m| m.get_mut(path)) {
            if data && (a.data.is_some() || a.exist.is_some()) {
                matched = true;
                a.data = None;
                a.exist = None;
            }
            if child && a.child.is_some() {
                matched = true;
                a.child = None;
            }
            persistent = a.persistent;
            empty = a.is_empty();
        }
        if empty {
            self.drop_empty(c, path);
        }
        let recursive = kind != EventType::NodeChildrenChanged
            && self
                .recursive
                .iter()
                .any(|(k, p)| *k == c && covers(p, path));
        if matched || persistent || recursive {
            return None;
        }
        Some(Detail::UnexpectedWatchEvent {
            client: name.to_string(),
            path: path.to_string(),
            event: kind,
        })
    }

    /// Client `c`'s session is over: its watches are gone.
    pub fn forget(&mut self, c: u32) {
        self.armed.remove(&c);
        self.recursive.retain(|(k, _)| *k != c);
    }
}

#[cfg(test)]
mod tests;
