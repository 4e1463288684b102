//! What a view of the simulated ensemble shows (the page's ring of servers): each server's
//! state, epoch, last zxid, the tail of its log (proposed and committed), how far it lags the
//! most advanced server, and the clients attached to it; each client's server and connection
//! state; the messages in flight between servers. Built on demand, in myid and client order.

use crate::ensemble::{PeerId, PeerTimer, Proposal, ServerState, Vote};
use crate::sim::servers::ens_ref;
use crate::sim::Sim;

/// How many log entries a server's view keeps (its tail).
pub const LOG_TAIL_MAX: usize = 8;

/// A server's state as a view shows it: down, or up in ZooKeeper's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerState {
    Down,
    Up(ServerState),
}

impl PeerState {
    /// `LOOKING`, `LEADING`, `FOLLOWING`, `OBSERVING` (ZooKeeper's), or `DOWN`.
    pub fn name(self) -> &'static str {
        match self {
            PeerState::Down => "DOWN",
            PeerState::Up(s) => s.name(),
        }
    }

    pub fn is_up(self) -> bool {
        self != PeerState::Down
    }
}

/// One server as a view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerView {
    pub id: PeerId,
    pub observer: bool,
    pub state: PeerState,
    pub serving: bool,
    pub epoch: i64,
    /// `acceptedEpoch`: ahead of `epoch` from the moment a new leader proposes an epoch (or a
    /// learner accepts its LEADERINFO) until NEWLEADER makes it current.
    pub accepted_epoch: i64,
    /// While LOOKING: the vote it proposes now and its round (logical clock).
    pub vote: Option<(Proposal, i64)>,
    /// The timer it runs (election wait, initLimit/syncLimit, the leader's ping).
    pub timer: Option<PeerTimer>,
    /// Its last processed zxid, the one `srvr` reports (`Peer::last_processed_zxid`).
    pub last_zxid: crate::stat::Zxid,
    /// The last zxid logged (proposed or committed).
    pub last_logged: crate::stat::Zxid,
    /// The tail of its log: (zxid, what, committed).
    pub log_tail: Vec<(crate::stat::Zxid, &'static str, bool)>,
    /// Committed transactions it has not got yet, against the most advanced server.
    pub behind: usize,
    /// The names of the clients connected to it.
    pub clients: Vec<String>,
}

/// A message between servers in flight (the page's client messages are
/// `sandbox::ClientMessageView`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerMessageView {
    /// Its number among every message sent (stable while it travels).
    pub id: u64,
    pub from: PeerId,
    pub to: PeerId,
    pub sent_ms: u64,
    pub arrive_ms: u64,
    /// An election's notification: the vote it carries.
    pub vote: Option<Vote>,
    /// A partition holds it.
    pub held: bool,
    /// As ZooKeeper logs it (`PROPOSAL 0x100000002 create`), or a connection's end.
    pub summary: crate::ensemble::PeerSummary,
}

impl Sim {
    /// Every server, in myid order.
    pub fn peer_views(&self) -> Vec<PeerView> {
        let ens = ens_ref!(self);
        let most = ens
            .peers
            .iter()
            .map(|p| p.log().committed().len())
            .max()
            .unwrap_or(0);
        ens.peers
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let entries = p.log().entries();
                let committed_len = p.log().committed().len();
                let tail = entries.len().saturating_sub(LOG_TAIL_MAX);
                let mut clients: Vec<String> = ens.serving[i]
                    .conns
                    .keys()
                    .filter_map(|&c| self.clients.at(c).map(|ec| ec.name.clone()))
                    .collect();
                crate::sorted::sort(&mut clients);
                PeerView {
                    id: p.id(),
                    observer: !ens.config.is_voter(p.id()),
                    state: if p.is_up() {
                        PeerState::Up(p.state())
                    } else {
                        PeerState::Down
                    },
                    serving: p.is_up() && p.is_serving(),
                    epoch: p.current_epoch(),
                    accepted_epoch: p.accepted_epoch(),
                    vote: (p.is_up() && p.state() == ServerState::Looking)
                        .then(|| p.election().proposal())
                        .flatten()
                        .map(|v| (v, p.election().logical_clock())),
                    timer: p.timer(),
                    last_zxid: p.last_processed_zxid(),
                    last_logged: p.last_logged_zxid(),
                    log_tail: entries[tail..]
                        .iter()
                        .enumerate()
                        .map(|(j, e)| (e.txn.zxid, e.txn.summary(), tail + j < committed_len))
                        .collect(),
                    behind: most.saturating_sub(p.log().committed().len()),
                    clients,
                }
            })
            .collect()
    }

    /// The messages between servers in flight, by link and in order.
    pub fn messages_in_flight(&self) -> Vec<PeerMessageView> {
        self.schedule
            .links
            .peer_messages_sent()
            .into_iter()
            .map(|(sent, env, held)| PeerMessageView {
                id: sent.id,
                from: env.from,
                to: env.to,
                sent_ms: sent.sent_ms,
                arrive_ms: sent.arrive_ms,
                vote: match env.message {
                    crate::ensemble::Message::Notification(v) => Some(v),
                    crate::ensemble::Message::Zab(_) => None,
                },
                held,
                summary: env.message.view_summary(),
            })
            .collect()
    }
}

