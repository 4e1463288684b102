//! The sandbox a user plays with: the simulation, the script of everything done so far (which
//! is also what is saved, exported and shared), the console transcript, and the views the UI
//! renders (in `views`). All of the UI's rules live here so the front end only renders and
//! dispatches.

mod boards;
mod consoles;
mod ensemble_views;
mod host;
mod log_view;
mod views;

pub use boards::{BoardLine, ChainLink, RecipeView, ResourceView, Stand};
pub use consoles::{route, Note, Route};
pub use ensemble_views::{EnsembleView, ServerView};
pub use log_view::{LogRow, LogText, TimelineMark, TIMELINE_MARKS_MAX};
pub use views::{ClientMessageView, ClientView, ConsolePart, NodeDetail, NodeKind, TreeRow};

use crate::acl::perms_to_string;
use crate::bounds::STEPS_PER_LINE_MAX;
use crate::script::parse::{parse_script, SimCommand, Step, StepKind};
use crate::script::runner::{Runner, Started};
use crate::script::transcript::to_text;
use crate::script::Backend;
use crate::script::{LineError, SimulationBackend};
use crate::sim::client_watches::ClientWatches;
use crate::sim::SimConfig;
use crate::stat::{owner_kind, OwnerKind, Stat};

/// The largest script the sandbox accepts (imports, share links, saved state).
pub const SCRIPT_BYTES_MAX: usize = 256 * 1024;
/// The first line of an exported scenario.
const HEADER_PREFIX: &str = "# zkplay scenario ";
const FORMAT_VERSION: &str = "v1";
/// How many log lines the UI is given.
pub const LOG_LINES_SHOWN_MAX: usize = 200;

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

/// A line that could not run at all: the line as written and why (the page words it in its
/// language). `Display` is `LINE: WHY` in English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunError {
    pub line: String,
    pub why: crate::script::LineError,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.line, self.why)
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
    /// The server whose tree the page shows, on an ensemble (by default the leader).
    viewed_server: Option<crate::ensemble::PeerId>,
    /// The script's `ensemble` line, once run: later lines are parsed against it.
    ensemble_line: Option<crate::script::ensemble_lines::EnsembleConfig>,
    /// One entry per user action, as script text.
    lines: Vec<String>,
    next_step: usize,
    /// Counts the changes: one more after every line run, step back, rewind or slice.
    revision: u64,
    /// zkplay's own lines in the consoles (simulator lines typed there, hints): not script.
    notes: Vec<consoles::PlacedNote>,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

