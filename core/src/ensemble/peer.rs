//! One ZooKeeper server of an ensemble (`QuorumPeer`): what it keeps on disk (epochs, the
//! transaction log), what it loses when it crashes (its role, the election, the data tree it
//! rebuilds from the log), and the dispatch of messages and timers to the election (LOOKING)
//! or to Zab (`zab::leader` when LEADING, `zab::learner` when FOLLOWING or OBSERVING). Every
//! method takes the time and returns the envelopes to send; nothing is read from outside.

use crate::sorted::SortedSet as BTreeSet;
use std::rc::Rc;

use crate::ensemble::config::{EnsembleConfig, LearnerType, PeerId};
use crate::ensemble::election::{Election, ElectionLinks, Outbox};
use crate::ensemble::log::{Txn, TxnLog};
use crate::ensemble::message::{
    Applied, ClientWrite, Envelope, Message, NotServing, Origin, Packet, Submitted,
};
use crate::ensemble::vote::{Notification, Proposal, ServerState, Vote};
use crate::ensemble::zab::leader::Leader;
use crate::ensemble::zab::learner::Learner;
use crate::server::Server;
use crate::stat::{SessionId, Zxid};

/// At most this many anomalies are kept per peer.
pub const ANOMALIES_MAX: usize = 100;

/// What a peer's next deadline is for, as a view shows it (read-only: the deadline itself is
/// `Peer::deadline_ms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerKind {
    /// LOOKING: the poll for the next notification (`notTimeout`: 200 ms, doubling to 60 s).
    ElectionPoll,
    /// LOOKING with a quorum agreeing: `finalizeWait` (200 ms) for a better vote.
    ElectionFinalize,
    /// Leading before it serves, or learning before NEWLEADER: `initLimit` ticks.
    InitLimit,
    /// A learner after NEWLEADER: its read timeout of `syncLimit` ticks.
    SyncLimit,
    /// The serving leader's next half tick (its PINGs go out every other one).
    Ping,
}

/// A peer's running timer: what it is for, when it started and when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerTimer {
    pub kind: TimerKind,
    pub from_ms: u64,
    pub until_ms: u64,
}

/// What survives a crash: ZooKeeper's `currentEpoch` and `acceptedEpoch` files, the
/// transaction log, and the zxid of the latest snapshot (the tree itself is rebuilt from the
/// log's committed entries; the snapshot's zxid matters where it is past the log: a new
/// epoch's zxid 0, which no transaction carries).
#[derive(Clone, Debug, Default)]
pub struct Disk {
    pub current_epoch: i64,
    pub accepted_epoch: i64,
    pub log: TxnLog,
    /// The zxid of the latest snapshot (`snapshot.<zxid>`): taken when a peer starts leading
    /// (`loadData`) and when a learner synced by SNAP or TRUNC takes NEWLEADER.
    pub snapshot_zxid: Zxid,
    /// Counts the roles this peer took, so the packets of an old connection are told apart.
    pub(crate) connections: u64,
}

/// The role a live peer plays.
#[derive(Clone, Debug)]
pub(crate) enum Role {
    Looking,
    Leading(Box<Leader>),
    Learning(Box<Learner>),
}

/// One peer.
#[derive(Clone, Debug)]
pub struct Peer {
    pub(crate) id: PeerId,
    pub(crate) config: Rc<EnsembleConfig>,
    pub(crate) disk: Disk,
    pub(crate) up: bool,
    pub(crate) server: Server,
    /// ZooKeeper's `DataTree.lastProcessedZxid` (see [`Peer::last_processed_zxid`]).
    pub(crate) processed: Zxid,
    pub(crate) state: ServerState,
    pub(crate) election: Election,
    /// When this incarnation started: the `conn` of its notifications, which names it.
    pub(crate) started_ms: u64,
    /// The election's connections (`QuorumCnxManager`): what we last sent each voter.
    pub(crate) links: ElectionLinks,
    /// `getCurrentVote`: what we answer a LOOKING peer once we are out of election.
    pub(crate) current_vote: Vote,
    pub(crate) role: Role,
    /// Transactions applied since the driver last took them.
    pub(crate) applied: Vec<Applied>,
    /// Syncs asked at this peer and answered since the driver last took them.
    pub(crate) synced: Vec<Origin>,
    /// The leader's answers to our revalidations since the driver last took them.
    pub(crate) revalidated: Vec<(SessionId, bool)>,
    /// Sessions our clients touched since our last PING reply (a learner's).
    pub(crate) touched: BTreeSet<SessionId>,
    /// Things ZooKeeper would log as errors or exit on (a COMMIT out of order, a committed
    /// entry truncated); a correct run has none.
    pub(crate) anomalies: Vec<crate::ensemble::Anomaly>,
}

