//! A script loading over the sandbox in slices, and the actions about it: a script from the
//! import dialog, the user's yes to a big one, a slice, and cancelling.

use std::cell::RefCell;
use std::rc::Rc;

use zkplay_core::load::{Estimate, Loading, Progress};
use zkplay_core::sandbox::{ImportError, Sandbox};

use super::{AppState, Problem};

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

impl AppState {
    /// Starts loading a script over the current sandbox: at once if it runs without asking and
    /// fits in `events_max` events, else in slices from the page's timer (`LoadSlice`).
    pub fn start_load(&mut self, mut load: Load, events_max: u64) {
        self.playing = false;
        self.found_mark = None;
        if load.confirmed && load.run(events_max) {
            self.replace_sandbox(load.take());
            self.load = None;
        } else {
            self.load = Some(load);
        }
    }

    /// Puts a loaded sandbox in place, keeping the page's own choices (speed, language, the
    /// tutorial: a saved sandbox restored mid-lesson goes on with its lesson).
    pub(super) fn replace_sandbox(&mut self, sandbox: Sandbox) {
        let old = std::mem::replace(self, AppState::with(sandbox));
        self.keep_choices(&old, true);
        self.found_mark = old.found_mark;
    }

    /// A script from the import dialog: it loads in slices (a big one asks first).
    pub(super) fn load_script(&mut self, script: &str) {
        match Load::new(script, LoadSource::File) {
            Ok(load) => {
                self.case = None;
                self.start_load(load, crate::slices::FIRST_SLICE_EVENTS)
            }
            Err(e) => self.error = Some(Problem::Import(e)),
        }
    }

    /// The user's yes: the waiting script runs.
    pub(super) fn run_load(&mut self) {
        if let Some(load) = self.load.take() {
            let load = Load {
                confirmed: true,
                ..load
            };
            self.start_load(load, crate::slices::FIRST_SLICE_EVENTS);
        }
    }

    /// Loads on by at most `events_max` events; the loaded sandbox takes over when done.
    pub(super) fn load_slice(&mut self, events_max: u64) {
        if let Some(mut load) = self.load.take() {
            if !load.confirmed {
                self.load = Some(load);
            } else if load.run(events_max) {
                self.replace_sandbox(load.take());
            } else {
                self.load = Some(load);
            }
        }
    }

    /// Stops loading: keeps what ran, or, before it ran, loads the fallback (the saved
    /// sandbox).
    pub(super) fn cancel_load(&mut self) {
        if let Some(load) = self.load.take() {
            if load.confirmed {
                self.replace_sandbox(load.take());
            } else if let Some(saved) = &load.fallback {
                match Load::new(saved, LoadSource::Saved) {
                    Ok(l) => self.start_load(l, crate::slices::FIRST_SLICE_EVENTS),
                    Err(e) => self.error = Some(Problem::Saved(e)),
                }
            }
        }
    }
}
