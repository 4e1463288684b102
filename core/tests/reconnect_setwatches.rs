//! Reconnecting carries watches by setWatches, as ZooKeeper 3.8 does. Over many seeds a watcher
//! sets data, exist, child, persistent and recursive watches; it is partitioned long enough to
//! lose its connection but not its session while another client writes (sets, creates,
//! deletes, a change then a delete, a delete then a create); then it heals and reconnects.
//! It must receive exactly what `DataTree.setWatches` answers, computed here from the tree's
//! state and the zxid of the last reply the watcher saw: nothing lost, nothing twice, each of
//! the right type. Afterwards the watches setWatches set again must each fire once more.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use zkplay_core::acl::Acl;
use zkplay_core::sim::rng::Rng;
use zkplay_core::sim::{ClientEvent, ConnState, Input, Sim, SimConfig};
use zkplay_core::watch::{EventType, WatchMode};
use zkplay_core::{CreateMode, Op, Request, Response, ZkError, Zxid};

const SEEDS: u64 = 300;
/// The most events any wait below may take (a bound, not a timing).
const STEPS_MAX: u64 = 200_000;
/// Every path the test uses, parents before children.
const PATHS: [&str; 8] = [
    "/t", "/t/a", "/t/b", "/t/a/x", "/t/a/y", "/t/b/x", "/u", "/u/v",
];
/// The watcher's requested timeout: its connection goes after two thirds of it without a word
/// from the server, its session after all of it, which leaves a third to heal and reconnect.
const WATCHER_TIMEOUT_MS: u32 = 20_000;

type Event = (EventType, String);

#[test]
fn a_reconnect_gets_exactly_what_set_watches_answers() {
    for seed in 0..SEEDS {
        check(seed);
    }
}

/// What the watcher's client registered, by the Java client's rules, from the replies it got.
#[derive(Default)]
struct Registered {
    data: BTreeSet<String>,
    exist: BTreeSet<String>,
    child: BTreeSet<String>,
    persistent: BTreeSet<String>,
    recursive: BTreeSet<String>,
}

/// Names the seed of any failure, a panic deep in the engine included.
struct SeedOnPanic(u64);

impl Drop for SeedOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("reconnect_setwatches: failing seed {}", self.0);
        }
    }
}

fn check(seed: u64) {
    let _seed = SeedOnPanic(seed);
    let mut rng = Rng::derive(seed, "reconnect-setwatches-test");
    let mut sim = Sim::new(SimConfig {
        seed,
        ..SimConfig::default()
    });
    open(&mut sim, seed, "w", WATCHER_TIMEOUT_MS);
    open(&mut sim, seed, "m", 30_000);

    // A random tree, then the watcher's watches on it.
    for p in PATHS {
        if exists(&sim, parent(p)) && rng.range_inclusive(0, 2) > 0 {
            create(&mut sim, seed, p);
        }
    }
    let registered = set_watches(&mut sim, seed, &mut rng);
    settle(&mut sim, seed);
    let _ = sim.take_client_events("w");
    let session = sim.client("w").and_then(|c| c.session);
    // Nothing was written since the watcher's last reply, whose header carried this zxid.
    let relative_zxid = sim.server().unwrap().last_zxid();
    let last_seen = sim.client("w").map(|c| c.last_zxid_seen);
    assert_eq!(last_seen, Some(relative_zxid), "seed {seed}: lastZxid");

    // Partitioned: writes while the old connection still stands (their notifications are held
    // on it, then lost with it), and after the watcher gave up on it.
    sim.apply(Input::Partition { name: "w".into() })
        .expect("partition");
    let start_ms = sim.now_ms();
    let mut times: Vec<u64> = (0..rng.range_inclusive(0, 6))
        .map(|_| rng.range_inclusive(0, 12_000))
        .collect();
    times.sort_unstable();
    for t in times {
        sim.run_until(start_ms + t);
        random_write(&mut sim, seed, &mut rng);
    }
    run_while(&mut sim, seed, "the watcher to lose its connection", |s| {
        s.client("w")
            .is_some_and(|c| c.state != ConnState::Connecting)
    });
    for _ in 0..rng.range_inclusive(0, 4) {
        random_write(&mut sim, seed, &mut rng);
        let next = sim.now_ms() + rng.range_inclusive(0, 500);
        sim.run_until(next);
    }
    sim.apply(Input::Heal { name: "w".into() }).expect("heal");
    run_while(&mut sim, seed, "the watcher to reconnect", |s| {
        s.client("w")
            .is_some_and(|c| c.state != ConnState::Connected)
    });
    settle(&mut sim, seed);
    let w = sim.client("w").expect("watcher");
    assert_eq!(w.session, session, "seed {seed}: the session survives");
    assert_eq!(w.state, ConnState::Connected, "seed {seed}: reconnected");

    // What setWatches answers, from the tree as it is now (nothing was written since).
    let (mut expected, mut again) = answer(&sim, &registered, relative_zxid);
    let mut received = watch_events(&mut sim);
    expected.sort();
    received.sort();
    assert_eq!(
        received, expected,
        "seed {seed}: events after the reconnect (relativeZxid {relative_zxid})"
    );

    // The watches set again are live on the new connection: each fires once more.
    let mut expected = Vec::new();
    for p in PATHS {
        if exists(&sim, p) {
            set_data(&mut sim, seed, p);
            if again.fires(p, true) {
                expected.push((EventType::NodeDataChanged, p.to_string()));
            }
        } else if exists(&sim, parent(p)) {
            create(&mut sim, seed, p);
            if again.fires(p, true) {
                expected.push((EventType::NodeCreated, p.to_string()));
            }
            if again.fires(parent(p), false) {
                expected.push((EventType::NodeChildrenChanged, parent(p).to_string()));
            }
        }
    }
    settle(&mut sim, seed);
    assert_eq!(
        watch_events(&mut sim),
        expected,
        "seed {seed}: events from the watches set again"
    );
}

