//! Requests a session sends to the server and the responses it gets, as ZooKeeper's API has them.

use crate::acl::{Acl, Id};
use crate::stat::{Stat, Zxid};
use crate::watch::WatchMode;
use std::rc::Rc;

/// Child names as owned strings, for code that keeps them.
pub fn owned_names(names: impl AsRef<[Rc<str>]>) -> Vec<String> {
    names.as_ref().iter().map(|n| n.to_string()).collect()
}

/// A node's child names as a `getChildren` reply carries them: shared with the tree that
/// listed them, so a listing copies no name (the tree copies them only if it changes while a
/// reply still holds them). Reads as the slice of names; shows and hashes as a `Vec` of them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ChildNames(Rc<Vec<Rc<str>>>);

impl ChildNames {
    /// Shares a tree's names.
    pub fn shared(names: &Rc<Vec<Rc<str>>>) -> ChildNames {
        ChildNames(Rc::clone(names))
    }
}

impl FromIterator<Rc<str>> for ChildNames {
    fn from_iter<I: IntoIterator<Item = Rc<str>>>(names: I) -> ChildNames {
        ChildNames(Rc::new(names.into_iter().collect()))
    }
}

impl std::ops::Deref for ChildNames {
    type Target = [Rc<str>];
    fn deref(&self) -> &[Rc<str>] {
        &self.0
    }
}

impl AsRef<[Rc<str>]> for ChildNames {
    fn as_ref(&self) -> &[Rc<str>] {
        &self.0
    }
}

impl std::fmt::Debug for ChildNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::hash::Hash for ChildNames {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// `CreateMode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CreateMode {
    Persistent,
    PersistentSequential,
    Ephemeral,
    EphemeralSequential,
    Container,
    PersistentWithTtl,
    PersistentSequentialWithTtl,
}

impl CreateMode {
    /// The mode for zkCli-style flags.
    pub fn from_flags(ephemeral: bool, sequential: bool, container: bool, ttl: bool) -> CreateMode {
        match (ephemeral, sequential, container, ttl) {
            (_, _, true, _) => CreateMode::Container,
            (_, true, _, true) => CreateMode::PersistentSequentialWithTtl,
            (_, false, _, true) => CreateMode::PersistentWithTtl,
            (true, true, _, _) => CreateMode::EphemeralSequential,
            (true, false, _, _) => CreateMode::Ephemeral,
            (false, true, _, _) => CreateMode::PersistentSequential,
            (false, false, _, _) => CreateMode::Persistent,
        }
    }

    pub fn is_sequential(self) -> bool {
        matches!(
            self,
            CreateMode::PersistentSequential
                | CreateMode::EphemeralSequential
                | CreateMode::PersistentSequentialWithTtl
        )
    }

    pub fn is_ephemeral(self) -> bool {
        matches!(
            self,
            CreateMode::Ephemeral | CreateMode::EphemeralSequential
        )
    }

    pub fn is_ttl(self) -> bool {
        matches!(
            self,
            CreateMode::PersistentWithTtl | CreateMode::PersistentSequentialWithTtl
        )
    }

    /// The flag value on the wire (`CreateMode.toFlag`).
    pub fn flag(self) -> i32 {
        match self {
            CreateMode::Persistent => 0,
            CreateMode::Ephemeral => 1,
            CreateMode::PersistentSequential => 2,
            CreateMode::EphemeralSequential => 3,
            CreateMode::Container => 4,
            CreateMode::PersistentWithTtl => 5,
            CreateMode::PersistentSequentialWithTtl => 6,
        }
    }
}

/// A write operation: alone, or one of the ops of a `multi`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Create {
        path: String,
        data: Option<Vec<u8>>,
        acl: Vec<Acl>,
        mode: CreateMode,
        /// Milliseconds for TTL modes; -1 otherwise.
        ttl_ms: i64,
    },
    Delete {
        path: String,
        version: i32,
    },
    SetData {
        path: String,
        data: Option<Vec<u8>>,
        version: i32,
    },
    Check {
        path: String,
        version: i32,
    },
}

impl Op {
    pub fn path(&self) -> &str {
        match self {
            Op::Create { path, .. }
            | Op::Delete { path, .. }
            | Op::SetData { path, .. }
            | Op::Check { path, .. } => path,
        }
    }
}

/// Which watches `removeWatches` removes (`WatcherType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WatcherKind {
    Children,
    Data,
    Any,
}

impl WatcherKind {
    pub fn code(self) -> i32 {
        match self {
            WatcherKind::Children => 1,
            WatcherKind::Data => 2,
            WatcherKind::Any => 3,
        }
    }
}

