//! The leader's side of Zab (`Leader.lead` and its `LearnerHandler`s), as methods of `Peer`
//! over a `Leader` value. Discovery: the new epoch is one more than the highest accepted epoch
//! of a quorum that connected (`getEpochToPropose`), then a quorum must acknowledge it
//! (`waitForEpochAck`; a learner more recent than the leader is refused). Synchronisation: each
//! learner gets DIFF, TRUNC or SNAP (`sync::plan`), the proposals still outstanding, then
//! NEWLEADER; once a quorum acks NEWLEADER the leader serves and sends UPTODATE. Each phase has
//! `initLimit` ticks. Broadcast (proposals, commits, pings, the quorum check) is in
//! `broadcast`; the global sessions in `sessions`.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::ensemble::config::PeerId;
use crate::ensemble::log::make_zxid;
use crate::ensemble::message::{Envelope, Origin, Packet, Submitted};
use crate::ensemble::peer::{Peer, Role};
use crate::ensemble::vote::ServerState;
use crate::ensemble::zab::sessions::SessionTracker;
use crate::ensemble::zab::sync::{self, SyncKind, SyncPacket};
use crate::server::Server;
use crate::stat::Zxid;

/// At most this many writes wait for the leader; more are refused.
pub const PENDING_MAX: usize = 10_000;
/// At most this many proposals are outstanding (`globalOutstandingLimit`); later writes wait.
pub const OUTSTANDING_MAX: usize = 1_000;

/// A proposal not yet committed: the voters that acked it and when it was made.
#[derive(Clone, Debug)]
pub(crate) struct Outstanding {
    pub(super) acks: BTreeSet<PeerId>,
    pub(super) proposed_ms: u64,
}

/// The proposals not yet committed, in zxid order: a leader proposes in zxid order and commits
/// from the front, so a queue holds them (a sorted vector would move every later one at each
/// commit, quadratic in a long pipeline).
#[derive(Clone, Debug, Default)]
pub(crate) struct Proposals(VecDeque<(Zxid, Outstanding)>);

impl Proposals {
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a proposal after the others (its zxid is the highest; one that is not goes in
    /// its place).
    pub(super) fn push(&mut self, zxid: Zxid, o: Outstanding) {
        match self.0.back() {
            Some((last, _)) if *last >= zxid => {
                let at = self.0.partition_point(|(z, _)| *z < zxid);
                if self.0.get(at).is_some_and(|(z, _)| *z == zxid) {
                    self.0[at].1 = o;
                } else {
                    self.0.insert(at, (zxid, o));
                }
            }
            _ => self.0.push_back((zxid, o)),
        }
    }

    pub(super) fn first(&self) -> Option<(Zxid, &Outstanding)> {
        self.0.front().map(|(z, o)| (*z, o))
    }

    pub(super) fn pop_first(&mut self) {
        self.0.pop_front();
    }

    pub(super) fn get_mut(&mut self, zxid: Zxid) -> Option<&mut Outstanding> {
        let at = self.0.partition_point(|(z, _)| *z < zxid);
        self.0
            .get_mut(at)
            .filter(|(z, _)| *z == zxid)
            .map(|(_, o)| o)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (Zxid, &Outstanding)> {
        self.0.iter().map(|(z, o)| (*z, o))
    }
}

/// The phase `Leader.lead` is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// `getEpochToPropose`: waiting for a quorum of FOLLOWERINFO.
    Discovery,
    /// `waitForEpochAck`: waiting for a quorum of ACKEPOCH.
    EpochAck,
    /// `waitForNewLeaderAck`: waiting for a quorum to ack NEWLEADER.
    NewLeaderAck,
    /// Serving: proposals, commits, pings.
    Broadcast,
}

/// Where one learner's handler is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    AwaitEpoch,
    AwaitAckEpoch,
    /// Acked the epoch with its last zxid; synced once the epoch is acked by a quorum.
    AwaitElection {
        last_zxid: Zxid,
    },
    AwaitNewLeaderAck,
    /// Acked NEWLEADER; gets UPTODATE once the leader serves.
    AwaitRunning,
    Running,
}

