//! The case studies tell their stories: each script runs on the simulation without an error,
//! no safety property breaks, and the tree at the end shows what the story says (the new
//! master, the new controller epoch, the moved regions, partitions and shards).
#![cfg(not(target_arch = "wasm32"))]

use zkplay_core::cases::{case, CASES};
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script, EntryKind};
use zkplay_core::sim::{Client, SimConfig};
use zkplay_core::tree::DataTree;

/// A case study's run: on the standalone server, or on a simulated ensemble of three.
enum Ran {
    Standalone(Box<SimulationBackend>),
    Ensemble(Box<SimulationBackend>),
}

impl Ran {
    /// The tree: the standalone server's, or the ensemble leader's.
    fn tree(&self) -> &DataTree {
        match self {
            Ran::Standalone(b) => b.sim.server().unwrap().tree(),
            Ran::Ensemble(b) => {
                let e = b.ensemble().expect("an ensemble");
                let leader = e
                    .peers()
                    .iter()
                    .find(|p| p.is_up() && p.leader() == Some(p.id()))
                    .expect("a leader");
                leader.server().tree()
            }
        }
    }

    fn client(&self, name: &str) -> Option<&Client> {
        match self {
            Ran::Standalone(b) => b.sim.client(name),
            Ran::Ensemble(b) => b.ensemble()?.client(name),
        }
    }

    fn clients(&self) -> Vec<&Client> {
        match self {
            Ran::Standalone(b) => b.sim.clients().collect(),
            Ran::Ensemble(b) => b
                .ensemble()
                .map_or(Vec::new(), |e| e.all_clients().iter().collect()),
        }
    }

    /// The recipes' and (on an ensemble) the servers' safety violations.
    fn violations(&self) -> Vec<String> {
        match self {
            Ran::Standalone(b) => b
                .sim
                .monitor
                .violations
                .iter()
                .map(|v| format!("{v:?}"))
                .collect(),
            Ran::Ensemble(b) => {
                let e = b.ensemble().expect("an ensemble");
                e.violations().iter().map(|v| format!("{v:?}")).collect()
            }
        }
    }
}

/// Runs a case on the standalone server or, with `ensemble`, on three servers: no script error,
/// no safety violation.
fn run_with(id: &str, seed: u64, ensemble: bool) -> (Ran, Vec<zkplay_core::script::Entry>) {
    let c = case(id).expect("case");
    let (mut ran, script) = if ensemble {
        let b = SimulationBackend::for_ensemble(seed);
        (
            Ran::Ensemble(Box::new(b)),
            format!("ensemble 3\n{}", c.script),
        )
    } else {
        let b = SimulationBackend::new(SimConfig {
            seed,
            ..SimConfig::default()
        });
        (Ran::Standalone(Box::new(b)), c.script.to_string())
    };
    let entries = match &mut ran {
        Ran::Standalone(b) => run_script(b.as_mut(), &parse_script(&script)),
        Ran::Ensemble(b) => run_script(b.as_mut(), &parse_script(&script)),
    };
    let mode = if ensemble { "ensemble" } else { "standalone" };
    for e in &entries {
        if let EntryKind::ScriptError(m) = &e.kind {
            panic!(
                "{id} ({mode}, seed {seed}): script error at step {}: {m}",
                e.step
            );
        }
    }
    let v = ran.violations();
    assert!(v.is_empty(), "{id} ({mode}, seed {seed}): {v:?}");
    (ran, entries)
}

/// The case on the standalone server, then on an ensemble of three: the story is the same.
fn runs(id: &str) -> [Ran; 2] {
    [run_with(id, 0, false).0, run_with(id, 0, true).0]
}

fn data(b: &Ran, path: &str) -> String {
    let n = b.tree().get(path);
    let d = n.and_then(|n| n.data.clone()).unwrap_or_default();
    String::from_utf8_lossy(&d).into_owned()
}

