//! Fast Leader Election as ZooKeeper 3.8's `FastLeaderElection.lookForLeader` runs it, as a state
//! machine: notifications in, notifications out, a decision when a quorum agrees. Time is given,
//! never read; the blocking polls of the Java loop are deadlines (`deadline_ms`).
//!
//! The rules kept exactly: a round starts by incrementing the logical clock, proposing oneself
//! (myid, last logged zxid, currentEpoch; an observer proposes nobody) and notifying every voter;
//! a LOOKING notification of a higher round makes us adopt that round, forget the votes and
//! propose the better of its vote and our own; of a lower round it is ignored; of our round, a
//! better vote (`Proposal::beats`) is adopted and announced. When the votes equal to ours are a
//! quorum, we wait `finalizeWait` (200 ms) more: a better notification reopens the round, other
//! notifications are dropped, silence ends it. FOLLOWING and LEADING notifications end the
//! election when a quorum agrees on a leader that says it is leading (`checkLeader`), from this
//! round (`recvset`) or any (`outofelection`): that is how a peer that joins late finds the
//! established leader. With no notification for the poll timeout we notify again and double it,
//! from 200 ms to 60 s.

use crate::sorted::SortedMap as BTreeMap;

use crate::ensemble::config::{EnsembleConfig, PeerId};
use crate::ensemble::vote::{Notification, Proposal, ServerState, Vote};

/// `finalizeWait`, and the first poll timeout (`minNotificationInterval`).
pub const FINALIZE_WAIT_MS: u64 = 200;
/// `maxNotificationInterval`.
pub const MAX_NOTIFICATION_INTERVAL_MS: u64 = 60_000;

/// One peer's election state. The logical clock outlives a round, as the `FastLeaderElection`
/// object outlives `lookForLeader`; a restart starts it again from 0.
#[derive(Clone, Debug, Default)]
pub struct Election {
    logical_clock: i64,
    proposal: Option<Proposal>,
    /// This round's votes by voter (`recvset`).
    recvset: BTreeMap<PeerId, Vote>,
    /// FOLLOWING and LEADING votes of any round (`outofelection`).
    outofelection: BTreeMap<PeerId, Vote>,
    /// Our myid and what we propose first (`getInitId`, `getInitLastLoggedZxid`,
    /// `getPeerEpoch`), fixed for the round: the log does not change while we look.
    me: PeerId,
    init: Option<Proposal>,
    notification_timeout_ms: u64,
    poll_deadline_ms: u64,
    /// Set while a quorum agrees and we wait `finalizeWait` for a better vote.
    finalize_deadline_ms: Option<u64>,
}

/// Notifications to send: (recipient, notification).
pub type Outbox = Vec<(PeerId, Notification)>;

impl Election {
    pub fn logical_clock(&self) -> i64 {
        self.logical_clock
    }

    /// Our current proposal (`getVote`), while a round runs.
    pub fn proposal(&self) -> Option<Proposal> {
        self.proposal
    }

    /// When the round next needs the clock: the end of the finalize wait or of the poll.
    pub fn deadline_ms(&self) -> Option<u64> {
        self.proposal?;
        Some(self.finalize_deadline_ms.unwrap_or(self.poll_deadline_ms))
    }

    /// The running wait, for a view: the finalize wait, else the poll; (kind, from, until).
    pub fn timer(&self) -> Option<(crate::ensemble::peer::TimerKind, u64, u64)> {
        use crate::ensemble::peer::TimerKind;
        self.proposal?;
        Some(match self.finalize_deadline_ms {
            Some(d) => (
                TimerKind::ElectionFinalize,
                d.saturating_sub(FINALIZE_WAIT_MS),
                d,
            ),
            None => (
                TimerKind::ElectionPoll,
                self.poll_deadline_ms
                    .saturating_sub(self.notification_timeout_ms),
                self.poll_deadline_ms,
            ),
        })
    }

