//! Coordination recipes as state machines: each reacts to replies, watch events and timers of
//! its client and answers with effects (requests to send, a timer, notes for the monitor). The
//! simulator carries the effects out; nothing here touches the network or the clock.

pub mod barrier;
pub mod cluster;
pub mod config;
pub mod contender;
pub mod ensure;
pub mod kinds;
pub mod lb;
pub mod monitor;
pub mod mw;
pub mod naming;
pub mod queue;
pub mod role;
pub mod status;

use crate::bounds::{
    bounded_count as parse_count, bounded_ms as parse_ms, BoundError, BARRIER_SIZE_MAX,
    BARRIER_SIZE_MIN, HOLD_MS_MAX, INTERVAL_MS_MAX, ITEMS_MAX, ROUNDS_MAX, ROUNDS_MIN,
};
use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::watch::{ClientEvent, KeeperState};
use kinds::OptionName;

pub use barrier::{Barrier, DoubleBarrier};
pub use cluster::{ClusterNode, System};
pub use config::{ConfigManager, ConfigWorker};
pub use contender::Contender;
pub use ensure::{Ensure, EnsureStep};
pub use lb::{LbClient, LbServer};
pub use monitor::{Detail, Monitor, Property, Rejected, Violation};
pub use mw::{MwClient, MwMaster, MwWorker};
pub use naming::Naming;
pub use queue::{QueueConsumer, QueueProducer};
pub use role::{Role, RoleCore};
pub use status::{Holding, Status};

/// Which recipe a client runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecipeKind {
    ElectionNaive,
    Election,
    LockNaive,
    Lock,
    RwRead,
    RwWrite,
    QueueProducer,
    QueueConsumer,
    Barrier,
    DoubleBarrier,
    ConfigManager,
    ConfigWorker,
    Naming,
    LbServer,
    LbClient,
    MwMaster,
    MwWorker,
    MwClient,
    HBaseMaster,
    HBaseRegionServer,
    KafkaBroker,
    SolrNode,
    ShardMaster,
    ShardServer,
    FetchMaster,
    Fetcher,
}

impl RecipeKind {
    pub fn parse(word: &str) -> Option<RecipeKind> {
        kinds::KINDS.iter().find(|k| k.name == word).map(|k| k.kind)
    }

    pub fn name(self) -> &'static str {
        kinds::info(self).name
    }

    pub fn family(self) -> kinds::RecipeFamily {
        kinds::info(self).family
    }

    /// Its row of the kinds table: default path, what it shows, the options it uses.
    pub fn info(self) -> &'static kinds::KindInfo {
        kinds::info(self)
    }

    /// The kinds zkplay runs, for messages (in the order the messages have always listed
    /// them; a test holds it to the table).
    pub const ALL: &'static str = "election-naive, election, lock-naive, lock, rwlock-read, rwlock-write, queue-producer, queue-consumer, barrier, double-barrier, config-manager, config-worker, naming, lb-server, lb-client, mw-master, mw-worker, mw-client, hbase-master, hbase-regionserver, kafka-broker, solr-node, shard-master, shard-server, fetch-master, fetcher";
}

/// Options from `key=value` words; what each means for each kind is in `kinds::KINDS`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecipeOptions {
    /// How long a leader or lock holder keeps its role before releasing (0: never).
    pub hold_ms: u64,
    /// How many times each client takes the role before it stops competing.
    pub rounds: u32,
    /// Whether the protected resource checks fencing tokens (locks).
    pub fencing: bool,
    /// How many items a producer adds.
    pub items: u32,
    /// Pause between a producer's items, or a consumer's work per item.
    pub interval_ms: u64,
    /// How many clients a double barrier waits for (default: the clients on the line).
    pub size: Option<u32>,
    /// On an ensemble, the one server the recipe's new sessions connect to (`server=K`);
    /// by default each shuffles the connect string as the Java client does.
    pub server: Option<crate::ensemble::PeerId>,
}

