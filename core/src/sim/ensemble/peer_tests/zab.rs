//! Zab: broadcast, quorums, failover, partitions and the three ways of syncing a learner.

use super::*;
use crate::ensemble::{Peer, SyncKind};
use crate::stat::Zxid;

#[test]
fn a_write_commits_after_a_quorum_of_acks_and_every_replica_applies_it_in_order() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        sim.record_applied();
        let traced = sim.steps();
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        write_nodes(&mut sim, 3, 0, 2);
        // A follower forwards a write to the leader.
        assert_eq!(sim.submit(1, create("/n2", "y")), Ok(()));
        sim.run_for(100);
        let expected = vec![0x1_0000_0001, 0x1_0000_0002, 0x1_0000_0003, 0x1_0000_0004];
        for id in 1..=3 {
            assert_eq!(committed(&sim, id), expected, "seed {seed} peer {id}");
            let applied: Vec<Zxid> = sim.take_applied(id).iter().map(|a| a.zxid).collect();
            assert_eq!(applied, expected, "seed {seed} peer {id}");
            assert!(has_node(&sim, id, "/n2"), "seed {seed} peer {id}");
        }
        // Each COMMIT left the leader only after a follower's ACK of that proposal came back.
        let deliveries = delivered_since(&sim, traced);
        for &zxid in &expected {
            let first_ack = deliveries
                .iter()
                .position(|d| d.name == "ACK" && d.to == 3 && d.zxid == zxid);
            let first_commit = deliveries
                .iter()
                .position(|d| d.name == "COMMIT" && d.from == 3 && d.zxid == zxid);
            assert!(first_ack.is_some(), "seed {seed}: no ACK of 0x{zxid:x}");
            assert!(
                first_ack < first_commit,
                "seed {seed}: 0x{zxid:x} committed early"
            );
        }
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn without_a_quorum_of_acks_nothing_commits() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        sim.schedule.links.partition_groups(&[3], &[1, 2]);
        assert_eq!(sim.submit(3, create("/lost", "x")), Ok(()));
        sim.run_for(3_000);
        assert_eq!(committed(&sim, 3), vec![0x1_0000_0001], "seed {seed}");
        assert!(!has_node(&sim, 3, "/lost"), "seed {seed}");
        assert_eq!(
            sim.peer(3).map(|p| p.log().last_zxid()),
            Some(Zxid(0x1_0000_0002)),
            "seed {seed}: logged, not committed"
        );
    }
}

