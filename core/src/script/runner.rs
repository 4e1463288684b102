//! Runs a parsed script on a [`Backend`], doing what zkCli 3.8 does for each line (the
//! console in `console`, the commands in `commands`, the subtree walks in `walks`), and
//! records a transcript of results and watch events (`entry`).

use crate::sorted::SortedMap as BTreeMap;

use crate::error::ZkError;
use crate::path::validate_path;
use crate::request::{Request, Response};
use crate::script::backend::Backend;
use crate::script::cli::CliCommand;
use crate::script::console::NOT_CONNECTED;
pub use crate::script::entry::{Entry, EntryKind, Failure, LineError, Outcome};
use crate::script::parse::{Step, StepKind};
use crate::script::shell::Shell;
use crate::script::transcript::event_text;
use crate::sim::client_watches::{ClientWatches, Registration};
use crate::watch::{EventType, KeeperState};

pub(super) fn fail(e: ZkError, path: &str) -> Failure {
    let message = crate::script::cli::wrapper_message(e, path);
    Failure {
        error: e.name().to_string(),
        message,
        results: None,
    }
}

fn bad_path(message: String) -> Failure {
    Failure {
        error: ZkError::BadArguments.name().to_string(),
        message,
        results: None,
    }
}

pub(super) fn check_path(p: &str, sequential: bool) -> Result<(), Failure> {
    validate_path(p, sequential).map_err(|e| bad_path(e.message))
}

/// Whether zkCli's connection is alive (`zk.getState().isAlive()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SessionState {
    Open,
    /// Closed, expired or failed authentication: zkCli prints `Not connected`; the Java API
    /// would throw this error.
    Gone(ZkError),
}

/// A step whose command ran and whose events are still to be collected.
#[derive(Clone, Debug, Default)]
pub struct Started {
    /// Events the client raises itself (removewatches' `…WatchRemoved`), not the server.
    synthesized: Vec<(String, EntryKind)>,
}

/// Executes scripts step by step, keeping each session's client-side state.
#[derive(Clone, Debug)]
pub struct Runner<B> {
    pub backend: B,
    pub(super) sessions: BTreeMap<String, SessionState>,
    pub(super) watches: BTreeMap<String, ClientWatches>,
    /// Each console's own zkCli state (history, printwatches).
    pub(super) shells: BTreeMap<String, Shell>,
    /// What the running command printed before its result (zkCli's warnings).
    pub(super) notes: String,
    /// Events drained early (before `connect` replaces a session), reported with the step.
    pub(super) early_events: Vec<crate::script::backend::ReceivedEvent>,
    /// Session names in the order they were first opened: events are listed in that order.
    pub(super) order: Vec<String>,
    /// Set when the backend refused the script's `ensemble` line: nothing more runs, so the
    /// transcript holds one clear error instead of one per line.
    pub refused: bool,
    pub entries: Vec<Entry>,
}

/// Runs a whole script and returns its transcript.
pub fn run_script(backend: &mut dyn Backend, steps: &[Step]) -> Vec<Entry> {
    let mut r = Runner::new(backend);
    for s in steps {
        if r.refused {
            break;
        }
        r.run_step(s);
    }
    r.entries
}

impl<B: Backend> Runner<B> {
    pub fn new(backend: B) -> Runner<B> {
        Runner {
            backend,
            sessions: BTreeMap::new(),
            watches: BTreeMap::new(),
            shells: BTreeMap::new(),
            notes: String::new(),
            early_events: Vec::new(),
            order: Vec::new(),
            refused: false,
            entries: Vec::new(),
        }
    }

    /// The client-side watches of a session.
    pub fn client_watches(&self, session: &str) -> Option<&ClientWatches> {
        self.watches.get(session)
    }

    pub(super) fn push(&mut self, step: &Step, kind: EntryKind) {
        let output = match &kind {
            EntryKind::ScriptError(m) => format!("Error: {m}\n"),
            _ => String::new(),
        };
        self.push_printed(step, kind, output);
    }

    pub(super) fn push_printed(&mut self, step: &Step, kind: EntryKind, output: String) {
        self.entries.push(Entry {
            step: step.index,
            session: step.session.clone(),
            cmd: step.text.clone(),
            kind,
            output,
        });
    }

    pub(super) fn alive(&self, s: &str) -> bool {
        self.sessions.get(s) == Some(&SessionState::Open)
    }

