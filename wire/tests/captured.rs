//! Byte-exact checks against frames captured between the real ZooKeeper 3.8.0 Java client and
//! server (`zk380_frames.txt`): what our server encodes is what the real server sent, what our
//! decoder makes of the real client's frames is the request it meant, and what our client
//! encodes is what the real client sent where both use the same opcode.

mod common;

use common::captured;
use zkplay_core::acl::Acl;
use zkplay_core::request::{CreateMode, Op, OpResult, Request, Response, WatcherKind};
use zkplay_core::watch::{EventType, WatchMode};
use zkplay_core::ZkError;
use zkplay_wire::jute::In;
use zkplay_wire::*;

fn request(label: &str) -> (i32, i32, Request, Vec<i32>) {
    match decode_packet(&captured(label)) {
        Ok(Packet::Request {
            xid,
            op,
            request,
            multi_ops,
        }) => (xid, op, request, multi_ops),
        other => panic!("{label}: {other:?}"),
    }
}

/// Decodes a captured reply with our client, then encodes it again with our server.
fn re_encoded(label: &str, op: i32) -> Vec<u8> {
    let body = captured(label);
    let (h, rest) = decode_reply_header(&body).expect("header");
    assert_eq!(h.err, 0, "{label}");
    let response = decode_response(op, rest).expect("response");
    encode_reply(h.xid, op, h.zxid, &Ok(response))
}

/// Our client's frame for a captured request is the real client's.
fn same_as_client(label: &str) {
    let (xid, op, r, _) = request(label);
    assert_eq!(request_opcode(&r), op, "{label}");
    assert_eq!(encode_request(xid, &r), captured(label), "{label}");
}

#[test]
fn handshake() {
    let c = decode_connect(&captured("connect_request")).expect("connect");
    assert_eq!(
        c,
        ConnectRequest {
            protocol_version: 0,
            last_zxid_seen: 0,
            timeout_ms: 4000,
            session_id: 0,
            password: vec![0; 16],
            read_only: false,
        }
    );
    assert_eq!(encode_connect(&c), captured("connect_request"));
    // An old client's request, without the readOnly byte.
    let old = &captured("connect_request")[..44];
    assert_eq!(decode_connect(old), Ok(c));
    let r = decode_connect_response(&captured("connect_response")).expect("response");
    assert_eq!(
        (r.timeout_ms, r.read_only, r.password.len()),
        (4000, false, 16)
    );
    assert_eq!(encode_connect_response(&r), captured("connect_response"));
}

#[test]
fn creates() {
    let (xid, op, r, _) = request("create_request");
    assert_eq!((xid, op), (1, 1));
    assert_eq!(
        r,
        Request::Write(Op::Create {
            path: "/a".into(),
            data: Some(b"x".to_vec()),
            acl: Acl::open_unsafe(),
            mode: CreateMode::Persistent,
            ttl_ms: -1,
        })
    );
    let created = Response::Create {
        path: "/a".into(),
        stat: Default::default(),
    };
    assert_eq!(
        encode_reply(1, 1, 2, &Ok(created)),
        captured("create_reply")
    );
    assert_eq!(
        encode_reply(2, 1, 3, &Err(ZkError::NodeExists)),
        captured("create_dup_reply")
    );
    same_as_client("create2_ephemeral_sequential_request");
    assert_eq!(re_encoded("create2_reply", 15), captured("create2_reply"));
    let (_, op, r, _) = request("create_ttl_request");
    assert_eq!(op, 21);
    assert!(matches!(
        r,
        Request::Write(Op::Create {
            mode: CreateMode::PersistentWithTtl,
            ttl_ms: 60000,
            ..
        })
    ));
    same_as_client("create_ttl_request");
    assert_eq!(
        re_encoded("create_ttl_reply", 21),
        captured("create_ttl_reply")
    );
    same_as_client("create_container_request");
    assert_eq!(
        re_encoded("create_container_reply", 19),
        captured("create_container_reply")
    );
}

