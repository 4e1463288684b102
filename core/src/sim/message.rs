//! Messages on the simulated network between each client and the server.

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
        zxid: i64,
    },
    Reply {
        xid: u64,
        zxid: i64,
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
    /// `client → server` or `server → client`, given the client's name.
    pub fn route(&self, client: &str) -> String {
        if self.to_server {
            format!("{client} → server")
        } else {
            format!("server → {client}")
        }
    }

    /// A short description of the payload for timelines and logs.
    pub fn summary(&self) -> String {
        match &self.payload {
            Payload::Connect {
                session: None,
                timeout_ms,
            } => format!("connect (timeout {timeout_ms} ms)"),
            Payload::Connect {
                session: Some(s),
                timeout_ms,
            } => format!("reconnect {s} (timeout {timeout_ms} ms)"),
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => {
                format!("session established {session}, negotiated timeout {timeout_ms} ms")
            }
            Payload::ConnectExpired => "session expired".into(),
            Payload::Request { xid, request } => format!("#{xid} {}", request_summary(request)),
            Payload::SetWatches(w) => format!(
                "{} relativeZxid {}: {} data, {} exist, {} child, {} persistent, {} recursive",
                w.name(),
                w.relative_zxid,
                w.data.len(),
                w.exist.len(),
                w.child.len(),
                w.persistent.len(),
                w.persistent_recursive.len()
            ),
            Payload::SetWatchesDone { .. } => "setWatches ok".into(),
            Payload::Reply { xid, result, .. } => match result {
                Ok(_) => format!("#{xid} ok"),
                Err(e) => format!("#{xid} {}", e.name()),
            },
            Payload::Ping => "ping".into(),
            Payload::Pong => "pong".into(),
            Payload::Notify { kind, path } => format!("{} {path}", kind.name()),
            Payload::Close { xid } => format!("#{xid} closeSession"),
            Payload::Closed { xid } => format!("#{xid} session closed"),
            Payload::Hangup => "connection closed".into(),
        }
    }
}

/// One-line description of a request.
pub fn request_summary(r: &Request) -> String {
    use crate::request::Op;
    match r {
        Request::Write(Op::Create { path, .. }) => format!("create {path}"),
        Request::Write(Op::Delete { path, .. }) => format!("delete {path}"),
        Request::Write(Op::SetData { path, .. }) => format!("setData {path}"),
        Request::Write(Op::Check { path, .. }) => format!("check {path}"),
        Request::Multi(ops) => format!("multi ({} ops)", ops.len()),
        Request::Exists { path, watch } => {
            format!("exists {path}{}", if *watch { " +watch" } else { "" })
        }
        Request::GetData { path, watch } => {
            format!("getData {path}{}", if *watch { " +watch" } else { "" })
        }
        Request::GetChildren { path, watch } => {
            format!("getChildren {path}{}", if *watch { " +watch" } else { "" })
        }
        Request::GetAcl { path } => format!("getACL {path}"),
        Request::SetAcl { path, .. } => format!("setACL {path}"),
        Request::Sync { path } => format!("sync {path}"),
        Request::GetEphemerals { prefix } => format!("getEphemerals {prefix}"),
        Request::GetAllChildrenNumber { path } => format!("getAllChildrenNumber {path}"),
        Request::AddWatch { path, .. } => format!("addWatch {path}"),
        Request::RemoveWatches { path, .. } => format!("removeWatches {path}"),
        Request::AddAuth { scheme, .. } => format!("addAuth {scheme}"),
        Request::WhoAmI => "whoAmI".into(),
        Request::Reconfig => "reconfig".into(),
    }
}
