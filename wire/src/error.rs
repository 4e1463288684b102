//! `WireError`: what was wrong with bytes that do not decode.

use std::fmt;
use zkplay_core::ZkError;

/// Why a body does not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireError {
    /// The body ends before a field: `needed` bytes at offset `at`, fewer left.
    Truncated { at: usize, needed: usize },
    /// A length (string, buffer, vector, frame) below -1, or -1 where null is not allowed.
    NegativeLength(i32),
    /// A length larger than the bytes left, or than the frame limit.
    Oversized { len: usize, max: usize },
    /// A null (`-1`) string where a path or name is required.
    NullString,
    /// A create flag `CreateMode.fromFlag` refuses (ZooKeeper answers `BADARGUMENTS`).
    UnknownCreateMode(i32),
    /// An `addWatch` mode other than PERSISTENT (0) and PERSISTENT_RECURSIVE (1).
    UnknownWatchMode(i32),
    /// A `removeWatches` type other than Children (1), Data (2), Any (3).
    UnknownWatcherType(i32),
    /// An op type a multi cannot hold (ZooKeeper: "Invalid type of op").
    UnknownMultiOp(i32),
    /// A notification's event type `Watcher.Event.EventType` does not define.
    UnknownEventType(i32),
}

impl WireError {
    /// The error ZooKeeper 3.8 answers for a request whose header decoded but whose record
    /// did not: `BADARGUMENTS` for a bad create flag, `MARSHALLINGERROR` otherwise (measured:
    /// a truncated create, a null or over-long path, a short SetWatches2 all answer -5).
    pub fn reply_error(self) -> ZkError {
        match self {
            WireError::UnknownCreateMode(_) => ZkError::BadArguments,
            _ => ZkError::MarshallingError,
        }
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Truncated { at, needed } => {
                write!(f, "short frame: {needed} bytes needed at offset {at}")
            }
            WireError::NegativeLength(n) => write!(f, "negative length {n}"),
            WireError::Oversized { len, max } => write!(f, "length {len} over the limit {max}"),
            WireError::NullString => f.write_str("null string"),
            WireError::UnknownCreateMode(m) => write!(f, "unknown create mode {m}"),
            WireError::UnknownWatchMode(m) => write!(f, "unknown addWatch mode {m}"),
            WireError::UnknownWatcherType(t) => write!(f, "unknown watcher type {t}"),
            WireError::UnknownMultiOp(t) => write!(f, "op type {t} in a multi"),
            WireError::UnknownEventType(t) => write!(f, "unknown event type {t}"),
        }
    }
}

impl std::error::Error for WireError {}
