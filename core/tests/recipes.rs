//! Recipes under the simulator: herd counts, safety over many seeds with faults, liveness once
//! faults heal, the GC-pause overlap and its fix by fencing, and the queue's at-most-once.
#![cfg(not(target_arch = "wasm32"))]

use zkplay_core::recipes::Recipe;
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script, EntryKind};
use zkplay_core::sim::SimConfig;

const SEEDS: u64 = 200;

fn run(seed: u64, script: &str) -> SimulationBackend {
    let mut b = SimulationBackend::new(SimConfig {
        seed,
        ..SimConfig::default()
    });
    let entries = run_script(&mut b, &parse_script(script));
    for e in &entries {
        if let EntryKind::ScriptError(m) = &e.kind {
            panic!("seed {seed}: script error at step {}: {m}", e.step);
        }
    }
    b
}

/// Liveness: every client still running has finished its recipe.
fn assert_survivors_finished(b: &SimulationBackend, label: &str) {
    for c in b.sim.clients() {
        assert!(
            !c.is_active() || c.roles.first().is_some_and(Recipe::finished),
            "{label}: {} is alive but never finished ({})",
            c.name,
            c.roles
                .first()
                .map_or("-".into(), |r| r.status().to_string())
        );
    }
}

fn names(n: usize) -> String {
    (1..=n)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn herd_effect_naive_wakes_everyone_sequential_wakes_one() {
    let n = 6;
    for (kind, expected) in [
        ("election-naive", vec![5, 4, 3, 2, 1]),
        ("lock-naive", vec![5, 4, 3, 2, 1]),
        ("election", vec![1, 1, 1, 1, 1]),
        ("lock", vec![1, 1, 1, 1, 1]),
    ] {
        let b = run(
            3,
            &format!("recipe {kind} /r on {} hold=300\ntick 10000\n", names(n)),
        );
        let handoffs = b
            .sim
            .monitor
            .handoffs
            .get("/r")
            .cloned()
            .unwrap_or_default();
        assert_eq!(handoffs, expected, "{kind}: notifications per hand-off");
        assert!(
            b.sim.monitor.violations.is_empty(),
            "{kind}: {:?}",
            b.sim.monitor.violations
        );
    }
}

/// Random crashes, partitions and pauses shorter than the session timeout: safety always holds;
/// once faults heal, every surviving client gets its turn; time to acquire is measured.
#[test]
fn contenders_are_safe_and_live_under_crashes_and_partitions() {
    for kind in ["election-naive", "election", "lock-naive", "lock"] {
        for seed in 0..SEEDS {
            let n = 3 + (seed % 4) as usize;
            let victim = format!("c{}", 1 + seed % n as u64);
            let fault = match seed % 4 {
                0 => format!("crash {victim}"),
                1 => format!(
                    "partition {victim}\ntick {}\nheal {victim}",
                    2000 + (seed * 997) % 40_000
                ),
                // A pause well inside the session timeout: safety must hold.
                2 => format!("pause {victim} {}", 500 + seed * 53 % 8000),
                _ => String::new(),
            };
            let script = format!(
                "seed {seed}\nrecipe {kind} /r on {} hold={}\ntick {}\n{fault}\ntick 120000\n",
                names(n),
                200 + seed % 700,
                seed * 37 % 2000,
            );
            let b = run(seed, &script);
            assert!(
                b.sim.monitor.violations.is_empty(),
                "{kind} seed {seed}: {:?}",
                b.sim.monitor.violations
            );
            let acquired = b.sim.monitor.acquisitions.get("/r").copied().unwrap_or(0);
            let timed = b.sim.monitor.acquire_ms.get("/r").map_or(0, Vec::len) as u64;
            // Re-taking the role after a reconnect is not a new competition, so it has no time.
            assert!(
                timed <= acquired && (acquired == 0 || timed > 0),
                "{kind} seed {seed}: {timed} times for {acquired} acquisitions"
            );
            assert_survivors_finished(&b, &format!("{kind} seed {seed}"));
        }
    }
}

/// A lock holder paused past its session expiry still believes it holds the lock while the
/// next client takes it: without fencing the resource accepts the stale write (a violation);
/// with fencing tokens it refuses it, over every seed.
#[test]
fn gc_pause_overlap_and_fencing() {
    let mut unsafe_seen = 0;
    for seed in 0..SEEDS {
        let pause = 35_000 + (seed * 331) % 20_000;
        for fencing in ["off", "on"] {
            let script = format!(
                "seed {seed}\nrecipe lock /locks/x on a hold=20000 fencing={fencing}\ntick 100\nrecipe lock /locks/x on b,c hold=20000 fencing={fencing}\ntick 50\npause a {pause}\ntick 120000\n"
            );
            let b = run(seed, &script);
            let violated = !b.sim.monitor.violations.is_empty();
            if fencing == "on" {
                assert!(
                    !violated,
                    "seed {seed}: fencing did not protect: {:?}",
                    b.sim.monitor.violations
                );
            } else if violated {
                unsafe_seen += 1;
            }
        }
    }
    assert_eq!(
        unsafe_seen, SEEDS as usize,
        "the GC-pause overlap must show without fencing"
    );
}

/// Producers and consumers: no item is consumed twice, even when a consumer crashes mid-way;
/// with no faults every item is consumed.
#[test]
fn queue_items_are_consumed_at_most_once_and_all_consumed() {
    for seed in 0..SEEDS {
        let crash = if seed % 2 == 0 { "crash k1\n" } else { "" };
        let script = format!(
            "seed {seed}\nrecipe queue-producer /q on p1,p2 items={} interval=50\nrecipe queue-consumer /q on k1,k2,k3 interval={}\ntick {}\n{crash}tick 60000\n",
            3 + seed % 7,
            1 + seed % 120,
            seed % 400,
        );
        let b = run(seed, &script);
        assert!(
            b.sim.monitor.violations.is_empty(),
            "seed {seed}: {:?}",
            b.sim.monitor.violations
        );
        let left = b
            .sim
            .server()
            .unwrap()
            .tree()
            .get("/q")
            .map_or(0, |n| n.children.len());
        assert_eq!(left, 0, "seed {seed}: {left} items never consumed");
    }
}

/// Readers share, writers exclude everyone; under crashes and partitions no writer ever holds
/// alongside anyone, and every surviving client gets its turn.
#[test]
fn read_write_locks_are_safe_and_live() {
    for seed in 0..SEEDS {
        let victim = ["r1", "r2", "w1", "w2"][(seed % 4) as usize];
        let fault = match seed % 3 {
            0 => format!("crash {victim}"),
            1 => format!(
                "partition {victim}\ntick {}\nheal {victim}",
                1000 + seed * 211 % 30_000
            ),
            _ => String::new(),
        };
        let script = format!(
            "seed {seed}\nrecipe rwlock-read /rw on r1,r2 hold={h}\nrecipe rwlock-write /rw on w1 hold={h}\nrecipe rwlock-read /rw on r3 hold={h}\nrecipe rwlock-write /rw on w2 hold={h}\ntick {}\n{fault}\ntick 120000\n",
            seed % 900,
            h = 100 + seed % 800,
        );
        let b = run(seed, &script);
        assert!(
            b.sim.monitor.violations.is_empty(),
            "seed {seed}: {:?}",
            b.sim.monitor.violations
        );
        assert_survivors_finished(&b, &format!("seed {seed}"));
    }
}

/// Nobody enters a double barrier before everyone has joined, and everyone leaves.
#[test]
fn double_barriers_enter_and_leave_together() {
    for seed in 0..SEEDS {
        let n = 2 + (seed % 5) as usize;
        let script = format!(
            "seed {seed}\nrecipe double-barrier /b on {} hold={}\ntick 60000\n",
            names(n),
            50 + seed % 500
        );
        let b = run(seed, &script);
        assert!(
            b.sim.monitor.violations.is_empty(),
            "seed {seed}: {:?}",
            b.sim.monitor.violations
        );
        for c in b.sim.clients() {
            assert!(
                c.roles
                    .first()
                    .is_some_and(|r| r.status().to_string().starts_with("left")),
                "seed {seed}: {} is {}",
                c.name,
                c.roles
                    .first()
                    .map_or("-".into(), |r| r.status().to_string())
            );
        }
    }
}

/// Every configuration change reaches every live work server (which re-arms its watch each
/// time), including one that crashed and one that was partitioned for a while.
#[test]
fn every_config_change_reaches_every_live_worker() {
    for seed in 0..SEEDS {
        let fault = match seed % 3 {
            0 => "crash w1\n".to_string(),
            1 => format!("partition w2\ntick {}\nheal w2\n", 500 + seed * 97 % 15_000),
            _ => String::new(),
        };
        let script = format!(
            "seed {seed}\nrecipe config-worker /app on w1,w2,w3\nrecipe config-manager /app on m items={} interval={}\ntick {}\n{fault}tick 90000\n",
            2 + seed % 5,
            50 + seed % 300,
            seed % 400,
        );
        let b = run(seed, &script);
        let version = b
            .sim
            .server()
            .unwrap()
            .tree()
            .get("/app/config")
            .map(|n| n.stat.version);
        let seen = b
            .sim
            .monitor
            .config_seen
            .get("/app")
            .cloned()
            .unwrap_or_default();
        for c in b
            .sim
            .clients()
            .filter(|c| c.name.starts_with('w') && c.is_active())
        {
            assert_eq!(
                seen.get(&c.name).copied(),
                version,
                "seed {seed}: {} is behind",
                c.name
            );
        }
    }
}

/// The naming service never hands out a name twice, and everyone gets all it asked for.
#[test]
fn names_are_unique() {
    for seed in 0..SEEDS {
        let items = 1 + seed % 6;
        let b = run(
            seed,
            &format!(
                "seed {seed}\nrecipe naming /ids on {} items={items}\ntick 20000\n",
                names(4)
            ),
        );
        assert!(
            b.sim.monitor.violations.is_empty(),
            "seed {seed}: {:?}",
            b.sim.monitor.violations
        );
        let count = b
            .sim
            .server()
            .unwrap()
            .tree()
            .get("/ids")
            .map_or(0, |n| n.children.len());
        assert_eq!(count as u64, 4 * items, "seed {seed}");
    }
}

/// A crashed server disappears from every client's list once its session expires.
#[test]
fn crashed_servers_leave_every_clients_list() {
    for seed in 0..SEEDS {
        let script = format!(
            "seed {seed}\nrecipe lb-server /svc on s1,s2,s3 items=3 interval={}\nrecipe lb-client /svc on k1,k2\ntick 2000\ncrash s2\ntick 60000\n",
            100 + seed % 500
        );
        let b = run(seed, &script);
        for c in b.sim.clients().filter(|c| c.name.starts_with('k')) {
            let Some(Recipe::LbClient(l)) = c.roles.first() else {
                panic!("seed {seed}: {} has no lb-client role", c.name);
            };
            let names: Vec<&str> = l.servers.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, vec!["s1", "s3"], "seed {seed}: {}'s list", c.name);
        }
    }
}

