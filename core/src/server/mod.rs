//! The server: sessions, the zxid counter and request processing with ZooKeeper 3.8's
//! semantics. Writes are prepared against an overlay first (as `PrepRequestProcessor` does),
//! so a failing op — alone or inside a multi — changes nothing, then applied to the tree,
//! which triggers watches. Notifications queue in an outbox the driver drains.
//! Sessions are in `sessions`, the prepare step in `prepare`.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::rc::Rc;

use crate::acl::{self, check_acl, perms, Id};
use crate::check_cadence::CheckCadence;
use crate::error::ZkError;
use crate::path;
use crate::quota::Quotas;
use crate::request::{OpResult, Request, Response, WatcherKind};
use crate::stat::{owner_kind, OwnerKind, SessionId, Zxid};
use crate::tree::{DataTree, NewNode, Node};
use crate::watch::{EventType, WatchEntry, WatchMode, WatchTable};

pub mod journal;
mod prepare;
mod replica;
mod sessions;
#[cfg(test)]
mod tests;

use prepare::{Prep, Txn};
pub(crate) use replica::PreparedWrite;
use sessions::Session;
pub use sessions::{first_session_id, STANDALONE_SERVER_ID};

/// Server settings; the defaults are the ones the conformance server runs with.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// `zookeeper.DigestAuthenticationProvider.superDigest` (`super:<base64 sha1>`): a session
    /// that adds this digest's credentials is the superuser.
    pub super_digest: Option<String>,
    /// `minSessionTimeout` and `maxSessionTimeout` when set (else 2 and 20 × tickTime).
    pub session_timeout_bounds_ms: Option<(u32, u32)>,
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
            super_digest: None,
            session_timeout_bounds_ms: None,
        }
    }
}

/// Field by field; the settings only `zkplay serve` sets are hashed when set, so every world
/// hashes as it did before they existed.
impl std::hash::Hash for ServerConfig {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.tick_time_ms.hash(h);
        self.max_data_bytes.hash(h);
        self.container_check_interval_ms.hash(h);
        self.extended_types.hash(h);
        self.client_ip.hash(h);
        self.epoch_ms.hash(h);
        if let Some(d) = &self.super_digest {
            d.hash(h);
        }
        if let Some(b) = &self.session_timeout_bounds_ms {
            b.hash(h);
        }
    }
}

impl ServerConfig {
    /// ZooKeeper negotiates a requested timeout into [2, 20] × tickTime, or into
    /// [minSessionTimeout, maxSessionTimeout] when they are set.
    pub fn negotiate_timeout(&self, requested_ms: u32) -> u32 {
        let (min, max) = self.session_timeout_bounds_ms.unwrap_or((
            self.tick_time_ms.saturating_mul(2),
            self.tick_time_ms.saturating_mul(20),
        ));
        requested_ms.clamp(min, max.max(min))
    }
}

/// A watch notification for one session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Notification {
    pub session: SessionId,
    pub kind: EventType,
    pub path: String,
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
    /// Boxed: with a thousand sessions, a new one's entry moves only the small entries after
    /// it (five replicas each open every session).
    sessions: BTreeMap<SessionId, Box<Session>>,
    last_zxid: Zxid,
    now_ms: u64,
    next_session: i64,
    last_container_check_ms: u64,
    outbox: Vec<Notification>,
    /// What changed it, when it keeps a journal (not state: see `journal.rs`).
    journal: journal::Journal,
    /// When debug builds check the invariants next (not state: always equal).
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    check_cadence: CheckCadence,
}

impl Default for Server {
    fn default() -> Self {
        Server::new(ServerConfig::default())
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
            last_zxid: Zxid::ZERO,
            now_ms: 0,
            next_session: first_session_id(STANDALONE_SERVER_ID, 0),
            last_container_check_ms: 0,
            outbox: Vec::new(),
            journal: journal::Journal::default(),
            check_cadence: CheckCadence::default(),
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
        self.last_zxid = self.last_zxid.next();
        self.last_zxid
    }

