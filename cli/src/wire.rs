//! A minimal synchronous ZooKeeper client speaking the jute wire protocol over TCP.
//!
//! Why not a client crate: the conformance transcript needs every watch notification of a
//! session in the exact order the server sent it, across all of that session's watches, and the
//! raw per-op results of a failed multi. The maintained Rust clients hand events to separate
//! per-watch channels (losing the order between them) and hide some results, so the harness
//! reads the socket itself. Only what the harness needs is here.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::rc::Rc;
use std::time::Duration;

use zkplay_core::acl::{Acl, Id};
use zkplay_core::request::{CreateMode, Op, OpResult, Request, Response};
use zkplay_core::stat::Stat;
use zkplay_core::watch::{EventType, WatchMode};
use zkplay_core::ZkError;

/// Op codes (`ZooDefs.OpCode`).
mod opcode {
    pub const CREATE: i32 = 1;
    pub const DELETE: i32 = 2;
    pub const EXISTS: i32 = 3;
    pub const GET_DATA: i32 = 4;
    pub const SET_DATA: i32 = 5;
    pub const GET_ACL: i32 = 6;
    pub const SET_ACL: i32 = 7;
    pub const SYNC: i32 = 9;
    pub const PING: i32 = 11;
    pub const GET_CHILDREN2: i32 = 12;
    pub const CHECK: i32 = 13;
    pub const MULTI: i32 = 14;
    pub const CREATE2: i32 = 15;
    pub const REMOVE_WATCHES: i32 = 18;
    pub const CREATE_CONTAINER: i32 = 19;
    pub const CREATE_TTL: i32 = 21;
    pub const SET_AUTH: i32 = 100;
    pub const GET_EPHEMERALS: i32 = 103;
    pub const RECONFIG: i32 = 16;
    pub const WHO_AM_I: i32 = 107;
    pub const GET_ALL_CHILDREN_NUMBER: i32 = 104;
    pub const ADD_WATCH: i32 = 106;
    pub const CLOSE_SESSION: i32 = -11;
    pub const ERROR: i32 = -1;
}

const XID_WATCH: i32 = -1;
const XID_PING: i32 = -2;
const XID_AUTH: i32 = -4;

/// Jute encoding.
#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn int(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn long(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn boolean(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }
    fn buffer(&mut self, v: Option<&[u8]>) {
        match v {
            None => self.int(-1),
            Some(b) => {
                self.int(b.len() as i32);
                self.0.extend_from_slice(b);
            }
        }
    }
    fn string(&mut self, s: &str) {
        self.buffer(Some(s.as_bytes()));
    }
    fn acl(&mut self, acl: &[Acl]) {
        self.int(acl.len() as i32);
        for a in acl {
            self.int(a.perms as i32);
            self.string(&a.id.scheme);
            self.string(&a.id.id);
        }
    }
}

/// Jute decoding; every read is bounds-checked.
struct In<'a> {
    b: &'a [u8],
    at: usize,
}

fn short() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "short or malformed reply")
}

impl<'a> In<'a> {
    fn new(b: &'a [u8]) -> In<'a> {
        In { b, at: 0 }
    }
    fn take(&mut self, n: usize) -> io::Result<&'a [u8]> {
        let end = self.at.checked_add(n).ok_or_else(short)?;
        let s = self.b.get(self.at..end).ok_or_else(short)?;
        self.at = end;
        Ok(s)
    }
    fn int(&mut self) -> io::Result<i32> {
        let s = self.take(4)?;
        Ok(i32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn long(&mut self) -> io::Result<i64> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(i64::from_be_bytes(a))
    }
    fn boolean(&mut self) -> io::Result<bool> {
        Ok(self.take(1)?[0] != 0)
    }
    fn buffer(&mut self) -> io::Result<Option<Vec<u8>>> {
        let n = self.int()?;
        if n < 0 {
            return Ok(None);
        }
        Ok(Some(self.take(n as usize)?.to_vec()))
    }
    fn string(&mut self) -> io::Result<String> {
        Ok(String::from_utf8_lossy(&self.buffer()?.unwrap_or_default()).into_owned())
    }
    fn stat(&mut self) -> io::Result<Stat> {
        Ok(Stat {
            czxid: zkplay_core::Zxid(self.long()?),
            mzxid: zkplay_core::Zxid(self.long()?),
            ctime: self.long()?,
            mtime: self.long()?,
            version: self.int()?,
            cversion: self.int()?,
            aversion: self.int()?,
            ephemeral_owner: self.long()?,
            data_length: self.int()?,
            num_children: self.int()?,
            pzxid: zkplay_core::Zxid(self.long()?),
        })
    }
    fn strings(&mut self) -> io::Result<Vec<String>> {
        let n = self.int()?;
        (0..n.max(0)).map(|_| self.string()).collect()
    }
    fn acl(&mut self) -> io::Result<Vec<Acl>> {
        let n = self.int()?;
        (0..n.max(0))
            .map(|_| {
                let perms = self.int()? as u32;
                let scheme = self.string()?;
                let id = self.string()?;
                Ok(Acl {
                    perms,
                    id: Id { scheme, id },
                })
            })
            .collect()
    }
}

/// A notification as it came off the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireEvent {
    pub kind: EventType,
    pub path: String,
}

