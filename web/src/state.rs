//! The reducer around the core [`Sandbox`]: actions in, new state out. UI-only choices (which
//! client's console, which znode is inspected, playing or not) live beside the sandbox.

use std::rc::Rc;

use std::cell::RefCell;
use zkplay_core::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};

use yew::Reducible;
use zkplay_core::load::{Estimate, Loading, Progress};
use zkplay_core::recipes::{OptionError, PathRefused, RecipeKind, RecipeOptions};
use zkplay_core::sandbox::{ImportError, RunError, Sandbox};
use zkplay_core::script::ensemble_lines::EnsembleConfig;
use zkplay_core::script::line::QuoteError;
use zkplay_core::script::parse::SimCommand;
use zkplay_core::script::{NodeCommand, ScriptLine};
use zkplay_core::share::ShareError;
use zkplay_core::tutorial::{self, Lang};

use crate::storage::StorageError;

/// What the UI can ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run one script line, built as a typed value (`session c1`, `crash c1`, `c1: close` …).
    Line(ScriptLine),
    /// Run a zkCli command as the selected client.
    Console(String),
    /// A zkCli command built from a click on the tree, run as the selected client.
    Node(NodeCommand),
    /// Open N new clients and select the first.
    Spawn(usize),
    /// Start a recipe on N new clients: kind, path, count, extra `key=value` options.
    StartRecipe {
        kind: String,
        path: String,
        count: usize,
        options: String,
    },
    Step,
    /// Start afresh (same seed and clock) on the standalone server (0 voters) or on an
    /// ensemble of this many voters and observers.
    Mode {
        voters: u32,
        observers: u32,
    },
    /// Show this server's tree (a view's choice: the script does not change).
    ViewServer(u64),
    /// Deliver N events (playing at a speed).
    Steps(u32),
    /// Events per play tick.
    SetSpeed(u32),
    StepBack,
    /// Move to a step on the timeline: back by replay, forward by stepping.
    Seek(u64),
    /// Show a problem in the banner.
    ShowError(Problem),
    /// Let simulated time pass.
    Tick(u64),
    TogglePlay,
    SelectClient(String),
    SelectNode(String),
    /// The GC pause length the Pause buttons use, in ms.
    SetPauseMs(u64),
    /// Replace everything with a script from the import dialog: it loads in slices (a big one
    /// asks first); errors are shown, state kept.
    Load(String),
    /// Run the script waiting for the user's yes.
    RunLoad,
    /// Load on by at most this many simulation events.
    LoadSlice(u64),
    /// Stop loading: keep what ran (or, before it ran, what was there).
    CancelLoad,
    Reset,
    DismissError,
    /// Open a lesson at the step it was left at (its setup and the steps before, replayed).
    OpenLesson(usize),
    /// Start the current lesson again from its first step.
    RestartLesson,
    /// Play the current step, as a user would (its lines go to the consoles and the script).
    ShowMe,
    /// Go on to the next step (once the current one's checks have passed).
    NextStep,
    CloseLesson,
    /// Run a case study into a fresh sandbox and show its guide.
    OpenCase(&'static str),
    CloseCase,
    SetLang(Lang),
}

/// The GC pause length the Pause buttons use until the learner sets another, in ms.
pub const PAUSE_MS_DEFAULT: u64 = 5000;

/// The app's state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Shared, not cloned, between successive states: a sandbox can hold a large tree and a
    /// long history, and copying it on every action would make each action cost O(size).
    pub sandbox: Rc<RefCell<Sandbox>>,
    pub selected_client: Option<String>,
    pub selected_node: Option<String>,
    pub playing: bool,
    /// Events delivered per play tick.
    pub speed: u32,
    /// The lesson being followed, if any.
    pub lesson: Option<usize>,
    /// The step of that lesson the learner is on.
    pub step: usize,
    /// Whether that step's checks have passed (kept once they did: the sandbox may move on).
    pub step_passed: bool,
    /// The page's language (the tutorial's too).
    pub lang: Lang,
    /// Ids of the lessons whose last step has passed.
    pub done: BTreeSet<String>,
    /// The step each lesson was left at, by id.
    pub progress: BTreeMap<String, usize>,
    /// The last problem (an import, a share link, a line that could not run), shown until
    /// dismissed.
    pub error: Option<Problem>,
    /// A script loading in slices; the sandbox above stays as it was until it is done.
    pub load: Option<Load>,
    /// A multi block being typed in a console, line by line, until `end`: its session and
    /// its op lines so far (zkCli has no multi; the script's block is zkplay's own).
    pub multi_draft: Option<(String, Vec<String>)>,
    /// The case study that was run, whose guide is shown.
    pub case: Option<&'static str>,
    /// The free-play sandbox's script, kept while a lesson is followed (a lesson opens on a
    /// sandbox of its own) and loaded back when the lesson is closed.
    pub freeplay: Option<Rc<str>>,
    /// What the recipe form holds: the recipe last started (kept across reloads), or what
    /// the current step starts next.
    pub recipe_form: RecipeForm,
    /// The GC pause length the clients' Pause buttons use, in ms: the learner's value, kept
    /// across every render and action (a field of its own would be reset by a new one).
    pub pause_ms: u64,
    /// Changes on every action (cheap equality for re-rendering).
    pub revision: u64,
}

