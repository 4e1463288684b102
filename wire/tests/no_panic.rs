//! Decoding never panics: random bytes, every truncation of every captured and encoded frame,
//! and single-byte corruptions of them, through every decoder. A seeded generator, so a
//! failure names the case that reproduces it.

mod common;

use zkplay_core::request::{CreateMode, Op, Request};
use zkplay_wire::*;

/// xorshift64*: small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const OPS: [i32; 30] = [
    -11, -10, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
    100, 101, 103, 104, 107,
];

/// Runs every decoder on `b`; the only check is that none panics (and a header that is
/// there always gives a packet).
fn decode_all(b: &[u8]) {
    let packet = decode_packet(b);
    if b.len() >= 8 {
        assert!(packet.is_ok(), "{b:?}");
    }
    let _ = decode_connect(b);
    let _ = decode_connect_response(b);
    let _ = decode_notification(b);
    let _ = decode_multi_response(b);
    if let Ok((_, rest)) = decode_reply_header(b) {
        let _ = decode_notification(rest);
        for op in OPS.iter().chain(&[105, 106]) {
            let _ = decode_response(*op, rest);
        }
    }
    for op in OPS {
        let _ = decode_response(op, b);
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let mut c = common::all_captured();
    let ops = vec![
        Op::Create {
            path: "/c".into(),
            data: Some(vec![1, 2, 3]),
            acl: zkplay_core::acl::Acl::open_unsafe(),
            mode: CreateMode::PersistentWithTtl,
            ttl_ms: 10,
        },
        Op::Check {
            path: "/k".into(),
            version: 1,
        },
    ];
    c.push(encode_request(1, &Request::Multi(ops)));
    c.push(encode_set_watches(&zkplay_core::request::SetWatches {
        persistent: vec!["/p".into()],
        ..Default::default()
    }));
    c
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x5eed_0f1a_7e00);
    for _ in 0..20_000 {
        let len = rng.below(64);
        let mut b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Often start like a real header so the record decoders are reached.
        if len >= 8 && rng.below(2) == 0 {
            let op = OPS[rng.below(OPS.len())];
            b[4..8].copy_from_slice(&op.to_be_bytes());
        }
        decode_all(&b);
    }
}

#[test]
fn truncated_frames_never_panic() {
    for frame in corpus() {
        for end in 0..=frame.len() {
            decode_all(&frame[..end]);
        }
    }
}

#[test]
fn corrupted_frames_never_panic() {
    let mut rng = Rng(0xc0ff_ee00_1234);
    let special = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];
    for frame in corpus() {
        for _ in 0..300 {
            let mut b = frame.clone();
            if b.is_empty() {
                continue;
            }
            for _ in 0..=rng.below(3) {
                let at = rng.below(b.len());
                b[at] = if rng.below(2) == 0 {
                    special[rng.below(special.len())]
                } else {
                    rng.next() as u8
                };
            }
            decode_all(&b);
        }
    }
}