/// One TCP connection carrying one session.
pub struct Conn {
    stream: TcpStream,
    next_xid: i32,
    pub session_id: i64,
    pub password: Vec<u8>,
    pub negotiated_timeout_ms: i32,
    /// Notifications read so far, in arrival order.
    pub events: Vec<WireEvent>,
    /// The highest zxid in a reply header: a reconnect tells the server, which refuses the
    /// client if it is behind it (as the Java client's `lastZxidSeen`).
    pub last_zxid_seen: i64,
}

/// The error `Conn::reconnect` returns when the server says the session has expired.
pub const SESSION_EXPIRED: &str = "session expired";

/// Whether a connect failed because the session has expired (rather than the server being
/// down or not serving).
pub fn is_session_expired(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::ConnectionRefused && e.to_string() == SESSION_EXPIRED
}

fn frame(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    stream.read_exact(&mut len)?;
    let n = i32::from_be_bytes(len);
    if !(0..=64 * 1024 * 1024).contains(&n) {
        return Err(short());
    }
    let mut body = vec![0u8; n as usize];
    stream.read_exact(&mut body)?;
    Ok(body)
}

fn send_frame(stream: &mut TcpStream, body: &[u8]) -> io::Result<()> {
    let mut b = (body.len() as i32).to_be_bytes().to_vec();
    b.extend_from_slice(body);
    stream.write_all(&b)
}

/// A reply: the server's last zxid, the error code, the body after the header.
pub struct Reply {
    pub zxid: i64,
    pub err: i32,
    pub body: Vec<u8>,
}

impl Conn {
    /// Connects, establishing a new session or re-attaching to `existing` (id, password).
    pub fn connect(
        addr: &str,
        timeout_ms: u32,
        existing: Option<(i64, Vec<u8>)>,
    ) -> io::Result<Conn> {
        Conn::reconnect(addr, timeout_ms, existing, 0)
    }