/// The defaults are the kinds table's ([`OptionName::default_value`]), as a line's values.
impl Default for RecipeOptions {
    fn default() -> Self {
        let mut o = RecipeOptions {
            hold_ms: 0,
            rounds: 0,
            fencing: false,
            items: 0,
            interval_ms: 0,
            size: None,
            server: None,
        };
        for name in OptionName::ALL {
            let value = name.default_value();
            if !value.is_empty() {
                // The table's values are within their bounds (a test in `kinds` holds it).
                let _ = o.set(name, value);
            }
        }
        o
    }
}

impl RecipeOptions {
    /// Sets one option from its value's text, read as a `recipe` line's `key=value` is:
    /// a value past its bound (`crate::bounds`) or a `fencing` neither on nor off is an
    /// error, as on the line.
    pub fn set(&mut self, name: OptionName, value: &str) -> Result<(), OptionError> {
        self.set_as(name, name.key(), value)
    }

    /// [`RecipeOptions::set`] with the key as the line wrote it (`hold_ms`), for its error.
    fn set_as(&mut self, name: OptionName, key: &str, v: &str) -> Result<(), OptionError> {
        // Every bound is far below u32::MAX, so the narrowing casts below cannot truncate.
        match name {
            OptionName::Hold => self.hold_ms = parse_ms(v, key, 0, HOLD_MS_MAX)?,
            OptionName::Rounds => self.rounds = parse_count(v, key, ROUNDS_MIN, ROUNDS_MAX)? as u32,
            OptionName::Items => self.items = parse_count(v, key, 0, ITEMS_MAX)? as u32,
            OptionName::Interval => self.interval_ms = parse_ms(v, key, 0, INTERVAL_MS_MAX)?,
            OptionName::Size => {
                self.size = Some(parse_count(v, key, BARRIER_SIZE_MIN, BARRIER_SIZE_MAX)? as u32)
            }
            OptionName::Fencing => {
                self.fencing = match v {
                    "on" | "true" | "yes" => true,
                    "off" | "false" | "no" => false,
                    _ => {
                        return Err(OptionError::Fencing {
                            value: v.to_string(),
                        })
                    }
                }
            }
        }
        Ok(())
    }

    /// An option's value as a `recipe` line writes it (`fencing`: `on` or `off`); none for
    /// a `size` left to the clients on the line.
    pub fn value_text(&self, name: OptionName) -> Option<String> {
        Some(match name {
            OptionName::Hold => self.hold_ms.to_string(),
            OptionName::Rounds => self.rounds.to_string(),
            OptionName::Fencing => (if self.fencing { "on" } else { "off" }).to_string(),
            OptionName::Items => self.items.to_string(),
            OptionName::Interval => self.interval_ms.to_string(),
            OptionName::Size => self.size?.to_string(),
        })
    }

    /// The `key=value` words that give these options back through [`RecipeOptions::parse`]
    /// (defaults left out), in [`OptionName::ALL`]'s order, then `server`.
    pub fn to_words(&self) -> Vec<String> {
        let d = RecipeOptions::default();
        let mut w: Vec<String> = OptionName::ALL
            .into_iter()
            .filter_map(|name| {
                let value = self.value_text(name)?;
                (Some(&value) != d.value_text(name).as_ref())
                    .then(|| format!("{}={value}", name.key()))
            })
            .collect();
        if let Some(server) = self.server {
            w.push(format!("server={server}"));
        }
        w
    }

    /// Parses `key=value` words; unknown keys, bad values and values past their bounds
    /// (`crate::bounds`) are errors.
    pub fn parse(words: &[String]) -> Result<RecipeOptions, OptionError> {
        let mut o = RecipeOptions::default();
        for w in words {
            let Some((k, v)) = w.split_once('=') else {
                return Err(OptionError::NotKeyValue { word: w.clone() });
            };
            match OptionName::from_key(k) {
                Some(name) => o.set_as(name, k, v)?,
                None if k == "server" => {
                    let most =
                        crate::bounds::ENSEMBLE_VOTERS_MAX + crate::bounds::ENSEMBLE_OBSERVERS_MAX;
                    o.server = Some(parse_count(v, k, 1, most)?)
                }
                None => return Err(OptionError::Unknown { key: k.to_string() }),
            }
        }
        Ok(o)
    }
}

