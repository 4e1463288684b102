//! The server: sessions, the zxid counter and request processing with ZooKeeper 3.8's
//! semantics. Writes are prepared against an overlay first (as `PrepRequestProcessor` does),
//! so a failing op — alone or inside a multi — changes nothing, then applied to the tree,
//! which triggers watches. Notifications queue in an outbox the driver drains.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::acl::{self, check_acl, fixup_acl, perms, Acl, Id};
use crate::error::ZkError;
use crate::path::{self, validate_path};
use crate::quota::Quotas;
use crate::request::{CreateMode, Op, OpResult, Request, Response, SetWatches, WatcherKind};
use crate::stat::{
    owner_kind, OwnerKind, SessionId, Stat, Zxid, CONTAINER_OWNER, TTL_MAX_MS, TTL_OWNER_MASK,
};
use crate::tree::{DataTree, NewNode};
use crate::watch::{EventType, WatchEntry, WatchMode, WatchTable};

/// Server settings; the defaults are the ones the conformance server runs with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServerConfig {
    pub tick_time_ms: u32,
    /// `jute.maxbuffer`: larger data is refused.
    pub max_data_bytes: usize,
    /// `znode.container.checkIntervalMs`.
    pub container_check_interval_ms: u64,
    /// `zookeeper.extendedTypesEnabled`: TTL nodes.
    pub extended_types: bool,
    /// The address every simulated client connects from (for `ip` ACLs).
    pub client_ip: String,
    /// The simulated wall clock at time zero, for ctime and mtime.
    pub epoch_ms: i64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            tick_time_ms: 2000,
            max_data_bytes: 0xfffff,
            container_check_interval_ms: 100,
            extended_types: true,
            client_ip: "127.0.0.1".into(),
            epoch_ms: 0,
        }
    }
}

impl ServerConfig {
    /// ZooKeeper negotiates a requested timeout into [2, 20] × tickTime.
    pub fn negotiate_timeout(&self, requested_ms: u32) -> u32 {
        let min = self.tick_time_ms.saturating_mul(2);
        let max = self.tick_time_ms.saturating_mul(20);
        requested_ms.clamp(min, max)
    }
}

/// A watch notification for one session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Notification {
    pub session: SessionId,
    pub kind: EventType,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Session {
    timeout_ms: u32,
    /// Shared so a request borrows it without copying.
    auth: Rc<[Id]>,
}

/// A znode as the prepare step sees it: the tree's, or as earlier ops of the same multi left it.
#[derive(Clone, Debug)]
struct Record {
    stat: Stat,
    child_count: i32,
    acl: Rc<[Acl]>,
}

/// A prepared transaction: it cannot fail when applied.
#[derive(Clone, Debug)]
enum Txn {
    Create {
        path: String,
        data: Option<Rc<[u8]>>,
        acl: Rc<[Acl]>,
        owner: i64,
        parent_cversion: i32,
    },
    Delete {
        path: String,
    },
    SetData {
        path: String,
        data: Option<Rc<[u8]>>,
        version: i32,
    },
    SetAcl {
        path: String,
        acl: Vec<Acl>,
        aversion: i32,
    },
    Check,
}

/// The simulated ZooKeeper server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Server {
    config: ServerConfig,
    tree: DataTree,
    /// The quota index; the stats nodes it keeps are in the tree.
    quotas: Quotas,
    data_watches: WatchTable,
    child_watches: WatchTable,
    sessions: BTreeMap<SessionId, Session>,
    last_zxid: Zxid,
    now_ms: u64,
    next_session: i64,
    last_container_check_ms: u64,
    outbox: Vec<Notification>,
}

impl Default for Server {
    fn default() -> Self {
        Server::new(ServerConfig::default())
    }
}

/// The server id a standalone server gives its session tracker
/// (`ZooKeeperServer.createSessionTrackerServerId`).
pub const STANDALONE_SERVER_ID: i64 = 1;

/// `SessionTrackerImpl.initializeNextSessionId`: the first session id a server starting at
/// `elapsed_ms` on its elapsed-time clock hands out; each later session takes the next number.
/// The server id fills the top byte, the clock's low 40 bits the next five bytes, and the low
/// two bytes count sessions from 0. ZooKeeper 3.8 reads `Time.currentElapsedTime()`
/// (`System.nanoTime`, on Linux the machine's uptime), not the wall clock: real ids look like
/// `0x100002969390000` (started 2,713,913 ms after boot). The simulation's elapsed clock is its
/// own time, which starts with the simulated server.
pub fn first_session_id(server_id: i64, elapsed_ms: u64) -> i64 {
    let clock_bits = ((elapsed_ms << 24) >> 8) as i64;
    let id = clock_bits | (server_id << 56);
    // ZooKeeper steps over the container marker, which `server_id` 0x80 would hit at time 0.
    if id == CONTAINER_OWNER {
        id + 1
    } else {
        id
    }
}

