//! An ensemble with clients: the `ensemble` model's peers, driven here and nowhere else (their
//! envelopes over peer links with latency, partitions, crash and restart), and clients running
//! the Java client's connection state machine (`sim::client`) connected to one peer each.
//! One clock, one seeded generator per subsystem, and among the events due at the same instant
//! the seed picks which happens first. Nothing here reads a clock or iterates a hash map.
//!
//! The parts: the event loop and the state (here; the links and the timers are the world's
//! `sim::schedule`, shared with the standalone world), the clients (`clients`), the
//! clients' timers kept up to date (`timers`), what a peer does for its clients
//! (`serving`), the requests submitted to a peer for no client (`direct`), what it writes in
//! the event log (`log`), and what a view shows (`view`); the live checks are the servers'
//! properties, shared with the standalone world (`sim::properties`).
//! The peers' own tests drive them here without clients (`peer_tests`).

mod clients;
mod direct;

mod log;
#[cfg(test)]
mod peer_tests;
mod recipes;
mod serving;
#[cfg(test)]
mod tests;
mod timers;
mod view;

use crate::sorted::SortedMap as BTreeMap;
use std::rc::Rc;

use crate::ensemble::{EnsembleConfig, Peer, PeerId, ServerState};
use crate::sim::client::Client;
use crate::sim::rng::Rng;
use crate::sim::servers::{ens, ens_ref};
use crate::sim::Sim;

pub use crate::sim::links::{ClientMessage, ClientPacket, Sent};
pub use direct::{APPLIED_RECORD_MAX, DIRECT_MAX};
pub use log::{EnsembleLine, EnsembleQuiet, LOG_MAX};
pub use serving::{ConnStage, PeerConn, Serving};
pub use view::{PeerMessageView, PeerState, PeerView, LOG_TAIL_MAX};

/// How many events `run_until` and `run_while` handle at most (a bound, not a goal).
pub const EVENTS_PER_RUN_MAX: u64 = 2_000_000;
/// The longest a client waits at random before it tries the next server (the Java client's
/// `r.nextInt(1000)` in `startConnect`).
pub const RECONNECT_DELAY_MS_MAX: u64 = 1000;
/// `StaticHostProvider.next(spinDelay)`: the pause once every server of the connect string
/// was tried since the last one that took the client.
pub const SPIN_DELAY_MS: u64 = 1000;

/// How the simulated ensemble is set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnsembleSimConfig {
    pub seed: u64,
    pub ensemble: EnsembleConfig,
    /// One-way latency between peers, and between a client and a peer.
    pub peer_latency_ms: u64,
    pub client_latency_ms: u64,
    /// Whether the simulation watches its peers: the live checks after every event and the
    /// event log. On by default; off only to measure the replicas by themselves.
    pub observe: bool,
}

impl EnsembleSimConfig {
    pub fn new(seed: u64, ensemble: EnsembleConfig) -> EnsembleSimConfig {
        EnsembleSimConfig {
            seed,
            ensemble,
            peer_latency_ms: 1,
            client_latency_ms: 1,
            observe: true,
        }
    }
}

/// What an ensemble world holds beyond any world's parts (`Sim`): its quorum peers and what
/// each does for its clients, the seeded order among events due together, and what the
/// simulation notes of the peers.
#[derive(Clone, Debug)]
pub struct Ensemble {
    pub(crate) config: Rc<EnsembleConfig>,
    pub(crate) sim_config: EnsembleSimConfig,
    pub(crate) peers: Vec<Peer>,
    pub(crate) serving: Vec<Serving>,
    /// Picks among the events due at one instant.
    pub(crate) order_rng: Rng,
    /// Requests submitted to peers so far (every request number comes from this counter).
    pub(crate) requests: u64,
    /// The next session id each peer hands out.
    pub(crate) next_session: BTreeMap<PeerId, i64>,
    /// The state last reported of each peer (see `take_state_changes`).
    reported: Vec<Option<(ServerState, i64)>>,
    /// State changes not taken yet: (peer, state, epoch).
    state_changes: Vec<(PeerId, ServerState, i64)>,
    /// The clients changed since their timers were last brought up to date (see `timers`).
    pub(crate) touched: timers::Touched,
    /// What reached a paused client, in order: it reads it when it resumes.
    pub(crate) paused_inbox: BTreeMap<usize, Vec<crate::sim::recipe_host::Buffered>>,
    /// The timer the latest step handled, when it was a server's or a client's.
    handled: Option<EnsembleQuiet>,
    /// Requests submitted to peers for no client (see `direct`).
    pub(crate) direct: direct::Direct,
}

