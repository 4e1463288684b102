//! Recipes under the simulator: herd counts, safety over many seeds with faults, liveness once
//! faults heal, the GC-pause overlap and its fix by fencing, and the queue's at-most-once.
#![cfg(not(target_arch = "wasm32"))]

use zkplay_core::recipes::Recipe;
use zkplay_core::script::{parse_script, run_script, EntryKind};
use zkplay_core::sim::{NetBackend, SimConfig};

const SEEDS: u64 = 200;

fn run(seed: u64, script: &str) -> NetBackend {
    let mut b = NetBackend::new(SimConfig {
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

/// Random crashes and partitions (no pauses): safety always holds; once faults heal, every
/// surviving client gets its turn.
#[test]
fn contenders_are_safe_and_live_under_crashes_and_partitions() {
    for kind in ["election-naive", "election", "lock-naive", "lock"] {
        for seed in 0..SEEDS {
            let n = 3 + (seed % 4) as usize;
            let victim = format!("c{}", 1 + seed % n as u64);
            let fault = match seed % 3 {
                0 => format!("crash {victim}"),
                1 => format!(
                    "partition {victim}\ntick {}\nheal {victim}",
                    2000 + (seed * 997) % 40_000
                ),
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
            for c in b.sim.clients() {
                let alive = c.is_active();
                let done = c.recipe.as_ref().is_some_and(Recipe::finished);
                assert!(
                    !alive || done,
                    "{kind} seed {seed}: {} is alive but never finished ({})",
                    c.name,
                    c.recipe.as_ref().map_or("-", |r| r.status())
                );
            }
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
            .tree()
            .get("/q")
            .map_or(0, |n| n.children.len());
        assert_eq!(left, 0, "seed {seed}: {left} items never consumed");
    }
}