    pub(super) fn not_connected(&self, s: &str) -> (EntryKind, String) {
        let e = match self.sessions.get(s) {
            Some(SessionState::Gone(e)) => *e,
            _ => ZkError::SessionExpired,
        };
        let f = Failure {
            error: e.name().to_string(),
            message: "Not connected".into(),
            results: None,
        };
        (EntryKind::Failed(f), NOT_CONNECTED.into())
    }

    /// Runs one step and appends its entries (result, then events).
    pub fn run_step(&mut self, step: &Step) {
        let started = self.start_step(step);
        self.finish_step(step, started);
    }

    /// Runs a step's command and appends its result; its events follow with
    /// [`Runner::finish_step`]. Between the two, the backend may let the command's messages land
    /// in slices (`SimulationBackend::settle_some`).
    pub fn start_step(&mut self, step: &Step) -> Started {
        let mut synthesized: Vec<(String, EntryKind)> = Vec::new();
        if self.refused {
            return Started { synthesized };
        }
        match &step.kind {
            StepKind::Invalid(msg) => self.push(step, EntryKind::ScriptError(msg.clone().into())),
            StepKind::Ensemble(config) => {
                if let Err(e) = self.backend.start_ensemble(config) {
                    self.refused = true;
                    self.push(
                        step,
                        EntryKind::ScriptError(format!("line {}: {e}", step.line).into()),
                    );
                }
            }
            StepKind::Server(cmd) => match self.backend.server_command(cmd) {
                Ok(None) => {}
                Ok(Some(report)) => {
                    let server = cmd.servers().first().copied().unwrap_or(0);
                    let output = crate::script::transcript::srvr_text(&report);
                    self.push_printed(step, EntryKind::Srvr { server, report }, output);
                }
                Err(e) => self.push(step, EntryKind::ScriptError(e)),
            },
            StepKind::Sleep { ms } => self.backend.sleep(*ms),
            StepKind::Sim(cmd) => {
                if let Err(e) = self.backend.sim_command(cmd) {
                    self.push(step, EntryKind::ScriptError(e));
                }
            }
            StepKind::Session { timeout_ms, server } => {
                let name = step.session.clone().unwrap_or_default();
                if self.sessions.get(&name) == Some(&SessionState::Open) {
                    self.push(
                        step,
                        EntryKind::ScriptError(LineError::SessionOpen { name }),
                    );
                } else {
                    match self.backend.open_session_on(&name, *timeout_ms, *server) {
                        Ok(()) => {
                            self.sessions.insert(name.clone(), SessionState::Open);
                            self.watches.insert(name.clone(), ClientWatches::default());
                            self.shells.insert(name.clone(), Shell::new(*timeout_ms));
                            if !self.order.contains(&name) {
                                self.order.push(name);
                            }
                        }
                        Err(e) => self.push(step, EntryKind::ScriptError(e)),
                    }
                }
            }
            StepKind::Command(_) | StepKind::Multi(_) | StepKind::Refused(_) => {
                let name = step.session.clone().unwrap_or_default();
                if self.sessions.contains_key(&name) {
                    let (kind, output) = self.console_line(&name, step, &mut synthesized);
                    self.push_printed(step, kind, output);
                } else {
                    self.push(step, EntryKind::ScriptError(LineError::NoSession { name }));
                }
            }
        }
        Started { synthesized }
    }

    /// Closes a step: appends the events it caused, in session order.
    pub fn finish_step(&mut self, step: &Step, started: Started) {
        if self.refused {
            return;
        }
        self.collect_events(step, started.synthesized);
    }