/// Every request a client can send, with the errors the server can answer
/// (any request from an unknown or closed session: `SessionExpired`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Request {
    /// One write, in ZooKeeper's order of checks:
    /// - create: `Unimplemented` (TTL without extended types), `BadArguments` (bad TTL or path),
    ///   `InvalidAcl`, `NoNode` (no parent), `NoAuth` (no CREATE on the parent), `NodeExists`,
    ///   `NoChildrenForEphemerals`, `ConnectionLoss` (data over `jute.maxbuffer`);
    /// - delete: `BadArguments` (reserved path), `NoNode`, `NoAuth` (no DELETE on the parent),
    ///   `BadVersion`, `NotEmpty`;
    /// - setData: `BadArguments`, `NoNode`, `NoAuth` (no WRITE), `ConnectionLoss`, `BadVersion`;
    /// - check: `BadArguments`, `NoNode`, `NoAuth` (no READ), `BadVersion`.
    ///
    /// A failed write changes nothing but still consumes a zxid, as in ZooKeeper.
    Write(Op),
    /// All or nothing. Always answers `Response::Multi`; on failure every op's result is an
    /// `OpResult::Error` (0 before the failing op, its code, then `RuntimeInconsistency`).
    Multi(Vec<Op>),
    /// `NoNode` when absent (a watch is set all the same), `BadArguments` for a NUL in the path.
    Exists { path: String, watch: bool },
    /// `NoNode`, `NoAuth` (no READ); the watch is set only on success.
    GetData { path: String, watch: bool },
    /// `NoNode`, `NoAuth` (no READ); the watch is set only on success.
    GetChildren { path: String, watch: bool },
    /// `NoNode`, `NoAuth` (neither READ nor ADMIN); without ADMIN digest ids are redacted.
    GetAcl { path: String },
    /// `BadArguments`, `InvalidAcl`, `NoNode`, `NoAuth` (no ADMIN), `BadVersion` (aversion).
    SetAcl {
        path: String,
        acl: Vec<Acl>,
        version: i32,
    },
    /// Never fails.
    Sync { path: String },
    /// The caller's own ephemerals under a prefix; never fails.
    GetEphemerals { prefix: String },
    /// `NoNode`, `NoAuth` (no READ).
    GetAllChildrenNumber { path: String },
    /// Never fails; the path need not exist.
    AddWatch { path: String, mode: WatchMode },
    /// `NoWatcher` when the session has no such watch on the server.
    RemoveWatches { path: String, kind: WatcherKind },
    /// checkWatches: whether the session has such a watch on the server (`NoWatcher` when not);
    /// removes nothing (the Java client then drops its one watcher locally).
    CheckWatches { path: String, kind: WatcherKind },
    /// `AuthFailed` for a scheme other than `digest` and `ip`.
    AddAuth { scheme: String, auth: Vec<u8> },
    /// The session's identities (3.7's `whoAmI`); never fails.
    WhoAmI,
    /// Dynamic reconfiguration: `ReconfigDisabled` on a standalone server.
    Reconfig,
}

/// What a reconnecting client sends after its connect request so the new connection carries
/// its watches (`SetWatches`, or `SetWatches2` when it has persistent ones). Not a `Request`:
/// no script or user sends it, only the client's connection machinery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SetWatches {
    /// The last zxid the client saw in a reply: a change after it was missed.
    pub relative_zxid: Zxid,
    /// Data watches (`getData`, and `exists` on a node that was there).
    pub data: Vec<String>,
    /// `exists` watches set on a node that was missing.
    pub exist: Vec<String>,
    pub child: Vec<String>,
    pub persistent: Vec<String>,
    pub persistent_recursive: Vec<String>,
}

impl SetWatches {
    /// Whether the client needs `SetWatches2` (the old record has no persistent lists).
    pub fn needs_version_2(&self) -> bool {
        !self.persistent.is_empty() || !self.persistent_recursive.is_empty()
    }

    /// The opcode's name, as ZooKeeper's logs spell it.
    pub fn name(&self) -> &'static str {
        if self.needs_version_2() {
            "setWatches2"
        } else {
            "setWatches"
        }
    }

    /// How many watches it carries.
    pub fn len(&self) -> usize {
        self.data.len()
            + self.exist.len()
            + self.child.len()
            + self.persistent.len()
            + self.persistent_recursive.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The result of one op of a multi, as `OpResult`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OpResult {
    Create {
        path: String,
        stat: Stat,
    },
    Delete,
    SetData {
        stat: Stat,
    },
    Check,
    /// `ErrorResult`: 0 (OK) for ops before the failing one, its code, then RUNTIMEINCONSISTENCY.
    Error {
        code: i32,
    },
}

impl OpResult {
    /// The error the Java client throws for a multi: the first result that is a non-OK error.
    pub fn first_error(results: &[OpResult]) -> Option<i32> {
        results.iter().find_map(|r| match r {
            OpResult::Error { code } if *code != 0 => Some(*code),
            _ => None,
        })
    }
}

/// A successful response.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Response {
    Create {
        path: String,
        stat: Stat,
    },
    Delete,
    SetData {
        stat: Stat,
    },
    Check,
    Multi(Vec<OpResult>),
    Exists {
        stat: Stat,
    },
    /// Data shared with the tree: a read copies no bytes.
    GetData {
        data: Option<Rc<[u8]>>,
        stat: Stat,
    },
    /// Names shared with the tree: listing a big directory copies no strings, and no list
    /// of them unless the directory changes while the reply is held.
    GetChildren {
        children: ChildNames,
        stat: Stat,
    },
    GetAcl {
        acl: Vec<Acl>,
        stat: Stat,
    },
    SetAcl {
        stat: Stat,
    },
    Sync {
        path: String,
    },
    Ephemerals {
        paths: Vec<String>,
    },
    Count {
        count: i32,
    },
    /// `whoAmI`: (scheme, user) per identity, in the order the session gained them.
    WhoAmI {
        ids: Vec<(String, String)>,
    },
    Empty,
}

/// What a session knows itself as.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionInfo {
    pub timeout_ms: u32,
    pub auth: Vec<Id>,
}
