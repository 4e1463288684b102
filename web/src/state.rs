//! The reducer around the core [`Sandbox`]: actions in, new state out. UI-only choices (which
//! client's console, which znode is inspected, playing or not) live beside the sandbox.

use std::rc::Rc;

use std::cell::RefCell;
use std::collections::BTreeSet;

use yew::Reducible;
use zkplay_core::sandbox::Sandbox;
use zkplay_core::tutorial::{self, Lang};

/// What the UI can ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run script text as it is (`session c1`, `crash c1`, `c1: ls /` …).
    Run(String),
    /// Run a zkCli command as the selected client.
    Console(String),
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
    /// Deliver N events (playing at a speed).
    Steps(u32),
    /// Events per play tick.
    SetSpeed(u32),
    StepBack,
    /// Move to a step on the timeline: back by replay, forward by stepping.
    Seek(u64),
    /// Show an error in the banner.
    ShowError(String),
    /// Let simulated time pass.
    Tick(u64),
    TogglePlay,
    SelectClient(String),
    SelectNode(String),
    /// Replace everything with a script (import, share link); errors are shown, state kept.
    Load(String),
    Reset,
    DismissError,
    /// Start (or restart) a lesson from its setup.
    OpenLesson(usize),
    /// Play the current lesson's steps.
    ShowMe,
    CloseLesson,
    SetLang(Lang),
}

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
    /// The tutorial's language.
    pub lang: Lang,
    /// Ids of the lessons whose checks have passed.
    pub done: BTreeSet<String>,
    /// The last import or share-link error, shown until dismissed.
    pub error: Option<String>,
    /// Changes on every action (cheap equality for re-rendering).
    pub revision: u64,
}

impl AppState {
    /// A fresh sandbox with one client, `c1`, as zkCli starts with one connection; its clock
    /// starts at the browser's time.
    pub fn fresh() -> AppState {
        let mut sandbox = crate::clock::new_sandbox();
        sandbox.run("session c1");
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
            lang: Lang::En,
            done: BTreeSet::new(),
            error: None,
            revision: 0,
        }
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
        match action {
            Action::Run(text) => {
                let errors = next.sandbox.borrow_mut().run(&text);
                next.error = errors.into_iter().next();
            }
            Action::Console(line) => match next.selected_client.clone() {
                Some(c) => {
                    next.sandbox.borrow_mut().run(&format!("{c}: {line}"));
                }
                None => next.error = Some("spawn a client first".into()),
            },
            Action::Spawn(n) => {
                let mut first = None;
                for _ in 0..n.clamp(1, 100) {
                    let name = next.sandbox.borrow_mut().next_client_name();
                    let _ = next.sandbox.borrow_mut().run(&format!("session {name}"));
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
                let names = next
                    .sandbox
                    .borrow_mut()
                    .next_client_names(count.clamp(1, 100));
                let line = format!("recipe {kind} {path} on {} {options}", names.join(","));
                match next.sandbox.borrow_mut().run(&line).into_iter().next() {
                    Some(e) => next.error = Some(e),
                    None => next.selected_client = names.first().cloned(),
                }
            }
            Action::Step => {
                next.sandbox.borrow_mut().run("step");
            }
            Action::Steps(n) => {
                next.sandbox.borrow_mut().run(&format!("step {}", n.max(1)));
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
                    next.sandbox
                        .borrow_mut()
                        .run(&format!("step {}", target - now));
                }
            }
            Action::ShowError(e) => next.error = Some(e),
            Action::Tick(ms) => {
                next.sandbox.borrow_mut().run(&format!("tick {ms}"));
            }
            Action::TogglePlay => next.playing = !next.playing,
            Action::SelectClient(c) => next.selected_client = Some(c),
            Action::SelectNode(p) => next.selected_node = Some(p),
            Action::Load(script) => match Sandbox::import(&script) {
                Ok(s) => {
                    let keep = (next.revision, next.speed, next.lang, next.done.clone());
                    next = AppState::with(s);
                    (next.revision, next.speed, next.lang, next.done) = keep;
                }
                Err(e) => next.error = Some(e),
            },
            Action::Reset => {
                let keep = (next.revision, next.speed, next.lang, next.done.clone());
                next = AppState::fresh();
                (next.revision, next.speed, next.lang, next.done) = keep;
            }
            Action::DismissError => next.error = None,
            Action::OpenLesson(i) => {
                if let Some(l) = tutorial::lessons().get(i) {
                    let mut s = crate::clock::new_sandbox();
                    s.run_actions(l.setup);
                    let keep = (next.revision, next.speed, next.lang, next.done.clone());
                    next = AppState::with(s);
                    (next.revision, next.speed, next.lang, next.done) = keep;
                    next.lesson = Some(i);
                }
            }
            Action::ShowMe => {
                if let Some(l) = next.lesson.and_then(|i| tutorial::lessons().get(i)) {
                    next.playing = false;
                    next.sandbox.borrow_mut().run_actions(l.show_me);
                }
            }
            Action::CloseLesson => next.lesson = None,
            Action::SetLang(l) => next.lang = l,
        }
        // A lesson is done as soon as its checks hold.
        if let Some(l) = next.lesson.and_then(|i| tutorial::lessons().get(i)) {
            if tutorial::passed(&next.sandbox.borrow(), l) {
                next.done.insert(l.id.to_string());
            }
        }
        Rc::new(next)
    }
}
