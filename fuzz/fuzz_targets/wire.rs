//! Frame bodies from bytes through every decoder of `zkplay-wire`: nothing panics, a body with
//! its 8-byte header always decodes to a packet, and a request decoded, encoded by our client
//! and decoded again is the same request (but for a TTL sent with a mode that has none, which
//! only a createTTL frame can carry and our client never sends).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zkplay_core::request::{Op, Request};
use zkplay_wire::{opcode, Packet};

/// The request as our client can send it: a create whose mode has no TTL carries none.
fn sendable(r: &Request) -> Request {
    let op = |o: &Op| match o {
        Op::Create {
            path,
            data,
            acl,
            mode,
            ..
        } if !mode.is_ttl() => Op::Create {
            path: path.clone(),
            data: data.clone(),
            acl: acl.clone(),
            mode: *mode,
            ttl_ms: -1,
        },
        other => other.clone(),
    };
    match r {
        Request::Write(o) => Request::Write(op(o)),
        Request::Multi(ops) => Request::Multi(ops.iter().map(op).collect()),
        other => other.clone(),
    }
}

fuzz_target!(|data: &[u8]| {
    let packet = zkplay_wire::decode_packet(data);
    assert_eq!(packet.is_ok(), data.len() >= 8);
    if let Ok(Packet::Request { xid, request, .. }) = packet {
        let again = zkplay_wire::decode_packet(&zkplay_wire::encode_request(xid, &request));
        match again {
            Ok(Packet::Request { request: r, .. }) => assert_eq!(r, sendable(&request)),
            other => panic!("{request:?} came back as {other:?}"),
        }
    }
    let _ = zkplay_wire::decode_connect(data);
    let _ = zkplay_wire::decode_connect_response(data);
    let _ = zkplay_wire::decode_multi_response(data);
    if let Ok((_, rest)) = zkplay_wire::decode_reply_header(data) {
        let _ = zkplay_wire::decode_notification(rest);
        for op in [
            opcode::CREATE,
            opcode::CREATE2,
            opcode::DELETE,
            opcode::EXISTS,
            opcode::GET_DATA,
            opcode::SET_DATA,
            opcode::GET_ACL,
            opcode::SET_ACL,
            opcode::GET_CHILDREN,
            opcode::GET_CHILDREN2,
            opcode::SYNC,
            opcode::MULTI,
            opcode::GET_EPHEMERALS,
            opcode::GET_ALL_CHILDREN_NUMBER,
            opcode::WHO_AM_I,
        ] {
            let _ = zkplay_wire::decode_response(op, rest);
        }
    }
});
