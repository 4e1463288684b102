//! How a leader brings a learner up to date (`LearnerHandler.syncFollower` and
//! `queueCommittedProposals`) from its in-memory committed log: an empty DIFF when the learner
//! is where the leader is; TRUNC when the learner has proposals past the leader's log; DIFF plus
//! the missing proposals (each with its COMMIT) when the learner's zxid is within the log,
//! TRUNC first if the learner has a proposal the leader never saw; SNAP otherwise (the learner
//! is older than the log, or the TRUNC would cross an epoch). The on-disk txnlog path of
//! ZooKeeper is not modelled: a learner older than the committed log gets SNAP.

use std::rc::Rc;

use crate::ensemble::log::{epoch_of, Entry, Txn};
use crate::stat::Zxid;

/// `zookeeper.commitLogCount`: how many committed proposals the leader keeps in memory.
pub const COMMIT_LOG_COUNT: usize = 500;

/// Which way a learner is synced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncKind {
    Diff,
    Trunc,
    Snap,
}

/// One packet of a sync, before NEWLEADER.
#[derive(Clone, Debug)]
pub enum SyncPacket {
    Diff { last_committed: Zxid },
    Trunc { zxid: Zxid },
    Proposal(Rc<Txn>),
    Commit { zxid: Zxid },
}

/// What `syncFollower` decided.
#[derive(Clone, Debug)]
pub struct SyncPlan {
    /// SNAP: the packets are empty and a snapshot is sent instead.
    pub kind: SyncKind,
    pub packets: Vec<SyncPacket>,
    /// The last zxid the learner will have (`currentZxid`): forwarding starts after it.
    pub current_zxid: Zxid,
}

/// `syncFollower(peerLastZxid)` over the leader's committed entries, whose last applied zxid
/// is `last_processed`.
pub fn plan(committed: &[Entry], last_processed: Zxid, peer_last_zxid: Zxid) -> SyncPlan {
    let window = &committed[committed.len().saturating_sub(COMMIT_LOG_COUNT)..];
    let (min, max) = match (window.first(), window.last()) {
        (Some(first), Some(last)) => (first.txn.zxid, last.txn.zxid),
        _ => (last_processed, last_processed),
    };
    let is_peer_new_epoch_zxid = peer_last_zxid.counter() == 0;
    let snap = SyncPlan {
        kind: SyncKind::Snap,
        packets: Vec::new(),
        current_zxid: last_processed,
    };
    if last_processed == peer_last_zxid {
        return SyncPlan {
            kind: SyncKind::Diff,
            packets: vec![SyncPacket::Diff {
                last_committed: peer_last_zxid,
            }],
            current_zxid: peer_last_zxid,
        };
    }
    if peer_last_zxid > max && !is_peer_new_epoch_zxid {
        return SyncPlan {
            kind: SyncKind::Trunc,
            packets: vec![SyncPacket::Trunc { zxid: max }],
            current_zxid: max,
        };
    }
    if max >= peer_last_zxid && min <= peer_last_zxid {
        return queue_committed(window, peer_last_zxid, max).unwrap_or(snap);
    }
    snap
}

/// `queueCommittedProposals`; `None` when it leaves the op packet unsent (a snapshot follows).
fn queue_committed(
    window: &[Entry],
    peer_last_zxid: Zxid,
    last_committed: Zxid,
) -> Option<SyncPlan> {
    let is_peer_new_epoch_zxid = peer_last_zxid.counter() == 0;
    let mut queued = peer_last_zxid;
    let mut prev_proposal_zxid = Zxid(-1);
    let mut packets = Vec::new();
    let mut kind = None;
    for e in window {
        let zxid = e.txn.zxid;
        if zxid < peer_last_zxid {
            prev_proposal_zxid = zxid;
            continue;
        }
        if kind.is_none() {
            if zxid == peer_last_zxid {
                packets.push(SyncPacket::Diff { last_committed });
                kind = Some(SyncKind::Diff);
                continue;
            }
            if is_peer_new_epoch_zxid {
                packets.push(SyncPacket::Diff { last_committed });
                kind = Some(SyncKind::Diff);
            } else if zxid > peer_last_zxid {
                // The learner has a proposal we never saw: it may have led. No TRUNC across
                // an epoch boundary; a snapshot then.
                if epoch_of(zxid) != epoch_of(peer_last_zxid) {
                    return None;
                }
                packets.push(SyncPacket::Trunc {
                    zxid: prev_proposal_zxid,
                });
                kind = Some(SyncKind::Trunc);
            }
        }
        if zxid <= queued {
            continue;
        }
        packets.push(SyncPacket::Proposal(Rc::clone(&e.txn)));
        packets.push(SyncPacket::Commit { zxid });
        queued = zxid;
    }
    if kind.is_none() && is_peer_new_epoch_zxid {
        packets.push(SyncPacket::Diff { last_committed });
        kind = Some(SyncKind::Diff);
    }
    Some(SyncPlan {
        kind: kind?,
        packets,
        current_zxid: queued,
    })
}
