//! The full simulation as a script backend: every command travels the simulated network
//! through its client's connection state machine, and time passes as the script says.

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::{Backend, ReceivedEvent};
use crate::script::entry::LineError;
use crate::script::parse::SimCommand;
use crate::sim::client::{ClientEvent, ConnState};
use crate::sim::quiet::{QuietSteps, QUIET_STEPS_MAX};
use crate::sim::world::{Input, Sim, SimConfig, SimError};

/// The most events one command may take before the runner gives up on it (a bound, not a
/// timing: every wait below is also bounded in simulated time).
pub const STEPS_PER_COMMAND_MAX: u64 = 200_000;
/// How long (simulated) a request may wait for its reply before the client reports
/// CONNECTIONLOSS, on top of its session timeout.
const REPLY_WAIT_MS_MIN: u64 = 10_000;

/// Runs scripts on the simulated network.
#[derive(Clone, Debug)]
pub struct SimulationBackend {
    pub sim: Sim,
    order: Vec<String>,
    zxid_base: Option<i64>,
    /// Whether the last command talked to the server or let time pass, so the messages it set
    /// off should land before its transcript closes. `step` and faults leave them in flight,
    /// so a user can follow them one event at a time.
    settle: bool,
    /// Events the current settling has taken so far (it may be done in slices, see
    /// [`SimulationBackend::settle_some`]).
    settled_steps: u64,
    /// Whether a settling stopped at `STEPS_PER_COMMAND_MAX` events with messages still in
    /// flight (a console says so: [`SimulationBackend::take_capped`]).
    capped: bool,
    /// What the latest steps that wrote no log line handled (the page's log shows them).
    pub quiet: QuietSteps,
}

impl Default for SimulationBackend {
    fn default() -> Self {
        SimulationBackend::new(SimConfig::default())
    }
}

impl SimulationBackend {
    pub fn new(config: SimConfig) -> SimulationBackend {
        SimulationBackend {
            sim: Sim::new(config),
            order: Vec::new(),
            zxid_base: None,
            settle: false,
            settled_steps: 0,
            capped: false,
            quiet: QuietSteps::default(),
        }
    }

    /// Lets the last command's messages land (what closing its transcript would do), taking at
    /// most `steps_max` events now; true when that is done: quiet, or the command's bound of
    /// events reached. Settling in slices takes exactly the events settling at once would.
    pub fn settle_some(&mut self, steps_max: u64) -> bool {
        if !self.settle {
            return true;
        }
        let left = STEPS_PER_COMMAND_MAX.saturating_sub(self.settled_steps);
        let before = self.sim.steps();
        let quiet = self.sim.run_until_quiet(steps_max.min(left));
        self.settled_steps += self.sim.steps().saturating_sub(before);
        if quiet || self.settled_steps >= STEPS_PER_COMMAND_MAX {
            self.capped |= !quiet;
            self.settle = false;
            self.settled_steps = 0;
            return true;
        }
        false
    }

    /// Whether a settling stopped at its bound of events since the last call (and forgets it).
    pub fn take_capped(&mut self) -> bool {
        std::mem::take(&mut self.capped)
    }

    /// Steps until `done` holds or simulated time passes `deadline_ms`; true if it held.
    fn run_while(&mut self, deadline_ms: u64, done: impl Fn(&Sim) -> bool) -> bool {
        for _ in 0..STEPS_PER_COMMAND_MAX {
            if done(&self.sim) {
                return true;
            }
            let next = self.sim.next_event_ms();
            match next {
                Some(t) if t <= deadline_ms => {
                    self.sim.step();
                }
                _ => return done(&self.sim),
            }
        }
        done(&self.sim)
    }

    /// The configuration a setup line (`seed`, `clock`) changes: only before anything else
    /// has happened, since it shapes the whole run.
    fn setup_config(&self, cmd: &SimCommand) -> Result<SimConfig, LineError> {
        if self.sim.steps() > 0 || !self.sim.inputs().is_empty() {
            return Err(LineError::MustComeFirst { word: cmd.word() });
        }
        Ok(self.sim.config().clone())
    }

