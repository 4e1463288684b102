//! The sandbox a user plays with: the simulation, the script of everything done so far (which
//! is also what is saved, exported and shared), the console transcript, and the views the UI
//! renders. All of the UI's rules live here so the front end only renders and dispatches.

use crate::acl::perms_to_string;
use crate::bounds::STEPS_PER_LINE_MAX;
use crate::script::parse::{parse_script, SimCommand, Step, StepKind};
use crate::script::runner::{Runner, Started};
use crate::script::transcript::to_text;
use crate::script::Backend;
use crate::script::SimulationBackend;
use crate::sim::client_watches::ClientWatches;
use crate::sim::{LogEntry, SimConfig};
use crate::stat::{owner_kind, OwnerKind, Stat};

/// One znode as the tree view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeRow {
    pub path: String,
    pub name: String,
    pub depth: usize,
    /// The owning session's name for an ephemeral node.
    pub ephemeral_owner: Option<String>,
    /// `persistent`, `ephemeral`, `container` or `ttl`.
    pub kind: &'static str,
    /// Whether the name ends in a ten-digit sequence number.
    pub sequential: bool,
    pub data_preview: String,
    pub has_children: bool,
    /// Whether the latest transaction created or changed it (or its children).
    pub just_changed: bool,
}

/// The selected znode in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDetail {
    pub path: String,
    pub data: Option<String>,
    pub stat: Stat,
    pub acl: Vec<String>,
    /// (session name, what kind of watch) for every watch on this path.
    pub watchers: Vec<(String, String)>,
}

/// A client as its card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientView {
    pub name: String,
    pub session_hex: Option<String>,
    pub timeout_ms: u32,
    /// SyncConnected, Connecting, Disconnected, Expired, Closed or Crashed.
    pub state: &'static str,
    pub partitioned: bool,
    pub paused: bool,
    pub ephemerals: Vec<String>,
    pub watches: Vec<(String, &'static str)>,
    /// The recipe roles its session runs, in the order they started, each with its status in
    /// words.
    pub roles: Vec<(&'static str, String)>,
}

/// A recipe path as the recipe view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeView {
    pub path: String,
    pub kind: &'static str,
    /// Contenders' nodes in sequence order (sequential recipes), with their owners; the first
    /// holds the role, each other waits for the one before it.
    pub chain: Vec<(String, String)>,
    /// Watch notifications per hand-off (the herd effect).
    pub handoffs: Vec<u64>,
    pub acquisitions: u64,
    /// Milliseconds from starting to compete to acquiring, per acquisition.
    pub acquire_ms: Vec<u64>,
    /// Messages sent on the whole network so far.
    pub messages_sent: u64,
    /// What else the recipe's znodes say (queue items, master–worker's task board).
    pub details: Vec<String>,
    /// Whether it is a contender recipe (lock, election), which has acquisitions and hand-offs.
    pub contender: bool,
}

/// A message in flight, for the network view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
    pub id: u64,
    pub client: String,
    pub to_server: bool,
    pub summary: String,
    pub sent_ms: u64,
    pub arrive_ms: u64,
}

/// The longest data preview shown in the tree.
const PREVIEW_CHARS_MAX: usize = 24;
/// The largest script the sandbox accepts (imports, share links, saved state).
pub const SCRIPT_BYTES_MAX: usize = 256 * 1024;
/// The first line of an exported scenario.
const HEADER_PREFIX: &str = "# zkplay scenario ";
const FORMAT_VERSION: &str = "v1";
/// How many log lines the UI is given.
pub const LOG_LINES_SHOWN_MAX: usize = 400;

/// Why a script cannot be imported (a file, a share link's script, a saved sandbox). The page
/// words each in its own language; `Display` is the English wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Larger than the sandbox takes.
    TooBig { bytes: usize, bytes_max: usize },
    /// Written by a newer zkplay, in the format `found` (this one reads v1).
    NewerFormat { found: String },
    /// A line that is not zkplay at all; `why` is the script parser's own message.
    Line { line: usize, why: String },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooBig { bytes, bytes_max } => write!(
                f,
                "the script is {bytes} bytes; zkplay takes at most {bytes_max}"
            ),
            ImportError::NewerFormat { found } => write!(
                f,
                "this scenario was written by a newer zkplay (format {found}); this one reads {FORMAT_VERSION}"
            ),
            ImportError::Line { line, why } => write!(f, "line {line}: {why}"),
        }
    }
}

