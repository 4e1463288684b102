//! Safety properties over many seeds with random crashes, restarts and partitions: at most one
//! established leader per epoch, every peer's committed history a prefix of the longest one,
//! nothing committed ever lost (the harness checks these after every event), and once healed
//! and quiet, one leader whose replicas hold the same tree.

use super::*;

/// A tiny seeded generator for the faults (SplitMix64), apart from the harness's own.
struct Faults(u64);

impl Faults {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n.max(1)
    }
}

/// One seeded run: 3 or 5 voters (and maybe an observer), sixty random faults and writes.
fn chaos(seed: u64) -> Harness {
    let mut faults = Faults(seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let voters = if faults.below(2) == 0 { 3 } else { 5 };
    let observers = faults.below(2);
    let latency_ms = 1 + faults.below(5);
    let mut h = Harness::new(EnsembleConfig::new(voters, observers), seed, latency_ms);
    let ids = h.config().peers();
    h.start_all();
    let mut next_node = 0;
    for _ in 0..60 {
        let id = ids[faults.below(ids.len() as u64) as usize];
        match faults.below(10) {
            0 | 1 => h.crash(id),
            2 | 3 => h.start(id),
            4 => {
                let cut = 1 + faults.below(ids.len() as u64 - 1) as usize;
                let (a, b) = ids.split_at(cut);
                h.partition(&[a, b]);
            }
            5 => h.isolate(id),
            6 => h.heal(),
            _ => {
                for _ in 0..1 + faults.below(3) {
                    let at = ids[faults.below(ids.len() as u64) as usize];
                    if h.submit(at, open_session()).is_ok() {
                        let _ = h.submit(at, create(&format!("/p{next_node}"), "x"));
                        next_node += 1;
                    }
                }
            }
        }
        h.run_for(100 + faults.below(8_000));
    }
    h.heal();
    for &id in &ids {
        h.start(id);
    }
    // An observer's notifications back off to a minute apart, and every reply it gets
    // restarts its wait: give the slowest joiner a few of those.
    h.run_for(300_000);
    h
}

#[test]
fn zab_is_safe_under_random_crashes_restarts_and_partitions() {
    for seed in 0..200 {
        let h = chaos(seed);
        assert!(
            h.violations().is_empty(),
            "seed {seed}: {:?}",
            h.violations()
        );
        // Healed and quiet: one leader, and every replica agrees with it.
        let leader = h.leader();
        assert!(
            leader.is_some(),
            "seed {seed}: no leader at the end: {:?}",
            states(&h)
        );
        let leader = leader
            .and_then(|id| h.peer(id))
            .unwrap_or_else(|| unreachable!());
        for p in h.peers() {
            assert!(
                p.is_serving(),
                "seed {seed}: peer {} not serving: {:?}",
                p.id(),
                states(&h)
            );
            assert_eq!(
                committed(&h, p.id()),
                committed(&h, leader.id()),
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
