//! The discrete-event simulator's loop: one clock, one ordered event queue, one seeded RNG per
//! subsystem, the server and every client. `apply` takes an input (logged with the step it was
//! applied at, so any earlier step can be rebuilt by replay) and `step()` handles exactly one
//! event; what each does is in the hosts: `network`, `server_host`, `client_host`,
//! `recipe_host`.

use crate::sorted::SortedMap as BTreeMap;

use crate::error::ZkError;
use crate::recipes::{Monitor, Status};
use crate::request::Response;
use crate::server::{Server, ServerConfig};
use crate::sim::client::{Client, ClientEvent};
use crate::sim::client_host;
use crate::sim::clients::{ClientId, Clients};
use crate::sim::hash::stable_hash;
use crate::sim::input::{Input, SimError};
use crate::sim::log::{Log, LogLine};
use crate::sim::message::{Message, Payload};
use crate::sim::moments::{Moment, Moments, SessionMoment};
use crate::sim::recipe_host::{RecipeReport, RoleKey};
use crate::sim::rng::Rng;
use crate::sim::schedule::{First, Popped, Schedule};
use crate::sim::server_host::StandaloneServer;
use crate::sim::servers::{sa, sa_ref, Servers};
use crate::stat::SessionId;

/// Simulation settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SimConfig {
    pub seed: u64,
    /// One-way latency of every message is drawn from this range.
    pub latency_ms_min: u64,
    pub latency_ms_max: u64,
    /// The longest a disconnected client waits before its next connection attempt.
    pub reconnect_delay_ms_max: u64,
    pub server: ServerConfig,
    /// The most entries the event log keeps (older ones are dropped first).
    pub log_entries_max: usize,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 0,
            latency_ms_min: 1,
            latency_ms_max: 5,
            reconnect_delay_ms_max: 1000,
            server: ServerConfig::default(),
            log_entries_max: 10_000,
        }
    }
}

/// Something scheduled to happen at a simulated time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    Deliver(Message),
    ClientTimer(ClientId),
    /// The server's tick: session expiry in tickTime buckets, container and TTL sweeps.
    ServerTick,
    /// A paused client wakes up.
    Resume(ClientId),
    /// A client's recipe role asked to be woken (hold time over, next item due).
    RecipeTimer(RoleKey),
    /// An ensemble's peer `i` has a timer due (its election poll or finalize wait, initLimit,
    /// syncLimit, the leader's half tick: `Peer::deadline_ms`).
    PeerTimer(u32),
}

/// A message on its way, as views and checks read it.
#[derive(Clone, Copy, Debug)]
pub struct InFlight<'a> {
    pub id: u64,
    pub client: ClientId,
    pub to_server: bool,
    pub sent_ms: u64,
    pub arrive_ms: u64,
    pub payload: &'a crate::sim::Payload,
}