impl Peer {
    /// A peer that has never run: empty log, epochs 0, down until `start`.
    pub fn new(id: PeerId, config: Rc<EnsembleConfig>) -> Peer {
        let server = Server::new(config.server.clone());
        Peer {
            id,
            config,
            disk: Disk::default(),
            up: false,
            server,
            processed: Zxid::ZERO,
            state: ServerState::Looking,
            election: Election::default(),
            started_ms: 0,
            links: ElectionLinks::default(),
            current_vote: Vote {
                proposal: Proposal::NOBODY,
                election_epoch: -1,
                state: ServerState::Looking,
            },
            role: Role::Looking,
            applied: Vec::new(),
            synced: Vec::new(),
            revalidated: Vec::new(),
            touched: BTreeSet::new(),
            anomalies: Vec::new(),
        }
    }

    pub fn id(&self) -> PeerId {
        self.id
    }

    pub fn is_up(&self) -> bool {
        self.up
    }

    pub fn state(&self) -> ServerState {
        self.state
    }

    pub fn disk(&self) -> &Disk {
        &self.disk
    }

    pub fn log(&self) -> &TxnLog {
        &self.disk.log
    }

    pub fn current_epoch(&self) -> i64 {
        self.disk.current_epoch
    }

    pub fn accepted_epoch(&self) -> i64 {
        self.disk.accepted_epoch
    }

    /// `getLastLoggedZxid`.
    pub fn last_logged_zxid(&self) -> Zxid {
        self.disk.log.last_zxid()
    }

    /// ZooKeeper's `DataTree.lastProcessedZxid`: the `Zxid:` that `srvr` reports and the zxid
    /// this peer's votes and ACKEPOCH carry (`getLastLoggedZxid`). Loaded at start as the
    /// latest of the snapshot's and the log's; raised by each transaction applied and, when
    /// the peer leaves a role, by what it logged (`fastForwardDataBase`). A leader sets it to
    /// its new epoch's zxid 0 when it starts serving (`startZkServer`); a learner synced by
    /// SNAP takes the leader's (so the new epoch's zxid 0 once that leader serves), by TRUNC
    /// the truncation's, and by DIFF keeps its own.
    pub fn last_processed_zxid(&self) -> Zxid {
        self.processed
    }

    /// This peer's data tree, with every transaction it knows committed applied.
    pub fn server(&self) -> &Server {
        &self.server
    }

    pub fn current_vote(&self) -> Vote {
        self.current_vote
    }

    pub fn election(&self) -> &Election {
        &self.election
    }

    /// The leader this peer follows or observes, or itself when leading.
    pub fn leader(&self) -> Option<PeerId> {
        match &self.role {
            Role::Looking => None,
            Role::Leading(_) => Some(self.id),
            Role::Learning(l) => Some(l.leader),
        }
    }

    /// When session `s` would expire if the leader heard nothing more from it: the leader's
    /// session tracker decides (`None` on a peer that does not lead, or for an unknown session).
    pub fn session_expiry_ms(&self, s: crate::stat::SessionId) -> Option<u64> {
        match &self.role {
            Role::Leading(l) => l.sessions.expiry_ms(s),
            _ => None,
        }
    }

    /// The epoch this peer leads, once a quorum has acknowledged it (`Leader` past
    /// `waitForNewLeaderAck`): then it is the established leader of that epoch.
    pub fn established_epoch(&self) -> Option<i64> {
        match &self.role {
            Role::Leading(l) if l.is_broadcasting() => Some(l.epoch),
            _ => None,
        }
    }

    /// How the learners were synced by this peer while it leads, in order.
    pub fn syncs_sent(&self) -> &[(PeerId, crate::ensemble::zab::sync::SyncKind)] {
        match &self.role {
            Role::Leading(l) => &l.syncs,
            _ => &[],
        }
    }

