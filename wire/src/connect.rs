//! The handshake: `ConnectRequest` (the client's first frame) and `ConnectResponse`.

use crate::error::WireError;
use crate::jute::{In, Out};

/// `ConnectRequest`, and the `readOnly` byte clients since 3.4 append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectRequest {
    pub protocol_version: i32,
    /// The highest zxid the client has seen: a server behind it must refuse the client.
    pub last_zxid_seen: i64,
    pub timeout_ms: i32,
    /// 0 for a new session.
    pub session_id: i64,
    /// 16 zero bytes for a new session (a null buffer decodes as empty).
    pub password: Vec<u8>,
    /// Whether the client accepts a read-only server; false when the byte is absent.
    pub read_only: bool,
}

/// `ConnectResponse`, with the `readOnly` byte 3.8 always sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectResponse {
    pub protocol_version: i32,
    /// The negotiated timeout; 0 (with session id 0) tells the client its session expired.
    pub timeout_ms: i32,
    pub session_id: i64,
    pub password: Vec<u8>,
    pub read_only: bool,
}

/// Decodes a client's first frame. The trailing `readOnly` byte is optional (old clients omit
/// it); bytes after it are ignored, as ZooKeeper ignores them.
pub fn decode_connect(body: &[u8]) -> Result<ConnectRequest, WireError> {
    let mut i = In::new(body);
    Ok(ConnectRequest {
        protocol_version: i.int()?,
        last_zxid_seen: i.long()?,
        timeout_ms: i.int()?,
        session_id: i.long()?,
        password: i.buffer()?.unwrap_or_default().to_vec(),
        read_only: !i.is_empty() && i.boolean()?,
    })
}

/// A client's first frame.
pub fn encode_connect(r: &ConnectRequest) -> Vec<u8> {
    let mut o = Out::new();
    o.int(r.protocol_version);
    o.long(r.last_zxid_seen);
    o.int(r.timeout_ms);
    o.long(r.session_id);
    o.buffer(Some(&r.password));
    o.boolean(r.read_only);
    o.into_bytes()
}

/// The server's answer to a connect request.
pub fn encode_connect_response(r: &ConnectResponse) -> Vec<u8> {
    let mut o = Out::new();
    o.int(r.protocol_version);
    o.int(r.timeout_ms);
    o.long(r.session_id);
    o.buffer(Some(&r.password));
    o.boolean(r.read_only);
    o.into_bytes()
}

/// Decodes the server's answer to a connect request; the `readOnly` byte is optional.
pub fn decode_connect_response(body: &[u8]) -> Result<ConnectResponse, WireError> {
    let mut i = In::new(body);
    Ok(ConnectResponse {
        protocol_version: i.int()?,
        timeout_ms: i.int()?,
        session_id: i.long()?,
        password: i.buffer()?.unwrap_or_default().to_vec(),
        read_only: !i.is_empty() && i.boolean()?,
    })
}