/// A `LearnerHandler`: the leader's end of one learner's connection.
#[derive(Clone, Debug)]
pub(crate) struct Handler {
    /// The learner's connection number, carried by every packet of this connection.
    pub(crate) conn: u64,
    pub(super) observer: bool,
    pub(super) stage: Stage,
    /// The learner counts as synced while the leader's tick is at most this.
    pub(super) tick_of_next_ack_deadline: u64,
    /// Proposals (or, for an observer, INFORMs) go to it (`startForwarding` ran).
    pub(super) forwarding: bool,
    /// When a packet last came from it: after its NEWLEADER ack, `syncLimit` ticks of silence
    /// end the connection (the socket's read timeout).
    pub(super) last_heard_ms: u64,
    /// `SyncLimitCheck`: the oldest proposal it has not acked, and when it was sent.
    pub(super) unacked: Option<(Zxid, u64)>,
}

/// The leader's state for one epoch.
#[derive(Clone, Debug)]
pub struct Leader {
    pub(crate) epoch: i64,
    pub(crate) phase: Phase,
    pub(super) phase_deadline_ms: u64,
    /// `leaderStateSummary`: our currentEpoch and last zxid when we started leading.
    pub(super) summary: (i64, Zxid),
    pub(super) connecting: BTreeSet<PeerId>,
    pub(super) electing: BTreeSet<PeerId>,
    pub(super) newleader_acks: BTreeSet<PeerId>,
    pub(crate) learners: BTreeMap<PeerId, Handler>,
    /// Proposals not yet committed, with the voters that acked them.
    pub(super) outstanding: Proposals,
    /// Syncs waiting for the proposal they came after (`pendingSyncs`).
    pub(super) pending_syncs: BTreeMap<Zxid, Vec<Origin>>,
    /// The leader's tree with every outstanding proposal applied, while there are some.
    pub(super) speculative: Option<Box<Server>>,
    pub(super) last_proposed: Zxid,
    pub(super) pending: VecDeque<Submitted>,
    pub(super) tick: u64,
    pub(super) tick_skip: bool,
    pub(super) next_half_tick_ms: u64,
    /// How each learner was synced, in order (for views and tests).
    pub(crate) syncs: Vec<(PeerId, SyncKind)>,
    /// Set when the leader must give up (its zxid counter ran out).
    pub(super) step_down: bool,
    /// The global sessions and when they expire.
    pub(crate) sessions: SessionTracker,
}

impl Leader {
    pub fn is_broadcasting(&self) -> bool {
        self.phase == Phase::Broadcast
    }

    pub fn deadline_ms(&self) -> u64 {
        if self.phase == Phase::Broadcast {
            let expiry = self.sessions.next_expiry_ms().unwrap_or(u64::MAX);
            self.next_half_tick_ms.min(expiry)
        } else {
            self.phase_deadline_ms
        }
    }

    /// The running timer, for a view: the phase's `initLimit`, or the next half tick.
    pub fn timer(
        &self,
        config: &crate::ensemble::EnsembleConfig,
    ) -> (crate::ensemble::peer::TimerKind, u64, u64) {
        use crate::ensemble::peer::TimerKind;
        if self.phase == Phase::Broadcast {
            let half = config.tick_time_ms / 2;
            let at = self.next_half_tick_ms;
            (TimerKind::Ping, at.saturating_sub(half), at)
        } else {
            let at = self.phase_deadline_ms;
            let from = at.saturating_sub(config.init_timeout_ms());
            (TimerKind::InitLimit, from, at)
        }
    }

    /// The zxids proposed and not yet committed.
    pub fn outstanding(&self) -> impl Iterator<Item = Zxid> + '_ {
        self.outstanding.iter().map(|(z, _)| z)
    }
}

