//! What a step handled when it wrote no line of the event log (the server's tick, a client's
//! timer, a message dropped at a crashed end, an ensemble's server's or client's timer: see
//! `sim::ensemble::log` for the ensemble's): the page's event log shows these too, so every
//! Step says what it did. The simulation's own log, and every transcript that prints it, do
//! not hold them; the script backend keeps them beside the simulation ([`QuietSteps`]).

use std::collections::VecDeque;
use std::fmt;

use crate::ensemble::{PeerId, TimerKind};
use crate::sim::clients::ClientId;
use crate::sim::log::route;
use crate::sim::message::Summary;
use crate::sim::{Event, Pending, Sim};

/// What a quiet step handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quiet {
    /// The server's tick: it checked its sessions and none expired (`server_up` false: the
    /// server is down, and nothing was checked).
    ServerTick { server_up: bool },
    /// A client's timer: it sent `sent` (a ping), or had nothing to do yet.
    ClientTimer {
        client: String,
        sent: Option<Summary>,
    },
    /// A message reached an end that is down (the server, or a crashed client): dropped.
    Dropped {
        client: String,
        to_server: bool,
        summary: Summary,
    },
    /// A message reached a paused client: its socket keeps it until the client resumes.
    Buffered { client: String, summary: Summary },
    /// A message reached a client on a connection it has closed (it gave up on it): dropped.
    Stale { client: String, summary: Summary },
    /// A recipe role's timer (a hold over, an item due) with nothing to log.
    RecipeTimer { client: String },
    /// A paused client's wake-up, already resumed.
    Resume { client: String },
    /// An ensemble's server's timer (an election's poll, its finalize wait, initLimit,
    /// syncLimit, the leader's half tick).
    PeerTimer { server: PeerId, kind: TimerKind },
    /// An ensemble's client's timer (a ping, a connection attempt).
    EnsembleClientTimer { client: String },
}

impl fmt::Display for Quiet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quiet::ServerTick { server_up: true } => {
                f.write_str("server: tick — sessions checked, none expired")
            }
            Quiet::ServerTick { server_up: false } => {
                f.write_str("server: tick — the server is down, nothing checked")
            }
            Quiet::ClientTimer {
                client,
                sent: Some(summary),
            } => write!(f, "{client}: timer — sends {summary}"),
            Quiet::ClientTimer { client, sent: None } => {
                write!(f, "{client}: timer — nothing due yet")
            }
            Quiet::Dropped {
                client,
                to_server,
                summary,
            } => {
                let down = if *to_server {
                    "server"
                } else {
                    client.as_str()
                };
                write!(
                    f,
                    "{} {summary} — dropped: {down} is down",
                    route(client, *to_server)
                )
            }
            Quiet::Buffered { client, summary } => write!(
                f,
                "{} {summary} — buffered: {client} is paused",
                route(client, false)
            ),
            Quiet::Stale { client, summary } => write!(
                f,
                "{} {summary} — dropped: that connection is closed",
                route(client, false)
            ),
            Quiet::RecipeTimer { client } => write!(f, "{client}: recipe timer"),
            Quiet::Resume { client } => write!(f, "{client}: wake-up (already resumed)"),
            Quiet::PeerTimer { server, kind } => {
                let what = match kind {
                    TimerKind::ElectionPoll => "no new vote in time — sends its vote again",
                    TimerKind::ElectionFinalize => "finalize wait over — decides on its vote",
                    TimerKind::InitLimit => "initLimit over",
                    TimerKind::SyncLimit => "syncLimit over",
                    TimerKind::Ping => "the leader's half tick",
                };
                write!(f, "server {server}: {what}")
            }
            Quiet::EnsembleClientTimer { client } => write!(f, "{client}: client timer"),
        }
    }
}

/// A line hashes as its English text, as the log's lines do.
impl std::hash::Hash for Quiet {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.to_string().hash(state)
    }
}

/// A quiet step: its number and time, and what it handled.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QuietStep {
    pub step: u64,
    pub time_ms: u64,
    pub what: Quiet,
}

