use super::*;
use crate::acl::Acl;
use crate::request::CreateMode;
use crate::stat::Stat;

fn stat(czxid: i64, mzxid: i64, pzxid: i64) -> Stat {
    Stat {
        czxid: Zxid(czxid),
        mzxid: Zxid(mzxid),
        pzxid: Zxid(pzxid),
        ..Stat::default()
    }
}

fn get_data(path: &str, watch: bool) -> Request {
    Request::GetData {
        path: path.into(),
        watch,
    }
}

fn data_reply(s: Stat) -> Result<Response, ZkError> {
    Ok(Response::GetData {
        data: None,
        stat: s,
    })
}

fn set_data(path: &str) -> Request {
    Request::Write(Op::SetData {
        path: path.into(),
        data: Some(b"x".to_vec()),
        version: -1,
    })
}

fn set_reply(mzxid: i64) -> Result<Response, ZkError> {
    Ok(Response::SetData {
        stat: stat(1, mzxid, 1),
    })
}

#[test]
fn a_one_shot_watch_fires_once_and_a_second_event_is_doubled() {
    let mut w = WatchChecks::default();
    let armed = w.replied(
        0,
        "a",
        &get_data("/x", true),
        &data_reply(stat(2, 2, 2)),
        Zxid(5),
    );
    assert_eq!(armed, None);
    assert_eq!(w.event(0, "a", EventType::NodeDataChanged, "/x"), None);
    let doubled = w.event(0, "a", EventType::NodeDataChanged, "/x");
    assert_eq!(
        doubled.map(|d| d.to_string()).as_deref(),
        Some("client a got NodeDataChanged on /x with no watch left to fire")
    );
    // Another client's event, and a child event for a data watch, are not this one's.
    w.replied(
        1,
        "b",
        &get_data("/x", true),
        &data_reply(stat(2, 2, 2)),
        Zxid(5),
    );
    assert!(w.event(0, "a", EventType::NodeDataChanged, "/x").is_some());
    assert!(w
        .event(1, "b", EventType::NodeChildrenChanged, "/x")
        .is_some());
    assert_eq!(w.event(1, "b", EventType::NodeDataChanged, "/x"), None);
}

#[test]
fn one_deletion_event_consumes_the_data_and_the_child_watch_of_a_path() {
    let mut w = WatchChecks::default();
    let children = Request::GetChildren {
        path: "/x".into(),
        watch: true,
    };
    let listed = Ok(Response::GetChildren {
        children: Default::default(),
        stat: stat(2, 2, 2),
    });
    w.replied(0, "a", &children, &listed, Zxid(5));
    w.replied(
        0,
        "a",
        &get_data("/x", true),
        &data_reply(stat(2, 2, 2)),
        Zxid(5),
    );
    assert_eq!(w.event(0, "a", EventType::NodeDeleted, "/x"), None);
    assert!(w.event(0, "a", EventType::NodeDeleted, "/x").is_some());
}

#[test]
fn an_exists_watch_on_a_missing_node_fires_on_its_creation() {
    let mut w = WatchChecks::default();
    let exists = Request::Exists {
        path: "/x".into(),
        watch: true,
    };
    w.replied(0, "a", &exists, &Err(ZkError::NoNode), Zxid(5));
    assert_eq!(w.event(0, "a", EventType::NodeCreated, "/x"), None);
    assert!(w.event(0, "a", EventType::NodeCreated, "/x").is_some());
}

