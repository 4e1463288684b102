//! Messages on the simulated network between each client and the server.

use crate::stat::Zxid;
use std::fmt;

use crate::error::ZkError;
use crate::request::{Request, Response, SetWatches};
use crate::sim::clients::ClientId;
use crate::stat::SessionId;
use crate::watch::EventType;

/// What a message carries.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Payload {
    /// Client → server: open a session, or re-attach to `session`.
    Connect {
        session: Option<SessionId>,
        timeout_ms: u32,
    },
    /// Server → client: the session is established with this id and negotiated timeout.
    ConnectOk {
        session: SessionId,
        timeout_ms: u32,
    },
    /// Server → client: the session to re-attach to has expired.
    ConnectExpired,
    Request {
        xid: u64,
        request: Request,
    },
    /// Client → server, right after a reconnect is accepted: the watches the client still holds.
    SetWatches(SetWatches),
    /// Server → client: setWatches is done (any catch-up events went before it).
    SetWatchesDone {
        zxid: Zxid,
    },
    Reply {
        xid: u64,
        zxid: Zxid,
        result: Result<Response, ZkError>,
    },
    Ping,
    Pong,
    Notify {
        kind: EventType,
        path: String,
    },
    Close {
        xid: u64,
    },
    Closed {
        xid: u64,
    },
    /// The server closed the connection (session expired, or the server stopped).
    Hangup,
}

/// One message in flight (or delivered).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Message {
    pub id: u64,
    /// The client at the other end of the link.
    pub client: ClientId,
    pub to_server: bool,
    /// The connection it belongs to; messages of an older connection are dropped.
    pub conn: u64,
    pub sent_ms: u64,
    pub arrive_ms: u64,
    pub payload: Payload,
}

impl Message {
    /// A short description of the payload for timelines and logs.
    pub fn summary(&self) -> Summary {
        self.payload.summary()
    }
}

impl Payload {
    /// A short description for timelines and logs.
    pub fn summary(&self) -> Summary {
        match self {
            Payload::Connect {
                session: None,
                timeout_ms,
            } => Summary::Connect {
                timeout_ms: *timeout_ms,
            },
            Payload::Connect {
                session: Some(s),
                timeout_ms,
            } => Summary::Reconnect {
                session: *s,
                timeout_ms: *timeout_ms,
            },
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => Summary::Established {
                session: *session,
                timeout_ms: *timeout_ms,
            },
            Payload::ConnectExpired => Summary::SessionExpired,
            Payload::Request { xid, request } => Summary::Request {
                xid: *xid,
                request: request_summary(request),
            },
            Payload::SetWatches(w) => Summary::SetWatches {
                name: w.name(),
                relative_zxid: w.relative_zxid.0,
                data: w.data.len(),
                exist: w.exist.len(),
                child: w.child.len(),
                persistent: w.persistent.len(),
                recursive: w.persistent_recursive.len(),
            },
            Payload::SetWatchesDone { .. } => Summary::SetWatchesOk,
            Payload::Reply { xid, result, .. } => Summary::Reply {
                xid: *xid,
                error: result.as_ref().err().copied(),
            },
            Payload::Ping => Summary::Ping,
            Payload::Pong => Summary::Pong,
            Payload::Notify { kind, path } => Summary::Notify {
                kind: *kind,
                path: path.clone(),
            },
            Payload::Close { xid } => Summary::CloseSession { xid: *xid },
            Payload::Closed { xid } => Summary::SessionClosed { xid: *xid },
            Payload::Hangup => Summary::ConnectionClosed,
        }
    }
}