/// The latest quiet steps (the page shows the log's latest lines, so older ones can go).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuietSteps {
    steps: VecDeque<QuietStep>,
}

/// The most quiet steps kept.
pub const QUIET_STEPS_MAX: usize = 200;

/// What the next event is, read before the step (the event itself is not copied).
enum Next {
    ServerTick,
    ClientTimer(ClientId),
    Deliver {
        client: ClientId,
        to_server: bool,
        summary: Summary,
    },
    Resume(ClientId),
    RecipeTimer(ClientId),
}

impl QuietSteps {
    /// Steps the simulation once and notes what the step handled if it wrote no line of the
    /// log; false when nothing is scheduled.
    pub fn step(&mut self, sim: &mut Sim) -> bool {
        let next = sim.next_pending().and_then(|p| match p {
            Pending::Deliver {
                client,
                to_server,
                payload,
            } => Some(Next::Deliver {
                client,
                to_server,
                summary: payload.summary(),
            }),
            Pending::Event(Event::ServerTick) => Some(Next::ServerTick),
            Pending::Event(Event::ClientTimer(id)) => Some(Next::ClientTimer(*id)),
            Pending::Event(Event::Deliver(m)) => Some(Next::Deliver {
                client: m.client,
                to_server: m.to_server,
                summary: m.summary(),
            }),
            Pending::Event(Event::Resume(id)) => Some(Next::Resume(*id)),
            Pending::Event(Event::RecipeTimer(key)) => Some(Next::RecipeTimer(key.client)),
            // A standalone world has no peers (an ensemble's quiet steps: `step_ensemble`).
            Pending::Event(Event::PeerTimer(_)) => None,
        });
        let lines_before = sim.log().total();
        let newest_before = sim.latest_message_id();
        if !sim.step() {
            return false;
        }
        if sim.log().total() != lines_before {
            return true;
        }
        let Some(what) = next.and_then(|e| quiet(sim, e, newest_before)) else {
            return true;
        };
        self.keep(QuietStep {
            step: sim.steps(),
            time_ms: sim.now_ms(),
            what,
        });
        true
    }

    /// Keeps a quiet step; the oldest goes when full.
    pub(crate) fn keep(&mut self, step: QuietStep) {
        if self.steps.len() >= QUIET_STEPS_MAX {
            self.steps.pop_front();
        }
        self.steps.push_back(step);
    }

    /// The quiet steps kept, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &QuietStep> {
        self.steps.iter()
    }
}

/// What the step that handled `e` did, read from the simulation after it; `None` when it set
/// off moments of a session's start (② and ③ have rows of their own).
fn quiet(sim: &Sim, e: Next, newest_before: u64) -> Option<Quiet> {
    let name = |id: ClientId| sim.client_name(id).to_string();
    Some(match e {
        Next::ServerTick => Quiet::ServerTick {
            server_up: sim.server_up(),
        },
        Next::ClientTimer(id) => {
            let sent = sim
                .in_flight_after(newest_before)
                .into_iter()
                .find(|m| m.client == id && m.to_server)
                .map(|m| m.summary());
            if matches!(
                sent,
                Some(Summary::Connect { .. } | Summary::Reconnect { .. })
            ) {
                return None;
            }
            Quiet::ClientTimer {
                client: name(id),
                sent,
            }
        }
        Next::Deliver {
            client: id,
            to_server,
            summary,
        } => {
            let client = name(id);
            let at_client = sim.client(&client);
            if to_server && !sim.server_up() || !to_server && at_client.is_some_and(|c| c.crashed) {
                Quiet::Dropped {
                    client,
                    to_server,
                    summary,
                }
            } else if !to_server && at_client.is_some_and(|c| c.is_paused()) {
                Quiet::Buffered { client, summary }
            } else {
                Quiet::Stale { client, summary }
            }
        }
        Next::Resume(id) => Quiet::Resume { client: name(id) },
        Next::RecipeTimer(id) => Quiet::RecipeTimer { client: name(id) },
    })
}
