//! Coordination recipes as state machines: each reacts to replies, watch events and timers of
//! its client and answers with effects (requests to send, a timer, notes for the monitor). The
//! simulator carries the effects out; nothing here touches the network or the clock.

pub mod contender;
pub mod monitor;
pub mod queue;

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::sim::client::ClientEvent;

pub use contender::Contender;
pub use monitor::{Monitor, Violation};
pub use queue::{QueueConsumer, QueueProducer};

/// Which recipe a client runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecipeKind {
    ElectionNaive,
    Election,
    LockNaive,
    Lock,
    QueueProducer,
    QueueConsumer,
}

impl RecipeKind {
    pub fn parse(word: &str) -> Option<RecipeKind> {
        Some(match word {
            "election-naive" => RecipeKind::ElectionNaive,
            "election" => RecipeKind::Election,
            "lock-naive" => RecipeKind::LockNaive,
            "lock" => RecipeKind::Lock,
            "queue-producer" => RecipeKind::QueueProducer,
            "queue-consumer" => RecipeKind::QueueConsumer,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            RecipeKind::ElectionNaive => "election-naive",
            RecipeKind::Election => "election",
            RecipeKind::LockNaive => "lock-naive",
            RecipeKind::Lock => "lock",
            RecipeKind::QueueProducer => "queue-producer",
            RecipeKind::QueueConsumer => "queue-consumer",
        }
    }

    /// The kinds zkplay runs, for messages.
    pub const ALL: &'static str =
        "election-naive, election, lock-naive, lock, queue-producer, queue-consumer";
}

/// Options from `key=value` words.
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
}

impl Default for RecipeOptions {
    fn default() -> Self {
        RecipeOptions {
            hold_ms: 1000,
            rounds: 1,
            fencing: false,
            items: 5,
            interval_ms: 200,
        }
    }
}

impl RecipeOptions {
    /// Parses `key=value` words; unknown keys and bad values are errors.
    pub fn parse(words: &[String]) -> Result<RecipeOptions, String> {
        let mut o = RecipeOptions::default();
        for w in words {
            let Some((k, v)) = w.split_once('=') else {
                return Err(format!("expected key=value, got '{w}'"));
            };
            let num = || {
                v.parse::<u64>()
                    .map_err(|_| format!("{k} must be a whole number, not '{v}'"))
            };
            match k {
                "hold" | "hold_ms" => o.hold_ms = num()?,
                "rounds" => o.rounds = num()?.clamp(1, 1000) as u32,
                "items" => o.items = num()?.min(10_000) as u32,
                "interval" | "interval_ms" => o.interval_ms = num()?,
                "fencing" => {
                    o.fencing = match v {
                        "on" | "true" | "yes" => true,
                        "off" | "false" | "no" => false,
                        _ => return Err(format!("fencing must be on or off, not '{v}'")),
                    }
                }
                _ => {
                    return Err(format!(
                        "unknown option '{k}' (hold, rounds, fencing, items, interval)"
                    ))
                }
            }
        }
        Ok(o)
    }
}

/// Why a request was sent, so its reply goes to the right step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Creating an ancestor of the base path (its reply needs no action).
    EnsureParent,
    EnsureBase,
    Create,
    List,
    Watch(String),
    Read(String),
    Delete(String),
    Check,
}

/// What a recipe tells the monitor and the transcript.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Note {
    /// A human-readable status change ("holds /lock", "waits for lock-0000000002").
    Status(String),
    /// Took the role (lock or leadership) on `resource`, with a fencing token.
    Acquired { resource: String, token: i64 },
    /// Gave the role up (or must treat it as lost).
    Released { resource: String },
    /// Acted on the protected resource while believing it holds the role.
    UseResource { resource: String, token: i64 },
    /// Took a queue item.
    Consumed { item: String },
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

    pub fn status(&mut self, s: impl Into<String>) {
        self.notes.push(Note::Status(s.into()));
    }
}