    /// Moves the clock forward, running the container/TTL sweep at its interval.
    pub fn advance(&mut self, ms: u64) {
        self.journal.push(journal::JournalEntry::Advance(ms));
        let target = self.now_ms.saturating_add(ms);
        let interval = self.config.container_check_interval_ms.max(1);
        loop {
            let next_check = self.last_container_check_ms.saturating_add(interval);
            if next_check > target {
                break;
            }
            if self.tree.containers().is_empty() && self.tree.ttls().is_empty() {
                // No container or TTL node: every sweep up to `target` would find nothing, so
                // they are counted, not run (hours of simulated time are 36,000 sweeps an hour).
                let sweeps = (target - next_check) / interval;
                self.last_container_check_ms = next_check + sweeps * interval;
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
        if candidates.is_empty() {
            // Nothing changed: nothing to check (a sweep runs every 100 ms of simulated time).
            return;
        }
        for p in candidates {
            let zxid = self.next_zxid();
            self.apply_delete(&p, zxid);
        }
        self.debug_check();
    }
    /// Adds an identity to a session's credentials (once).
    fn add_auth_id(&mut self, s: SessionId, id: Id) {
        if let Some(sess) = self.sessions.get_mut(&s) {
            if !sess.auth.contains(&id) {
                let mut ids = sess.auth.to_vec();
                ids.push(id);
                sess.auth = Rc::from(ids);
            }
        }
    }

    /// Processes one request for a session; notifications it causes go to the outbox.
    pub fn handle(&mut self, s: SessionId, req: &Request) -> Result<Response, ZkError> {
        // Everything but what only reads or sets watches (which do not outlive connections):
        // writes, multis, setAcl, addAuth, reconfig — whatever may change the server or take a
        // zxid.
        let reads_only = matches!(
            req,
            Request::Exists { .. }
                | Request::GetData { .. }
                | Request::GetChildren { .. }
                | Request::GetAcl { .. }
                | Request::Sync { .. }
                | Request::GetEphemerals { .. }
                | Request::GetAllChildrenNumber { .. }
                | Request::AddWatch { .. }
                | Request::RemoveWatches { .. }
                | Request::CheckWatches { .. }
                | Request::WhoAmI
        );
        if self.journal.on() && !reads_only {
            self.journal.push(journal::JournalEntry::Write {
                session: s,
                request: req.clone(),
            });
        }
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
                let children = n.children.listed();
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
            Request::CheckWatches { path, kind } => {
                let has = match kind {
                    WatcherKind::Children => self.child_watches.contains(path, s),
                    WatcherKind::Data => self.data_watches.contains(path, s),
                    WatcherKind::Any => {
                        self.child_watches.contains(path, s) || self.data_watches.contains(path, s)
                    }
                };
                if has {
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
                        let digest = acl::generate_digest(&text);
                        // DigestAuthenticationProvider: the super digest makes the superuser
                        // too.
                        if self.config.super_digest.as_deref() == Some(digest.as_str()) {
                            self.add_auth_id(s, Id::new("super", ""));
                        }
                        Id::new("digest", &digest)
                    }
                    // IPAuthenticationProvider: the connection's own address, whatever was sent.
                    "ip" => Id::new("ip", &self.config.client_ip),
                    _ => return Err(ZkError::AuthFailed),
                };
                self.add_auth_id(s, id);
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
        self.apply_at(txn, zxid, self.wall_ms())
    }

    /// Applies a prepared transaction with the time its leader stamped on it.
    fn apply_at(&mut self, txn: Txn, zxid: Zxid, time: i64) -> OpResult {
        match txn {
            Txn::Create {
                path,
                node,
                name,
                parent_cversion,
            } => {
                let bytes = node.data.as_ref().map_or(0, |d| d.len() as i64);
                // Prepared with this zxid and time (the leader's, on every replica), so the
                // node is shared as made; anything else gets a node of its own.
                let node = if node.is_as_created(zxid, time) {
                    node
                } else {
                    let new = NewNode {
                        data: node.data.clone(),
                        acl: Rc::clone(&node.acl),
                        owner: node.stat.ephemeral_owner,
                    };
                    Rc::new(Node::created(new, zxid, time))
                };
                let stat = self
                    .tree
                    .insert_created(&path, node, name, parent_cversion, zxid);
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

    /// The tree's invariants, then the quota index's: the first one broken. Debug builds check
    /// them as the server runs (see [`Server::debug_check`]); the fuzz targets at the end too.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.tree.check_invariants()?;
        self.quotas
            .check_invariants(&self.tree)
            .map_err(|e| format!("quota: {e}"))
    }

    /// Panics on a broken invariant, in debug builds only, checking at the cadence of
    /// [`CheckCadence`]: after every change while the tree is small, about every
    /// `nodes / 4` changes as it grows (a full check after each of a long run's changes
    /// made the fuzz build hundreds of times slower than the run).
    fn debug_check(&mut self) {
        #[cfg(debug_assertions)]
        if self.check_cadence.due(self.tree.len()) {
            if let Err(e) = self.check_invariants() {
                panic!("server invariant broken: {e}");
            }
        }
    }
}

/// A node's data length, as the quota bookkeeping counts it.
fn data_bytes(n: &crate::tree::Node) -> i64 {
    n.data.as_ref().map_or(0, |d| d.len() as i64)
}
