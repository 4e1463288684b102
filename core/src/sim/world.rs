//! The discrete-event simulator: one clock, one ordered event queue, one seeded RNG per
//! subsystem, the server and every client. `step()` handles exactly one event. Every input is
//! logged with the step it was applied at, so any earlier step can be rebuilt by replay.

use std::collections::{BTreeMap, VecDeque};

use crate::error::ZkError;
use crate::recipes::{Effects, Monitor, Note, Recipe, RecipeKind, RecipeOptions, Violation};
use crate::request::{Request, Response};
use crate::server::{Server, ServerConfig};
use crate::sim::client::{Client, ClientEvent, ConnState};
use crate::sim::conns::ServerConns;
use crate::sim::hash::stable_hash;
use crate::sim::message::{Message, Payload};
use crate::sim::queue::EventQueue;
use crate::sim::rng::Rng;
use crate::stat::SessionId;
use crate::watch::KeeperState;

/// The shortest a client waits for a connection attempt to be answered.
const CONNECT_WAIT_MS_MIN: u32 = 1000;

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
    ClientTimer(String),
    /// The server's tick: session expiry in tickTime buckets, container and TTL sweeps.
    ServerTick,
    /// A paused client wakes up.
    Resume(String),
    /// A client's recipe asked to be woken (hold time over, next item due).
    RecipeTimer(String),
}

/// What a user or script does to the simulation; logged for replay.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    Open {
        name: String,
        timeout_ms: u32,
    },
    Send {
        name: String,
        request: Request,
    },
    Close {
        name: String,
    },
    Expire {
        name: String,
    },
    Crash {
        name: String,
    },
    Partition {
        name: String,
    },
    Heal {
        name: String,
    },
    Pause {
        name: String,
        ms: u64,
    },
    Delay {
        name: String,
        ms: u64,
    },
    ServerStop,
    ServerStart,
    /// Time passes with nothing due.
    SetClock {
        now_ms: u64,
    },
    /// A client starts a recipe role.
    StartRecipe {
        name: String,
        kind: RecipeKind,
        path: String,
        options: RecipeOptions,
        /// How many clients the recipe line started together.
        group: u32,
    },
}

/// What recipes report for the transcript and the UI.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RecipeReport {
    Status {
        client: String,
        kind: RecipeKind,
        status: String,
    },
    Violation(Violation),
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogEntry {
    pub step: u64,
    pub time_ms: u64,
    pub text: String,
}

/// Why an input was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimError(pub String);

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The whole simulated world.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sim {
    config: SimConfig,
    now_ms: u64,
    steps: u64,
    seq: u64,
    queue: EventQueue,
    server: Server,
    server_up: bool,
    /// The server's side of each connection: client name → (connection, session).
    server_conns: ServerConns,
    /// When each session expires unless its client is heard from (ZooKeeper's ExpiryQueue).
    session_expiry_ms: BTreeMap<SessionId, u64>,
    clients: BTreeMap<String, Client>,
    client_timers: BTreeMap<String, (u64, u64)>,
    net_rng: Rng,
    client_rng: Rng,
    next_message_id: u64,
    next_conn: u64,
    link_last_arrival_ms: BTreeMap<(String, bool), u64>,
    log: VecDeque<LogEntry>,
    inputs: Vec<(u64, Input)>,
    pub monitor: Monitor,
    /// Messages on partitioned links, per client, in order.
    held: BTreeMap<String, Vec<Message>>,
    recipe_reports: Vec<RecipeReport>,
    recipe_last_status: BTreeMap<String, String>,
    recipe_timers: BTreeMap<String, (u64, u64)>,
    pub messages_sent: u64,
    pub messages_dropped: u64,
}

impl Sim {
    pub fn new(config: SimConfig) -> Sim {
        let mut s = Sim {
            net_rng: Rng::derive(config.seed, "network"),
            client_rng: Rng::derive(config.seed, "clients"),
            server: Server::new(config.server.clone()),
            config,
            now_ms: 0,
            steps: 0,
            seq: 0,
            queue: EventQueue::default(),
            server_up: true,
            server_conns: ServerConns::default(),
            session_expiry_ms: BTreeMap::new(),
            clients: BTreeMap::new(),
            client_timers: BTreeMap::new(),
            next_message_id: 0,
            next_conn: 0,
            link_last_arrival_ms: BTreeMap::new(),
            log: VecDeque::new(),
            inputs: Vec::new(),
            monitor: Monitor::default(),
            held: BTreeMap::new(),
            recipe_reports: Vec::new(),
            recipe_last_status: BTreeMap::new(),
            recipe_timers: BTreeMap::new(),
            messages_sent: 0,
            messages_dropped: 0,
        };
        let tick = u64::from(s.config.server.tick_time_ms.max(1));
        s.schedule(tick, Event::ServerTick);
        s
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

    pub fn server(&self) -> &Server {
        &self.server
    }

    pub fn server_up(&self) -> bool {
        self.server_up
    }

    pub fn client(&self, name: &str) -> Option<&Client> {
        self.clients.get(name)
    }

    pub fn clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.values()
    }