/// What a message is, in short, for timelines and the log: ZooKeeper's own names (ops, events,
/// error codes, paths) with the data each carries. `Display` is the log's English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Summary {
    /// A ConnectRequest for a new session.
    Connect {
        timeout_ms: u32,
    },
    /// A ConnectRequest to re-attach to `session`.
    Reconnect {
        session: SessionId,
        timeout_ms: u32,
    },
    /// The ConnectResponse: the session id and the negotiated timeout.
    Established {
        session: SessionId,
        timeout_ms: u32,
    },
    /// The ConnectResponse to a session that expired.
    SessionExpired,
    Request {
        xid: u64,
        request: RequestSummary,
    },
    /// A reconnect's watches: `name` is `setWatches` or `setWatches2`; counts per kind.
    SetWatches {
        name: &'static str,
        relative_zxid: i64,
        data: usize,
        exist: usize,
        child: usize,
        persistent: usize,
        recursive: usize,
    },
    SetWatchesOk,
    /// A reply: ok, or ZooKeeper's error.
    Reply {
        xid: u64,
        error: Option<ZkError>,
    },
    Ping,
    Pong,
    Notify {
        kind: EventType,
        path: String,
    },
    CloseSession {
        xid: u64,
    },
    SessionClosed {
        xid: u64,
    },
    /// The server closed the connection.
    ConnectionClosed,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Summary::Connect { timeout_ms } => write!(f, "connect (timeout {timeout_ms} ms)"),
            Summary::Reconnect {
                session,
                timeout_ms,
            } => write!(f, "reconnect {session} (timeout {timeout_ms} ms)"),
            Summary::Established {
                session,
                timeout_ms,
            } => write!(
                f,
                "session established {session}, negotiated timeout {timeout_ms} ms"
            ),
            Summary::SessionExpired => f.write_str("session expired"),
            Summary::Request { xid, request } => write!(f, "#{xid} {request}"),
            Summary::SetWatches {
                name,
                relative_zxid,
                data,
                exist,
                child,
                persistent,
                recursive,
            } => write!(
                f,
                "{name} relativeZxid {relative_zxid}: {data} data, {exist} exist, {child} child, {persistent} persistent, {recursive} recursive"
            ),
            Summary::SetWatchesOk => f.write_str("setWatches ok"),
            Summary::Reply { xid, error: None } => write!(f, "#{xid} ok"),
            Summary::Reply {
                xid,
                error: Some(e),
            } => write!(f, "#{xid} {}", e.name()),
            Summary::Ping => f.write_str("ping"),
            Summary::Pong => f.write_str("pong"),
            Summary::Notify { kind, path } => write!(f, "{} {path}", kind.name()),
            Summary::CloseSession { xid } => write!(f, "#{xid} closeSession"),
            Summary::SessionClosed { xid } => write!(f, "#{xid} session closed"),
            Summary::ConnectionClosed => f.write_str("connection closed"),
        }
    }
}

/// A request in short: ZooKeeper's name of the operation and what it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestSummary {
    /// `op` on `target` (a path, a prefix, an auth scheme); `watch` when it sets a watch.
    Op {
        op: &'static str,
        target: String,
        watch: bool,
    },
    /// A multi of `ops` operations.
    Multi { ops: usize },
    /// An operation on nothing in particular (`whoAmI`, `reconfig`).
    Bare { op: &'static str },
}

impl fmt::Display for RequestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestSummary::Op { op, target, watch } => {
                write!(f, "{op} {target}{}", if *watch { " +watch" } else { "" })
            }
            RequestSummary::Multi { ops } => write!(f, "multi ({ops} ops)"),
            RequestSummary::Bare { op } => f.write_str(op),
        }
    }
}

/// One-line description of a request.
pub fn request_summary(r: &Request) -> RequestSummary {
    use crate::request::Op;
    let op = |op: &'static str, target: &str| RequestSummary::Op {
        op,
        target: target.to_string(),
        watch: false,
    };
    let watched = |op: &'static str, target: &str, watch: bool| RequestSummary::Op {
        op,
        target: target.to_string(),
        watch,
    };
    match r {
        Request::Write(Op::Create { path, .. }) => op("create", path),
        Request::Write(Op::Delete { path, .. }) => op("delete", path),
        Request::Write(Op::SetData { path, .. }) => op("setData", path),
        Request::Write(Op::Check { path, .. }) => op("check", path),
        Request::Multi(ops) => RequestSummary::Multi { ops: ops.len() },
        Request::Exists { path, watch } => watched("exists", path, *watch),
        Request::GetData { path, watch } => watched("getData", path, *watch),
        Request::GetChildren { path, watch } => watched("getChildren", path, *watch),
        Request::GetAcl { path } => op("getACL", path),
        Request::SetAcl { path, .. } => op("setACL", path),
        Request::Sync { path } => op("sync", path),
        Request::GetEphemerals { prefix } => op("getEphemerals", prefix),
        Request::GetAllChildrenNumber { path } => op("getAllChildrenNumber", path),
        Request::AddWatch { path, .. } => op("addWatch", path),
        Request::RemoveWatches { path, .. } => op("removeWatches", path),
        Request::CheckWatches { path, .. } => op("checkWatches", path),
        Request::AddAuth { scheme, .. } => op("addAuth", scheme),
        Request::WhoAmI => RequestSummary::Bare { op: "whoAmI" },
        Request::Reconfig => RequestSummary::Bare { op: "reconfig" },
    }
}