#[test]
fn a_read_that_shows_a_change_the_armed_watch_never_told_of_is_a_lost_event() {
    let mut w = WatchChecks::default();
    w.replied(
        0,
        "a",
        &get_data("/x", true),
        &data_reply(stat(2, 3, 2)),
        Zxid(5),
    );
    // Nothing changed since: the read (re-arming it) finds nothing.
    let again = w.replied(
        0,
        "a",
        &get_data("/x", true),
        &data_reply(stat(2, 3, 2)),
        Zxid(9),
    );
    assert_eq!(again, None);
    // Changed at 0x7 and no event came before the read that shows it.
    let lost = w.replied(
        0,
        "a",
        &get_data("/x", false),
        &data_reply(stat(2, 7, 2)),
        Zxid(9),
    );
    assert_eq!(
        lost.map(|d| d.to_string()).as_deref(),
        Some("client a's data watch on /x (set at 0x5) missed the change at 0x7")
    );
    // The node gone, under an armed child watch.
    let children = Request::GetChildren {
        path: "/y".into(),
        watch: true,
    };
    let listed = Ok(Response::GetChildren {
        children: Default::default(),
        stat: stat(2, 2, 4),
    });
    w.replied(0, "a", &children, &listed, Zxid(5));
    let gone = w.replied(
        0,
        "a",
        &get_data("/y", false),
        &Err(ZkError::NoNode),
        Zxid(9),
    );
    assert_eq!(
        gone.map(|d| d.to_string()).as_deref(),
        Some("client a's child watch on /y (set at 0x5) missed the node's deletion")
    );
    // Once the event came, the change it told of is no loss.
    w.replied(
        0,
        "a",
        &get_data("/z", true),
        &data_reply(stat(2, 2, 2)),
        Zxid(5),
    );
    assert_eq!(w.event(0, "a", EventType::NodeDataChanged, "/z"), None);
    let read = w.replied(
        0,
        "a",
        &get_data("/z", false),
        &data_reply(stat(2, 8, 2)),
        Zxid(9),
    );
    assert_eq!(read, None);
}

#[test]
fn persistent_watches_fire_every_time_and_removed_watches_not_at_all() {
    let mut w = WatchChecks::default();
    let add = |path: &str, mode| Request::AddWatch {
        path: path.into(),
        mode,
    };
    w.replied(
        0,
        "a",
        &add("/p", WatchMode::Persistent),
        &Ok(Response::Empty),
        Zxid(3),
    );
    w.replied(
        0,
        "a",
        &add("/r", WatchMode::PersistentRecursive),
        &Ok(Response::Empty),
        Zxid(3),
    );
    for _ in 0..3 {
        assert_eq!(w.event(0, "a", EventType::NodeDataChanged, "/p"), None);
        assert_eq!(w.event(0, "a", EventType::NodeChildrenChanged, "/p"), None);
        assert_eq!(w.event(0, "a", EventType::NodeCreated, "/r/a/b"), None);
    }
    // A recursive watch tells of no child event, nor of a path beside its own.
    assert!(w
        .event(0, "a", EventType::NodeChildrenChanged, "/r")
        .is_some());
    assert!(w.event(0, "a", EventType::NodeCreated, "/rx").is_some());
    let remove = Request::RemoveWatches {
        path: "/p".into(),
        kind: WatcherKind::Any,
    };
    w.replied(0, "a", &remove, &Ok(Response::Empty), Zxid(4));
    assert!(w.event(0, "a", EventType::NodeDataChanged, "/p").is_some());
    // A session's end takes its watches.
    w.forget(0);
    assert!(w.event(0, "a", EventType::NodeCreated, "/r/a").is_some());
}