    pub fn log(&self) -> &VecDeque<LogEntry> {
        &self.log
    }

    pub fn inputs(&self) -> &[(u64, Input)] {
        &self.inputs
    }

    /// Everything scheduled, in the order it will happen.
    pub fn pending(&self) -> impl Iterator<Item = (u64, &Event)> {
        self.queue.iter().map(|((t, _), e)| (*t, e))
    }

    /// When the next event is due, if any.
    pub fn next_event_ms(&self) -> Option<u64> {
        self.queue.next_time()
    }

    /// Messages in flight, in arrival order.
    pub fn in_flight(&self) -> impl Iterator<Item = &Message> {
        self.queue.in_flight()
    }

    /// A hash of the whole state, stable across runs and platforms.
    pub fn state_hash(&self) -> u64 {
        stable_hash(self)
    }

    /// Hashes of the state's parts, to find where two runs diverge.
    pub fn part_hashes(&self) -> Vec<(&'static str, u64)> {
        vec![
            ("clock", stable_hash(&(self.now_ms, self.steps, self.seq))),
            ("queue", stable_hash(&self.queue)),
            ("server", stable_hash(&self.server)),
            ("server_conns", stable_hash(&self.server_conns)),
            ("session_expiry", stable_hash(&self.session_expiry_ms)),
            ("clients", stable_hash(&self.clients)),
            ("rng", stable_hash(&(&self.net_rng, &self.client_rng))),
            ("log", stable_hash(&self.log)),
            ("inputs", stable_hash(&self.inputs)),
            ("monitor", stable_hash(&self.monitor)),
            ("held", stable_hash(&self.held)),
            (
                "recipes",
                stable_hash(&(
                    &self.recipe_reports,
                    &self.recipe_last_status,
                    &self.recipe_timers,
                )),
            ),
            ("config", stable_hash(&self.config)),
            ("server_config", stable_hash(&self.config.server)),
            ("timers", stable_hash(&self.client_timers)),
            (
                "ids",
                stable_hash(&(
                    self.next_message_id,
                    self.next_conn,
                    self.messages_sent,
                    self.messages_dropped,
                )),
            ),
            ("links", stable_hash(&self.link_last_arrival_ms)),
            ("up", stable_hash(&self.server_up)),
        ]
    }

    /// Takes the watcher events delivered to a client since the last call.
    pub fn take_client_events(&mut self, name: &str) -> Vec<ClientEvent> {
        self.clients
            .get_mut(name)
            .map(|c| std::mem::take(&mut c.events))
            .unwrap_or_default()
    }

    /// Takes a finished request's result.
    pub fn take_completion(&mut self, name: &str, xid: u64) -> Option<Result<Response, ZkError>> {
        self.clients.get_mut(name)?.completed.remove(&xid)
    }

    /// Stops waiting for a request: a late reply will be ignored.
    pub fn abandon(&mut self, name: &str, xid: u64) {
        if let Some(c) = self.clients.get_mut(name) {
            c.outstanding.remove(&xid);
            c.queued.retain(|(x, _)| *x != xid);
            c.completed.remove(&xid);
        }
    }

    fn note(&mut self, text: String) {
        self.log.push_back(LogEntry {
            step: self.steps,
            time_ms: self.now_ms,
            text,
        });
        while self.log.len() > self.config.log_entries_max {
            self.log.pop_front();
        }
    }

    fn schedule(&mut self, at_ms: u64, e: Event) -> (u64, u64) {
        self.seq += 1;
        let key = (at_ms, self.seq);
        self.queue.insert(key, e);
        key
    }

    fn reschedule_client(&mut self, name: &str) {
        if let Some(key) = self.client_timers.remove(name) {
            self.queue.remove(&key);
        }
        let Some(at) = self.clients.get(name).and_then(Client::next_wakeup_ms) else {
            return;
        };
        let key = self.schedule(at.max(self.now_ms), Event::ClientTimer(name.to_string()));
        self.client_timers.insert(name.to_string(), key);
    }

