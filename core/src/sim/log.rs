//! The event log, of the standalone simulation and of an ensemble alike: its lines as values
//! (what happened, with who and what it carried), each with the step and time it happened at,
//! the latest kept (the oldest go first) and every line ever written counted. `Display` is the
//! log's English (the page words each line in its own language). New kinds of line are new
//! variants: the page's wording matches on them, so the compiler says where to add words.

use std::collections::VecDeque;
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::recipes::{Detail, Property, RecipeKind, Rejected, Status};
use crate::sim::ensemble::EnsembleLine;
use crate::sim::message::Summary;
use crate::stat::SessionId;
use crate::watch::{EventType, KeeperState};

/// What became of a message the log reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fate {
    /// It arrived.
    Arrived,
    /// A partition holds it until the heal.
    Held,
    /// Nothing listens: the server is down.
    Refused,
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogLine {
    /// ① The Java client begins a session (its log's `Initiating client connection`).
    Initiating {
        client: String,
        timeout_ms: u32,
    },
    Crashed {
        client: String,
    },
    /// A GC pause of `ms`.
    Paused {
        client: String,
        ms: u64,
    },
    Resumed {
        client: String,
    },
    /// A connection-state event, as the client's watcher receives it.
    State {
        client: String,
        state: KeeperState,
    },
    /// A watch notification, as the client's watcher receives it.
    Watch {
        client: String,
        kind: EventType,
        path: String,
    },
    /// A message between `client` and the server (`to_server` says which way).
    Message {
        client: String,
        to_server: bool,
        summary: Summary,
        fate: Fate,
    },
    /// The client heard nothing from the server for `silent_ms`: it drops the connection.
    TimedOut {
        client: String,
        silent_ms: u64,
    },
    Partitioned {
        client: String,
    },
    Healed {
        client: String,
    },
    /// Every later message on the client's links takes `ms` longer.
    Delay {
        client: String,
        ms: u64,
    },
    /// The server expires a session.
    Expiring {
        session: SessionId,
    },
    ServerStopped,
    ServerStarted,
    /// A client starts a recipe role.
    RecipeStarted {
        client: String,
        kind: RecipeKind,
        path: String,
    },
    /// A fenced resource refused a stale write.
    Rejected(Rejected),
    Violation {
        property: Property,
        detail: Detail,
    },
    /// A role's status changed.
    Status {
        client: String,
        kind: RecipeKind,
        status: Status,
    },
    /// What the servers of an ensemble did, and what reached them (boxed: a message between
    /// servers is larger than any other line, and the standalone log keeps 10,000 lines).
    Ensemble(Box<EnsembleLine>),
}

impl LogLine {
    /// Whether the line's English holds `words` (the lessons check the log by its words).
    pub fn contains(&self, words: &str) -> bool {
        self.to_string().contains(words)
    }

    /// The ensemble's line it is, if one.
    pub fn ensemble(&self) -> Option<&EnsembleLine> {
        match self {
            LogLine::Ensemble(line) => Some(line),
            _ => None,
        }
    }
}

impl From<EnsembleLine> for LogLine {
    fn from(line: EnsembleLine) -> LogLine {
        LogLine::Ensemble(Box::new(line))
    }
}

/// `client → server` or `server → client`.
pub fn route(client: &str, to_server: bool) -> String {
    if to_server {
        format!("{client} → server")
    } else {
        format!("server → {client}")
    }
}

