//! Round trips through both halves of the crate: what the client encodes, the server decodes
//! to the same request; what the server encodes, the client decodes to the same response.

use std::rc::Rc;

use zkplay_core::acl::{Acl, Id};
use zkplay_core::request::{CreateMode, Op, OpResult, Request, Response, SetWatches, WatcherKind};
use zkplay_core::stat::{Stat, Zxid};
use zkplay_core::watch::{EventType, WatchMode};
use zkplay_core::ZkError;
use zkplay_wire::*;

const MODES: [CreateMode; 7] = [
    CreateMode::Persistent,
    CreateMode::PersistentSequential,
    CreateMode::Ephemeral,
    CreateMode::EphemeralSequential,
    CreateMode::Container,
    CreateMode::PersistentWithTtl,
    CreateMode::PersistentSequentialWithTtl,
];

fn create(path: &str, mode: CreateMode) -> Op {
    Op::Create {
        path: path.into(),
        data: Some(b"d\0ata".to_vec()),
        acl: vec![
            Acl {
                perms: 31,
                id: Id::new("world", "anyone"),
            },
            Acl {
                perms: 1,
                id: Id::new("digest", "u:h/+=="),
            },
        ],
        mode,
        ttl_ms: if mode.is_ttl() { 5000 } else { -1 },
    }
}

fn ops() -> Vec<Op> {
    let mut ops: Vec<Op> = MODES.iter().map(|m| create("/c", *m)).collect();
    ops.push(Op::Create {
        path: "/n".into(),
        data: None,
        acl: vec![],
        mode: CreateMode::Persistent,
        ttl_ms: -1,
    });
    ops.push(Op::Delete {
        path: "/d".into(),
        version: 3,
    });
    ops.push(Op::SetData {
        path: "/s".into(),
        data: None,
        version: -1,
    });
    ops.push(Op::SetData {
        path: "/s".into(),
        data: Some("ünï".as_bytes().to_vec()),
        version: 7,
    });
    ops.push(Op::Check {
        path: "/k".into(),
        version: 0,
    });
    ops
}

fn requests() -> Vec<Request> {
    let mut rs: Vec<Request> = ops().into_iter().map(Request::Write).collect();
    rs.push(Request::Multi(ops()));
    rs.push(Request::Multi(vec![]));
    for watch in [false, true] {
        rs.push(Request::Exists {
            path: "/e".into(),
            watch,
        });
        rs.push(Request::GetData {
            path: "/g".into(),
            watch,
        });
        rs.push(Request::GetChildren {
            path: "/".into(),
            watch,
        });
    }
    rs.push(Request::GetAcl { path: "/a".into() });
    rs.push(Request::SetAcl {
        path: "/a".into(),
        acl: Acl::read_unsafe(),
        version: 2,
    });
    rs.push(Request::Sync { path: "/y".into() });
    rs.push(Request::GetEphemerals { prefix: "".into() });
    rs.push(Request::GetAllChildrenNumber { path: "/".into() });
    for mode in [WatchMode::Persistent, WatchMode::PersistentRecursive] {
        rs.push(Request::AddWatch {
            path: "/w".into(),
            mode,
        });
    }
    for kind in [WatcherKind::Children, WatcherKind::Data, WatcherKind::Any] {
        rs.push(Request::RemoveWatches {
            path: "/w".into(),
            kind,
        });
        rs.push(Request::CheckWatches {
            path: "/w".into(),
            kind,
        });
    }
    rs.push(Request::WhoAmI);
    rs.push(Request::Reconfig);
    rs
}

#[test]
fn every_request_decodes_to_itself() {
    for (k, r) in requests().into_iter().enumerate() {
        let xid = k as i32 + 1;
        let op = request_opcode(&r);
        let packet = decode_packet(&encode_request(xid, &r));
        let multi_ops = match &r {
            Request::Multi(ops) => ops
                .iter()
                .map(|o| match o {
                    Op::Create { mode, .. } if *mode == CreateMode::Container => 19,
                    Op::Create { mode, .. } if mode.is_ttl() => 21,
                    Op::Create { .. } => 1,
                    Op::Delete { .. } => 2,
                    Op::SetData { .. } => 5,
                    Op::Check { .. } => 13,
                })
                .collect(),
            _ => vec![],
        };
        assert_eq!(
            packet,
            Ok(Packet::Request {
                xid,
                op,
                request: r,
                multi_ops
            })
        );
    }
}

