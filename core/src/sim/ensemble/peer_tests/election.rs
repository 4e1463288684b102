//! Fast Leader Election among running peers: who leads, late joiners, observers, how a peer
//! out of election answers one looking, and what a proposal in flight looks like.

use super::*;
use crate::ensemble::vote::{Proposal, Vote};
use crate::ensemble::{Envelope, Peer};

#[test]
fn three_voters_starting_together_elect_myid_3_in_epoch_1() {
    for seed in 0..20 {
        let sim = elected(3, 0, seed);
        assert_eq!(
            states(&sim),
            vec![
                (1, ServerState::Following),
                (2, ServerState::Following),
                (3, ServerState::Leading)
            ],
            "seed {seed}"
        );
        for p in sim.peers() {
            assert_eq!(p.current_epoch(), 1, "seed {seed} peer {}", p.id());
            assert_eq!(p.accepted_epoch(), 1, "seed {seed} peer {}", p.id());
            assert!(p.is_serving(), "seed {seed} peer {}", p.id());
        }
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn staggered_start_two_leads_and_three_joins_it() {
    for seed in 0..20 {
        let mut sim = ensemble(3, 0, seed);
        sim.start_peer(1);
        sim.start_peer(2);
        sim.run_for(5_000);
        assert_eq!(sim.leader(), Some(2), "seed {seed}: {:?}", states(&sim));
        sim.start_peer(3);
        sim.run_for(5_000);
        assert_eq!(
            states(&sim),
            vec![
                (1, ServerState::Following),
                (2, ServerState::Leading),
                (3, ServerState::Following)
            ],
            "seed {seed}"
        );
        assert!(sim.peer(3).is_some_and(|p| p.is_serving()), "seed {seed}");
        assert_eq!(
            sim.peer(3).map(|p| p.current_epoch()),
            Some(1),
            "seed {seed}"
        );
    }
}

#[test]
fn observers_observe_and_never_vote() {
    for seed in 0..10 {
        let mut sim = elected(3, 2, seed);
        sim.run_for(10_000);
        assert_eq!(
            states(&sim),
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
            let p = sim.peer(id).unwrap_or_else(|| unreachable!());
            assert!(p.is_serving(), "seed {seed} observer {id}");
        }
        // Two voters down: the observers cannot make a quorum.
        sim.crash_peer(2);
        sim.crash_peer(3);
        sim.run_for(30_000);
        assert_eq!(sim.leader(), None, "seed {seed}: {:?}", states(&sim));
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn a_peer_out_of_election_answers_a_looking_peer_with_its_vote_and_state() {
    let sim = elected(3, 0, 1);
    let mut follower: Peer = sim.peer(1).cloned().unwrap_or_else(|| unreachable!());
    let n = Vote {
        proposal: Proposal {
            leader: Some(9),
            zxid: crate::stat::Zxid::ZERO,
            peer_epoch: 0,
        },
        election_epoch: 7,
        state: ServerState::Looking,
    };
    let out = follower.on_message(
        sim.now_ms(),
        Envelope {
            from: 2,
            to: 1,
            conn: 0,
            message: Message::Notification(n),
        },
    );
    let replies: Vec<(PeerId, Vote)> = out
        .iter()
        .filter_map(|e| match e.message {
            Message::Notification(v) => Some((e.to, v)),
            Message::Zab(_) => None,
        })
        .collect();
    assert_eq!(replies.len(), 1);
    let (to, v) = replies[0];
    assert_eq!(to, 2);
    assert_eq!(v.state, ServerState::Following);
    assert_eq!(v.proposal.leader, Some(3));
    assert_eq!(
        v.proposal.peer_epoch, 1,
        "the vote carries the new epoch (updateElectionVote)"
    );
}

#[test]
fn a_proposal_in_flight_summarises_as_zookeeper_logs_it() {
    let mut sim = elected(3, 0, 0);
    assert_eq!(sim.submit(3, open_session()), Ok(()));
    let proposals: Vec<String> = sim
        .schedule
        .links
        .peer_messages_sent()
        .iter()
        .filter(|(_, e, _)| e.message.name() == "PROPOSAL")
        .map(|(_, e, _)| e.message.summary())
        .collect();
    assert_eq!(proposals, vec!["PROPOSAL 0x100000001 createSession"; 2]);
}
