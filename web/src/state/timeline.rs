//! The actions that move along the timeline: a step, N steps (playing), a step back, a seek
//! to any step (back by replay, forward by stepping), and simulated time passing.

use zkplay_core::script::parse::SimCommand;
use zkplay_core::script::ScriptLine;

use super::AppState;

impl AppState {
    /// Delivers `n` events (at least one).
    pub(super) fn steps(&mut self, n: u64) {
        let line = ScriptLine::Sim(SimCommand::Step(n.max(1)));
        self.sandbox.borrow_mut().run(&line.to_string());
    }

    /// Goes back one event (and stops playing).
    pub(super) fn step_back(&mut self) {
        self.playing = false;
        self.sandbox.borrow_mut().step_back();
    }

    /// Moves to step `target`: back by replay, forward by stepping (and stops playing).
    pub(super) fn seek(&mut self, target: u64) {
        self.playing = false;
        let now = self.sandbox.borrow_mut().steps();
        if target < now {
            self.sandbox.borrow_mut().rewind_to(target);
        } else if target > now {
            let line = ScriptLine::Sim(SimCommand::Step(target - now));
            self.sandbox.borrow_mut().run(&line.to_string());
        }
    }

    /// Lets `ms` of simulated time pass.
    pub(super) fn tick(&mut self, ms: u64) {
        self.sandbox
            .borrow_mut()
            .run(&ScriptLine::Tick { ms }.to_string());
    }
}
