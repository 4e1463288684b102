//! Server → client: `ReplyHeader{xid, zxid, err}` and the record each op answers with, the
//! notifications (`WatcherEvent`), and the client's decoding of them.
//!
//! What ZooKeeper 3.8 answers (`FinalRequestProcessor`, checked against Debian's 3.8.0):
//! an error is the header alone (exists on a missing node: err NONODE, no record); create (1)
//! answers `CreateResponse{path}`, create2/createTTL/createContainer `Create2Response{path,
//! stat}`; getChildren (8) the names alone, getChildren2 (12) the names and the Stat; addWatch
//! an `ErrorResponse{0}` (4 zero bytes) after the header; delete, removeWatches, closeSession,
//! auth, setWatches the header alone.

use std::rc::Rc;

use zkplay_core::request::Response;
use zkplay_core::watch::EventType;
use zkplay_core::ZkError;

use crate::error::WireError;
use crate::jute::{In, Out};
use crate::multi::{decode_multi_response, encode_multi_reply};
use crate::opcode;

/// `ReplyHeader`: the request's xid (or a special one), the server's last zxid, the error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplyHeader {
    pub xid: i32,
    pub zxid: i64,
    pub err: i32,
}

/// A watch notification as it comes off the wire (`WatcherEvent`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub kind: EventType,
    /// `KeeperState`: 3 (SyncConnected) for every notification a server sends.
    pub state: i32,
    pub path: String,
}

pub(crate) fn reply_header(xid: i32, zxid: i64, err: i32) -> Out {
    let mut o = Out::new();
    o.int(xid);
    o.long(zxid);
    o.int(err);
    o
}

/// The reply frame body for request `op` with `xid`: `ReplyHeader{xid, zxid, err}`, then the
/// op's record on success. A multi's reply is `encode_multi_reply`'s with its creates read as
/// create (1); pass the ops' codes to `encode_multi_reply` to echo them exactly.
pub fn encode_reply(xid: i32, op: i32, zxid: i64, result: &Result<Response, ZkError>) -> Vec<u8> {
    if op == opcode::MULTI {
        return encode_multi_reply(xid, zxid, &[], result);
    }
    let response = match result {
        Ok(r) => r,
        Err(e) => return reply_header(xid, zxid, e.code()).into_bytes(),
    };
    let mut o = reply_header(xid, zxid, 0);
    match response {
        Response::Create { path, stat } => {
            o.string(path);
            if op != opcode::CREATE {
                o.stat(stat);
            }
        }
        Response::Delete | Response::Check => {}
        Response::Multi(_) => {
            return encode_multi_reply(xid, zxid, &[], result);
        }
        Response::SetData { stat } | Response::Exists { stat } | Response::SetAcl { stat } => {
            o.stat(stat)
        }
        Response::GetData { data, stat } => {
            o.buffer(data.as_deref());
            o.stat(stat);
        }
        Response::GetChildren { children, stat } => {
            o.strings(children);
            if op != opcode::GET_CHILDREN {
                o.stat(stat);
            }
        }
        Response::GetAcl { acl, stat } => {
            o.acl(acl);
            o.stat(stat);
        }
        Response::Sync { path } => o.string(path),
        Response::Ephemerals { paths } => o.strings(paths),
        Response::Count { count } => o.int(*count),
        Response::WhoAmI { ids } => {
            // WhoAmIResponse: vector<ClientInfo{authScheme, user}>.
            o.int(i32::try_from(ids.len()).unwrap_or(i32::MAX));
            for (scheme, user) in ids {
                o.string(scheme);
                o.string(user);
            }
        }
        Response::Empty => {
            if op == opcode::ADD_WATCH {
                o.int(0); // ErrorResponse{err: 0}
            }
        }
    }
    o.into_bytes()
}

/// A watch notification: xid -1, zxid -1, err 0, `WatcherEvent{type, SyncConnected, path}`.
pub fn encode_notification(kind: EventType, path: &str) -> Vec<u8> {
    let mut o = reply_header(opcode::XID_NOTIFICATION, -1, 0);
    o.int(kind.code());
    o.int(opcode::STATE_SYNC_CONNECTED);
    o.string(path);
    o.into_bytes()
}

