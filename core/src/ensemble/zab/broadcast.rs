//! The leader in broadcast (the loop of `Leader.lead` and `ProposalRequestProcessor` on):
//! every half tick it pings its learners and, every tick, checks that a quorum of voters was
//! heard from within `syncLimit` ticks, stepping down otherwise; a learner whose socket was
//! silent for `syncLimit` ticks, or that left a proposal unacked that long
//! (`SyncLimitCheck`), loses its handler. Writes are pipelined: each is prepared against the
//! tree as it will be once every outstanding proposal commits (ZooKeeper checks against its
//! `outstandingChanges`; here against a copy of the leader's tree that takes each proposal
//! as it is made, dropped whenever nothing is outstanding), logged, sent as a PROPOSAL to the
//! followers, and committed once a quorum of voters acked, in zxid order: COMMIT to
//! followers, INFORM to observers, applied by the leader, then the syncs that waited for it.

use crate::sorted::SortedSet as BTreeSet;
use std::rc::Rc;

use crate::ensemble::anomaly::Anomaly;
use crate::ensemble::config::PeerId;
use crate::ensemble::log::{counter_of, Txn};
use crate::ensemble::message::{ClientWrite, Envelope, Origin, Packet, Submitted};
use crate::ensemble::peer::Peer;
use crate::ensemble::zab::leader::{
    Leader, Outstanding, Phase, Stage, OUTSTANDING_MAX, PENDING_MAX,
};
use crate::server::PreparedWrite;

/// The last counter a zxid can carry in an epoch.
pub const ZXID_COUNTER_MAX: i64 = 0xffff_fffe;

impl Peer {
    /// The leader's clock: a phase that ran out of time ends the leadership; in broadcast,
    /// the half-tick loop of `Leader.lead`.
    pub(crate) fn leader_timer(&mut self, now_ms: u64, out: &mut Vec<Envelope>) {
        self.with_leader(now_ms, out, |p, l, out| {
            if l.phase != Phase::Broadcast {
                return now_ms < l.phase_deadline_ms;
            }
            // The session tracker: an expired session is closed by a transaction of ours.
            for session in l.sessions.take_expired(now_ms) {
                let origin = Origin {
                    peer: p.id,
                    request: 0,
                };
                if l.pending.len() < PENDING_MAX {
                    l.pending.push_back(Submitted {
                        origin,
                        write: ClientWrite::CloseSession { session },
                        auth: None,
                    });
                }
            }
            p.propose_next(now_ms, l, out);
            let half_tick_ms = (p.config.tick_time_ms / 2).max(1);
            while l.next_half_tick_ms <= now_ms {
                l.next_half_tick_ms = l.next_half_tick_ms.saturating_add(half_tick_ms);
                if !l.tick_skip {
                    l.tick = l.tick.saturating_add(1);
                }
                let mut synced: BTreeSet<PeerId> = BTreeSet::new();
                synced.insert(p.id);
                for (&id, h) in &l.learners {
                    if l.tick <= h.tick_of_next_ack_deadline {
                        synced.insert(id);
                    }
                }
                if !l.tick_skip && !p.config.is_quorum(&synced) {
                    // "Not sufficient followers synced, only synced with sids: …"
                    return false;
                }
                l.tick_skip = !l.tick_skip;
                p.ping_learners(now_ms, l, out);
            }
            true
        });
    }

    /// A client's write at the leader.
    pub(crate) fn leader_submit(
        &mut self,
        now_ms: u64,
        submitted: Submitted,
        out: &mut Vec<Envelope>,
    ) {
        self.with_leader(now_ms, out, |p, l, out| {
            if l.pending.len() < PENDING_MAX {
                l.pending.push_back(submitted);
            }
            p.propose_next(now_ms, l, out);
            true
        });
    }