/// At most this many state changes wait to be taken.
pub const STATE_CHANGES_MAX: usize = 10_000;

impl Sim {
    /// A world of every peer of the configuration, all down;
    /// `config.ensemble.server.tick_time_ms` follows the ensemble's tickTime (sessions
    /// negotiate their timeout against it).
    pub fn ensemble(mut sim_config: EnsembleSimConfig) -> Sim {
        let tick = u32::try_from(sim_config.ensemble.tick_time_ms).unwrap_or(u32::MAX);
        sim_config.ensemble.server.tick_time_ms = tick;
        let config = Rc::new(sim_config.ensemble.clone());
        let peers: Vec<Peer> = config
            .peers()
            .into_iter()
            .map(|id| Peer::new(id, Rc::clone(&config)))
            .collect();
        let serving = peers.iter().map(|_| Serving::default()).collect();
        let seed = sim_config.seed;
        let observe = sim_config.observe;
        let world = crate::sim::SimConfig {
            seed,
            latency_ms_min: sim_config.client_latency_ms,
            latency_ms_max: sim_config.client_latency_ms,
            reconnect_delay_ms_max: RECONNECT_DELAY_MS_MAX - 1,
            server: sim_config.ensemble.server.clone(),
            log_entries_max: if observe { LOG_MAX } else { 0 },
        };
        let ensemble = Ensemble {
            config,
            sim_config,
            peers,
            serving,
            order_rng: Rng::derive(seed, "ensemble-order"),
            requests: 0,
            next_session: BTreeMap::new(),
            reported: Vec::new(),
            state_changes: Vec::new(),
            touched: timers::Touched::default(),
            paused_inbox: BTreeMap::new(),
            handled: None,
            direct: direct::Direct::default(),
        };
        Sim::with_servers(
            world,
            crate::sim::Servers::Ensemble(Box::new(ensemble)),
            Rng::derive(seed, "ensemble-clients"),
        )
    }

    /// Every server's id, in myid order (none in a standalone world).
    pub fn server_ids(&self) -> Vec<PeerId> {
        ens_ref!(self).config.peers()
    }

    /// Whether server `id` votes (a participant, not an observer).
    pub fn is_voter(&self, id: PeerId) -> bool {
        ens_ref!(self).config.is_voter(id)
    }

    /// How many servers vote.
    pub fn voter_count(&self) -> usize {
        ens_ref!(self).config.voters.len()
    }

    /// The ensemble's configuration (`None` in a standalone world).
    pub fn ensemble_config(&self) -> Option<&EnsembleConfig> {
        let ens = ens_ref!(self);
        Some(&ens.config)
    }

    pub fn peers(&self) -> &[Peer] {
        let ens = ens_ref!(self);
        &ens.peers
    }

    pub fn peer(&self, id: PeerId) -> Option<&Peer> {
        let ens = ens_ref!(self);
        self.index(id).map(|i| &ens.peers[i])
    }

    pub(crate) fn index(&self, id: PeerId) -> Option<usize> {
        let ens = ens_ref!(self);
        ens.peers.iter().position(|p| p.id() == id)
    }

    /// Every client, by index (a reopened client's predecessors included).
    pub fn all_clients(&self) -> &[Client] {
        self.clients.all()
    }

    /// The client with this script name (the latest one, if reopened).
    pub fn client_index(&self, name: &str) -> Option<usize> {
        self.clients.id(name).map(|c| c.0 as usize)
    }

    pub fn client_mut(&mut self, name: &str) -> Option<&mut Client> {
        let i = self.client_index(name)?;
        self.client_at_mut(i)
    }

    /// Client `c`, to change: its timer is looked at again before the next event.
    pub(crate) fn client_at_mut(&mut self, c: usize) -> Option<&mut Client> {
        if let crate::sim::Servers::Ensemble(e) = &mut self.servers {
            if c < self.clients.len() {
                e.touched.touch(c);
            }
        }
        self.clients.at_mut(c)
    }