    pub(super) fn collect_events(&mut self, step: &Step, synthesized: Vec<(String, EntryKind)>) {
        // Sessions opened by the backend itself (a recipe line) join the event order.
        for s in self.backend.session_names() {
            if !self.order.contains(&s) {
                self.order.push(s.clone());
                self.sessions.insert(s.clone(), SessionState::Open);
                self.watches.entry(s).or_default();
            }
        }
        let mut by_session: BTreeMap<String, Vec<EntryKind>> = BTreeMap::new();
        // Events of a session `connect` replaced come first and no longer end anything.
        let replaced = self.early_events.len();
        let mut received = std::mem::take(&mut self.early_events);
        received.extend(self.backend.drain_events());
        let received_states = self.backend.drain_server_states();
        for (i, e) in received.into_iter().enumerate() {
            let kind = if e.kind == EventType::None && i < replaced {
                EntryKind::State(e.state)
            } else if e.kind == EventType::None {
                // The connection is dead for good once its client reports Expired, Closed or
                // AuthFailed (zkCli then answers `Not connected`).
                let gone = match e.state {
                    KeeperState::Expired | KeeperState::Closed => Some(ZkError::SessionExpired),
                    KeeperState::AuthFailed => Some(ZkError::AuthFailed),
                    _ => None,
                };
                if let Some(error) = gone {
                    self.sessions
                        .insert(e.session.clone(), SessionState::Gone(error));
                }
                EntryKind::State(e.state)
            } else {
                if let Some(w) = self.watches.get_mut(&e.session) {
                    w.on_event(e.kind, &e.path);
                }
                EntryKind::Event {
                    kind: e.kind,
                    path: e.path,
                }
            };
            by_session.entry(e.session).or_default().push(kind);
        }
        for (s, kind) in synthesized {
            by_session.entry(s).or_default().push(kind);
        }
        for (server, state, epoch) in received_states {
            let output = format!("[server {server}] {state}, epoch {epoch}\n");
            self.entries.push(Entry {
                step: step.index,
                session: None,
                cmd: step.text.clone(),
                kind: EntryKind::ServerState {
                    server,
                    state,
                    epoch,
                },
                output,
            });
        }
        for name in self.order.clone() {
            if let Some(events) = by_session.remove(&name) {
                let printing = self.shells.get(&name).is_none_or(|sh| sh.print_watches);
                for kind in events {
                    let output = match &kind {
                        _ if !printing => String::new(),
                        EntryKind::Event { kind, path } => {
                            event_text(KeeperState::SyncConnected.name(), kind.name(), path)
                        }
                        EntryKind::State(state) => event_text(state.name(), "None", "null"),
                        _ => String::new(),
                    };
                    self.entries.push(Entry {
                        step: step.index,
                        session: Some(name.clone()),
                        cmd: step.text.clone(),
                        kind,
                        output,
                    });
                }
            }
        }
        for report in self.backend.drain_recipe_reports() {
            let (session, kind) = match report {
                crate::sim::RecipeReport::Status {
                    client,
                    kind,
                    status,
                } => (Some(client), EntryKind::Recipe { kind, status }),
                crate::sim::RecipeReport::Violation(v) => (None, EntryKind::Violation(v)),
            };
            self.entries.push(Entry {
                step: step.index,
                session,
                cmd: step.text.clone(),
                kind,
                output: String::new(),
            });
        }
    }

    pub(super) fn call(&mut self, s: &str, r: &Request) -> Result<Response, ZkError> {
        self.backend.call(s, r)
    }

    pub(super) fn register(&mut self, s: &str, p: &str, r: Registration) {
        self.watches
            .entry(s.to_string())
            .or_default()
            .register(p, r);
    }
}

/// The path a command names, for messages.
pub fn command_path(c: &CliCommand) -> String {
    match c {
        CliCommand::Create { path, .. }
        | CliCommand::Delete { path, .. }
        | CliCommand::DeleteAll { path, .. }
        | CliCommand::Set { path, .. }
        | CliCommand::Get { path, .. }
        | CliCommand::Stat { path, .. }
        | CliCommand::Ls { path, .. }
        | CliCommand::GetEphemerals { path }
        | CliCommand::GetAllChildrenNumber { path }
        | CliCommand::Sync { path }
        | CliCommand::AddWatch { path, .. }
        | CliCommand::RemoveWatches { path, .. }
        | CliCommand::GetAcl { path, .. }
        | CliCommand::SetAcl { path, .. } => path.clone(),
        CliCommand::Compat { command, .. } => command_path(command),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::parse::parse_script;
    use crate::script::{EngineBackend, SimulationBackend};

    /// Until the ensemble model lands, the standalone backends refuse an ensemble script with
    /// one error naming its line, and run nothing of it.
    #[test]
    fn standalone_backends_refuse_an_ensemble_script_once() {
        let steps = parse_script("# three servers\nensemble 3 tickTime=200\nsession a server=1\nsrvr 1\na: create /x 1\n");
        let backends: [&mut dyn Backend; 2] = [
            &mut SimulationBackend::default(),
            &mut EngineBackend::default(),
        ];
        for backend in backends {
            let entries = run_script(backend, &steps);
            assert_eq!(entries.len(), 1, "{entries:?}");
            assert_eq!(entries[0].step, 1);
            assert!(
                matches!(&entries[0].kind, EntryKind::ScriptError(e)
                    if e.to_string() == "line 2: 'ensemble 3 tickTime=200': this backend runs one standalone ZooKeeper server; a script with an ensemble runs on the ensemble backend"),
                "{:?}",
                entries[0].kind
            );
        }
    }
}
