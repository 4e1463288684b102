//! Safety properties over many seeds with random crashes, restarts and partitions: at most one
//! established leader per epoch, every peer's committed history a prefix of the longest one,
//! nothing committed ever lost (the simulation checks these after every event), and once healed
//! and quiet, one leader whose replicas hold the same tree.

use super::*;
use crate::sim::rng::Rng;

/// A number in `0..n` from the faults' generator.
fn below(faults: &mut Rng, n: u64) -> u64 {
    faults.range_inclusive(0, n.saturating_sub(1))
}

/// One seeded run: 3 or 5 voters (and maybe an observer), sixty random faults and writes.
fn chaos(seed: u64) -> Sim {
    let mut faults = Rng::derive(seed, "peer-faults");
    let voters = if below(&mut faults, 2) == 0 { 3 } else { 5 };
    let observers = below(&mut faults, 2);
    let latency_ms = 1 + below(&mut faults, 5);
    let mut sim = ensemble_with_latency(voters, observers, seed, latency_ms);
    let ids = sim.server_ids();
    start_all(&mut sim);
    let mut next_node = 0;
    for _ in 0..60 {
        let id = ids[below(&mut faults, ids.len() as u64) as usize];
        match below(&mut faults, 10) {
            0 | 1 => {
                sim.crash_peer(id);
            }
            2 | 3 => {
                sim.start_peer(id);
            }
            4 => {
                let cut = 1 + below(&mut faults, ids.len() as u64 - 1) as usize;
                let (a, b) = ids.split_at(cut);
                sim.schedule.links.partition_groups(a, b);
            }
            5 => sim.schedule.links.isolate(id, &ids),
            6 => sim.schedule.links.heal_all(),
            _ => {
                for _ in 0..1 + below(&mut faults, 3) {
                    let at = ids[below(&mut faults, ids.len() as u64) as usize];
                    if sim.submit(at, open_session()).is_ok() {
                        let _ = sim.submit(at, create(&format!("/p{next_node}"), "x"));
                        next_node += 1;
                    }
                }
            }
        }
        sim.run_for(100 + below(&mut faults, 8_000));
    }
    sim.schedule.links.heal_all();
    for &id in &ids {
        sim.start_peer(id);
    }
    // An observer's notifications back off to a minute apart, and every reply it gets
    // restarts its wait: give the slowest joiner a few of those.
    sim.run_for(300_000);
    sim
}

#[test]
fn zab_is_safe_under_random_crashes_restarts_and_partitions() {
    for seed in 0..200 {
        let sim = chaos(seed);
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
        // Healed and quiet: one leader, and every replica agrees with it.
        let leader = sim.leader();
        assert!(
            leader.is_some(),
            "seed {seed}: no leader at the end: {:?}",
            states(&sim)
        );
        let leader = leader
            .and_then(|id| sim.peer(id))
            .unwrap_or_else(|| unreachable!());
        for p in sim.peers() {
            assert!(
                p.is_serving(),
                "seed {seed}: peer {} not serving: {:?}",
                p.id(),
                states(&sim)
            );
            assert_eq!(
                committed(&sim, p.id()),
                committed(&sim, leader.id()),
                "seed {seed} peer {}",
                p.id()
            );
            assert!(
                p.server().tree() == leader.server().tree(),
                "seed {seed}: peer {}'s tree differs from the leader's",
                p.id()
            );
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_history() {
    for seed in [3, 17] {
        let (a, b) = (chaos(seed), chaos(seed));
        assert_eq!(a.committed_zxids(), b.committed_zxids(), "seed {seed}");
        assert_eq!(states(&a), states(&b), "seed {seed}");
        assert_eq!(a.now_ms(), b.now_ms(), "seed {seed}");
    }
}
