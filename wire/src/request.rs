//! Client → server: the frames a client sends after its handshake. The client encodes them
//! (`encode_request` and friends), the server decodes them (`decode_packet`).

use zkplay_core::request::{CreateMode, Op, Request, SetWatches, WatcherKind};
use zkplay_core::stat::Zxid;
use zkplay_core::watch::WatchMode;

use crate::error::WireError;
use crate::jute::{In, Out};
use crate::multi;
use crate::opcode;

/// One frame a client sends after its handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Packet {
    /// Opcode 11 (any xid: the reply's is -2).
    Ping,
    /// Opcode 100 (`AuthPacket`), xid -4.
    Auth { scheme: String, auth: Vec<u8> },
    /// Opcodes 101 (`SetWatches`) and 105 (`SetWatches2`), xid -8.
    SetWatches { xid: i32, watches: SetWatches },
    /// Opcode -11.
    Close { xid: i32 },
    /// Every request the engine answers, with the opcode it came with (the reply's shape
    /// depends on it: create (1) vs create2/createTTL/createContainer, getChildren (8) vs
    /// getChildren2 (12)). For a multi, `multi_ops` holds each op's own code as sent (a
    /// multi's create result echoes it: create (1) answers the path only); empty otherwise.
    Request {
        xid: i32,
        op: i32,
        request: Request,
        multi_ops: Vec<i32>,
    },
    /// Opcode 22 (`multiRead`): `getData`/`getChildren` requests the server answers one
    /// after another, with no change between them (`encode_multi_read_reply`).
    MultiRead { xid: i32, reads: Vec<Request> },
    /// A well-formed header with an opcode the engine does not answer (sasl (102),
    /// createSession (-10) after the handshake, deleteContainer (20), or an opcode ZooKeeper
    /// does not define).
    Unsupported { xid: i32, op: i32 },
    /// A header that decoded followed by a record that did not: ZooKeeper answers
    /// `error.reply_error()` with this xid and keeps the connection.
    Malformed { xid: i32, op: i32, error: WireError },
}

/// Decodes a frame a client sent after its handshake. `Err` only when not even the 8-byte
/// request header is there (ZooKeeper closes such a connection).
pub fn decode_packet(body: &[u8]) -> Result<Packet, WireError> {
    let mut i = In::new(body);
    let xid = i.int()?;
    let op = i.int()?;
    Ok(decode_record(xid, op, &mut i).unwrap_or_else(|error| Packet::Malformed { xid, op, error }))
}

fn decode_record(xid: i32, op: i32, i: &mut In) -> Result<Packet, WireError> {
    let request = |request| Packet::Request {
        xid,
        op,
        request,
        multi_ops: Vec::new(),
    };
    Ok(match op {
        opcode::PING => Packet::Ping,
        opcode::AUTH => {
            let _type = i.int()?;
            let scheme = i.string()?;
            let auth = i.buffer()?.unwrap_or_default().to_vec();
            Packet::Auth { scheme, auth }
        }
        opcode::SET_WATCHES | opcode::SET_WATCHES2 => {
            let mut watches = SetWatches {
                relative_zxid: Zxid(i.long()?),
                data: i.strings()?,
                exist: i.strings()?,
                child: i.strings()?,
                ..SetWatches::default()
            };
            if op == opcode::SET_WATCHES2 {
                watches.persistent = i.strings()?;
                watches.persistent_recursive = i.strings()?;
            }
            Packet::SetWatches { xid, watches }
        }
        opcode::CLOSE_SESSION => Packet::Close { xid },
        opcode::CREATE
        | opcode::CREATE2
        | opcode::CREATE_CONTAINER
        | opcode::CREATE_TTL
        | opcode::DELETE
        | opcode::SET_DATA
        | opcode::CHECK => request(Request::Write(decode_op(op, i)?)),
        opcode::MULTI => {
            let (ops, multi_ops) = multi::decode_ops(i)?;
            Packet::Request {
                xid,
                op,
                request: Request::Multi(ops),
                multi_ops,
            }
        }
        opcode::MULTI_READ => Packet::MultiRead {
            xid,
            reads: multi::decode_reads(i)?,
        },
        opcode::EXISTS => request(Request::Exists {
            path: i.string()?,
            watch: i.boolean()?,
        }),
        opcode::GET_DATA => request(Request::GetData {
            path: i.string()?,
            watch: i.boolean()?,
        }),
        opcode::GET_CHILDREN | opcode::GET_CHILDREN2 => request(Request::GetChildren {
            path: i.string()?,
            watch: i.boolean()?,
        }),
        opcode::GET_ACL => request(Request::GetAcl { path: i.string()? }),
        opcode::SET_ACL => request(Request::SetAcl {
            path: i.string()?,
            acl: i.acl()?,
            version: i.int()?,
        }),
        opcode::SYNC => request(Request::Sync { path: i.string()? }),
        opcode::GET_EPHEMERALS => request(Request::GetEphemerals {
            prefix: i.string()?,
        }),
        opcode::GET_ALL_CHILDREN_NUMBER => {
            request(Request::GetAllChildrenNumber { path: i.string()? })
        }
        opcode::ADD_WATCH => {
            let path = i.string()?;
            let mode = match i.int()? {
                0 => WatchMode::Persistent,
                1 => WatchMode::PersistentRecursive,
                m => return Err(WireError::UnknownWatchMode(m)),
            };
            request(Request::AddWatch { path, mode })
        }
        opcode::REMOVE_WATCHES | opcode::CHECK_WATCHES => {
            let path = i.string()?;
            let kind = match i.int()? {
                1 => WatcherKind::Children,
                2 => WatcherKind::Data,
                3 => WatcherKind::Any,
                t => return Err(WireError::UnknownWatcherType(t)),
            };
            if op == opcode::CHECK_WATCHES {
                request(Request::CheckWatches { path, kind })
            } else {
                request(Request::RemoveWatches { path, kind })
            }
        }
        opcode::WHO_AM_I => request(Request::WhoAmI),
        opcode::RECONFIG => {
            // joiningServers, leavingServers, newMembers (each may be null), curConfigId.
            for _ in 0..3 {
                i.nullable_string()?;
            }
            i.long()?;
            request(Request::Reconfig)
        }
        _ => Packet::Unsupported { xid, op },
    })
}