impl AppState {
    /// A fresh sandbox with one client, `c1`, as zkCli starts with one connection; its clock
    /// starts at the browser's time.
    pub fn fresh() -> AppState {
        let mut sandbox = crate::clock::new_sandbox();
        sandbox.run(&ScriptLine::Session { name: "c1".into() }.to_string());
        AppState::with(sandbox)
    }

    /// State around an existing sandbox (restored or imported).
    pub fn with(sandbox: Sandbox) -> AppState {
        let selected_client = sandbox.clients().first().map(|c| c.name.clone());
        AppState {
            sandbox: Rc::new(RefCell::new(sandbox)),
            selected_client,
            selected_node: None,
            playing: false,
            speed: 1,
            lesson: None,
            step: 0,
            step_passed: false,
            lang: Lang::En,
            done: BTreeSet::new(),
            progress: BTreeMap::new(),
            error: None,
            load: None,
            multi_draft: None,
            case: None,
            freeplay: None,
            recipe_form: RecipeForm::default(),
            pause_ms: PAUSE_MS_DEFAULT,
            revision: 0,
        }
    }

    /// Starts loading a script over the current sandbox: at once if it runs without asking and
    /// fits in `events_max` events, else in slices from the page's timer (`LoadSlice`).
    pub fn start_load(&mut self, mut load: Load, events_max: u64) {
        self.playing = false;
        if load.confirmed && load.run(events_max) {
            self.replace_sandbox(load.take());
            self.load = None;
        } else {
            self.load = Some(load);
        }
    }

    /// Puts a loaded sandbox in place, keeping the page's own choices (speed, language, the
    /// tutorial: a saved sandbox restored mid-lesson goes on with its lesson).
    fn replace_sandbox(&mut self, sandbox: Sandbox) {
        let old = std::mem::replace(self, AppState::with(sandbox));
        self.keep_choices(&old, true);
    }

    /// Takes the page's own choices from the state before: speed, language, the tutorial's
    /// progress and, if `following`, what the page was following (the lesson and its step,
    /// the case study).
    fn keep_choices(&mut self, old: &AppState, following: bool) {
        self.revision = old.revision;
        self.speed = old.speed;
        self.lang = old.lang;
        self.done = old.done.clone();
        self.progress = old.progress.clone();
        self.freeplay = old.freeplay.clone();
        self.recipe_form = old.recipe_form.clone();
        if following {
            self.lesson = old.lesson;
            self.step = old.step;
            self.step_passed = old.step_passed;
            self.case = old.case;
        }
    }

    /// Opens lesson `i` at step `at`: a new sandbox with the lesson's setup and what "show me"
    /// does for every step before it.
    fn open_lesson(&mut self, i: usize, at: usize) {
        let Some(l) = tutorial::lessons().get(i) else {
            return;
        };
        let at = at.min(l.steps.len().saturating_sub(1));
        // Free play is kept, to come back to when the lesson is closed (a lesson opened from
        // another lesson keeps the free play from before the first).
        if self.lesson.is_none() && self.freeplay.is_none() && self.load.is_none() {
            self.freeplay = Some(self.sandbox.borrow().script().into());
        }
        let mut s = crate::clock::new_sandbox();
        s.run_actions(&tutorial::script_before(l, at));
        let old = std::mem::replace(self, AppState::with(s));
        self.keep_choices(&old, false);
        self.lesson = Some(i);
        self.progress.insert(l.id.to_string(), at);
        self.enter_step(at);
    }

