//! FLE's rules one notification at a time, on a single `Election` or `Peer`: rounds, replies,
//! the finalize wait and the poll timeout's back-off.

use std::rc::Rc;

use super::*;
use crate::ensemble::election::{Election, Outbox, FINALIZE_WAIT_MS, MAX_NOTIFICATION_INTERVAL_MS};
use crate::ensemble::vote::{Proposal, Vote};
use crate::ensemble::{Envelope, Message, Peer};

fn proposal(leader: PeerId, zxid: i64, peer_epoch: i64) -> Proposal {
    Proposal {
        leader: Some(leader),
        zxid,
        peer_epoch,
    }
}

fn looking(p: Proposal, round: i64) -> Vote {
    Vote {
        proposal: p,
        election_epoch: round,
        state: ServerState::Looking,
    }
}

/// Peer 1's election in a 3-voter ensemble, round 1, proposing itself with zxid 5.
fn election() -> (Election, EnsembleConfig, Outbox) {
    let config = EnsembleConfig::new(3, 0);
    let mut e = Election::default();
    let mut out = Outbox::new();
    e.start(0, 1, proposal(1, 5, 1), &config, &mut out);
    (e, config, out)
}

#[test]
fn a_round_starts_by_notifying_every_voter_itself_included() {
    let (e, _, out) = election();
    assert_eq!(e.logical_clock(), 1);
    let to: Vec<PeerId> = out.iter().map(|(to, _)| *to).collect();
    assert_eq!(to, vec![1, 2, 3]);
    assert!(out.iter().all(|(_, n)| *n == looking(proposal(1, 5, 1), 1)));
}

#[test]
fn a_higher_round_is_adopted_with_the_better_of_its_vote_and_ours() {
    let (mut e, config, _) = election();
    let mut out = Outbox::new();
    // Round 4 proposing 2 with an older zxid: we join round 4 but keep proposing ourselves.
    let n = looking(proposal(2, 3, 1), 4);
    assert_eq!(e.on_notification(1, 2, n, &config, &mut out), None);
    assert_eq!(e.logical_clock(), 4);
    assert_eq!(e.proposal(), Some(proposal(1, 5, 1)));
    assert_eq!(out.len(), 3, "announced to every voter");
    assert!(out.iter().all(|(_, n)| n.election_epoch == 4));
}

#[test]
fn a_lower_round_is_ignored_and_a_better_vote_of_our_round_is_adopted() {
    let (mut e, config, _) = election();
    let mut out = Outbox::new();
    e.on_notification(1, 3, looking(proposal(3, 9, 1), 0), &config, &mut out);
    assert_eq!(
        (e.logical_clock(), e.proposal()),
        (1, Some(proposal(1, 5, 1)))
    );
    assert!(out.is_empty());
    e.on_notification(2, 3, looking(proposal(3, 9, 1), 1), &config, &mut out);
    assert_eq!(e.proposal(), Some(proposal(3, 9, 1)));
    assert_eq!(out.len(), 3);
}

#[test]
fn a_quorum_decides_only_after_the_finalize_wait_and_a_better_vote_reopens_it() {
    let (mut e, config, _) = election();
    let mut out = Outbox::new();
    let ours = looking(proposal(1, 5, 1), 1);
    assert_eq!(e.on_notification(10, 1, ours, &config, &mut out), None);
    assert_eq!(e.on_notification(11, 2, ours, &config, &mut out), None);
    // A quorum agrees: the wait runs from the last notification.
    assert_eq!(e.deadline_ms(), Some(11 + FINALIZE_WAIT_MS));
    assert_eq!(e.on_timer(100, &config, &mut out), None);
    // A better vote within the wait reopens the round.
    e.on_notification(150, 3, looking(proposal(3, 5, 1), 1), &config, &mut out);
    assert_eq!(e.proposal(), Some(proposal(3, 5, 1)));
    let better = looking(proposal(3, 5, 1), 1);
    e.on_notification(160, 1, better, &config, &mut out);
    e.on_notification(161, 3, better, &config, &mut out);
    assert_eq!(e.on_timer(361, &config, &mut out), Some(better));
}

#[test]
fn the_poll_timeout_doubles_from_200_ms_to_60_s() {
    let (mut e, config, _) = election();
    let mut out = Outbox::new();
    let mut deadlines = Vec::new();
    for _ in 0..12 {
        let Some(at) = e.deadline_ms() else {
            unreachable!()
        };
        deadlines.push(at);
        e.on_timer(at, &config, &mut out);
    }
    let gaps: Vec<u64> = deadlines.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(
        gaps,
        vec![400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 60_000, 60_000, 60_000]
    );
    assert_eq!(deadlines[0], 200);
    assert_eq!(
        out.len(),
        12 * 3,
        "every timeout notifies every voter again"
    );
    assert!(gaps.iter().all(|g| *g <= MAX_NOTIFICATION_INTERVAL_MS));
}

#[test]
fn a_peer_out_of_election_answers_a_looking_peer_with_its_vote_and_state() {
    let h = elected(3, 0, 1);
    let mut follower: Peer = h.peer(1).cloned().unwrap_or_else(|| unreachable!());
    let n = looking(proposal(9, 0, 0), 7);
    let out = follower.on_message(
        h.now_ms(),
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
fn a_looking_peer_answers_a_lagging_round_with_its_proposal() {
    let mut p = Peer::new(1, Rc::new(EnsembleConfig::new(3, 0)));
    p.start(0);
    // Move to round 3 through a notification of that round.
    p.on_message(
        1,
        Envelope {
            from: 2,
            to: 1,
            conn: 0,
            message: Message::Notification(looking(proposal(2, 0, 0), 3)),
        },
    );
    let out = p.on_message(
        2,
        Envelope {
            from: 3,
            to: 1,
            conn: 0,
            message: Message::Notification(looking(proposal(3, 0, 0), 1)),
        },
    );
    let to_3: Vec<Vote> = out
        .iter()
        .filter(|e| e.to == 3)
        .filter_map(|e| match e.message {
            Message::Notification(v) => Some(v),
            Message::Zab(_) => None,
        })
        .collect();
    assert_eq!(to_3, vec![looking(proposal(2, 0, 0), 3)]);
}

#[test]
fn messages_summarise_as_zookeeper_logs_them() {
    let n = Message::Notification(looking(proposal(3, 0x1_0000_0002, 1), 2));
    assert_eq!(
        n.summary(),
        "NOTIFICATION leader=3 zxid=0x100000002 round=2 epoch=1 LOOKING"
    );
    let o = Message::Notification(looking(Proposal::NOBODY, 1));
    assert_eq!(o.summary(), "NOTIFICATION leader=none round=1 LOOKING");
    let mut h = elected(3, 0, 0);
    h.trace();
    assert_eq!(h.submit(3, open_session()), Ok(()));
    let proposals: Vec<String> = h
        .in_flight()
        .iter()
        .filter(|(_, e, _)| e.message.name() == "PROPOSAL")
        .map(|(_, e, _)| e.message.summary())
        .collect();
    assert_eq!(proposals, vec!["PROPOSAL 0x100000001 createSession"; 2]);
}