    /// A disconnected client whose next attempt is planned for later tries now (a script's
    /// barrier: see `script::ensemble_backend`).
    pub fn hurry_reconnect(&mut self, c: usize) {
        let now = self.now_ms;
        if let Some(ec) = self.client_at_mut(c) {
            let cl = ec;
            if cl.is_active() && cl.state == crate::sim::client::ConnState::Connecting {
                if let Some(t) = cl.reconnect_at_ms {
                    cl.reconnect_at_ms = Some(t.min(now));
                }
            }
        }
    }

    /// The established leader of the highest epoch, if any peer leads one now.
    pub fn leader(&self) -> Option<PeerId> {
        let ens = ens_ref!(self);
        self.leader_index().map(|i| ens.peers[i].id())
    }

    fn leader_index(&self) -> Option<usize> {
        let ens = ens_ref!(self);
        ens.peers
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.established_epoch().map(|e| (e, i)))
            .max()
            .map(|(_, i)| i)
    }

    /// The longest committed history the checks saw on any peer, as zxids (empty when the
    /// simulation does not observe its peers).
    pub fn committed_zxids(&self) -> Vec<crate::stat::Zxid> {
        self.properties.committed_zxids()
    }

    /// What `srvr` would say of server `id` when it serves: whether it leads, and the last
    /// zxid it processed (a new epoch's leader starts at the epoch's zxid 0); `None` when it
    /// is down or not serving.
    pub fn serving_zxid(&self, id: PeerId) -> Option<(bool, crate::stat::Zxid)> {
        let p = self.peer(id).filter(|p| p.is_up() && p.is_serving())?;
        let zxid = p.last_processed_zxid();
        Some((p.leader() == Some(p.id()), zxid))
    }

    /// Whether a serving peer leads (`None` when it does not serve).
    pub fn srvr_leads(&self, id: PeerId) -> Option<bool> {
        self.serving_zxid(id).map(|(leads, _)| leads)
    }

    /// When the next event is due, if any.
    pub(crate) fn next_seeded_ms(&mut self) -> Option<u64> {
        let crate::sim::Servers::Ensemble(e) = &mut self.servers else {
            return None;
        };
        e.touched.update(self.clients.all(), &mut self.schedule);
        e.touched.update_peers(&e.peers, &mut self.schedule);
        // The peers' timers are in the schedule's (`timers.rs`).
        let links = self.schedule.links.next_arrival_ms();
        let timers = self.schedule.timer_ms();
        links
            .into_iter()
            .chain(timers)
            .map(|t| t.max(self.now_ms))
            .min()
    }

    /// Handles one event, chosen by the seed among those due first. False when nothing is
    /// scheduled.
    pub(crate) fn step_seeded(&mut self) -> bool {
        let Some(at) = self.next_event_ms() else {
            return false;
        };
        self.now_ms = at;
        // The seed picks among the links due (in key order), then the rest; the links are
        // counted, not listed (a burst may hold a thousand).
        let links = self.schedule.links.due_count(at);
        // Debug builds hold the links' and the client timers' indexes against a scan of every
        // link and client, at the cadence of `check_cadence.rs` (a scan after each of a long
        // run's events would cost far more than the event).
        #[cfg(debug_assertions)]
        let check_indexes = self
            .check_cadence
            .due(self.schedule.links.count() + self.clients.len());
        #[cfg(debug_assertions)]
        if check_indexes {
            debug_assert_eq!(
                self.schedule.links.due_listed(),
                self.schedule.links.due_scanned(at),
                "the links' index is stale"
            );
        }
        let timers = self.schedule.due_timers(at);
        let mut due: Vec<Due> = timers.peers.iter().map(|&i| Due::Peer(i)).collect();
        let clients: Vec<usize> = timers.clients.iter().map(|c| c.0 as usize).collect();
        #[cfg(debug_assertions)]
        if check_indexes {
            debug_assert_eq!(self.schedule.check_invariants(), Ok(()));
            let scanned: Vec<usize> = (0..self.clients.len())
                .filter(|&i| timers::wake_ms(&self.clients[i]).is_some_and(|d| d <= at))
                .collect();
            debug_assert_eq!(clients, scanned, "the client timers' index is stale");
            let peers: Vec<usize> = ens_ref!(self)
                .peers
                .iter()
                .enumerate()
                .filter(|(_, p)| p.deadline_ms().is_some_and(|d| d <= at))
                .map(|(i, _)| i)
                .collect();
            debug_assert_eq!(timers.peers, peers, "the peer timers' index is stale");
        }
        for i in clients {
            if self.clients[i].next_wakeup_ms().is_some_and(|d| d <= at) {
                due.push(Due::Client(i));
            } else {
                due.push(Due::Resume(i));
            }
        }
        due.extend(timers.roles.into_iter().map(Due::Role));
        let count = links + due.len();
        if count == 0 {
            return false;
        }
        let pick = (ens!(self).order_rng.next_u64() % count as u64) as usize;
        let picked = match pick.checked_sub(links) {
            Some(rest) => due[rest],
            None => match self.schedule.links.due_nth(pick) {
                Some(key) => Due::Link(key),
                None => return false,
            },
        };
        ens!(self).handled = None;
        // Counted first: what this event logs carries its number as the toolbar shows it
        // once the event is handled (event 1 is the first).
        self.steps = self.steps.saturating_add(1);
        self.properties.at_step(self.steps);
        match picked {
            Due::Link(link) => self.deliver_link(link),
            Due::Peer(i) => {
                let e = ens!(self);
                let server = e.peers[i].id();
                e.handled = e.peers[i].timer().map(|t| EnsembleQuiet::Timer {
                    server,
                    kind: t.kind,
                });
                let out = e.peers[i].on_timer(at);
                self.after_peer(i, out);
            }
            Due::Client(i) => {
                ens!(self).handled = Some(EnsembleQuiet::ClientTimer { client: i });
                crate::sim::client_host::timer(self, clients::id(i));
            }
            Due::Resume(i) => crate::sim::client_host::resume(self, clients::id(i)),
            Due::Role(key) => {
                self.schedule.remove_role(&key);
                crate::sim::recipe_host::recipe_timer(self, &key);
            }
        }
        self.check();
        true
    }

    /// The server's or client's timer the latest step handled (`None` for anything else).
    pub fn handled(&self) -> Option<&EnsembleQuiet> {
        let ens = ens_ref!(self);
        ens.handled.as_ref()
    }

    /// Runs every event due up to `until_ms`, then sets the clock there.
    pub(crate) fn run_until_seeded(&mut self, until_ms: u64) {
        let mut handled = 0;
        while handled < EVENTS_PER_RUN_MAX {
            match self.next_event_ms() {
                Some(at) if at <= until_ms => {
                    self.step();
                    handled += 1;
                }
                _ => break,
            }
        }
        // Stopped by the bound with events still due: the clock stays at the last one handled
        // (moving it on would leave them in the past, and the clock would go back).
        if self.next_event_ms().is_none_or(|at| at > until_ms) {
            self.now_ms = self.now_ms.max(until_ms);
        }
    }

    /// Runs every event due in the next `ms`, then sets the clock there.
    pub fn run_for(&mut self, ms: u64) {
        self.run_until(self.now_ms.saturating_add(ms));
    }

    /// Steps until `done` holds or the next event is after `deadline_ms`; whether it held.
    pub fn run_while(&mut self, deadline_ms: u64, done: impl Fn(&Sim) -> bool) -> bool {
        for _ in 0..EVENTS_PER_RUN_MAX {
            if done(self) {
                return true;
            }
            match self.next_event_ms() {
                Some(t) if t <= deadline_ms => {
                    self.step();
                }
                _ => {
                    self.now_ms = self.now_ms.max(deadline_ms);
                    return done(self);
                }
            }
        }
        done(self)
    }

    /// Starts (or restarts, from its disk) a peer.
    pub fn start_peer(&mut self, id: PeerId) -> bool {
        let Some(i) = self.index(id) else {
            return false;
        };
        if ens!(self).peers[i].is_up() {
            return false;
        }
        let first = crate::server::first_session_id(id as i64, self.now_ms);
        let next = ens!(self).next_session.entry(id).or_insert(first);
        *next = (*next).max(first);
        self.note(EnsembleLine::Started { server: id }.into());
        let out = ens!(self).peers[i].start(self.now_ms);
        self.after_peer(i, out);
        self.check();
        true
    }

    /// Kills a peer's process (or stops it: the same to everyone else, since its sockets
    /// close either way): what its links carry is lost, and every peer and client connected
    /// to it sees its connection reset at once, unless a partition hides it.
    pub fn crash_peer(&mut self, id: PeerId) -> bool {
        let Some(i) = self.index(id) else {
            return false;
        };
        if !ens!(self).peers[i].is_up() {
            return false;
        }
        ens!(self).peers[i].crash();
        ens!(self).touched.touch_peer(i);
        self.note(EnsembleLine::Crashed { server: id }.into());
        self.schedule.links.drop_peer(id);
        ens!(self).direct.crashed(id);
        self.close_client_connections(i);
        for j in 0..ens!(self).peers.len() {
            let other = ens!(self).peers[j].id();
            if other == id || self.schedule.links.is_cut(id, other) {
                continue;
            }
            let out = ens!(self).peers[j].on_connection_reset(self.now_ms, id);
            self.after_peer(j, out);
        }
        self.check();
        true
    }

    /// Whether a peer is serving clients.
    pub fn is_serving(&self, id: PeerId) -> bool {
        self.peer(id).is_some_and(|p| p.is_up() && p.is_serving())
    }

    /// The servers in a seeded order (the Java client shuffles its connect string).
    pub(crate) fn shuffled_hosts(&mut self) -> Vec<PeerId> {
        let mut hosts = ens!(self).config.peers();
        for i in (1..hosts.len()).rev() {
            let j = (self.client_rng.next_u64() % (i as u64 + 1)) as usize;
            hosts.swap(i, j);
        }
        hosts
    }
}

