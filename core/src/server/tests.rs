//! The server's unit tests: setWatches, connections, session ids.

use super::*;
use crate::acl::Acl;
use crate::request::{CreateMode, Op, SetWatches};
use crate::stat::CONTAINER_OWNER;

fn create(server: &mut Server, s: SessionId, p: &str) {
    let op = Op::Create {
        path: p.into(),
        data: None,
        acl: Acl::open_unsafe(),
        mode: CreateMode::Persistent,
        ttl_ms: -1,
    };
    assert!(server.handle(s, &Request::Write(op)).is_ok());
}

fn set(server: &mut Server, s: SessionId, p: &str) {
    let op = Op::SetData {
        path: p.into(),
        data: None,
        version: -1,
    };
    assert!(server.handle(s, &Request::Write(op)).is_ok());
}

fn events(server: &mut Server) -> Vec<(EventType, String)> {
    server
        .take_notifications()
        .into_iter()
        .map(|n| (n.kind, n.path))
        .collect()
}

#[test]
fn set_watches_answers_each_watch_from_the_tree_now() {
    let mut server = Server::default();
    let (writer, _) = server.open_session(30_000);
    let (watcher, _) = server.open_session(30_000);
    for p in ["/same", "/changed", "/parent", "/quiet-parent"] {
        create(&mut server, writer, p);
    }
    let relative_zxid = server.last_zxid();
    set(&mut server, writer, "/changed");
    create(&mut server, writer, "/parent/child");
    create(&mut server, writer, "/born");
    let w = SetWatches {
        relative_zxid,
        data: vec!["/same".into(), "/changed".into(), "/gone".into()],
        exist: vec!["/born".into(), "/unborn".into()],
        child: vec!["/parent".into(), "/quiet-parent".into(), "/gone".into()],
        persistent: vec!["/p".into()],
        persistent_recursive: vec!["/r".into()],
    };
    assert_eq!(server.set_watches(watcher, &w), Ok(()));
    let fired = events(&mut server);
    let expected: Vec<(EventType, String)> = vec![
        (EventType::NodeDataChanged, "/changed".into()),
        (EventType::NodeDeleted, "/gone".into()),
        (EventType::NodeCreated, "/born".into()),
        (EventType::NodeChildrenChanged, "/parent".into()),
        (EventType::NodeDeleted, "/gone".into()),
    ];
    assert_eq!(fired, expected);
    // What did not fire is set again, with its mode.
    let [data, child] = server.watches();
    let set_again: Vec<(String, WatchMode)> = data.into_iter().map(|e| (e.path, e.mode)).collect();
    assert_eq!(
        set_again,
        vec![
            ("/p".into(), WatchMode::Persistent),
            ("/r".into(), WatchMode::PersistentRecursive),
            ("/same".into(), WatchMode::Standard),
            ("/unborn".into(), WatchMode::Standard),
        ]
    );
    let child: Vec<String> = child.into_iter().map(|e| e.path).collect();
    assert_eq!(child, vec!["/p", "/quiet-parent", "/r"]);
}

#[test]
fn a_closed_connection_takes_its_watches_but_not_its_session() {
    let mut server = Server::default();
    let (s, _) = server.open_session(30_000);
    create(&mut server, s, "/a");
    let watch = Request::GetData {
        path: "/a".into(),
        watch: true,
    };
    assert!(server.handle(s, &watch).is_ok());
    server.remove_connection(s);
    set(&mut server, s, "/a");
    assert!(events(&mut server).is_empty());
    assert!(server.session_timeout(s).is_some());
    let gone = SessionId(0x7fff);
    assert_eq!(
        server.set_watches(gone, &SetWatches::default()),
        Err(ZkError::SessionExpired)
    );
}

/// Ids seen from the real server (Debian's ZooKeeper 3.8, standalone): three sessions
/// opened in a row were `0x100002969390000`, `…0001`, `…0002`, with /proc/uptime reading
/// 2,694 s before the server started and 2,718 s after; the conformance goldens hold
/// `0x1000008bbe20000` (about ten minutes after boot). Both are the formula's shape: server
/// id 1 in the top byte, the uptime in ms in the next five bytes, a session count below.
#[test]
fn session_ids_are_formed_as_zookeeper_forms_them() {
    assert_eq!(first_session_id(1, 2_713_913), 0x0100_0029_6939_0000);
    assert_eq!(
        format!("{}", SessionId(0x0100_0029_6939_0000)),
        "0x100002969390000"
    );
    assert_eq!(first_session_id(1, 0x8_bbe2), 0x0100_0008_bbe2_0000);
    let uptime_ms = (0x0100_0029_6939_0000_i64 >> 16) & 0xff_ffff_ffff;
    assert!((2_694_000..=2_718_000).contains(&uptime_ms));
    // Only the clock's low 40 bits fit; the server id is never overwritten.
    assert_eq!(first_session_id(1, (1 << 40) + 5), first_session_id(1, 5));
    assert_eq!(first_session_id(1, u64::MAX) >> 56, 1);
    // The container marker is stepped over.
    assert_eq!(first_session_id(0x80, 0), CONTAINER_OWNER + 1);

    let mut server = Server::default();
    let ids: Vec<i64> = (0..3).map(|_| server.open_session(30_000).0 .0).collect();
    let first = first_session_id(STANDALONE_SERVER_ID, 0);
    assert_eq!(ids, vec![first, first + 1, first + 2]);
    assert_eq!(first >> 56, 1);
    assert_eq!(first & 0xffff, 0);
}