    /// Makes step `at` of the current lesson the current one, with its console active.
    fn enter_step(&mut self, at: usize) {
        self.step = at;
        self.step_passed = false;
        let console = self
            .current_step()
            .and_then(|s| {
                s.focus.iter().find_map(|f| match f {
                    tutorial::Focus::Console(c) => Some(*c),
                    _ => None,
                })
            })
            .filter(|c| self.sandbox.borrow().clients().iter().any(|v| v.name == *c));
        if let Some(c) = console {
            self.selected_client = Some(c.to_string());
        }
    }

    /// After a reload: follows the lesson of this id again, at its saved step, over the
    /// sandbox as it was restored.
    pub fn resume_lesson(&mut self, id: Option<&str>) {
        let Some(i) = id.and_then(|id| tutorial::lessons().iter().position(|l| l.id == id)) else {
            return;
        };
        let steps = tutorial::lessons()[i].steps.len();
        let at = self
            .progress
            .get(tutorial::lessons()[i].id)
            .copied()
            .unwrap_or(0);
        self.lesson = Some(i);
        self.step = at.min(steps.saturating_sub(1));
        self.step_passed = false;
        self.check_step();
    }

    /// Runs a line typed in a session's console; `multi` opens a block whose op lines are
    /// kept until `end` runs them as one transaction, as a script's multi block.
    fn console_line(&mut self, session: String, command: String) {
        let word = command.trim();
        match self.multi_draft.take() {
            Some((owner, ops)) if owner == session => {
                if word == "end" {
                    let mut block = format!("{session}: multi\n");
                    for op in &ops {
                        block.push_str(&format!("  {op}\n"));
                    }
                    block.push_str("end");
                    self.sandbox.borrow_mut().run(&block);
                } else {
                    let mut ops = ops;
                    ops.push(word.to_string());
                    self.multi_draft = Some((owner, ops));
                }
            }
            other => {
                self.multi_draft = other;
                if word == "multi" {
                    self.multi_draft = Some((session, Vec::new()));
                } else {
                    // zkCli's commands as the client; the simulator's lines (`srvr 3`) as
                    // script lines, their output zkplay's notes in this console.
                    self.sandbox
                        .borrow_mut()
                        .console_line(Some(&session), &command);
                }
            }
        }
    }

    /// The lesson being followed, if any.
    pub fn current_lesson(&self) -> Option<&'static tutorial::Lesson> {
        tutorial::lessons().get(self.lesson?)
    }

    /// The step being followed, if any.
    pub fn current_step(&self) -> Option<&'static tutorial::Step> {
        tutorial::step(self.lesson?, self.step)
    }

    /// Keeps a passed step passed; the last step's passing finishes its lesson.
    fn check_step(&mut self) {
        let (Some(lesson), Some(step)) = (self.current_lesson(), self.current_step()) else {
            return;
        };
        if !self.step_passed && tutorial::step_passed(&self.sandbox.borrow(), step) {
            self.step_passed = true;
        }
        if self.step_passed && self.step + 1 == lesson.steps.len() {
            self.done.insert(lesson.id.to_string());
        }
    }
}

/// The recipe form's values, as `Action::StartRecipe` carries them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeForm {
    /// The kind's script name (`lock`).
    pub kind: String,
    pub path: String,
    pub count: usize,
    /// The options as the script's `key=value` words.
    pub options: String,
}

impl Default for RecipeForm {
    fn default() -> Self {
        let first = &zkplay_core::recipes::kinds::KINDS[0];
        RecipeForm {
            kind: first.name.into(),
            path: first.default_path.into(),
            count: 3,
            options: String::new(),
        }
    }
}

impl RecipeForm {
    /// The form filled with a script's `recipe` line: its kind, path, as many clients, and
    /// every option its kind uses (defaults written out, so the form shows what will run).
    pub fn from_line(line: &SimCommand) -> Option<RecipeForm> {
        use zkplay_core::recipes::kinds::OptionName;
        let SimCommand::Recipe {
            kind,
            path,
            clients,
            options: o,
        } = line
        else {
            return None;
        };
        let words: Vec<String> = kind
            .info()
            .options
            .iter()
            .filter_map(|(name, _)| {
                let value = match name {
                    OptionName::Hold => o.hold_ms.to_string(),
                    OptionName::Rounds => o.rounds.to_string(),
                    OptionName::Fencing => (if o.fencing { "on" } else { "off" }).into(),
                    OptionName::Items => o.items.to_string(),
                    OptionName::Interval => o.interval_ms.to_string(),
                    OptionName::Size => o.size?.to_string(),
                };
                Some(format!("{}={value}", name.key()))
            })
            .collect();
        Some(RecipeForm {
            kind: kind.name().into(),
            path: path.clone(),
            count: clients.len(),
            options: words.join(" "),
        })
    }