    fn send(&mut self, client: &str, to_server: bool, conn: u64, payload: Payload) {
        let partitioned = self.clients.get(client).is_some_and(|c| c.partitioned);
        self.next_message_id += 1;
        let extra = self.clients.get(client).map_or(0, |c| c.extra_delay_ms);
        let latency = self
            .net_rng
            .range_inclusive(self.config.latency_ms_min, self.config.latency_ms_max)
            .saturating_add(extra);
        let link = (client.to_string(), to_server);
        // TCP keeps a link's messages in order.
        let floor = self.link_last_arrival_ms.get(&link).copied().unwrap_or(0);
        let arrive = self.now_ms.saturating_add(latency).max(floor);
        let m = Message {
            id: self.next_message_id,
            client: client.to_string(),
            to_server,
            conn,
            sent_ms: self.now_ms,
            arrive_ms: arrive,
            payload,
        };
        // The client did send it, whether or not the network delivers it: its ping timer
        // counts from here (else a partitioned client would ping in a busy loop).
        if to_server {
            if let Some(c) = self.clients.get_mut(client) {
                c.last_sent_ms = self.now_ms;
            }
        }
        self.messages_sent += 1;
        if partitioned {
            self.hold(m);
            return;
        }
        self.link_last_arrival_ms.insert(link, arrive);
        self.schedule(arrive, Event::Deliver(m));
    }

    /// A partitioned link holds its messages, as TCP keeps retransmitting them: they arrive
    /// after the heal if their connection is still alive by then.
    fn hold(&mut self, m: Message) {
        self.note(format!("{} {} — held: partitioned", m.route(), m.summary()));
        self.held.entry(m.client.clone()).or_default().push(m);
    }

    /// The network heals: held messages go on their way, in order.
    fn release_held(&mut self, client: &str) {
        for m in self.held.remove(client).unwrap_or_default() {
            let latency = self
                .net_rng
                .range_inclusive(self.config.latency_ms_min, self.config.latency_ms_max);
            let link = (m.client.clone(), m.to_server);
            let floor = self.link_last_arrival_ms.get(&link).copied().unwrap_or(0);
            let arrive = self.now_ms.saturating_add(latency).max(floor);
            self.link_last_arrival_ms.insert(link, arrive);
            self.schedule(
                arrive,
                Event::Deliver(Message {
                    arrive_ms: arrive,
                    ..m
                }),
            );
        }
    }

    fn client_emit(&mut self, name: &str, e: ClientEvent) {
        let text = match &e {
            ClientEvent::State(s) => format!(
                "{name}: WatchedEvent state:{} type:None path:null",
                s.name()
            ),
            ClientEvent::Watch { kind, path } => {
                format!(
                    "{name}: WatchedEvent state:SyncConnected type:{} path:{path}",
                    kind.name()
                )
            }
        };
        self.note(text);
        if let Some(c) = self.clients.get_mut(name) {
            c.events.push(e.clone());
        }
        self.recipe_event(name, &e);
    }

    /// Applies an input (logged for replay).
    pub fn apply(&mut self, input: Input) -> Result<Option<u64>, SimError> {
        let r = self.apply_inner(&input);
        if r.is_ok() {
            self.inputs.push((self.steps, input));
        }
        r
    }

    fn known(&self, name: &str) -> Result<(), SimError> {
        if self.clients.contains_key(name) {
            Ok(())
        } else {
            Err(SimError(format!("no client named {name}")))
        }
    }

