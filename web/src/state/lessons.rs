//! Following a lesson: opening one at the step it was left at (its setup and the steps
//! before, replayed), "show me", the next step, closing it (back to free play), and whether
//! the current step has passed.

use zkplay_core::tutorial;

use super::{AppState, Load, LoadSource, Problem};

impl AppState {
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
        // A search answers the step it finished in.
        self.search_fact = None;
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

    /// The lesson being followed, if any.
    pub fn current_lesson(&self) -> Option<&'static tutorial::Lesson> {
        tutorial::lessons().get(self.lesson?)
    }

    /// The step being followed, if any.
    pub fn current_step(&self) -> Option<&'static tutorial::Step> {
        tutorial::step(self.lesson?, self.step)
    }

    /// Keeps a passed step passed; the last step's passing finishes its lesson.
    pub(super) fn check_step(&mut self) {
        let (Some(lesson), Some(step)) = (self.current_lesson(), self.current_step()) else {
            return;
        };
        if !self.step_passed
            && tutorial::step_passed_with(&self.sandbox.borrow(), step, self.search_fact)
        {
            self.step_passed = true;
        }
        if self.step_passed && self.step + 1 == lesson.steps.len() {
            self.done.insert(lesson.id.to_string());
        }
    }
    /// Opens lesson `i` at the step it was left at, unless it is the one followed.
    pub(super) fn open_saved_lesson(&mut self, i: usize) {
        if self.lesson != Some(i) {
            let saved = tutorial::lessons()
                .get(i)
                .and_then(|l| self.progress.get(l.id).copied())
                .unwrap_or(0);
            self.open_lesson(i, saved);
        }
    }

    /// Starts the current lesson again from its first step.
    pub(super) fn restart_lesson(&mut self) {
        if let Some(i) = self.lesson {
            self.open_lesson(i, 0);
        }
    }

    /// Plays the current step, as a user would (its lines go to the consoles and the script).
    pub(super) fn show_me(&mut self) {
        if let Some(step) = self.current_step() {
            self.playing = false;
            self.sandbox.borrow_mut().run_actions(step.show_me);
            // A search's step: "find a failure" opens and searches as the step says.
            let script = self.sandbox.borrow().script();
            let search = step
                .checks
                .iter()
                .find_map(|c| tutorial::search_of(c, &script));
            if let Some((scenario, config)) = search {
                // On as many workers as the panel has (0: its own choice).
                let form = super::explore::SearchForm::of_config(&config, 0);
                let number = self.search_request.as_ref().map_or(1, |r| r.0 + 1);
                self.search_request = Some((number, scenario.into(), form));
                self.explore_open = true;
            }
        }
    }

    /// Goes on to the next step, once the current one's checks have passed.
    pub(super) fn next_step(&mut self) {
        let last = self.current_lesson().map_or(0, |l| l.steps.len());
        if self.step_passed && self.step + 1 < last {
            let at = self.step + 1;
            if let Some(l) = self.current_lesson() {
                self.progress.insert(l.id.to_string(), at);
            }
            self.enter_step(at);
        }
    }

    /// Closes the lesson: back to free play as it was before it.
    pub(super) fn close_lesson(&mut self) {
        self.lesson = None;
        if let Some(script) = self.freeplay.take() {
            match Load::new(&script, LoadSource::Saved) {
                Ok(load) => self.start_load(load, crate::slices::FIRST_SLICE_EVENTS),
                Err(e) => self.error = Some(Problem::Saved(e)),
            }
        }
    }
}