    /// An option's value in the form, if it has one.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .split_whitespace()
            .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
    }

    /// The form as one line (`kind path count options`), as storage keeps it.
    pub fn to_line(&self) -> String {
        format!(
            "{} {} {} {}",
            self.kind, self.path, self.count, self.options
        )
    }

    /// The form from [`RecipeForm::to_line`]'s line, if it reads as one.
    pub fn from_saved(line: &str) -> Option<RecipeForm> {
        let mut words = line.splitn(4, ' ');
        Some(RecipeForm {
            kind: words.next()?.into(),
            path: words.next()?.into(),
            count: words.next()?.parse().ok()?,
            options: words.next().unwrap_or("").trim().into(),
        })
    }
}

/// What went wrong, for the banner (`messages::problem` words it in the page's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// An action that would change the sandbox while a script loads or waits to.
    Busy,
    /// A console line with no client to run it.
    NoClient,
    /// A line the engine could not run, and why.
    Script(RunError),
    /// A recipe's options that cannot be read (the form's hold time past its bound).
    Options(OptionError),
    /// A recipe path no recipe can use.
    RecipePath(PathRefused),
    /// A recipe kind zkplay does not run.
    UnknownRecipe(String),
    /// A znode action zkCli's tokenizer could not read back.
    Quote(QuoteError),
    /// An import refused.
    Import(ImportError),
    /// A share link that is not one, or is damaged.
    Link(ShareError),
    /// A share link whose script cannot be imported.
    LinkScript(ImportError),
    /// A saved sandbox that cannot be restored.
    Saved(ImportError),
    /// The sandbox cannot be saved.
    Storage(StorageError),
}

/// Where a script being loaded came from (the prompt names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadSource {
    Link,
    File,
    Saved,
}

/// A script loading in slices ([`zkplay_core::load::Loading`]) and what the page shows of it.
#[derive(Clone, Debug)]
pub struct Load {
    /// Shared between successive states, as the sandbox is; taken when done.
    loading: Rc<RefCell<Option<Loading>>>,
    pub source: LoadSource,
    pub estimate: Estimate,
    pub progress: Progress,
    /// Whether it runs: a big link or file waits for the user's yes.
    pub confirmed: bool,
    /// What to load if the user says no (the saved sandbox, when a share link was opened).
    pub fallback: Option<String>,
}

impl Load {
    /// Checks and estimates a script; a big one from a link or a file waits to be confirmed.
    pub fn new(script: &str, source: LoadSource) -> Result<Load, ImportError> {
        let loading = Loading::new(script)?;
        let estimate = loading.estimate().clone();
        Ok(Load {
            confirmed: source == LoadSource::Saved || !estimate.needs_confirmation(),
            progress: Progress {
                lines_total: estimate.lines,
                events_total: estimate.events,
                ..Progress::default()
            },
            estimate,
            loading: Rc::new(RefCell::new(Some(loading))),
            source,
            fallback: None,
        })
    }

    /// Loads on by at most `events_max` events; true when done.
    pub fn run(&mut self, events_max: u64) -> bool {
        let mut slot = self.loading.borrow_mut();
        let Some(loading) = slot.as_mut() else {
            return true;
        };
        let done = loading.run(events_max);
        self.progress = loading.progress();
        done
    }