/// Master–worker: every task is completed exactly once and all get done, when a worker and
/// then the master die along the way.
#[test]
fn master_worker_completes_every_task_once() {
    for seed in 0..SEEDS {
        let items = 2 + seed % 6;
        let script = format!(
            "seed {seed}\nrecipe mw-master /mw on m1,m2\nrecipe mw-worker /mw on w1,w2,w3 hold={}\nrecipe mw-client /mw on c items={items}\ntick {}\ncrash w{}\ntick 40000\ncrash m1\ntick 60000\n",
            50 + seed % 600,
            seed % 1500,
            1 + seed % 3,
        );
        let b = run(seed, &script);
        assert!(
            b.sim.monitor.violations.is_empty(),
            "seed {seed}: {:?}",
            b.sim.monitor.violations
        );
        let done = b
            .sim
            .server()
            .unwrap()
            .tree()
            .get("/mw/status")
            .map_or(0, |n| n.children.len());
        assert_eq!(done as u64, items, "seed {seed}: tasks done");
        let client = b
            .sim
            .client("c")
            .and_then(|c| c.roles.first())
            .map(|r| r.status().to_string());
        assert_eq!(
            client.as_deref(),
            Some(format!("{items} of {items} tasks done").as_str()),
            "seed {seed}"
        );
    }
}