    /// `lookForLeader`'s start: a new round proposing `init`, announced to every voter.
    pub fn start(
        &mut self,
        now_ms: u64,
        me: PeerId,
        init: Proposal,
        config: &EnsembleConfig,
        out: &mut Outbox,
    ) {
        self.logical_clock = self.logical_clock.saturating_add(1);
        self.me = me;
        self.init = Some(init);
        self.proposal = Some(init);
        self.recvset.clear();
        self.outofelection.clear();
        self.notification_timeout_ms = FINALIZE_WAIT_MS;
        self.poll_deadline_ms = now_ms.saturating_add(FINALIZE_WAIT_MS);
        self.finalize_deadline_ms = None;
        self.notify_all(config, out);
    }

    /// The round is over (we lead, follow or observe, or crashed).
    pub fn stop(&mut self) {
        self.proposal = None;
        self.finalize_deadline_ms = None;
    }

    /// `sendNotifications`: our proposal, round and LOOKING to every voter, ourselves included.
    fn notify_all(&self, config: &EnsembleConfig, out: &mut Outbox) {
        let Some(proposal) = self.proposal else {
            return;
        };
        for &voter in &config.voters {
            out.push((
                voter,
                Vote {
                    proposal,
                    election_epoch: self.logical_clock,
                    state: ServerState::Looking,
                },
            ));
        }
    }

    /// The poll timed out or the finalize wait ended. Returns the decided vote, if any.
    pub fn on_timer(
        &mut self,
        now_ms: u64,
        config: &EnsembleConfig,
        out: &mut Outbox,
    ) -> Option<Vote> {
        let proposal = self.proposal?;
        if let Some(deadline) = self.finalize_deadline_ms {
            if now_ms < deadline {
                return None;
            }
            // No better vote came in `finalizeWait`: the round ends on our proposal.
            self.stop();
            return Some(Vote {
                proposal,
                election_epoch: self.logical_clock,
                state: ServerState::Looking,
            });
        }
        if now_ms < self.poll_deadline_ms {
            return None;
        }
        self.notify_all(config, out);
        self.notification_timeout_ms = self
            .notification_timeout_ms
            .saturating_mul(2)
            .min(MAX_NOTIFICATION_INTERVAL_MS);
        self.poll_deadline_ms = now_ms.saturating_add(self.notification_timeout_ms);
        None
    }

    /// A notification from voter `from` reached the loop.
    pub fn on_notification(
        &mut self,
        now_ms: u64,
        from: PeerId,
        n: Notification,
        config: &EnsembleConfig,
        out: &mut Outbox,
    ) -> Option<Vote> {
        let proposal = self.proposal?;
        let init = self.init?;
        let me = self.me;
        if self.finalize_deadline_ms.is_some() {
            if !n.proposal.beats(&proposal) {
                // Drained by the finalize loop and dropped; the wait starts again.
                self.finalize_deadline_ms = Some(now_ms.saturating_add(FINALIZE_WAIT_MS));
                return None;
            }
            // A better vote: put back, and the main loop takes it.
            self.finalize_deadline_ms = None;
        }
        self.poll_deadline_ms = now_ms.saturating_add(self.notification_timeout_ms);
        let valid = config.is_voter(from) && n.proposal.leader.is_some_and(|l| config.is_voter(l));
        if !valid {
            return None;
        }
        match n.state {
            ServerState::Looking => self.on_looking(now_ms, from, n, init, config, out),
            ServerState::Observing => None,
            ServerState::Following | ServerState::Leading => {
                self.on_established(from, n, me, config)
            }
        }
    }

    fn on_looking(
        &mut self,
        now_ms: u64,
        from: PeerId,
        n: Notification,
        init: Proposal,
        config: &EnsembleConfig,
        out: &mut Outbox,
    ) -> Option<Vote> {
        let mut proposal = self.proposal?;
        if n.election_epoch > self.logical_clock {
            self.logical_clock = n.election_epoch;
            self.recvset.clear();
            proposal = if n.proposal.beats(&init) {
                n.proposal
            } else {
                init
            };
            self.proposal = Some(proposal);
            self.notify_all(config, out);
        } else if n.election_epoch < self.logical_clock {
            return None;
        } else if n.proposal.beats(&proposal) {
            proposal = n.proposal;
            self.proposal = Some(proposal);
            self.notify_all(config, out);
        }
        self.recvset.insert(
            from,
            Vote {
                state: ServerState::Looking,
                ..n
            },
        );
        let ours = Vote {
            proposal,
            election_epoch: self.logical_clock,
            state: ServerState::Looking,
        };
        if agreeing_quorum(&self.recvset, &ours, config) {
            self.finalize_deadline_ms = Some(now_ms.saturating_add(FINALIZE_WAIT_MS));
        }
        None
    }