impl<'a> InFlight<'a> {
    pub fn of(m: &'a Message) -> InFlight<'a> {
        InFlight {
            id: m.id,
            client: m.client,
            to_server: m.to_server,
            sent_ms: m.sent_ms,
            arrive_ms: m.arrive_ms,
            payload: &m.payload,
        }
    }

    /// A message on a client's link (`None` for a peer's, which a standalone world never
    /// sends).
    fn on_link(key: crate::sim::links::LinkKey, q: &'a crate::sim::links::Queued) -> Option<Self> {
        let crate::sim::links::Carried::Client(packet) = &q.what else {
            return None;
        };
        let (client, to_server) = crate::sim::network::ends(key);
        Some(InFlight {
            id: q.id,
            client,
            to_server,
            sent_ms: q.sent_ms,
            arrive_ms: q.at,
            payload: &packet.payload,
        })
    }

    pub fn summary(&self) -> crate::sim::Summary {
        self.payload.summary()
    }
}

/// What the next step handles (see `Sim::next_pending`).
#[derive(Clone, Copy, Debug)]
pub enum Pending<'a> {
    /// The first message on a client's link (`to_server`: the client's way).
    Deliver {
        client: ClientId,
        to_server: bool,
        payload: &'a crate::sim::Payload,
    },
    /// A timer, or a message a paused client's socket kept.
    Event(&'a Event),
}

/// The whole simulated world: one clock, one schedule, the clients and their hosts, the log,
/// the checks, and its servers — one standalone ZooKeeperServer, or an ensemble of quorum
/// peers (`Servers`).
#[derive(Clone, Debug)]
pub struct Sim {
    pub(crate) config: SimConfig,
    pub(crate) now_ms: u64,
    /// Events handled so far (event 1 is the first).
    pub(crate) steps: u64,
    /// The links and the timers (see `schedule.rs`).
    pub(crate) schedule: Schedule,
    /// The world's servers: what differs between a standalone world and an ensemble.
    pub(crate) servers: Servers,
    pub(crate) clients: Clients,
    /// The standalone world's latencies.
    pub(crate) net_rng: Rng,
    /// Clients' reconnect delays (and, on an ensemble, connect-string shuffles).
    pub(crate) client_rng: Rng,
    pub(crate) next_message_id: u64,
    pub(crate) next_conn: u64,
    pub(crate) log: Log,
    pub(crate) inputs: Vec<(u64, Input)>,
    pub monitor: Monitor,
    /// Messages on partitioned links, per client, in order (the standalone world's: an
    /// ensemble's links hold their own).
    pub(crate) held: BTreeMap<ClientId, Vec<Message>>,
    pub(crate) recipe_reports: Vec<RecipeReport>,
    pub(crate) recipe_last_status: BTreeMap<RoleKey, Status>,
    pub messages_sent: u64,
    pub messages_dropped: u64,
    /// The session starts' moments ① to ⑤ as they happened: observations for the views, not
    /// hashed (see `moments.rs`).
    pub(crate) moments: Moments,
    /// When debug builds check the invariants next (not state: see `checks.rs`).
    pub(crate) check_cadence: crate::check_cadence::CheckCadence,
    /// The servers' live properties, checked after every input and step (not state: see
    /// `properties.rs`).
    pub(crate) properties: crate::sim::Properties,
    /// What reached the clients outside the world (`remote.rs`) since it was last taken: not
    /// state, a mailbox the world's host empties after every run.
    pub(crate) remote_out: Vec<(ClientId, Payload)>,
}

/// A standalone world's state hashes as the world did before it could hold an ensemble, field
/// by field (an ensemble's has its own, `Sim::state_hash`).
impl std::hash::Hash for Sim {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.config.hash(h);
        self.now_ms.hash(h);
        self.steps.hash(h);
        self.schedule.hash(h);
        if let Servers::Standalone(s) = &self.servers {
            s.hash(h);
        }
        self.clients.hash(h);
        self.net_rng.hash(h);
        self.client_rng.hash(h);
        self.next_message_id.hash(h);
        self.next_conn.hash(h);
        self.log.hash(h);
        self.inputs.hash(h);
        self.monitor.hash(h);
        self.held.hash(h);
        self.recipe_reports.hash(h);
        self.recipe_last_status.hash(h);
        self.messages_sent.hash(h);
        self.messages_dropped.hash(h);
        self.moments.hash(h);
        self.check_cadence.hash(h);
        self.properties.hash(h);
    }
}

impl Sim {
    /// A world of one standalone server, running.
    pub fn new(config: SimConfig) -> Sim {
        let servers = Servers::Standalone(Box::new(StandaloneServer::new(&config.server)));
        let client_rng = Rng::derive(config.seed, "clients");
        let mut s = Sim::with_servers(config, servers, client_rng);
        let tick = u64::from(s.config.server.tick_time_ms.max(1));
        s.schedule.at(tick, Event::ServerTick);
        s
    }

