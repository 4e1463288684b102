//! The learner's side of Zab (`Learner`, `Follower`, `Observer`), as methods of `Peer` over a
//! `Learner` value: register with FOLLOWERINFO (or OBSERVERINFO) carrying the accepted epoch;
//! on LEADERINFO accept a newer epoch (acking with our currentEpoch), re-ack an equal one with
//! -1, refuse an older one; then take the sync (DIFF, TRUNC, SNAP, proposals and commits),
//! take NEWLEADER as the new currentEpoch and ack it, and serve after UPTODATE. In broadcast a
//! follower logs and acks each PROPOSAL and applies each COMMIT in order; an observer applies
//! each INFORM. A learner that hears nothing from its leader for `initLimit` ticks while
//! syncing, or `syncLimit` ticks after NEWLEADER, gives up and looks for a leader again.
//!
//! What the learner holds of the previous epochs once synced is the new epoch's initial
//! history: it counts as committed at UPTODATE, which the leader sends only once a quorum acked
//! NEWLEADER (ZooKeeper's learner has it in its tree already, replayed from its log when it
//! left its last role or loaded at start; here the tree holds only what is known committed).
//! COMMITs of the new epoch that arrive before UPTODATE wait for it (`packetsCommitted`).
//!
//! Proposals forwarded during the sync are acked after NEWLEADER's ack, as ZooKeeper logs them
//! at NEWLEADER.

use std::rc::Rc;

use crate::ensemble::anomaly::Anomaly;
use crate::ensemble::config::{EnsembleConfig, PeerId};
use crate::ensemble::log::{epoch_of, make_zxid};
use crate::ensemble::message::{Envelope, Packet};
use crate::ensemble::peer::{Peer, Role};
use crate::ensemble::vote::ServerState;

/// Where a learner is with its leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Sent FOLLOWERINFO, waiting for LEADERINFO.
    Registering,
    /// Acked the epoch; taking the sync.
    Syncing,
    /// Took NEWLEADER; waiting for UPTODATE.
    AwaitUpToDate,
    /// Serving.
    Broadcast,
}

/// A follower's or observer's state while it has a leader.
#[derive(Clone, Debug)]
pub struct Learner {
    pub(crate) leader: PeerId,
    observer: bool,
    pub(crate) stage: Stage,
    new_epoch: i64,
    last_heard_ms: u64,
    /// New-epoch COMMITs received before UPTODATE.
    early_commits: Vec<crate::stat::Zxid>,
    /// Synced by SNAP or TRUNC: a snapshot is taken at NEWLEADER (`snapshotNeeded`).
    snapshot_needed: bool,
    /// Connection attempts refused so far, and when the next one is due.
    connect_tries: u32,
    retry_at_ms: Option<u64>,
}

/// `connectToLeader`: at most this many attempts…
pub const CONNECT_TRIES_MAX: u32 = 5;
/// …this far apart (`zookeeper.leaderConnectDelayDuringRetryMs`).
pub const CONNECT_RETRY_DELAY_MS: u64 = 100;

impl Learner {
    pub fn is_broadcasting(&self) -> bool {
        self.stage == Stage::Broadcast
    }

    /// The read timeout, for a view: (kind, when last heard, when it fires).
    pub fn timer(&self, config: &EnsembleConfig) -> (crate::ensemble::peer::TimerKind, u64, u64) {
        use crate::ensemble::peer::TimerKind;
        let (kind, limit) = match self.stage {
            Stage::Registering | Stage::Syncing => (TimerKind::InitLimit, config.init_timeout_ms()),
            Stage::AwaitUpToDate | Stage::Broadcast => {
                (TimerKind::SyncLimit, config.sync_timeout_ms())
            }
        };
        let at = self.last_heard_ms.saturating_add(limit);
        (kind, self.last_heard_ms, at)
    }

    /// The socket's read timeout: `initLimit` ticks until NEWLEADER, `syncLimit` ticks after.
    pub fn deadline_ms(&self, config: &EnsembleConfig) -> u64 {
        let limit = match self.stage {
            Stage::Registering | Stage::Syncing => config.init_timeout_ms(),
            Stage::AwaitUpToDate | Stage::Broadcast => config.sync_timeout_ms(),
        };
        let read = self.last_heard_ms.saturating_add(limit);
        self.retry_at_ms.map_or(read, |r| r.min(read))
    }
}