/// A line run in parts (see [`Sandbox::begin`]).
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub step: Step,
    first_new: usize,
    started: Started,
}

/// The actions a user would have typed for a script: each step's source (a multi block is
/// one), as the script parser groups them.
pub fn actions(text: &str) -> Vec<String> {
    parse_script(text).into_iter().map(|s| s.source).collect()
}

/// The simulated ZooKeeper behind the page.
#[derive(Clone, Debug)]
pub struct Sandbox {
    runner: Runner<SimulationBackend>,
    /// One entry per user action, as script text.
    lines: Vec<String>,
    next_step: usize,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

fn is_step_line(line: &str) -> Option<u64> {
    let mut w = line.split_whitespace();
    match (w.next(), w.next(), w.next()) {
        (Some("step"), None, None) => Some(1),
        (Some("step"), Some(n), None) => n.parse().ok(),
        _ => None,
    }
}

impl Sandbox {
    /// A fresh server with no sessions.
    pub fn new() -> Sandbox {
        Sandbox {
            runner: Runner::new(SimulationBackend::new(SimConfig::default())),
            lines: Vec::new(),
            next_step: 1,
        }
    }

    /// A sandbox rebuilt from a script (a saved state, an import, a share link).
    pub fn from_script(text: &str) -> Result<Sandbox, ImportError> {
        if text.len() > SCRIPT_BYTES_MAX {
            return Err(ImportError::TooBig {
                bytes: text.len(),
                bytes_max: SCRIPT_BYTES_MAX,
            });
        }
        let mut s = Sandbox::new();
        s.run_actions(text);
        Ok(s)
    }

    /// Runs a script one action per line (a multi block is one action), as if typed.
    pub fn run_actions(&mut self, text: &str) {
        for action in actions(text) {
            self.run(&action);
        }
    }

    /// Imports a scenario file or share link's script: a clear error for anything oversized,
    /// from a newer zkplay, or with a line that cannot run, and then nothing is replaced.
    pub fn import(text: &str) -> Result<Sandbox, ImportError> {
        Sandbox::check_import(text)?;
        Sandbox::from_script(text)
    }

    /// What [`Sandbox::import`] refuses, checked before anything runs.
    pub fn check_import(text: &str) -> Result<(), ImportError> {
        if text.len() > SCRIPT_BYTES_MAX {
            return Err(ImportError::TooBig {
                bytes: text.len(),
                bytes_max: SCRIPT_BYTES_MAX,
            });
        }
        if let Some(version) = text
            .lines()
            .find_map(|l| l.trim().strip_prefix(HEADER_PREFIX))
        {
            if version.trim() != FORMAT_VERSION {
                return Err(ImportError::NewerFormat {
                    found: version.trim().to_string(),
                });
            }
        }
        // A client's own typo (`c1: frobnicate`) is part of a scenario, as in zkCli; a line
        // that is not zkplay at all means this is not a scenario file.
        for step in parse_script(text) {
            if let (StepKind::Invalid(why), None) = (&step.kind, &step.session) {
                return Err(ImportError::Line {
                    line: step.line,
                    why: why.clone(),
                });
            }
        }
        Ok(())
    }

    /// The scenario file for export: a version header, then the script.
    pub fn export(&self) -> String {
        format!("{HEADER_PREFIX}{FORMAT_VERSION}\n{}", self.script())
    }

    /// The simulation's state hash (equal after export and import, or a reload).
    pub fn state_hash(&self) -> u64 {
        self.runner.backend.sim.state_hash()
    }

    /// Runs script text (one or more lines, e.g. `session a` or `a: create /x 1`); returns the
    /// errors of lines that could not run at all (commands' own errors go to the console).
    pub fn run(&mut self, text: &str) -> Vec<String> {
        let text = text.trim_end();
        if text.is_empty() {
            return Vec::new();
        }
        let first_new = self.runner.entries.len();
        for mut step in parse_script(text) {
            step.index = self.next_step;
            self.next_step += 1;
            self.runner.run_step(&step);
        }
        self.record(text, first_new)
    }