    pub(crate) fn with_servers(config: SimConfig, servers: Servers, client_rng: Rng) -> Sim {
        Sim {
            net_rng: Rng::derive(config.seed, "network"),
            client_rng,
            servers,
            log: Log::new(config.log_entries_max),
            config,
            now_ms: 0,
            steps: 0,
            schedule: Schedule::default(),
            clients: Clients::default(),
            next_message_id: 0,
            next_conn: 0,
            inputs: Vec::new(),
            monitor: Monitor::default(),
            held: BTreeMap::new(),
            recipe_reports: Vec::new(),
            recipe_last_status: BTreeMap::new(),
            messages_sent: 0,
            messages_dropped: 0,
            moments: Moments::default(),
            check_cadence: Default::default(),
            properties: Default::default(),
            remote_out: Vec::new(),
        }
    }

    /// The seed every generator of the world derives from.
    pub fn seed(&self) -> u64 {
        self.config.seed
    }

    /// Rebuilds the simulation as it was after `steps` steps, by replaying its inputs.
    pub fn rewind(&self, steps: u64) -> Sim {
        let mut s = Sim::new(self.config.clone());
        s.replay(&self.inputs, steps);
        s
    }

    /// Continues a simulation rebuilt from a prefix of `log` (an input log of a simulation with
    /// the same config): applies the rest of the inputs at the steps they were recorded at,
    /// stepping until `steps`.
    pub fn replay(&mut self, log: &[(u64, Input)], steps: u64) {
        let mut next = self.inputs.len();
        loop {
            while let Some((at, input)) = log.get(next) {
                if *at != self.steps {
                    break;
                }
                let _ = self.apply(input.clone());
                next += 1;
            }
            if self.steps >= steps || !self.step() {
                break;
            }
        }
    }

    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The standalone server (`None` on an ensemble: see `peers`).
    pub fn server(&self) -> Option<&Server> {
        match &self.servers {
            Servers::Standalone(s) => Some(&s.server),
            Servers::Ensemble(_) => None,
        }
    }

    /// Whether the standalone server runs (false on an ensemble).
    pub fn server_up(&self) -> bool {
        sa_ref!(self).up
    }

    /// Whether this world is an ensemble of quorum peers.
    pub fn is_ensemble(&self) -> bool {
        matches!(self.servers, Servers::Ensemble(_))
    }

    pub fn client(&self, name: &str) -> Option<&Client> {
        self.clients.get(self.clients.id(name)?)
    }