impl Server {
    pub fn new(config: ServerConfig) -> Server {
        Server {
            config,
            tree: DataTree::new(),
            quotas: Quotas::default(),
            data_watches: WatchTable::default(),
            child_watches: WatchTable::default(),
            sessions: BTreeMap::new(),
            last_zxid: 0,
            now_ms: 0,
            next_session: first_session_id(STANDALONE_SERVER_ID, 0),
            last_container_check_ms: 0,
            outbox: Vec::new(),
        }
    }

    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    pub fn tree(&self) -> &DataTree {
        &self.tree
    }

    pub fn quotas(&self) -> &Quotas {
        &self.quotas
    }

    pub fn last_zxid(&self) -> Zxid {
        self.last_zxid
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// The simulated wall-clock time, as written into ctime and mtime.
    pub fn wall_ms(&self) -> i64 {
        self.config.epoch_ms.saturating_add(self.now_ms as i64)
    }

    pub fn sessions(&self) -> impl Iterator<Item = (SessionId, u32)> + '_ {
        self.sessions.iter().map(|(id, s)| (*id, s.timeout_ms))
    }

    /// The negotiated timeout of a live session.
    pub fn session_timeout(&self, s: SessionId) -> Option<u32> {
        self.sessions.get(&s).map(|x| x.timeout_ms)
    }

    /// Every server-side watch: the data table's, then the child table's.
    pub fn watches(&self) -> [Vec<WatchEntry>; 2] {
        [self.data_watches.list(), self.child_watches.list()]
    }

    /// Drains the notifications produced since the last call, in delivery order.
    pub fn take_notifications(&mut self) -> Vec<Notification> {
        std::mem::take(&mut self.outbox)
    }

    fn next_zxid(&mut self) -> Zxid {
        self.last_zxid += 1;
        self.last_zxid
    }

    /// `createSession`: a transaction of its own. Returns the id and the negotiated timeout.
    pub fn open_session(&mut self, requested_timeout_ms: u32) -> (SessionId, u32) {
        let id = SessionId(self.next_session);
        self.next_session += 1;
        let timeout_ms = self.config.negotiate_timeout(requested_timeout_ms);
        self.next_zxid();
        self.sessions.insert(
            id,
            Session {
                timeout_ms,
                auth: Rc::from(vec![Id::new("ip", &self.config.client_ip)]),
            },
        );
        (id, timeout_ms)
    }

    /// A restarted server builds a new session tracker, whose ids start again from its clock
    /// (`initializeNextSessionId`). Restored sessions keep theirs. A real restart takes long
    /// enough for the clock to have moved past every id handed out; a simulated one can happen
    /// in the same millisecond, so ids never go back.
    pub fn restart_session_tracker(&mut self, elapsed_ms: u64) {
        let first = first_session_id(STANDALONE_SERVER_ID, elapsed_ms);
        self.next_session = self.next_session.max(first);
    }

    /// `closeSession` (a client's close, or the server's expiry): one transaction that deletes
    /// the session's ephemerals in ZooKeeper's order and drops its watches.
    pub fn close_session(&mut self, s: SessionId) -> Result<(), ZkError> {
        if self.sessions.remove(&s).is_none() {
            return Err(ZkError::SessionExpired);
        }
        let zxid = self.next_zxid();
        for p in self.tree.ephemerals_close_order(s) {
            self.apply_delete(&p, zxid);
        }
        self.tree.drop_session(s);
        self.data_watches.remove_session(s);
        self.child_watches.remove_session(s);
        self.debug_check();
        Ok(())
    }

    /// Moves the clock forward, running the container/TTL sweep at its interval.
    pub fn advance(&mut self, ms: u64) {
        let target = self.now_ms.saturating_add(ms);
        let interval = self.config.container_check_interval_ms.max(1);
        loop {
            let next_check = self.last_container_check_ms.saturating_add(interval);
            if next_check > target {
                break;
            }
            self.now_ms = next_check;
            self.last_container_check_ms = next_check;
            self.check_containers();
        }
        self.now_ms = target;
    }

