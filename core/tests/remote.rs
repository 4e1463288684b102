//! Clients outside the world (`Sim::remote_open`, what `zkplay serve` builds on): a program's
//! connection is a client of the world on a standalone server and on an ensemble, its
//! messages carried, its session's ephemerals and watches handled as any client's.

use zkplay_core::acl::Acl;
use zkplay_core::ensemble::EnsembleConfig;
use zkplay_core::request::{CreateMode, Op, Request, Response};
use zkplay_core::sim::ensemble::EnsembleSimConfig;
use zkplay_core::sim::{ClientId, Payload, Sim, SimConfig};
use zkplay_core::stat::{SessionId, Zxid};
use zkplay_core::watch::EventType;

fn create(path: &str, mode: CreateMode) -> Request {
    Request::Write(Op::Create {
        path: path.to_string(),
        data: Some(b"x".to_vec()),
        acl: Acl::open_unsafe(),
        mode,
        ttl_ms: -1,
    })
}

/// Runs the world `ms` on and returns what reached the programs.
fn run(sim: &mut Sim, ms: u64) -> Vec<(ClientId, Payload)> {
    let t = sim.now_ms() + ms;
    sim.run_until(t);
    sim.take_remote_out()
}

fn connect(sim: &mut Sim, id: ClientId, session: Option<SessionId>) -> SessionId {
    let connect = Payload::Connect {
        session,
        timeout_ms: 10_000,
    };
    sim.remote_send(id, connect, Zxid::ZERO);
    let out = run(sim, 50);
    match out.as_slice() {
        [(to, Payload::ConnectOk { session, .. })] if *to == id => *session,
        other => panic!("expected the connect's answer, got {other:?}"),
    }
}

fn request(sim: &mut Sim, id: ClientId, xid: u64, request: Request) -> Vec<(ClientId, Payload)> {
    sim.remote_send(id, Payload::Request { xid, request }, Zxid::ZERO);
    run(sim, 50)
}

#[test]
fn a_program_on_the_standalone_server_creates_watches_and_loses_its_ephemeral_on_expiry() {
    let mut sim = Sim::new(SimConfig::default());
    let a = sim.remote_open("a", 0);
    let b = sim.remote_open("b", 0);
    let sa = connect(&mut sim, a, None);
    let _ = connect(&mut sim, b, None);
    let out = request(&mut sim, a, 1, create("/e", CreateMode::Ephemeral));
    assert!(matches!(
        out.as_slice(),
        [(
            _,
            Payload::Reply {
                xid: 1,
                result: Ok(Response::Create { .. }),
                ..
            }
        )]
    ));
    let watch = Request::Exists {
        path: "/e".into(),
        watch: true,
    };
    let out = request(&mut sim, b, 1, watch);
    assert!(matches!(
        out.as_slice(),
        [(
            _,
            Payload::Reply {
                xid: 1,
                result: Ok(_),
                ..
            }
        )]
    ));
    // The program never pings: its session expires, its ephemeral goes, b's watch fires.
    assert_eq!(sim.remote_of_session(sa), Some(a));
    let out = run(&mut sim, 30_000);
    let notified = out.iter().any(|(to, p)| {
        *to == b
            && matches!(p, Payload::Notify { kind: EventType::NodeDeleted, path } if path == "/e")
    });
    assert!(notified, "{out:?}");
    assert!(out
        .iter()
        .any(|(to, p)| *to == a && matches!(p, Payload::Hangup)));
    assert_eq!(sim.remote_of_session(sa), None);
}

#[test]
fn a_closed_socket_takes_its_watches_and_a_new_one_reattaches_the_session() {
    let mut sim = Sim::new(SimConfig::default());
    let a = sim.remote_open("a", 0);
    let s = connect(&mut sim, a, None);
    let _ = request(&mut sim, a, 1, create("/n", CreateMode::Persistent));
    let watch = Request::GetData {
        path: "/n".into(),
        watch: true,
    };
    let _ = request(&mut sim, a, 2, watch);
    sim.remote_hangup(a);
    let a2 = sim.remote_open("a2", 0);
    assert_eq!(connect(&mut sim, a2, Some(s)), s);
    let set = Request::Write(Op::SetData {
        path: "/n".into(),
        data: Some(b"y".to_vec()),
        version: -1,
    });
    let out = request(&mut sim, a2, 1, set);
    // The watch went with the first connection: only the reply comes back.
    assert_eq!(out.len(), 1, "{out:?}");
    // A connect claiming a zxid the server never wrote is refused.
    let c = sim.remote_open("c", 0);
    let future = Payload::Connect {
        session: None,
        timeout_ms: 10_000,
    };
    sim.remote_send(c, future, Zxid(1 << 40));
    assert!(matches!(
        sim.take_remote_out().as_slice(),
        [(_, Payload::Hangup)]
    ));
}

#[test]
fn a_program_on_an_ensemble_writes_through_the_leader_and_reads_on_a_follower_after_sync() {
    let mut config = EnsembleConfig::new(3, 0);
    config.tick_time_ms = 200;
    let mut sim = Sim::ensemble(EnsembleSimConfig::new(7, config));
    for id in (1..=3).rev() {
        sim.start_peer(id);
    }
    sim.run_until(5_000);
    let leader = sim
        .server_ids()
        .into_iter()
        .find(|&k| sim.peer(k).and_then(|p| p.leader()) == Some(k))
        .expect("a leader");
    let follower = sim.server_ids().into_iter().find(|&k| k != leader).unwrap();
    let w = sim.remote_open("w", leader);
    let r = sim.remote_open("r", follower);
    connect(&mut sim, w, None);
    connect(&mut sim, r, None);
    let out = request(&mut sim, w, 1, create("/x", CreateMode::Persistent));
    assert!(
        matches!(out.as_slice(), [(_, Payload::Reply { result: Ok(_), .. })]),
        "{out:?}"
    );
    let sync = Request::Sync { path: "/x".into() };
    let _ = request(&mut sim, r, 1, sync);
    let read = Request::Exists {
        path: "/x".into(),
        watch: false,
    };
    let out = request(&mut sim, r, 2, read);
    assert!(
        matches!(out.as_slice(), [(_, Payload::Reply { result: Ok(_), .. })]),
        "{out:?}"
    );
}

#[test]
fn a_program_re_attaching_its_session_from_a_new_socket_closes_the_old_one() {
    let mut sim = Sim::new(SimConfig::default());
    let a = sim.remote_open("a", 0);
    let s = connect(&mut sim, a, None);
    let b = sim.remote_open("b", 0);
    let connect_b = Payload::Connect {
        session: Some(s),
        timeout_ms: 10_000,
    };
    sim.remote_send(b, connect_b, Zxid::ZERO);
    let out = run(&mut sim, 50);
    assert!(
        out.iter()
            .any(|(to, p)| *to == a && matches!(p, Payload::Hangup)),
        "{out:?}"
    );
    assert!(out
        .iter()
        .any(|(to, p)| *to == b && matches!(p, Payload::ConnectOk { .. })));
    assert_eq!(sim.remote_of_session(s), Some(b));
}