#[test]
fn when_the_leader_dies_the_best_survivor_leads_the_next_epoch_and_nothing_is_lost() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        write_nodes(&mut sim, 3, 0, 2);
        // Peer 2 stops hearing the leader; 1 and 3 still commit /n2.
        sim.schedule.links.partition_groups(&[2], &[3]);
        write_nodes(&mut sim, 3, 2, 1);
        assert_eq!(committed(&sim, 1).len(), 4, "seed {seed}");
        // The crash resets both followers' connections at once (what 3 sent 2 meanwhile is
        // lost with it).
        sim.schedule.links.heal_all();
        sim.crash_peer(3);
        sim.run_for(10_000);
        // Peer 1 has the highest zxid: it beats the higher myid 2.
        assert_eq!(sim.leader(), Some(1), "seed {seed}: {:?}", states(&sim));
        for id in [1, 2] {
            let p = sim.peer(id).unwrap_or_else(|| unreachable!());
            assert_eq!(p.current_epoch(), 2, "seed {seed} peer {id}");
            assert!(has_node(&sim, id, "/n2"), "seed {seed} peer {id}");
        }
        assert_eq!(
            committed(&sim, 2),
            vec![0x1_0000_0001, 0x1_0000_0002, 0x1_0000_0003, 0x1_0000_0004],
            "seed {seed}"
        );
        // The new epoch's first write is 0x200000001.
        assert_eq!(sim.submit(2, create("/e2", "x")), Ok(()));
        sim.run_for(100);
        assert_eq!(
            committed(&sim, 2).last(),
            Some(&Zxid(0x2_0000_0001)),
            "seed {seed}"
        );
        // The old leader comes back and follows.
        sim.start_peer(3);
        sim.run_for(10_000);
        assert_eq!(
            sim.peer(3).map(|p| p.state()),
            Some(ServerState::Following),
            "seed {seed}"
        );
        assert!(has_node(&sim, 3, "/e2"), "seed {seed}");
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn the_minority_side_never_commits_and_its_leader_steps_down() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        sim.schedule.links.partition_groups(&[3], &[1, 2]);
        assert_eq!(sim.submit(3, create("/minority", "x")), Ok(()));
        // syncLimit is 5 ticks of 2 s: the leader gives up soon after 10 s.
        sim.run_for(13_000);
        assert_eq!(
            sim.peer(3).map(|p| p.state()),
            Some(ServerState::Looking),
            "seed {seed}"
        );
        assert_eq!(sim.leader(), Some(2), "seed {seed}: {:?}", states(&sim));
        assert_eq!(
            sim.submit(3, create("/x", "x")),
            Err(crate::ensemble::NotServing::NoLeader)
        );
        assert_eq!(sim.submit(2, create("/majority", "x")), Ok(()));
        sim.run_for(100);
        assert!(has_node(&sim, 1, "/majority"), "seed {seed}");
        assert!(!has_node(&sim, 3, "/minority"), "seed {seed}");
        // Healed, the old leader drops its proposal (a SNAP, as the TRUNC would cross an epoch).
        sim.schedule.links.heal_all();
        sim.run_for(10_000);
        assert_eq!(
            sim.peer(3).map(|p| p.state()),
            Some(ServerState::Following),
            "seed {seed}"
        );
        assert!(has_node(&sim, 3, "/majority"), "seed {seed}");
        assert!(!has_node(&sim, 3, "/minority"), "seed {seed}");
        assert_eq!(committed(&sim, 3), committed(&sim, 2), "seed {seed}");
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn a_lagging_follower_gets_a_diff() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        let all = sim.server_ids();
        sim.schedule.links.isolate(1, &all);
        write_nodes(&mut sim, 3, 0, 3);
        sim.run_for(12_000);
        sim.schedule.links.heal_all();
        sim.run_for(10_000);
        let leader = sim.peer(3).unwrap_or_else(|| unreachable!());
        assert!(
            leader.syncs_sent().contains(&(1, SyncKind::Diff)),
            "seed {seed}: {:?}",
            leader.syncs_sent()
        );
        assert!(has_node(&sim, 1, "/n2"), "seed {seed}");
        assert_eq!(committed(&sim, 1), committed(&sim, 3), "seed {seed}");
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn a_follower_ahead_with_uncommitted_proposals_gets_a_trunc() {
    for seed in 0..10 {
        let mut sim = elected(5, 0, seed);
        assert_eq!(sim.submit(5, open_session()), Ok(()));
        sim.run_for(100);
        write_nodes(&mut sim, 5, 0, 1);
        sim.schedule.links.partition_groups(&[4, 5], &[1, 2, 3]);
        // Peer 4 logs /ahead; two of five acks are no quorum.
        assert_eq!(sim.submit(5, create("/ahead", "x")), Ok(()));
        sim.run_for(100);
        assert_eq!(
            sim.peer(4).map(|p| p.log().last_zxid()),
            Some(Zxid(0x1_0000_0003)),
            "seed {seed}"
        );
        sim.run_for(15_000);
        assert_eq!(sim.leader(), Some(3), "seed {seed}: {:?}", states(&sim));
        sim.crash_peer(5);
        sim.schedule.links.heal_all();
        sim.run_for(10_000);
        let leader = sim.peer(3).unwrap_or_else(|| unreachable!());
        assert!(
            leader.syncs_sent().contains(&(4, SyncKind::Trunc)),
            "seed {seed}: {:?}",
            leader.syncs_sent()
        );
        assert_eq!(
            sim.peer(4).map(|p| p.log().last_zxid()),
            Some(Zxid(0x1_0000_0002)),
            "seed {seed}"
        );
        assert!(!has_node(&sim, 4, "/ahead"), "seed {seed}");
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn a_fresh_peer_far_behind_gets_a_snapshot() {
    for seed in 0..10 {
        let mut sim = ensemble(3, 0, seed);
        sim.start_peer(1);
        sim.start_peer(2);
        sim.run_for(5_000);
        assert_eq!(sim.submit(2, open_session()), Ok(()));
        sim.run_for(100);
        write_nodes(&mut sim, 2, 0, 5);
        sim.start_peer(3);
        sim.run_for(5_000);
        let leader = sim.peer(2).unwrap_or_else(|| unreachable!());
        assert!(
            leader.syncs_sent().contains(&(3, SyncKind::Snap)),
            "seed {seed}: {:?}",
            leader.syncs_sent()
        );
        assert!(has_node(&sim, 3, "/n4"), "seed {seed}");
        assert_eq!(committed(&sim, 3), committed(&sim, 2), "seed {seed}");
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn observers_get_inform_and_never_ack() {
    for seed in 0..10 {
        let mut sim = elected(3, 1, seed);
        sim.run_for(10_000);
        let traced = sim.steps();
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        write_nodes(&mut sim, 4, 0, 2);
        assert!(has_node(&sim, 4, "/n1"), "seed {seed}");
        let deliveries = delivered_since(&sim, traced);
        let to_observer: Vec<&str> = deliveries
            .iter()
            .filter(|d| d.to == 4 && d.name != "PING")
            .map(|d| d.name)
            .collect();
        assert_eq!(to_observer, vec!["INFORM"; 3], "seed {seed}");
        assert!(
            !deliveries.iter().any(|d| d.from == 4 && d.name == "ACK"),
            "seed {seed}"
        );
    }
}

#[test]
fn five_voters_commit_with_two_down_and_not_with_three() {
    for seed in 0..10 {
        let mut sim = elected(5, 0, seed);
        assert_eq!(sim.submit(5, open_session()), Ok(()));
        sim.run_for(100);
        sim.crash_peer(1);
        sim.crash_peer(2);
        write_nodes(&mut sim, 5, 0, 1);
        assert!(has_node(&sim, 3, "/n0"), "seed {seed}");
        sim.crash_peer(3);
        assert_eq!(sim.submit(5, create("/n1", "x")), Ok(()));
        sim.run_for(5_000);
        assert!(!has_node(&sim, 5, "/n1"), "seed {seed}");
        assert!(!has_node(&sim, 4, "/n1"), "seed {seed}");
        sim.run_for(30_000);
        assert_eq!(sim.leader(), None, "seed {seed}: {:?}", states(&sim));
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

/// `srvr`'s zxid on a fresh ensemble: the leader's is its epoch's zxid 0 once it serves; a
/// follower synced before that (an empty DIFF) keeps 0x0, one synced after gets a SNAP of the
/// leader's 0x100000000 — and keeps it through a restart (the snapshot it took at NEWLEADER).
#[test]
fn a_follower_synced_after_the_leader_serves_reports_the_new_epochs_zxid() {
    for seed in 0..10 {
        let mut sim = ensemble(3, 0, seed);
        sim.start_peer(1);
        sim.start_peer(2);
        sim.run_for(10_000);
        assert_eq!(sim.leader(), Some(2), "seed {seed}");
        let processed = |sim: &Sim, id| sim.peer(id).map(Peer::last_processed_zxid);
        assert_eq!(processed(&sim, 2), Some(Zxid(0x1_0000_0000)), "seed {seed}");
        assert_eq!(
            processed(&sim, 1),
            Some(Zxid(0)),
            "seed {seed}: synced before"
        );
        sim.start_peer(3);
        sim.run_for(10_000);
        assert_eq!(sim.peer(3).map(Peer::is_serving), Some(true), "seed {seed}");
        assert_eq!(
            processed(&sim, 3),
            Some(Zxid(0x1_0000_0000)),
            "seed {seed}: SNAP"
        );
        assert_eq!(
            sim.peer(2).map(|p| p.syncs_sent().to_vec()),
            Some(vec![(1, SyncKind::Diff), (3, SyncKind::Snap)]),
            "seed {seed}"
        );
        // Its votes carry it: after the leader dies, 3 (0x100000000) beats 1 (0x0).
        sim.crash_peer(3);
        sim.start_peer(3);
        sim.run_for(10_000);
        assert_eq!(
            processed(&sim, 3),
            Some(Zxid(0x1_0000_0000)),
            "seed {seed}: reloaded"
        );
        sim.crash_peer(2);
        sim.run_for(10_000);
        assert_eq!(sim.leader(), Some(3), "seed {seed}");
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

/// After a failover from a fresh ensemble the zxids decide, not the myids: the late follower
/// (1, 0x100000000) leads, and the other (2, 0x0) gets a snapshot of 1's 0x100000000 before
/// 1 serves, keeping epoch 1's zxid while it follows in epoch 2.
#[test]
fn the_late_follower_leads_after_the_leader_dies() {
    for seed in 0..10 {
        let mut sim = ensemble(3, 0, seed);
        sim.start_peer(3);
        sim.start_peer(2);
        sim.run_for(10_000);
        sim.start_peer(1);
        sim.run_for(10_000);
        sim.crash_peer(3);
        sim.run_for(10_000);
        assert_eq!(sim.leader(), Some(1), "seed {seed}");
        let processed = |id| sim.peer(id).map(Peer::last_processed_zxid);
        assert_eq!(processed(1), Some(Zxid(0x2_0000_0000)), "seed {seed}");
        assert_eq!(processed(2), Some(Zxid(0x1_0000_0000)), "seed {seed}");
        assert_eq!(sim.peer(2).map(Peer::current_epoch), Some(2), "seed {seed}");
    }
}