    /// `ContainerManager`: deletes empty containers that once had a child, and TTL nodes with no
    /// children whose last change is older than their TTL, each as its own transaction.
    pub fn check_containers(&mut self) {
        let now = self.wall_ms();
        let mut candidates: Vec<String> = Vec::new();
        for p in self.tree.containers() {
            if let Some(n) = self.tree.get(p) {
                if n.children.is_empty() && n.stat.cversion > 0 {
                    candidates.push(p.clone());
                }
            }
        }
        for p in self.tree.ttls() {
            if let Some(n) = self.tree.get(p) {
                if let OwnerKind::Ttl(ttl) = owner_kind(n.stat.ephemeral_owner) {
                    if n.children.is_empty() && now - n.stat.mtime > ttl {
                        candidates.push(p.clone());
                    }
                }
            }
        }
        for p in candidates {
            let zxid = self.next_zxid();
            self.apply_delete(&p, zxid);
        }
        self.debug_check();
    }

    fn session(&self, s: SessionId) -> Result<&Session, ZkError> {
        self.sessions.get(&s).ok_or(ZkError::SessionExpired)
    }

    /// Processes one request for a session; notifications it causes go to the outbox.
    pub fn handle(&mut self, s: SessionId, req: &Request) -> Result<Response, ZkError> {
        let auth = self.session(s)?.auth.clone();
        match req {
            Request::Write(op) => {
                let zxid = self.next_zxid();
                let mut prep = Prep::new(&self.tree, &self.config, self.wall_ms(), false);
                let txn = prep.op(op, s, &auth, zxid)?;
                let result = self.apply(txn, zxid);
                self.debug_check();
                Ok(match result {
                    OpResult::Create { path, stat } => Response::Create { path, stat },
                    OpResult::Delete => Response::Delete,
                    OpResult::SetData { stat } => Response::SetData { stat },
                    OpResult::Check | OpResult::Error { .. } => Response::Check,
                })
            }
            Request::Multi(ops) => {
                let zxid = self.next_zxid();
                let mut prep = Prep::new(&self.tree, &self.config, self.wall_ms(), true);
                let mut txns = Vec::new();
                let mut failure: Option<(usize, ZkError)> = None;
                for (i, op) in ops.iter().enumerate() {
                    match prep.op(op, s, &auth, zxid) {
                        Ok(t) => txns.push(t),
                        Err(e) => {
                            failure = Some((i, e));
                            break;
                        }
                    }
                }
                if let Some((at, e)) = failure {
                    let results = (0..ops.len())
                        .map(|i| OpResult::Error {
                            code: match i.cmp(&at) {
                                std::cmp::Ordering::Less => 0,
                                std::cmp::Ordering::Equal => e.code(),
                                std::cmp::Ordering::Greater => ZkError::RuntimeInconsistency.code(),
                            },
                        })
                        .collect();
                    return Ok(Response::Multi(results));
                }
                let results = txns.into_iter().map(|t| self.apply(t, zxid)).collect();
                self.debug_check();
                Ok(Response::Multi(results))
            }
            Request::SetAcl { path, acl, version } => {
                let zxid = self.next_zxid();
                let mut prep = Prep::new(&self.tree, &self.config, self.wall_ms(), false);
                let txn = prep.set_acl(path, acl, *version, &auth)?;
                self.apply(txn, zxid);
                let stat = self.tree.get(path).map(|n| n.stat()).unwrap_or_default();
                Ok(Response::SetAcl { stat })
            }
            Request::Exists { path, watch } => {
                if path.contains('\0') {
                    return Err(ZkError::BadArguments);
                }
                if *watch {
                    self.data_watches.add(path, s, WatchMode::Standard);
                }
                let n = self.tree.get(path).ok_or(ZkError::NoNode)?;
                Ok(Response::Exists { stat: n.stat() })
            }
            Request::GetData { path, watch } => {
                let n = self.tree.get(path).ok_or(ZkError::NoNode)?;
                check_acl(&n.acl, perms::READ, &auth)?;
                let (data, stat) = (n.data.clone(), n.stat());
                if *watch {
                    self.data_watches.add(path, s, WatchMode::Standard);
                }
                Ok(Response::GetData { data, stat })
            }
            Request::GetChildren { path, watch } => {
                let n = self.tree.get(path).ok_or(ZkError::NoNode)?;
                check_acl(&n.acl, perms::READ, &auth)?;
                let children = n.children.iter().cloned().collect();
                let stat = n.stat();
                if *watch {
                    self.child_watches.add(path, s, WatchMode::Standard);
                }
                Ok(Response::GetChildren { children, stat })
            }
            Request::GetAcl { path } => {
                let n = self.tree.get(path).ok_or(ZkError::NoNode)?;
                check_acl(&n.acl, perms::READ | perms::ADMIN, &auth)?;
                let acl = if check_acl(&n.acl, perms::ADMIN, &auth).is_ok() {
                    n.acl.to_vec()
                } else {
                    // Without ADMIN, digest hashes are hidden (ZOOKEEPER-1392).
                    n.acl
                        .iter()
                        .map(|a| {
                            let mut a = a.clone();
                            if a.id.scheme == "digest" {
                                let user = a.id.id.split(':').next().unwrap_or("").to_string();
                                a.id.id = format!("{user}:x");
                            }
                            a
                        })
                        .collect()
                };
                Ok(Response::GetAcl {
                    acl,
                    stat: n.stat(),
                })
            }
            Request::Sync { path } => Ok(Response::Sync { path: path.clone() }),
            Request::GetEphemerals { prefix } => {
                // FinalRequestProcessor lists a clone of the session's HashSet, in its order.
                let paths = self
                    .tree
                    .ephemerals_close_order(s)
                    .into_iter()
                    .filter(|p| p.starts_with(prefix.as_str()))
                    .collect();
                Ok(Response::Ephemerals { paths })
            }
            Request::GetAllChildrenNumber { path } => {
                let n = self.tree.get(path).ok_or(ZkError::NoNode)?;
                check_acl(&n.acl, perms::READ, &auth)?;
                let count = if path == "/" {
                    self.tree.len() - 1
                } else {
                    let prefix = format!("{path}/");
                    self.tree
                        .iter()
                        .filter(|(p, _)| p.starts_with(&prefix))
                        .count()
                };
                Ok(Response::Count {
                    count: count as i32,
                })
            }
            Request::AddWatch { path, mode } => {
                self.data_watches.add(path, s, *mode);
                self.child_watches.add(path, s, *mode);
                Ok(Response::Empty)
            }
            Request::RemoveWatches { path, kind } => {
                let removed = match kind {
                    WatcherKind::Children => self.child_watches.remove(path, s),
                    WatcherKind::Data => self.data_watches.remove(path, s),
                    WatcherKind::Any => {
                        let c = self.child_watches.remove(path, s);
                        let d = self.data_watches.remove(path, s);
                        c || d
                    }
                };
                if removed {
                    Ok(Response::Empty)
                } else {
                    Err(ZkError::NoWatcher)
                }
            }
            Request::AddAuth {
                scheme,
                auth: bytes,
            } => {
                let id = match scheme.as_str() {
                    "digest" => {
                        let text = String::from_utf8_lossy(bytes);
                        Id::new("digest", &acl::generate_digest(&text))
                    }
                    // IPAuthenticationProvider: the connection's own address, whatever was sent.
                    "ip" => Id::new("ip", &self.config.client_ip),
                    _ => return Err(ZkError::AuthFailed),
                };
                if let Some(sess) = self.sessions.get_mut(&s) {
                    if !sess.auth.contains(&id) {
                        let mut ids = sess.auth.to_vec();
                        ids.push(id);
                        sess.auth = Rc::from(ids);
                    }
                }
                Ok(Response::Empty)
            }
            Request::WhoAmI => {
                // The connection's identities as its ConcurrentHashMap lists them, each as its
                // auth provider's user name: a digest id's user, any other id whole.
                let hashes: Vec<i32> = auth
                    .iter()
                    .map(|id| crate::java_hash::id_hash(&id.scheme, &id.id))
                    .collect();
                let ids = crate::java_hash::concurrent_hash_map_order(&hashes)
                    .into_iter()
                    .filter_map(|i| auth.get(i))
                    .map(|id| {
                        let user = match id.scheme.as_str() {
                            "digest" => id.id.split(':').next().unwrap_or(""),
                            _ => id.id.as_str(),
                        };
                        (id.scheme.clone(), user.to_string())
                    })
                    .collect();
                Ok(Response::WhoAmI { ids })
            }
            Request::Reconfig => Err(ZkError::ReconfigDisabled),
        }
    }