    /// True when this peer serves clients: leading, or a learner that got UPTODATE.
    pub fn is_serving(&self) -> bool {
        match &self.role {
            Role::Looking => false,
            Role::Leading(l) => l.is_broadcasting(),
            Role::Learning(l) => l.is_broadcasting(),
        }
    }

    /// Takes the transactions applied since the last call.
    pub fn take_applied(&mut self) -> Vec<Applied> {
        std::mem::take(&mut self.applied)
    }

    /// Takes the syncs answered since the last call: this peer's tree now holds everything
    /// committed before each was asked.
    pub fn take_synced(&mut self) -> Vec<Origin> {
        std::mem::take(&mut self.synced)
    }

    /// Takes the leader's answers to this learner's revalidations since the last call:
    /// (session, whether it is valid).
    pub fn take_revalidated(&mut self) -> Vec<(SessionId, bool)> {
        std::mem::take(&mut self.revalidated)
    }

    /// `revalidateSession`: a client re-attaches session `s` here. The leader answers at once
    /// (`Some`, touching a valid session); a learner asks the leader (`None`: the answer comes
    /// through [`Peer::take_revalidated`]).
    pub fn revalidate(
        &mut self,
        now_ms: u64,
        s: SessionId,
    ) -> Result<(Option<bool>, Vec<Envelope>), NotServing> {
        if !self.up {
            return Err(NotServing::Crashed);
        }
        let tick_ms = self.config.tick_time_ms;
        let mut out = Vec::new();
        match &mut self.role {
            Role::Leading(l) if l.is_broadcasting() => {
                let valid = l.sessions.expiry_ms(s).is_some();
                if valid {
                    l.sessions.touch(s, now_ms, tick_ms);
                }
                Ok((Some(valid), out))
            }
            Role::Learning(l) if l.is_broadcasting() => {
                let leader = l.leader;
                let conn = self.disk.connections;
                self.send_zab(leader, conn, Packet::Revalidate { session: s }, &mut out);
                Ok((None, out))
            }
            _ => Err(NotServing::NoLeader),
        }
    }

    pub fn anomalies(&self) -> &[crate::ensemble::Anomaly] {
        &self.anomalies
    }

    /// Records an anomaly (at most `ANOMALIES_MAX`).
    pub(crate) fn anomaly(&mut self, what: crate::ensemble::Anomaly) {
        if self.anomalies.len() < ANOMALIES_MAX {
            self.anomalies.push(what);
        }
    }

    /// The first time, or after a crash: rebuild the tree from the log's committed entries,
    /// forget the election, and look for a leader.
    pub fn start(&mut self, now_ms: u64) -> Vec<Envelope> {
        if self.up {
            return Vec::new();
        }
        self.up = true;
        self.rebuild();
        // `loadDataBase`: the latest snapshot, then every transaction logged after it.
        self.processed = self.disk.snapshot_zxid.max(self.disk.log.last_zxid());
        self.applied.clear();
        self.election = Election::default();
        self.started_ms = now_ms;
        self.links = ElectionLinks::default();
        // `startLeaderElection`: our own vote, round -1.
        self.current_vote = Vote {
            proposal: Proposal {
                leader: Some(self.id),
                zxid: self.processed,
                peer_epoch: self.disk.current_epoch,
            },
            election_epoch: -1,
            state: ServerState::Looking,
        };
        let mut out = Vec::new();
        self.look(now_ms, &mut out);
        out
    }

    /// The process dies: only the disk stays. The driver resets its connections.
    pub fn crash(&mut self) {
        self.up = false;
        self.role = Role::Looking;
        self.state = ServerState::Looking;
        self.election.stop();
        self.links = ElectionLinks::default();
        self.applied.clear();
        self.synced.clear();
        self.revalidated.clear();
        self.touched.clear();
    }

    /// When this peer next needs the clock.
    pub fn deadline_ms(&self) -> Option<u64> {
        if !self.up {
            return None;
        }
        match &self.role {
            Role::Looking => self.election.deadline_ms(),
            Role::Leading(l) => Some(l.deadline_ms()),
            Role::Learning(l) => Some(l.deadline_ms(&self.config)),
        }
    }