impl fmt::Display for LogLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogLine::Initiating { client, timeout_ms } => write!(
                f,
                "{client}: Initiating client connection, sessionTimeout={timeout_ms}"
            ),
            LogLine::Crashed { client } => write!(f, "{client}: crashed"),
            LogLine::Paused { client, ms } => {
                write!(f, "{client}: paused for {ms} ms (e.g. a GC pause)")
            }
            LogLine::Resumed { client } => write!(f, "{client}: resumed"),
            LogLine::State { client, state } => write!(
                f,
                "{client}: WatchedEvent state:{} type:None path:null",
                state.name()
            ),
            LogLine::Watch { client, kind, path } => write!(
                f,
                "{client}: WatchedEvent state:SyncConnected type:{} path:{path}",
                kind.name()
            ),
            LogLine::Message {
                client,
                to_server,
                summary,
                fate,
            } => {
                write!(f, "{} {summary}", route(client, *to_server))?;
                match fate {
                    Fate::Arrived => Ok(()),
                    Fate::Held => f.write_str(" — held: partitioned"),
                    Fate::Refused => f.write_str(" — refused: server down"),
                }
            }
            LogLine::TimedOut { client, silent_ms } => write!(
                f,
                "{client}: Client session timed out, have not heard from server in {silent_ms}ms"
            ),
            LogLine::Partitioned { client } => write!(f, "{client}: partitioned from the server"),
            LogLine::Healed { client } => write!(f, "{client}: network healed"),
            LogLine::Delay { client, ms } => write!(f, "{client}: link delay set to {ms} ms"),
            LogLine::Expiring { session } => write!(f, "server: expiring session {session}"),
            LogLine::ServerStopped => f.write_str("server: stopped"),
            LogLine::ServerStarted => f.write_str("server: started"),
            LogLine::RecipeStarted { client, kind, path } => {
                write!(f, "{client}: runs {} on {path}", kind.name())
            }
            LogLine::Rejected(r) => write!(f, "resource: {r}"),
            LogLine::Violation { property, detail } => write!(f, "VIOLATION {property}: {detail}"),
            LogLine::Status {
                client,
                kind,
                status,
            } => write!(f, "{client} [{}]: {status}", kind.name()),
            LogLine::Ensemble(line) => line.fmt(f),
        }
    }
}

/// A line hashes as its English text, as it did when the log held text: the simulation's
/// state hashes (pinned in `core/tests/data/sim_hashes.txt`) stay what they were.
impl Hash for LogLine {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_string().hash(state)
    }
}

/// One line of the event log: the step (an ensemble's event count) and the time it was
/// written at, and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogEntry {
    pub step: u64,
    pub time_ms: u64,
    /// What the line says.
    pub text: LogLine,
}

/// The event log: its latest `max` lines, oldest first, and how many it was ever given (the
/// number of a line, counting from 0, places the moments ① to ⑤ on it: see `sim::moments`).
/// A log of at most 0 lines keeps none (an ensemble that does not observe its peers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    lines: VecDeque<LogEntry>,
    max: usize,
    total: u64,
}

/// The state hash holds the lines kept, as it did when the log was a bare queue of them
/// (`core/tests/data/sim_hashes.txt`); the count and the bound are bookkeeping.
impl Hash for Log {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.lines.hash(state)
    }
}

impl Log {
    /// A log that keeps the latest `max` lines.
    pub fn new(max: usize) -> Log {
        Log {
            lines: VecDeque::new(),
            max,
            total: 0,
        }
    }

    /// Whether it keeps lines at all (a caller can skip making one it would not keep).
    pub fn keeps(&self) -> bool {
        self.max > 0
    }

    /// Writes a line (counted, kept or not); the oldest goes when the log is full.
    pub fn push(&mut self, step: u64, time_ms: u64, text: LogLine) {
        self.total += 1;
        if !self.keeps() {
            return;
        }
        if self.lines.len() >= self.max {
            self.lines.pop_front();
        }
        self.lines.push_back(LogEntry {
            step,
            time_ms,
            text,
        });
    }

    /// The lines kept, oldest first.
    pub fn iter(&self) -> std::collections::vec_deque::Iter<'_, LogEntry> {
        self.lines.iter()
    }

    /// The last `n` lines kept, oldest first.
    pub fn tail(
        &self,
        n: usize,
    ) -> std::iter::Skip<std::collections::vec_deque::Iter<'_, LogEntry>> {
        self.lines.iter().skip(self.lines.len().saturating_sub(n))
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The most lines it keeps.
    pub fn max(&self) -> usize {
        self.max
    }

    /// How many lines it was given in all (it keeps the latest).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The number of the first line kept, counting every line ever written from 0.
    pub fn first_number(&self) -> u64 {
        self.total.saturating_sub(self.lines.len() as u64)
    }
}

impl<'a> IntoIterator for &'a Log {
    type Item = &'a LogEntry;
    type IntoIter = std::collections::vec_deque::Iter<'a, LogEntry>;
    fn into_iter(self) -> Self::IntoIter {
        self.lines.iter()
    }
}