    /// Connects as [`Conn::connect`], telling the server the last zxid this client has seen.
    pub fn reconnect(
        addr: &str,
        timeout_ms: u32,
        existing: Option<(i64, Vec<u8>)>,
        last_zxid_seen: i64,
    ) -> io::Result<Conn> {
        let sock = addr
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address"))?;
        let mut stream = TcpStream::connect_timeout(&sock, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        stream.set_nodelay(true)?;
        let (sid, pw) = existing.unwrap_or((0, vec![0u8; 16]));
        let mut o = Out::default();
        o.int(0);
        o.long(last_zxid_seen);
        o.int(timeout_ms as i32);
        o.long(sid);
        o.buffer(Some(&pw));
        o.boolean(false);
        send_frame(&mut stream, &o.0)?;
        let body = frame(&mut stream)?;
        let mut i = In::new(&body);
        let _protocol = i.int()?;
        let negotiated = i.int()?;
        let session_id = i.long()?;
        let password = i.buffer()?.unwrap_or_default();
        if negotiated <= 0 {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                SESSION_EXPIRED,
            ));
        }
        Ok(Conn {
            stream,
            next_xid: 1,
            session_id,
            password,
            negotiated_timeout_ms: negotiated,
            events: Vec::new(),
            last_zxid_seen,
        })
    }

    /// Whether the server has closed this connection (end of stream or reset), looking
    /// without blocking; bytes waiting to be read (a notification) mean it is open.
    pub fn closed_by_peer(&mut self) -> bool {
        if self.stream.set_nonblocking(true).is_err() {
            return true;
        }
        let mut b = [0u8; 1];
        let closed = match self.stream.peek(&mut b) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => e.kind() != io::ErrorKind::WouldBlock,
        };
        closed || self.stream.set_nonblocking(false).is_err()
    }

    fn read_until(&mut self, xid: i32) -> io::Result<Reply> {
        loop {
            let body = frame(&mut self.stream)?;
            let mut i = In::new(&body);
            let rx = i.int()?;
            let zxid = i.long()?;
            let err = i.int()?;
            self.last_zxid_seen = self.last_zxid_seen.max(zxid);
            if rx == XID_WATCH {
                let kind = i.int()?;
                let _state = i.int()?;
                let path = i.string()?;
                if let Some(kind) = EventType::from_code(kind) {
                    self.events.push(WireEvent { kind, path });
                }
                continue;
            }
            if rx == xid {
                return Ok(Reply {
                    zxid,
                    err,
                    body: body[16..].to_vec(),
                });
            }
        }
    }

    /// Sends a request and waits for its reply, keeping notifications that arrive meanwhile.
    pub fn request(&mut self, op: i32, body: &[u8]) -> io::Result<Reply> {
        let xid = match op {
            opcode::PING => XID_PING,
            opcode::SET_AUTH => XID_AUTH,
            _ => {
                self.next_xid += 1;
                self.next_xid
            }
        };
        let mut o = Out::default();
        o.int(xid);
        o.int(op);
        o.0.extend_from_slice(body);
        send_frame(&mut self.stream, &o.0)?;
        self.read_until(xid)
    }

    pub fn ping(&mut self) -> io::Result<()> {
        self.request(opcode::PING, &[]).map(|_| ())
    }

    /// Closes the session this connection carries.
    pub fn close_session(&mut self) -> io::Result<Reply> {
        self.request(opcode::CLOSE_SESSION, &[])
    }

    /// Reads until the server closes the socket (or a short timeout), keeping notifications.
    pub fn drain_until_closed(&mut self) {
        let _ = self.stream.set_read_timeout(Some(Duration::from_secs(2)));
        while let Ok(body) = frame(&mut self.stream) {
            let mut i = In::new(&body);
            let (Ok(rx), Ok(_), Ok(_)) = (i.int(), i.long(), i.int()) else {
                break;
            };
            if rx == XID_WATCH {
                if let (Ok(kind), Ok(_), Ok(path)) = (i.int(), i.int(), i.string()) {
                    if let Some(kind) = EventType::from_code(kind) {
                        self.events.push(WireEvent { kind, path });
                    }
                }
            }
        }
    }

    /// Runs one API request and decodes its response.
    pub fn call(&mut self, r: &Request) -> io::Result<(i64, Result<Response, ZkError>)> {
        let (op, body) = encode(r);
        let reply = self.request(op, &body)?;
        let zxid = reply.zxid;
        if let Request::Multi(_) = r {
            // A multi's body holds per-op results even when it failed.
            if let Ok(results) = decode_multi(&reply.body) {
                return Ok((zxid, Ok(Response::Multi(results))));
            }
        }
        if reply.err != 0 {
            let e = ZkError::from_code(reply.err).unwrap_or(ZkError::SystemError);
            return Ok((zxid, Err(e)));
        }
        Ok((zxid, Ok(decode(r, &reply.body)?)))
    }
}

fn create_opcode(mode: CreateMode) -> i32 {
    match mode {
        CreateMode::Container => opcode::CREATE_CONTAINER,
        m if m.is_ttl() => opcode::CREATE_TTL,
        _ => opcode::CREATE2,
    }
}

fn encode_op(o: &mut Out, op: &Op, in_multi: bool) -> i32 {
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
            match create_opcode(*mode) {
                opcode::CREATE2 if in_multi => opcode::CREATE,
                c => c,
            }
        }
        Op::Delete { path, version } => {
            o.string(path);
            o.int(*version);
            opcode::DELETE
        }
        Op::SetData {
            path,
            data,
            version,
        } => {
            o.string(path);
            o.buffer(data.as_deref());
            o.int(*version);
            opcode::SET_DATA
        }
        Op::Check { path, version } => {
            o.string(path);
            o.int(*version);
            opcode::CHECK
        }
    }
}