    /// Every client, in name order.
    pub fn clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.by_name()
    }

    /// The id of the client of that name.
    pub fn client_id(&self, name: &str) -> Option<ClientId> {
        self.clients.id(name)
    }

    /// The name of a client ("" for an id the simulation never gave).
    pub fn client_name(&self, id: ClientId) -> &str {
        self.clients.name(id)
    }

    pub fn log(&self) -> &Log {
        &self.log
    }

    /// When the server would expire session `s` if it heard nothing more from it (its
    /// tickTime bucket), or `None` when the server has no such session.
    pub fn session_expiry_ms(&self, s: SessionId) -> Option<u64> {
        sa_ref!(self).session_expiry_ms.get(&s).copied()
    }

    /// The moments ① to ⑤ of every session start and reconnect, as they happened.
    pub fn moments(&self) -> &Moments {
        &self.moments
    }

    pub fn inputs(&self) -> &[(u64, Input)] {
        &self.inputs
    }

    /// Every timer scheduled, and every message a paused client's socket keeps for it, in the
    /// order they will happen (the messages on the links are `in_flight`).
    pub fn pending(&self) -> impl Iterator<Item = (u64, &Event)> {
        self.schedule.queue().iter().map(|((t, _), e)| (*t, e))
    }

    /// When the next event is due, if any (an ensemble's clients' timers are brought up to
    /// date first).
    pub fn next_event_ms(&mut self) -> Option<u64> {
        match self.servers {
            Servers::Standalone(_) => self.schedule.first_ms(),
            Servers::Ensemble(_) => self.next_seeded_ms(),
        }
    }

    /// What the next step handles: the earliest of the links' first messages and the
    /// timers, by `(time, seq)`.
    pub fn next_pending(&self) -> Option<Pending<'_>> {
        match self.schedule.first()? {
            First::Link(key, q) => {
                let m = InFlight::on_link(key, q)?;
                Some(Pending::Deliver {
                    client: m.client,
                    to_server: m.to_server,
                    payload: m.payload,
                })
            }
            First::Timer(e) => Some(Pending::Event(e)),
        }
    }

    /// Messages in flight (on the links, and kept by a paused client's socket), in arrival
    /// order. A partitioned client's held messages are not in flight (see `held`).
    pub fn in_flight(&self) -> Vec<InFlight<'_>> {
        self.in_flight_after(0)
    }

    /// The messages sent after message `id` that are still on their way, in arrival order.
    pub fn in_flight_after(&self, id: u64) -> Vec<InFlight<'_>> {
        let on_links = self.schedule.links.iter().filter(|(_, q)| q.id > id);
        let mut out: Vec<((u64, u64), InFlight<'_>)> = on_links
            .filter_map(|(key, q)| Some(((q.at, q.seq), InFlight::on_link(key, q)?)))
            .collect();
        out.extend(self.schedule.queue().iter().filter_map(|(k, e)| match e {
            Event::Deliver(m) if m.id > id => Some((*k, InFlight::of(m))),
            _ => None,
        }));
        crate::sorted::sort_by_key(&mut out, |(k, _)| *k);
        out.into_iter().map(|(_, m)| m).collect()
    }

    /// How many messages went between clients and servers.
    pub fn client_messages_sent(&self) -> u64 {
        match self.servers {
            Servers::Standalone(_) => self.messages_sent,
            Servers::Ensemble(_) => self.schedule.links.client_messages_sent(),
        }
    }

    /// The number of the latest message sent.
    pub fn latest_message_id(&self) -> u64 {
        self.next_message_id
    }

    /// The messages a partition holds on a client's links, in the order they were held.
    pub fn held(&self) -> impl Iterator<Item = &Message> {
        self.held.values().flatten()
    }

    /// A hash of the whole state, stable across runs and platforms.
    pub fn state_hash(&self) -> u64 {
        match self.servers {
            Servers::Standalone(_) => stable_hash(self),
            Servers::Ensemble(_) => self.ensemble_state_hash(),
        }
    }

    /// Hashes of the state's parts, to find where two runs diverge.
    pub fn part_hashes(&self) -> Vec<(&'static str, u64)> {
        vec![
            ("clock", stable_hash(&(self.now_ms, self.steps))),
            ("schedule", stable_hash(&self.schedule)),
            ("server", stable_hash(&sa_ref!(self).server)),
            ("server_conns", stable_hash(&sa_ref!(self).conns)),
            (
                "session_expiry",
                stable_hash(&sa_ref!(self).session_expiry_ms),
            ),
            ("clients", stable_hash(&self.clients)),
            ("rng", stable_hash(&(&self.net_rng, &self.client_rng))),
            ("log", stable_hash(&self.log)),
            ("inputs", stable_hash(&self.inputs)),
            ("monitor", stable_hash(&self.monitor)),
            ("held", stable_hash(&self.held)),
            (
                "recipes",
                stable_hash(&(&self.recipe_reports, &self.recipe_last_status)),
            ),
            ("config", stable_hash(&self.config)),
            ("server_config", stable_hash(&self.config.server)),
            (
                "ids",
                stable_hash(&(
                    self.next_message_id,
                    self.next_conn,
                    self.messages_sent,
                    self.messages_dropped,
                )),
            ),
            ("up", stable_hash(&sa_ref!(self).up)),
        ]
    }

    /// Takes the watcher events delivered to a client since the last call.
    pub fn take_client_events(&mut self, name: &str) -> Vec<ClientEvent> {
        self.clients
            .id(name)
            .and_then(|id| self.clients.get_mut(id))
            .map(|c| std::mem::take(&mut c.events))
            .unwrap_or_default()
    }

    /// Takes a finished request's result.
    pub fn take_completion(&mut self, name: &str, xid: u64) -> Option<Result<Response, ZkError>> {
        let id = self.clients.id(name)?;
        self.clients.get_mut(id)?.completed.remove(&xid)
    }

    /// Stops waiting for a request: a late reply will be ignored.
    pub fn abandon(&mut self, name: &str, xid: u64) {
        let id = self.clients.id(name);
        if let Some(c) = id.and_then(|id| self.clients.get_mut(id)) {
            c.outstanding.remove(&xid);
            c.queued.retain(|(x, _)| *x != xid);
            c.completed.remove(&xid);
        }
    }

    pub(super) fn note(&mut self, text: LogLine) {
        self.log.push(self.steps, self.now_ms, text);
    }

    /// Records a moment of a client's session start: one that labels the log line just
    /// written (`labels_line`), or one with no line of its own, standing after it.
    pub(super) fn observe(&mut self, client: ClientId, moment: Moment, labels_line: bool) {
        let Some(c) = self.clients.get(client) else {
            return;
        };
        let log_line = self.log.total().checked_sub(1);
        let at = (self.steps, self.now_ms);
        let m = SessionMoment::new(client, c, moment, at, log_line, labels_line);
        self.moments.record(m, self.config.log_entries_max);
    }

    pub(super) fn schedule_at(&mut self, at_ms: u64, e: Event) -> (u64, u64) {
        self.schedule.at(at_ms, e)
    }

    /// Applies an input (logged for replay).
    pub fn apply(&mut self, input: Input) -> Result<Option<u64>, SimError> {
        let r = self.apply_inner(&input);
        if r.is_ok() {
            self.inputs.push((self.steps, input));
        }
        self.check_properties();
        self.debug_check();
        r
    }

    /// The id of a client named by an input.
    pub(super) fn known(&self, name: &str) -> Result<ClientId, SimError> {
        self.clients.id(name).ok_or_else(|| SimError::NoClient {
            name: name.to_string(),
        })
    }

    pub(super) fn apply_inner(&mut self, input: &Input) -> Result<Option<u64>, SimError> {
        match input {
            Input::Open { name, timeout_ms } => self.open_client(name, *timeout_ms),
            Input::Send { name, request } => {
                let id = self.known(name)?;
                Ok(client_host::request(self, id, request.clone()))
            }
            Input::Close { name } => {
                let id = self.known(name)?;
                Ok(client_host::close(self, id))
            }
            Input::Expire { name } => {
                let id = self.known(name)?;
                self.expire_client_session(id)
            }
            Input::Crash { name } => {
                let id = self.known(name)?;
                client_host::crash(self, id);
                Ok(None)
            }
            Input::Partition { name } | Input::Heal { name } => {
                let id = self.known(name)?;
                self.set_partitioned(id, matches!(input, Input::Partition { .. }));
                Ok(None)
            }
            Input::Pause { name, ms } => {
                let id = self.known(name)?;
                self.pause_client(id, *ms)
            }
            Input::Delay { name, ms } => {
                let id = self.known(name)?;
                self.set_delay(id, *ms);
                Ok(None)
            }
            Input::ServerStop => self.server_stop(),
            Input::ServerStart => self.server_start(),
            Input::StartRecipe {
                name,
                kind,
                path,
                options,
                group,
            } => {
                let id = self.known(name)?;
                crate::sim::recipe_host::start_recipe(self, id, *kind, path, options, *group)
            }
            Input::SetClock { now_ms } => {
                if *now_ms < self.now_ms {
                    return Err(SimError::TimeBackwards);
                }
                self.now_ms = *now_ms;
                Ok(None)
            }
        }
    }

    /// Handles the next event; false when nothing is scheduled. A standalone world takes
    /// the earliest by `(time, seq)`; an ensemble's seed picks among those due first.
    pub fn step(&mut self) -> bool {
        match self.servers {
            Servers::Standalone(_) => self.step_fifo(),
            Servers::Ensemble(_) => self.step_seeded(),
        }
    }

    fn step_fifo(&mut self) -> bool {
        let (at, event) = match self.schedule.pop_first() {
            Some(Popped::Link(key, q)) => {
                let at = q.at;
                match crate::sim::network::message(key, q) {
                    Some(m) => (at, Event::Deliver(m)),
                    None => return false,
                }
            }
            Some(Popped::Timer(at, event)) => (at, event),
            None => return false,
        };
        self.steps += 1;
        self.properties.at_step(self.steps);
        self.now_ms = self.now_ms.max(at);
        if sa!(self).up {
            let behind = self.now_ms.saturating_sub(sa!(self).server.now_ms());
            sa!(self).server.advance(behind);
            self.flush_notifications();
        }
        match event {
            Event::Deliver(m) => self.deliver(m),
            Event::ClientTimer(id) => client_host::timer(self, id),
            Event::ServerTick => {
                self.server_tick();
                let tick = u64::from(self.config.server.tick_time_ms.max(1));
                self.schedule_at(self.now_ms.saturating_add(tick), Event::ServerTick);
            }
            Event::Resume(id) => client_host::resume(self, id),
            Event::RecipeTimer(key) => self.recipe_timer(&key),
            // Only an ensemble's peers have these, and its seed picks them (`step_seeded`).
            Event::PeerTimer(_) => {}
        }
        self.check_properties();
        self.debug_check();
        true
    }

    /// Steps until simulated time `t` (every event due by then), then sets the clock to `t`.
    pub fn run_until(&mut self, t: u64) {
        if self.is_ensemble() {
            return self.run_until_seeded(t);
        }
        while self.next_event_ms().is_some_and(|at| at <= t) {
            self.step();
        }
        if t > self.now_ms {
            let _ = self.apply(Input::SetClock { now_ms: t });
        }
    }

    /// Steps until no message is in flight, at most `steps_max` steps; true if quiet.
    pub fn run_until_quiet(&mut self, steps_max: u64) -> bool {
        for _ in 0..steps_max {
            if !self.has_in_flight() {
                return true;
            }
            self.step();
        }
        !self.has_in_flight()
    }

    /// Steps as [`Sim::run_until_quiet`] does, but also stops once everything still on its way
    /// is a ping or its answer and the clock has passed `since_ms` by a round trip of the
    /// slowest link: a client's pings over a link slower than its ping interval are always in
    /// flight, and waiting for quiet would run its line's whole bound of events (hours of
    /// simulated time). True when it stopped for either reason.
    pub fn run_until_settled(&mut self, steps_max: u64, since_ms: u64) -> bool {
        let slowest = self
            .clients
            .all()
            .iter()
            .map(|c| c.extra_delay_ms)
            .max()
            .unwrap_or(0);
        let round_trip = self
            .config
            .latency_ms_max
            .saturating_add(slowest)
            .saturating_mul(2);
        let grace_until = since_ms.saturating_add(round_trip).saturating_add(1);
        for _ in 0..steps_max {
            if !self.has_in_flight() {
                return true;
            }
            if self.now_ms > grace_until && self.only_pings_in_flight() {
                return true;
            }
            self.step();
        }
        !self.has_in_flight()
    }

    /// Whether every message on its way is a ping or a ping's answer.
    fn only_pings_in_flight(&self) -> bool {
        self.in_flight().iter().all(|m| {
            matches!(
                m.summary(),
                crate::sim::Summary::Ping | crate::sim::Summary::Pong
            )
        })
    }

    /// Whether any message is on its way (on a link, or kept by a paused client's socket).
    pub fn has_in_flight(&self) -> bool {
        self.schedule.links.queued() > 0 || self.schedule.queue().has_in_flight()
    }
}