/// Creates `path` and its missing ancestors, in order, as persistent nodes; the reply to the
/// last (`Purpose::EnsureBase`) tells the recipe to go on (`NodeExists` counts as success).
pub fn ensure_path(path: &str, fx: &mut Effects) {
    let mut prefix = String::new();
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        prefix.push('/');
        prefix.push_str(part);
        let purpose = if i + 1 == parts.len() {
            Purpose::EnsureBase
        } else {
            Purpose::EnsureParent
        };
        fx.send(
            purpose,
            Request::Write(crate::request::Op::Create {
                path: prefix.clone(),
                data: None,
                acl: crate::acl::Acl::open_unsafe(),
                mode: crate::request::CreateMode::Persistent,
                ttl_ms: -1,
            }),
        );
    }
}

/// A running recipe role.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Recipe {
    Contender(Contender),
    Producer(QueueProducer),
    Consumer(QueueConsumer),
}

impl Recipe {
    pub fn new(kind: RecipeKind, client: &str, path: &str, o: &RecipeOptions) -> Recipe {
        match kind {
            RecipeKind::QueueProducer => Recipe::Producer(QueueProducer::new(client, path, o)),
            RecipeKind::QueueConsumer => Recipe::Consumer(QueueConsumer::new(path, o)),
            k => Recipe::Contender(Contender::new(k, client, path, o)),
        }
    }

    pub fn kind(&self) -> RecipeKind {
        match self {
            Recipe::Contender(c) => c.kind,
            Recipe::Producer(_) => RecipeKind::QueueProducer,
            Recipe::Consumer(_) => RecipeKind::QueueConsumer,
        }
    }

    /// The base path the recipe works under.
    pub fn path(&self) -> &str {
        match self {
            Recipe::Contender(c) => &c.path,
            Recipe::Producer(p) => &p.path,
            Recipe::Consumer(c) => &c.path,
        }
    }

    pub fn status(&self) -> &str {
        match self {
            Recipe::Contender(c) => &c.status,
            Recipe::Producer(p) => &p.status,
            Recipe::Consumer(c) => &c.status,
        }
    }

    /// Whether it has nothing more to do.
    pub fn finished(&self) -> bool {
        match self {
            Recipe::Contender(c) => c.finished(),
            Recipe::Producer(p) => p.finished(),
            Recipe::Consumer(_) => false,
        }
    }

    /// Whether it wants the role and does not have it yet.
    pub fn waiting(&self) -> bool {
        match self {
            Recipe::Contender(c) => c.waiting(),
            _ => false,
        }
    }

    pub fn start(&mut self, fx: &mut Effects) {
        match self {
            Recipe::Contender(c) => c.start(fx),
            Recipe::Producer(p) => p.start(fx),
            Recipe::Consumer(c) => c.start(fx),
        }
    }

    pub fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match self {
            Recipe::Contender(c) => c.on_reply(p, r, fx),
            Recipe::Producer(q) => q.on_reply(p, r, fx),
            Recipe::Consumer(q) => q.on_reply(p, r, fx),
        }
    }

    pub fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match self {
            Recipe::Contender(c) => c.on_event(e, fx),
            Recipe::Producer(q) => q.on_event(e, fx),
            Recipe::Consumer(q) => q.on_event(e, fx),
        }
    }

    pub fn on_timer(&mut self, fx: &mut Effects) {
        match self {
            Recipe::Contender(c) => c.on_timer(fx),
            Recipe::Producer(q) => q.on_timer(fx),
            Recipe::Consumer(q) => q.on_timer(fx),
        }
    }

    /// The process died.
    pub fn on_crash(&mut self, fx: &mut Effects) {
        match self {
            Recipe::Contender(c) => c.on_crash(fx),
            Recipe::Producer(_) | Recipe::Consumer(_) => fx.status("crashed"),
        }
    }

    /// The process wakes from a pause: a holder carries on with its critical section.
    pub fn on_resume(&mut self, fx: &mut Effects) {
        if let Recipe::Contender(c) = self {
            c.on_resume(fx);
        }
    }
}