    /// Begins a line of one step as [`Sandbox::run`] would, numbered but not run yet: to run it
    /// in parts, [`Sandbox::start`] runs its command (or the caller lets time pass or steps
    /// through [`Sandbox::backend_mut`]), the backend may settle in slices, and
    /// [`Sandbox::finish`] closes it.
    pub(crate) fn begin(&self, mut step: Step) -> Part {
        step.index = self.next_step;
        Part {
            step,
            first_new: self.runner.entries.len(),
            started: Started::default(),
        }
    }

    /// Runs a begun line's command.
    pub(crate) fn start(&mut self, part: &mut Part) {
        part.started = self.runner.start_step(&part.step);
    }

    /// Closes a begun line as [`Sandbox::run`] closes a line it ran: its events, and the line
    /// recorded in the script as `text`.
    pub(crate) fn finish(&mut self, part: Part, text: &str) -> Vec<String> {
        self.next_step += 1;
        self.runner.finish_step(&part.step, part.started);
        self.record(text, part.first_new)
    }

    /// The simulation, to drive a step in slices.
    pub(crate) fn backend_mut(&mut self) -> &mut SimulationBackend {
        &mut self.runner.backend
    }

    /// Records a line that ran (consecutive steps merge into one line, within the bound of one
    /// `step` line) and returns the errors of the lines that could not run at all.
    fn record(&mut self, text: &str, first_new: usize) -> Vec<String> {
        // Within the bound of one `step` line, or the saved script would not load again.
        let merged_step = is_step_line(text)
            .zip(self.lines.last().and_then(|l| is_step_line(l)))
            .filter(|(n, prev)| n.saturating_add(*prev) <= STEPS_PER_LINE_MAX);
        match merged_step {
            // Consecutive steps merge into one line, so the script stays readable.
            Some((n, prev)) => {
                self.lines.pop();
                self.lines.push(format!("step {}", prev + n));
            }
            None => self.lines.push(text.to_string()),
        }
        self.runner.entries[first_new..]
            .iter()
            .filter_map(|e| match &e.kind {
                crate::script::EntryKind::ScriptError(m) if e.session.is_none() => {
                    Some(format!("{}: {m}", e.cmd))
                }
                _ => None,
            })
            .collect()
    }

    /// Changes whenever the script does (more lines, more steps, or another last line): cheap
    /// to read on every render, unlike the script.
    pub fn script_revision(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::sim::hash::StableHasher::default();
        (self.lines.len(), self.steps(), self.lines.last()).hash(&mut h);
        h.finish()
    }

    /// Undoes the last simulation step (or the last action, if it was not a step) by replaying
    /// everything before it: the simulation is deterministic, so the result is exact.
    pub fn step_back(&mut self) {
        let mut lines = self.lines.clone();
        if lines.len() <= self.setup_lines() {
            // `seed` and `clock` set the scenario up; they are not actions to undo.
            return;
        }
        match lines.last().and_then(|l| is_step_line(l)) {
            Some(n) if n > 1 => {
                lines.pop();
                lines.push(format!("step {}", n - 1));
            }
            _ => {
                lines.pop();
            }
        }
        let mut s = Sandbox::new();
        for l in &lines {
            s.run(l);
        }
        *self = s;
    }

    /// Rewinds to simulation step `target` (or the nearest point after it that a whole command
    /// reaches) by replaying the history; what came after is discarded, as with step back.
    pub fn rewind_to(&mut self, target: u64) {
        if target >= self.steps() {
            return;
        }
        let mut s = Sandbox::new();
        let setup = self.setup_lines();
        for line in &self.lines[..setup] {
            s.run(line);
        }
        for line in &self.lines[setup..] {
            if s.steps() >= target {
                break;
            }
            match is_step_line(line) {
                Some(n) => {
                    let left = target - s.steps();
                    s.run(&format!("step {}", n.min(left)));
                }
                None => {
                    s.run(line);
                }
            }
        }
        *self = s;
    }

    /// How many of the first lines set the scenario up (`seed`, `clock`): every replay keeps
    /// them.
    fn setup_lines(&self) -> usize {
        self.lines
            .iter()
            .take_while(|l| {
                parse_script(l).iter().all(|step| {
                    matches!(
                        step.kind,
                        StepKind::Sim(SimCommand::Seed(_) | SimCommand::Clock(_))
                    )
                })
            })
            .count()
    }