impl Peer {
    /// `Leader.lead`: our log becomes the new epoch's history; wait for a quorum to connect.
    pub(crate) fn lead(&mut self, now_ms: u64, out: &mut Vec<Envelope>) {
        self.state = ServerState::Leading;
        self.disk.connections = self.disk.connections.wrapping_add(1);
        let last_zxid = self.disk.log.last_zxid();
        // `loadData` takes a snapshot of what the tree holds.
        self.disk.snapshot_zxid = self.processed;
        let leader = Leader {
            epoch: -1,
            phase: Phase::Discovery,
            phase_deadline_ms: now_ms.saturating_add(self.config.init_timeout_ms()),
            summary: (self.disk.current_epoch, self.processed),
            connecting: BTreeSet::new(),
            electing: BTreeSet::new(),
            newleader_acks: BTreeSet::new(),
            learners: BTreeMap::new(),
            outstanding: Proposals::default(),
            pending_syncs: BTreeMap::new(),
            speculative: None,
            last_proposed: last_zxid,
            pending: VecDeque::new(),
            tick: 0,
            tick_skip: true,
            next_half_tick_ms: 0,
            syncs: Vec::new(),
            step_down: false,
            sessions: SessionTracker::default(),
        };
        self.role = Role::Leading(Box::new(leader));
        let accepted = self.disk.accepted_epoch;
        self.with_leader(now_ms, out, |p, l, out| {
            p.epoch_to_propose(now_ms, l, p.id, accepted, out);
            true
        });
    }

    /// Runs `f` on the leader state taken out of the role; `f` returns false to step down.
    pub(super) fn with_leader(
        &mut self,
        now_ms: u64,
        out: &mut Vec<Envelope>,
        f: impl FnOnce(&mut Peer, &mut Leader, &mut Vec<Envelope>) -> bool,
    ) {
        let Role::Leading(mut l) = std::mem::replace(&mut self.role, Role::Looking) else {
            return;
        };
        let keep = f(self, &mut l, out) && !l.step_down;
        self.role = Role::Leading(l);
        if !keep {
            self.look(now_ms, out);
        }
    }

    /// `getEpochToPropose(sid, lastAcceptedEpoch)`.
    fn epoch_to_propose(
        &mut self,
        now_ms: u64,
        l: &mut Leader,
        sid: PeerId,
        accepted_epoch: i64,
        out: &mut Vec<Envelope>,
    ) {
        if l.phase != Phase::Discovery {
            self.send_leader_info(l, sid, out);
            return;
        }
        if accepted_epoch >= l.epoch {
            l.epoch = accepted_epoch.saturating_add(1);
        }
        if self.config.is_voter(sid) {
            l.connecting.insert(sid);
        }
        if !(l.connecting.contains(&self.id) && self.config.is_quorum(&l.connecting)) {
            return;
        }
        l.phase = Phase::EpochAck;
        l.phase_deadline_ms = now_ms.saturating_add(self.config.init_timeout_ms());
        self.disk.accepted_epoch = l.epoch;
        l.last_proposed = make_zxid(l.epoch, 0);
        let waiting: Vec<PeerId> = l
            .learners
            .iter()
            .filter(|(_, h)| h.stage == Stage::AwaitEpoch)
            .map(|(id, _)| *id)
            .collect();
        for id in waiting {
            self.send_leader_info(l, id, out);
        }
        // The leader's own `waitForEpochAck`.
        l.electing.insert(self.id);
        self.check_epoch_acks(now_ms, l, out);
    }

    fn send_leader_info(&self, l: &mut Leader, sid: PeerId, out: &mut Vec<Envelope>) {
        if let Some(h) = l.learners.get_mut(&sid) {
            h.stage = Stage::AwaitAckEpoch;
            let conn = h.conn;
            self.send_zab(sid, conn, Packet::LeaderInfo { new_epoch: l.epoch }, out);
        }
    }

    /// `waitForEpochAck` is over once a quorum, us included, acked the epoch.
    fn check_epoch_acks(&mut self, now_ms: u64, l: &mut Leader, out: &mut Vec<Envelope>) {
        if l.phase != Phase::EpochAck
            || !l.electing.contains(&self.id)
            || !self.config.is_quorum(&l.electing)
        {
            return;
        }
        l.phase = Phase::NewLeaderAck;
        l.phase_deadline_ms = now_ms.saturating_add(self.config.init_timeout_ms());
        self.disk.current_epoch = l.epoch;
        let waiting: Vec<(PeerId, Zxid)> = l
            .learners
            .iter()
            .filter_map(|(id, h)| match h.stage {
                Stage::AwaitElection { last_zxid } => Some((*id, last_zxid)),
                _ => None,
            })
            .collect();
        for (id, last_zxid) in waiting {
            self.sync_learner(l, id, last_zxid, out);
        }
        l.newleader_acks.insert(self.id);
        self.check_newleader_acks(now_ms, l, out);
    }

