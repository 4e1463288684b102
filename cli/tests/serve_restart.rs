//! A standalone `zkplay serve` keeps its data in its dataDir as ZooKeeper does: stopped
//! (SIGTERM) or killed and started again on the same dataDir, it serves the same tree at the
//! same zxids, its sessions alive (a client re-attaches with its id and password) and their
//! ephemerals kept; on another dataDir it starts empty.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use zkplay_cli::wire::Conn;
use zkplay_core::acl::Acl;
use zkplay_core::request::{CreateMode, Op, Request, Response};
use zkplay_core::ZkError;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the binary on `dir` and waits for its port.
fn serve(dir: &std::path::Path, port: u16) -> Child {
    serve_ticking(dir, port, 2000)
}

/// Starts the binary on `dir` with a tickTime of `tick_ms` and waits for its port.
fn serve_ticking(dir: &std::path::Path, port: u16, tick_ms: u32) -> Child {
    let cfg = dir.join("zoo.cfg");
    std::fs::write(
        &cfg,
        format!(
            "tickTime={tick_ms}\ndataDir={}\nclientPort={port}\nclientPortAddress=127.0.0.1\n",
            dir.join("data").display()
        ),
    )
    .expect("zoo.cfg");
    let child = Command::new(env!("CARGO_BIN_EXE_zkplay"))
        .arg("serve")
        .arg(&cfg)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("zkplay serve");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "zkplay serve did not open its port"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

fn create(path: &str, mode: CreateMode) -> Request {
    Request::Write(Op::Create {
        path: path.into(),
        data: Some(b"kept".to_vec()),
        acl: Acl::open_unsafe(),
        mode,
        ttl_ms: -1,
    })
}

fn get(c: &mut Conn, path: &str) -> Result<Response, ZkError> {
    let r = Request::GetData {
        path: path.into(),
        watch: false,
    };
    c.call(&r).expect("the call").1
}

#[test]
fn a_restarted_server_keeps_its_tree_zxids_and_sessions() {
    let dir = std::env::temp_dir().join(format!("zkplay-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut first = serve(&dir, port);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert!(matches!(
        c.call(&create("/app", CreateMode::Persistent)),
        Ok((_, Ok(_)))
    ));
    assert!(matches!(
        c.call(&create("/app/e", CreateMode::Ephemeral)),
        Ok((_, Ok(_)))
    ));
    let (zxid, _) = c
        .call(&create("/app/s-", CreateMode::PersistentSequential))
        .expect("seq");
    let (session, password) = (c.session_id, c.password.clone());
    // Stopped as the kazoo harness stops ZooKeeper.
    let _ = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status();
    let _ = first.wait();
    drop(c);

    let mut second = serve(&dir, port);
    let mut back = Conn::connect(&addr, 30_000, Some((session, password))).expect("re-attach");
    assert_eq!(back.session_id, session, "the session was not kept");
    assert!(matches!(
        get(&mut back, "/app/e"),
        Ok(Response::GetData { .. })
    ));
    let (next, _) = back
        .call(&create("/app/s-", CreateMode::PersistentSequential))
        .expect("seq");
    assert!(next > zxid, "zxids went back: {next:#x} after {zxid:#x}");
    match back.call(&Request::GetChildren {
        path: "/app".into(),
        watch: false,
    }) {
        Ok((_, Ok(Response::GetChildren { children, .. }))) => {
            let mut names: Vec<String> = children.iter().map(|n| n.to_string()).collect();
            names.sort();
            assert_eq!(names, ["e", "s-0000000001", "s-0000000002"]);
        }
        other => panic!("ls /app: {other:?}"),
    }
    // Killed outright, it keeps what it had answered.
    let _ = second.kill();
    let _ = second.wait();
    drop(back);
    let mut third = serve(&dir, port);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert!(matches!(
        get(&mut c, "/app/s-0000000002"),
        Ok(Response::GetData { .. })
    ));
    let _ = third.kill();
    let _ = third.wait();

    // Another dataDir: empty.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).expect("dir");
    let mut fourth = serve(&other, port);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert_eq!(get(&mut c, "/app"), Err(ZkError::NoNode));
    let _ = fourth.kill();
    let _ = fourth.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A session opened after a restart, and a setAcl, outlive the next restart too; and a
/// restored session gets a fresh timeout: a downtime longer than it does not expire it.
#[test]
fn what_a_restarted_server_did_outlives_the_next_restart_and_the_downtime() {
    let dir = std::env::temp_dir().join(format!("zkplay-restart2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    // tickTime 100: a session of at most 2 s.
    let start = |d: &std::path::Path| serve_ticking(d, port, 100);
    let mut first = start(&dir);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert!(matches!(
        c.call(&create("/a", CreateMode::Persistent)),
        Ok((_, Ok(_)))
    ));
    drop(c);
    let _ = first.kill();
    let _ = first.wait();

    let mut second = start(&dir);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert!(matches!(
        c.call(&create("/b", CreateMode::Ephemeral)),
        Ok((_, Ok(_)))
    ));
    let set_acl = Request::SetAcl {
        path: "/a".into(),
        acl: zkplay_core::acl::Acl::read_unsafe(),
        version: -1,
    };
    let (zxid, r) = c.call(&set_acl).expect("setAcl");
    assert!(r.is_ok(), "{r:?}");
    let (session, password) = (c.session_id, c.password.clone());
    let _ = second.kill();
    let _ = second.wait();
    // Down longer than the session's timeout.
    std::thread::sleep(Duration::from_millis(2500));

    let mut third = start(&dir);
    let mut back =
        Conn::reconnect(&addr, 30_000, Some((session, password)), zxid).expect("re-attach");
    assert_eq!(
        back.session_id, session,
        "the session opened after a restart was lost"
    );
    assert!(matches!(get(&mut back, "/b"), Ok(Response::GetData { .. })));
    let acl = Request::GetAcl { path: "/a".into() };
    match back.call(&acl) {
        Ok((_, Ok(Response::GetAcl { acl, .. }))) => {
            assert_eq!(acl, zkplay_core::acl::Acl::read_unsafe())
        }
        other => panic!("getAcl /a: {other:?}"),
    }
    let _ = third.kill();
    let _ = third.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A journal whose last line a crash cut short is read up to it, and goes on after it.
#[test]
fn a_journal_line_cut_short_ends_the_journal() {
    let dir = std::env::temp_dir().join(format!("zkplay-restart3-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut first = serve(&dir, port);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert!(matches!(
        c.call(&create("/kept", CreateMode::Persistent)),
        Ok((_, Ok(_)))
    ));
    let _ = first.kill();
    let _ = first.wait();
    drop(c);
    let journal = dir.join("data").join("zkplay-journal");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .expect("the journal");
    std::io::Write::write_all(&mut f, b"write 72057594037927936 0000").expect("append");
    drop(f);
    let mut second = serve(&dir, port);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert!(matches!(get(&mut c, "/kept"), Ok(Response::GetData { .. })));
    assert!(matches!(
        c.call(&create("/next", CreateMode::Persistent)),
        Ok((_, Ok(_)))
    ));
    let _ = second.kill();
    let _ = second.wait();
    let mut third = serve(&dir, port);
    let mut c = Conn::connect(&addr, 30_000, None).expect("connect");
    assert!(matches!(get(&mut c, "/next"), Ok(Response::GetData { .. })));
    let _ = third.kill();
    let _ = third.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A journal is replayed only with the settings it was written with: another tickTime (which
/// changes every session's timeout) is refused with a message saying both.
#[test]
fn a_journal_is_replayed_only_with_its_settings() {
    let dir = std::env::temp_dir().join(format!("zkplay-restart4-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let port = free_port();
    let mut first = serve(&dir, port);
    let mut c = Conn::connect(&format!("127.0.0.1:{port}"), 30_000, None).expect("connect");
    assert!(matches!(
        c.call(&create("/x", CreateMode::Persistent)),
        Ok((_, Ok(_)))
    ));
    let _ = first.kill();
    let _ = first.wait();
    let cfg = dir.join("other.cfg");
    std::fs::write(
        &cfg,
        format!(
            "tickTime=3000\ndataDir={}\nclientPort={port}\nclientPortAddress=127.0.0.1\n",
            dir.join("data").display()
        ),
    )
    .expect("zoo.cfg");
    let out = Command::new(env!("CARGO_BIN_EXE_zkplay"))
        .arg("serve")
        .arg(&cfg)
        .stdin(Stdio::null())
        .output()
        .expect("zkplay serve");
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("was written with tickTime=2000") && said.contains("says tickTime=3000"),
        "{said}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
