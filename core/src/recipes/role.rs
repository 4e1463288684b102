//! The one behaviour every recipe role has, in stateright's `Actor` style: each handler takes
//! what happened and records what to do in `Effects` (requests, a timer, notes), never doing it
//! itself; the simulation's recipe host carries the effects out. Handlers a role does not need
//! have defaults.
//!
//! What every role shares lives in [`RoleCore`] and is handled once, by [`crate::recipes::Recipe`],
//! for all of them: making sure its paths exist before it goes on ([`Ensure`]), and the end of its
//! session (Expired or Closed), after which a role that had not finished says it stopped.

use crate::error::ZkError;
use crate::recipes::{Effects, Ensure, Purpose, Status};
use crate::request::Response;
use crate::watch::{ClientEvent, KeeperState};

/// What every role keeps, whatever its recipe.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoleCore {
    /// The base path it works under.
    pub path: String,
    /// What its card says.
    pub status: Status,
    /// Its session ended (or it could not go on): it does nothing more.
    pub stopped: bool,
    /// The paths it is making sure exist before it goes on.
    pub ensure: Ensure,
}

impl RoleCore {
    pub fn new(path: &str) -> RoleCore {
        RoleCore {
            path: path.to_string(),
            status: Status::Starting,
            stopped: false,
            ensure: Ensure::default(),
        }
    }

    /// Says `s` on the card, when it is news.
    pub fn set_status(&mut self, fx: &mut Effects, s: Status) {
        if s != self.status {
            self.status = s.clone();
            fx.status(s);
        }
    }

    /// Stops for good, saying why.
    pub fn stop(&mut self, fx: &mut Effects, why: Status) {
        self.stopped = true;
        self.set_status(fx, why);
    }
}

/// Implements [`Role::core`] and [`Role::core_mut`] for a role that keeps its `RoleCore` in a
/// field named `core`.
macro_rules! role_core {
    () => {
        fn core(&self) -> &$crate::recipes::RoleCore {
            &self.core
        }

        fn core_mut(&mut self) -> &mut $crate::recipes::RoleCore {
            &mut self.core
        }
    };
}
pub(crate) use role_core;

pub trait Role {
    /// What it shares with every role.
    fn core(&self) -> &RoleCore;

    fn core_mut(&mut self) -> &mut RoleCore;

    /// The role begins (its `recipe` line ran). By default it makes sure its base path exists,
    /// then goes on.
    fn on_start(&mut self, fx: &mut Effects) {
        let base = self.core().path.clone();
        self.ensure(&[&base], fx);
    }

    /// Makes sure `paths` exist, then goes on (`on_ready`; at once when there is nothing to
    /// create).
    fn ensure(&mut self, paths: &[&str], fx: &mut Effects) {
        if self.core_mut().ensure.start(paths.iter().copied(), fx) {
            self.on_ready(fx);
        }
    }

    /// The paths it asked [`Ensure`] for all exist now.
    fn on_ready(&mut self, _fx: &mut Effects) {}

    /// One of its requests finished: the reply, or the error a lost connection or session
    /// gave it. `purpose` says which step sent it.
    fn on_reply(&mut self, purpose: Purpose, result: Result<Response, ZkError>, fx: &mut Effects);

    /// Its session's watcher got an event: a watch it asked for, or a state change other than
    /// the session's end.
    fn on_event(&mut self, _event: &ClientEvent, _fx: &mut Effects) {}

    /// Its session ended for good (`Expired` or `Closed`) before it finished. By default it
    /// stops and says so.
    fn on_session_end(&mut self, _state: KeeperState, fx: &mut Effects) {
        self.core_mut().stop(fx, Status::StoppedSessionGone);
    }

    /// The timer it last asked for is due.
    fn on_timer(&mut self, _fx: &mut Effects) {}

    /// Its process died.
    fn on_crash(&mut self, fx: &mut Effects) {
        self.core_mut().set_status(fx, Status::Crashed);
    }

    /// Its process woke from a pause.
    fn on_resume(&mut self, _fx: &mut Effects) {}

    /// Whether it has nothing more to do. By default a role works until its session ends.
    fn finished(&self) -> bool {
        self.core().stopped
    }
}