/// The create mode for a wire flag (`CreateMode.fromFlag`).
pub fn create_mode(flag: i32) -> Result<CreateMode, WireError> {
    Ok(match flag {
        0 => CreateMode::Persistent,
        1 => CreateMode::Ephemeral,
        2 => CreateMode::PersistentSequential,
        3 => CreateMode::EphemeralSequential,
        4 => CreateMode::Container,
        5 => CreateMode::PersistentWithTtl,
        6 => CreateMode::PersistentSequentialWithTtl,
        f => return Err(WireError::UnknownCreateMode(f)),
    })
}

/// Reads the record of a write op with code `op` (alone or in a multi).
pub(crate) fn decode_op(op: i32, i: &mut In) -> Result<Op, WireError> {
    Ok(match op {
        opcode::CREATE | opcode::CREATE2 | opcode::CREATE_CONTAINER | opcode::CREATE_TTL => {
            let path = i.string()?;
            let data = i.buffer()?.map(<[u8]>::to_vec);
            let acl = i.acl()?;
            let mode = create_mode(i.int()?)?;
            let ttl_ms = if op == opcode::CREATE_TTL {
                i.long()?
            } else {
                -1
            };
            Op::Create {
                path,
                data,
                acl,
                mode,
                ttl_ms,
            }
        }
        opcode::DELETE => Op::Delete {
            path: i.string()?,
            version: i.int()?,
        },
        opcode::SET_DATA => Op::SetData {
            path: i.string()?,
            data: i.buffer()?.map(<[u8]>::to_vec),
            version: i.int()?,
        },
        opcode::CHECK => Op::Check {
            path: i.string()?,
            version: i.int()?,
        },
        t => return Err(WireError::UnknownMultiOp(t)),
    })
}

/// The opcode a client sends `op` with: create2 for a plain create (its reply carries the
/// Stat), create (1) inside a multi (as the Java client), createContainer/createTTL by mode.
pub(crate) fn op_code(op: &Op, in_multi: bool) -> i32 {
    match op {
        Op::Create { mode, .. } => match mode {
            CreateMode::Container => opcode::CREATE_CONTAINER,
            m if m.is_ttl() => opcode::CREATE_TTL,
            _ if in_multi => opcode::CREATE,
            _ => opcode::CREATE2,
        },
        Op::Delete { .. } => opcode::DELETE,
        Op::SetData { .. } => opcode::SET_DATA,
        Op::Check { .. } => opcode::CHECK,
    }
}

/// Writes the record of a write op (without its code).
pub(crate) fn encode_op(o: &mut Out, op: &Op) {
    match op {
        Op::Create {
            path,
            data,
            acl,
            mode,
            ttl_ms,
        } => {
            o.string(path);
            o.buffer(data.as_deref());
            o.acl(acl);
            o.int(mode.flag());
            if mode.is_ttl() {
                o.long(*ttl_ms);
            }
        }
        Op::Delete { path, version } | Op::Check { path, version } => {
            o.string(path);
            o.int(*version);
        }
        Op::SetData {
            path,
            data,
            version,
        } => {
            o.string(path);
            o.buffer(data.as_deref());
            o.int(*version);
        }
    }
}

