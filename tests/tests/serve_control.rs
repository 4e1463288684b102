//! `zkplay serve`'s control lines: virtual clients in the same world as real programs (a
//! `recipe` line's lock contenders, seen by a real client), a real program's session faulted
//! by its id (`expire 0x…`), and each bad line refused with its reason.

use zkplay_cli::wire::Conn;
use zkplay_core::acl::Acl;
use zkplay_core::request::{CreateMode, Op, Request, Response};
use zkplay_core::ZkError;
use zkplay_tests::ZkplayServe;

fn children(c: &mut Conn, path: &str) -> Vec<String> {
    let ls = Request::GetChildren {
        path: path.into(),
        watch: false,
    };
    match c.call(&ls).map(|(_, r)| r) {
        Ok(Ok(Response::GetChildren { children, .. })) => {
            let mut v: Vec<String> = children.iter().map(|n| n.to_string()).collect();
            v.sort();
            v
        }
        other => panic!("ls {path}: {other:?}"),
    }
}

#[test]
fn virtual_clients_and_real_programs_share_one_world() {
    let server = ZkplayServe::start("").expect("zkplay serve");
    let mut real = Conn::connect(&server.addr(), 30_000, None).expect("connect");
    server
        .control("recipe lock /locks/x on v1,v2 hold=0")
        .expect("the recipe line");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut seen = Vec::new();
    while std::time::Instant::now() < deadline {
        seen = children(&mut real, "/locks/x");
        if seen.len() == 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(seen, ["v1-lock-0000000000", "v2-lock-0000000001"]);
    // The real program's own ephemeral goes when its session is expired from outside.
    let create = Request::Write(Op::Create {
        path: "/locks/x/real".into(),
        data: None,
        acl: Acl::open_unsafe(),
        mode: CreateMode::Ephemeral,
        ttl_ms: -1,
    });
    assert!(matches!(real.call(&create), Ok((_, Ok(_)))));
    server
        .control(&format!("expire 0x{:x}", real.session_id))
        .expect("expire the real session");
    let mut other = Conn::connect(&server.addr(), 30_000, None).expect("connect");
    assert_eq!(
        children(&mut other, "/locks/x"),
        ["v1-lock-0000000000", "v2-lock-0000000001"]
    );
    let again = real.call(&Request::Sync { path: "/".into() });
    assert!(
        !matches!(again, Ok((_, Ok(_)))),
        "an expired session still answered: {again:?}"
    );
    // Each bad line is refused with its reason.
    for (line, why) in [
        ("crash nobody", "no virtual client named nobody"),
        ("expire 0x99", "no live session 0x99"),
        ("frobnicate", "not a control line"),
        ("server 2 crash", "serves one server"),
        ("delay v1 soon", "soon"),
    ] {
        let e = server.control(line).expect_err(line);
        assert!(e.contains(why), "{line}: {e}");
    }
}

/// maxClientCnxns counts every accepted socket of an address, handshake or not, and one over
/// it is closed at once (ZooKeeper's "Too many connections from /IP - max is N").
#[test]
fn max_client_cnxns_counts_every_socket_of_an_address() {
    use std::io::Read;
    let server = ZkplayServe::start("maxClientCnxns=3\n").expect("zkplay serve");
    // `ZkplayServe::start` asked `srvr` on a socket of its own, closed since.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let idle: Vec<std::net::TcpStream> = (0..3)
        .map(|_| std::net::TcpStream::connect(server.addr()).expect("connect"))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(100));
    let mut over = std::net::TcpStream::connect(server.addr()).expect("connect");
    over.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .expect("timeout");
    let mut buf = [0u8; 1];
    assert_eq!(
        over.read(&mut buf).ok(),
        Some(0),
        "the fourth socket stays open"
    );
    drop(idle);
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(Conn::connect(&server.addr(), 30_000, None).is_ok());
}

/// A write's answer goes once its transaction is logged: a megabyte of data is answered about
/// 16 ms later, as the real server answers it, and a small write at once.
#[test]
fn a_big_write_is_answered_once_logged() {
    let server = ZkplayServe::start("").expect("zkplay serve");
    let mut c = Conn::connect(&server.addr(), 30_000, None).expect("connect");
    let create = |data: Vec<u8>, path: &str| {
        Request::Write(Op::Create {
            path: path.into(),
            data: Some(data),
            acl: Acl::open_unsafe(),
            mode: CreateMode::Persistent,
            ttl_ms: -1,
        })
    };
    let started = std::time::Instant::now();
    assert!(matches!(
        c.call(&create(vec![7; 1_000_000], "/big")),
        Ok((_, Ok(_)))
    ));
    let big = started.elapsed();
    assert!(big >= std::time::Duration::from_millis(15), "{big:?}");
    let started = std::time::Instant::now();
    assert!(matches!(
        c.call(&create(vec![7; 10], "/small")),
        Ok((_, Ok(_)))
    ));
    assert!(
        started.elapsed() < big,
        "{:?} vs {big:?}",
        started.elapsed()
    );
}

