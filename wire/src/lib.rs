//! zkplay-wire: ZooKeeper 3.8's client protocol (jute records) as pure functions over byte
//! slices, shared by the CLI's client and the `zkplay serve` server. No I/O, no panics: every
//! decode returns `Result<_, WireError>`.
//!
//! A frame on the socket is a 4-byte big-endian length, then the body. The functions here take
//! and return bodies; the I/O layer frames them ([`frame`] prepends the length).

#![forbid(unsafe_code)]

pub mod connect;
pub mod error;
pub mod jute;
pub mod multi;
pub mod opcode;
pub mod reply;
pub mod request;

pub use connect::{
    decode_connect, decode_connect_response, encode_connect, encode_connect_response,
    ConnectRequest, ConnectResponse,
};
pub use error::WireError;
pub use multi::{decode_multi_response, encode_multi_read_reply, encode_multi_reply};
pub use reply::{
    decode_notification, decode_reply_header, decode_response, encode_auth_reply,
    encode_close_reply, encode_notification, encode_ping_reply, encode_reply,
    encode_set_watches_reply, Notification, ReplyHeader,
};
pub use request::{
    decode_packet, encode_auth, encode_close, encode_ping, encode_request, encode_set_watches,
    request_opcode, Packet,
};

/// The largest frame body ZooKeeper 3.8 accepts from a client with its default
/// `jute.maxbuffer` (0xfffff): a longer length, or a negative one, and the server closes the
/// connection without a reply (measured on Debian's 3.8.0: 1,048,575 answered, 1,048,576 closed).
pub const MAX_FRAME_LEN: usize = 0xfffff;

/// `body` with its 4-byte big-endian length in front, as it goes on the socket.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 4);
    out.extend_from_slice(&(body.len() as i32).to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// Reads a frame's length prefix: `Ok(n)` for a body of `n` bytes, or the reason the
/// connection must be dropped (negative, or over `max`).
pub fn frame_len(prefix: [u8; 4], max: usize) -> Result<usize, WireError> {
    let n = i32::from_be_bytes(prefix);
    if n < 0 {
        return Err(WireError::NegativeLength(n));
    }
    let n = n as usize;
    if n > max {
        return Err(WireError::Oversized { len: n, max });
    }
    Ok(n)
}
