//! The reducer that wraps the core [`Sandbox`]: actions in, new sandbox out.

use std::rc::Rc;

use yew::Reducible;
use zkplay_core::sandbox::Sandbox;

/// What the UI can ask of the sandbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run script text (a console line is sent as `NAME: command`).
    Run(String),
    /// Start over with a fresh server.
    Reset,
}

/// The app's state: the sandbox plus a counter that changes on every action (cheap equality).
#[derive(Clone, Debug)]
pub struct SandboxState {
    pub sandbox: Sandbox,
    pub revision: u64,
}

impl Default for SandboxState {
    fn default() -> Self {
        let mut sandbox = Sandbox::new();
        // Every visitor starts like the seed's zkCli: one connected client called `a`.
        sandbox.run("session a");
        SandboxState {
            sandbox,
            revision: 0,
        }
    }
}

impl PartialEq for SandboxState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

impl Reducible for SandboxState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.revision += 1;
        match action {
            Action::Run(text) => next.sandbox.run(&text),
            Action::Reset => {
                let revision = next.revision;
                next = SandboxState::default();
                next.revision = revision;
            }
        }
        Rc::new(next)
    }
}