/// The opcode the client sends `r` with (getChildren2 for children, so the reply has the Stat).
pub fn request_opcode(r: &Request) -> i32 {
    match r {
        Request::Write(op) => op_code(op, false),
        Request::Multi(_) => opcode::MULTI,
        Request::Exists { .. } => opcode::EXISTS,
        Request::GetData { .. } => opcode::GET_DATA,
        Request::GetChildren { .. } => opcode::GET_CHILDREN2,
        Request::GetAcl { .. } => opcode::GET_ACL,
        Request::SetAcl { .. } => opcode::SET_ACL,
        Request::Sync { .. } => opcode::SYNC,
        Request::GetEphemerals { .. } => opcode::GET_EPHEMERALS,
        Request::GetAllChildrenNumber { .. } => opcode::GET_ALL_CHILDREN_NUMBER,
        Request::AddWatch { .. } => opcode::ADD_WATCH,
        Request::RemoveWatches { .. } => opcode::REMOVE_WATCHES,
        Request::CheckWatches { .. } => opcode::CHECK_WATCHES,
        Request::AddAuth { .. } => opcode::AUTH,
        Request::WhoAmI => opcode::WHO_AM_I,
        Request::Reconfig => opcode::RECONFIG,
    }
}

/// The frame body a client sends for `r` with `xid`: `RequestHeader{xid, request_opcode(r)}`
/// then the request's record. (`AddAuth` is an `AuthPacket`; its xid should be -4.)
pub fn encode_request(xid: i32, r: &Request) -> Vec<u8> {
    let mut o = Out::new();
    o.int(xid);
    o.int(request_opcode(r));
    match r {
        Request::Write(op) => encode_op(&mut o, op),
        Request::Multi(ops) => multi::encode_ops(&mut o, ops),
        Request::Exists { path, watch }
        | Request::GetData { path, watch }
        | Request::GetChildren { path, watch } => {
            o.string(path);
            o.boolean(*watch);
        }
        Request::GetAcl { path }
        | Request::Sync { path }
        | Request::GetAllChildrenNumber { path }
        | Request::GetEphemerals { prefix: path } => o.string(path),
        Request::SetAcl { path, acl, version } => {
            o.string(path);
            o.acl(acl);
            o.int(*version);
        }
        Request::AddWatch { path, mode } => {
            o.string(path);
            o.int(match mode {
                WatchMode::PersistentRecursive => 1,
                _ => 0,
            });
        }
        Request::RemoveWatches { path, kind } | Request::CheckWatches { path, kind } => {
            o.string(path);
            o.int(kind.code());
        }
        Request::AddAuth { scheme, auth } => {
            o.int(0);
            o.string(scheme);
            o.buffer(Some(auth));
        }
        Request::WhoAmI => {}
        Request::Reconfig => {
            // No joining, leaving or new members; -1: whatever the current config is.
            o.string("");
            o.string("");
            o.string("");
            o.long(-1);
        }
    }
    o.into_bytes()
}

/// A ping (xid -2, opcode 11).
pub fn encode_ping() -> Vec<u8> {
    header(opcode::XID_PING, opcode::PING)
}

/// `closeSession` with `xid`.
pub fn encode_close(xid: i32) -> Vec<u8> {
    header(xid, opcode::CLOSE_SESSION)
}

/// An `AuthPacket` (xid -4, opcode 100, type 0).
pub fn encode_auth(scheme: &str, auth: &[u8]) -> Vec<u8> {
    encode_request(
        opcode::XID_AUTH,
        &Request::AddAuth {
            scheme: scheme.to_string(),
            auth: auth.to_vec(),
        },
    )
}

/// `SetWatches` (opcode 101), or `SetWatches2` (105) when it carries persistent watches; xid -8.
pub fn encode_set_watches(w: &SetWatches) -> Vec<u8> {
    let v2 = w.needs_version_2();
    let mut o = Out::new();
    o.int(opcode::XID_SET_WATCHES);
    o.int(if v2 {
        opcode::SET_WATCHES2
    } else {
        opcode::SET_WATCHES
    });
    o.long(w.relative_zxid.0);
    o.strings(&w.data);
    o.strings(&w.exist);
    o.strings(&w.child);
    if v2 {
        o.strings(&w.persistent);
        o.strings(&w.persistent_recursive);
    }
    o.into_bytes()
}

fn header(xid: i32, op: i32) -> Vec<u8> {
    let mut o = Out::new();
    o.int(xid);
    o.int(op);
    o.into_bytes()
}