/// An event due now.
#[derive(Clone, Copy, Debug)]
enum Due {
    Link(crate::sim::links::LinkKey),
    Peer(usize),
    Client(usize),
    /// A paused client's pause is over.
    Resume(usize),
    /// A recipe role's timer.
    Role(crate::sim::RoleKey),
}

impl Sim {
    /// Notes each peer's state when it changed: LOOKING, or LEADING, FOLLOWING, OBSERVING
    /// once it serves (the steps between are not states a user sees), with its epoch.
    pub(crate) fn note_states(&mut self) {
        let crate::sim::Servers::Ensemble(e) = &mut self.servers else {
            return;
        };
        e.reported.resize(e.peers.len(), None);
        for (i, p) in e.peers.iter().enumerate() {
            let now = if !p.is_up() {
                None
            } else if p.state() == ServerState::Looking {
                Some((ServerState::Looking, p.current_epoch()))
            } else if p.is_serving() {
                Some((p.state(), p.current_epoch()))
            } else {
                continue;
            };
            if now != e.reported[i] {
                e.reported[i] = now;
                if let Some((state, epoch)) = now {
                    let server = p.id();
                    self.log.push(
                        self.steps,
                        self.now_ms,
                        EnsembleLine::State {
                            server,
                            state,
                            epoch,
                        }
                        .into(),
                    );
                    if e.state_changes.len() < STATE_CHANGES_MAX {
                        e.state_changes.push((p.id(), state, epoch));
                    }
                }
            }
        }
    }

    /// Takes the state changes noted since the last call, in order.
    pub fn take_state_changes(&mut self) -> Vec<(PeerId, ServerState, i64)> {
        std::mem::take(&mut ens!(self).state_changes)
    }

    /// The leader expires client `c`'s session now (a script's `expire`): it proposes the
    /// closeSession its session tracker would. False without a session or a leader.
    pub fn ensemble_expire_session(&mut self, c: usize) -> bool {
        let Some(session) = self.clients.at(c).and_then(|ec| ec.session) else {
            return false;
        };
        let Some(i) = self.leader_index() else {
            return false;
        };
        let now = self.now_ms;
        let e = ens!(self);
        e.requests = e.requests.saturating_add(1);
        let write = crate::ensemble::ClientWrite::CloseSession { session };
        match e.peers[i].submit(now, e.requests, write) {
            Ok(out) => {
                self.after_peer(i, out);
                true
            }
            Err(_) => false,
        }
    }
}