/// A hold at its bound (one day) keeps the lock: the timer lands a day later, it does not wrap
/// round to now (a hold of 2^64 - 1 ms used to release the lock at once; it is now refused when
/// the line is parsed). A pause and a link delay at their bound are scheduled a day ahead.
#[test]
fn durations_at_their_bound_are_scheduled_that_far_ahead() {
    let status = |b: &SimulationBackend, name: &str| {
        b.sim
            .client(name)
            .and_then(|c| c.roles.first())
            .map_or(String::new(), |r| r.status().to_string())
    };
    let b = run(1, "recipe lock /l on a,b hold=86400000\ntick 3600000\n");
    assert!(
        status(&b, "a").starts_with("holds"),
        "a: {}",
        status(&b, "a")
    );
    assert!(
        status(&b, "b").starts_with("waits"),
        "b: {}",
        status(&b, "b")
    );
    assert_eq!(b.sim.monitor.acquisitions.values().sum::<u64>(), 1);

    let day = 86_400_000;
    // `step`, not `tick`: a tick lets every message in flight land, which takes the day.
    let b = run(
        1,
        "session a\nsession b\npause a 86400000\ndelay b 86400000\nstep 10\n",
    );
    let now = b.sim.now_ms();
    assert!(b.sim.client("a").is_some_and(|c| c.is_paused()));
    let latest = b.sim.pending().map(|(t, _)| t).max().unwrap_or(0);
    assert!(
        latest > day && latest < now + 2 * day,
        "the latest event is at {latest} ms"
    );
}

