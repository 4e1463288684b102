//! What an ensemble writes in the event log (`sim::log`, the same log as the standalone
//! simulation's): every message delivered (between servers, and between a client and its
//! server, and those dropped at a server that is down), every server's state change, crash and
//! start, beside its clients' lines; and the steps that wrote nothing, for the page.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::ensemble::{Message, PeerId, ServerState, TimerKind};
use crate::sim::Sim;
use crate::sim::{Quiet, QuietStep, QuietSteps, Summary};

/// At most this many lines are kept.
pub const LOG_MAX: usize = 1000;

/// A line of the servers of an ensemble.
#[derive(Clone, Debug)]
pub enum EnsembleLine {
    /// A message between servers arrived.
    Peer {
        from: PeerId,
        to: PeerId,
        message: Message,
    },
    /// A message between client `client` and server `server` arrived.
    Client {
        client: String,
        server: PeerId,
        to_server: bool,
        summary: Summary,
    },
    /// A server is in a new state (LOOKING, or serving as LEADING, FOLLOWING, OBSERVING).
    State {
        server: PeerId,
        state: ServerState,
        epoch: i64,
    },
    Crashed {
        server: PeerId,
    },
    Started {
        server: PeerId,
    },
    /// A message (a `Peer` or `Client` line) reached server `server`, which is down:
    /// nothing listens on its port, and it is dropped.
    Dropped {
        server: PeerId,
        message: Box<EnsembleLine>,
    },
}

impl fmt::Display for EnsembleLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnsembleLine::Peer { from, to, message } => {
                write!(f, "server {from} → server {to}: {}", message.summary())
            }
            EnsembleLine::Client {
                client,
                server,
                to_server: true,
                summary,
            } => write!(f, "{client} → server {server}: {summary}"),
            EnsembleLine::Client {
                client,
                server,
                summary,
                ..
            } => write!(f, "server {server} → {client}: {summary}"),
            EnsembleLine::State {
                server,
                state,
                epoch,
            } => write!(f, "server {server} is {} (epoch {epoch})", state.name()),
            EnsembleLine::Crashed { server } => write!(f, "server {server} crashed"),
            EnsembleLine::Started { server } => write!(f, "server {server} started"),
            EnsembleLine::Dropped { message, server } => {
                write!(f, "{message} — dropped: server {server} is down")
            }
        }
    }
}

/// A line is its English text (a message between servers is more than its line says).
impl PartialEq for EnsembleLine {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for EnsembleLine {}

impl Hash for EnsembleLine {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_string().hash(state)
    }
}

/// What an ensemble's step handled when it logged nothing: a server's timer (an election's
/// poll, its finalize wait, initLimit, syncLimit, the leader's half tick) or a client's (a
/// ping, a connection attempt). The page's log shows them, so every Step says what it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnsembleQuiet {
    Timer {
        server: PeerId,
        kind: TimerKind,
    },
    /// Client `client` (its index).
    ClientTimer {
        client: usize,
    },
}

impl Sim {
    /// Writes a line in the event log, at this event.
    /// Client `c`'s name (its index, should it have none).
    pub fn client_label(&self, c: usize) -> String {
        self.clients
            .at(c)
            .map_or_else(|| format!("client {c}"), |ec| ec.name.clone())
    }
}

impl QuietSteps {
    /// Steps the ensemble once and notes which timer it handled if it logged nothing; false
    /// when nothing is scheduled.
    pub fn step_ensemble(&mut self, sim: &mut Sim) -> bool {
        let event = sim.steps();
        let lines = sim.log().total();
        if !sim.step() {
            return false;
        }
        if sim.steps() == event || sim.log().total() != lines {
            return true;
        }
        let what = match sim.handled() {
            Some(&EnsembleQuiet::Timer { server, kind }) => Quiet::PeerTimer { server, kind },
            Some(&EnsembleQuiet::ClientTimer { client }) => Quiet::EnsembleClientTimer {
                client: sim.client_label(client),
            },
            None => return true,
        };
        self.keep(QuietStep {
            step: sim.steps(),
            time_ms: sim.now_ms(),
            what,
        });
        true
    }
}