/// Why a recipe line's options cannot be read. `Display` is the transcripts' English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionError {
    /// A word that is not `key=value`.
    NotKeyValue { word: String },
    /// A value past its bound.
    Bound(BoundError),
    /// `fencing=` neither on nor off.
    Fencing { value: String },
    /// A key no recipe takes.
    Unknown { key: String },
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionError::NotKeyValue { word } => write!(f, "expected key=value, got '{word}'"),
            OptionError::Bound(e) => e.fmt(f),
            OptionError::Fencing { value } => {
                write!(f, "fencing must be on or off, not '{value}'")
            }
            OptionError::Unknown { key } => write!(
                f,
                "unknown option '{key}' (hold, rounds, fencing, items, interval, size)"
            ),
        }
    }
}

impl From<BoundError> for OptionError {
    fn from(e: BoundError) -> OptionError {
        OptionError::Bound(e)
    }
}

/// The parser's messages are text.
impl From<OptionError> for String {
    fn from(e: OptionError) -> String {
        e.to_string()
    }
}

/// Why a recipe cannot work at a path. `Display` is the transcripts' English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathRefused {
    /// Not a valid znode path: ZooKeeper's `PathUtils` message.
    Invalid { message: String },
    /// The root.
    Root,
}

impl std::fmt::Display for PathRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathRefused::Invalid { message } => f.write_str(message),
            PathRefused::Root => f.write_str("a recipe needs a path of its own, not /"),
        }
    }
}

/// The parser's messages are text.
impl From<PathRefused> for String {
    fn from(e: PathRefused) -> String {
        e.to_string()
    }
}

/// Whether a recipe can work at `path`: a valid znode path of its own.
pub fn check_path(path: &str) -> Result<(), PathRefused> {
    crate::path::validate_path(path, false)
        .map_err(|e| PathRefused::Invalid { message: e.message })?;
    if path == "/" {
        return Err(PathRefused::Root);
    }
    Ok(())
}

/// Why a request was sent, so its reply goes to the right step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Creating an ancestor of a path the role makes sure of (its reply needs no action).
    EnsureParent,
    /// Creating a path the role makes sure of (`Ensure`), before it goes on.
    Ensure(String),
    Create,
    List,
    Watch(String),
    Read(String),
    Write(String),
    Delete(String),
    Check,
    /// Reading a task (by name) before assigning it to a worker.
    ReadTask(String),
    /// Reading a dead worker's assigned task (by path) to move it back.
    Recover(String),
}

/// What a recipe tells the monitor and the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// A status change ("holds /lock", "waits for lock-0000000002").
    Status(Status),
    /// Began competing for the role on `resource` (to measure the time to acquire).
    Started { resource: String },
    /// Took the role (lock or leadership) on `resource`, with a fencing token; `shared` for
    /// read locks.
    Acquired {
        resource: String,
        token: i64,
        shared: bool,
    },
    /// Gave the role up (or must treat it as lost).
    Released { resource: String },
    /// Acted on the protected resource while believing it holds the role.
    UseResource { resource: String, token: i64 },
    /// Took a queue item.
    Consumed { item: String },
    /// Joined a double barrier.
    Joined { resource: String },
    /// Passed a double barrier's entry, which needs `size` participants.
    Entered { resource: String, size: u32 },
    /// Read a configuration version.
    ConfigSeen { resource: String, version: i32 },
    /// Obtained a name from the naming service.
    NameTaken { name: String },
    /// Recorded a task as done (master–worker).
    Completed { task: String },
}

/// What one reaction asks of the simulator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Effects {
    pub requests: Vec<(Purpose, Request)>,
    pub timer_ms: Option<u64>,
    pub notes: Vec<Note>,
}

impl Effects {
    pub fn send(&mut self, p: Purpose, r: Request) {
        self.requests.push((p, r));
    }

    pub fn status(&mut self, s: Status) {
        self.notes.push(Note::Status(s));
    }
}