    fn apply_inner(&mut self, input: &Input) -> Result<Option<u64>, SimError> {
        match input {
            Input::Open { name, timeout_ms } => {
                if self.clients.get(name).is_some_and(Client::is_active) {
                    return Err(SimError(format!("client {name} is already running")));
                }
                self.note(format!(
                    "{name}: Initiating client connection, sessionTimeout={timeout_ms}"
                ));
                let mut c = Client::new(name, *timeout_ms);
                c.reconnect_at_ms = Some(self.now_ms);
                self.clients.insert(name.clone(), c);
                self.reconnect(name);
                Ok(None)
            }
            Input::Send { name, request } => {
                self.known(name)?;
                Ok(self.client_request(name, request.clone()))
            }
            Input::Close { name } => {
                self.known(name)?;
                let Some(c) = self.clients.get_mut(name) else {
                    return Ok(None);
                };
                let xid = c.next_xid();
                if c.state == ConnState::Connected && !c.crashed {
                    c.closing_xid = Some(xid);
                    let conn = c.conn;
                    self.send(name, true, conn, Payload::Close { xid });
                } else {
                    // Closing without a connection: the client gives up locally.
                    c.completed.insert(xid, Ok(Response::Empty));
                    c.state = ConnState::Closed;
                    c.fail_pending(ZkError::SessionExpired, true);
                    self.client_emit(name, ClientEvent::State(KeeperState::Closed));
                    self.reschedule_client(name);
                }
                Ok(Some(xid))
            }
            Input::Expire { name } => {
                self.known(name)?;
                let session = self.clients.get(name).and_then(|c| c.session);
                match session {
                    Some(s) if self.server_up => {
                        self.expire_session(s);
                        Ok(None)
                    }
                    _ => Err(SimError(format!(
                        "{name} has no live session on a running server"
                    ))),
                }
            }
            Input::Crash { name } => {
                self.known(name)?;
                self.recipe_call(name, |r, fx| r.on_crash(fx));
                if let Some(c) = self.clients.get_mut(name) {
                    c.crashed = true;
                    c.fail_pending(ZkError::ConnectionLoss, true);
                }
                self.note(format!("{name}: crashed"));
                self.reschedule_client(name);
                Ok(None)
            }
            Input::Partition { name } | Input::Heal { name } => {
                self.known(name)?;
                let on = matches!(input, Input::Partition { .. });
                if let Some(c) = self.clients.get_mut(name) {
                    c.partitioned = on;
                }
                if !on {
                    self.release_held(name);
                }
                self.note(format!(
                    "{name}: {}",
                    if on {
                        "partitioned from the server"
                    } else {
                        "network healed"
                    }
                ));
                Ok(None)
            }
            Input::Pause { name, ms } => {
                self.known(name)?;
                let until = self.now_ms.saturating_add(*ms);
                if let Some(c) = self.clients.get_mut(name) {
                    c.paused_until_ms = Some(until);
                }
                self.note(format!("{name}: paused for {ms} ms (e.g. a GC pause)"));
                self.reschedule_client(name);
                self.schedule(until, Event::Resume(name.clone()));
                Ok(None)
            }
            Input::Delay { name, ms } => {
                self.known(name)?;
                if let Some(c) = self.clients.get_mut(name) {
                    c.extra_delay_ms = *ms;
                }
                self.note(format!("{name}: link delay set to {ms} ms"));
                Ok(None)
            }
            Input::ServerStop => {
                if !self.server_up {
                    return Err(SimError("the server is already stopped".into()));
                }
                self.server_up = false;
                self.note("server: stopped".into());
                // Watches live in memory with the connections: a restarted server has none
                // until each client's setWatches.
                let sessions: Vec<SessionId> = self.server.sessions().map(|(s, _)| s).collect();
                for s in sessions {
                    self.server.remove_connection(s);
                }
                for (n, c) in self.server_conns.drain() {
                    self.send(&n, false, c, Payload::Hangup);
                }
                Ok(None)
            }
            Input::ServerStart => {
                if self.server_up {
                    return Err(SimError("the server is already running".into()));
                }
                self.server_up = true;
                self.server.restart_session_tracker(self.now_ms);
                // A restarted standalone server restores its sessions with fresh timeouts.
                let sessions: Vec<(SessionId, u32)> = self.server.sessions().collect();
                for (s, t) in sessions {
                    self.touch(s, t);
                }
                self.note("server: started".into());
                Ok(None)
            }
            Input::StartRecipe {
                name,
                kind,
                path,
                options,
                group,
            } => {
                self.known(name)?;
                if crate::path::validate_path(path, false).is_err() || path == "/" {
                    return Err(SimError(format!("'{path}' is not a path a recipe can use")));
                }
                if !self.clients.get(name).is_some_and(Client::is_active) {
                    return Err(SimError(format!("client {name} is not running")));
                }
                let mut recipe = Recipe::new(*kind, name, path, options, *group);
                self.monitor.set_fencing(path, options.fencing);
                let mut fx = Effects::default();
                recipe.start(&mut fx);
                if let Some(c) = self.clients.get_mut(name) {
                    c.recipe = Some(recipe);
                }
                self.note(format!("{name}: runs {} on {path}", kind.name()));
                self.recipe_effects(name, fx);
                Ok(None)
            }
            Input::SetClock { now_ms } => {
                if *now_ms < self.now_ms {
                    return Err(SimError("time cannot go backwards".into()));
                }
                self.now_ms = *now_ms;
                Ok(None)
            }
        }
    }