impl Peer {
    /// `followLeader` / `observeLeader`: connect and register.
    pub(crate) fn learn(&mut self, now_ms: u64, leader: PeerId, out: &mut Vec<Envelope>) {
        let observer = !self.config.is_voter(self.id);
        self.state = if observer {
            ServerState::Observing
        } else {
            ServerState::Following
        };
        self.disk.connections = self.disk.connections.wrapping_add(1);
        self.role = Role::Learning(Box::new(Learner {
            leader,
            observer,
            stage: Stage::Registering,
            new_epoch: -1,
            last_heard_ms: now_ms,
            early_commits: Vec::new(),
            snapshot_needed: false,
            connect_tries: 0,
            retry_at_ms: None,
        }));
        let info = Packet::LearnerInfo {
            accepted_epoch: self.disk.accepted_epoch,
            observer,
        };
        self.send_zab(leader, self.disk.connections, info, out);
    }

    pub(crate) fn learner_timer(&mut self, now_ms: u64, out: &mut Vec<Envelope>) {
        let Role::Learning(l) = &mut self.role else {
            return;
        };
        if l.retry_at_ms.is_some_and(|r| now_ms >= r) {
            l.retry_at_ms = None;
            let (leader, observer) = (l.leader, l.observer);
            let info = Packet::LearnerInfo {
                accepted_epoch: self.disk.accepted_epoch,
                observer,
            };
            self.send_zab(leader, self.disk.connections, info, out);
            return;
        }
        if now_ms >= l.deadline_ms(&self.config) {
            self.look(now_ms, out);
        }
    }