#[test]
fn reads_and_writes() {
    let (_, _, r, _) = request("exists_missing_watch_request");
    assert_eq!(
        r,
        Request::Exists {
            path: "/missing".into(),
            watch: true
        }
    );
    same_as_client("exists_missing_watch_request");
    // exists on a missing node: the header alone, err NONODE.
    assert_eq!(
        encode_reply(4, 3, 4, &Err(ZkError::NoNode)),
        captured("exists_missing_reply")
    );
    for (req, reply, op) in [
        ("exists_request", "exists_reply", 3),
        ("get_data_watch_request", "get_data_reply", 4),
        ("set_data_request", "set_data_reply", 5),
        ("get_children2_request", "get_children2_reply", 12),
        ("get_acl_request", "get_acl_reply", 6),
        ("set_acl_request", "set_acl_reply", 7),
        ("sync_request", "sync_reply", 9),
        ("get_ephemerals_request", "get_ephemerals_reply", 103),
        (
            "get_all_children_number_request",
            "get_all_children_number_reply",
            104,
        ),
    ] {
        same_as_client(req);
        assert_eq!(re_encoded(reply, op), captured(reply), "{reply}");
    }
    assert_eq!(
        encode_reply(25, 4, 11, &Err(ZkError::NoNode)),
        captured("get_data_missing_reply")
    );
}

#[test]
fn get_children_without_stat() {
    let (xid, op, r, _) = request("get_children_request");
    assert_eq!((xid, op), (8, 8));
    assert_eq!(
        r,
        Request::GetChildren {
            path: "/".into(),
            watch: false
        }
    );
    let names = ["a", "zookeeper", "b0000000001"];
    let response = Response::GetChildren {
        children: names.iter().map(|n| std::rc::Rc::from(*n)).collect(),
        stat: Default::default(),
    };
    assert_eq!(
        encode_reply(8, 8, 5, &Ok(response)),
        captured("get_children_reply")
    );
}

#[test]
fn notifications() {
    assert_eq!(
        encode_notification(EventType::NodeDataChanged, "/a"),
        captured("notification_data_changed")
    );
    let body = captured("notification_data_changed");
    let (h, rest) = decode_reply_header(&body).expect("header");
    assert_eq!((h.xid, h.zxid, h.err), (-1, -1, 0));
    assert_eq!(
        decode_notification(rest),
        Ok(Notification {
            kind: EventType::NodeDataChanged,
            state: 3,
            path: "/a".into()
        })
    );
    assert_eq!(
        encode_notification(EventType::NodeDataChanged, "/a"),
        captured("set_watches_notification")
    );
    assert_eq!(
        encode_set_watches_reply(0x13),
        captured("set_watches_reply")
    );
}

