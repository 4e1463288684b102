//! Fast Leader Election: who leads, the rounds, late joiners, observers.

use super::*;
use crate::ensemble::vote::{Proposal, Vote};

#[test]
fn three_voters_starting_together_elect_myid_3_in_epoch_1() {
    for seed in 0..20 {
        let h = elected(3, 0, seed);
        assert_eq!(
            states(&h),
            vec![
                (1, ServerState::Following),
                (2, ServerState::Following),
                (3, ServerState::Leading)
            ],
            "seed {seed}"
        );
        for p in h.peers() {
            assert_eq!(p.current_epoch(), 1, "seed {seed} peer {}", p.id());
            assert_eq!(p.accepted_epoch(), 1, "seed {seed} peer {}", p.id());
            assert!(p.is_serving(), "seed {seed} peer {}", p.id());
        }
        assert!(
            h.violations().is_empty(),
            "seed {seed}: {:?}",
            h.violations()
        );
    }
}

#[test]
fn staggered_start_two_leads_and_three_joins_it() {
    for seed in 0..20 {
        let mut h = ensemble(3, 0, seed);
        h.start(1);
        h.start(2);
        h.run_for(5_000);
        assert_eq!(h.leader(), Some(2), "seed {seed}: {:?}", states(&h));
        h.start(3);
        h.run_for(5_000);
        assert_eq!(
            states(&h),
            vec![
                (1, ServerState::Following),
                (2, ServerState::Leading),
                (3, ServerState::Following)
            ],
            "seed {seed}"
        );
        assert!(h.peer(3).is_some_and(|p| p.is_serving()), "seed {seed}");
        assert_eq!(h.peer(3).map(|p| p.current_epoch()), Some(1), "seed {seed}");
    }
}

#[test]
fn the_total_order_is_epoch_then_zxid_then_myid() {
    let p = |leader, zxid, peer_epoch| Proposal {
        leader: Some(leader),
        zxid,
        peer_epoch,
    };
    assert!(p(1, 0, 2).beats(&p(3, 0x1_0000_0005, 1)));
    assert!(p(1, 6, 1).beats(&p(3, 5, 1)));
    assert!(p(3, 5, 1).beats(&p(2, 5, 1)));
    assert!(!p(2, 5, 1).beats(&p(2, 5, 1)));
    assert!(!Proposal::NOBODY.beats(&p(1, 0, 0)));
    assert!(p(1, 0, 0).beats(&Proposal::NOBODY));
}

#[test]
fn votes_out_of_election_agree_on_leader_and_epoch_only() {
    let v = |zxid, round, state| Vote {
        proposal: Proposal {
            leader: Some(3),
            zxid,
            peer_epoch: 1,
        },
        election_epoch: round,
        state,
    };
    assert!(v(1, 1, ServerState::Following).agrees_with(&v(9, 4, ServerState::Leading)));
    assert!(!v(1, 1, ServerState::Looking).agrees_with(&v(9, 1, ServerState::Leading)));
    assert!(v(1, 1, ServerState::Looking).agrees_with(&v(1, 1, ServerState::Looking)));
}

#[test]
fn observers_observe_and_never_vote() {
    for seed in 0..10 {
        let mut h = elected(3, 2, seed);
        h.run_for(10_000);
        assert_eq!(
            states(&h),
            vec![
                (1, ServerState::Following),
                (2, ServerState::Following),
                (3, ServerState::Leading),
                (4, ServerState::Observing),
                (5, ServerState::Observing)
            ],
            "seed {seed}"
        );
        for id in [4, 5] {
            let p = h.peer(id).unwrap_or_else(|| unreachable!());
            assert!(p.is_serving(), "seed {seed} observer {id}");
        }
        // Two voters down: the observers cannot make a quorum.
        h.crash(2);
        h.crash(3);
        h.run_for(30_000);
        assert_eq!(h.leader(), None, "seed {seed}: {:?}", states(&h));
        assert!(
            h.violations().is_empty(),
            "seed {seed}: {:?}",
            h.violations()
        );
    }
}