#[test]
fn the_special_packets_decode_to_themselves() {
    assert_eq!(decode_packet(&encode_ping()), Ok(Packet::Ping));
    assert_eq!(
        decode_packet(&encode_close(9)),
        Ok(Packet::Close { xid: 9 })
    );
    assert_eq!(
        decode_packet(&encode_auth("digest", b"u:p")),
        Ok(Packet::Auth {
            scheme: "digest".into(),
            auth: b"u:p".to_vec()
        })
    );
    let v1 = SetWatches {
        relative_zxid: Zxid(0x1_0000_0005),
        data: vec!["/d".into()],
        exist: vec!["/e1".into(), "/e2".into()],
        child: vec![],
        ..SetWatches::default()
    };
    let v2 = SetWatches {
        persistent: vec!["/p".into()],
        persistent_recursive: vec!["/r".into()],
        ..v1.clone()
    };
    for w in [v1, v2] {
        let body = encode_set_watches(&w);
        let op = i32::from_be_bytes([body[4], body[5], body[6], body[7]]);
        assert_eq!(op, if w.needs_version_2() { 105 } else { 101 });
        assert_eq!(
            decode_packet(&body),
            Ok(Packet::SetWatches {
                xid: -8,
                watches: w
            })
        );
    }
    // getChildren (8), which our client does not send.
    let mut body = vec![0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 2, b'/', b'x', 1];
    assert_eq!(
        decode_packet(&body),
        Ok(Packet::Request {
            xid: 4,
            op: 8,
            request: Request::GetChildren {
                path: "/x".into(),
                watch: true
            },
            multi_ops: vec![]
        })
    );
    for op in [20, 102, -10, 999] {
        body[4..8].copy_from_slice(&i32::to_be_bytes(op));
        assert_eq!(decode_packet(&body), Ok(Packet::Unsupported { xid: 4, op }));
    }
}

fn stat(seed: i64) -> Stat {
    Stat {
        czxid: Zxid(seed),
        mzxid: Zxid(seed + 1),
        ctime: 1_700_000_000_000 + seed,
        mtime: 1_700_000_000_001 + seed,
        version: 1,
        cversion: 2,
        aversion: 3,
        ephemeral_owner: -seed,
        data_length: 4,
        num_children: 5,
        pzxid: Zxid(seed + 2),
    }
}

/// (opcode, response as the server has it, response as the client reads it back).
fn responses() -> Vec<(i32, Response, Response)> {
    let same = |op, r: Response| (op, r.clone(), r);
    let names: zkplay_core::request::ChildNames =
        ["a", "b", "ç"].iter().map(|n| Rc::from(*n)).collect();
    vec![
        (
            1,
            Response::Create {
                path: "/c".into(),
                stat: stat(1),
            },
            Response::Create {
                path: "/c".into(),
                stat: Stat::default(),
            },
        ),
        same(
            15,
            Response::Create {
                path: "/c0000000001".into(),
                stat: stat(2),
            },
        ),
        same(
            19,
            Response::Create {
                path: "/c".into(),
                stat: stat(3),
            },
        ),
        same(
            21,
            Response::Create {
                path: "/t".into(),
                stat: stat(4),
            },
        ),
        same(2, Response::Delete),
        same(5, Response::SetData { stat: stat(5) }),
        same(13, Response::Check),
        same(3, Response::Exists { stat: stat(6) }),
        same(
            4,
            Response::GetData {
                data: Some(Rc::from(&b"xyz"[..])),
                stat: stat(7),
            },
        ),
        same(
            4,
            Response::GetData {
                data: None,
                stat: stat(8),
            },
        ),
        (
            8,
            Response::GetChildren {
                children: names.clone(),
                stat: stat(9),
            },
            Response::GetChildren {
                children: names.clone(),
                stat: Stat::default(),
            },
        ),
        same(
            12,
            Response::GetChildren {
                children: names,
                stat: stat(10),
            },
        ),
        same(
            6,
            Response::GetAcl {
                acl: Acl::open_unsafe(),
                stat: stat(11),
            },
        ),
        same(7, Response::SetAcl { stat: stat(12) }),
        same(9, Response::Sync { path: "/y".into() }),
        same(
            103,
            Response::Ephemerals {
                paths: vec!["/e1".into(), "/e2".into()],
            },
        ),
        same(104, Response::Count { count: 42 }),
        same(
            107,
            Response::WhoAmI {
                ids: vec![
                    ("ip".into(), "127.0.0.1".into()),
                    ("digest".into(), "u".into()),
                ],
            },
        ),
        same(106, Response::Empty),
        same(18, Response::Empty),
        same(16, Response::Empty),
        (
            14,
            Response::Multi(vec![
                OpResult::Create {
                    path: "/m".into(),
                    stat: stat(13),
                },
                OpResult::Delete,
                OpResult::SetData { stat: stat(14) },
                OpResult::Check,
            ]),
            Response::Multi(vec![
                OpResult::Create {
                    path: "/m".into(),
                    stat: Stat::default(),
                },
                OpResult::Delete,
                OpResult::SetData { stat: stat(14) },
                OpResult::Check,
            ]),
        ),
        same(
            14,
            Response::Multi(vec![
                OpResult::Error { code: 0 },
                OpResult::Error { code: -101 },
                OpResult::Error { code: -2 },
            ]),
        ),
    ]
}

