//! Runs a parsed script on a [`Backend`], doing what zkCli 3.8 does for each command (including
//! the client-side parts: path checks, `deleteall` and `ls -R` as walks, the client's watch
//! bookkeeping), and records a transcript of results and watch events.

use std::collections::{BTreeMap, BTreeSet};

use crate::acl::{parse_acl_list, Acl};
use crate::error::ZkError;
use crate::path::{self, validate_path};
use crate::request::{CreateMode, Op, OpResult, Request, Response};
use crate::script::backend::Backend;
use crate::script::cli::CliCommand;
use crate::script::client_watches::{ClientWatches, Registration};
use crate::script::parse::{MultiLine, Step, StepKind};
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SessionState {
    Open,
    Gone,
}

/// A step whose command ran and whose events are still to be collected.
#[derive(Clone, Debug, Default)]
pub struct Started {
    /// Events the client raises itself (removewatches' `…WatchRemoved`), not the server.
    synthesized: Vec<(String, EventType, String)>,
}

/// Executes scripts step by step, keeping each session's client-side state.
#[derive(Clone, Debug)]
pub struct Runner<B> {
    pub backend: B,
    sessions: BTreeMap<String, SessionState>,
    watches: BTreeMap<String, ClientWatches>,
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
        self.entries.push(Entry {
            step: step.index,
            session: step.session.clone(),
            cmd: step.text.clone(),
            kind,
        });
    }

    /// Runs one step and appends its entries (result, then events).
    pub fn run_step(&mut self, step: &Step) {
        let started = self.start_step(step);
        self.finish_step(step, started);
    }

    /// Runs a step's command and appends its result; its events follow with
    /// [`Runner::finish_step`]. Between the two, the backend may let the command's messages land
    /// in slices (`NetBackend::settle_some`).
    pub fn start_step(&mut self, step: &Step) -> Started {
        let mut synthesized: Vec<(String, EventType, String)> = Vec::new();
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
                            if !self.order.contains(&name) {
                                self.order.push(name);
                            }
                        }
                        Err(e) => self.push(step, EntryKind::ScriptError(e)),
                    }
                }
            }
            StepKind::Command(_) | StepKind::Multi(_) => {
                let name = step.session.clone().unwrap_or_default();
                match self.sessions.get(&name) {
                    None => self.push(
                        step,
                        EntryKind::ScriptError(format!(
                            "no session named {name}: open it first with 'session {name}'"
                        )),
                    ),
                    Some(SessionState::Gone) => {
                        let path = match &step.kind {
                            StepKind::Command(c) => command_path(c),
                            _ => String::new(),
                        };
                        self.push(
                            step,
                            EntryKind::Failed(fail(ZkError::SessionExpired, &path)),
                        );
                    }
                    Some(SessionState::Open) => {
                        let r = match &step.kind {
                            StepKind::Command(c) => self.command(&name, c, &mut synthesized),
                            StepKind::Multi(ops) => self.multi(&name, ops),
                            _ => unreachable_outcome(),
                        };
                        let kind = match r {
                            Ok(o) => EntryKind::Done(o),
                            Err(f) => EntryKind::Failed(f),
                        };
                        self.push(step, kind);
                    }
                }
            }
        }
        Started { synthesized }
    }

    /// Closes a step: appends the events it caused, in session order.
    pub fn finish_step(&mut self, step: &Step, started: Started) {
        self.collect_events(step, started.synthesized);
    }

    fn collect_events(&mut self, step: &Step, synthesized: Vec<(String, EventType, String)>) {
        // Sessions opened by the backend itself (a recipe line) join the event order.
        for s in self.backend.session_names() {
            if !self.order.contains(&s) {
                self.order.push(s.clone());
                self.sessions.insert(s.clone(), SessionState::Open);
                self.watches.entry(s).or_default();
            }
        }
        let mut by_session: BTreeMap<String, Vec<EntryKind>> = BTreeMap::new();
        for e in self.backend.drain_events() {
            let kind = if e.kind == EventType::None {
                // The session is gone for good once its client reports Expired or Closed.
                if matches!(e.state, KeeperState::Expired | KeeperState::Closed) {
                    self.sessions.insert(e.session.clone(), SessionState::Gone);
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
        for (s, kind, path) in synthesized {
            by_session
                .entry(s)
                .or_default()
                .push(EntryKind::Event { kind, path });
        }
        for name in self.order.clone() {
            if let Some(events) = by_session.remove(&name) {
                for kind in events {
                    self.entries.push(Entry {
                        step: step.index,
                        session: Some(name.clone()),
                        cmd: step.text.clone(),
                        kind,
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
        synthesized: &mut Vec<(String, EventType, String)>,
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
                    Some(text) => parse_acl_list(text),
                    None => Acl::open_unsafe(),
                };
                if acl.is_empty() {
                    return Err(fail(ZkError::InvalidAcl, path));
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
            CliCommand::DeleteAll { path } => self.delete_all(s, path),
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
                    Ok(Response::Ephemerals { mut paths }) => {
                        paths.sort();
                        Ok(Outcome::Ephemerals { paths })
                    }
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
                check_path(path, false)?;
                let r = self.call(
                    s,
                    &Request::AddWatch {
                        path: path.clone(),
                        mode: *mode,
                    },
                );
                match r {
                    Ok(_) => {
                        self.register(s, path, Registration::Added(*mode));
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
                        for e in events {
                            synthesized.push((s.to_string(), e, path.clone()));
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
                r.map(|_| Outcome::Empty).map_err(|e| fail(e, ""))
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
                let acl = parse_acl_list(acl);
                if acl.is_empty() {
                    return Err(fail(ZkError::InvalidAcl, path));
                }
                let targets = if *recursive {
                    match self.walk(s, path) {
                        Ok(t) => t,
                        Err(e) => return Err(fail(e, path)),
                    }
                } else {
                    vec![path.clone()]
                };
                let mut last = Stat::default();
                for t in targets {
                    let req = Request::SetAcl {
                        path: t.clone(),
                        acl: acl.clone(),
                        version: *version,
                    };
                    match self.call(s, &req) {
                        Ok(Response::SetAcl { stat: st }) => {
                            if t == *path {
                                last = st;
                            }
                        }
                        Ok(_) => return Err(fail(ZkError::MarshallingError, &t)),
                        Err(e) => return Err(fail(e, &t)),
                    }
                }
                Ok(Outcome::Written {
                    stat: last,
                    print_stat: *stat,
                })
            }
            CliCommand::Close => {
                self.sessions.insert(s.to_string(), SessionState::Gone);
                self.backend
                    .close_session(s)
                    .map(|_| Outcome::Empty)
                    .map_err(|e| fail(e, ""))
            }
            CliCommand::Expire => {
                self.sessions.insert(s.to_string(), SessionState::Gone);
                self.backend
                    .expire_session(s)
                    .map(|_| Outcome::Empty)
                    .map_err(|e| fail(e, ""))
            }
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

    /// `ZKUtil.listSubTreeBFS` (children sorted, so both backends see the same order).
    fn walk(&mut self, s: &str, root: &str) -> Result<Vec<String>, ZkError> {
        let mut out = vec![root.to_string()];
        let mut i = 0;
        while i < out.len() {
            let p = out[i].clone();
            let (children, _) = self.get_children(s, &p, false)?;
            out.extend(children.iter().map(|c| path::join(&p, c)));
            i += 1;
        }
        Ok(out)
    }

    /// `deleteall`: `ZKUtil.deleteRecursive` — list the subtree breadth-first, then delete it
    /// leaves first in multis of up to 1000 ops.
    fn delete_all(&mut self, s: &str, p: &str) -> Result<Outcome, Failure> {
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
        for batch in ops.chunks(1000) {
            match self.call(s, &Request::Multi(batch.to_vec())) {
                Ok(Response::Multi(results)) => {
                    if let Some(code) = first_error(&results) {
                        let e = ZkError::from_code(code).unwrap_or(ZkError::SystemError);
                        return Err(fail(e, p));
                    }
                }
                Ok(_) => return Err(fail(ZkError::MarshallingError, p)),
                Err(e) => return Err(fail(e, p)),
            }
        }
        Ok(Outcome::Empty)
    }

    /// `ls -R`: `ZKUtil.visitSubTreeDFS`, which reads the root with getData first.
    fn list_tree(&mut self, s: &str, root: &str, watch: bool) -> Result<Outcome, Failure> {
        let r = self.call(
            s,
            &Request::GetData {
                path: root.to_string(),
                watch,
            },
        );
        match r {
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
        paths.sort();
        Ok(Outcome::Tree { paths })
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

/// The error the Java client throws for a multi: the first result that is a non-OK error.
pub fn first_error(results: &[OpResult]) -> Option<i32> {
    results.iter().find_map(|r| match r {
        OpResult::Error { code } if *code != 0 => Some(*code),
        _ => None,
    })
}

fn unreachable_outcome() -> Result<Outcome, Failure> {
    Err(Failure {
        error: "SYSTEMERROR".into(),
        message: "internal: step kind".into(),
        results: None,
    })
}

/// The path a command names, for messages.
pub fn command_path(c: &CliCommand) -> String {
    match c {
        CliCommand::Create { path, .. }
        | CliCommand::Delete { path, .. }
        | CliCommand::DeleteAll { path }
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
        CliCommand::AddAuth { .. } | CliCommand::Close | CliCommand::Expire => String::new(),
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
