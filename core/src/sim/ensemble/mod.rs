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

/// The ensemble and its clients.
#[derive(Clone, Debug)]
pub struct EnsembleSim {
    pub(crate) now_ms: u64,
    pub(crate) config: Rc<EnsembleConfig>,
    pub(crate) sim_config: EnsembleSimConfig,
    pub(crate) peers: Vec<Peer>,
    pub(crate) serving: Vec<Serving>,
    pub(crate) clients: Vec<Client>,
    /// The links and the clients' and roles' timers (`sim::schedule`, as the standalone
    /// world's).
    pub(crate) schedule: crate::sim::schedule::Schedule,
    /// Picks among the events due at one instant.
    pub(crate) order_rng: Rng,
    /// Clients' reconnect delays and connect-string shuffles.
    pub(crate) client_rng: Rng,
    /// Requests submitted to peers so far (every request number comes from this counter).
    pub(crate) requests: u64,
    pub(crate) next_conn: u64,
    /// The next session id each peer hands out.
    pub(crate) next_session: BTreeMap<PeerId, i64>,
    pub(crate) properties: crate::sim::Properties,
    pub(crate) events: u64,
    /// The state last reported of each peer (see `take_state_changes`).
    reported: Vec<Option<(ServerState, i64)>>,
    /// State changes not taken yet: (peer, state, epoch).
    state_changes: Vec<(PeerId, ServerState, i64)>,
    /// The event log: the servers' lines and the clients' processes' (recipes, pauses,
    /// delays), in the order they were written.
    pub(crate) log: crate::sim::Log,
    /// The recipes' safety checks and statistics (the same monitor as the standalone
    /// server's).
    pub monitor: crate::recipes::Monitor,
    pub(crate) recipe_reports: Vec<crate::sim::RecipeReport>,
    pub(crate) recipe_last_status: BTreeMap<crate::sim::RoleKey, crate::recipes::Status>,
    /// The clients changed since their timers were last brought up to date (see `timers`).
    pub(crate) touched: timers::Touched,
    /// What reached a paused client, in order: it reads it when it resumes.
    pub(crate) paused_inbox: BTreeMap<usize, Vec<(PeerId, ClientPacket)>>,
    /// The session starts' moments ① to ⑤ as they happened (observations, as the standalone
    /// simulation's: see `sim::moments`).
    pub(crate) moments: crate::sim::Moments,
    /// The timer the latest step handled, when it was a server's or a client's.
    handled: Option<EnsembleQuiet>,
    /// Requests submitted to peers for no client (see `direct`).
    pub(crate) direct: direct::Direct,
    /// When debug builds next check the indexes (bookkeeping, not state).
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    check_cadence: crate::check_cadence::CheckCadence,
}

/// At most this many state changes wait to be taken.
pub const STATE_CHANGES_MAX: usize = 10_000;

