//! Requests a session sends to the server and the responses it gets, as ZooKeeper's API has them.

use crate::acl::{Acl, Id};
use crate::stat::Stat;
use crate::watch::WatchMode;

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

/// Every request a client can send.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Request {
    Write(Op),
    Multi(Vec<Op>),
    Exists {
        path: String,
        watch: bool,
    },
    GetData {
        path: String,
        watch: bool,
    },
    GetChildren {
        path: String,
        watch: bool,
    },
    GetAcl {
        path: String,
    },
    SetAcl {
        path: String,
        acl: Vec<Acl>,
        version: i32,
    },
    Sync {
        path: String,
    },
    GetEphemerals {
        prefix: String,
    },
    GetAllChildrenNumber {
        path: String,
    },
    AddWatch {
        path: String,
        mode: WatchMode,
    },
    RemoveWatches {
        path: String,
        kind: WatcherKind,
    },
    AddAuth {
        scheme: String,
        auth: Vec<u8>,
    },
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

/// A successful response.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Response {
    Create { path: String, stat: Stat },
    Delete,
    SetData { stat: Stat },
    Check,
    Multi(Vec<OpResult>),
    Exists { stat: Stat },
    GetData { data: Option<Vec<u8>>, stat: Stat },
    GetChildren { children: Vec<String>, stat: Stat },
    GetAcl { acl: Vec<Acl>, stat: Stat },
    SetAcl { stat: Stat },
    Sync { path: String },
    Ephemerals { paths: Vec<String> },
    Count { count: i32 },
    Empty,
}

/// What a session knows itself as.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionInfo {
    pub timeout_ms: u32,
    pub auth: Vec<Id>,
}
