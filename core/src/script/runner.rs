//! Runs a parsed script on a [`Backend`], doing what zkCli 3.8 does for each command (including
//! the client-side parts: path checks, `deleteall` and `ls -R` as walks, the client's watch
//! bookkeeping), and records a transcript of results and watch events.

use std::collections::{BTreeMap, BTreeSet};

use crate::acl::{parse_acl_list_noting, Acl};
use crate::error::ZkError;
use crate::path::{self, validate_path};
use crate::request::{CreateMode, Op, OpResult, Request, Response};
use crate::script::backend::Backend;
use crate::script::cli::{parse_command, CliCommand, CliError, VERSION_LINE};
use crate::script::parse::{MultiLine, Step, StepKind};
use crate::script::shell::{Redo, Shell};
use crate::script::transcript::{event_text, outcome_text, stat_text};
use crate::sim::client_watches::{ClientWatches, Registration};
use crate::stat::Stat;
use crate::watch::{EventType, KeeperState, WatchMode};

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
    ScriptError(String),
    Event {
        kind: EventType,
        path: String,
    },
    /// A connection-state change (`WatchedEvent` of type None).
    State(KeeperState),
    /// A recipe's status changed.
    Recipe {
        kind: crate::recipes::RecipeKind,
        status: String,
    },
    /// A safety property broke.
    Violation(crate::recipes::Violation),
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

fn fail(e: ZkError, path: &str) -> Failure {
    let message = match e {
        ZkError::NoNode => format!("Node does not exist: {path}"),
        ZkError::NoChildrenForEphemerals => format!("Ephemerals cannot have children: {path}"),
        ZkError::NodeExists => format!("Node already exists: {path}"),
        ZkError::NotEmpty => format!("Node not empty: {path}"),
        ZkError::NotReadOnly => format!("Not a read-only call: {path}"),
        ZkError::InvalidAcl => format!("Acl is not valid : {path}"),
        ZkError::NoAuth => format!("Insufficient permission : {path}"),
        ZkError::BadArguments => format!("Arguments are not valid : {path}"),
        ZkError::BadVersion => format!("version No is not valid : {path}"),
        ZkError::QuotaExceeded => format!("Quota has exceeded : {path}"),
        other => other.keeper_message(path),
    };
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

fn check_path(p: &str, sequential: bool) -> Result<(), Failure> {
    validate_path(p, sequential).map_err(|e| bad_path(e.message))
}

/// Whether zkCli's connection is alive (`zk.getState().isAlive()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SessionState {
    Open,
    /// Closed, expired or failed authentication: zkCli prints `Not connected`; the Java API
    /// would throw this error.
    Gone(ZkError),
}

/// What zkCli prints for a command on a connection that is not alive.
const NOT_CONNECTED: &str = "Not connected\n";

/// Executes scripts step by step, keeping each session's client-side state.
#[derive(Clone, Debug)]
pub struct Runner<B> {
    pub backend: B,
    sessions: BTreeMap<String, SessionState>,
    watches: BTreeMap<String, ClientWatches>,
    /// Each console's own zkCli state (history, printwatches).
    shells: BTreeMap<String, Shell>,
    /// What the running command printed before its result (zkCli's warnings).
    notes: String,
    /// Events drained early (before `connect` replaces a session), reported with the step.
    early_events: Vec<crate::script::backend::ReceivedEvent>,
    /// Session names in the order they were first opened: events are listed in that order.
    order: Vec<String>,
    pub entries: Vec<Entry>,
}

