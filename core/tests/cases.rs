//! The case studies tell their stories: each script runs on the simulation without an error,
//! no safety property breaks, and the tree at the end shows what the story says (the new
//! master, the new controller epoch, the moved regions, partitions and shards).
#![cfg(not(target_arch = "wasm32"))]

use zkplay_core::cases::{case, CASES};
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script, EntryKind};
use zkplay_core::sim::SimConfig;

fn run(id: &str) -> SimulationBackend {
    let c = case(id).expect("case");
    let mut b = SimulationBackend::new(SimConfig::default());
    let entries = run_script(&mut b, &parse_script(c.script));
    for e in &entries {
        if let EntryKind::ScriptError(m) = &e.kind {
            panic!("{id}: script error at step {}: {m}", e.step);
        }
    }
    assert!(
        b.sim.monitor.violations.is_empty(),
        "{id}: {:?}",
        b.sim.monitor.violations
    );
    b
}

fn data(b: &SimulationBackend, path: &str) -> String {
    let n = b.sim.server().tree().get(path);
    let d = n.and_then(|n| n.data.clone()).unwrap_or_default();
    String::from_utf8_lossy(&d).into_owned()
}

fn children(b: &SimulationBackend, path: &str) -> Vec<String> {
    let mut c: Vec<String> = b
        .sim
        .server()
        .tree()
        .get(path)
        .map(|n| n.children.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default();
    c.sort();
    c
}

fn status(b: &SimulationBackend, client: &str) -> String {
    b.sim.client(client).expect("client").roles[0]
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
    let b = run("hbase");
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

#[test]
fn kafka_a_new_controller_bumps_the_epoch_and_partitions_move() {
    let b = run("kafka");
    assert_eq!(
        data(&b, "/kafka/controller"),
        "{\"version\":1,\"brokerid\":\"b1\"}"
    );
    assert_eq!(data(&b, "/kafka/controller_epoch"), "2");
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
    // The partitions the dead controller and the dead broker led were written by epoch 2.
    let moved = (0..4)
        .filter(|p| {
            data(
                &b,
                &format!("/kafka/brokers/topics/orders/partitions/{p}/state"),
            )
            .contains("\"controller_epoch\":2")
        })
        .count();
    assert!(moved >= 2, "{moved}");
}

#[test]
fn solr_a_dead_nodes_shard_moves_and_every_node_learns_it() {
    let b = run("solr");
    assert_eq!(children(&b, "/solr/live_nodes"), ["n1", "n3"]);
    let state = data(&b, "/solr/clusterstate.json");
    assert!(!state.contains("\"n2\""), "{state}");
    assert_eq!(state.matches("\"shard").count(), 3, "{state}");
    assert!(
        status(&b, "n1").starts_with("live: hosts shard1, shard2"),
        "{}",
        status(&b, "n1")
    );
}

#[test]
fn messages_shards_fail_over_and_the_backup_master_keeps_them() {
    let b = run("messages");
    assert_eq!(data(&b, "/messages/master"), "master2");
    assert_eq!(children(&b, "/messages/servers"), ["s2", "s3"]);
    let owners: Vec<String> = (1..=6)
        .map(|i| data(&b, &format!("/messages/shards/shard-{i}")))
        .collect();
    assert!(owners.iter().all(|o| o == "s2" || o == "s3"), "{owners:?}");
}

#[test]
fn fetching_a_dead_fetchers_segments_move_and_the_crawl_outlives_its_master() {
    let b = run("fetching");
    assert_eq!(data(&b, "/fetching/master"), "fm2");
    assert_eq!(children(&b, "/fetching/fetchers"), ["f1", "f3"]);
    assert_eq!(data(&b, "/fetching/fetchers/f1"), "healthy");
    let owners: Vec<String> = (1..=6)
        .map(|i| data(&b, &format!("/fetching/crawl/segment-{i}")))
        .collect();
    assert!(owners.iter().all(|o| o == "f1" || o == "f3"), "{owners:?}");
    // The crawler heard of f2's crash from ZooKeeper (its child watch), not from the fetcher.
    let c = case("fetching").expect("case");
    let mut b = SimulationBackend::new(SimConfig::default());
    let entries = run_script(&mut b, &parse_script(c.script));
    assert!(
        entries.iter().any(|e| e.session.as_deref() == Some("crawler")
            && matches!(&e.kind, EntryKind::Event { path, .. } if path == "/fetching/fetchers")),
        "the crawler's child watch did not fire"
    );
}

/// Under every seed the case studies run clean: no script error, no two coordinators at once
/// (the monitor's one-master check), and at the end the coordinator znode, when there is one,
/// names a client whose session is alive.
#[test]
fn the_cases_are_safe_under_200_seeds() {
    for c in CASES {
        for seed in 0..200 {
            let mut b = SimulationBackend::new(SimConfig {
                seed,
                ..SimConfig::default()
            });
            let entries = run_script(&mut b, &parse_script(c.script));
            assert!(
                !entries
                    .iter()
                    .any(|e| matches!(e.kind, EntryKind::ScriptError(_))),
                "{} seed {seed}: a script error",
                c.id
            );
            assert!(
                b.sim.monitor.violations.is_empty(),
                "{} seed {seed}: {:?}",
                c.id,
                b.sim.monitor.violations
            );
            let leader = match c.id {
                "kafka" => "/kafka/controller",
                "solr" => "/solr/overseer_elect/leader",
                "hbase" => "/hbase/master",
                "fetching" => "/fetching/master",
                _ => "/messages/master",
            };
            if let Some(n) = b.sim.server().tree().get(leader) {
                let owner = n.stat.ephemeral_owner;
                let alive = b
                    .sim
                    .clients()
                    .any(|cl| cl.session.map(|s| s.0) == Some(owner) && cl.is_active());
                assert!(
                    alive,
                    "{} seed {seed}: {leader} is held by a dead session",
                    c.id
                );
            }
        }
    }
}