    /// Everything done so far, as a scenario script.
    pub fn script(&self) -> String {
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }

    /// The console transcript, as zkCli would print it.
    pub fn console_text(&self) -> String {
        to_text(&self.runner.entries)
    }

    /// The console transcript of one client: its commands, results and events.
    pub fn console_for(&self, client: &str) -> String {
        let mine: Vec<_> = self
            .runner
            .entries
            .iter()
            .filter(|e| e.session.as_deref() == Some(client))
            .cloned()
            .collect();
        to_text(&mine)
    }

    /// The last `max_entries` transcript entries of one client (the console view).
    pub fn console_tail(&self, client: &str, max_entries: usize) -> String {
        let mine: Vec<_> = self
            .runner
            .entries
            .iter()
            .rev()
            .filter(|e| e.session.as_deref() == Some(client))
            .take(max_entries)
            .cloned()
            .collect();
        let mine: Vec<_> = mine.into_iter().rev().collect();
        to_text(&mine)
    }

    /// Changes whenever the tree does (the last zxid), so views of the tree can be cached.
    pub fn tree_version(&self) -> i64 {
        self.runner.backend.sim.server().last_zxid()
    }

    pub fn seed(&self) -> u64 {
        self.runner.backend.sim.config().seed
    }

    pub fn now_ms(&self) -> u64 {
        self.runner.backend.sim.now_ms()
    }

    pub fn steps(&self) -> u64 {
        self.runner.backend.sim.steps()
    }

    pub fn server_up(&self) -> bool {
        self.runner.backend.sim.server_up()
    }

    /// A name for the next spawned client: `c1`, `c2`, …
    pub fn next_client_name(&self) -> String {
        let taken = self.runner.backend.session_names();
        (1..)
            .map(|i| format!("c{i}"))
            .find(|n| !taken.contains(n))
            .unwrap_or_else(|| "c".into())
    }

    /// Every client, in the order they were opened.
    pub fn clients(&self) -> Vec<ClientView> {
        let sim = &self.runner.backend.sim;
        let empty = ClientWatches::default();
        self.runner
            .backend
            .session_names()
            .iter()
            .filter_map(|n| sim.client(n))
            .map(|c| {
                let ephemerals = c
                    .session
                    .map(|s| sim.server().tree().ephemerals_sorted(s))
                    .unwrap_or_default();
                ClientView {
                    name: c.name.clone(),
                    session_hex: c.session.map(|s| s.to_string()),
                    timeout_ms: c.timeout_ms,
                    state: c.state_name(),
                    partitioned: c.partitioned,
                    paused: c.is_paused(),
                    ephemerals,
                    watches: self.runner.client_watches(&c.name).unwrap_or(&empty).list(),
                    roles: c
                        .roles
                        .iter()
                        .map(|r| (r.kind().name(), r.status().to_string()))
                        .collect(),
                }
            })
            .collect()
    }

    /// `n` fresh client names.
    pub fn next_client_names(&self, n: usize) -> Vec<String> {
        let taken = self.runner.backend.session_names();
        (1..)
            .map(|i| format!("c{i}"))
            .filter(|c| !taken.contains(c))
            .take(n)
            .collect()
    }

    /// Every safety violation so far.
    pub fn violations(&self) -> &[crate::recipes::Violation] {
        &self.runner.backend.sim.monitor.violations
    }