impl EnsembleSim {
    /// Every peer of the configuration, all down; `config.ensemble.server.tick_time_ms`
    /// follows the ensemble's tickTime (sessions negotiate their timeout against it).
    pub fn new(mut sim_config: EnsembleSimConfig) -> EnsembleSim {
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
        EnsembleSim {
            now_ms: 0,
            config,
            sim_config,
            peers,
            serving,
            clients: Vec::new(),
            schedule: Default::default(),
            order_rng: Rng::derive(seed, "ensemble-order"),
            client_rng: Rng::derive(seed, "ensemble-clients"),
            requests: 0,
            next_conn: 0,
            next_session: BTreeMap::new(),
            properties: crate::sim::Properties::default(),
            events: 0,
            reported: Vec::new(),
            state_changes: Vec::new(),
            log: crate::sim::Log::new(if observe { LOG_MAX } else { 0 }),
            monitor: crate::recipes::Monitor::default(),
            recipe_reports: Vec::new(),
            recipe_last_status: BTreeMap::new(),
            touched: timers::Touched::default(),
            paused_inbox: BTreeMap::new(),
            moments: crate::sim::Moments::default(),
            handled: None,
            direct: direct::Direct::default(),
            check_cadence: Default::default(),
        }
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    pub fn seed(&self) -> u64 {
        self.sim_config.seed
    }

    /// The event log's lines kept so far.
    pub fn log(&self) -> &crate::sim::Log {
        &self.log
    }

    pub fn config(&self) -> &EnsembleConfig {
        &self.config
    }

    pub fn peers(&self) -> &[Peer] {
        &self.peers
    }

    pub fn peer(&self, id: PeerId) -> Option<&Peer> {
        self.index(id).map(|i| &self.peers[i])
    }

    pub(crate) fn index(&self, id: PeerId) -> Option<usize> {
        self.peers.iter().position(|p| p.id() == id)
    }

    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    /// The client with this script name (the latest one, if reopened).
    pub fn client_index(&self, name: &str) -> Option<usize> {
        self.clients.iter().rposition(|c| c.name == name)
    }

    pub fn client(&self, name: &str) -> Option<&Client> {
        self.client_index(name).map(|i| &self.clients[i])
    }

    pub fn client_mut(&mut self, name: &str) -> Option<&mut Client> {
        let i = self.client_index(name)?;
        self.client_at_mut(i)
    }

    /// Client `c`, to change: its timer is looked at again before the next event.
    pub(crate) fn client_at_mut(&mut self, c: usize) -> Option<&mut Client> {
        if c < self.clients.len() {
            self.touched.touch(c);
        }
        self.clients.get_mut(c)
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

    /// Safety violations seen so far (empty in a correct run).
    pub fn violations(&self) -> &[String] {
        self.properties.violations()
    }

    /// The established leader of the highest epoch, if any peer leads one now.
    pub fn leader(&self) -> Option<PeerId> {
        self.leader_index().map(|i| self.peers[i].id())
    }

    fn leader_index(&self) -> Option<usize> {
        self.peers
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

    /// Events handled so far.
    pub fn events(&self) -> u64 {
        self.events
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
    pub fn next_event_ms(&mut self) -> Option<u64> {
        self.touched.update(&self.clients, &mut self.schedule);
        let links = self.schedule.links.next_arrival_ms();
        let peers = self.peers.iter().filter_map(Peer::deadline_ms);
        let timers = self.schedule.timer_ms();
        links
            .into_iter()
            .chain(peers)
            .chain(timers)
            .map(|t| t.max(self.now_ms))
            .min()
    }

    /// Handles one event, chosen by the seed among those due first. False when nothing is
    /// scheduled.
    pub fn step(&mut self) -> bool {
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
        let mut due: Vec<Due> = Vec::new();
        for (i, p) in self.peers.iter().enumerate() {
            if p.deadline_ms().is_some_and(|d| d <= at) {
                due.push(Due::Peer(i));
            }
        }
        let (clients, roles) = self.schedule.due_timers(at);
        let clients: Vec<usize> = clients.into_iter().map(|c| c.0 as usize).collect();
        #[cfg(debug_assertions)]
        if check_indexes {
            debug_assert_eq!(self.schedule.check_invariants(), Ok(()));
            let scanned: Vec<usize> = (0..self.clients.len())
                .filter(|&i| timers::wake_ms(&self.clients[i]).is_some_and(|d| d <= at))
                .collect();
            debug_assert_eq!(clients, scanned, "the client timers' index is stale");
        }
        for i in clients {
            if self.clients[i].next_wakeup_ms().is_some_and(|d| d <= at) {
                due.push(Due::Client(i));
            } else {
                due.push(Due::Resume(i));
            }
        }
        due.extend(roles.into_iter().map(Due::Role));
        let count = links + due.len();
        if count == 0 {
            return false;
        }
        let pick = (self.order_rng.next_u64() % count as u64) as usize;
        let picked = match pick.checked_sub(links) {
            Some(rest) => due[rest],
            None => match self.schedule.links.due_nth(pick) {
                Some(key) => Due::Link(key),
                None => return false,
            },
        };
        self.handled = None;
        // Counted first: what this event logs carries its number as the toolbar shows it
        // once the event is handled (event 1 is the first).
        self.events = self.events.saturating_add(1);
        self.properties.at_step(self.events);
        match picked {
            Due::Link(link) => self.deliver(link),
            Due::Peer(i) => {
                self.handled = self.peers[i].timer().map(|t| EnsembleQuiet::Timer {
                    server: self.peers[i].id(),
                    kind: t.kind,
                });
                let out = self.peers[i].on_timer(at);
                self.after_peer(i, out);
            }
            Due::Client(i) => {
                self.handled = Some(EnsembleQuiet::ClientTimer { client: i });
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
        self.handled.as_ref()
    }

    /// Runs every event due up to `until_ms`, then sets the clock there.
    pub fn run_until(&mut self, until_ms: u64) {
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
    pub fn run_while(&mut self, deadline_ms: u64, done: impl Fn(&EnsembleSim) -> bool) -> bool {
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
        if self.peers[i].is_up() {
            return false;
        }
        let first = crate::server::first_session_id(id as i64, self.now_ms);
        let next = self.next_session.entry(id).or_insert(first);
        *next = (*next).max(first);
        self.note(EnsembleLine::Started { server: id }.into());
        let out = self.peers[i].start(self.now_ms);
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
        if !self.peers[i].is_up() {
            return false;
        }
        self.peers[i].crash();
        self.note(EnsembleLine::Crashed { server: id }.into());
        self.schedule.links.drop_peer(id);
        self.direct.crashed(id);
        self.close_client_connections(i);
        for j in 0..self.peers.len() {
            let other = self.peers[j].id();
            if other == id || self.schedule.links.is_cut(id, other) {
                continue;
            }
            let out = self.peers[j].on_connection_reset(self.now_ms, id);
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
        let mut hosts = self.config.peers();
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

impl EnsembleSim {
    /// Notes each peer's state when it changed: LOOKING, or LEADING, FOLLOWING, OBSERVING
    /// once it serves (the steps between are not states a user sees), with its epoch.
    pub(crate) fn note_states(&mut self) {
        self.reported.resize(self.peers.len(), None);
        for (i, p) in self.peers.iter().enumerate() {
            let now = if !p.is_up() {
                None
            } else if p.state() == ServerState::Looking {
                Some((ServerState::Looking, p.current_epoch()))
            } else if p.is_serving() {
                Some((p.state(), p.current_epoch()))
            } else {
                continue;
            };
            if now != self.reported[i] {
                self.reported[i] = now;
                if let Some((state, epoch)) = now {
                    let server = p.id();
                    self.log.push(
                        self.events,
                        self.now_ms,
                        EnsembleLine::State {
                            server,
                            state,
                            epoch,
                        }
                        .into(),
                    );
                    if self.state_changes.len() < STATE_CHANGES_MAX {
                        self.state_changes.push((p.id(), state, epoch));
                    }
                }
            }
        }
    }

    /// Takes the state changes noted since the last call, in order.
    pub fn take_state_changes(&mut self) -> Vec<(PeerId, ServerState, i64)> {
        std::mem::take(&mut self.state_changes)
    }

    /// The leader expires client `c`'s session now (a script's `expire`): it proposes the
    /// closeSession its session tracker would. False without a session or a leader.
    pub fn expire_client_session(&mut self, c: usize) -> bool {
        let Some(session) = self.clients.get(c).and_then(|ec| ec.session) else {
            return false;
        };
        let Some(i) = self.leader_index() else {
            return false;
        };
        self.requests = self.requests.saturating_add(1);
        let write = crate::ensemble::ClientWrite::CloseSession { session };
        match self.peers[i].submit(self.now_ms, self.requests, write) {
            Ok(out) => {
                self.after_peer(i, out);
                true
            }
            Err(_) => false,
        }
    }
}
