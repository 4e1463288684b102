//! The reducer around the core [`Sandbox`]: actions in, new state out. UI-only choices (which
//! client's console, which znode is inspected, playing or not) live beside the sandbox. Each
//! family of actions is a file of `state/`: `lines.rs`, `timeline.rs`, `scenario.rs`,
//! `load.rs`, `lessons.rs`; the recipe form's values are `recipe_form.rs`.

use std::rc::Rc;

use std::cell::RefCell;
use zkplay_core::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};

use yew::Reducible;
use zkplay_core::recipes::monitor::Property;
use zkplay_core::recipes::{OptionError, PathRefused};
use zkplay_core::sandbox::{ImportError, RunError, Sandbox};
use zkplay_core::script::line::QuoteError;
use zkplay_core::script::{MultiBlock, NodeCommand, ScriptLine};
use zkplay_core::share::ShareError;
use zkplay_core::tutorial::{Lang, SearchFact};

use crate::storage::StorageError;

pub mod explore;
mod lessons;
mod lines;
mod load;
mod recipe_form;
mod scenario;
mod timeline;

pub use explore::SearchForm;
pub use load::{Load, LoadSource};
pub use recipe_form::{Field, RecipeForm};

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
    /// Start a recipe on new clients, as the form read it (typed: kind, path, count,
    /// options).
    StartRecipe(RecipeForm),
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
    /// Its id and its script (`None`: the script could not be fetched).
    OpenCase(&'static str, Option<String>),
    CloseCase,
    SetLang(Lang),
    /// Open a tool ("find a failure", the export) or close it (closing stops a search).
    Tool(Option<Tool>),
    /// Load a failure the search found (its script) and close the panel: the violation is
    /// marked on the timeline.
    LoadFound(String, Option<(u64, Property)>),
    /// A search ended with this answer (a lesson's step may wait for it).
    Searched(SearchFact),
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
    pub multi_draft: Option<MultiBlock>,
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
    /// The tool open, if any (drawn by the tools' bundle; a search runs while its panel is
    /// open).
    pub tool: Option<Tool>,
    /// A search the page starts by itself (a lesson step's "show me"): its number, the
    /// scenario and the form. The panel starts it once per number.
    pub search_request: Option<(u64, Rc<str>, SearchForm)>,
    /// What the last search finished in the current lesson step answered.
    pub search_fact: Option<SearchFact>,
    /// A loaded failure the page's own build cannot see (a stale read, a lost watch event):
    /// the event that reports it and its property, marked on the timeline as the tools said.
    pub found_mark: Option<(u64, Property)>,
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
            tool: None,
            search_request: None,
            search_fact: None,
            found_mark: None,
            revision: 0,
        }
    }
}

/// A tool of the tools' bundle (`tools/`), fetched when one first opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// "Find a failure".
    Explore,
    /// The scenario's file, and the scenario as a program.
    Export,
    /// A scenario file to load in place of the sandbox.
    Import,
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
    /// A recipe form's option that cannot be read (its hold time past its bound).
    Options(OptionError),
    /// A recipe path no recipe can use.
    RecipePath(PathRefused),
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
    /// A case study's script did not arrive.
    CaseUnavailable,
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

    /// Hands each action to what it is about: lines run on the sandbox (`lines.rs`), the
    /// timeline (`timeline.rs`), another sandbox (`scenario.rs`), a script loading
    /// (`load.rs`), a lesson (`lessons.rs`); the view's own choices are set here.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.revision += 1;
        if next.load.is_some() && changes_the_sandbox(&action) {
            next.error = Some(Problem::Busy);
            return Rc::new(next);
        }
        match action {
            Action::Line(line) => next.run_line(&line),
            Action::Console(command) => next.console(command),
            Action::Node(command) => next.node_command(&command),
            Action::Spawn(n) => next.spawn(n),
            Action::StartRecipe(form) => next.start_recipe(form),
            Action::Step => next.steps(1),
            Action::Steps(n) => next.steps(u64::from(n)),
            Action::StepBack => next.step_back(),
            Action::Seek(target) => next.seek(target),
            Action::Tick(ms) => next.tick(ms),
            Action::Mode { voters, observers } => next.mode(voters, observers),
            Action::OpenCase(id, script) => next.open_case(id, script),
            Action::Reset => next.reset(),
            Action::Load(script) => next.load_script(&script),
            Action::RunLoad => next.run_load(),
            Action::LoadSlice(events_max) => next.load_slice(events_max),
            Action::CancelLoad => next.cancel_load(),
            Action::OpenLesson(i) => next.open_saved_lesson(i),
            Action::RestartLesson => next.restart_lesson(),
            Action::ShowMe => next.show_me(),
            Action::NextStep => next.next_step(),
            Action::CloseLesson => next.close_lesson(),
            // The view's own choices.
            Action::ViewServer(k) => next.sandbox.borrow_mut().view_server(k),
            Action::SetSpeed(n) => next.speed = n.clamp(1, 1000),
            Action::TogglePlay => next.playing = !next.playing,
            Action::SelectClient(c) => next.selected_client = Some(c),
            Action::SelectNode(p) => next.selected_node = Some(p),
            Action::SetPauseMs(ms) => next.pause_ms = ms.max(1),
            Action::CloseCase => next.case = None,
            Action::ShowError(e) => next.error = Some(e),
            Action::DismissError => next.error = None,
            Action::SetLang(l) => next.lang = l,
            Action::Tool(tool) => next.tool = tool,
            Action::Searched(fact) => next.search_fact = Some(fact),
            Action::LoadFound(script, mark) => {
                next.tool = None;
                next.load_script(&script);
                next.found_mark = mark;
            }
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
            | Action::StartRecipe(_)
            | Action::Step
            | Action::Mode { .. }
            | Action::Steps(_)
            | Action::StepBack
            | Action::Seek(_)
            | Action::Tick(_)
            | Action::TogglePlay
            | Action::Load(_)
            | Action::LoadFound(..)
            | Action::Reset
            | Action::OpenLesson(_)
            | Action::RestartLesson
            | Action::ShowMe
    )
}