    /// `PrepRequestProcessor` then `ProposalRequestProcessor`: prepares each waiting write
    /// against the tree as it will be once everything outstanding commits, logs it and sends
    /// it as a PROPOSAL; a sync waits for the writes before it (`pendingSyncs`).
    pub(super) fn propose_next(&mut self, now_ms: u64, l: &mut Leader, out: &mut Vec<Envelope>) {
        while l.phase == Phase::Broadcast && l.outstanding.len() < OUTSTANDING_MAX {
            let Some(Submitted {
                origin,
                write,
                auth,
            }) = l.pending.pop_front()
            else {
                break;
            };
            if let ClientWrite::Sync { .. } = write {
                if l.outstanding.is_empty() {
                    self.answer_sync(l, origin, out);
                } else {
                    l.pending_syncs
                        .entry(l.last_proposed)
                        .or_default()
                        .push(origin);
                }
                continue;
            }
            if counter_of(l.last_proposed) >= ZXID_COUNTER_MAX {
                // "zxid lower 32 bits have rolled over, forcing re-election, and therefore
                // new epoch start"
                l.step_down = true;
                return;
            }
            let zxid = crate::stat::Zxid(l.last_proposed.0.saturating_add(1));
            let time_ms = self.config.server.epoch_ms.saturating_add(now_ms as i64);
            let tick_ms = self.config.tick_time_ms;
            let write = match write {
                ClientWrite::Sync { .. } => continue,
                ClientWrite::CreateSession {
                    session,
                    timeout_ms,
                } => {
                    l.sessions.track(session, timeout_ms, now_ms, tick_ms);
                    PreparedWrite::create_session(session, timeout_ms)
                }
                ClientWrite::CloseSession { session } => {
                    l.sessions.remove(session);
                    PreparedWrite::close_session(session)
                }
                ClientWrite::Request { session, request } => {
                    if l.speculative.is_none() && !self.disk.log.has_uncommitted() {
                        // Nothing ahead of the committed tree: it is the tree to check
                        // against, and no copy is needed (most bursts are one write).
                        self.server
                            .prepare_write(session, &request, auth.as_ref(), zxid, time_ms)
                    } else {
                        let ahead = match l.speculative.take() {
                            Some(ahead) => ahead,
                            None => Box::new(self.tree_ahead()),
                        };
                        let w =
                            ahead.prepare_write(session, &request, auth.as_ref(), zxid, time_ms);
                        l.speculative = Some(ahead);
                        w
                    }
                }
            };
            // The tree ahead, once there is one, takes every proposal, so the next write is
            // checked against it.
            if let Some(ahead) = l.speculative.as_mut() {
                let _ = ahead.apply_prepared(&write, zxid, time_ms);
                let _ = ahead.take_notifications();
            }
            let txn = Rc::new(Txn {
                zxid,
                time_ms,
                origin,
                write,
            });
            l.last_proposed = zxid;
            if !self.disk.log.append(Rc::clone(&txn)) {
                self.anomaly(Anomaly::LeaderCouldNotLog {
                    leader: self.id,
                    zxid,
                });
                return;
            }
            l.outstanding.push(
                zxid,
                Outstanding {
                    acks: std::iter::once(self.id).collect(),
                    proposed_ms: now_ms,
                },
            );
            for (&id, h) in l.learners.iter_mut() {
                if h.forwarding && !h.observer {
                    self.send_zab(id, h.conn, Packet::Proposal(Rc::clone(&txn)), out);
                    let started = matches!(h.stage, Stage::AwaitRunning | Stage::Running);
                    if started && h.unacked.is_none() {
                        h.unacked = Some((zxid, now_ms));
                    }
                }
            }
            self.try_commit(l, out);
        }
        if l.outstanding.is_empty() {
            // Nothing ahead of the committed tree any more.
            l.speculative = None;
        }
    }

    /// The tree as it will be once every proposal logged and not yet committed commits
    /// (ZooKeeper's `outstandingChanges`): a copy of the committed tree that takes them.
    fn tree_ahead(&self) -> crate::server::Server {
        let mut ahead = self.server.clone();
        let log = &self.disk.log;
        for e in &log.entries()[log.committed().len()..] {
            let _ = ahead.apply_prepared(&e.txn.write, e.txn.zxid, e.txn.time_ms);
        }
        let _ = ahead.take_notifications();
        ahead
    }

    /// `tryToCommit`, in zxid order: COMMIT to followers, INFORM to observers, apply.
    pub(super) fn try_commit(&mut self, l: &mut Leader, out: &mut Vec<Envelope>) {
        while let Some((zxid, proposal)) = l.outstanding.first() {
            if !self.config.is_quorum(&proposal.acks) {
                break;
            }
            l.outstanding.pop_first();
            let Some(txn) = self.disk.log.commit_next(zxid) else {
                self.anomaly(Anomaly::LeaderCannotCommit {
                    leader: self.id,
                    zxid,
                });
                break;
            };
            for (&id, h) in &l.learners {
                if !h.forwarding {
                    continue;
                }
                let packet = if h.observer {
                    Packet::Inform(Rc::clone(&txn))
                } else {
                    Packet::Commit { zxid }
                };
                self.send_zab(id, h.conn, packet, out);
            }
            self.apply(&txn);
            for origin in l.pending_syncs.remove(&zxid).unwrap_or_default() {
                self.answer_sync(l, origin, out);
            }
        }
    }

    /// `LearnerHandler.ping` for each learner whose sending has started; a learner that was
    /// silent, or left a proposal unacked, for `syncLimit` ticks loses its handler instead.
    fn ping_learners(&self, now_ms: u64, l: &mut Leader, out: &mut Vec<Envelope>) {
        let limit_ms = self.config.sync_timeout_ms();
        let expired: Vec<PeerId> = l
            .learners
            .iter()
            .filter(|(_, h)| {
                let acked = matches!(h.stage, Stage::AwaitRunning | Stage::Running);
                let silent = acked && now_ms.saturating_sub(h.last_heard_ms) >= limit_ms;
                let late = h
                    .unacked
                    .is_some_and(|(_, sent)| now_ms.saturating_sub(sent) >= limit_ms);
                silent || late
            })
            .map(|(id, _)| *id)
            .collect();
        for id in expired {
            if let Some(h) = l.learners.remove(&id) {
                self.send_zab(id, h.conn, Packet::Closed, out);
            }
        }
        for (&id, h) in &l.learners {
            if h.forwarding {
                self.send_zab(
                    id,
                    h.conn,
                    Packet::Ping {
                        touches: Vec::new(),
                    },
                    out,
                );
            }
        }
    }

    /// `sendSync`: the asking peer learns its sync is done, behind what was committed before.
    fn answer_sync(&mut self, l: &Leader, origin: Origin, out: &mut Vec<Envelope>) {
        if origin.peer == self.id {
            self.synced.push(origin);
        } else if let Some(h) = l.learners.get(&origin.peer) {
            self.send_zab(origin.peer, h.conn, Packet::Sync { origin }, out);
        }
    }
}