    /// `DataTree.removeCnxn`: the connection serving a session closed (the client reconnected,
    /// or the server stopped). Its watches go with it; the session lives on. In ZooKeeper a watch
    /// belongs to a connection, and only the client's `setWatches` carries it to the next one.
    pub fn remove_connection(&mut self, s: SessionId) {
        self.data_watches.remove_session(s);
        self.child_watches.remove_session(s);
    }

    /// `DataTree.setWatches`: answers each watch a reconnecting client still holds from the
    /// node's state now, relative to the last zxid the client saw. A watch whose change was
    /// missed fires once (into the outbox, in the order of the lists); any other is set again.
    /// Persistent watches are only set again: they have no catch-up events.
    pub fn set_watches(&mut self, s: SessionId, w: &SetWatches) -> Result<(), ZkError> {
        self.session(s)?;
        let relative = w.relative_zxid;
        for p in &w.data {
            let stat = self.tree.get(p).map(|n| n.stat.mzxid);
            match stat {
                None => self.notify_one(s, EventType::NodeDeleted, p),
                Some(mzxid) if mzxid > relative => {
                    self.notify_one(s, EventType::NodeDataChanged, p)
                }
                Some(_) => self.data_watches.add(p, s, WatchMode::Standard),
            }
        }
        for p in &w.exist {
            if self.tree.get(p).is_some() {
                self.notify_one(s, EventType::NodeCreated, p);
            } else {
                self.data_watches.add(p, s, WatchMode::Standard);
            }
        }
        for p in &w.child {
            let stat = self.tree.get(p).map(|n| n.stat.pzxid);
            match stat {
                None => self.notify_one(s, EventType::NodeDeleted, p),
                Some(pzxid) if pzxid > relative => {
                    self.notify_one(s, EventType::NodeChildrenChanged, p)
                }
                Some(_) => self.child_watches.add(p, s, WatchMode::Standard),
            }
        }
        for (paths, mode) in [
            (&w.persistent, WatchMode::Persistent),
            (&w.persistent_recursive, WatchMode::PersistentRecursive),
        ] {
            for p in paths {
                self.child_watches.add(p, s, mode);
                self.data_watches.add(p, s, mode);
            }
        }
        Ok(())
    }