    /// The timer behind [`Peer::deadline_ms`], for a view (`None` when down).
    pub fn timer(&self) -> Option<PeerTimer> {
        if !self.up {
            return None;
        }
        let (kind, from_ms, until_ms) = match &self.role {
            Role::Looking => self.election.timer()?,
            Role::Leading(l) => l.timer(&self.config),
            Role::Learning(l) => l.timer(&self.config),
        };
        Some(PeerTimer {
            kind,
            from_ms: from_ms.min(until_ms),
            until_ms,
        })
    }

    /// The clock reached a deadline.
    pub fn on_timer(&mut self, now_ms: u64) -> Vec<Envelope> {
        let mut out = Vec::new();
        if !self.up {
            return out;
        }
        match self.role {
            Role::Looking => {
                let mut notes = Outbox::new();
                let decided = self.election.on_timer(now_ms, &self.config, &mut notes);
                self.send_notifications(now_ms, notes, &mut out);
                if let Some(vote) = decided {
                    self.decided(now_ms, vote, &mut out);
                }
            }
            Role::Leading(_) => self.leader_timer(now_ms, &mut out),
            Role::Learning(_) => self.learner_timer(now_ms, &mut out),
        }
        out
    }

    /// A message arrived.
    pub fn on_message(&mut self, now_ms: u64, env: Envelope) -> Vec<Envelope> {
        let mut out = Vec::new();
        if !self.up || env.to != self.id {
            return out;
        }
        match env.message {
            Message::Notification(n) => {
                self.on_notification(now_ms, env.from, env.conn, n, &mut out)
            }
            Message::Zab(Packet::LearnerInfo { .. }) if !matches!(self.role, Role::Leading(_)) => {
                // Nobody listens on our quorum port: the connection is refused.
                self.send_zab(env.from, env.conn, Packet::Closed, &mut out);
            }
            Message::Zab(packet) => match self.role {
                Role::Looking => {}
                Role::Leading(_) => {
                    self.leader_packet(now_ms, env.from, env.conn, packet, &mut out)
                }
                Role::Learning(_) => {
                    self.learner_packet(now_ms, env.from, env.conn, packet, &mut out)
                }
            },
        }
        out
    }

    /// A client's write submitted at this peer, numbered `request` by it: the leader prepares
    /// and proposes it, a learner forwards it to the leader (`FollowerRequestProcessor`). The
    /// `Applied` of its transaction carries the same origin.
    pub fn submit(
        &mut self,
        now_ms: u64,
        request: u64,
        write: ClientWrite,
    ) -> Result<Vec<Envelope>, NotServing> {
        let origin = Origin {
            peer: self.id,
            request,
        };
        // `submitRequest` touches the session of every request it takes.
        let mut auth = None;
        if let ClientWrite::Request { session, .. } | ClientWrite::Sync { session } = &write {
            self.touch(now_ms, *session);
            auth = self.server.session_auth(*session);
        }
        let submitted = Submitted {
            origin,
            write,
            auth,
        };
        if !self.up {
            return Err(NotServing::Crashed);
        }
        let mut out = Vec::new();
        match &self.role {
            Role::Leading(l) if l.is_broadcasting() => {
                self.leader_submit(now_ms, submitted, &mut out)
            }
            Role::Learning(l) if l.is_broadcasting() => {
                let leader = l.leader;
                self.send_zab(
                    leader,
                    self.disk.connections,
                    Packet::Request(submitted),
                    &mut out,
                );
            }
            _ => return Err(NotServing::NoLeader),
        }
        Ok(out)
    }