    /// Opens a session and waits until it connects (or gives up), as `open_session`, saying
    /// why the simulator refused it.
    fn open(&mut self, name: &str, timeout_ms: u32) -> Result<(), SimError> {
        self.settle = true;
        self.sim.apply(Input::Open {
            name: name.to_string(),
            timeout_ms,
        })?;
        if !self.order.iter().any(|n| n == name) {
            self.order.push(name.to_string());
        }
        let deadline = self
            .sim
            .now_ms()
            .saturating_add(u64::from(timeout_ms).max(REPLY_WAIT_MS_MIN));
        let key = name.to_string();
        self.run_while(deadline, |s| {
            s.client(&key)
                .is_some_and(|c| c.state != ConnState::Connecting)
        });
        if self.zxid_base.is_none() && self.sim.client(name).is_some_and(|c| c.session.is_some()) {
            self.zxid_base = self.sim.server().map(|s| s.last_zxid().0);
        }
        Ok(())
    }

    fn wait_for(&mut self, name: &str, xid: u64) -> Result<Response, ZkError> {
        let timeout = self.sim.client(name).map_or(0, |c| u64::from(c.timeout_ms));
        let deadline = self
            .sim
            .now_ms()
            .saturating_add((2 * timeout).max(REPLY_WAIT_MS_MIN));
        let key = name.to_string();
        self.run_while(deadline, |s| {
            s.client(&key)
                .is_some_and(|c| c.completed.contains_key(&xid))
        });
        match self.sim.take_completion(name, xid) {
            Some(r) => r,
            None => {
                self.sim.abandon(name, xid);
                Err(ZkError::ConnectionLoss)
            }
        }
    }
}