/// A running recipe role.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Recipe {
    Contender(Contender),
    Producer(QueueProducer),
    Consumer(QueueConsumer),
    Barrier(Barrier),
    DoubleBarrier(DoubleBarrier),
    ConfigManager(ConfigManager),
    ConfigWorker(ConfigWorker),
    Naming(Naming),
    LbServer(LbServer),
    LbClient(LbClient),
    MwMaster(MwMaster),
    MwWorker(MwWorker),
    MwClient(MwClient),
    Cluster(RecipeKind, ClusterNode),
}

/// Calls the same method on whichever role this is.
macro_rules! each {
    ($self:expr, $r:ident => $e:expr) => {
        match $self {
            Recipe::Contender($r) => $e,
            Recipe::Producer($r) => $e,
            Recipe::Consumer($r) => $e,
            Recipe::Barrier($r) => $e,
            Recipe::DoubleBarrier($r) => $e,
            Recipe::ConfigManager($r) => $e,
            Recipe::ConfigWorker($r) => $e,
            Recipe::Naming($r) => $e,
            Recipe::LbServer($r) => $e,
            Recipe::LbClient($r) => $e,
            Recipe::MwMaster($r) => $e,
            Recipe::MwWorker($r) => $e,
            Recipe::MwClient($r) => $e,
            Recipe::Cluster(_, $r) => $e,
        }
    };
}

impl Recipe {
    /// A role for `client`; `clients_on_line` sizes a double barrier by default.
    pub fn new(
        kind: RecipeKind,
        client: &str,
        path: &str,
        o: &RecipeOptions,
        clients_on_line: u32,
    ) -> Recipe {
        match kind {
            RecipeKind::QueueProducer => Recipe::Producer(QueueProducer::new(client, path, o)),
            RecipeKind::QueueConsumer => Recipe::Consumer(QueueConsumer::new(path, o)),
            RecipeKind::Barrier => Recipe::Barrier(Barrier::new(path)),
            RecipeKind::DoubleBarrier => Recipe::DoubleBarrier(DoubleBarrier::new(
                client,
                path,
                o.size.unwrap_or(clients_on_line),
                o,
            )),
            RecipeKind::ConfigManager => Recipe::ConfigManager(ConfigManager::new(path, o)),
            RecipeKind::ConfigWorker => Recipe::ConfigWorker(ConfigWorker::new(client, path)),
            RecipeKind::Naming => Recipe::Naming(Naming::new(client, path, o)),
            RecipeKind::LbServer => Recipe::LbServer(LbServer::new(client, path, o)),
            RecipeKind::LbClient => Recipe::LbClient(LbClient::new(path)),
            RecipeKind::MwMaster => Recipe::MwMaster(MwMaster::new(client, path)),
            RecipeKind::MwWorker => Recipe::MwWorker(MwWorker::new(client, path, o)),
            RecipeKind::MwClient => Recipe::MwClient(MwClient::new(client, path, o)),
            RecipeKind::HBaseMaster
            | RecipeKind::HBaseRegionServer
            | RecipeKind::KafkaBroker
            | RecipeKind::SolrNode
            | RecipeKind::ShardMaster
            | RecipeKind::ShardServer
            | RecipeKind::FetchMaster
            | RecipeKind::Fetcher => {
                let (system, member, candidate) = match kind {
                    RecipeKind::HBaseMaster => (System::HBase, false, true),
                    RecipeKind::HBaseRegionServer => (System::HBase, true, false),
                    RecipeKind::KafkaBroker => (System::Kafka, true, true),
                    RecipeKind::SolrNode => (System::Solr, true, true),
                    RecipeKind::ShardMaster => (System::Messages, false, true),
                    RecipeKind::FetchMaster => (System::Fetching, false, true),
                    RecipeKind::Fetcher => (System::Fetching, true, false),
                    _ => (System::Messages, true, false),
                };
                Recipe::Cluster(
                    kind,
                    ClusterNode::new(system, member, candidate, client, path, o),
                )
            }
            k => Recipe::Contender(Contender::new(k, client, path, o)),
        }
    }