/// The server's watches after setWatches, as `DataTree.setWatches` leaves them.
struct SetAgain {
    /// The data table's standard watches (data and exist watches set again).
    data: BTreeSet<String>,
    child: BTreeSet<String>,
    persistent: BTreeSet<String>,
    recursive: BTreeSet<String>,
}

impl SetAgain {
    /// Whether a change at `p` notifies the watcher (once, whatever the number of watches that
    /// match), consuming a standard watch: in the data table for a change of the node itself,
    /// in the child table for a change of its children (which recursive watches ignore).
    fn fires(&mut self, p: &str, data_table: bool) -> bool {
        if !data_table {
            let standard = self.child.remove(p);
            return standard || self.persistent.contains(p);
        }
        let standard = self.data.remove(p);
        let recursive = ancestors_or_self(p).any(|a| self.recursive.contains(a));
        standard || self.persistent.contains(p) || recursive
    }
}

/// `DataTree.setWatches`, written from its rules: the events it sends and what it sets again.
fn answer(sim: &Sim, r: &Registered, relative_zxid: Zxid) -> (Vec<Event>, SetAgain) {
    let tree = sim.server().unwrap().tree();
    let mut events = Vec::new();
    let mut again = SetAgain {
        data: BTreeSet::new(),
        child: BTreeSet::new(),
        persistent: r.persistent.clone(),
        recursive: r.recursive.clone(),
    };
    for p in &r.data {
        match tree.get(p) {
            None => events.push((EventType::NodeDeleted, p.clone())),
            Some(n) if n.stat.mzxid > relative_zxid => {
                events.push((EventType::NodeDataChanged, p.clone()))
            }
            Some(_) => {
                again.data.insert(p.clone());
            }
        }
    }
    for p in &r.exist {
        if tree.get(p).is_some() {
            events.push((EventType::NodeCreated, p.clone()));
        } else {
            again.data.insert(p.clone());
        }
    }
    for p in &r.child {
        match tree.get(p) {
            None => events.push((EventType::NodeDeleted, p.clone())),
            Some(n) if n.stat.pzxid > relative_zxid => {
                events.push((EventType::NodeChildrenChanged, p.clone()))
            }
            Some(_) => {
                again.child.insert(p.clone());
            }
        }
    }
    // Persistent watches come last, and a connection has one mode per path: a standard watch
    // set again where a persistent or recursive one follows takes that mode. A child watch
    // under a recursive one is then no more (recursive watches ignore child lists).
    for p in r.persistent.iter().chain(&r.recursive) {
        again.data.remove(p);
        again.child.remove(p);
    }
    (events, again)
}

/// The watcher's watches: per path none, a data watch, an exists watch, a child watch, or a
/// data or exists watch with a child watch; then a few persistent and recursive watches.
fn set_watches(sim: &mut Sim, seed: u64, rng: &mut Rng) -> Registered {
    let mut r = Registered::default();
    for p in PATHS {
        let choice = rng.range_inclusive(0, 5);
        if matches!(choice, 1 | 4) {
            let reply = call(sim, seed, "w", get_data(p));
            if reply.is_ok() {
                r.data.insert(p.to_string());
            }
        }
        if matches!(choice, 2 | 5) {
            // An exists on a node that is there sets a data watch, on a missing one an exist
            // watch.
            match call(sim, seed, "w", exists_watch(p)) {
                Ok(_) => r.data.insert(p.to_string()),
                Err(ZkError::NoNode) => r.exist.insert(p.to_string()),
                Err(e) => panic!("seed {seed}: exists {p}: {e:?}"),
            };
        }
        if matches!(choice, 3..=5) {
            let reply = call(sim, seed, "w", get_children(p));
            if reply.is_ok() {
                r.child.insert(p.to_string());
            }
        }
    }
    // After the standard ones: in 3.8 a standard watch added over a persistent one on the
    // server turns it standard, a quirk this test has no need to meet.
    for p in PATHS {
        let mode = match rng.range_inclusive(0, 9) {
            0 | 1 => WatchMode::Persistent,
            2 => WatchMode::PersistentRecursive,
            _ => continue,
        };
        let request = Request::AddWatch {
            path: p.to_string(),
            mode,
        };
        assert!(
            call(sim, seed, "w", request).is_ok(),
            "seed {seed}: addWatch"
        );
        match mode {
            WatchMode::PersistentRecursive => r.recursive.insert(p.to_string()),
            _ => r.persistent.insert(p.to_string()),
        };
    }
    r
}