#[test]
fn multis() {
    let (xid, op, r, multi_ops) = request("multi_request");
    assert_eq!(
        (xid, op, multi_ops.as_slice()),
        (13, 14, &[1, 5, 13, 2][..])
    );
    assert_eq!(
        r,
        Request::Multi(vec![
            Op::Create {
                path: "/m1".into(),
                data: Some(vec![]),
                acl: Acl::open_unsafe(),
                mode: CreateMode::Persistent,
                ttl_ms: -1,
            },
            Op::SetData {
                path: "/a".into(),
                data: Some(b"q".to_vec()),
                version: -1
            },
            Op::Check {
                path: "/a".into(),
                version: -1
            },
            Op::Delete {
                path: "/m1".into(),
                version: -1
            },
        ])
    );
    same_as_client("multi_request");
    let reply = re_encoded("multi_reply", 14);
    assert_eq!(reply, captured("multi_reply"));
    // A failed multi: header err 0, every result an error result.
    let failed = Response::Multi(vec![
        OpResult::Error { code: 0 },
        OpResult::Error {
            code: ZkError::BadVersion.code(),
        },
        OpResult::Error {
            code: ZkError::RuntimeInconsistency.code(),
        },
    ]);
    assert_eq!(
        encode_reply(14, 14, 8, &Ok(failed)),
        captured("multi_failed_reply")
    );
    // A container create in a multi answers as create2, with its Stat.
    let (xid, _, r, multi_ops) = request("multi_container_request");
    assert_eq!(multi_ops, vec![19]);
    same_as_client("multi_container_request");
    let body = captured("multi_container_reply");
    let (h, rest) = decode_reply_header(&body).expect("header");
    let results = decode_response(14, rest).expect("results");
    assert_eq!(
        encode_multi_reply(xid, h.zxid, &multi_ops, &Ok(results)),
        body
    );
    assert!(matches!(r, Request::Multi(_)));
    let (xid, _, _, multi_ops) = request("multi_ttl_sequential_request");
    assert_eq!(multi_ops, vec![21, 1]);
    same_as_client("multi_ttl_sequential_request");
    let body = captured("multi_ttl_sequential_reply");
    let (h, rest) = decode_reply_header(&body).expect("header");
    let results = decode_response(14, rest).expect("results");
    assert_eq!(
        encode_multi_reply(xid, h.zxid, &multi_ops, &Ok(results)),
        body
    );
}

#[test]
fn multi_read() {
    let Ok(Packet::MultiRead { xid, reads }) = decode_packet(&captured("multi_read_request"))
    else {
        panic!("not a multiRead");
    };
    assert_eq!(
        reads,
        vec![
            Request::GetChildren {
                path: "/".into(),
                watch: false
            },
            Request::GetData {
                path: "/a".into(),
                watch: false
            },
            Request::GetData {
                path: "/nope".into(),
                watch: false
            },
        ]
    );
    // Read the real reply by hand, then answer the same.
    let body = captured("multi_read_reply");
    let (h, rest) = decode_reply_header(&body).expect("header");
    let mut i = In::new(rest);
    assert_eq!((i.int(), i.boolean(), i.int()), (Ok(8), Ok(false), Ok(0)));
    let children = i.strings().expect("children");
    assert_eq!((i.int(), i.boolean(), i.int()), (Ok(4), Ok(false), Ok(0)));
    let data = i.buffer().expect("data").map(std::rc::Rc::from);
    let stat = i.stat().expect("stat");
    let results = [
        Ok(Response::GetChildren {
            children: children.into_iter().map(std::rc::Rc::from).collect(),
            stat: Default::default(),
        }),
        Ok(Response::GetData { data, stat }),
        Err(ZkError::NoNode),
    ];
    assert_eq!(encode_multi_read_reply(xid, h.zxid, &results), body);
}