    /// Queues or sends a request from a client; returns its xid.
    fn client_request(&mut self, name: &str, request: Request) -> Option<u64> {
        let c = self.clients.get_mut(name)?;
        let xid = c.next_xid();
        if c.crashed {
            c.completed.insert(xid, Err(ZkError::ConnectionLoss));
        } else if matches!(c.state, ConnState::Expired | ConnState::Closed) {
            c.completed.insert(xid, Err(ZkError::SessionExpired));
        } else if c.state == ConnState::Connected && !c.is_paused() {
            c.outstanding.insert(xid, request.clone());
            let conn = c.conn;
            self.send(name, true, conn, Payload::Request { xid, request });
            self.reschedule_client(name);
        } else {
            c.queued.push((xid, request));
        }
        Some(xid)
    }

    /// Carries out what a recipe asked for: requests, a timer, notes for the monitor.
    fn recipe_effects(&mut self, name: &str, fx: Effects) {
        for (purpose, request) in fx.requests {
            if let Some(xid) = self.client_request(name, request) {
                if let Some(c) = self.clients.get_mut(name) {
                    c.recipe_pending.insert(xid, purpose);
                }
            }
        }
        if let Some(ms) = fx.timer_ms {
            if let Some(key) = self.recipe_timers.remove(name) {
                self.queue.remove(&key);
            }
            let key = self.schedule(
                self.now_ms.saturating_add(ms),
                Event::RecipeTimer(name.to_string()),
            );
            self.recipe_timers.insert(name.to_string(), key);
        }
        let Some(kind) = self
            .clients
            .get(name)
            .and_then(|c| c.recipe.as_ref())
            .map(Recipe::kind)
        else {
            return;
        };
        for note in fx.notes {
            let at = crate::recipes::monitor::At {
                seed: self.config.seed,
                step: self.steps,
                time_ms: self.now_ms,
            };
            let before = self.monitor.violations.len();
            if let Some(msg) = self.monitor.observe(kind, name, &note, &at) {
                self.note(format!("resource: {msg}"));
            }
            let new: Vec<Violation> = self.monitor.violations[before..].to_vec();
            for v in new {
                self.note(format!("VIOLATION {}: {}", v.property, v.detail));
                self.recipe_reports.push(RecipeReport::Violation(v));
            }
            if let Note::Status(status) = note {
                // A status repeated unchanged says nothing new.
                if self.recipe_last_status.get(name) == Some(&status) {
                    continue;
                }
                self.recipe_last_status
                    .insert(name.to_string(), status.clone());
                self.note(format!("{name} [{}]: {status}", kind.name()));
                self.recipe_reports.push(RecipeReport::Status {
                    client: name.to_string(),
                    kind,
                    status,
                });
            }
        }
        self.route_recipe_completions(name);
    }

    /// Hands finished recipe requests (replies, or failures on a lost connection) to the recipe.
    fn route_recipe_completions(&mut self, name: &str) {
        loop {
            let Some(c) = self.clients.get_mut(name) else {
                return;
            };
            let Some(xid) = c
                .recipe_pending
                .keys()
                .copied()
                .find(|x| c.completed.contains_key(x))
            else {
                return;
            };
            let purpose = c.recipe_pending.remove(&xid);
            let result = c.completed.remove(&xid);
            let (Some(purpose), Some(result), Some(mut recipe)) =
                (purpose, result, c.recipe.take())
            else {
                return;
            };
            let mut fx = Effects::default();
            recipe.on_reply(purpose, result, &mut fx);
            if let Some(c) = self.clients.get_mut(name) {
                c.recipe = Some(recipe);
            }
            self.recipe_effects(name, fx);
        }
    }

    fn recipe_event(&mut self, name: &str, e: &ClientEvent) {
        let Some(mut recipe) = self.clients.get_mut(name).and_then(|c| c.recipe.take()) else {
            return;
        };
        if matches!(e, ClientEvent::Watch { .. }) && recipe.kind() != RecipeKind::QueueConsumer {
            self.monitor.count_notification(recipe.path());
        }
        let mut fx = Effects::default();
        recipe.on_event(e, &mut fx);
        if let Some(c) = self.clients.get_mut(name) {
            c.recipe = Some(recipe);
        }
        self.recipe_effects(name, fx);
    }

    fn recipe_call(&mut self, name: &str, f: impl FnOnce(&mut Recipe, &mut Effects)) {
        let Some(mut recipe) = self.clients.get_mut(name).and_then(|c| c.recipe.take()) else {
            return;
        };
        let mut fx = Effects::default();
        f(&mut recipe, &mut fx);
        if let Some(c) = self.clients.get_mut(name) {
            c.recipe = Some(recipe);
        }
        self.recipe_effects(name, fx);
    }

    /// Takes what recipes reported since the last call.
    pub fn take_recipe_reports(&mut self) -> Vec<RecipeReport> {
        std::mem::take(&mut self.recipe_reports)
    }