/// Runs a whole script and returns its transcript.
pub fn run_script(backend: &mut dyn Backend, steps: &[Step]) -> Vec<Entry> {
    let mut r = Runner::new(backend);
    for s in steps {
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
            entries: Vec::new(),
        }
    }

    /// Entries added since `from`, for callers that show output step by step.
    pub fn entries_since(&self, from: usize) -> &[Entry] {
        self.entries.get(from..).unwrap_or(&[])
    }

    /// The client-side watches of a session.
    pub fn client_watches(&self, session: &str) -> Option<&ClientWatches> {
        self.watches.get(session)
    }

    fn push(&mut self, step: &Step, kind: EntryKind) {
        let output = match &kind {
            EntryKind::ScriptError(m) => format!("Error: {m}\n"),
            _ => String::new(),
        };
        self.push_printed(step, kind, output);
    }

    fn push_printed(&mut self, step: &Step, kind: EntryKind, output: String) {
        self.entries.push(Entry {
            step: step.index,
            session: step.session.clone(),
            cmd: step.text.clone(),
            kind,
            output,
        });
    }

    fn alive(&self, s: &str) -> bool {
        self.sessions.get(s) == Some(&SessionState::Open)
    }

    fn not_connected(&self, s: &str) -> (EntryKind, String) {
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
        let mut synthesized: Vec<(String, EntryKind)> = Vec::new();
        match &step.kind {
            StepKind::Invalid(msg) => self.push(step, EntryKind::ScriptError(msg.clone())),
            StepKind::Sleep { ms } => self.backend.sleep(*ms),
            StepKind::Sim(cmd) => {
                if let Err(e) = self.backend.sim_command(cmd) {
                    self.push(step, EntryKind::ScriptError(e));
                }
            }
            StepKind::Session { timeout_ms } => {
                let name = step.session.clone().unwrap_or_default();
                if self.sessions.get(&name) == Some(&SessionState::Open) {
                    self.push(
                        step,
                        EntryKind::ScriptError(format!("session {name} is already open")),
                    );
                } else {
                    match self.backend.open_session(&name, *timeout_ms) {
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
                    self.push(
                        step,
                        EntryKind::ScriptError(format!(
                            "no session named {name}: open it first with 'session {name}'"
                        )),
                    );
                }
            }
        }
        self.collect_events(step, synthesized);
    }

    /// One line typed in a session's console: what `ZooKeeperMain.executeLine` does with it.
    fn console_line(
        &mut self,
        name: &str,
        step: &Step,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> (EntryKind, String) {
        if let StepKind::Multi(ops) = &step.kind {
            // zkplay's own block (zkCli has no multi): no history, same connection rule.
            if !self.alive(name) {
                return self.not_connected(name);
            }
            return match self.multi(name, ops) {
                Ok(o) => {
                    let text = outcome_text(&o);
                    (EntryKind::Done(o), text)
                }
                Err(f) => {
                    let text = failure_text(&f);
                    (EntryKind::Failed(f), text)
                }
            };
        }
        if let StepKind::Refused(CliError::Empty) = &step.kind {
            return (
                EntryKind::ScriptError(CliError::Empty.message()),
                String::new(),
            );
        }
        if let Some(shell) = self.shells.get_mut(name) {
            shell.record(&step.text);
        }
        let (kind, output, crashed) = match &step.kind {
            StepKind::Command(c) => self.run_cli(name, c, synthesized),
            StepKind::Refused(e) => self.refused(name, e),
            _ => (EntryKind::ScriptError(String::new()), String::new(), false),
        };
        if !crashed {
            if let Some(shell) = self.shells.get_mut(name) {
                shell.finish();
            }
        }
        (kind, output)
    }

    /// A line zkCli does not run: unknown commands complain even when not connected.
    fn refused(&self, name: &str, e: &CliError) -> (EntryKind, String, bool) {
        let kind = EntryKind::ScriptError(e.message());
        match e {
            CliError::NotFound(_) => (kind, e.printed(), false),
            _ if !self.alive(name) => {
                let (k, o) = self.not_connected(name);
                (k, o, false)
            }
            CliError::Crash(_) => (kind, e.printed(), true),
            _ => (kind, e.printed(), false),
        }
    }

    /// `processZKCmd`: zkCli's own commands first, then the connection check, then the command.
    /// Returns the entry, what zkCli printed, and whether an exception escaped zkCli.
    fn run_cli(
        &mut self,
        name: &str,
        c: &CliCommand,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> (EntryKind, String, bool) {
        let mut printed = String::new();
        match c {
            CliCommand::History => {
                printed = self
                    .shells
                    .get(name)
                    .map(Shell::history_text)
                    .unwrap_or_default();
            }
            CliCommand::PrintWatches(arg) => {
                if let Some(shell) = self.shells.get_mut(name) {
                    match arg {
                        None => {
                            let on = if shell.print_watches { "on" } else { "off" };
                            printed = format!("printwatches is {on}\n");
                        }
                        Some(a) => shell.print_watches = a == "on",
                    }
                }
            }
            CliCommand::Redo(Some(arg)) => {
                let redo = self.shells.get_mut(name).map(|sh| sh.redo(arg));
                match redo {
                    Some(Redo::Line(line)) => {
                        let (kind, out, crashed) = match parse_command(&line) {
                            Ok(again) => self.run_cli(name, &again, synthesized),
                            Err(e) => self.refused(name, &e),
                        };
                        if crashed || self.alive(name) {
                            return (kind, out, crashed);
                        }
                        return (kind, format!("{out}{NOT_CONNECTED}"), false);
                    }
                    Some(Redo::Refused(m)) => {
                        return (EntryKind::ScriptError(m.into()), format!("{m}\n"), false)
                    }
                    Some(Redo::Crash(m)) => {
                        return (EntryKind::ScriptError(m.clone()), format!("{m}\n"), true)
                    }
                    None => {}
                }
            }
            CliCommand::Connect => return self.reconnect(name),
            _ => {}
        }
        if !self.alive(name) {
            let (kind, out) = self.not_connected(name);
            return (kind, format!("{printed}{out}"), false);
        }
        if matches!(
            c,
            CliCommand::History | CliCommand::PrintWatches(_) | CliCommand::Redo(_)
        ) {
            return (
                EntryKind::Done(Outcome::Text {
                    text: printed.clone(),
                }),
                printed,
                false,
            );
        }
        if let CliCommand::Compat { notice, command } = c {
            let (kind, out, crashed) = self.run_cli(name, command, synthesized);
            return (kind, format!("{notice}\n{out}"), crashed);
        }
        self.notes.clear();
        let result = self.command(name, c, synthesized);
        let notes = std::mem::take(&mut self.notes);
        match result {
            Ok(o) => {
                let text = format!("{notes}{}", printed_outcome(c, &o));
                (EntryKind::Done(o), text, false)
            }
            Err(f) => {
                let text = format!("{notes}{}", failure_text(&f));
                (EntryKind::Failed(f), text, false)
            }
        }
    }

    /// `connect`: zkCli closes its session if it is alive, then opens a new one.
    fn reconnect(&mut self, name: &str) -> (EntryKind, String, bool) {
        if self.alive(name) {
            let _ = self.backend.close_session(name);
            // The old session's last events (Closed) belong before the new one's.
            let drained = self.backend.drain_events();
            self.early_events.extend(drained);
        }
        let timeout_ms = self.shells.get(name).map_or(30_000, |sh| sh.timeout_ms);
        match self.backend.open_session(name, timeout_ms) {
            Ok(()) => {
                self.sessions.insert(name.to_string(), SessionState::Open);
                self.watches
                    .insert(name.to_string(), ClientWatches::default());
                (EntryKind::Done(Outcome::Empty), String::new(), false)
            }
            Err(e) => (EntryKind::ScriptError(e.clone()), format!("{e}\n"), false),
        }
    }

    fn collect_events(&mut self, step: &Step, synthesized: Vec<(String, EntryKind)>) {
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
        for name in self.order.clone() {
            if let Some(events) = by_session.remove(&name) {
                let printing = self.shells.get(&name).is_none_or(|sh| sh.print_watches);
                for kind in events {
                    let output = match &kind {
                        _ if !printing => String::new(),
                        EntryKind::Event { kind, path } => event_text(kind.name(), path),
                        EntryKind::State(state) => event_text_state(*state),
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

    fn call(&mut self, s: &str, r: &Request) -> Result<Response, ZkError> {
        self.backend.call(s, r)
    }

    fn register(&mut self, s: &str, p: &str, r: Registration) {
        self.watches
            .entry(s.to_string())
            .or_default()
            .register(p, r);
    }

    fn command(
        &mut self,
        s: &str,
        c: &CliCommand,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> Result<Outcome, Failure> {
        match c {
            CliCommand::Create {
                path,
                data,
                acl,
                mode,
                ttl_ms,
            } => {
                check_path(path, mode.is_sequential())?;
                let acl = match acl {
                    Some(text) => self.zkcli_acl(text),
                    None => Acl::open_unsafe(),
                };
                if acl.is_empty() {
                    // The Java client refuses an empty ACL before sending (no path in the
                    // exception); zkCli prints its message, then the wrapped one.
                    self.notes.push_str("KeeperErrorCode = InvalidACL\n");
                    return Err(fail(ZkError::InvalidAcl, "null"));
                }
                let op = Op::Create {
                    path: path.clone(),
                    data: data.as_ref().map(|d| d.as_bytes().to_vec()),
                    acl,
                    mode: *mode,
                    ttl_ms: *ttl_ms,
                };
                match self.call(s, &Request::Write(op)) {
                    Ok(Response::Create { path, .. }) => Ok(Outcome::Created { path }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(ZkError::InvalidAcl) => {
                        self.notes
                            .push_str(&format!("KeeperErrorCode = InvalidACL for {path}\n"));
                        Err(fail(ZkError::InvalidAcl, path))
                    }
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Delete { path, version } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::Write(Op::Delete {
                        path: path.clone(),
                        version: *version,
                    }),
                );
                r.map(|_| Outcome::Empty).map_err(|e| fail(e, path))
            }
            CliCommand::DeleteAll { path, batch } => self.delete_all(s, path, *batch),
            CliCommand::Set {
                path,
                data,
                version,
                stat,
            } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::Write(Op::SetData {
                        path: path.clone(),
                        data: Some(data.as_bytes().to_vec()),
                        version: *version,
                    }),
                );
                match r {
                    Ok(Response::SetData { stat: st }) => Ok(Outcome::Written {
                        stat: st,
                        print_stat: *stat,
                    }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Get { path, stat, watch } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::GetData {
                        path: path.clone(),
                        watch: *watch,
                    },
                );
                match r {
                    Ok(Response::GetData { data, stat: st }) => {
                        if *watch {
                            self.register(s, path, Registration::Data);
                        }
                        Ok(Outcome::Data {
                            data: data.map(|d| d.to_vec()),
                            stat: st,
                            with_stat: *stat,
                        })
                    }
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Stat { path, watch } => {
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::Exists {
                        path: path.clone(),
                        watch: *watch,
                    },
                );
                match r {
                    Ok(Response::Exists { stat }) => {
                        if *watch {
                            self.register(s, path, Registration::Data);
                        }
                        Ok(Outcome::StatOf { stat: Some(stat) })
                    }
                    Err(ZkError::NoNode) => {
                        if *watch {
                            self.register(s, path, Registration::Exist);
                        }
                        Ok(Outcome::StatOf { stat: None })
                    }
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Ls {
                path,
                stat,
                watch,
                recursive,
            } => {
                check_path(path, false)?;
                if *recursive {
                    return self.list_tree(s, path, *watch);
                }
                match self.get_children(s, path, *watch) {
                    Ok((children, st)) => Ok(Outcome::Children {
                        children,
                        stat: stat.then_some(st),
                    }),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::GetEphemerals { path } => {
                check_path(path, false)?;
                match self.call(
                    s,
                    &Request::GetEphemerals {
                        prefix: path.clone(),
                    },
                ) {
                    Ok(Response::Ephemerals { paths }) => Ok(Outcome::Ephemerals { paths }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::GetAllChildrenNumber { path } => {
                check_path(path, false)?;
                match self.call(s, &Request::GetAllChildrenNumber { path: path.clone() }) {
                    Ok(Response::Count { count }) => Ok(Outcome::Count { count }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Sync { path } => {
                check_path(path, false)?;
                match self.call(s, &Request::Sync { path: path.clone() }) {
                    Ok(_) => Ok(Outcome::Synced),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::AddWatch { path, mode } => {
                // zkCli takes `-m` while parsing, before it looks at the path.
                let mode = match self.shells.get_mut(s) {
                    Some(shell) => {
                        if let Some(m) = mode {
                            shell.add_watch_mode = *m;
                        }
                        shell.add_watch_mode
                    }
                    None => mode.unwrap_or(WatchMode::PersistentRecursive),
                };
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::AddWatch {
                        path: path.clone(),
                        mode,
                    },
                );
                match r {
                    Ok(_) => {
                        self.register(s, path, Registration::Added(mode));
                        Ok(Outcome::Empty)
                    }
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::RemoveWatches { path, kind, local } => {
                check_path(path, false)?;
                let known = self.watches.get(s).is_some_and(|w| w.contains(path, *kind));
                if !known {
                    return Err(fail(ZkError::NoWatcher, path));
                }
                let r = self.call(
                    s,
                    &Request::RemoveWatches {
                        path: path.clone(),
                        kind: *kind,
                    },
                );
                if let Err(e) = r {
                    if !*local {
                        return Err(fail(e, path));
                    }
                }
                let removed = self.watches.get_mut(s).and_then(|w| w.remove(path, *kind));
                match removed {
                    Some(events) => {
                        for kind in events {
                            let path = path.clone();
                            synthesized.push((s.to_string(), EntryKind::Event { kind, path }));
                        }
                        Ok(Outcome::Empty)
                    }
                    None => Err(fail(ZkError::NoWatcher, path)),
                }
            }
            CliCommand::AddAuth { scheme, auth } => {
                let r = self.call(
                    s,
                    &Request::AddAuth {
                        scheme: scheme.clone(),
                        auth: auth.as_bytes().to_vec(),
                    },
                );
                match r {
                    // The Java client sends credentials without waiting: zkCli prints nothing,
                    // and the refusal arrives as the AuthFailed state.
                    Err(ZkError::AuthFailed) => {
                        self.backend.auth_failed(s);
                        self.sessions
                            .insert(s.to_string(), SessionState::Gone(ZkError::AuthFailed));
                        let state = EntryKind::State(KeeperState::AuthFailed);
                        synthesized.push((s.to_string(), state));
                        Ok(Outcome::Empty)
                    }
                    r => r.map(|_| Outcome::Empty).map_err(|e| fail(e, "")),
                }
            }
            CliCommand::GetAcl { path, stat } => {
                check_path(path, false)?;
                match self.call(s, &Request::GetAcl { path: path.clone() }) {
                    Ok(Response::GetAcl { acl, stat: st }) => Ok(Outcome::Acl {
                        acl,
                        stat: st,
                        with_stat: *stat,
                    }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::SetAcl {
                path,
                acl,
                version,
                stat,
                recursive,
            } => {
                check_path(path, false)?;
                let acl = self.zkcli_acl(acl);
                if acl.is_empty() {
                    return Err(fail(ZkError::InvalidAcl, "null"));
                }
                if *recursive {
                    return self.set_acl_tree(s, path, &acl, *version);
                }
                let req = Request::SetAcl {
                    path: path.clone(),
                    acl,
                    version: *version,
                };
                match self.call(s, &req) {
                    Ok(Response::SetAcl { stat: st }) => Ok(Outcome::Written {
                        stat: st,
                        print_stat: *stat,
                    }),
                    Ok(_) => Err(fail(ZkError::MarshallingError, path)),
                    Err(e) => Err(fail(e, path)),
                }
            }
            CliCommand::Close | CliCommand::Quit => {
                self.sessions
                    .insert(s.to_string(), SessionState::Gone(ZkError::SessionExpired));
                self.backend
                    .close_session(s)
                    .map(|_| Outcome::Empty)
                    .map_err(|e| fail(e, ""))
            }
            CliCommand::Expire => {
                self.sessions
                    .insert(s.to_string(), SessionState::Gone(ZkError::SessionExpired));
                self.backend
                    .expire_session(s)
                    .map(|_| Outcome::Empty)
                    .map_err(|e| fail(e, ""))
            }
            CliCommand::WhoAmI => match self.call(s, &Request::WhoAmI) {
                Ok(Response::WhoAmI { ids }) => {
                    let mut text = String::from("Auth scheme: User\n");
                    for (scheme, user) in ids {
                        text.push_str(&format!("{scheme}: {user}\n"));
                    }
                    Ok(Outcome::Text { text })
                }
                Ok(_) => Err(fail(ZkError::MarshallingError, "")),
                Err(e) => Err(fail(e, "")),
            },
            CliCommand::Version => Ok(Outcome::Text {
                text: format!("{VERSION_LINE}\n"),
            }),
            CliCommand::Config {
                watch,
                stat,
                client,
            } => {
                let r = self.call(
                    s,
                    &Request::GetData {
                        path: CONFIG_NODE.into(),
                        watch: *watch,
                    },
                );
                match r {
                    Ok(Response::GetData { data, stat: st }) => {
                        if *watch {
                            self.register(s, CONFIG_NODE, Registration::Data);
                        }
                        let data = data.map_or_else(
                            || "null".to_string(),
                            |d| String::from_utf8_lossy(&d).into_owned(),
                        );
                        let mut text = if *client {
                            format!("{}\n", client_config(&data))
                        } else {
                            format!("{data}\n")
                        };
                        if *stat {
                            text.push_str(&stat_text(&st));
                        }
                        Ok(Outcome::Text { text })
                    }
                    Ok(_) => Err(fail(ZkError::MarshallingError, CONFIG_NODE)),
                    Err(e) => Err(fail(e, CONFIG_NODE)),
                }
            }
            CliCommand::Reconfig => match self.call(s, &Request::Reconfig) {
                Ok(_) => Ok(Outcome::Empty),
                Err(e) => Err(fail(e, "")),
            },
            // zkCli runs these itself (see `run_cli`).
            CliCommand::History
            | CliCommand::Redo(_)
            | CliCommand::PrintWatches(_)
            | CliCommand::Connect
            | CliCommand::Compat { .. } => Ok(Outcome::Empty),
        }
    }

    fn get_children(
        &mut self,
        s: &str,
        p: &str,
        watch: bool,
    ) -> Result<(Vec<String>, Stat), ZkError> {
        match self.call(
            s,
            &Request::GetChildren {
                path: p.to_string(),
                watch,
            },
        )? {
            Response::GetChildren { children, stat } => {
                let mut children = crate::request::owned_names(children);
                if watch {
                    self.register(s, p, Registration::Child);
                }
                children.sort();
                Ok((children, stat))
            }
            _ => Err(ZkError::MarshallingError),
        }
    }

    /// zkCli's `AclParser.parse`, its complaints kept for the output.
    fn zkcli_acl(&mut self, text: &str) -> Vec<Acl> {
        let (acl, notes) = parse_acl_list_noting(text);
        self.notes.push_str(&notes);
        acl
    }

    /// `ZKUtil.listSubTreeBFS`: the root, then level by level, each node's children in the
    /// order the server lists them.
    fn walk(&mut self, s: &str, root: &str) -> Result<Vec<String>, ZkError> {
        let mut out = vec![root.to_string()];
        let mut i = 0;
        while i < out.len() {
            let p = out[i].clone();
            let req = Request::GetChildren {
                path: p.clone(),
                watch: false,
            };
            let Response::GetChildren { children, .. } = self.call(s, &req)? else {
                return Err(ZkError::MarshallingError);
            };
            let names = crate::request::owned_names(children);
            let names = self.backend.server_child_order(&p, names);
            out.extend(names.iter().map(|c| path::join(&p, c)));
            i += 1;
        }
        Ok(out)
    }

    /// `deleteall`: `ZKUtil.deleteRecursive` — list the subtree breadth-first, then delete it
    /// leaves first in multis of `batch` ops (all in one when `batch` is not positive), up to
    /// ten in flight; once a multi has failed, no later batch is sent. A failure is reported,
    /// not thrown.
    fn delete_all(&mut self, s: &str, p: &str, batch: i32) -> Result<Outcome, Failure> {
        check_path(p, false)?;
        let tree = self.walk(s, p).map_err(|e| fail(e, p))?;
        let ops: Vec<Op> = tree
            .iter()
            .rev()
            .map(|t| Op::Delete {
                path: t.clone(),
                version: -1,
            })
            .collect();
        let size = usize::try_from(batch)
            .ok()
            .filter(|b| *b > 0)
            .unwrap_or(usize::MAX);
        let mut first_failed: Option<usize> = None;
        for (k, chunk) in ops.chunks(size).enumerate() {
            if first_failed.is_some_and(|f| k >= f + DELETEALL_IN_FLIGHT) {
                break;
            }
            let failed = match self.call(s, &Request::Multi(chunk.to_vec())) {
                Ok(Response::Multi(results)) => first_error(&results).is_some(),
                _ => true,
            };
            if failed {
                first_failed.get_or_insert(k);
            }
        }
        Ok(match first_failed {
            None => Outcome::Empty,
            Some(_) => Outcome::Text {
                text: "Failed to delete some node(s) in the subtree!\n".into(),
            },
        })
    }

    /// `ZKUtil.visitSubTreeDFS`'s order: the root (read with getData), then each node's sorted
    /// children before descending into them; a node gone meanwhile is skipped.
    fn list_tree(&mut self, s: &str, root: &str, watch: bool) -> Result<Outcome, Failure> {
        match self.call(
            s,
            &Request::GetData {
                path: root.to_string(),
                watch,
            },
        ) {
            Ok(_) => {
                if watch {
                    self.register(s, root, Registration::Data);
                }
            }
            Err(e) => return Err(fail(e, root)),
        }
        let mut paths = vec![root.to_string()];
        let mut stack = vec![root.to_string()];
        while let Some(p) = stack.pop() {
            let children = match self.get_children(s, &p, watch) {
                Ok((c, _)) => c,
                Err(ZkError::NoNode) => continue,
                Err(e) => return Err(fail(e, &p)),
            };
            let full: Vec<String> = children.iter().map(|c| path::join(&p, c)).collect();
            paths.extend(full.iter().cloned());
            stack.extend(full.into_iter().rev());
        }
        Ok(Outcome::Tree { paths })
    }

    /// `setAcl -R`: the same walk, setting the ACL on each node as it is visited; a node that
    /// refuses is reported (zkCli prints the message without a newline) and the walk goes on.
    fn set_acl_tree(
        &mut self,
        s: &str,
        root: &str,
        acl: &[Acl],
        version: i32,
    ) -> Result<Outcome, Failure> {
        let read = Request::GetData {
            path: root.to_string(),
            watch: false,
        };
        self.call(s, &read).map_err(|e| fail(e, root))?;
        let mut text = String::new();
        let mut set = |runner: &mut Self, p: &str| {
            let req = Request::SetAcl {
                path: p.to_string(),
                acl: acl.to_vec(),
                version,
            };
            if let Err(e) = runner.call(s, &req) {
                text.push_str(&e.keeper_message(p));
            }
        };
        set(self, root);
        let mut stack = vec![root.to_string()];
        while let Some(p) = stack.pop() {
            let children = match self.get_children(s, &p, false) {
                Ok((c, _)) => c,
                Err(ZkError::NoNode) => continue,
                Err(e) => return Err(fail(e, &p)),
            };
            let full: Vec<String> = children.iter().map(|c| path::join(&p, c)).collect();
            for f in &full {
                set(self, f);
            }
            stack.extend(full.into_iter().rev());
        }
        Ok(Outcome::Text { text })
    }

    fn multi(&mut self, s: &str, lines: &[MultiLine]) -> Result<Outcome, Failure> {
        let mut ops = Vec::new();
        for l in lines {
            let op = match l {
                MultiLine::Check { path, version } => Op::Check {
                    path: path.clone(),
                    version: *version,
                },
                MultiLine::Create {
                    path,
                    data,
                    ephemeral,
                    sequential,
                } => Op::Create {
                    path: path.clone(),
                    data: data.as_ref().map(|d| d.as_bytes().to_vec()),
                    acl: Acl::open_unsafe(),
                    mode: CreateMode::from_flags(*ephemeral, *sequential, false, false),
                    ttl_ms: -1,
                },
                MultiLine::Delete { path, version } => Op::Delete {
                    path: path.clone(),
                    version: *version,
                },
                MultiLine::Set {
                    path,
                    data,
                    version,
                } => Op::SetData {
                    path: path.clone(),
                    data: Some(data.as_bytes().to_vec()),
                    version: *version,
                },
            };
            let sequential = matches!(
                l,
                MultiLine::Create {
                    sequential: true,
                    ..
                }
            );
            check_path(op.path(), sequential)?;
            ops.push(op);
        }
        match self.call(s, &Request::Multi(ops)) {
            Ok(Response::Multi(results)) => match first_error(&results) {
                None => Ok(Outcome::Multi { results }),
                Some(code) => {
                    let e = ZkError::from_code(code).unwrap_or(ZkError::SystemError);
                    let mut f = fail(e, "");
                    f.message = e.keeper_message("");
                    f.results = Some(results);
                    Err(f)
                }
            },
            Ok(_) => Err(fail(ZkError::MarshallingError, "")),
            Err(e) => Err(fail(e, "")),
        }
    }
}

/// The node `config` reads.
const CONFIG_NODE: &str = "/zookeeper/config";

/// Multis `deleteall` keeps in flight (`ZKUtil.deleteInBatch`'s rate limit).
const DELETEALL_IN_FLIGHT: usize = 10;

/// `ConfigUtils.getClientConfigStr`: the config's version, a space, and the servers' client
/// addresses (`server.N=host:quorum:election[:role];[clientHost:]clientPort`).
fn client_config(data: &str) -> String {
    let mut version = "";
    let mut clients = Vec::new();
    for line in data.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "version" {
            version = value;
        }
        if !key.starts_with("server.") {
            continue;
        }
        if let Some((quorum, client)) = value.split_once(';') {
            let host = quorum.split(':').next().unwrap_or("");
            let client = if client.contains(':') {
                client.to_string()
            } else {
                format!("{host}:{client}")
            };
            clients.push(client);
        }
    }
    format!("{version} {}", clients.join(","))
}

/// What zkCli prints when a command fails.
fn failure_text(f: &Failure) -> String {
    let mut t = f.message.clone();
    if let Some(r) = &f.results {
        t.push('\n');
        t.push_str(outcome_text(&Outcome::Multi { results: r.clone() }).trim_end());
    }
    if !t.is_empty() && !t.ends_with('\n') {
        t.push('\n');
    }
    t
}

/// What zkCli prints for a command's result.
fn printed_outcome(c: &CliCommand, o: &Outcome) -> String {
    match (c, o) {
        // StatCommand turns a missing node into NoNode, though `stat -w` set its watch.
        (CliCommand::Stat { path, .. }, Outcome::StatOf { stat: None }) => {
            format!("Node does not exist: {path}\n")
        }
        _ => outcome_text(o),
    }
}

/// The `WATCHER::` block of a connection-state change.
fn event_text_state(state: KeeperState) -> String {
    format!(
        "\nWATCHER::\n\nWatchedEvent state:{} type:None path:null\n",
        state.name()
    )
}

/// The error the Java client throws for a multi: the first result that is a non-OK error.
pub fn first_error(results: &[OpResult]) -> Option<i32> {
    results.iter().find_map(|r| match r {
        OpResult::Error { code } if *code != 0 => Some(*code),
        _ => None,
    })
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

/// Sessions that watch something, for display: (session, path, kind).
pub fn describe_watch_mode(m: WatchMode) -> &'static str {
    match m {
        WatchMode::Standard => "standard",
        WatchMode::Persistent => "persistent",
        WatchMode::PersistentRecursive => "persistent-recursive",
    }
}

/// Every distinct session named in a script, in order of appearance.
pub fn script_sessions(steps: &[Step]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in steps {
        if let Some(n) = &s.session {
            if seen.insert(n.clone()) {
                out.push(n.clone());
            }
        }
    }
    out
}
