//! What a transcript holds: each command's outcome or failure, watch events, state changes,
//! recipe reports, with what zkCli printed for each.

use crate::acl::Acl;
use crate::request::OpResult;
use crate::stat::Stat;
use crate::watch::{EventType, KeeperState};

/// What a successful command returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created {
        path: String,
    },
    Data {
        data: Option<Vec<u8>>,
        stat: Stat,
        with_stat: bool,
    },
    StatOf {
        stat: Option<Stat>,
    },
    Children {
        children: Vec<String>,
        stat: Option<Stat>,
    },
    Tree {
        paths: Vec<String>,
    },
    Written {
        stat: Stat,
        print_stat: bool,
    },
    Empty,
    Ephemerals {
        paths: Vec<String>,
    },
    Count {
        count: i32,
    },
    Acl {
        acl: Vec<Acl>,
        stat: Stat,
        with_stat: bool,
    },
    Multi {
        results: Vec<OpResult>,
    },
    Synced,
    /// A console command that prints text rather than returning a znode result (`history`,
    /// `whoami`, `config`, quota commands…).
    Text {
        text: String,
    },
}

/// Why a line could not run at all. `Display` is the transcripts' English (`"error":"…"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    /// The simulator refused it (an unknown or stopped client, a recipe path taken…).
    Sim(crate::sim::SimError),
    /// A `session` line for a session that is open.
    SessionOpen { name: String },
    /// A session's line before its `session` line.
    NoSession { name: String },
    /// A simulation command (`seed`, `clock`) that must come first.
    MustComeFirst { word: &'static str },
    /// A simulation command run against a live server.
    OnlyInSimulator { word: &'static str },
    /// The simulated ensemble refused a line.
    Ensemble(EnsembleRefusal),
    /// What the script parser, zkCli's own checks or a live server's client said about the
    /// line, in their words.
    Said(String),
    /// A number of the line past its bound (a console states the bound rather than clamp).
    Bound(crate::bounds::BoundError),
}

/// Why the simulated ensemble refused a line. `Display` is the transcripts' English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnsembleRefusal {
    /// `server K crash|stop` of a server that is down, or `restart|start` of one that is up.
    ServerAlready {
        line: String,
        server: crate::ensemble::PeerId,
        running: bool,
    },
    /// `wait server K MODE` ran out of time; `now` is the mode it is in.
    NotReached {
        server: crate::ensemble::PeerId,
        wanted: &'static str,
        timeout_ms: u64,
        now: &'static str,
    },
    /// A `session` line no server took (the one asked for, or any).
    CannotConnect {
        server: Option<crate::ensemble::PeerId>,
    },
    /// A line before the `ensemble` line that needs it.
    NoEnsembleYet,
    /// A second `ensemble` line.
    SecondEnsemble,
    /// A setup line (`seed`, `clock`) after the `ensemble` line.
    SetupAfterEnsemble { word: &'static str },
    /// A standalone server's command (`server stop`, `server start`) on an ensemble, whose
    /// servers are stopped and started one by one (`server K stop`).
    UnnamedServer { word: &'static str },
}

impl std::fmt::Display for EnsembleRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnsembleRefusal::ServerAlready {
                line,
                server,
                running,
            } => {
                let state = if *running { "running" } else { "not running" };
                write!(f, "'{line}': server {server} is already {state}")
            }
            EnsembleRefusal::NotReached {
                server,
                wanted,
                timeout_ms,
                now,
            } => write!(
                f,
                "server {server} was not {wanted} within {timeout_ms} ms (it is {now})"
            ),
            EnsembleRefusal::CannotConnect { server: Some(k) } => {
                write!(f, "cannot connect to server {k}")
            }
            EnsembleRefusal::CannotConnect { server: None } => {
                f.write_str("cannot connect to any server")
            }
            EnsembleRefusal::NoEnsembleYet => {
                f.write_str("an ensemble script begins with its 'ensemble N' line")
            }
            EnsembleRefusal::SecondEnsemble => f.write_str("the script has one ensemble line"),
            EnsembleRefusal::SetupAfterEnsemble { word } => {
                write!(f, "{word} must come before the 'ensemble' line")
            }
            EnsembleRefusal::UnnamedServer { word } => {
                write!(
                    f,
                    "on an ensemble, '{word}' must name its server: 'server K stop' or 'server K start'"
                )
            }
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::Sim(e) => e.fmt(f),
            LineError::SessionOpen { name } => write!(f, "session {name} is already open"),
            LineError::NoSession { name } => write!(
                f,
                "no session named {name}: open it first with 'session {name}'"
            ),
            LineError::MustComeFirst { word } => {
                write!(f, "{word} must come before anything else in the script")
            }
            LineError::OnlyInSimulator { word } => {
                write!(f, "'{word}' works only in the simulator")
            }
            LineError::Ensemble(e) => e.fmt(f),
            LineError::Said(words) => f.write_str(words),
            LineError::Bound(e) => e.fmt(f),
        }
    }
}

impl From<String> for LineError {
    fn from(words: String) -> LineError {
        LineError::Said(words)
    }
}

impl From<EnsembleRefusal> for LineError {
    fn from(e: EnsembleRefusal) -> LineError {
        LineError::Ensemble(e)
    }
}

impl From<crate::sim::SimError> for LineError {
    fn from(e: crate::sim::SimError) -> LineError {
        LineError::Sim(e)
    }
}

/// Why a command failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `KeeperException.Code` name (or a script-level message for invalid lines).
    pub error: String,
    /// What zkCli prints.
    pub message: String,
    /// For a multi that reached the server: every op's result.
    pub results: Option<Vec<OpResult>>,
}

/// One line of the transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Done(Outcome),
    Failed(Failure),
    /// A line the script could not run at all.
    ScriptError(LineError),
    Event {
        kind: EventType,
        path: String,
    },
    /// A connection-state change (`WatchedEvent` of type None).
    State(KeeperState),
    /// A recipe's status changed.
    Recipe {
        kind: crate::recipes::RecipeKind,
        status: crate::recipes::Status,
    },
    /// A safety property broke.
    Violation(crate::recipes::Violation),
    /// Server K of a simulated ensemble took a state: LOOKING, or LEADING, FOLLOWING,
    /// OBSERVING once it serves, in `epoch`.
    ServerState {
        server: crate::ensemble::PeerId,
        state: &'static str,
        epoch: i64,
    },
    /// What `srvr K` reported for server K of an ensemble.
    Srvr {
        server: crate::ensemble::PeerId,
        report: crate::script::ensemble_lines::SrvrReport,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub step: usize,
    pub session: Option<String>,
    pub cmd: String,
    pub kind: EntryKind,
    /// Exactly what zkCli prints for it (empty for a watch event while `printwatches` is off).
    pub output: String,
}