/// A ping's reply (xid -2) with the server's last zxid.
pub fn encode_ping_reply(zxid: i64) -> Vec<u8> {
    reply_header(opcode::XID_PING, zxid, 0).into_bytes()
}

/// An `AuthPacket`'s reply: xid -4, zxid 0 (ZooKeeper sends 0 here, not its last zxid), and
/// the error (AuthFailed: -115), or 0.
pub fn encode_auth_reply(err: Option<ZkError>) -> Vec<u8> {
    reply_header(opcode::XID_AUTH, 0, err.map_or(0, ZkError::code)).into_bytes()
}

/// `SetWatches`/`SetWatches2`'s reply (xid -8), after the notifications for what changed
/// since the client's relative zxid.
pub fn encode_set_watches_reply(zxid: i64) -> Vec<u8> {
    reply_header(opcode::XID_SET_WATCHES, zxid, 0).into_bytes()
}

/// `closeSession`'s reply: the header alone (the server then closes the connection).
pub fn encode_close_reply(xid: i32, zxid: i64) -> Vec<u8> {
    reply_header(xid, zxid, 0).into_bytes()
}

/// Splits a frame from the server into its header and the body after it (client).
pub fn decode_reply_header(body: &[u8]) -> Result<(ReplyHeader, &[u8]), WireError> {
    let mut i = In::new(body);
    let header = ReplyHeader {
        xid: i.int()?,
        zxid: i.long()?,
        err: i.int()?,
    };
    Ok((header, i.rest()))
}

/// Decodes a notification's `WatcherEvent` (the body after its header; client).
pub fn decode_notification(body: &[u8]) -> Result<Notification, WireError> {
    let mut i = In::new(body);
    let code = i.int()?;
    let state = i.int()?;
    let path = i.string()?;
    let kind = EventType::from_code(code).ok_or(WireError::UnknownEventType(code))?;
    Ok(Notification { kind, state, path })
}

/// Decodes a successful reply's record for a request sent with opcode `op` (client). A
/// create (1) and a getChildren (8) carry no Stat: theirs reads as the default.
pub fn decode_response(op: i32, body: &[u8]) -> Result<Response, WireError> {
    let mut i = In::new(body);
    Ok(match op {
        opcode::CREATE => Response::Create {
            path: i.string()?,
            stat: Default::default(),
        },
        opcode::CREATE2 | opcode::CREATE_CONTAINER | opcode::CREATE_TTL => Response::Create {
            path: i.string()?,
            stat: i.stat()?,
        },
        opcode::DELETE => Response::Delete,
        opcode::SET_DATA => Response::SetData { stat: i.stat()? },
        opcode::CHECK => Response::Check,
        opcode::MULTI => Response::Multi(decode_multi_response(body)?),
        opcode::EXISTS => Response::Exists { stat: i.stat()? },
        opcode::GET_DATA => Response::GetData {
            data: i.buffer()?.map(Rc::from),
            stat: i.stat()?,
        },
        opcode::GET_CHILDREN => Response::GetChildren {
            children: i.strings()?.into_iter().map(Rc::from).collect(),
            stat: Default::default(),
        },
        opcode::GET_CHILDREN2 => Response::GetChildren {
            children: i.strings()?.into_iter().map(Rc::from).collect(),
            stat: i.stat()?,
        },
        opcode::GET_ACL => Response::GetAcl {
            acl: i.acl()?,
            stat: i.stat()?,
        },
        opcode::SET_ACL => Response::SetAcl { stat: i.stat()? },
        opcode::SYNC => Response::Sync { path: i.string()? },
        opcode::GET_EPHEMERALS => Response::Ephemerals {
            paths: i.strings()?,
        },
        opcode::GET_ALL_CHILDREN_NUMBER => Response::Count { count: i.int()? },
        opcode::WHO_AM_I => {
            let n = i.count()?;
            let mut ids = Vec::new();
            for _ in 0..n {
                ids.push((i.string()?, i.string()?));
            }
            Response::WhoAmI { ids }
        }
        _ => Response::Empty,
    })
}