fn children(b: &Ran, path: &str) -> Vec<String> {
    let mut c: Vec<String> = b
        .tree()
        .get(path)
        .map(|n| n.children.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default();
    c.sort();
    c
}

fn status(b: &Ran, client: &str) -> String {
    b.client(client).expect("client").roles[0]
        .status()
        .to_string()
}

#[test]
fn every_case_has_its_text_in_both_languages() {
    assert_eq!(CASES.len(), 5);
    for c in CASES {
        for t in std::iter::once(&c.title)
            .chain(std::iter::once(&c.summary))
            .chain(c.guide)
        {
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{}", c.id);
            assert!(t
                .zh
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
        }
        assert!(c.guide.len() >= 3 && !c.features.is_empty(), "{}", c.id);
    }
}

#[test]
fn hbase_a_backup_master_takes_over_and_a_dead_servers_regions_move() {
    for b in runs("hbase") {
        assert_eq!(data(&b, "/hbase/master"), "m2");
        assert!(status(&b, "m2").starts_with("active master: 2 live, 6 regions"));
        assert_eq!(children(&b, "/hbase/rs"), ["rs1", "rs3"]);
        let regions = children(&b, "/hbase/region-assignment");
        assert_eq!(regions.len(), 6);
        let owners: Vec<String> = regions
            .iter()
            .map(|r| data(&b, &format!("/hbase/region-assignment/{r}")))
            .collect();
        assert!(
            owners.iter().all(|o| o == "rs1" || o == "rs3"),
            "{owners:?}"
        );
        assert!(owners.iter().any(|o| o == "rs1") && owners.iter().any(|o| o == "rs3"));
    }
}

#[test]
fn kafka_a_new_controller_bumps_the_epoch_and_partitions_move() {
    for b in runs("kafka") {
        // b3, the first controller, dies, then b2: whichever of b1 and b2 won the race after
        // b3 (the standalone server's b1; on an ensemble either, as the brokers' sessions sit
        // on different servers), b1 is the controller in the end, each new controller having
        // bumped the epoch once.
        assert_eq!(
            data(&b, "/kafka/controller"),
            "{\"version\":1,\"brokerid\":\"b1\"}"
        );
        let epoch: u32 = data(&b, "/kafka/controller_epoch").parse().unwrap();
        assert!(epoch == 2 || epoch == 3, "epoch {epoch}");
        assert_eq!(children(&b, "/kafka/brokers/ids"), ["b1"]);
        for p in 0..4 {
            let state = data(
                &b,
                &format!("/kafka/brokers/topics/orders/partitions/{p}/state"),
            );
            assert!(
                state.contains("\"leader\":\"b1\""),
                "partition {p}: {state}"
            );
        }
        // The partitions the dead controller and the dead broker led were written by a later
        // controller's epoch.
        let moved = (0..4)
            .filter(|p| {
                let state = data(
                    &b,
                    &format!("/kafka/brokers/topics/orders/partitions/{p}/state"),
                );
                (2..=epoch).any(|e| state.contains(&format!("\"controller_epoch\":{e}")))
            })
            .count();
        assert!(moved >= 2, "{moved}");
    }
}

#[test]
fn solr_a_dead_nodes_shard_moves_and_every_node_learns_it() {
    for b in runs("solr") {
        assert_eq!(children(&b, "/solr/live_nodes"), ["n1", "n3"]);
        let state = data(&b, "/solr/clusterstate.json");
        assert!(!state.contains("\"n2\""), "{state}");
        assert_eq!(state.matches("\"shard").count(), 3, "{state}");
        // The Overseer is whichever node's create the servers applied first (n3's on the
        // standalone server; on the ensemble it may be n2's, and then n2's crash moves the
        // Overseer too): a live node is the Overseer at the end, and knows every shard.
        let live = [status(&b, "n1"), status(&b, "n3")];
        assert!(
            live.iter()
                .any(|s| s.starts_with("overseer: 2 live, 3 shards")),
            "{live:?}"
        );
        if matches!(b, Ran::Standalone(_)) {
            assert!(
                live[0].starts_with("live: hosts shard1, shard2"),
                "{live:?}"
            );
        }
    }
}

#[test]
fn messages_shards_fail_over_and_the_backup_master_keeps_them() {
    for b in runs("messages") {
        assert_eq!(data(&b, "/messages/master"), "master2");
        assert_eq!(children(&b, "/messages/servers"), ["s2", "s3"]);
        let owners: Vec<String> = (1..=6)
            .map(|i| data(&b, &format!("/messages/shards/shard-{i}")))
            .collect();
        assert!(owners.iter().all(|o| o == "s2" || o == "s3"), "{owners:?}");
    }
}

#[test]
fn fetching_a_dead_fetchers_segments_move_and_the_crawl_outlives_its_master() {
    for b in runs("fetching") {
        assert_eq!(data(&b, "/fetching/master"), "fm2");
        assert_eq!(children(&b, "/fetching/fetchers"), ["f1", "f3"]);
        assert_eq!(data(&b, "/fetching/fetchers/f1"), "healthy");
        let owners: Vec<String> = (1..=6)
            .map(|i| data(&b, &format!("/fetching/crawl/segment-{i}")))
            .collect();
        assert!(owners.iter().all(|o| o == "f1" || o == "f3"), "{owners:?}");
    }
    // The crawler heard of f2's crash from ZooKeeper (its child watch), not from the fetcher.
    for ensemble in [false, true] {
        let (_, entries) = run_with("fetching", 0, ensemble);
        assert!(
            entries.iter().any(|e| e.session.as_deref() == Some("crawler")
                && matches!(&e.kind, EntryKind::Event { path, .. } if path == "/fetching/fetchers")),
            "the crawler's child watch did not fire"
        );
    }
}

/// Under every seed the case studies run clean: no script error, no two coordinators at once
/// (the monitor's one-master check), and at the end the coordinator znode, when there is one,
/// names a client whose session is alive. On the standalone server 200 seeds, on an ensemble
/// of three (the servers' own properties checked after every event too) 20.
#[test]
fn the_cases_are_safe_under_200_seeds() {
    for c in CASES {
        for (ensemble, seeds) in [(false, 200), (true, 20)] {
            for seed in 0..seeds {
                let (b, _) = run_with(c.id, seed, ensemble);
                let leader = match c.id {
                    "kafka" => "/kafka/controller",
                    "solr" => "/solr/overseer_elect/leader",
                    "hbase" => "/hbase/master",
                    "fetching" => "/fetching/master",
                    _ => "/messages/master",
                };
                if let Some(n) = b.tree().get(leader) {
                    let owner = n.stat.ephemeral_owner;
                    let alive = b
                        .clients()
                        .iter()
                        .any(|cl| cl.session.map(|s| s.0) == Some(owner) && cl.is_active());
                    assert!(
                        alive,
                        "{} (ensemble: {ensemble}) seed {seed}: {leader} is held by a dead session",
                        c.id
                    );
                }
            }
        }
    }
}