    /// The sandbox as loaded so far (all of it, once done).
    pub fn take(&self) -> Sandbox {
        self.loading
            .borrow_mut()
            .take()
            .map(Loading::into_sandbox)
            .unwrap_or_default()
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::fresh()
    }
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.revision += 1;
        if next.load.is_some() && changes_the_sandbox(&action) {
            next.error = Some(Problem::Busy);
            return Rc::new(next);
        }
        match action {
            Action::Line(line) => {
                let errors = next.sandbox.borrow_mut().run(&line.to_string());
                next.error = errors.into_iter().next().map(Problem::Script);
            }
            Action::Console(command) => match next.selected_client.clone() {
                Some(session) => next.console_line(session, command),
                // The command box: the simulator's lines, with no client.
                None => next.sandbox.borrow_mut().console_line(None, &command),
            },
            Action::Node(command) => match (command.to_zkcli(), next.selected_client.clone()) {
                (Ok(command), Some(session)) => {
                    let line = ScriptLine::Console { session, command };
                    next.sandbox.borrow_mut().run(&line.to_string());
                }
                (Err(e), _) => next.error = Some(Problem::Quote(e)),
                (_, None) => next.error = Some(Problem::NoClient),
            },
            Action::Spawn(n) => {
                let mut first = None;
                for _ in 0..n.clamp(1, 100) {
                    let name = next.sandbox.borrow_mut().next_client_name();
                    let line = ScriptLine::Session { name: name.clone() };
                    let _ = next.sandbox.borrow_mut().run(&line.to_string());
                    first.get_or_insert(name);
                }
                next.selected_client = first;
            }
            Action::StartRecipe {
                kind,
                path,
                count,
                options,
            } => {
                // The form keeps what was started (also when it is refused: to be corrected).
                next.recipe_form = RecipeForm {
                    kind: kind.clone(),
                    path: path.clone(),
                    count,
                    options: options.clone(),
                };
                let names = next
                    .sandbox
                    .borrow_mut()
                    .next_client_names(count.clamp(1, 100));
                let words: Vec<String> = options.split_whitespace().map(String::from).collect();
                let recipe = RecipeKind::parse(&kind)
                    .ok_or_else(|| Problem::UnknownRecipe(kind.clone()))
                    .and_then(|kind| {
                        zkplay_core::recipes::check_path(&path).map_err(Problem::RecipePath)?;
                        let options = RecipeOptions::parse(&words).map_err(Problem::Options)?;
                        Ok((kind, options))
                    });
                match recipe {
                    Ok((kind, options)) => {
                        let line = ScriptLine::Sim(SimCommand::Recipe {
                            kind,
                            path,
                            clients: names.clone(),
                            options,
                        });
                        match next
                            .sandbox
                            .borrow_mut()
                            .run(&line.to_string())
                            .into_iter()
                            .next()
                        {
                            Some(e) => next.error = Some(Problem::Script(e)),
                            None => next.selected_client = names.first().cloned(),
                        }
                    }
                    Err(problem) => next.error = Some(problem),
                }
            }
            Action::Mode { voters, observers } => {
                let config = (voters > 0).then(|| EnsembleConfig {
                    observers,
                    ..EnsembleConfig::new(voters)
                });
                let mut s = next.sandbox.borrow().fresh_with(config.as_ref());
                // As zkCli starts with one connection.
                s.run(&ScriptLine::Session { name: "c1".into() }.to_string());
                let old = std::mem::replace(&mut next, AppState::with(s));
                // A lesson may ask for a mode: it goes on, on the new sandbox.
                next.keep_choices(&old, true);
                next.case = None;
            }
            Action::ViewServer(k) => next.sandbox.borrow_mut().view_server(k),
            Action::Step => {
                next.sandbox
                    .borrow_mut()
                    .run(&ScriptLine::Sim(SimCommand::Step(1)).to_string());
            }
            Action::Steps(n) => {
                let line = ScriptLine::Sim(SimCommand::Step(u64::from(n.max(1))));
                next.sandbox.borrow_mut().run(&line.to_string());
            }
            Action::SetSpeed(n) => next.speed = n.clamp(1, 1000),
            Action::StepBack => {
                next.playing = false;
                next.sandbox.borrow_mut().step_back();
            }
            Action::Seek(target) => {
                next.playing = false;
                let now = next.sandbox.borrow_mut().steps();
                if target < now {
                    next.sandbox.borrow_mut().rewind_to(target);
                } else if target > now {
                    let line = ScriptLine::Sim(SimCommand::Step(target - now));
                    next.sandbox.borrow_mut().run(&line.to_string());
                }
            }
            Action::ShowError(e) => next.error = Some(e),
            Action::Tick(ms) => {
                next.sandbox
                    .borrow_mut()
                    .run(&ScriptLine::Tick { ms }.to_string());
            }
            Action::TogglePlay => next.playing = !next.playing,
            Action::SelectClient(c) => next.selected_client = Some(c),
            Action::SelectNode(p) => next.selected_node = Some(p),
            Action::SetPauseMs(ms) => next.pause_ms = ms.max(1),
            Action::OpenCase(id) => {
                if let Some(c) = zkplay_core::cases::case(id) {
                    // In an ensemble mode the case runs on the same ensemble.
                    let ensemble = next.sandbox.borrow().ensemble_line().map(String::from);
                    let script = match ensemble {
                        Some(line) => format!("{line}\n{}", c.script),
                        None => c.script.to_string(),
                    };
                    match Load::new(&script, LoadSource::File) {
                        Ok(load) => {
                            next.case = Some(c.id);
                            next.lesson = None;
                            next.playing = false;
                            next.start_load(load, crate::slices::FIRST_SLICE_EVENTS);
                        }
                        Err(e) => next.error = Some(Problem::Import(e)),
                    }
                }
            }
            Action::CloseCase => next.case = None,
            Action::Load(script) => match Load::new(&script, LoadSource::File) {
                Ok(load) => {
                    next.case = None;
                    next.start_load(load, crate::slices::FIRST_SLICE_EVENTS)
                }
                Err(e) => next.error = Some(Problem::Import(e)),
            },
            Action::RunLoad => {
                if let Some(load) = next.load.take() {
                    let load = Load {
                        confirmed: true,
                        ..load
                    };
                    next.start_load(load, crate::slices::FIRST_SLICE_EVENTS);
                }
            }
            Action::LoadSlice(events_max) => {
                if let Some(mut load) = next.load.take() {
                    if !load.confirmed {
                        next.load = Some(load);
                    } else if load.run(events_max) {
                        next.replace_sandbox(load.take());
                    } else {
                        next.load = Some(load);
                    }
                }
            }
            Action::CancelLoad => {
                if let Some(load) = next.load.take() {
                    if load.confirmed {
                        next.replace_sandbox(load.take());
                    } else if let Some(saved) = &load.fallback {
                        match Load::new(saved, LoadSource::Saved) {
                            Ok(l) => next.start_load(l, crate::slices::FIRST_SLICE_EVENTS),
                            Err(e) => next.error = Some(Problem::Saved(e)),
                        }
                    }
                }
            }
            Action::Reset => {
                let old = std::mem::take(&mut next);
                next.keep_choices(&old, false);
                next.freeplay = None;
            }
            Action::DismissError => next.error = None,
            Action::OpenLesson(i) => {
                if next.lesson != Some(i) {
                    let saved = tutorial::lessons()
                        .get(i)
                        .and_then(|l| next.progress.get(l.id).copied())
                        .unwrap_or(0);
                    next.open_lesson(i, saved);
                }
            }
            Action::RestartLesson => {
                if let Some(i) = next.lesson {
                    next.open_lesson(i, 0);
                }
            }
            Action::ShowMe => {
                if let Some(step) = next.current_step() {
                    next.playing = false;
                    next.sandbox.borrow_mut().run_actions(step.show_me);
                }
            }
            Action::NextStep => {
                let last = next.current_lesson().map_or(0, |l| l.steps.len());
                if next.step_passed && next.step + 1 < last {
                    let at = next.step + 1;
                    if let Some(l) = next.current_lesson() {
                        next.progress.insert(l.id.to_string(), at);
                    }
                    next.enter_step(at);
                }
            }
            Action::CloseLesson => {
                next.lesson = None;
                // Back to free play as it was before the lesson.
                if let Some(script) = next.freeplay.take() {
                    match Load::new(&script, LoadSource::Saved) {
                        Ok(load) => next.start_load(load, crate::slices::FIRST_SLICE_EVENTS),
                        Err(e) => next.error = Some(Problem::Saved(e)),
                    }
                }
            }
            Action::SetLang(l) => next.lang = l,
        }
        // A step passes as soon as its checks hold (and stays passed).
        next.check_step();
        Rc::new(next)
    }
}

/// Whether an action changes the sandbox (and so must wait while a script loads).
fn changes_the_sandbox(action: &Action) -> bool {
    matches!(
        action,
        Action::Line(_)
            | Action::Console(_)
            | Action::Node(_)
            | Action::Spawn(_)
            | Action::StartRecipe { .. }
            | Action::Step
            | Action::Mode { .. }
            | Action::Steps(_)
            | Action::StepBack
            | Action::Seek(_)
            | Action::Tick(_)
            | Action::TogglePlay
            | Action::Load(_)
            | Action::Reset
            | Action::OpenLesson(_)
            | Action::RestartLesson
            | Action::ShowMe
    )
}
