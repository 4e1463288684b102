//! The ensemble's event log, as the page's event log shows it: every message delivered (between
//! servers, and between a client and its server, and those dropped at a server that is down),
//! every server's state change, crash and start,
//! each with the event's number and time. Bounded: the oldest lines go first.

use std::collections::VecDeque;

use crate::ensemble::{Message, PeerId, ServerState, TimerKind};
use crate::sim::ensemble::EnsembleSim;
use crate::sim::Summary;

/// At most this many lines are kept.
pub const LOG_MAX: usize = 1000;

/// What happened.
#[derive(Clone, Debug)]
pub enum EnsembleEvent {
    /// A message between servers arrived.
    Peer {
        from: PeerId,
        to: PeerId,
        message: Message,
    },
    /// A message between client `client` (its index) and server `server` arrived.
    Client {
        client: usize,
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
    /// A message (a `Peer` or `Client` event) reached server `server`, which is down:
    /// nothing listens on its port, and it is dropped.
    Dropped {
        server: PeerId,
        message: Box<EnsembleEvent>,
    },
}

/// One line: the event count and the time when it happened.
#[derive(Clone, Debug)]
pub struct EnsembleLogEntry {
    pub event: u64,
    pub time_ms: u64,
    pub what: EnsembleEvent,
}

/// The lines kept.
#[derive(Clone, Debug, Default)]
pub struct EnsembleLog {
    lines: VecDeque<EnsembleLogEntry>,
    /// Keeps nothing (the simulation does not observe its peers).
    off: bool,
}

impl EnsembleLog {
    /// A log that keeps lines, or (`keep` false) none.
    pub fn new(keep: bool) -> EnsembleLog {
        EnsembleLog {
            lines: VecDeque::new(),
            off: !keep,
        }
    }

    pub fn push(&mut self, event: u64, time_ms: u64, what: EnsembleEvent) {
        if self.off {
            return;
        }
        if self.lines.len() >= LOG_MAX {
            self.lines.pop_front();
        }
        self.lines.push_back(EnsembleLogEntry {
            event,
            time_ms,
            what,
        });
    }

    /// The last `n` lines, oldest first.
    pub fn tail(&self, n: usize) -> impl Iterator<Item = &EnsembleLogEntry> {
        self.lines.iter().skip(self.lines.len().saturating_sub(n))
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
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

/// The latest quiet steps of an ensemble, each with the event count and time the log would
/// have given its line. Kept by the script backend beside the simulation.
#[derive(Clone, Debug, Default)]
pub struct EnsembleQuietSteps {
    steps: VecDeque<EnsembleLogEntryQuiet>,
}

/// A quiet step: what the log's line for it would have carried.
#[derive(Clone, Debug)]
pub struct EnsembleLogEntryQuiet {
    pub event: u64,
    pub time_ms: u64,
    pub what: EnsembleQuiet,
}

impl EnsembleQuietSteps {
    /// Steps the ensemble once and notes which timer it handled if it logged nothing; false
    /// when nothing is scheduled.
    pub fn step(&mut self, sim: &mut EnsembleSim) -> bool {
        let event = sim.events();
        let notes = sim.notes().last().map(|n| n.0);
        if !sim.step() {
            return false;
        }
        // What this event logged carries its number, one past the count before it.
        let logged =
            sim.log().tail(1).any(|e| e.event > event) || sim.notes().last().map(|n| n.0) != notes;
        if sim.events() == event || logged {
            return true;
        }
        if let Some(what) = sim.handled().cloned() {
            if self.steps.len() >= LOG_MAX {
                self.steps.pop_front();
            }
            self.steps.push_back(EnsembleLogEntryQuiet {
                event: sim.events(),
                time_ms: sim.now_ms(),
                what,
            });
        }
        true
    }

    /// The quiet steps kept, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &EnsembleLogEntryQuiet> {
        self.steps.iter()
    }
}