#[test]
fn a_read_behind_a_write_acknowledged_before_it_was_issued_is_stale() {
    let mut s = StaleReads::default();
    // a reads /x before any write: nothing to lag behind.
    s.issued(0, 1, &get_data("/x", false));
    assert_eq!(
        s.replied(
            0,
            "a",
            1,
            &get_data("/x", false),
            &data_reply(stat(1, 1, 1)),
            Zxid(1)
        ),
        None
    );
    // b's write is acknowledged at 0x5; then a reads on a server at 0x4.
    assert_eq!(
        s.replied(1, "b", 1, &set_data("/x"), &set_reply(5), Zxid(5)),
        None
    );
    s.issued(0, 2, &get_data("/x", false));
    let stale = s.replied(
        0,
        "a",
        2,
        &get_data("/x", false),
        &data_reply(stat(1, 1, 1)),
        Zxid(4),
    );
    assert_eq!(
        stale.map(|d| d.to_string()).as_deref(),
        Some("client a read /x at 0x4, behind 0x5 acknowledged before the read (no sync: ZooKeeper allows it)")
    );
    // A read issued before the acknowledgement may miss it.
    s.issued(0, 3, &get_data("/x", false));
    assert_eq!(
        s.replied(1, "b", 2, &set_data("/x"), &set_reply(6), Zxid(6)),
        None
    );
    assert_eq!(
        s.replied(
            0,
            "a",
            3,
            &get_data("/x", false),
            &data_reply(stat(1, 5, 1)),
            Zxid(5)
        ),
        None
    );
    // A read of another path, or one that reflects the write, is not stale.
    s.issued(0, 4, &get_data("/y", false));
    assert_eq!(
        s.replied(
            0,
            "a",
            4,
            &get_data("/y", false),
            &Err(ZkError::NoNode),
            Zxid(1)
        ),
        None
    );
    s.issued(0, 5, &get_data("/x", false));
    assert_eq!(
        s.replied(
            0,
            "a",
            5,
            &get_data("/x", false),
            &data_reply(stat(1, 6, 1)),
            Zxid(6)
        ),
        None
    );
}

#[test]
fn a_stale_read_after_the_readers_own_sync_is_a_bug() {
    let mut s = StaleReads::default();
    assert_eq!(
        s.replied(1, "b", 1, &set_data("/x"), &set_reply(5), Zxid(5)),
        None
    );
    let sync = Request::Sync { path: "/".into() };
    s.issued(0, 1, &sync);
    s.issued(0, 2, &get_data("/x", false));
    assert_eq!(
        s.replied(
            0,
            "a",
            1,
            &sync,
            &Ok(Response::Sync { path: "/".into() }),
            Zxid(5)
        ),
        None
    );
    let d = s.replied(
        0,
        "a",
        2,
        &get_data("/x", false),
        &data_reply(stat(1, 1, 1)),
        Zxid(4),
    );
    assert!(
        matches!(d, Some(Detail::StaleRead { synced: true, .. })),
        "{d:?}"
    );
    // A sync issued before the write was acknowledged does not cover it.
    s.issued(0, 3, &sync);
    assert_eq!(
        s.replied(1, "b", 2, &set_data("/x"), &set_reply(7), Zxid(7)),
        None
    );
    s.issued(0, 4, &get_data("/x", false));
    assert_eq!(
        s.replied(
            0,
            "a",
            3,
            &sync,
            &Ok(Response::Sync { path: "/".into() }),
            Zxid(6)
        ),
        None
    );
    let d = s.replied(
        0,
        "a",
        4,
        &get_data("/x", false),
        &data_reply(stat(1, 5, 1)),
        Zxid(6),
    );
    assert!(
        matches!(d, Some(Detail::StaleRead { synced: false, .. })),
        "{d:?}"
    );
}

#[test]
fn a_create_touches_its_node_and_its_parent_and_a_failed_multi_nothing() {
    let create = Request::Write(Op::Create {
        path: "/q/n-".into(),
        data: None,
        acl: Acl::open_unsafe(),
        mode: CreateMode::PersistentSequential,
        ttl_ms: -1,
    });
    let created = Ok(Response::Create {
        path: "/q/n-0000000001".into(),
        stat: Stat::default(),
    });
    assert_eq!(written_paths(&create, &created), ["/q/n-0000000001", "/q"]);
    let multi = Request::Multi(vec![Op::SetData {
        path: "/a".into(),
        data: None,
        version: 3,
    }]);
    let failed = Ok(Response::Multi(vec![OpResult::Error { code: -103 }]));
    assert!(written_paths(&multi, &failed).is_empty());
    assert!(covers("/", "/a") && covers("/a", "/a/b") && !covers("/a", "/ab"));
}