impl Sim {
    /// A stable hash of what the ensemble is now: the clock, each server's state, epochs, log
    /// position and tree, each client, the generators. Equal after the same inputs on the same
    /// seed (natively and in wasm), so a reload or an import can be checked.
    pub(crate) fn ensemble_state_hash(&self) -> u64 {
        let ens = ens_ref!(self);
        use crate::sim::hash::StableHasher;
        use std::hash::{Hash, Hasher};
        let mut h = StableHasher::default();
        (self.now_ms, self.steps, ens.requests, self.next_conn).hash(&mut h);
        for p in &ens.peers {
            (
                p.id(),
                p.is_up(),
                p.state().name(),
                p.current_epoch(),
                p.last_logged_zxid(),
                p.last_processed_zxid(),
                p.log().committed().len(),
            )
                .hash(&mut h);
            p.server().hash(&mut h);
        }
        // Each client with its connect string (`Client`'s hash holds it).
        for c in self.clients.all() {
            c.hash(&mut h);
        }
        (&ens.order_rng, &self.client_rng).hash(&mut h);
        for s in &ens.serving {
            for (client, c) in s.conns.iter() {
                (client, c.conn, c.session, c.stage).hash(&mut h);
            }
        }
        // The messages in flight: where each goes, when, and what kind (every message is
        // numbered, so two histories that sent different ones differ here too).
        for (sent, env, held) in self.schedule.links.peer_messages_sent() {
            (
                sent.arrive_ms,
                env.from,
                env.to,
                env.conn,
                held,
                env.message.name(),
            )
                .hash(&mut h);
        }
        for m in self.schedule.links.client_messages() {
            (m.id, m.client, m.server, m.to_server, m.arrive_ms, m.held).hash(&mut h);
        }
        h.finish()
    }

    /// The messages between clients and servers in flight, by link and in order.
    pub fn client_messages_in_flight(&self) -> Vec<crate::sim::ensemble::ClientMessage> {
        self.schedule.links.client_messages()
    }

    /// Whether client `c` still believes in a connection its server has already closed (the
    /// server crashed or dropped it, and the hangup is on its way): what a stepwise server
    /// line leaves for the next client command to notice first.
    pub fn hangup_in_flight(&self, c: usize) -> bool {
        let ens = ens_ref!(self);
        let Some(ec) = self.clients.at(c) else {
            return false;
        };
        let connected = ec.state == crate::sim::client::ConnState::Connected;
        let closed = ec
            .connect
            .server
            .and_then(|p| self.index(p))
            .is_some_and(|i| !ens.serving[i].conns.contains_key(&c));
        connected && closed && !self.schedule.links.is_client_cut(c)
    }

    /// Whether client `c` is partitioned (`partition NAME`).
    pub fn client_partitioned(&self, c: usize) -> bool {
        self.schedule.links.is_client_cut(c)
    }

    /// Whether server `id`'s links are all cut (`partition server K`).
    pub fn server_isolated(&self, id: PeerId) -> bool {
        self.schedule.links.is_isolated(id)
    }

    /// The extra latency of server `id`'s links (`delay server K MS`).
    pub fn server_delay_ms(&self, id: PeerId) -> u64 {
        self.schedule.links.delay_of(id)
    }
}