    /// One view per recipe path in use.
    pub fn recipes(&self) -> Vec<RecipeView> {
        let sim = &self.runner.backend.sim;
        // One view per path: the roles sharing a path (master, workers, clients) share it.
        let mut paths: Vec<(String, &'static str)> = Vec::new();
        for c in sim.clients() {
            for r in &c.roles {
                if !paths.iter().any(|(p, _)| p == r.path()) {
                    paths.push((r.path().to_string(), r.kind().name()));
                }
            }
        }
        paths
            .into_iter()
            .map(|(path, kind)| {
                let contender = matches!(
                    kind,
                    "lock"
                        | "election"
                        | "rwlock-read"
                        | "rwlock-write"
                        | "lock-naive"
                        | "election-naive"
                );
                let mut chain: Vec<(String, String)> = if !contender {
                    Vec::new()
                } else {
                    sim.server()
                        .tree()
                        .get(&path)
                        .map(|n| {
                            n.children
                                .iter()
                                .map(|c| {
                                    let owner = sim
                                        .server()
                                        .tree()
                                        .get(&crate::path::join(&path, c))
                                        .map(|n| n.stat.ephemeral_owner)
                                        .and_then(|o| self.runner.backend.session_name(o))
                                        .unwrap_or_default();
                                    (c.to_string(), owner)
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                };
                chain.sort_by_key(|(c, _)| {
                    (
                        c[c.len().saturating_sub(10)..]
                            .parse::<i64>()
                            .unwrap_or(i64::MAX),
                        c.clone(),
                    )
                });
                let details = self.recipe_details(&path, kind);
                RecipeView {
                    contender,
                    details,
                    acquire_ms: sim
                        .monitor
                        .acquire_ms
                        .get(&path)
                        .cloned()
                        .unwrap_or_default(),
                    messages_sent: sim.messages_sent,
                    handoffs: sim.monitor.handoffs.get(&path).cloned().unwrap_or_default(),
                    acquisitions: sim.monitor.acquisitions.get(&path).copied().unwrap_or(0),
                    path,
                    kind,
                    chain,
                }
            })
            .collect()
    }

    fn children_of(&self, p: &str) -> Vec<String> {
        self.runner
            .backend
            .sim
            .server()
            .tree()
            .get(p)
            .map(|n| n.children.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default()
    }

    fn recipe_details(&self, path: &str, kind: &str) -> Vec<String> {
        let list = |v: Vec<String>| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        match kind {
            "queue-producer" | "queue-consumer" => {
                vec![format!("items waiting: {}", list(self.children_of(path)))]
            }
            "mw-master" | "mw-worker" | "mw-client" => {
                let sub = |d: &str| crate::path::join(path, d);
                let master = self
                    .runner
                    .backend
                    .sim
                    .server()
                    .tree()
                    .get(&sub("master"))
                    .and_then(|n| n.data.clone())
                    .map(|d| String::from_utf8_lossy(&d).into_owned())
                    .unwrap_or_else(|| "none".into());
                let mut out = vec![
                    format!(
                        "master: {master} · workers: {}",
                        list(self.children_of(&sub("workers")))
                    ),
                    format!("tasks waiting: {}", list(self.children_of(&sub("tasks")))),
                ];
                for w in self.children_of(&sub("assign")) {
                    let tasks = self.children_of(&crate::path::join(&sub("assign"), &w));
                    if !tasks.is_empty() {
                        out.push(format!("assigned to {w}: {}", tasks.join(", ")));
                    }
                }
                out.push(format!("done: {}", self.children_of(&sub("status")).len()));
                out
            }
            "config-manager" | "config-worker" => {
                let cfg = crate::path::join(path, "config");
                let data = self
                    .runner
                    .backend
                    .sim
                    .server()
                    .tree()
                    .get(&cfg)
                    .map(|n| {
                        let d = n.data.clone().unwrap_or_default();
                        format!(
                            "\"{}\" (dataVersion {})",
                            String::from_utf8_lossy(&d),
                            n.stat.version
                        )
                    })
                    .unwrap_or_else(|| "not published".into());
                vec![
                    format!("config: {data}"),
                    format!(
                        "servers: {}",
                        list(self.children_of(&crate::path::join(path, "servers")))
                    ),
                ]
            }
            _ => Vec::new(),
        }
    }

    /// Completes the last word of a console line against the tree's paths (to the longest
    /// common prefix of the matches); `None` when there is nothing to add.
    pub fn complete(&self, line: &str) -> Option<String> {
        let Some(space) = line.rfind(' ') else {
            // The first word is a command name.
            return crate::script::cli::complete_command(line);
        };
        let start = space + 1;
        let word = &line[start..];
        if !word.starts_with('/') {
            return None;
        }
        let tree = self.runner.backend.sim.server().tree();
        let matches = tree.iter().map(|(p, _)| p).filter(|p| p.starts_with(word));
        let common = crate::script::cli::longest_common_prefix(matches)?;
        (common.len() > word.len()).then(|| format!("{}{common}", &line[..start]))
    }

    /// Every znode path, for completion.
    pub fn paths(&self) -> Vec<String> {
        self.runner
            .backend
            .sim
            .server()
            .tree()
            .iter()
            .map(|(p, _)| p.to_string())
            .collect()
    }

    /// The event log's latest lines (the simulator itself keeps a bounded log).
    pub fn log(&self) -> Vec<LogEntry> {
        let log = self.runner.backend.sim.log();
        log.range(log.len().saturating_sub(LOG_LINES_SHOWN_MAX)..)
            .cloned()
            .collect()
    }

    /// Messages travelling now.
    pub fn in_flight(&self) -> Vec<MessageView> {
        let sim = &self.runner.backend.sim;
        sim.in_flight()
            .map(|m| MessageView {
                id: m.id,
                client: sim.client_name(m.client).to_string(),
                to_server: m.to_server,
                summary: m.summary(),
                sent_ms: m.sent_ms,
                arrive_ms: m.arrive_ms,
            })
            .collect()
    }

    /// One znode in full, with the sessions watching it.
    pub fn node(&self, path: &str) -> Option<NodeDetail> {
        let backend = &self.runner.backend;
        let server = backend.sim.server();
        let n = server.tree().get(path)?;
        let mut watchers = Vec::new();
        for (table, what) in server.watches().iter().zip(["data", "child"]) {
            for w in table.iter().filter(|w| w.path == path) {
                let who = backend
                    .session_name(w.session.0)
                    .unwrap_or_else(|| w.session.to_string());
                let kind = match w.mode {
                    crate::watch::WatchMode::Standard => what.to_string(),
                    crate::watch::WatchMode::Persistent => "persistent".into(),
                    crate::watch::WatchMode::PersistentRecursive => "recursive".into(),
                };
                if !watchers.contains(&(who.clone(), kind.clone())) {
                    watchers.push((who, kind));
                }
            }
        }
        Some(NodeDetail {
            path: path.to_string(),
            data: n
                .data
                .as_ref()
                .map(|d| String::from_utf8_lossy(d).into_owned()),
            stat: n.stat(),
            acl: n
                .acl
                .iter()
                .map(|a| format!("{}:{}:{}", a.id.scheme, a.id.id, perms_to_string(a.perms)))
                .collect(),
            watchers,
        })
    }

    /// Every znode in path order with its depth, for the tree view.
    pub fn tree_rows(&self) -> Vec<TreeRow> {
        let backend = &self.runner.backend;
        let last = backend.sim.server().last_zxid();
        backend
            .sim
            .server()
            .tree()
            .iter()
            .map(|(path, node)| {
                let owner = node.stat.ephemeral_owner;
                let (kind, ephemeral_owner) = match owner_kind(owner) {
                    OwnerKind::Persistent => ("persistent", None),
                    OwnerKind::Container => ("container", None),
                    OwnerKind::Ttl(_) => ("ttl", None),
                    OwnerKind::Ephemeral(s) => (
                        "ephemeral",
                        Some(backend.session_name(s.0).unwrap_or_else(|| s.to_string())),
                    ),
                };
                let data = node
                    .data
                    .as_ref()
                    .map(|d| String::from_utf8_lossy(d).into_owned())
                    .unwrap_or_default();
                let mut data_preview: String = data.chars().take(PREVIEW_CHARS_MAX).collect();
                if data.chars().count() > PREVIEW_CHARS_MAX {
                    data_preview.push('…');
                }
                let name = if path == "/" {
                    "/".to_string()
                } else {
                    crate::path::name(path).to_string()
                };
                let sequential = name.len() >= 10
                    && name.is_char_boundary(name.len() - 10)
                    && name[name.len() - 10..].bytes().all(|b| b.is_ascii_digit());
                TreeRow {
                    has_children: !node.children.is_empty(),
                    just_changed: last > 0
                        && (node.stat.mzxid == last
                            || node.stat.pzxid == last
                            || node.stat.czxid == last),
                    path: path.to_string(),
                    depth: if path == "/" {
                        0
                    } else {
                        path.matches('/').count()
                    },
                    name,
                    ephemeral_owner,
                    kind,
                    sequential,
                    data_preview,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_tree_has_root_and_zookeeper() {
        let s = Sandbox::new();
        let paths: Vec<String> = s.tree_rows().into_iter().map(|r| r.path).collect();
        assert_eq!(
            paths,
            vec!["/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota"]
        );
    }

    #[test]
    fn ephemerals_show_their_owner_and_vanish_with_the_session() {
        let mut s = Sandbox::new();
        s.run("session a\na: create -e /lock x");
        let row = s
            .tree_rows()
            .into_iter()
            .find(|r| r.path == "/lock")
            .unwrap();
        assert_eq!(row.ephemeral_owner.as_deref(), Some("a"));
        assert!(s.console_text().contains("Created /lock"));
        assert_eq!(s.clients()[0].ephemerals, vec!["/lock"]);
        s.run("crash a");
        s.run("tick 40000");
        assert!(s.tree_rows().iter().all(|r| r.path != "/lock"));
        assert_eq!(s.clients()[0].state, "Crashed");
    }

    #[test]
    fn step_back_replays_exactly() {
        let mut s = Sandbox::new();
        s.run("session a");
        s.run("session b");
        s.run("b: get -w /zookeeper");
        s.run("a: set /zookeeper x");
        let before = s.steps();
        s.run("step");
        s.run("step");
        assert_eq!(
            s.script().matches("step").count(),
            1,
            "steps merge: {}",
            s.script()
        );
        let after_one = {
            let mut t = Sandbox::from_script(&s.script()).unwrap();
            t.step_back();
            t
        };
        s.step_back();
        assert_eq!(s.steps(), after_one.steps());
        assert_eq!(s.steps(), before + 1);
        assert_eq!(s.script(), after_one.script());
    }

    /// Consecutive steps merge into one line only within the bound of a `step` line, so a long
    /// play at full speed still saves a script that loads.
    #[test]
    fn merged_steps_stay_within_a_lines_bound() {
        let mut s = Sandbox::new();
        s.run("session a");
        for _ in 0..3 {
            s.run("step 50000");
        }
        assert_eq!(s.script(), "session a\nstep 100000\nstep 50000\n");
        let back = Sandbox::import(&s.script()).unwrap();
        assert_eq!(back.state_hash(), s.state_hash());
    }

    #[test]
    fn stat_prints_dates_from_the_clock_line() {
        let mut s = Sandbox::new();
        s.run("clock 2026-11-25T22:44:00Z");
        s.run("session a\na: create /x 1\ntick 61000\na: set /x 2\na: stat /x");
        let out = s.console_text();
        assert!(
            out.contains("ctime = Wed Nov 25 22:44:00 UTC 2026\n"),
            "{out}"
        );
        assert!(
            out.contains("mtime = Wed Nov 25 22:45:01 UTC 2026\n"),
            "{out}"
        );
        // Without the line the clock starts in 1970, as before.
        let mut old = Sandbox::new();
        old.run("session a\na: create /x 1\na: stat /x");
        assert!(old
            .console_text()
            .contains("ctime = Thu Jan 01 00:00:00 UTC 1970\n"));
    }

    #[test]
    fn the_clock_line_comes_first_and_survives_replays() {
        let mut s = Sandbox::new();
        assert!(s.run("clock 2026-11-25T22:44:00Z").is_empty());
        assert!(s.run("seed 3").is_empty());
        s.run("session a\na: create /x 1");
        assert_eq!(
            s.run("clock 2030-01-01T00:00:00Z"),
            vec!["clock 2030-01-01T00:00:00Z: clock must come before anything else in the script"]
        );
        assert_eq!(s.seed(), 3);
        let back = Sandbox::import(&s.export()).unwrap();
        assert_eq!(back.state_hash(), s.state_hash());
        let mut rewound = s.clone();
        rewound.rewind_to(0);
        assert_eq!(rewound.script(), "clock 2026-11-25T22:44:00Z\nseed 3\n");
        assert_eq!(rewound.state_hash(), {
            let mut t = Sandbox::new();
            t.run("clock 2026-11-25T22:44:00Z\nseed 3");
            t.state_hash()
        });
        for _ in 0..10 {
            rewound.step_back();
        }
        assert_eq!(rewound.script(), "clock 2026-11-25T22:44:00Z\nseed 3\n");
        assert!(Sandbox::import("clock tomorrow\nsession a\n")
            .unwrap_err()
            .to_string()
            .starts_with("line 1: usage: clock YYYY-MM-DDTHH:MM:SSZ"));
    }

    #[test]
    fn stepping_delivers_one_message_at_a_time() {
        let mut s = Sandbox::new();
        s.run("session a\nsession b\nsession c");
        s.run("server stop");
        let flying = s.in_flight().len();
        assert_eq!(flying, 3, "one hang-up per client is on its way");
        let steps = s.steps();
        s.run("step");
        assert_eq!(s.steps(), steps + 1);
        assert_eq!(s.in_flight().len(), flying - 1);
        let disconnected = s
            .clients()
            .iter()
            .filter(|c| c.state == "Disconnected")
            .count();
        assert_eq!(disconnected, 1);
    }

    #[test]
    fn rewind_to_a_step_replays_the_past() {
        let mut s = Sandbox::new();
        s.run("session a\nsession b");
        s.run("b: stat -w /x");
        s.run("a: create /x 1");
        s.run("server stop");
        s.run("step 2");
        let at = s.steps() - 1;
        let expected = {
            let mut t = Sandbox::from_script(&s.script()).unwrap();
            t.step_back();
            t.state_hash()
        };
        s.rewind_to(at);
        assert_eq!(s.steps(), at);
        assert_eq!(s.state_hash(), expected);
    }

    #[test]
    fn completes_paths() {
        let mut s = Sandbox::new();
        s.run("session a\na: create /apps x\na: create /apps/alpha 1\na: create /apps/alps 2");
        assert_eq!(
            s.complete("get /apps/alph").as_deref(),
            Some("get /apps/alpha")
        );
        assert_eq!(s.complete("get /apps/a").as_deref(), Some("get /apps/alp"));
        assert_eq!(s.complete("get /zz"), None);
        assert_eq!(s.complete("get x"), None);
    }

    #[test]
    fn node_detail_lists_watchers() {
        let mut s = Sandbox::new();
        s.run("session a\nsession b\na: create /x 1\nb: get -w /x\na: ls -w /x");
        let d = s.node("/x").unwrap();
        assert_eq!(d.data.as_deref(), Some("1"));
        assert_eq!(
            d.watchers,
            vec![
                ("b".to_string(), "data".to_string()),
                ("a".to_string(), "child".to_string())
            ]
        );
    }

    #[test]
    fn export_then_import_gives_the_identical_state() {
        let mut s = Sandbox::new();
        for l in [
            "session a",
            "session b",
            "b: get -w /zookeeper",
            "a: create -e /x 1",
            "a: multi\n  create /y 2\n  set /x 3\nend",
            "partition b",
            "tick 5000",
            "heal b",
            "step 3",
            "recipe lock /l on c,d hold=100",
            "tick 2000",
        ] {
            s.run(l);
        }
        let back = Sandbox::import(&s.export()).unwrap();
        assert_eq!(back.state_hash(), s.state_hash());
        assert_eq!(back.script(), s.script());
    }

    #[test]
    fn bad_imports_are_refused_clearly() {
        assert!(Sandbox::import("# zkplay scenario v9\nsession a\n")
            .unwrap_err()
            .to_string()
            .contains("newer"));
        assert!(Sandbox::import("session a\nthis is not zkplay\n")
            .unwrap_err()
            .to_string()
            .starts_with("line 2"));
        assert!(Sandbox::import("recipe nonsense /x on a\n").is_err());
        assert!(Sandbox::import("session a\na: frobnicate\n").is_ok());
        assert!(Sandbox::import("session a\na: ls /\n").is_ok());
    }

    /// Fuzzing found these slow (a reconnect storm from a zero timeout; an endless tick):
    /// they must now be quick.
    #[test]
    fn fuzz_regressions_run_quickly() {
        let slow = include_str!("../../fuzz/regressions/slow-import-zero-timeout.zk");
        let _ = Sandbox::import(slow);
        assert!(Sandbox::import("session a\ntick 99999999999\n").is_err());
        assert!(Sandbox::import("session a\nstep 99999999\n").is_err());
        assert!(Sandbox::import("session a timeout=0\n").is_err());
    }

    #[test]
    fn oversized_scripts_are_refused() {
        let big = "# x\n".repeat(SCRIPT_BYTES_MAX);
        assert!(Sandbox::from_script(&big).is_err());
    }
}
