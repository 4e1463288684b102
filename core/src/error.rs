//! ZooKeeper's error codes (`KeeperException.Code`) as one enum, with the numeric wire codes in one table.

use std::fmt;

/// An error as ZooKeeper 3.8 reports it. Variants mirror `KeeperException.Code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ZkError {
    SystemError,
    RuntimeInconsistency,
    DataInconsistency,
    ConnectionLoss,
    MarshallingError,
    Unimplemented,
    OperationTimeout,
    BadArguments,
    UnknownSession,
    ApiError,
    NoNode,
    NoAuth,
    BadVersion,
    NoChildrenForEphemerals,
    NodeExists,
    NotEmpty,
    SessionExpired,
    InvalidCallback,
    InvalidAcl,
    AuthFailed,
    SessionMoved,
    NotReadOnly,
    NoWatcher,
    RequestTimeout,
    /// A server that does not allow dynamic reconfiguration (every standalone server).
    ReconfigDisabled,
    QuotaExceeded,
}

/// (variant, wire code, `KeeperException.Code` name): the one table of codes.
const CODES: &[(ZkError, i32, &str)] = &[
    (ZkError::SystemError, -1, "SYSTEMERROR"),
    (ZkError::RuntimeInconsistency, -2, "RUNTIMEINCONSISTENCY"),
    (ZkError::DataInconsistency, -3, "DATAINCONSISTENCY"),
    (ZkError::ConnectionLoss, -4, "CONNECTIONLOSS"),
    (ZkError::MarshallingError, -5, "MARSHALLINGERROR"),
    (ZkError::Unimplemented, -6, "UNIMPLEMENTED"),
    (ZkError::OperationTimeout, -7, "OPERATIONTIMEOUT"),
    (ZkError::BadArguments, -8, "BADARGUMENTS"),
    (ZkError::UnknownSession, -12, "UNKNOWNSESSION"),
    (ZkError::ApiError, -100, "APIERROR"),
    (ZkError::NoNode, -101, "NONODE"),
    (ZkError::NoAuth, -102, "NOAUTH"),
    (ZkError::BadVersion, -103, "BADVERSION"),
    (
        ZkError::NoChildrenForEphemerals,
        -108,
        "NOCHILDRENFOREPHEMERALS",
    ),
    (ZkError::NodeExists, -110, "NODEEXISTS"),
    (ZkError::NotEmpty, -111, "NOTEMPTY"),
    (ZkError::SessionExpired, -112, "SESSIONEXPIRED"),
    (ZkError::InvalidCallback, -113, "INVALIDCALLBACK"),
    (ZkError::InvalidAcl, -114, "INVALIDACL"),
    (ZkError::AuthFailed, -115, "AUTHFAILED"),
    (ZkError::SessionMoved, -118, "SESSIONMOVED"),
    (ZkError::NotReadOnly, -119, "NOTREADONLY"),
    (ZkError::NoWatcher, -121, "NOWATCHER"),
    (ZkError::RequestTimeout, -122, "REQUESTTIMEOUT"),
    (ZkError::ReconfigDisabled, -123, "RECONFIGDISABLED"),
    (ZkError::QuotaExceeded, -125, "QUOTAEXCEEDED"),
];

impl ZkError {
    /// The numeric code ZooKeeper puts on the wire.
    pub fn code(self) -> i32 {
        CODES
            .iter()
            .find(|(e, _, _)| *e == self)
            .map_or(-1, |(_, c, _)| *c)
    }

    /// The `KeeperException.Code` name, e.g. `NONODE`.
    pub fn name(self) -> &'static str {
        CODES
            .iter()
            .find(|(e, _, _)| *e == self)
            .map_or("SYSTEMERROR", |(_, _, n)| n)
    }

    /// The error for a wire code; `None` for 0 (OK) and codes ZooKeeper does not define.
    pub fn from_code(code: i32) -> Option<ZkError> {
        CODES
            .iter()
            .find(|(_, c, _)| *c == code)
            .map(|(e, _, _)| *e)
    }

    /// The message `KeeperException.getMessage()` prints, e.g. `KeeperErrorCode = NoNode for /x`.
    pub fn keeper_message(self, path: &str) -> String {
        let words = match self {
            ZkError::SystemError => "SystemError",
            ZkError::RuntimeInconsistency => "RuntimeInconsistency",
            ZkError::DataInconsistency => "DataInconsistency",
            ZkError::ConnectionLoss => "ConnectionLoss",
            ZkError::MarshallingError => "MarshallingError",
            ZkError::Unimplemented => "Unimplemented",
            ZkError::OperationTimeout => "OperationTimeout",
            ZkError::BadArguments => "BadArguments",
            ZkError::UnknownSession => "Unknown session",
            ZkError::ApiError => "APIError",
            ZkError::NoNode => "NoNode",
            ZkError::NoAuth => "NoAuth",
            ZkError::BadVersion => "BadVersion",
            ZkError::NoChildrenForEphemerals => "NoChildrenForEphemerals",
            ZkError::NodeExists => "NodeExists",
            ZkError::NotEmpty => "Directory not empty",
            ZkError::SessionExpired => "Session expired",
            ZkError::InvalidCallback => "Invalid callback",
            ZkError::InvalidAcl => "InvalidACL",
            ZkError::AuthFailed => "AuthFailed",
            ZkError::SessionMoved => "Session moved",
            ZkError::NotReadOnly => "Not a read-only call",
            ZkError::NoWatcher => "No such watcher",
            ZkError::RequestTimeout => "Request timeout",
            ZkError::ReconfigDisabled => "Reconfig is disabled",
            ZkError::QuotaExceeded => "Quota has exceeded",
        };
        if path.is_empty() {
            format!("KeeperErrorCode = {words}")
        } else {
            format!("KeeperErrorCode = {words} for {path}")
        }
    }
}

impl fmt::Display for ZkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::error::Error for ZkError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for (e, c, n) in CODES {
            assert_eq!(ZkError::from_code(*c), Some(*e));
            assert_eq!(e.code(), *c);
            assert_eq!(e.name(), *n);
        }
        assert_eq!(ZkError::from_code(0), None);
    }
}
