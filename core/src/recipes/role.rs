//! The one behaviour every recipe role has, in stateright's `Actor` style: each handler takes
//! what happened and records what to do in `Effects` (requests, a timer, notes), never doing it
//! itself; the simulation's recipe host carries the effects out. Handlers a role does not need
//! have defaults.

use crate::error::ZkError;
use crate::recipes::{Effects, Purpose};
use crate::request::Response;
use crate::watch::ClientEvent;

pub trait Role {
    /// The role begins (its `recipe` line ran).
    fn on_start(&mut self, fx: &mut Effects);

    /// One of its requests finished: the reply, or the error a lost connection or session
    /// gave it. `purpose` says which step sent it.
    fn on_reply(&mut self, purpose: Purpose, result: Result<Response, ZkError>, fx: &mut Effects);

    /// Its session's watcher got an event: a state change, or a watch it asked for.
    fn on_event(&mut self, _event: &ClientEvent, _fx: &mut Effects) {}

    /// The timer it last asked for is due.
    fn on_timer(&mut self, _fx: &mut Effects) {}

    /// Its process died.
    fn on_crash(&mut self, fx: &mut Effects) {
        fx.status("crashed");
    }

    /// Its process woke from a pause.
    fn on_resume(&mut self, _fx: &mut Effects) {}

    /// Whether it has nothing more to do.
    fn finished(&self) -> bool;
}