    /// `receivedFollowingNotification` (LEADING adds only the oracle of two-node ensembles).
    fn on_established(
        &mut self,
        from: PeerId,
        n: Notification,
        me: PeerId,
        config: &EnsembleConfig,
    ) -> Option<Vote> {
        let leader = n.proposal.leader?;
        if n.election_epoch == self.logical_clock {
            self.recvset.insert(from, n);
            if agreeing_quorum(&self.recvset, &n, config)
                && self.check_leader(&self.recvset, leader, n.election_epoch, me)
            {
                self.stop();
                return Some(n);
            }
        }
        self.outofelection.insert(from, n);
        if agreeing_quorum(&self.outofelection, &n, config)
            && self.check_leader(&self.outofelection, leader, n.election_epoch, me)
        {
            self.logical_clock = n.election_epoch;
            self.stop();
            return Some(n);
        }
        None
    }

    /// `checkLeader`: another leader must itself say it is LEADING; we may lead only in the
    /// round the votes are from.
    fn check_leader(
        &self,
        votes: &BTreeMap<PeerId, Vote>,
        leader: PeerId,
        election_epoch: i64,
        me: PeerId,
    ) -> bool {
        if leader != me {
            votes
                .get(&leader)
                .is_some_and(|v| v.state == ServerState::Leading)
        } else {
            self.logical_clock == election_epoch
        }
    }
}

/// `getVoteTracker(votes, vote).hasAllQuorums()`: the voters whose vote equals `vote` are a
/// quorum.
fn agreeing_quorum(votes: &BTreeMap<PeerId, Vote>, vote: &Vote, config: &EnsembleConfig) -> bool {
    config.is_quorum(
        votes
            .iter()
            .filter(|(_, v)| vote.agrees_with(v))
            .map(|(id, _)| id),
    )
}

/// What `QuorumCnxManager` keeps of a peer's election connections that decides what others
/// hear. Per voter: the latest notification we sent it and when (`lastMessageSent`, or the one
/// left in its send queue when no connection could be opened: the queue holds one, the
/// latest), and which incarnation of it we last heard from. A peer names its incarnation by
/// the time it started (the `conn` of its notifications), so a notification from one we had
/// not heard is a connection just opened: its `SendWorker` starts by sending the queued
/// notification, or the last one again (`SendWorker.run`), and one we sent before that
/// incarnation started never reached it. That is how a peer started after others hears their
/// votes before their poll times out, whatever state they are in now. A crash loses it all.
#[derive(Clone, Debug, Default)]
pub struct ElectionLinks {
    sent: BTreeMap<PeerId, (Notification, u64)>,
    heard: BTreeMap<PeerId, u64>,
}

impl ElectionLinks {
    /// We sent `n` to `to` at `now_ms`.
    pub fn sent(&mut self, to: PeerId, n: Notification, now_ms: u64) {
        self.sent.insert(to, (n, now_ms));
    }

    /// A notification from the incarnation of `from` started at `started_ms` arrived. On a
    /// connection just opened, returns what our `SendWorker` sends it first: our latest
    /// notification to it, when that was sent before it started (so it never had it).
    pub fn heard(&mut self, from: PeerId, started_ms: u64) -> Option<Notification> {
        if self.heard.insert(from, started_ms) == Some(started_ms) {
            return None;
        }
        let &(n, at) = self.sent.get(&from)?;
        (at < started_ms).then_some(n)
    }

    /// The operating system reset our connection to `from` (its process died).
    pub fn reset(&mut self, from: PeerId) {
        self.heard.remove(&from);
    }
}