    /// Handles the next event; false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        let Some(((at, _), event)) = self.queue.pop_first() else {
            return false;
        };
        self.steps += 1;
        self.now_ms = self.now_ms.max(at);
        if self.server_up {
            let behind = self.now_ms.saturating_sub(self.server.now_ms());
            self.server.advance(behind);
            self.flush_notifications();
        }
        match event {
            Event::Deliver(m) => self.deliver(m),
            Event::ClientTimer(name) => {
                self.client_timers.remove(&name);
                self.client_timer(&name);
            }
            Event::ServerTick => {
                self.server_tick();
                let tick = u64::from(self.config.server.tick_time_ms.max(1));
                self.schedule(self.now_ms.saturating_add(tick), Event::ServerTick);
            }
            Event::Resume(name) => {
                if let Some(c) = self.clients.get_mut(&name) {
                    if c.paused_until_ms.is_some_and(|t| t <= self.now_ms) {
                        c.paused_until_ms = None;
                        self.note(format!("{name}: resumed"));
                        // A process back from a GC pause carries on where it was.
                        self.recipe_call(&name, |r, fx| r.on_resume(fx));
                        self.flush_queued(&name);
                        self.reschedule_client(&name);
                    }
                }
            }
            Event::RecipeTimer(name) => {
                self.recipe_timers.remove(&name);
                let state = self
                    .clients
                    .get(&name)
                    .map(|c| (c.crashed, c.paused_until_ms));
                match state {
                    Some((false, None)) => self.recipe_call(&name, |r, fx| r.on_timer(fx)),
                    // A paused process's timers fire when it resumes.
                    Some((false, Some(until))) => {
                        let key = self.schedule(until, Event::RecipeTimer(name.clone()));
                        self.recipe_timers.insert(name, key);
                    }
                    _ => {}
                }
            }
        }
        true
    }

    /// Steps until simulated time `t` (every event due by then), then sets the clock to `t`.
    pub fn run_until(&mut self, t: u64) {
        while self.queue.next_time().is_some_and(|at| at <= t) {
            self.step();
        }
        if t > self.now_ms {
            let _ = self.apply(Input::SetClock { now_ms: t });
        }
    }

    /// Steps until no message is in flight, at most `steps_max` steps; true if quiet.
    pub fn run_until_quiet(&mut self, steps_max: u64) -> bool {
        for _ in 0..steps_max {
            if !self.queue.has_in_flight() {
                return true;
            }
            self.step();
        }
        !self.queue.has_in_flight()
    }

    fn touch(&mut self, s: SessionId, timeout_ms: u32) {
        let tick = u64::from(self.config.server.tick_time_ms.max(1));
        let at = (self.now_ms.saturating_add(u64::from(timeout_ms)) / tick)
            .saturating_mul(tick)
            .saturating_add(tick);
        self.session_expiry_ms.insert(s, at);
    }

    /// Sends each notification on its session's connection. A watch lives on a connection
    /// (the server drops a session's watches when its connection goes), so every notification
    /// has one; were one without, it would have no watcher to go to, as in ZooKeeper.
    fn flush_notifications(&mut self) {
        for n in self.server.take_notifications() {
            let target = self
                .server_conns
                .of_session(n.session)
                .map(|(name, conn)| (name.to_string(), conn));
            if let Some((name, conn)) = target {
                self.send(
                    &name,
                    false,
                    conn,
                    Payload::Notify {
                        kind: n.kind,
                        path: n.path,
                    },
                );
            }
        }
    }

    fn expire_session(&mut self, s: SessionId) {
        self.note(format!("server: expiring session {s}"));
        let _ = self.server.close_session(s);
        self.session_expiry_ms.remove(&s);
        self.flush_notifications();
        let conn = self
            .server_conns
            .of_session(s)
            .map(|(n, c)| (n.to_string(), c));
        if let Some((name, c)) = conn {
            self.server_conns.remove(&name);
            self.send(&name, false, c, Payload::Hangup);
        }
    }

    fn server_tick(&mut self) {
        if !self.server_up {
            return;
        }
        let due: Vec<SessionId> = self
            .session_expiry_ms
            .iter()
            .filter(|(_, at)| **at <= self.now_ms)
            .map(|(s, _)| *s)
            .collect();
        for s in due {
            self.expire_session(s);
        }
    }

    fn deliver(&mut self, m: Message) {
        let client_state = self
            .clients
            .get(&m.client)
            .map(|c| (c.partitioned, c.crashed, c.is_paused()));
        let Some((partitioned, crashed, paused)) = client_state else {
            return;
        };
        if partitioned {
            self.hold(m);
            return;
        }
        if m.to_server {
            if !self.server_up {
                self.messages_dropped += 1;
                if matches!(m.payload, Payload::Connect { .. }) {
                    // Nothing listens on the port: the connection is refused at once.
                    self.note(format!(
                        "{} {} — refused: server down",
                        m.route(),
                        m.summary()
                    ));
                    self.send(&m.client, false, m.conn, Payload::Hangup);
                }
                return;
            }
            self.server_receive(m);
        } else {
            if crashed {
                self.messages_dropped += 1;
                return;
            }
            if paused {
                // The socket buffers it; the client reads it when it resumes.
                let at = self
                    .clients
                    .get(&m.client)
                    .and_then(|c| c.paused_until_ms)
                    .unwrap_or(self.now_ms);
                self.schedule(at, Event::Deliver(m));
                return;
            }
            self.client_receive(m);
        }
    }

    fn server_receive(&mut self, m: Message) {
        self.note(format!("{} {}", m.route(), m.summary()));
        let name = m.client.clone();
        if let Payload::Connect {
            session,
            timeout_ms,
        } = &m.payload
        {
            let (payload, registered) = match session {
                None => {
                    let (s, t) = self.server.open_session(*timeout_ms);
                    (
                        Payload::ConnectOk {
                            session: s,
                            timeout_ms: t,
                        },
                        Some((s, t)),
                    )
                }
                Some(s) => match self.server.session_timeout(*s).map(|t| (*s, t)) {
                    Some((s, t)) => (
                        Payload::ConnectOk {
                            session: s,
                            timeout_ms: t,
                        },
                        Some((s, t)),
                    ),
                    None => (Payload::ConnectExpired, None),
                },
            };
            if let Some((s, t)) = registered {
                if session.is_some() {
                    // `processConnectRequest` closes the session's old connection, and its
                    // watches with it; the client's setWatches brings them to this one.
                    self.server.remove_connection(s);
                }
                self.server_conns.insert(&name, m.conn, s);
                self.touch(s, t);
            }
            self.send(&name, false, m.conn, payload);
            return;
        }
        let Some((conn, session)) = self.server_conns.get(&name) else {
            return;
        };
        if conn != m.conn {
            return;
        }
        if let Some(t) = self.server.session_timeout(session) {
            self.touch(session, t);
        }
        match m.payload {
            Payload::Request { xid, request } => {
                let result = self.server.handle(session, &request);
                self.flush_notifications();
                let zxid = self.server.last_zxid();
                self.send(&name, false, conn, Payload::Reply { xid, zxid, result });
            }
            Payload::SetWatches(w) => {
                // A session that was closed meanwhile has no watches to set.
                let _ = self.server.set_watches(session, &w);
                self.flush_notifications();
                let zxid = self.server.last_zxid();
                self.send(&name, false, conn, Payload::SetWatchesDone { zxid });
            }
            Payload::Ping => self.send(&name, false, conn, Payload::Pong),
            Payload::Close { xid } => {
                let _ = self.server.close_session(session);
                self.session_expiry_ms.remove(&session);
                self.flush_notifications();
                self.server_conns.remove(&name);
                self.send(&name, false, conn, Payload::Closed { xid });
            }
            _ => {}
        }
    }

    fn client_receive(&mut self, m: Message) {
        let name = m.client.clone();
        let Some(c) = self.clients.get(&name) else {
            return;
        };
        if m.conn != c.conn || !c.is_active() {
            // The client closed that socket when it gave up on the connection: nothing more
            // arrives on it. A notification lost this way left its watch in the client's table,
            // so the setWatches of the next connection answers it.
            return;
        }
        self.note(format!("{} {}", m.route(), m.summary()));
        let now = self.now_ms;
        if let Some(c) = self.clients.get_mut(&name) {
            c.last_heard_ms = now;
        }
        match m.payload {
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => {
                let mut set_watches = Vec::new();
                if let Some(c) = self.clients.get_mut(&name) {
                    c.session = Some(session);
                    c.timeout_ms = timeout_ms;
                    c.state = ConnState::Connected;
                    c.was_connected = true;
                    c.reconnect_at_ms = None;
                    // `primeConnection` queued these right behind the connect request; the
                    // client writes them once the connection is accepted, before anything else
                    // (its watch table cannot change while it has no connection).
                    set_watches = c.watches.set_watches(c.last_zxid_seen);
                }
                for w in set_watches {
                    self.send(&name, true, m.conn, Payload::SetWatches(w));
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::SyncConnected));
                self.flush_queued(&name);
            }
            Payload::ConnectExpired => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.state = ConnState::Expired;
                    c.conn = 0;
                    c.fail_pending(ZkError::SessionExpired, true);
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::Expired));
            }
            Payload::Reply { xid, zxid, result } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    if let Some(request) = c.outstanding.remove(&xid) {
                        c.watches.on_reply(&request, &result);
                        c.completed.insert(xid, result);
                    }
                    c.last_zxid_seen = c.last_zxid_seen.max(zxid);
                }
            }
            Payload::SetWatchesDone { zxid } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.last_zxid_seen = c.last_zxid_seen.max(zxid);
                }
            }
            Payload::Notify { kind, path } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.watches.on_event(kind, &path);
                }
                self.client_emit(&name, ClientEvent::Watch { kind, path });
            }
            Payload::Closed { xid } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.state = ConnState::Closed;
                    c.conn = 0;
                    c.completed.insert(xid, Ok(Response::Empty));
                    c.fail_pending(ZkError::SessionExpired, true);
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::Closed));
            }
            Payload::Hangup => self.lose_connection(&name),
            _ => {}
        }
        self.route_recipe_completions(&name);
        self.reschedule_client(&name);
    }

    fn flush_queued(&mut self, name: &str) {
        let Some(c) = self.clients.get_mut(name) else {
            return;
        };
        if c.state != ConnState::Connected || c.is_paused() {
            return;
        }
        let conn = c.conn;
        let queued = std::mem::take(&mut c.queued);
        for (xid, request) in queued {
            if let Some(c) = self.clients.get_mut(name) {
                c.outstanding.insert(xid, request.clone());
            }
            self.send(name, true, conn, Payload::Request { xid, request });
        }
    }

    /// The connection is gone: report Disconnected (once), fail what was in flight, and plan a
    /// reconnect after a random delay.
    fn lose_connection(&mut self, name: &str) {
        let delay = self
            .client_rng
            .range_inclusive(0, self.config.reconnect_delay_ms_max);
        let now = self.now_ms;
        let Some(c) = self.clients.get_mut(name) else {
            return;
        };
        let was_connected = c.state == ConnState::Connected;
        c.state = ConnState::Connecting;
        c.conn = 0;
        c.reconnect_at_ms = Some(now.saturating_add(delay));
        // As the Java client's cleanup(): everything sent or waiting to be sent fails.
        c.fail_pending(ZkError::ConnectionLoss, true);
        if was_connected {
            self.client_emit(name, ClientEvent::State(KeeperState::Disconnected));
        }
        self.route_recipe_completions(name);
        self.reschedule_client(name);
    }

    fn reconnect(&mut self, name: &str) {
        self.next_conn += 1;
        let conn = self.next_conn;
        let now = self.now_ms;
        let Some(c) = self.clients.get_mut(name) else {
            return;
        };
        c.conn = conn;
        c.reconnect_at_ms = None;
        // A connection attempt waits for the session timeout, but never less than a second:
        // a tiny requested timeout must not turn into a reconnect storm.
        c.connect_deadline_ms =
            now.saturating_add(u64::from(c.requested_timeout_ms.max(CONNECT_WAIT_MS_MIN)));
        c.last_heard_ms = now;
        let payload = Payload::Connect {
            session: c.session,
            timeout_ms: c.requested_timeout_ms,
        };
        self.send(name, true, conn, payload);
        self.reschedule_client(name);
    }

    fn client_timer(&mut self, name: &str) {
        let Some(c) = self.clients.get(name) else {
            return;
        };
        if !c.is_active() || c.is_paused() {
            return;
        }
        let now = self.now_ms;
        match c.state {
            ConnState::Connected => {
                let read_timeout = u64::from(c.timeout_ms) * 2 / 3;
                let ping_interval = (u64::from(c.timeout_ms) / 3).max(1);
                if now >= c.last_heard_ms.saturating_add(read_timeout) {
                    self.note(format!(
                        "{name}: Client session timed out, have not heard from server in {}ms",
                        now - c.last_heard_ms
                    ));
                    self.lose_connection(name);
                    return;
                }
                if now >= c.last_sent_ms.saturating_add(ping_interval) {
                    let conn = c.conn;
                    self.send(name, true, conn, Payload::Ping);
                }
            }
            ConnState::Connecting => {
                if c.reconnect_at_ms.is_some_and(|t| t <= now) || now >= c.connect_deadline_ms {
                    self.reconnect(name);
                    return;
                }
            }
            ConnState::Expired | ConnState::Closed => return,
        }
        self.reschedule_client(name);
    }
}