/// A program that sends requests right behind its ConnectRequest, before the answer, gets
/// each answered in order under its own xid — on a standalone server and on an ensemble's
/// follower (ZooKeeper reads nothing more of a connection until its session is set up).
#[test]
fn requests_sent_before_the_handshake_is_answered_are_answered_in_order() {
    use std::io::{Read, Write};
    use zkplay_tests::ensemble::ServerProcesses;
    fn pipelined(addr: &str) -> Vec<(i32, i32)> {
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        let connect = zkplay_wire::encode_connect(&zkplay_wire::ConnectRequest {
            protocol_version: 0,
            last_zxid_seen: 0,
            timeout_ms: 30_000,
            session_id: 0,
            password: vec![0; 16],
            read_only: false,
        });
        let mut out = zkplay_wire::frame(&connect);
        for (xid, path) in [(1, "/"), (2, "/missing"), (3, "/zookeeper")] {
            let r = Request::Exists {
                path: path.into(),
                watch: false,
            };
            out.extend(zkplay_wire::frame(&zkplay_wire::encode_request(xid, &r)));
        }
        s.write_all(&out).expect("write");
        let mut frames = Vec::new();
        for _ in 0..4 {
            let mut len = [0u8; 4];
            s.read_exact(&mut len).expect("a frame");
            let mut body = vec![0; i32::from_be_bytes(len) as usize];
            s.read_exact(&mut body).expect("its body");
            frames.push(body);
        }
        frames[1..]
            .iter()
            .map(|b| {
                let (h, _) = zkplay_wire::decode_reply_header(b).expect("a reply");
                (h.xid, h.err)
            })
            .collect()
    }
    let want = vec![(1, 0), (2, ZkError::NoNode.code()), (3, 0)];
    let server = ZkplayServe::start("").expect("zkplay serve");
    assert_eq!(pipelined(&server.addr()), want);
    let config = zkplay_core::script::ensemble_lines::EnsembleConfig {
        tick_time_ms: 200,
        ..zkplay_core::script::ensemble_lines::EnsembleConfig::new(3)
    };
    let ensemble = zkplay_tests::serve_ensemble::ServeEnsemble::start(&config).expect("ensemble");
    let addrs = ensemble.addrs();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while zkplay_cli::srvr::srvr(&addrs[0]).mode.name() == "not serving" {
        assert!(std::time::Instant::now() < deadline, "no leader");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(pipelined(&addrs[0]), want);
}

/// A multiRead's getChildren lists the names in the server's order, as a lone getChildren
/// does (ZooKeeper's HashSet order: x9 before x10).
#[test]
fn a_multi_read_lists_children_in_the_servers_order() {
    use std::io::{Read, Write};
    let server = ZkplayServe::start("").expect("zkplay serve");
    let mut c = Conn::connect(&server.addr(), 30_000, None).expect("connect");
    for p in ["/d", "/d/x10", "/d/x9"] {
        let r = Request::Write(Op::Create {
            path: p.into(),
            data: None,
            acl: Acl::open_unsafe(),
            mode: CreateMode::Persistent,
            ttl_ms: -1,
        });
        assert!(matches!(c.call(&r), Ok((_, Ok(_)))));
    }
    let lone = match c.call(&Request::GetChildren {
        path: "/d".into(),
        watch: false,
    }) {
        Ok((_, Ok(Response::GetChildren { children, .. }))) => {
            children.iter().map(|n| n.to_string()).collect::<Vec<_>>()
        }
        other => panic!("ls /d: {other:?}"),
    };
    assert_eq!(lone, ["x9", "x10"]);
    // multiRead(getChildren /d): RequestHeader, then each op's MultiHeader and record, then
    // the closing MultiHeader {-1, true, -1}.
    let mut body = Vec::new();
    for v in [7i32, 22, 8] {
        body.extend(v.to_be_bytes());
    }
    body.push(0);
    body.extend((-1i32).to_be_bytes());
    body.extend(2i32.to_be_bytes());
    body.extend(b"/d");
    body.push(0);
    body.extend((-1i32).to_be_bytes());
    body.push(1);
    body.extend((-1i32).to_be_bytes());
    let mut s = std::net::TcpStream::connect(server.addr()).expect("connect");
    let connect = zkplay_wire::encode_connect(&zkplay_wire::ConnectRequest {
        protocol_version: 0,
        last_zxid_seen: 0,
        timeout_ms: 30_000,
        session_id: 0,
        password: vec![0; 16],
        read_only: false,
    });
    let mut out = zkplay_wire::frame(&connect);
    out.extend(zkplay_wire::frame(&body));
    s.write_all(&out).expect("write");
    let mut frames = Vec::new();
    for _ in 0..2 {
        let mut len = [0u8; 4];
        s.read_exact(&mut len).expect("a frame");
        let mut b = vec![0; i32::from_be_bytes(len) as usize];
        s.read_exact(&mut b).expect("its body");
        frames.push(b);
    }
    // ReplyHeader (16 bytes), MultiHeader {8, false, 0} (9 bytes), then the names.
    let r = &frames[1];
    let mut at = 16 + 9;
    let int = |b: &[u8], at: usize| i32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let n = int(r, at);
    at += 4;
    let mut names = Vec::new();
    for _ in 0..n {
        let len = int(r, at) as usize;
        at += 4;
        names.push(String::from_utf8_lossy(&r[at..at + len]).to_string());
        at += len;
    }
    assert_eq!(names, lone);
}