    fn notify_one(&mut self, session: SessionId, kind: EventType, p: &str) {
        self.outbox.push(Notification {
            session,
            kind,
            path: p.to_string(),
        });
    }

    fn notify(&mut self, sessions: BTreeSet<SessionId>, kind: EventType, p: &str) {
        for session in sessions {
            self.notify_one(session, kind, p);
        }
    }

    fn apply_delete(&mut self, p: &str, zxid: Zxid) {
        // Looked up only when some quota may count the node.
        let bytes = if self.quotas.is_empty() {
            0
        } else {
            self.tree.get(p).map_or(0, data_bytes)
        };
        if !self.tree.delete_node(p, zxid) {
            return;
        }
        self.quotas.on_delete(&mut self.tree, p, bytes);
        let fired = self.data_watches.trigger(p, EventType::NodeDeleted);
        let mut child = self.child_watches.trigger(p, EventType::NodeDeleted);
        child.retain(|s| !fired.contains(s));
        self.notify(fired, EventType::NodeDeleted, p);
        self.notify(child, EventType::NodeDeleted, p);
        let parent = path::parent(p);
        let fired = self
            .child_watches
            .trigger(parent, EventType::NodeChildrenChanged);
        self.notify(fired, EventType::NodeChildrenChanged, parent);
    }

    fn apply(&mut self, txn: Txn, zxid: Zxid) -> OpResult {
        let time = self.wall_ms();
        match txn {
            Txn::Create {
                path,
                data,
                acl,
                owner,
                parent_cversion,
            } => {
                let bytes = data.as_ref().map_or(0, |d| d.len() as i64);
                let new = NewNode { data, acl, owner };
                let stat = self
                    .tree
                    .create_node(&path, new, parent_cversion, zxid, time);
                self.quotas.on_create(&mut self.tree, &path, bytes);
                let fired = self.data_watches.trigger(&path, EventType::NodeCreated);
                self.notify(fired, EventType::NodeCreated, &path);
                let parent = path::parent(&path);
                let fired = self
                    .child_watches
                    .trigger(parent, EventType::NodeChildrenChanged);
                self.notify(fired, EventType::NodeChildrenChanged, parent);
                OpResult::Create { path, stat }
            }
            Txn::Delete { path } => {
                self.apply_delete(&path, zxid);
                OpResult::Delete
            }
            Txn::SetData {
                path,
                data,
                version,
            } => {
                let old_bytes = if self.quotas.is_empty() {
                    0
                } else {
                    self.tree.get(&path).map_or(0, data_bytes)
                };
                let new_bytes = data.as_ref().map_or(0, |d| d.len() as i64);
                let stat = self.tree.set_data(&path, data, version, zxid, time);
                self.quotas
                    .on_set_data(&mut self.tree, &path, new_bytes - old_bytes);
                let fired = self.data_watches.trigger(&path, EventType::NodeDataChanged);
                self.notify(fired, EventType::NodeDataChanged, &path);
                OpResult::SetData { stat }
            }
            Txn::SetAcl {
                path,
                acl,
                aversion,
            } => {
                self.tree.set_acl(&path, acl, aversion);
                OpResult::Check
            }
            Txn::Check => OpResult::Check,
        }
    }

