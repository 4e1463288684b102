//! Every recipe kind on a simulated ensemble of three, over 200 seeds, under client crashes, GC
//! pauses, server crashes and restarts and partitions: the servers' own properties (one leader
//! per epoch, committed logs agree, zxids only grow, acknowledged writes survive) never break,
//! and neither do the recipes' (at most one lock holder at the resource, at most one master, an
//! item consumed at most once…) with fencing on. Without fencing a holder paused past its
//! session breaks the lock exactly as on the standalone server.
#![cfg(not(target_arch = "wasm32"))]

use zkplay_core::script::EnsembleBackend;
use zkplay_core::script::{parse_script, run_script, Entry, EntryKind};
use zkplay_core::sim::Sim;

const SEEDS: u64 = 200;

/// The recipe lines of each family: every kind appears in one, the kinds that work together
/// (producers and consumers, masters, workers and clients…) side by side.
const FAMILIES: &[&[&str]] = &[
    &["recipe lock /locks/printer on c1,c2,c3 hold=700 fencing=on"],
    &["recipe lock-naive /lock on c1,c2,c3 hold=700"],
    &["recipe election /election on c1,c2,c3 hold=900"],
    &["recipe election-naive /master on c1,c2,c3 hold=900"],
    &[
        "recipe rwlock-read /rw on c1,c2 hold=500",
        "recipe rwlock-write /rw on c3 hold=500",
    ],
    &[
        "recipe queue-producer /queue on c1 items=6 interval=50",
        "recipe queue-consumer /queue on c2,c3 interval=80",
    ],
    &["recipe barrier /gate on c1,c2,c3"],
    &["recipe double-barrier /together on c1,c2,c3"],
    &[
        "recipe config-worker /app on c2,c3",
        "recipe config-manager /app on c1 items=3",
    ],
    &["recipe naming /ids on c1,c2,c3 items=3"],
    &[
        "recipe lb-server /svc on c1,c2",
        "recipe lb-client /svc on c3",
    ],
    &[
        "recipe mw-master /mw on c1",
        "recipe mw-worker /mw on c2,c3",
        "recipe mw-client /mw on c4 items=4",
    ],
    &[
        "recipe hbase-regionserver /hbase on c2,c3",
        "recipe hbase-master /hbase on c1,c4 items=4",
    ],
    &["recipe kafka-broker /kafka on c1,c2,c3 items=4"],
    &["recipe solr-node /solr on c1,c2,c3 items=3"],
    &[
        "recipe shard-server /messages on c2,c3",
        "recipe shard-master /messages on c1,c4 items=4",
    ],
    &[
        "recipe fetcher /fetching on c2,c3",
        "recipe fetch-master /fetching on c1,c4 items=4",
    ],
];

fn run(seed: u64, script: &str) -> EnsembleBackend {
    run_with_entries(seed, script).0
}

fn run_with_entries(seed: u64, script: &str) -> (EnsembleBackend, Vec<Entry>) {
    let mut b = EnsembleBackend::new(seed);
    let entries = run_script(&mut b, &parse_script(script));
    for e in &entries {
        if let EntryKind::ScriptError(m) = &e.kind {
            panic!(
                "seed {seed}: script error at step {}: {m}\n{script}",
                e.step
            );
        }
    }
    (b, entries)
}

fn sim(b: &EnsembleBackend) -> &Sim {
    b.sim.as_ref().expect("an ensemble")
}

/// One fault per seed, among the servers' and the clients'.
fn fault(seed: u64) -> String {
    let server = 1 + seed % 3;
    let client = format!("c{}", 1 + seed % 3);
    match seed % 6 {
        0 => format!("crash {client}"),
        // A pause well inside the session timeout.
        1 => format!("pause {client} {}", 300 + seed * 53 % 3000),
        2 => format!(
            "server {server} crash\ntick {}\nserver {server} restart",
            1000 + seed * 97 % 5000
        ),
        3 => format!(
            "partition server {server}\ntick {}\nheal server {server}",
            1000 + seed * 89 % 8000
        ),
        4 => format!(
            "partition {client}\ntick {}\nheal {client}",
            500 + seed * 71 % 3000
        ),
        _ => String::new(),
    }
}

#[test]
fn every_recipe_kind_is_safe_on_three_servers_over_200_seeds_of_faults() {
    for seed in 0..SEEDS {
        let family = FAMILIES[(seed as usize) % FAMILIES.len()];
        let script = format!(
            "ensemble 3\n{}\ntick {}\n{}\ntick 30000\n",
            family.join("\n"),
            seed * 37 % 1500,
            fault(seed),
        );
        let (b, entries) = run_with_entries(seed, &script);
        let e = sim(&b);
        assert!(
            e.violations().is_empty(),
            "seed {seed}: a server property broke: {:?}\n{script}",
            e.violations()
        );
        assert!(
            e.monitor.violations.is_empty(),
            "seed {seed}: a recipe property broke: {:?}\n{script}",
            e.monitor.violations
        );
        // The recipes ran: every client of the family reported a status.
        for name in family
            .iter()
            .flat_map(|l| l.split(" on ").nth(1).unwrap().split_whitespace().next())
            .flat_map(|names| names.split(','))
        {
            assert!(
                entries.iter().any(|x| x.session.as_deref() == Some(name)
                    && matches!(x.kind, EntryKind::Recipe { .. })),
                "seed {seed}: {name} reported nothing\n{script}"
            );
        }
    }
}

/// A lock holder paused past its session expiry: without fencing the resource takes its stale
/// write (the same violation as on the standalone server), with fencing it refuses it.
#[test]
fn a_paused_holder_breaks_an_unfenced_lock_on_an_ensemble_and_fencing_refuses_it() {
    let mut unsafe_seen = 0;
    let seeds = 40;
    for seed in 0..seeds {
        let pause = 35_000 + (seed * 331) % 20_000;
        for fencing in ["off", "on"] {
            let script = format!(
                "ensemble 3\nrecipe lock /locks/x on a hold=20000 fencing={fencing}\ntick 100\nrecipe lock /locks/x on b,c hold=20000 fencing={fencing}\ntick 50\npause a {pause}\ntick 120000\n"
            );
            let b = run(seed, &script);
            let e = sim(&b);
            let servers = e.properties().violations();
            assert!(servers.is_empty(), "seed {seed}: {servers:?}");
            let broken = &e.monitor.violations;
            if fencing == "on" {
                assert!(
                    broken.is_empty(),
                    "seed {seed}: fencing did not protect: {broken:?}"
                );
                assert!(
                    !e.monitor.refusals.0.is_empty(),
                    "seed {seed}: nothing refused"
                );
            } else if !broken.is_empty() {
                assert_eq!(broken.len(), 1, "seed {seed}: {broken:?}");
                assert_eq!(broken[0].property.to_string(), "at most one lock holder");
                unsafe_seen += 1;
            }
        }
    }
    assert_eq!(
        unsafe_seen, seeds,
        "the GC-pause overlap must show without fencing"
    );
}