    /// A Zab packet from our leader on our current connection.
    pub(crate) fn learner_packet(
        &mut self,
        now_ms: u64,
        from: PeerId,
        conn: u64,
        packet: Packet,
        out: &mut Vec<Envelope>,
    ) {
        let me = self.id;
        let my_conn = self.disk.connections;
        let Role::Learning(l) = &mut self.role else {
            return;
        };
        if from != l.leader || conn != my_conn {
            return;
        }
        l.last_heard_ms = now_ms;
        let (leader, observer, stage, new_epoch) = (l.leader, l.observer, l.stage, l.new_epoch);
        match packet {
            Packet::LeaderInfo { new_epoch } if stage == Stage::Registering => {
                let current_epoch = if new_epoch > self.disk.accepted_epoch {
                    let current = self.disk.current_epoch;
                    self.disk.accepted_epoch = new_epoch;
                    current
                } else if new_epoch == self.disk.accepted_epoch {
                    -1
                } else {
                    // "Leaders epoch, N is less than accepted epoch, M"
                    self.look(now_ms, out);
                    return;
                };
                if let Role::Learning(l) = &mut self.role {
                    l.stage = Stage::Syncing;
                    l.new_epoch = new_epoch;
                }
                let ack = Packet::AckEpoch {
                    current_epoch,
                    last_zxid: self.processed,
                };
                self.send_zab(leader, my_conn, ack, out);
            }
            Packet::Trunc { zxid } if stage == Stage::Syncing => {
                l.snapshot_needed = true;
                self.truncate_to(zxid);
            }
            Packet::Snap {
                zxid,
                tree,
                history,
                committed,
            } if stage == Stage::Syncing => {
                l.snapshot_needed = true;
                let mine = self.disk.log.committed();
                let prefix = mine.len() <= history.len()
                    && mine
                        .iter()
                        .zip(history.iter())
                        .all(|(a, b)| a.txn.zxid == b.txn.zxid);
                if !prefix {
                    self.anomaly(Anomaly::SnapshotLacksCommitted { peer: me });
                }
                // The snapshot is ours alone once delivered: no second copy.
                self.server = Rc::try_unwrap(tree).unwrap_or_else(|rc| (*rc).clone());
                let _ = self.server.take_notifications();
                self.disk.log.replace_with(&history, committed);
                // `setlastProcessedZxid`: the leader's, the new epoch's zxid 0 once it serves.
                self.processed = zxid;
            }
            Packet::Proposal(txn)
                if stage == Stage::Syncing || (stage != Stage::Registering && !observer) =>
            {
                // The sync's proposals reach observers too. During the sync the ack waits for
                // NEWLEADER (`packetsNotCommitted`); observers never ack.
                let zxid = txn.zxid;
                if self.disk.log.append(txn) && stage != Stage::Syncing && !observer {
                    self.send_zab(leader, my_conn, Packet::Ack { zxid }, out);
                }
            }
            Packet::Commit { zxid } if stage != Stage::Registering => {
                if zxid <= self.disk.log.last_committed() || zxid < make_zxid(new_epoch, 0) {
                    // Old history: committed at UPTODATE.
                    return;
                }
                if stage != Stage::Broadcast {
                    if let Role::Learning(l) = &mut self.role {
                        l.early_commits.push(zxid);
                    }
                    return;
                }
                match self.commit_through(zxid) {
                    true => {}
                    false => {
                        self.anomaly(Anomaly::CommitNotNext { peer: me, zxid });
                        if stage == Stage::Broadcast {
                            self.look(now_ms, out);
                        }
                    }
                }
            }
            Packet::Inform(txn) if stage != Stage::Registering && observer => {
                let zxid = txn.zxid;
                if zxid <= self.disk.log.last_committed() {
                    return;
                }
                self.disk.log.append(txn);
                if stage != Stage::Broadcast {
                    if let Role::Learning(l) = &mut self.role {
                        l.early_commits.push(zxid);
                    }
                    return;
                }
                match self.disk.log.commit_next(zxid) {
                    Some(txn) => self.apply(&txn),
                    None => self.anomaly(Anomaly::InformOutOfOrder { peer: me, zxid }),
                }
            }
            Packet::NewLeader { zxid } if stage == Stage::Syncing => {
                self.disk.current_epoch = epoch_of(zxid);
                if l.snapshot_needed {
                    self.disk.snapshot_zxid = self.processed;
                }
                if let Role::Learning(l) = &mut self.role {
                    l.stage = Stage::AwaitUpToDate;
                }
                self.send_zab(leader, my_conn, Packet::Ack { zxid }, out);
                if !observer {
                    // The proposals forwarded during the sync are logged now, then acked.
                    let logged: Vec<crate::stat::Zxid> = self
                        .disk
                        .log
                        .uncommitted()
                        .iter()
                        .filter(|e| e.txn.zxid > zxid)
                        .map(|e| e.txn.zxid)
                        .collect();
                    for zxid in logged {
                        self.send_zab(leader, my_conn, Packet::Ack { zxid }, out);
                    }
                }
            }
            Packet::UpToDate if stage == Stage::AwaitUpToDate => {
                let early = match &mut self.role {
                    Role::Learning(l) => {
                        l.stage = Stage::Broadcast;
                        std::mem::take(&mut l.early_commits)
                    }
                    _ => Vec::new(),
                };
                for txn in self.disk.log.commit_below(make_zxid(new_epoch, 0)) {
                    self.apply(&txn);
                }
                for zxid in early {
                    if !self.commit_through(zxid) {
                        self.anomaly(Anomaly::EarlyCommitOutOfOrder { peer: me, zxid });
                    }
                }
                // `updateElectionVote`: late joiners hear the new epoch.
                self.current_vote.proposal.peer_epoch = new_epoch;
                let ack = Packet::Ack {
                    zxid: make_zxid(new_epoch, 0),
                };
                self.send_zab(leader, my_conn, ack, out);
            }
            Packet::Ping { .. } => {
                let touches = self.take_touches();
                self.send_zab(leader, my_conn, Packet::Ping { touches }, out);
            }
            Packet::Sync { origin } if stage == Stage::Broadcast => self.synced.push(origin),
            Packet::Revalidated { session, valid } if stage == Stage::Broadcast => {
                self.revalidated.push((session, valid));
            }
            Packet::Closed if stage == Stage::Registering => {
                // Connection refused: the leader is not listening yet. Try again shortly.
                if let Role::Learning(l) = &mut self.role {
                    l.connect_tries = l.connect_tries.saturating_add(1);
                    if l.connect_tries < CONNECT_TRIES_MAX {
                        l.retry_at_ms = Some(now_ms.saturating_add(CONNECT_RETRY_DELAY_MS));
                        return;
                    }
                }
                self.look(now_ms, out);
            }
            Packet::Closed => self.look(now_ms, out),
            _ => {}
        }
    }

    /// A COMMIT for `zxid`: the leader commits in zxid order, so every proposal this peer
    /// logged before it is committed too — including one logged before a rejoin to the same
    /// leader, which the catch-up sync does not send again (the peer reported it as logged).
    /// Applies them in order; `false` when `zxid` is not pending here.
    fn commit_through(&mut self, zxid: crate::stat::Zxid) -> bool {
        let pending = self
            .disk
            .log
            .uncommitted()
            .iter()
            .any(|e| e.txn.zxid == zxid);
        if !pending {
            return false;
        }
        for txn in self.disk.log.commit_below(zxid) {
            self.apply(&txn);
        }
        match self.disk.log.commit_next(zxid) {
            Some(txn) => {
                self.apply(&txn);
                true
            }
            None => false,
        }
    }

    /// TRUNC: drop what the leader never had. Losing a committed entry would be a bug.
    fn truncate_to(&mut self, zxid: crate::stat::Zxid) {
        self.processed = zxid;
        if self.disk.log.truncate(zxid) {
            self.anomaly(Anomaly::TruncatedCommitted {
                peer: self.id,
                zxid,
            });
            self.rebuild();
        }
    }
}
