//! The actions that put another sandbox in place: a mode (standalone or an ensemble), a
//! case study, Reset; and the page's own choices each new sandbox keeps.

use zkplay_core::script::ensemble_lines::EnsembleConfig;
use zkplay_core::script::ScriptLine;

use super::{AppState, Load, LoadSource, Problem};

impl AppState {
    /// Takes the page's own choices from the state before: speed, language, the tutorial's
    /// progress and, if `following`, what the page was following (the lesson and its step,
    /// the case study).
    pub(super) fn keep_choices(&mut self, old: &AppState, following: bool) {
        self.revision = old.revision;
        self.speed = old.speed;
        self.lang = old.lang;
        self.done = old.done.clone();
        self.progress = old.progress.clone();
        self.freeplay = old.freeplay.clone();
        self.recipe_form = old.recipe_form.clone();
        // A search goes on over a new sandbox (it searches the script it started with).
        self.tool = old.tool;
        self.search_request = old.search_request.clone();
        if following {
            self.search_fact = old.search_fact;
        }
        if following {
            self.lesson = old.lesson;
            self.step = old.step;
            self.step_passed = old.step_passed;
            self.case = old.case;
        }
    }

    /// Starts afresh (same seed and clock) on the standalone server (0 voters) or on an
    /// ensemble of this many voters and observers.
    pub(super) fn mode(&mut self, voters: u32, observers: u32) {
        let config = (voters > 0).then(|| EnsembleConfig {
            observers,
            ..EnsembleConfig::new(voters)
        });
        let mut s = self.sandbox.borrow().fresh_with(config.as_ref());
        // As zkCli starts with one connection.
        s.run(&ScriptLine::Session { name: "c1".into() }.to_string());
        let old = std::mem::replace(self, AppState::with(s));
        // A lesson may ask for a mode: it goes on, on the new sandbox.
        self.keep_choices(&old, true);
        self.case = None;
    }

    /// Runs a case study into a fresh sandbox and shows its guide.
    pub(super) fn open_case(&mut self, id: &str, script: Option<String>) {
        let Some(script) = script else {
            self.error = Some(Problem::CaseUnavailable);
            return;
        };
        if let Some(c) = zkplay_core::cases::case(id) {
            // In an ensemble mode the case runs on the same ensemble.
            let ensemble = self.sandbox.borrow().ensemble_line().map(String::from);
            let script = match ensemble {
                Some(line) => format!("{line}\n{script}"),
                None => script,
            };
            match Load::new(&script, LoadSource::File) {
                Ok(load) => {
                    self.case = Some(c.id);
                    self.lesson = None;
                    self.playing = false;
                    self.start_load(load, crate::slices::FIRST_SLICE_EVENTS);
                }
                Err(e) => self.error = Some(Problem::Import(e)),
            }
        }
    }

    /// Starts afresh, keeping the page's choices but not the free play kept aside.
    pub(super) fn reset(&mut self) {
        let old = std::mem::take(self);
        self.keep_choices(&old, false);
        self.freeplay = None;
    }
}