#[test]
fn every_response_reads_back() {
    for (k, (op, sent, read)) in responses().into_iter().enumerate() {
        let xid = k as i32 + 1;
        let body = encode_reply(xid, op, 77, &Ok(sent));
        let (h, rest) = decode_reply_header(&body).expect("header");
        assert_eq!(
            h,
            ReplyHeader {
                xid,
                zxid: 77,
                err: 0
            }
        );
        assert_eq!(decode_response(op, rest), Ok(read), "op {op}");
    }
}

#[test]
fn a_multi_echoes_each_creates_code() {
    let results = Response::Multi(vec![
        OpResult::Create {
            path: "/a".into(),
            stat: stat(1),
        },
        OpResult::Create {
            path: "/b".into(),
            stat: stat(2),
        },
    ]);
    let body = encode_multi_reply(3, 9, &[15, 1], &Ok(results));
    let (_, rest) = decode_reply_header(&body).expect("header");
    assert_eq!(
        decode_response(14, rest),
        Ok(Response::Multi(vec![
            OpResult::Create {
                path: "/a".into(),
                stat: stat(1),
            },
            OpResult::Create {
                path: "/b".into(),
                stat: Stat::default(),
            },
        ]))
    );
}

#[test]
fn errors_are_the_header_alone() {
    for op in [1, 2, 3, 4, 5, 6, 7, 8, 12, 14, 15, 18, 104, 106] {
        let body = encode_reply(5, op, 6, &Err(ZkError::NoNode));
        assert_eq!(body.len(), 16);
        assert_eq!(
            decode_reply_header(&body),
            Ok((
                ReplyHeader {
                    xid: 5,
                    zxid: 6,
                    err: -101
                },
                &[][..]
            ))
        );
    }
    assert_eq!(
        decode_reply_header(&encode_auth_reply(Some(ZkError::AuthFailed))),
        Ok((
            ReplyHeader {
                xid: -4,
                zxid: 0,
                err: -115
            },
            &[][..]
        ))
    );
}

#[test]
fn notifications_read_back() {
    for kind in [
        EventType::NodeCreated,
        EventType::NodeDeleted,
        EventType::NodeDataChanged,
        EventType::NodeChildrenChanged,
        EventType::DataWatchRemoved,
        EventType::ChildWatchRemoved,
        EventType::PersistentWatchRemoved,
    ] {
        let body = encode_notification(kind, "/p/q");
        let (h, rest) = decode_reply_header(&body).expect("header");
        assert_eq!((h.xid, h.zxid, h.err), (-1, -1, 0));
        assert_eq!(
            decode_notification(rest),
            Ok(Notification {
                kind,
                state: 3,
                path: "/p/q".into()
            })
        );
    }
}

#[test]
fn the_handshake_reads_back() {
    let c = ConnectRequest {
        protocol_version: 0,
        last_zxid_seen: 0x2_0000_0003,
        timeout_ms: 30_000,
        session_id: 0x1000_0000_0000_0001,
        password: (0..16).collect(),
        read_only: true,
    };
    assert_eq!(decode_connect(&encode_connect(&c)), Ok(c));
    let r = ConnectResponse {
        protocol_version: 0,
        timeout_ms: 30_000,
        session_id: 7,
        password: vec![9; 16],
        read_only: false,
    };
    assert_eq!(decode_connect_response(&encode_connect_response(&r)), Ok(r));
}

#[test]
fn frames() {
    assert_eq!(frame(&[1, 2]), vec![0, 0, 0, 2, 1, 2]);
    assert_eq!(frame_len([0, 0x0f, 0xff, 0xff], MAX_FRAME_LEN), Ok(0xfffff));
    assert_eq!(
        frame_len([0, 0x10, 0, 0], MAX_FRAME_LEN),
        Err(WireError::Oversized {
            len: 0x100000,
            max: MAX_FRAME_LEN
        })
    );
    assert_eq!(
        frame_len([0xff; 4], MAX_FRAME_LEN),
        Err(WireError::NegativeLength(-1))
    );
}