/// Whether a line only lets time pass (`tick MS`, `sleep MS`): its events can be delivered
/// one at a time instead.
fn is_time_line(line: &str) -> bool {
    matches!(line.split_whitespace().next(), Some("tick" | "sleep"))
        && matches!(
            parse_script(line).first().map(|s| &s.kind),
            Some(StepKind::Sleep { .. })
        )
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
            viewed_server: None,
            ensemble_line: None,
            lines: Vec::new(),
            next_step: 1,
            revision: 0,
            notes: Vec::new(),
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
        self.runner
            .backend
            .sim()
            .map_or(0, crate::sim::Sim::state_hash)
    }

    /// Runs script text (one or more lines, e.g. `session a` or `a: create /x 1`); returns the
    /// errors of lines that could not run at all (commands' own errors go to the console).
    pub fn run(&mut self, text: &str) -> Vec<RunError> {
        let text = text.trim_end();
        if text.is_empty() {
            return Vec::new();
        }
        let steps = match &self.ensemble_line {
            Some(config) => crate::script::parse_script_in(text, config),
            None => parse_script(text),
        };
        if let Some(refused) = self.ensemble_line_refused(&steps) {
            return vec![refused];
        }
        // A line that is not zkplay at all (no session's typo, which zkCli would print) is
        // refused and not recorded: the script must load again.
        if steps
            .iter()
            .all(|s| s.session.is_none() && matches!(s.kind, StepKind::Invalid(_)))
        {
            return steps
                .into_iter()
                .filter_map(|s| match s.kind {
                    StepKind::Invalid(why) => Some(RunError {
                        line: s.source,
                        why: why.into(),
                    }),
                    _ => None,
                })
                .collect();
        }
        let first_new = self.runner.entries.len();
        for mut step in steps {
            step.index = self.next_step;
            self.next_step += 1;
            self.runner.run_step(&step);
        }
        self.record(text, first_new)
    }

    /// An `ensemble` line comes right after `seed` and `clock`, once: there the sandbox becomes
    /// an ensemble (its setup lines run again on it); anywhere else it is refused, and the
    /// sandbox goes on as it was.
    fn ensemble_line_refused(&mut self, steps: &[Step]) -> Option<RunError> {
        // A second `ensemble` line (the parser, reading against the first, marks it invalid).
        if self.ensemble_line.is_some() {
            let second = steps.iter().find(|s| {
                s.session.is_none() && s.source.split_whitespace().next() == Some("ensemble")
            });
            if let Some(s) = second {
                return Some(RunError {
                    line: s.source.clone(),
                    why: crate::script::entry::EnsembleRefusal::SecondEnsemble.into(),
                });
            }
        }
        let (step, config) = steps.iter().find_map(|s| match &s.kind {
            StepKind::Ensemble(config) => Some((s, config)),
            _ => None,
        })?;
        if self.runner.backend.is_ensemble() || self.lines.len() > self.setup_lines() {
            return Some(RunError {
                line: step.source.clone(),
                why: LineError::MustComeFirst { word: "ensemble" },
            });
        }
        let seed = SimConfig::default().seed;
        let mut runner = Runner::new(SimulationBackend::for_ensemble(seed));
        for (i, line) in self.lines.iter().enumerate() {
            for mut step in parse_script(line) {
                step.index = i + 1;
                runner.run_step(&step);
            }
        }
        self.runner = runner;
        self.ensemble_line = Some(config.clone());
        None
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
    pub(crate) fn finish(&mut self, part: Part, text: &str) -> Vec<RunError> {
        self.next_step += 1;
        self.runner.finish_step(&part.step, part.started);
        self.record(text, part.first_new)
    }

    /// The standalone simulation, to drive a step in slices (an ensemble's lines run whole).
    pub(crate) fn backend_mut(&mut self) -> Option<&mut SimulationBackend> {
        self.revision += 1;
        let b = &mut self.runner.backend;
        (!b.is_ensemble()).then_some(b)
    }

    /// Whether the sandbox runs an ensemble.
    pub fn is_ensemble(&self) -> bool {
        self.runner.backend.is_ensemble()
    }

    /// Records a line that ran (consecutive steps merge into one line, within the bound of one
    /// `step` line) and returns the errors of the lines that could not run at all.
    fn record(&mut self, text: &str, first_new: usize) -> Vec<RunError> {
        self.revision += 1;
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
                crate::script::EntryKind::ScriptError(why) if e.session.is_none() => {
                    Some(RunError {
                        line: e.cmd.clone(),
                        why: why.clone(),
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// Changes whenever the sandbox does (a line run, a step back, a rewind, a slice of a
    /// load): what the page keys its snapshot and its saving on, cheap to read on every render.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Becomes `s`, a replay of this sandbox's history, as a new revision.
    fn replace(&mut self, s: Sandbox) {
        let revision = self.revision + 1;
        let viewed = self.viewed_server;
        let notes = std::mem::take(&mut self.notes);
        *self = s;
        self.revision = revision;
        self.viewed_server = viewed;
        self.keep_notes(notes);
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
        self.replace(s);
    }

    /// Rewinds to simulation step `target` by replaying the history; what came after is
    /// discarded, as with step back. A `step`, `tick` or `sleep` line the target falls in is
    /// cut there (its first events are the same one at a time); a command the target falls in
    /// is replayed whole (it cannot be cut), so the sandbox stops just after it.
    pub fn rewind_to(&mut self, target: u64) {
        if target >= self.steps() {
            return;
        }
        let (s, cut) = self.replay_until(target, None);
        let s = match cut {
            // Again, the time line that went past the target cut into single steps.
            Some(i) => self.replay_until(target, Some(i)).0,
            None => s,
        };
        self.replace(s);
    }

    /// Replays the history until `target` steps; with `cut`, line `cut` (a time line) is run
    /// as the steps left instead. Returns the replay and, without `cut`, the time line that
    /// went past the target, if one did.
    fn replay_until(&self, target: u64, cut: Option<usize>) -> (Sandbox, Option<usize>) {
        let mut s = Sandbox::new();
        let setup = self.setup_lines();
        for line in &self.lines[..setup] {
            s.run(line);
        }
        for (i, line) in self.lines.iter().enumerate().skip(setup) {
            if s.steps() >= target {
                break;
            }
            let left = target - s.steps();
            match is_step_line(line) {
                Some(n) => {
                    s.run(&format!("step {}", n.min(left)));
                }
                None if cut == Some(i) => {
                    s.run(&format!("step {left}"));
                }
                None => {
                    s.run(line);
                    if cut.is_none() && s.steps() > target && is_time_line(line) {
                        return (s, Some(i));
                    }
                }
            }
        }
        (s, None)
    }

    /// How many of the first lines set the scenario up (`seed`, `clock`, `ensemble`): every
    /// replay keeps them, and step back does not undo them.
    fn setup_lines(&self) -> usize {
        self.lines
            .iter()
            .take_while(|l| {
                parse_script(l).iter().all(|step| {
                    matches!(
                        step.kind,
                        StepKind::Sim(SimCommand::Seed(_) | SimCommand::Clock(_))
                            | StepKind::Ensemble(_)
                    )
                })
            })
            .count()
    }

    /// The `ensemble` line this sandbox started with, if it runs on an ensemble (a case study
    /// opened in an ensemble mode runs on the same ensemble).
    pub fn ensemble_line(&self) -> Option<&str> {
        self.lines[..self.setup_lines()]
            .iter()
            .find(|line| {
                parse_script(line)
                    .iter()
                    .any(|step| matches!(step.kind, StepKind::Ensemble(_)))
            })
            .map(String::as_str)
    }

    /// A new sandbox with this one's `seed` and `clock`, on the standalone server or, given
    /// its line, on an ensemble: what the page's mode control starts.
    pub fn fresh_with(
        &self,
        ensemble: Option<&crate::script::ensemble_lines::EnsembleConfig>,
    ) -> Sandbox {
        let mut s = Sandbox::new();
        for line in &self.lines[..self.setup_lines()] {
            let steps = parse_script(line);
            if !steps
                .iter()
                .any(|step| matches!(step.kind, StepKind::Ensemble(_)))
            {
                s.run(line);
            }
        }
        if let Some(config) = ensemble {
            s.run(&config.to_string());
        }
        s
    }

    /// Everything done so far, as a scenario script.
    pub fn script(&self) -> String {
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod ensemble_recipe_tests;
#[cfg(test)]
mod ensemble_tests;
#[cfg(test)]
mod tests;