#[test]
fn a_restarted_server_takes_ids_from_its_clock_and_never_reuses_one() {
    let mut server = Server::default();
    let (a, _) = server.open_session(30_000);
    server.restart_session_tracker(0);
    let (b, _) = server.open_session(30_000);
    assert_eq!(
        b.0,
        a.0 + 1,
        "a restart in the same millisecond goes on counting"
    );
    server.restart_session_tracker(2_500);
    let (c, _) = server.open_session(30_000);
    assert_eq!(c.0, 0x0100_0000_09c4_0000);
    assert_eq!(c.to_string(), "0x100000009c40000");
}

/// Runs `write` until the debug check panics; the number of writes it took and the message.
#[cfg(debug_assertions)]
fn writes_until_caught(
    server: &mut Server,
    limit: usize,
    write: impl Fn(&mut Server),
) -> Option<(usize, String)> {
    for n in 1..=limit {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(server)));
        if let Err(e) = caught {
            let text = e.downcast_ref::<String>().cloned().unwrap_or_default();
            return Some((n, text));
        }
    }
    None
}

#[cfg(debug_assertions)]
#[test]
fn a_broken_tree_is_caught_within_its_cadence_and_by_a_full_check() {
    let mut server = Server::default();
    let (s, _) = server.open_session(30_000);
    for i in 0..1_000 {
        create(&mut server, s, &format!("/n{i}"));
    }
    let op = Op::Create {
        path: "/lease".into(),
        data: None,
        acl: Acl::open_unsafe(),
        mode: CreateMode::Ephemeral,
        ttl_ms: -1,
    };
    assert!(server.handle(s, &Request::Write(op)).is_ok());
    assert_eq!(server.check_invariants(), Ok(()));
    // The session's ephemeral index forgets /lease while the node stays: the bookkeeping
    // is broken, and stays broken, whatever the next writes touch.
    server.tree.drop_session(s);
    let broken = Err("ephemeral /lease missing from index".to_string());
    assert_eq!(server.check_invariants(), broken);
    let nodes = server.tree.len();
    assert!(nodes > 1_000);
    let limit = crate::check_cadence::interval(nodes);
    assert!(
        limit > 1,
        "the tree is large enough to be checked less than every write"
    );
    let caught = writes_until_caught(&mut server, limit, |server| set(server, s, "/n7"));
    let (writes, text) = caught.expect("a broken tree went unnoticed");
    assert!(writes <= limit);
    assert_eq!(
        text,
        "server invariant broken: ephemeral /lease missing from index"
    );
}

#[test]
fn the_super_digest_makes_a_session_the_superuser() {
    let config = ServerConfig {
        // DigestAuthenticationProvider.generateDigest("super:test"), from ZooKeeper's docs.
        super_digest: Some("super:D/InIHSb7yEEbrWz8b9l71RjZJU=".into()),
        ..ServerConfig::default()
    };
    let mut server = Server::new(config);
    let (owner, _) = server.open_session(30_000);
    let (admin, _) = server.open_session(30_000);
    let auth = |who: &str| Request::AddAuth {
        scheme: "digest".into(),
        auth: who.as_bytes().to_vec(),
    };
    assert!(server.handle(owner, &auth("alice:secret")).is_ok());
    let op = Op::Create {
        path: "/private".into(),
        data: None,
        acl: crate::acl::parse_acl_list("auth::cdrwa"),
        mode: CreateMode::Persistent,
        ttl_ms: -1,
    };
    assert!(server.handle(owner, &Request::Write(op)).is_ok());
    let read = Request::GetData {
        path: "/private".into(),
        watch: false,
    };
    assert_eq!(server.handle(admin, &read), Err(ZkError::NoAuth));
    assert!(server.handle(admin, &auth("super:test")).is_ok());
    assert!(server.handle(admin, &read).is_ok());
}

#[test]
fn a_server_replayed_from_its_journal_is_the_server() {
    use crate::server::journal::JournalEntry;
    let mut server = Server::new(ServerConfig::default());
    server.keep_journal();
    let (a, _) = server.open_session(30_000);
    let (b, _) = server.open_session(10_000);
    create(&mut server, a, "/app");
    server.advance(1500);
    let eph = Op::Create {
        path: "/app/e".into(),
        data: Some(b"x".to_vec()),
        acl: Acl::open_unsafe(),
        mode: CreateMode::EphemeralSequential,
        ttl_ms: -1,
    };
    assert!(server.handle(b, &Request::Write(eph)).is_ok());
    // A failed write consumes a zxid too.
    let missing = Op::Delete {
        path: "/nope".into(),
        version: -1,
    };
    assert!(server.handle(a, &Request::Write(missing)).is_err());
    let auth = Request::AddAuth {
        scheme: "digest".into(),
        auth: b"u:p".to_vec(),
    };
    assert!(server.handle(a, &auth).is_ok());
    set(&mut server, a, "/app");
    server.advance(20);
    assert!(server.close_session(b).is_ok());
    server.take_notifications();
    let journal = server.take_journal();
    assert!(matches!(journal.first(), Some(JournalEntry::Open { .. })));
    let replayed = Server::replay(ServerConfig::default(), &journal);
    assert_eq!(replayed, server);
    assert_eq!(replayed.last_zxid(), server.last_zxid());
    assert!(server.take_journal().is_empty());
}
