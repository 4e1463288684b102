//! A minimal synchronous ZooKeeper client speaking the jute wire protocol over TCP.
//!
//! Why not a client crate: the conformance transcript needs every watch notification of a
//! session in the exact order the server sent it, across all of that session's watches, and the
//! raw per-op results of a failed multi. The maintained Rust clients hand events to separate
//! per-watch channels (losing the order between them) and hide some results, so the harness
//! reads the socket itself. Only what the harness needs is here.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use zkplay_core::request::{Request, Response};
use zkplay_core::watch::EventType;
use zkplay_core::ZkError;
use zkplay_wire::{opcode, ConnectRequest, WireError};

fn short() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "short or malformed reply")
}

fn wire<T>(r: Result<T, WireError>) -> io::Result<T> {
    r.map_err(|_| short())
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

/// Replies the client takes: up to 64 MiB (the server's own limit is its `jute.maxbuffer`).
const REPLY_LEN_MAX: usize = 64 * 1024 * 1024;

fn frame(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    stream.read_exact(&mut len)?;
    let n = wire(zkplay_wire::frame_len(len, REPLY_LEN_MAX))?;
    let mut body = vec![0u8; n];
    stream.read_exact(&mut body)?;
    Ok(body)
}

fn send_frame(stream: &mut TcpStream, body: &[u8]) -> io::Result<()> {
    stream.write_all(&zkplay_wire::frame(body))
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
        let (session_id, password) = existing.unwrap_or((0, vec![0u8; 16]));
        let request = ConnectRequest {
            protocol_version: 0,
            last_zxid_seen,
            timeout_ms: timeout_ms as i32,
            session_id,
            password,
            read_only: false,
        };
        send_frame(&mut stream, &zkplay_wire::encode_connect(&request))?;
        let response = wire(zkplay_wire::decode_connect_response(&frame(&mut stream)?))?;
        if response.timeout_ms <= 0 {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionRefused,
                SESSION_EXPIRED,
            ));
        }
        Ok(Conn {
            stream,
            next_xid: 1,
            session_id: response.session_id,
            password: response.password,
            negotiated_timeout_ms: response.timeout_ms,
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
            let (header, rest) = wire(zkplay_wire::decode_reply_header(&body))?;
            self.last_zxid_seen = self.last_zxid_seen.max(header.zxid);
            if header.xid == opcode::XID_NOTIFICATION {
                match zkplay_wire::decode_notification(rest) {
                    Ok(n) => self.events.push(WireEvent {
                        kind: n.kind,
                        path: n.path,
                    }),
                    // An event type this client does not know is skipped.
                    Err(WireError::UnknownEventType(_)) => {}
                    Err(_) => return Err(short()),
                }
                continue;
            }
            if header.xid == xid {
                return Ok(Reply {
                    zxid: header.zxid,
                    err: header.err,
                    body: rest.to_vec(),
                });
            }
        }
    }

    /// Sends a request body (header included) and waits for the reply to `xid`, keeping
    /// notifications that arrive meanwhile.
    fn send(&mut self, xid: i32, body: &[u8]) -> io::Result<Reply> {
        send_frame(&mut self.stream, body)?;
        self.read_until(xid)
    }

    fn take_xid(&mut self) -> i32 {
        self.next_xid += 1;
        self.next_xid
    }

    pub fn ping(&mut self) -> io::Result<()> {
        self.send(opcode::XID_PING, &zkplay_wire::encode_ping())
            .map(|_| ())
    }

    /// Closes the session this connection carries.
    pub fn close_session(&mut self) -> io::Result<Reply> {
        let xid = self.take_xid();
        self.send(xid, &zkplay_wire::encode_close(xid))
    }

    /// Reads until the server closes the socket (or a short timeout), keeping notifications.
    pub fn drain_until_closed(&mut self) {
        let _ = self.stream.set_read_timeout(Some(Duration::from_secs(2)));
        while let Ok(body) = frame(&mut self.stream) {
            let Ok((header, rest)) = zkplay_wire::decode_reply_header(&body) else {
                break;
            };
            if header.xid == opcode::XID_NOTIFICATION {
                if let Ok(n) = zkplay_wire::decode_notification(rest) {
                    self.events.push(WireEvent {
                        kind: n.kind,
                        path: n.path,
                    });
                }
            }
        }
    }

    /// Runs one API request and decodes its response.
    pub fn call(&mut self, r: &Request) -> io::Result<(i64, Result<Response, ZkError>)> {
        let op = zkplay_wire::request_opcode(r);
        let xid = match op {
            opcode::AUTH => opcode::XID_AUTH,
            _ => self.take_xid(),
        };
        let reply = self.send(xid, &zkplay_wire::encode_request(xid, r))?;
        let zxid = reply.zxid;
        if let Request::Multi(_) = r {
            // A multi's body holds per-op results even when it failed.
            if let Ok(results) = zkplay_wire::decode_multi_response(&reply.body) {
                return Ok((zxid, Ok(Response::Multi(results))));
            }
        }
        if reply.err != 0 {
            let e = ZkError::from_code(reply.err).unwrap_or(ZkError::SystemError);
            return Ok((zxid, Err(e)));
        }
        Ok((
            zxid,
            Ok(wire(zkplay_wire::decode_response(op, &reply.body))?),
        ))
    }
}