    /// `WorkerReceiver`: a notification from `from`, whose incarnation started at
    /// `started_ms`. On a connection just opened, our `SendWorker` first sends what it never
    /// had (see [`ElectionLinks`]).
    fn on_notification(
        &mut self,
        now_ms: u64,
        from: PeerId,
        started_ms: u64,
        n: Notification,
        out: &mut Vec<Envelope>,
    ) {
        if from != self.id {
            if let Some(queued) = self.links.heard(from, started_ms) {
                self.send_notifications(now_ms, vec![(from, queued)], out);
            }
        }
        if !self.config.is_voter(from) {
            // A non-voter (an observer) is answered at once with our current vote.
            let reply = Vote {
                election_epoch: self.election.logical_clock(),
                state: self.state,
                ..self.current_vote
            };
            self.send_notifications(now_ms, vec![(from, reply)], out);
            return;
        }
        if self.state == ServerState::Looking {
            if n.state == ServerState::Looking && n.election_epoch < self.election.logical_clock() {
                if let Some(proposal) = self.election.proposal() {
                    let reply = Vote {
                        proposal,
                        election_epoch: self.election.logical_clock(),
                        state: ServerState::Looking,
                    };
                    self.send_notifications(now_ms, vec![(from, reply)], out);
                }
            }
            let mut notes = Outbox::new();
            let decided = self
                .election
                .on_notification(now_ms, from, n, &self.config, &mut notes);
            self.send_notifications(now_ms, notes, out);
            if let Some(vote) = decided {
                self.decided(now_ms, vote, out);
            }
        } else if n.state == ServerState::Looking {
            let reply = Vote {
                state: self.state,
                ..self.current_vote
            };
            self.send_notifications(now_ms, vec![(from, reply)], out);
        }
    }

    /// `getInitId`, `getInitLastLoggedZxid`, `getPeerEpoch`: ourselves, or nobody for an
    /// observer.
    fn init_proposal(&self) -> Proposal {
        match self.config.learner_type(self.id) {
            LearnerType::Participant => Proposal {
                leader: Some(self.id),
                zxid: self.processed,
                peer_epoch: self.disk.current_epoch,
            },
            LearnerType::Observer => Proposal::NOBODY,
        }
    }

    /// The election ended on `vote`: lead, follow or observe.
    fn decided(&mut self, now_ms: u64, vote: Vote, out: &mut Vec<Envelope>) {
        self.current_vote = Vote {
            state: ServerState::Looking,
            ..vote
        };
        match vote.proposal.leader {
            Some(leader) if leader == self.id => self.lead(now_ms, out),
            Some(leader) => self.learn(now_ms, leader, out),
            None => self.look(now_ms, out),
        }
    }

    /// Becomes LOOKING: the Zab role ends (its connections close) and a round starts.
    pub(crate) fn look(&mut self, now_ms: u64, out: &mut Vec<Envelope>) {
        self.close_connections(out);
        // `fastForwardDataBase`: what was logged and not applied is replayed.
        self.processed = self.processed.max(self.disk.log.last_zxid());
        self.disk.connections = self.disk.connections.wrapping_add(1);
        self.role = Role::Looking;
        self.state = ServerState::Looking;
        let mut notes = Outbox::new();
        let init = self.init_proposal();
        self.election
            .start(now_ms, self.id, init, &self.config, &mut notes);
        self.send_notifications(now_ms, notes, out);
    }

    /// Sends notifications, each on the connection of this incarnation, remembering the
    /// latest to each peer (`lastMessageSent`).
    fn send_notifications(&mut self, now_ms: u64, notes: Outbox, out: &mut Vec<Envelope>) {
        for (to, n) in notes {
            if to != self.id {
                self.links.sent(to, n, now_ms);
            }
            out.push(Envelope {
                from: self.id,
                to,
                conn: self.started_ms,
                message: Message::Notification(n),
            });
        }
    }

    pub(crate) fn send_zab(&self, to: PeerId, conn: u64, packet: Packet, out: &mut Vec<Envelope>) {
        out.push(Envelope {
            from: self.id,
            to,
            conn,
            message: Message::Zab(packet),
        });
    }

    /// Applies a committed transaction to the tree and records it for the driver.
    pub(crate) fn apply(&mut self, txn: &Txn) {
        let result = self
            .server
            .apply_prepared(&txn.write, txn.zxid, txn.time_ms);
        self.processed = self.processed.max(txn.zxid);
        let notifications = self.server.take_notifications();
        self.applied.push(Applied {
            zxid: txn.zxid,
            origin: txn.origin,
            summary: txn.summary(),
            result,
            notifications,
        });
    }

    /// Rebuilds the tree from the committed log (at a start, or after a truncation took a
    /// committed entry).
    pub(crate) fn rebuild(&mut self) {
        self.server = Server::new(self.config.server.clone());
        for e in self.disk.log.committed() {
            let txn = &e.txn;
            let _ = self
                .server
                .apply_prepared(&txn.write, txn.zxid, txn.time_ms);
        }
        let _ = self.server.take_notifications();
    }
}