    pub fn kind(&self) -> RecipeKind {
        match self {
            Recipe::Contender(c) => c.kind,
            Recipe::Producer(_) => RecipeKind::QueueProducer,
            Recipe::Consumer(_) => RecipeKind::QueueConsumer,
            Recipe::Barrier(_) => RecipeKind::Barrier,
            Recipe::DoubleBarrier(_) => RecipeKind::DoubleBarrier,
            Recipe::ConfigManager(_) => RecipeKind::ConfigManager,
            Recipe::ConfigWorker(_) => RecipeKind::ConfigWorker,
            Recipe::Naming(_) => RecipeKind::Naming,
            Recipe::LbServer(_) => RecipeKind::LbServer,
            Recipe::LbClient(_) => RecipeKind::LbClient,
            Recipe::MwMaster(_) => RecipeKind::MwMaster,
            Recipe::MwWorker(_) => RecipeKind::MwWorker,
            Recipe::MwClient(_) => RecipeKind::MwClient,
            Recipe::Cluster(kind, _) => *kind,
        }
    }

    /// The base path the recipe works under.
    pub fn path(&self) -> &str {
        &self.role().core().path
    }

    pub fn status(&self) -> &Status {
        &self.role().core().status
    }

    /// The role as the one behaviour every recipe has.
    fn role(&self) -> &dyn Role {
        each!(self, r => r)
    }

    fn role_mut(&mut self) -> &mut dyn Role {
        each!(self, r => r)
    }

    /// Whether its session ended (or it could not go on): it does nothing more.
    pub fn stopped(&self) -> bool {
        self.role().core().stopped
    }

    /// Whether it has nothing more to do.
    pub fn finished(&self) -> bool {
        self.role().finished()
    }

    /// Whether it wants the role and does not have it yet.
    pub fn waiting(&self) -> bool {
        match self {
            Recipe::Contender(c) => c.waiting(),
            _ => false,
        }
    }

    pub fn start(&mut self, fx: &mut Effects) {
        self.role_mut().on_start(fx)
    }

    /// A reply: those to the creates of `Ensure` are handled here, once for every role, and
    /// the role goes on when its paths all exist.
    pub fn on_reply(&mut self, p: Purpose, res: Result<Response, ZkError>, fx: &mut Effects) {
        let role = self.role_mut();
        if role.core().stopped {
            return;
        }
        if !matches!(p, Purpose::Ensure(_) | Purpose::EnsureParent) {
            return role.on_reply(p, res, fx);
        }
        match role.core_mut().ensure.on_reply(&p, &res) {
            EnsureStep::Pending => {}
            EnsureStep::Done => role.on_ready(fx),
            EnsureStep::Failed { path, error } => role
                .core_mut()
                .stop(fx, Status::StoppedCannotCreate { path, error }),
        }
    }

    /// A watcher event. The session's end is handled here, once for every role: a role that
    /// had not finished stops. While a role still makes sure of its paths it sees no event
    /// (a reconnect sends again what the lost connection failed).
    pub fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        let role = self.role_mut();
        if role.core().stopped {
            return;
        }
        match e {
            ClientEvent::State(s @ (KeeperState::Expired | KeeperState::Closed)) => {
                if !role.finished() {
                    role.on_session_end(*s, fx);
                }
                role.core_mut().stopped = true;
                return;
            }
            ClientEvent::State(KeeperState::SyncConnected) => {
                role.core_mut().ensure.on_reconnect(fx)
            }
            _ => {}
        }
        if !role.core().ensure.busy() {
            role.on_event(e, fx)
        }
    }

    pub fn on_timer(&mut self, fx: &mut Effects) {
        self.role_mut().on_timer(fx)
    }

    /// The process died.
    pub fn on_crash(&mut self, fx: &mut Effects) {
        self.role_mut().on_crash(fx)
    }

    /// The process wakes from a pause: a holder carries on with its critical section.
    pub fn on_resume(&mut self, fx: &mut Effects) {
        self.role_mut().on_resume(fx)
    }
}