impl Backend for SimulationBackend {
    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        self.open(name, timeout_ms).map_err(|e| e.to_string())
    }

    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        self.settle = true;
        let xid = self
            .sim
            .apply(Input::Send {
                name: name.to_string(),
                request: request.clone(),
            })
            .map_err(|_| ZkError::SessionExpired)?;
        match xid {
            Some(xid) => self.wait_for(name, xid),
            None => Err(ZkError::SystemError),
        }
    }

    fn close_session(&mut self, name: &str) -> Result<(), ZkError> {
        self.settle = true;
        let xid = self
            .sim
            .apply(Input::Close {
                name: name.to_string(),
            })
            .map_err(|_| ZkError::SessionExpired)?;
        match xid {
            Some(xid) => self.wait_for(name, xid).map(|_| ()),
            None => Ok(()),
        }
    }

    fn expire_session(&mut self, name: &str) -> Result<(), ZkError> {
        self.settle = true;
        self.sim
            .apply(Input::Expire {
                name: name.to_string(),
            })
            .map_err(|_| ZkError::SessionExpired)?;
        // The client learns it when it next reaches the server: let that happen.
        let deadline = self.sim.now_ms().saturating_add(REPLY_WAIT_MS_MIN);
        let key = name.to_string();
        self.run_while(deadline, |s| {
            s.client(&key)
                .is_none_or(|c| c.state == ConnState::Expired || c.crashed)
        });
        Ok(())
    }

    fn sleep(&mut self, ms: u64) {
        self.settle = true;
        let t = self.sim.now_ms().saturating_add(ms);
        self.sim.run_until(t);
    }

    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        if std::mem::take(&mut self.settle) {
            let left = STEPS_PER_COMMAND_MAX.saturating_sub(self.settled_steps);
            self.capped |= !self.sim.run_until_quiet(left);
        }
        self.settled_steps = 0;
        let mut out = Vec::new();
        for name in self.order.clone() {
            for e in self.sim.take_client_events(&name) {
                out.push(match e {
                    ClientEvent::State(s) => ReceivedEvent::state(&name, s),
                    ClientEvent::Watch { kind, path } => ReceivedEvent::watch(&name, kind, &path),
                });
            }
        }
        out
    }

    fn session_name(&self, session_id: i64) -> Option<String> {
        self.sim
            .clients()
            .find(|c| c.session.is_some_and(|s| s.0 == session_id))
            .map(|c| c.name.clone())
    }

    fn zxid_base(&self) -> i64 {
        self.zxid_base.unwrap_or(0)
    }

    fn session_names(&self) -> Vec<String> {
        self.order.clone()
    }

    fn server_child_order(&self, parent: &str, names: Vec<String>) -> Vec<String> {
        let Some(server) = self.sim.server() else {
            return names;
        };
        let order = server.tree().children_in_server_order(parent);
        crate::script::backend::reorder_like(names, &order)
    }

    fn auth_failed(&mut self, name: &str) {
        // The client process goes on, but its connection is gone for good: as far as the
        // server can tell, a crashed client (the session expires after its timeout).
        let _ = self.sim.apply(Input::Crash {
            name: name.to_string(),
        });
    }

    fn drain_recipe_reports(&mut self) -> Vec<crate::sim::RecipeReport> {
        self.sim.take_recipe_reports()
    }

    fn sim_command(&mut self, cmd: &SimCommand) -> Result<(), LineError> {
        let input = match cmd {
            SimCommand::Seed(seed) => {
                let mut config = self.setup_config(cmd)?;
                config.seed = *seed;
                self.sim = Sim::new(config);
                self.quiet = QuietSteps::default();
                return Ok(());
            }
            SimCommand::Clock(origin_ms) => {
                let mut config = self.setup_config(cmd)?;
                config.server.epoch_ms = *origin_ms;
                self.sim = Sim::new(config);
                self.quiet = QuietSteps::default();
                return Ok(());
            }
            SimCommand::Step(n) => {
                // Only the latest steps can show in the page's log: the rest step unobserved.
                for i in 0..*n {
                    let stepped = if n - i <= QUIET_STEPS_MAX as u64 {
                        self.quiet.step(&mut self.sim)
                    } else {
                        self.sim.step()
                    };
                    if !stepped {
                        break;
                    }
                }
                return Ok(());
            }
            SimCommand::Crash(n) => Input::Crash { name: n.clone() },
            SimCommand::Partition(n) => Input::Partition { name: n.clone() },
            SimCommand::Heal(n) => Input::Heal { name: n.clone() },
            SimCommand::Pause(n, ms) => Input::Pause {
                name: n.clone(),
                ms: *ms,
            },
            SimCommand::Delay(n, ms) => Input::Delay {
                name: n.clone(),
                ms: *ms,
            },
            SimCommand::ServerStop => Input::ServerStop,
            SimCommand::ServerStart => Input::ServerStart,
            SimCommand::Recipe {
                kind,
                path,
                clients,
                options,
            } => {
                for c in clients {
                    if !self.sim.client(c).is_some_and(|x| x.is_active()) {
                        self.open(c, crate::script::parse::DEFAULT_TIMEOUT_MS)?;
                    }
                }
                for c in clients {
                    self.sim.apply(Input::StartRecipe {
                        name: c.clone(),
                        kind: *kind,
                        path: path.clone(),
                        options: options.clone(),
                        group: clients.len() as u32,
                    })?;
                }
                return Ok(());
            }
        };
        self.sim.apply(input)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backend with one request of session `a` in flight and `used` events of its line's
    /// settling already taken.
    fn in_flight(used: u64) -> SimulationBackend {
        let mut b = SimulationBackend::default();
        b.open_session("a", 30_000).unwrap();
        b.sim
            .apply(Input::Send {
                name: "a".into(),
                request: Request::Sync { path: "/".into() },
            })
            .unwrap();
        b.settle = true;
        b.settled_steps = used;
        b
    }

    #[test]
    fn a_settling_stopped_at_its_bound_is_reported_once() {
        let mut b = in_flight(STEPS_PER_COMMAND_MAX);
        b.drain_events();
        assert!(b.take_capped());
        assert!(!b.take_capped());
        let mut quiet = in_flight(0);
        quiet.drain_events();
        assert!(!quiet.take_capped());
    }
}