    /// `syncFollower`, `startForwarding`, then NEWLEADER.
    fn sync_learner(
        &self,
        l: &mut Leader,
        sid: PeerId,
        peer_last_zxid: Zxid,
        out: &mut Vec<Envelope>,
    ) {
        let Some(h) = l.learners.get_mut(&sid) else {
            return;
        };
        let conn = h.conn;
        let log = &self.disk.log;
        // Our history: once serving, what we committed; before, everything we logged.
        let history = if l.phase == Phase::Broadcast {
            log.committed()
        } else {
            log.entries()
        };
        // `getDataTreeLastProcessedZxid`: the new epoch's zxid 0 once we serve, so a learner
        // synced after that with nothing newer gets a snapshot of it.
        let last = self.processed;
        let plan = sync::plan(history, last, peer_last_zxid);
        if plan.kind == SyncKind::Snap {
            // The tree holds the committed part; the learner applies the rest at UPTODATE.
            let snap = Packet::Snap {
                zxid: last,
                tree: Rc::new(self.server.clone()),
                history: Rc::from(history),
                committed: log.committed().len().min(history.len()),
            };
            self.send_zab(sid, conn, snap, out);
        }
        for packet in plan.packets {
            let packet = match packet {
                SyncPacket::Diff { last_committed } => Packet::Diff { last_committed },
                SyncPacket::Trunc { zxid } => Packet::Trunc { zxid },
                SyncPacket::Proposal(txn) => Packet::Proposal(txn),
                SyncPacket::Commit { zxid } => Packet::Commit { zxid },
            };
            self.send_zab(sid, conn, packet, out);
        }
        if !h.observer {
            for e in log.uncommitted() {
                if e.txn.zxid > plan.current_zxid {
                    self.send_zab(sid, conn, Packet::Proposal(Rc::clone(&e.txn)), out);
                }
            }
        }
        h.forwarding = true;
        h.stage = Stage::AwaitNewLeaderAck;
        l.syncs.push((sid, plan.kind));
        let zxid = make_zxid(l.epoch, 0);
        self.send_zab(sid, conn, Packet::NewLeader { zxid }, out);
    }

    /// `waitForNewLeaderAck` is over once a quorum acked NEWLEADER: serve, send UPTODATE.
    fn check_newleader_acks(&mut self, now_ms: u64, l: &mut Leader, out: &mut Vec<Envelope>) {
        if l.phase != Phase::NewLeaderAck || !self.config.is_quorum(&l.newleader_acks) {
            return;
        }
        l.phase = Phase::Broadcast;
        // A quorum holds our history: it is the new epoch's committed start. (ZooKeeper
        // applied it to the tree already, when it loaded or fast-forwarded its database.)
        for txn in self.disk.log.commit_below(make_zxid(l.epoch, 0)) {
            self.apply(&txn);
        }
        // `startZkServer`: "setting last processed zxid" to the new epoch's zxid 0.
        self.processed = self.processed.max(make_zxid(l.epoch, 0));
        // Every session in the tree starts afresh: a session outlives its leader.
        let tick_ms = self.config.tick_time_ms;
        l.sessions = SessionTracker::from_sessions(self.server.sessions(), now_ms, tick_ms);
        l.tick = 0;
        l.tick_skip = true;
        l.next_half_tick_ms = now_ms.saturating_add(self.config.tick_time_ms / 2);
        // `updateElectionVote`: late joiners hear the new epoch.
        self.current_vote.proposal.peer_epoch = l.epoch;
        for (&id, h) in l.learners.iter_mut() {
            if h.stage == Stage::AwaitRunning {
                h.stage = Stage::Running;
                self.send_zab(id, h.conn, Packet::UpToDate, out);
            }
        }
        self.propose_next(now_ms, l, out);
    }

    /// A Zab packet from a learner.
    pub(crate) fn leader_packet(
        &mut self,
        now_ms: u64,
        from: PeerId,
        conn: u64,
        packet: Packet,
        out: &mut Vec<Envelope>,
    ) {
        self.with_leader(now_ms, out, |p, l, out| {
            p.leader_handle(now_ms, l, from, conn, packet, out);
            true
        });
    }