    fn debug_check(&self) {
        #[cfg(debug_assertions)]
        if let Err(e) = self.tree.check_invariants() {
            panic!("tree invariant broken: {e}");
        }
        #[cfg(debug_assertions)]
        if let Err(e) = self.quotas.check_invariants(&self.tree) {
            panic!("quota invariant broken: {e}");
        }
    }
}

/// A node's data length, as the quota bookkeeping counts it.
fn data_bytes(n: &crate::tree::Node) -> i64 {
    n.data.as_ref().map_or(0, |d| d.len() as i64)
}

/// The prepare step: validates ops against the tree plus the changes of earlier ops of the same
/// request, in `PrepRequestProcessor`'s order of checks, and turns them into transactions.
struct Prep<'a> {
    tree: &'a DataTree,
    config: &'a ServerConfig,
    /// What earlier ops of the same multi did; a single op needs none.
    overlay: BTreeMap<String, Option<Record>>,
    multi: bool,
    time: i64,
}

fn check_version(current: i32, expected: i32) -> Result<i32, ZkError> {
    if expected != -1 && expected != current {
        return Err(ZkError::BadVersion);
    }
    Ok(current.wrapping_add(1))
}

impl<'a> Prep<'a> {
    fn new(tree: &'a DataTree, config: &'a ServerConfig, time: i64, multi: bool) -> Prep<'a> {
        Prep {
            tree,
            config,
            overlay: BTreeMap::new(),
            multi,
            time,
        }
    }

    /// Records what an op did for the later ops of a multi.
    fn remember(&mut self, p: &str, r: Option<Record>) {
        if self.multi {
            self.overlay.insert(p.to_string(), r);
        }
    }

    fn record(&self, p: &str) -> Result<Record, ZkError> {
        if let Some(r) = self.overlay.get(p) {
            return r.clone().ok_or(ZkError::NoNode);
        }
        let n = self.tree.get(p).ok_or(ZkError::NoNode)?;
        Ok(Record {
            stat: n.stat,
            child_count: n.children.len() as i32,
            acl: Rc::clone(&n.acl),
        })
    }

    fn exists(&self, p: &str) -> bool {
        match self.overlay.get(p) {
            Some(r) => r.is_some(),
            None => self.tree.get(p).is_some(),
        }
    }

    fn parent_for_write(p: &str) -> Result<&str, ZkError> {
        if !p.contains('/') || p.contains('\0') {
            return Err(ZkError::BadArguments);
        }
        Ok(path::parent(p))
    }

    fn op(&mut self, op: &Op, s: SessionId, auth: &[Id], zxid: Zxid) -> Result<Txn, ZkError> {
        match op {
            Op::Create {
                path,
                data,
                acl,
                mode,
                ttl_ms,
            } => self.create(path, data, acl, *mode, *ttl_ms, s, auth, zxid),
            Op::Delete { path, version } => {
                if DataTree::is_special_path(path) {
                    return Err(ZkError::BadArguments);
                }
                let parent = Self::parent_for_write(path)?;
                let mut prec = self.record(parent)?;
                check_acl(&prec.acl, perms::DELETE, auth)?;
                let node = self.record(path)?;
                check_version(node.stat.version, *version)?;
                if node.child_count > 0 {
                    return Err(ZkError::NotEmpty);
                }
                prec.child_count -= 1;
                prec.stat.pzxid = zxid;
                self.remember(parent, Some(prec));
                self.remember(path, None);
                Ok(Txn::Delete { path: path.clone() })
            }
            Op::SetData {
                path,
                data,
                version,
            } => {
                validate_path(path, false).map_err(|_| ZkError::BadArguments)?;
                let mut rec = self.record(path)?;
                check_acl(&rec.acl, perms::WRITE, auth)?;
                if data.as_ref().map_or(0, Vec::len) > self.config.max_data_bytes {
                    return Err(ZkError::ConnectionLoss);
                }
                let new_version = check_version(rec.stat.version, *version)?;
                rec.stat.version = new_version;
                rec.stat.mzxid = zxid;
                rec.stat.mtime = self.time;
                self.remember(path, Some(rec));
                Ok(Txn::SetData {
                    path: path.clone(),
                    data: data.as_deref().map(Rc::from),
                    version: new_version,
                })
            }
            Op::Check { path, version } => {
                validate_path(path, false).map_err(|_| ZkError::BadArguments)?;
                let rec = self.record(path)?;
                check_acl(&rec.acl, perms::READ, auth)?;
                check_version(rec.stat.version, *version)?;
                Ok(Txn::Check)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn create(
        &mut self,
        path_in: &str,
        data: &Option<Vec<u8>>,
        acl: &[Acl],
        mode: CreateMode,
        ttl_ms: i64,
        s: SessionId,
        auth: &[Id],
        zxid: Zxid,
    ) -> Result<Txn, ZkError> {
        if mode.is_ttl() && !self.config.extended_types {
            return Err(ZkError::Unimplemented);
        }
        let ttl_ok = if mode.is_ttl() {
            ttl_ms > 0 && ttl_ms <= TTL_MAX_MS
        } else {
            ttl_ms < 0
        };
        if !ttl_ok {
            return Err(ZkError::BadArguments);
        }
        let parent = Self::parent_for_write(path_in)?;
        let acl = self.tree.shared_acl(&fixup_acl(acl, auth)?);
        let mut prec = self.record(parent)?;
        check_acl(&prec.acl, perms::CREATE, auth)?;
        let full = if mode.is_sequential() {
            format!("{path_in}{:010}", prec.stat.cversion)
        } else {
            path_in.to_string()
        };
        validate_path(&full, false).map_err(|_| ZkError::BadArguments)?;
        if self.exists(&full) {
            return Err(ZkError::NodeExists);
        }
        if matches!(
            owner_kind(prec.stat.ephemeral_owner),
            OwnerKind::Ephemeral(_)
        ) {
            return Err(ZkError::NoChildrenForEphemerals);
        }
        if data.as_ref().map_or(0, Vec::len) > self.config.max_data_bytes {
            return Err(ZkError::ConnectionLoss);
        }
        let new_cversion = prec.stat.cversion.wrapping_add(1);
        let owner = match mode {
            CreateMode::Container => CONTAINER_OWNER,
            m if m.is_ttl() => TTL_OWNER_MASK | ttl_ms,
            m if m.is_ephemeral() => s.0,
            _ => 0,
        };
        prec.child_count += 1;
        prec.stat.cversion = new_cversion;
        prec.stat.pzxid = zxid;
        self.remember(parent, Some(prec));
        if self.multi {
            self.remember(
                &full,
                Some(Record {
                    stat: Stat {
                        czxid: zxid,
                        mzxid: zxid,
                        pzxid: zxid,
                        ephemeral_owner: owner,
                        ..Stat::default()
                    },
                    child_count: 0,
                    acl: Rc::clone(&acl),
                }),
            );
        }
        Ok(Txn::Create {
            path: full,
            data: data.as_deref().map(Rc::from),
            acl,
            owner,
            parent_cversion: new_cversion,
        })
    }

    fn set_acl(&mut self, p: &str, acl: &[Acl], version: i32, auth: &[Id]) -> Result<Txn, ZkError> {
        validate_path(p, false).map_err(|_| ZkError::BadArguments)?;
        let acl = fixup_acl(acl, auth)?.into_owned();
        let mut rec = self.record(p)?;
        check_acl(&rec.acl, perms::ADMIN, auth)?;
        let aversion = check_version(rec.stat.aversion, version)?;
        rec.stat.aversion = aversion;
        self.remember(p, Some(rec));
        Ok(Txn::SetAcl {
            path: p.to_string(),
            acl,
            aversion,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(server: &mut Server, s: SessionId, p: &str) {
        let op = Op::Create {
            path: p.into(),
            data: None,
            acl: Acl::open_unsafe(),
            mode: CreateMode::Persistent,
            ttl_ms: -1,
        };
        assert!(server.handle(s, &Request::Write(op)).is_ok());
    }

    fn set(server: &mut Server, s: SessionId, p: &str) {
        let op = Op::SetData {
            path: p.into(),
            data: None,
            version: -1,
        };
        assert!(server.handle(s, &Request::Write(op)).is_ok());
    }

    fn events(server: &mut Server) -> Vec<(EventType, String)> {
        server
            .take_notifications()
            .into_iter()
            .map(|n| (n.kind, n.path))
            .collect()
    }

    #[test]
    fn set_watches_answers_each_watch_from_the_tree_now() {
        let mut server = Server::default();
        let (writer, _) = server.open_session(30_000);
        let (watcher, _) = server.open_session(30_000);
        for p in ["/same", "/changed", "/parent", "/quiet-parent"] {
            create(&mut server, writer, p);
        }
        let relative_zxid = server.last_zxid();
        set(&mut server, writer, "/changed");
        create(&mut server, writer, "/parent/child");
        create(&mut server, writer, "/born");
        let w = SetWatches {
            relative_zxid,
            data: vec!["/same".into(), "/changed".into(), "/gone".into()],
            exist: vec!["/born".into(), "/unborn".into()],
            child: vec!["/parent".into(), "/quiet-parent".into(), "/gone".into()],
            persistent: vec!["/p".into()],
            persistent_recursive: vec!["/r".into()],
        };
        assert_eq!(server.set_watches(watcher, &w), Ok(()));
        let fired = events(&mut server);
        let expected: Vec<(EventType, String)> = vec![
            (EventType::NodeDataChanged, "/changed".into()),
            (EventType::NodeDeleted, "/gone".into()),
            (EventType::NodeCreated, "/born".into()),
            (EventType::NodeChildrenChanged, "/parent".into()),
            (EventType::NodeDeleted, "/gone".into()),
        ];
        assert_eq!(fired, expected);
        // What did not fire is set again, with its mode.
        let [data, child] = server.watches();
        let set_again: Vec<(String, WatchMode)> =
            data.into_iter().map(|e| (e.path, e.mode)).collect();
        assert_eq!(
            set_again,
            vec![
                ("/p".into(), WatchMode::Persistent),
                ("/r".into(), WatchMode::PersistentRecursive),
                ("/same".into(), WatchMode::Standard),
                ("/unborn".into(), WatchMode::Standard),
            ]
        );
        let child: Vec<String> = child.into_iter().map(|e| e.path).collect();
        assert_eq!(child, vec!["/p", "/quiet-parent", "/r"]);
    }

    #[test]
    fn a_closed_connection_takes_its_watches_but_not_its_session() {
        let mut server = Server::default();
        let (s, _) = server.open_session(30_000);
        create(&mut server, s, "/a");
        let watch = Request::GetData {
            path: "/a".into(),
            watch: true,
        };
        assert!(server.handle(s, &watch).is_ok());
        server.remove_connection(s);
        set(&mut server, s, "/a");
        assert!(events(&mut server).is_empty());
        assert!(server.session_timeout(s).is_some());
        let gone = SessionId(0x7fff);
        assert_eq!(
            server.set_watches(gone, &SetWatches::default()),
            Err(ZkError::SessionExpired)
        );
    }

    /// Ids seen from the real server (Debian's ZooKeeper 3.8, standalone): three sessions
    /// opened in a row were `0x100002969390000`, `…0001`, `…0002`, with /proc/uptime reading
    /// 2,694 s before the server started and 2,718 s after; the conformance goldens hold
    /// `0x1000008bbe20000` (about ten minutes after boot). Both are the formula's shape: server
    /// id 1 in the top byte, the uptime in ms in the next five bytes, a session count below.
    #[test]
    fn session_ids_are_formed_as_zookeeper_forms_them() {
        assert_eq!(first_session_id(1, 2_713_913), 0x0100_0029_6939_0000);
        assert_eq!(
            format!("{}", SessionId(0x0100_0029_6939_0000)),
            "0x100002969390000"
        );
        assert_eq!(first_session_id(1, 0x8_bbe2), 0x0100_0008_bbe2_0000);
        let uptime_ms = (0x0100_0029_6939_0000_i64 >> 16) & 0xff_ffff_ffff;
        assert!((2_694_000..=2_718_000).contains(&uptime_ms));
        // Only the clock's low 40 bits fit; the server id is never overwritten.
        assert_eq!(first_session_id(1, (1 << 40) + 5), first_session_id(1, 5));
        assert_eq!(first_session_id(1, u64::MAX) >> 56, 1);
        // The container marker is stepped over.
        assert_eq!(first_session_id(0x80, 0), CONTAINER_OWNER + 1);

        let mut server = Server::default();
        let ids: Vec<i64> = (0..3).map(|_| server.open_session(30_000).0 .0).collect();
        let first = first_session_id(STANDALONE_SERVER_ID, 0);
        assert_eq!(ids, vec![first, first + 1, first + 2]);
        assert_eq!(first >> 56, 1);
        assert_eq!(first & 0xffff, 0);
    }

    #[test]
    fn a_restarted_server_takes_ids_from_its_clock_and_never_reuses_one() {
        let mut server = Server::default();
        let (a, _) = server.open_session(30_000);
        server.restart_session_tracker(0);
        let (b, _) = server.open_session(30_000);
        assert_eq!(
            b.0,
            a.0 + 1,
            "a restart in the same millisecond goes on counting"
        );
        server.restart_session_tracker(2_500);
        let (c, _) = server.open_session(30_000);
        assert_eq!(c.0, 0x0100_0000_09c4_0000);
        assert_eq!(c.to_string(), "0x100000009c40000");
    }
}