#[test]
fn sessions_and_watches() {
    same_as_client("who_am_i_request");
    let ids = vec![("ip".to_string(), "127.0.0.1".to_string())];
    assert_eq!(
        encode_reply(15, 107, 8, &Ok(Response::WhoAmI { ids: ids.clone() })),
        captured("who_am_i_reply")
    );
    assert_eq!(
        re_encoded("who_am_i_reply_2", 107),
        captured("who_am_i_reply_2")
    );
    assert_eq!(
        decode_packet(&captured("auth_request")),
        Ok(Packet::Auth {
            scheme: "digest".into(),
            auth: b"u:p".to_vec()
        })
    );
    assert_eq!(encode_auth("digest", b"u:p"), captured("auth_request"));
    assert_eq!(encode_auth_reply(None), captured("auth_reply"));
    let (_, _, r, _) = request("add_watch_request");
    assert_eq!(
        r,
        Request::AddWatch {
            path: "/a".into(),
            mode: WatchMode::PersistentRecursive
        }
    );
    same_as_client("add_watch_request");
    // addWatch answers an ErrorResponse{0} after the header, not the header alone.
    assert_eq!(
        encode_reply(19, 106, 8, &Ok(Response::Empty)),
        captured("add_watch_reply")
    );
    let (_, _, r, _) = request("remove_watches_request");
    assert_eq!(
        r,
        Request::RemoveWatches {
            path: "/a".into(),
            kind: WatcherKind::Any
        }
    );
    same_as_client("remove_watches_request");
    assert_eq!(
        encode_reply(20, 18, 8, &Ok(Response::Empty)),
        captured("remove_watches_reply")
    );
    assert_eq!(
        encode_reply(21, 18, 8, &Err(ZkError::NoWatcher)),
        captured("remove_watches_none_reply")
    );
    assert_eq!(decode_packet(&captured("ping_request")), Ok(Packet::Ping));
    assert_eq!(encode_ping(), captured("ping_request"));
    assert_eq!(encode_ping_reply(14), captured("ping_reply"));
    assert_eq!(
        decode_packet(&captured("close_request")),
        Ok(Packet::Close { xid: 27 })
    );
    assert_eq!(encode_close(27), captured("close_request"));
    assert_eq!(encode_close_reply(27, 15), captured("close_reply"));
}

#[test]
fn reconfig_and_refusals() {
    // The Java admin client sends null strings.
    let (xid, op, r, _) = request("reconfig_request");
    assert_eq!((xid, op, r), (1, 16, Request::Reconfig));
    assert_eq!(
        encode_reply(1, 16, 13, &Err(ZkError::ReconfigDisabled)),
        captured("reconfig_disabled_reply")
    );
    // An opcode ZooKeeper does not define: UNIMPLEMENTED with zxid -1 (then the real server
    // closes the connection).
    let frame = [0, 0, 0, 2, 0, 0, 0, 50, 0, 0, 0, 2, b'/', b'a'];
    assert_eq!(
        decode_packet(&frame),
        Ok(Packet::Unsupported { xid: 2, op: 50 })
    );
    assert_eq!(
        encode_reply(2, 50, -1, &Err(ZkError::Unimplemented)),
        captured("unknown_opcode_50_reply")
    );
    // A record cut short: MARSHALLINGERROR, connection kept.
    let frame = [0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 2, b'/'];
    let Ok(Packet::Malformed { xid, op, error }) = decode_packet(&frame) else {
        panic!("not malformed");
    };
    assert_eq!(
        (xid, op, error.reply_error()),
        (5, 1, ZkError::MarshallingError)
    );
    assert_eq!(
        encode_reply(xid, op, 0x1d, &Err(error.reply_error())),
        captured("truncated_create_reply")
    );
    // An unknown create flag: BADARGUMENTS.
    let mut frame = vec![0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 3, b'/', b'b', b'm'];
    for v in [-1i32, 0, 42] {
        frame.extend_from_slice(&v.to_be_bytes());
    }
    let Ok(Packet::Malformed { xid, op, error }) = decode_packet(&frame) else {
        panic!("not malformed");
    };
    assert_eq!(error, WireError::UnknownCreateMode(42));
    assert_eq!(
        encode_reply(xid, op, 0x26, &Err(error.reply_error())),
        captured("bad_create_flag_reply")
    );
    // checkWatches: removeWatches' record under its own opcode.
    let frame = [0, 0, 0, 3, 0, 0, 0, 17, 0, 0, 0, 2, b'/', b'a', 0, 0, 0, 3];
    assert_eq!(
        decode_packet(&frame),
        Ok(Packet::Request {
            xid: 3,
            op: 17,
            request: zkplay_core::request::Request::CheckWatches {
                path: "/a".into(),
                kind: zkplay_core::request::WatcherKind::Any,
            },
            multi_ops: Vec::new(),
        })
    );
    assert_eq!(
        encode_reply(3, 17, 0x16, &Err(ZkError::NoWatcher)),
        captured("check_watches_none_reply")
    );
}