    fn leader_handle(
        &mut self,
        now_ms: u64,
        l: &mut Leader,
        from: PeerId,
        conn: u64,
        packet: Packet,
        out: &mut Vec<Envelope>,
    ) {
        if let Packet::LearnerInfo {
            accepted_epoch,
            observer,
        } = packet
        {
            // A new connection from this learner replaces any old one.
            l.learners.insert(
                from,
                Handler {
                    conn,
                    observer,
                    stage: Stage::AwaitEpoch,
                    tick_of_next_ack_deadline: l
                        .tick
                        .saturating_add(self.config.init_limit)
                        .saturating_add(self.config.sync_limit),
                    forwarding: false,
                    last_heard_ms: now_ms,
                    unacked: None,
                },
            );
            self.epoch_to_propose(now_ms, l, from, accepted_epoch, out);
            return;
        }
        let Some(h) = l.learners.get_mut(&from) else {
            return;
        };
        if h.conn != conn {
            return;
        }
        h.last_heard_ms = now_ms;
        if h.stage == Stage::Running {
            h.tick_of_next_ack_deadline = l.tick.saturating_add(self.config.sync_limit);
        }
        let stage = h.stage;
        let observer = h.observer;
        match packet {
            Packet::Closed => {
                l.learners.remove(&from);
            }
            Packet::AckEpoch {
                current_epoch,
                last_zxid,
            } if stage == Stage::AwaitAckEpoch => {
                if l.phase != Phase::EpochAck {
                    self.sync_learner(l, from, last_zxid, out);
                    return;
                }
                if current_epoch != -1 {
                    if (current_epoch, last_zxid) > l.summary {
                        // "Follower is ahead of the leader": this handler gives up.
                        if let Some(h) = l.learners.remove(&from) {
                            self.send_zab(from, h.conn, Packet::Closed, out);
                        }
                        return;
                    }
                    if last_zxid != Zxid(-1) && !observer {
                        l.electing.insert(from);
                    }
                }
                if let Some(h) = l.learners.get_mut(&from) {
                    h.stage = Stage::AwaitElection { last_zxid };
                }
                self.check_epoch_acks(now_ms, l, out);
            }
            Packet::Ack { zxid } if stage == Stage::AwaitNewLeaderAck => {
                if let Some(h) = l.learners.get_mut(&from) {
                    h.stage = Stage::AwaitRunning;
                }
                if l.phase == Phase::Broadcast {
                    if let Some(h) = l.learners.get_mut(&from) {
                        h.stage = Stage::Running;
                        self.send_zab(from, h.conn, Packet::UpToDate, out);
                    }
                    return;
                }
                if zxid == make_zxid(l.epoch, 0) && !observer {
                    l.newleader_acks.insert(from);
                }
                self.check_newleader_acks(now_ms, l, out);
            }
            Packet::Ack { zxid } if stage == Stage::Running && !observer => {
                if let Some(proposal) = l.outstanding.get_mut(zxid) {
                    proposal.acks.insert(from);
                }
                // `SyncLimitCheck.updateAck`: the next proposal it owes an ACK is timed now.
                let next = l
                    .outstanding
                    .iter()
                    .find(|(z, p)| *z > zxid && !p.acks.contains(&from))
                    .map(|(z, p)| (z, p.proposed_ms));
                if let Some(h) = l.learners.get_mut(&from) {
                    if h.unacked.is_some_and(|(z, _)| z == zxid) {
                        h.unacked = next;
                    }
                }
                self.try_commit(l, out);
                self.propose_next(now_ms, l, out);
            }
            Packet::Ping { touches } => {
                let tick_ms = self.config.tick_time_ms;
                for (s, _) in touches {
                    l.sessions.touch(s, now_ms, tick_ms);
                }
            }
            Packet::Revalidate { session } if l.phase == Phase::Broadcast => {
                let valid = l.sessions.expiry_ms(session).is_some();
                if valid {
                    l.sessions.touch(session, now_ms, self.config.tick_time_ms);
                }
                if let Some(conn) = l.learners.get(&from).map(|h| h.conn) {
                    self.send_zab(from, conn, Packet::Revalidated { session, valid }, out);
                }
            }
            Packet::Request(submitted) if l.phase == Phase::Broadcast => {
                if l.pending.len() < PENDING_MAX {
                    l.pending.push_back(submitted);
                }
                self.propose_next(now_ms, l, out);
            }
            _ => {}
        }
    }
}
