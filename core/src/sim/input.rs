//! What a user or a script does to the simulated world (`Input`, logged with its step so a
//! run can be replayed) and why the world refuses one (`SimError`).

use crate::recipes::{RecipeKind, RecipeOptions};
use crate::request::Request;

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

/// Why an input was refused. `Display` is the transcripts' English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// No client has that name.
    NoClient {
        name: String,
    },
    /// A client of that name runs already.
    AlreadyRunning {
        client: String,
    },
    /// The client is not running (crashed, closed, expired): it cannot start a role.
    NotRunning {
        client: String,
    },
    /// A recipe cannot work at `path` (not a valid path, or the root).
    NotARecipePath {
        path: String,
    },
    /// The session already runs a role (`kind`) on `path`.
    PathTaken {
        client: String,
        kind: RecipeKind,
        path: String,
    },
    /// `expire` needs a live session on a running server.
    NoLiveSession {
        client: String,
    },
    ServerAlreadyStopped,
    ServerAlreadyRunning,
    /// The clock cannot be set back.
    TimeBackwards,
    /// `server stop`/`server start` name no server, and an ensemble has several.
    WhichServer,
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::NoClient { name } => write!(f, "no client named {name}"),
            SimError::AlreadyRunning { client } => write!(f, "client {client} is already running"),
            SimError::NotRunning { client } => write!(f, "client {client} is not running"),
            SimError::NotARecipePath { path } => {
                write!(f, "'{path}' is not a path a recipe can use")
            }
            SimError::PathTaken { client, kind, path } => write!(
                f,
                "{client} already runs {} on {path}; a session's roles each need their own path",
                kind.name()
            ),
            SimError::NoLiveSession { client } => {
                write!(f, "{client} has no live session on a running server")
            }
            SimError::ServerAlreadyStopped => f.write_str("the server is already stopped"),
            SimError::ServerAlreadyRunning => f.write_str("the server is already running"),
            SimError::TimeBackwards => f.write_str("time cannot go backwards"),
            SimError::WhichServer => {
                f.write_str("an ensemble has several servers: name one ('server K stop')")
            }
        }
    }
}