/// Several roles on one session, as one Curator client runs several recipes: a, b and c each
/// run an election on /e and a lock on /l. Both recipes work (one leader at a time, one lock
/// holder at a time, every lock taken by everyone), both show on each session, and a second
/// role on a path the session already uses is refused, never silently replaced.
#[test]
fn an_election_and_a_lock_run_side_by_side_on_one_session() {
    for seed in 0..20 {
        let script = format!(
            "seed {seed}\nrecipe election /e on a,b,c hold=500\nrecipe lock /l on a,b,c hold=300\ntick 20000\n"
        );
        let b = run(seed, &script);
        assert!(
            b.sim.monitor.violations.is_empty(),
            "seed {seed}: {:?}",
            b.sim.monitor.violations
        );
        for c in b.sim.clients() {
            let kinds: Vec<&str> = c.roles.iter().map(|r| r.kind().name()).collect();
            assert_eq!(kinds, ["election", "lock"], "seed {seed}: {}", c.name);
            for r in &c.roles {
                assert!(
                    r.finished(),
                    "seed {seed}: {}'s {} never finished ({})",
                    c.name,
                    r.kind().name(),
                    r.status()
                );
            }
        }
        assert_eq!(b.sim.monitor.acquisitions.get("/e").copied(), Some(3));
        assert_eq!(b.sim.monitor.acquisitions.get("/l").copied(), Some(3));
    }
    let mut b = SimulationBackend::new(SimConfig::default());
    let entries = run_script(
        &mut b,
        &parse_script("recipe lock /l on a\nrecipe election /l on a\n"),
    );
    let refused = entries.iter().any(
        |e| matches!(&e.kind, EntryKind::ScriptError(m) if m.to_string().contains("already runs lock on /l")),
    );
    assert!(refused, "{entries:?}");
    let a = b.sim.client("a").expect("a runs");
    assert_eq!(a.roles.len(), 1);
}

/// A role's first creates are lost with the connection (the server stops while they are in
/// flight): every kind still makes sure of its paths after the reconnect and goes on, instead of
/// waiting for a reply that never comes.
#[test]
fn a_lost_ensure_reply_is_sent_again_after_the_reconnect() {
    for (kind, path, done) in [
        ("lock", "/a/b/lock", "holds /a/b/lock/"),
        ("election", "/a/b/el", "leader of /a/b/el/"),
        ("barrier", "/a/b/bar", "waits at the barrier /a/b/bar"),
        ("naming", "/a/b/names", "got id-0000000004"),
        ("mw-worker", "/a/b/mw", "idle (0 done)"),
        ("config-worker", "/a/b/cfg", "waits for a configuration"),
    ] {
        let b = run(
            7,
            &format!(
                "session a timeout=30000\nrecipe {kind} {path} on a hold=0\nserver stop\ntick 500\nserver start\ntick 20000\n"
            ),
        );
        let c = b.sim.client("a").expect("client a");
        let status = c.roles[0].status().to_string();
        assert!(
            status.starts_with(done),
            "{kind}: still '{status}' after the reconnect"
        );
    }
}

/// When a session ends, the host tells every role of it once: a role that had not finished
/// says it stopped (a barrier that still waited used to keep saying it waits); one that had
/// finished keeps its outcome.
#[test]
fn a_session_end_stops_every_unfinished_role_once() {
    let b = run(
        3,
        "session a\nrecipe barrier /bar on a\nrecipe naming /names on a items=1\nrecipe lb-client /lb on a\ntick 1000\na: close\ntick 100\n",
    );
    let c = b.sim.client("a").expect("client a");
    let statuses: Vec<String> = c.roles.iter().map(|r| r.status().to_string()).collect();
    assert_eq!(
        statuses,
        [
            "stopped: session gone",
            "got id-0000000000 (1 of 1)",
            "stopped: session gone"
        ]
    );
    assert!(c.roles.iter().all(|r| r.stopped()));
}