/// One random change by the writer: a set, a create, a delete, a change then a delete, or a
/// delete then a create.
fn random_write(sim: &mut Sim, seed: u64, rng: &mut Rng) {
    let p = PATHS[rng.range_inclusive(0, PATHS.len() as u64 - 1) as usize];
    if !exists(sim, p) {
        if exists(sim, parent(p)) {
            create(sim, seed, p);
        }
        return;
    }
    let leaf = sim
        .server()
        .unwrap()
        .tree()
        .get(p)
        .is_some_and(|n| n.children.is_empty());
    match rng.range_inclusive(0, 3) {
        0 if leaf => delete(sim, seed, p),
        1 if leaf => {
            set_data(sim, seed, p);
            delete(sim, seed, p);
        }
        2 if leaf => {
            delete(sim, seed, p);
            create(sim, seed, p);
        }
        _ => set_data(sim, seed, p),
    }
}

fn open(sim: &mut Sim, seed: u64, name: &str, timeout_ms: u32) {
    sim.apply(Input::Open {
        name: name.into(),
        timeout_ms,
    })
    .expect("open");
    run_while(sim, seed, "a session", |s| {
        s.client(name)
            .is_some_and(|c| c.state != ConnState::Connected)
    });
}

/// Sends a request and steps until its reply.
fn call(sim: &mut Sim, seed: u64, name: &str, request: Request) -> Result<Response, ZkError> {
    let xid = sim
        .apply(Input::Send {
            name: name.into(),
            request,
        })
        .ok()
        .flatten();
    let Some(xid) = xid else {
        panic!("seed {seed}: {name} could not send");
    };
    run_while(sim, seed, "a reply", |s| {
        s.client(name)
            .is_some_and(|c| !c.completed.contains_key(&xid))
    });
    match sim.take_completion(name, xid) {
        Some(r) => r,
        None => panic!("seed {seed}: no reply to {name}"),
    }
}

fn run_while(sim: &mut Sim, seed: u64, what: &str, waiting: impl Fn(&Sim) -> bool) {
    for _ in 0..STEPS_MAX {
        if !waiting(sim) {
            return;
        }
        sim.step();
    }
    panic!("seed {seed}: gave up waiting for {what}");
}

/// Lets every message in flight land.
fn settle(sim: &mut Sim, seed: u64) {
    assert!(sim.run_until_quiet(STEPS_MAX), "seed {seed}: never quiet");
}

fn watch_events(sim: &mut Sim) -> Vec<Event> {
    sim.take_client_events("w")
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::Watch { kind, path } => Some((kind, path)),
            ClientEvent::State(_) => None,
        })
        .collect()
}

fn write(sim: &mut Sim, seed: u64, op: Op) {
    let what = format!("{op:?}");
    let reply = call(sim, seed, "m", Request::Write(op));
    assert!(reply.is_ok(), "seed {seed}: {what}: {reply:?}");
}

fn create(sim: &mut Sim, seed: u64, p: &str) {
    let op = Op::Create {
        path: p.into(),
        data: Some(b"v".to_vec()),
        acl: Acl::open_unsafe(),
        mode: CreateMode::Persistent,
        ttl_ms: -1,
    };
    write(sim, seed, op);
}

fn set_data(sim: &mut Sim, seed: u64, p: &str) {
    let op = Op::SetData {
        path: p.into(),
        data: Some(b"changed".to_vec()),
        version: -1,
    };
    write(sim, seed, op);
}

fn delete(sim: &mut Sim, seed: u64, p: &str) {
    let op = Op::Delete {
        path: p.into(),
        version: -1,
    };
    write(sim, seed, op);
}

fn get_data(p: &str) -> Request {
    Request::GetData {
        path: p.into(),
        watch: true,
    }
}

fn exists_watch(p: &str) -> Request {
    Request::Exists {
        path: p.into(),
        watch: true,
    }
}

fn get_children(p: &str) -> Request {
    Request::GetChildren {
        path: p.into(),
        watch: true,
    }
}

fn exists(sim: &Sim, p: &str) -> bool {
    sim.server().unwrap().tree().get(p).is_some()
}

fn parent(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &p[..i],
    }
}

fn ancestors_or_self(p: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(p), |q| (*q != "/").then(|| parent(q)))
}

#[test]
fn the_helpers_walk_paths_as_zookeeper_does() {
    assert_eq!(parent("/t/a"), "/t");
    assert_eq!(parent("/t"), "/");
    let up: Vec<&str> = ancestors_or_self("/t/a/x").collect();
    assert_eq!(up, vec!["/t/a/x", "/t/a", "/t", "/"]);
}