fn encode(r: &Request) -> (i32, Vec<u8>) {
    let mut o = Out::default();
    let op = match r {
        Request::Write(op) => encode_op(&mut o, op, false),
        Request::Multi(ops) => {
            for op in ops {
                let mut body = Out::default();
                let code = encode_op(&mut body, op, true);
                o.int(code);
                o.boolean(false);
                o.int(-1);
                o.0.extend_from_slice(&body.0);
            }
            o.int(-1);
            o.boolean(true);
            o.int(-1);
            opcode::MULTI
        }
        Request::Exists { path, watch } => {
            o.string(path);
            o.boolean(*watch);
            opcode::EXISTS
        }
        Request::GetData { path, watch } => {
            o.string(path);
            o.boolean(*watch);
            opcode::GET_DATA
        }
        Request::GetChildren { path, watch } => {
            o.string(path);
            o.boolean(*watch);
            opcode::GET_CHILDREN2
        }
        Request::GetAcl { path } => {
            o.string(path);
            opcode::GET_ACL
        }
        Request::SetAcl { path, acl, version } => {
            o.string(path);
            o.acl(acl);
            o.int(*version);
            opcode::SET_ACL
        }
        Request::Sync { path } => {
            o.string(path);
            opcode::SYNC
        }
        Request::GetEphemerals { prefix } => {
            o.string(prefix);
            opcode::GET_EPHEMERALS
        }
        Request::GetAllChildrenNumber { path } => {
            o.string(path);
            opcode::GET_ALL_CHILDREN_NUMBER
        }
        Request::AddWatch { path, mode } => {
            o.string(path);
            o.int(match mode {
                WatchMode::PersistentRecursive => 1,
                _ => 0,
            });
            opcode::ADD_WATCH
        }
        Request::RemoveWatches { path, kind } => {
            o.string(path);
            o.int(kind.code());
            opcode::REMOVE_WATCHES
        }
        Request::AddAuth { scheme, auth } => {
            o.int(0);
            o.string(scheme);
            o.buffer(Some(auth));
            opcode::SET_AUTH
        }
        Request::WhoAmI => opcode::WHO_AM_I,
        Request::Reconfig => {
            // ReconfigRequest: joining, leaving, new members, current config id (-1: any).
            o.string("");
            o.string("");
            o.string("");
            o.0.extend_from_slice(&(-1i64).to_be_bytes());
            opcode::RECONFIG
        }
    };
    (op, o.0)
}

fn decode(r: &Request, body: &[u8]) -> io::Result<Response> {
    let mut i = In::new(body);
    Ok(match r {
        Request::Write(Op::Create { mode, .. }) => {
            let path = i.string()?;
            let _ = mode;
            let stat = i.stat().unwrap_or_default();
            Response::Create { path, stat }
        }
        Request::Write(Op::Delete { .. }) => Response::Delete,
        Request::Write(Op::SetData { .. }) => Response::SetData { stat: i.stat()? },
        Request::Write(Op::Check { .. }) => Response::Check,
        Request::Multi(_) => Response::Multi(decode_multi(body)?),
        Request::Exists { .. } => Response::Exists { stat: i.stat()? },
        Request::GetData { .. } => Response::GetData {
            data: i.buffer()?.map(Rc::from),
            stat: i.stat()?,
        },
        Request::GetChildren { .. } => Response::GetChildren {
            children: i.strings()?.into_iter().map(Into::into).collect(),
            stat: i.stat()?,
        },
        Request::GetAcl { .. } => Response::GetAcl {
            acl: i.acl()?,
            stat: i.stat()?,
        },
        Request::SetAcl { .. } => Response::SetAcl { stat: i.stat()? },
        Request::Sync { .. } => Response::Sync { path: i.string()? },
        Request::GetEphemerals { .. } => Response::Ephemerals {
            paths: i.strings()?,
        },
        Request::GetAllChildrenNumber { .. } => Response::Count { count: i.int()? },
        Request::WhoAmI => {
            let n = i.int()?;
            let mut ids = Vec::new();
            for _ in 0..n.max(0) {
                ids.push((i.string()?, i.string()?));
            }
            Response::WhoAmI { ids }
        }
        Request::AddWatch { .. }
        | Request::RemoveWatches { .. }
        | Request::AddAuth { .. }
        | Request::Reconfig => Response::Empty,
    })
}

fn decode_multi(body: &[u8]) -> io::Result<Vec<OpResult>> {
    let mut i = In::new(body);
    let mut out = Vec::new();
    loop {
        let kind = i.int()?;
        let done = i.boolean()?;
        let err = i.int()?;
        if done {
            break;
        }
        out.push(match kind {
            opcode::CREATE => OpResult::Create {
                path: i.string()?,
                stat: Stat::default(),
            },
            opcode::CREATE2 | opcode::CREATE_CONTAINER | opcode::CREATE_TTL => OpResult::Create {
                path: i.string()?,
                stat: i.stat()?,
            },
            opcode::DELETE => OpResult::Delete,
            opcode::SET_DATA => OpResult::SetData { stat: i.stat()? },
            opcode::CHECK => OpResult::Check,
            opcode::ERROR => OpResult::Error { code: i.int()? },
            _ => OpResult::Error { code: err },
        });
    }
    Ok(out)
}
