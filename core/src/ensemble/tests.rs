//! FLE's rules one notification at a time, on a single `Election` or `Peer`, with no driver:
//! the votes' order, rounds, replies, the finalize wait, the poll timeout's back-off, and how
//! a notification is summarised. The peers driven together are tested on the simulation
//! (`sim::ensemble::peer_tests`).

use std::rc::Rc;

use crate::ensemble::election::{Election, Outbox, FINALIZE_WAIT_MS, MAX_NOTIFICATION_INTERVAL_MS};
use crate::ensemble::vote::{Proposal, Vote};
use crate::ensemble::{EnsembleConfig, Envelope, Message, Peer, PeerId, ServerState};
use crate::stat::Zxid;

fn proposal(leader: PeerId, zxid: i64, peer_epoch: i64) -> Proposal {
    Proposal {
        leader: Some(leader),
        zxid: Zxid(zxid),
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
}

#[test]
fn the_total_order_is_epoch_then_zxid_then_myid() {
    let p = |leader, zxid, peer_epoch| Proposal {
        leader: Some(leader),
        zxid: Zxid(zxid),
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
            zxid: Zxid(zxid),
            peer_epoch: 1,
        },
        election_epoch: round,
        state,
    };
    assert!(v(1, 1, ServerState::Following).agrees_with(&v(9, 4, ServerState::Leading)));
    assert!(!v(1, 1, ServerState::Looking).agrees_with(&v(9, 1, ServerState::Leading)));
    assert!(v(1, 1, ServerState::Looking).agrees_with(&v(1, 1, ServerState::Looking)));
}

fn notifications_to(out: &[Envelope], to: PeerId) -> Vec<Vote> {
    out.iter()
        .filter(|e| e.to == to)
        .filter_map(|e| match e.message {
            Message::Notification(v) => Some(v),
            Message::Zab(_) => None,
        })
        .collect()
}

/// `QuorumCnxManager.SendWorker`: a connection from a peer's incarnation not heard before
/// starts with the notification we last meant for it, when we sent that before it started
/// (it never had it); a peer started with us, or heard already, gets nothing again.
#[test]
fn a_peer_started_later_first_gets_the_notification_it_missed() {
    let mut p = Peer::new(3, Rc::new(EnsembleConfig::new(3, 0)));
    let out = p.start(50);
    assert!(out.iter().all(|e| e.conn == 50), "named by its start");
    let ours = looking(proposal(3, 0, 0), 1);
    let from = |id: PeerId, started_ms: u64, v: Vote| Envelope {
        from: id,
        to: 3,
        conn: started_ms,
        message: Message::Notification(v),
    };
    // Server 1 started with us: what we sent it reached it.
    let out = p.on_message(51, from(1, 50, looking(proposal(1, 0, 0), 1)));
    assert_eq!(notifications_to(&out, 1), vec![]);
    // Server 2 started at 300, after our notification to it was lost.
    let out = p.on_message(301, from(2, 300, looking(proposal(2, 0, 0), 1)));
    assert_eq!(notifications_to(&out, 2), vec![ours]);
    let out = p.on_message(302, from(2, 300, looking(proposal(2, 0, 0), 1)));
    assert_eq!(notifications_to(&out, 2), vec![]);
    // It dies and comes back: the new connection starts with our last notification again.
    let _ = p.on_connection_reset(400, 2);
    let out = p.on_message(901, from(2, 900, looking(proposal(2, 0, 0), 1)));
    assert_eq!(notifications_to(&out, 2), vec![ours]);
}
