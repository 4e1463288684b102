//! The full simulation as a script backend: every command travels the simulated network
//! through its client's connection state machine, and time passes as the script says.

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::{Backend, ReceivedEvent};
use crate::script::ensemble_lines::{EnsembleConfig, ServerCommand, SrvrReport};
use crate::script::entry::{EnsembleRefusal, LineError};
use crate::script::parse::SimCommand;
use crate::sim::client::{ClientEvent, ConnState};
use crate::sim::quiet::{QuietSteps, QUIET_STEPS_MAX};
use crate::sim::{Input, Sim, SimConfig, SimError};

/// The most events one command may take before the runner gives up on it (a bound, not a
/// timing: every wait below is also bounded in simulated time).
pub const STEPS_PER_COMMAND_MAX: u64 = 200_000;
/// How long (simulated) a request may wait for its reply before the client reports
/// CONNECTIONLOSS, on top of its session timeout.
const REPLY_WAIT_MS_MIN: u64 = 10_000;

/// Runs scripts on the simulated world: a standalone server, or, from a script's `ensemble`
/// line, an ensemble (`ensemble_backend.rs` holds what its lines do). One world, one set of
/// sessions; what differs between the two is when a line's transcript closes (`Pace`).
#[derive(Clone, Debug)]
pub struct SimulationBackend {
    pub sim: Sim,
    /// How lines close in this world.
    pace: Pace,
    /// Session names in the order they were opened.
    order: Vec<String>,
    /// What the latest steps that wrote no log line handled (the page's log shows them).
    pub quiet: QuietSteps,
}

/// When a line's transcript closes, in each kind of world.
#[derive(Clone, Debug)]
enum Pace {
    /// A standalone server: every message a line set off lands first (see `Settling`).
    Standalone(Settling),
    /// An ensemble script before its `ensemble` line: only `seed` and `clock` run, and shape
    /// the ensemble to come (the world is an untouched placeholder until then).
    AwaitingEnsemble,
    /// An ensemble: a line's messages get a few round trips (see `ensemble_backend.rs`).
    Ensemble(crate::script::ensemble_backend::EnsemblePace),
}

/// A standalone world's lines: its messages land before a transcript closes.
#[derive(Clone, Debug, Default)]
struct Settling {
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
    /// When the current settling began (see `Sim::run_until_settled`).
    since_ms: u64,
}

impl Default for SimulationBackend {
    fn default() -> Self {
        SimulationBackend::new(SimConfig::default())
    }
}

impl SimulationBackend {
    /// A standalone world.
    pub fn new(config: SimConfig) -> SimulationBackend {
        SimulationBackend {
            sim: Sim::new(config),
            pace: Pace::Standalone(Settling::default()),
            order: Vec::new(),
            quiet: QuietSteps::default(),
        }
    }

    /// A world for an ensemble script: its `ensemble` line starts the servers.
    pub fn for_ensemble(seed: u64) -> SimulationBackend {
        SimulationBackend {
            pace: Pace::AwaitingEnsemble,
            ..SimulationBackend::new(SimConfig {
                seed,
                ..SimConfig::default()
            })
        }
    }

    /// The backend for a script: an ensemble's when it has an `ensemble` line.
    pub fn for_script(seed: u64, steps: &[crate::script::parse::Step]) -> SimulationBackend {
        if crate::script::ensemble_backend::has_ensemble(steps) {
            SimulationBackend::for_ensemble(seed)
        } else {
            SimulationBackend::new(SimConfig {
                seed,
                ..SimConfig::default()
            })
        }
    }

    /// The world, once there is one (none before an ensemble script's `ensemble` line).
    pub fn world(&self) -> Option<&Sim> {
        match self.pace {
            Pace::AwaitingEnsemble => None,
            _ => Some(&self.sim),
        }
    }

    pub(crate) fn world_mut(&mut self) -> Option<&mut Sim> {
        match self.pace {
            Pace::AwaitingEnsemble => None,
            _ => Some(&mut self.sim),
        }
    }

    /// Whether this backend runs (or awaits) an ensemble.
    pub fn is_ensemble(&self) -> bool {
        !matches!(self.pace, Pace::Standalone(_))
    }

    pub(crate) fn ensemble_pace(
        &mut self,
    ) -> Option<&mut crate::script::ensemble_backend::EnsemblePace> {
        match &mut self.pace {
            Pace::Ensemble(p) => Some(p),
            _ => None,
        }
    }

    /// The `ensemble` line ran: lines close as an ensemble's.
    pub(crate) fn set_ensemble_pace(&mut self) {
        self.pace = Pace::Ensemble(Default::default());
    }

    fn settling(&mut self) -> Option<&mut Settling> {
        match &mut self.pace {
            Pace::Standalone(s) => Some(s),
            _ => None,
        }
    }

    /// The session opened as `name` comes last in the order (`session_names`).
    pub(crate) fn opened(&mut self, name: &str, again_last: bool) {
        if again_last {
            self.order.retain(|n| n != name);
        }
        if !self.order.iter().any(|n| n == name) {
            self.order.push(name.to_string());
        }
    }

    /// Lets the last command's messages land (what closing its transcript would do), taking at
    /// most `steps_max` events now; true when that is done: quiet, or the command's bound of
    /// events reached. Settling in slices takes exactly the events settling at once would. An
    /// ensemble's lines run whole: nothing to do.
    pub fn settle_some(&mut self, steps_max: u64) -> bool {
        let Pace::Standalone(st) = &mut self.pace else {
            return true;
        };
        if !st.settle {
            return true;
        }
        let left = STEPS_PER_COMMAND_MAX.saturating_sub(st.settled_steps);
        if st.settled_steps == 0 {
            st.since_ms = self.sim.now_ms();
        }
        let before = self.sim.steps();
        let quiet = self.sim.run_until_settled(steps_max.min(left), st.since_ms);
        st.settled_steps += self.sim.steps().saturating_sub(before);
        if quiet || st.settled_steps >= STEPS_PER_COMMAND_MAX {
            st.capped |= !quiet;
            st.settle = false;
            st.settled_steps = 0;
            return true;
        }
        false
    }

    /// Whether a settling stopped at its bound of events since the last call (and forgets it).
    pub fn take_capped(&mut self) -> bool {
        self.settling()
            .is_some_and(|st| std::mem::take(&mut st.capped))
    }

    /// The last command's messages should land before its transcript closes.
    fn settle(&mut self) {
        if let Some(st) = self.settling() {
            st.settle = true;
        }
    }

    /// Steps until `done` holds or simulated time passes `deadline_ms`; true if it held. The
    /// clock stays at the last event (an ensemble's `Sim::run_while` moves it to the deadline).
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
    /// has happened, since it shapes the whole run (on an ensemble: before its `ensemble`
    /// line).
    fn setup_config(&self, cmd: &SimCommand) -> Result<SimConfig, LineError> {
        match self.pace {
            Pace::Ensemble(_) => {
                return Err(EnsembleRefusal::SetupAfterEnsemble { word: cmd.word() }.into())
            }
            Pace::Standalone(_) if self.sim.steps() > 0 || !self.sim.inputs().is_empty() => {
                return Err(LineError::MustComeFirst { word: cmd.word() });
            }
            _ => {}
        }
        Ok(self.sim.config().clone())
    }

    /// A new world from a setup line's configuration, in the same kind of pace.
    fn set_up(&mut self, config: SimConfig) {
        self.sim = Sim::new(config);
        self.quiet = QuietSteps::default();
    }

    /// Opens a session and waits until it connects (or gives up), as `open_session`, saying
    /// why the simulator refused it.
    fn open(&mut self, name: &str, timeout_ms: u32) -> Result<(), SimError> {
        self.settle();
        self.sim.apply(Input::Open {
            name: name.to_string(),
            timeout_ms,
        })?;
        self.opened(name, false);
        let deadline = self
            .sim
            .now_ms()
            .saturating_add(u64::from(timeout_ms).max(REPLY_WAIT_MS_MIN));
        let key = name.to_string();
        self.run_while(deadline, |s| {
            s.client(&key)
                .is_some_and(|c| c.state != ConnState::Connecting)
        });
        let first = self.sim.client(name).is_some_and(|c| c.session.is_some());
        let base = self.sim.server().map(|s| s.last_zxid().0);
        if let Some(st) = self.settling() {
            if st.zxid_base.is_none() && first {
                st.zxid_base = base;
            }
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
        self.open_session_on(name, timeout_ms, None)
            .map_err(|e| e.to_string())
    }

    fn open_session_on(
        &mut self,
        name: &str,
        timeout_ms: u32,
        server: Option<crate::ensemble::PeerId>,
    ) -> Result<(), LineError> {
        match (&self.pace, server) {
            (Pace::Standalone(_), None) => self.open(name, timeout_ms).map_err(LineError::from),
            (Pace::Standalone(_), Some(k)) => Err(format!("server={k} needs an ensemble").into()),
            (Pace::AwaitingEnsemble, _) => Err(EnsembleRefusal::NoEnsembleYet.into()),
            (Pace::Ensemble(_), _) => self.open_on_ensemble(name, timeout_ms, server),
        }
    }

    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        match self.pace {
            Pace::Standalone(_) => {}
            Pace::AwaitingEnsemble => return Err(ZkError::ConnectionLoss),
            Pace::Ensemble(_) => return self.call_on_ensemble(name, request),
        }
        self.settle();
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
        match self.pace {
            Pace::Standalone(_) => {}
            Pace::AwaitingEnsemble => return Err(ZkError::SessionExpired),
            Pace::Ensemble(_) => return self.close_on_ensemble(name),
        }
        self.settle();
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
        match self.pace {
            Pace::Standalone(_) => {}
            Pace::AwaitingEnsemble => return Err(ZkError::SessionExpired),
            Pace::Ensemble(_) => return self.expire_on_ensemble(name),
        }
        self.settle();
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
        self.settle();
        if let Some(sim) = self.world_mut() {
            let t = sim.now_ms().saturating_add(ms);
            sim.run_until(t);
        }
    }

    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        match &mut self.pace {
            Pace::Standalone(st) => {
                if std::mem::take(&mut st.settle) {
                    let left = STEPS_PER_COMMAND_MAX.saturating_sub(st.settled_steps);
                    if st.settled_steps == 0 {
                        st.since_ms = self.sim.now_ms();
                    }
                    st.capped |= !self.sim.run_until_settled(left, st.since_ms);
                }
                st.settled_steps = 0;
            }
            Pace::AwaitingEnsemble => return Vec::new(),
            Pace::Ensemble(_) => return self.drain_ensemble_events(),
        }
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
        self.world()?
            .all_clients()
            .iter()
            .rev()
            .find(|c| c.session.is_some_and(|s| s.0 == session_id))
            .map(|c| c.name.clone())
    }

    fn zxid_base(&self) -> i64 {
        match &self.pace {
            Pace::Standalone(st) => st.zxid_base.unwrap_or(0),
            _ => 0,
        }
    }

    fn session_names(&self) -> Vec<String> {
        self.order.clone()
    }

    fn server_child_order(&self, parent: &str, names: Vec<String>) -> Vec<String> {
        let Some(server) = self.sim.server().filter(|_| !self.is_ensemble()) else {
            return names;
        };
        let order = server.tree().children_in_server_order(parent);
        crate::script::backend::reorder_like(names, &order)
    }

    fn auth_failed(&mut self, name: &str) {
        if self.is_ensemble() {
            return;
        }
        // The client process goes on, but its connection is gone for good: as far as the
        // server can tell, a crashed client (the session expires after its timeout).
        let _ = self.sim.apply(Input::Crash {
            name: name.to_string(),
        });
    }

    fn drain_recipe_reports(&mut self) -> Vec<crate::sim::RecipeReport> {
        match self.pace {
            Pace::Standalone(_) => self.sim.take_recipe_reports(),
            Pace::AwaitingEnsemble => Vec::new(),
            Pace::Ensemble(_) => self.drain_ensemble_reports(),
        }
    }

    fn sim_command(&mut self, cmd: &SimCommand) -> Result<(), LineError> {
        match cmd {
            SimCommand::Seed(seed) => {
                let mut config = self.setup_config(cmd)?;
                config.seed = *seed;
                self.set_up(config);
                return Ok(());
            }
            SimCommand::Clock(origin_ms) => {
                let mut config = self.setup_config(cmd)?;
                config.server.epoch_ms = *origin_ms;
                self.set_up(config);
                return Ok(());
            }
            _ => {}
        }
        match self.pace {
            Pace::Standalone(_) => self.standalone_command(cmd),
            Pace::AwaitingEnsemble => Err(EnsembleRefusal::NoEnsembleYet.into()),
            Pace::Ensemble(_) => self.ensemble_command(cmd),
        }
    }

    fn start_ensemble(&mut self, config: &EnsembleConfig) -> Result<(), LineError> {
        match self.pace {
            Pace::AwaitingEnsemble => {
                self.start_servers(config);
                Ok(())
            }
            Pace::Ensemble(_) => Err(EnsembleRefusal::SecondEnsemble.into()),
            Pace::Standalone(_) => Err(format!(
                "'{config}': this backend runs one standalone ZooKeeper server; a script with an ensemble runs on the ensemble backend"
            )
            .into()),
        }
    }

    fn server_command(&mut self, cmd: &ServerCommand) -> Result<Option<SrvrReport>, LineError> {
        match self.pace {
            Pace::Standalone(_) => Err(format!("'{cmd}' needs an ensemble").into()),
            Pace::AwaitingEnsemble => Err(EnsembleRefusal::NoEnsembleYet.into()),
            Pace::Ensemble(_) => self.ensemble_server_command(cmd),
        }
    }

    fn drain_server_states(&mut self) -> Vec<(crate::ensemble::PeerId, &'static str, i64)> {
        match self.pace {
            Pace::Ensemble(_) => self
                .sim
                .take_state_changes()
                .into_iter()
                .map(|(id, state, epoch)| (id, state.name(), epoch))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn absolute_zxids(&self) -> bool {
        self.is_ensemble()
    }
}

impl SimulationBackend {
    /// A standalone world's simulation command (faults, stepping, recipes).
    fn standalone_command(&mut self, cmd: &SimCommand) -> Result<(), LineError> {
        let input = match cmd {
            SimCommand::Seed(_) | SimCommand::Clock(_) => return Ok(()),
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
        if let Pace::Standalone(st) = &mut b.pace {
            st.settle = true;
            st.settled_steps = used;
        }
        b
    }

    /// A link slower than half the ping interval always has a ping on its way: a line's
    /// messages still settle in a round trip, not at the bound of events (hours later).
    #[test]
    fn a_slow_link_settles_in_a_round_trip_not_hours() {
        let script = "session a\ndelay a 6000\na: create /x \"\"\na: create /y \"\"\n";
        let mut b = SimulationBackend::default();
        crate::script::run_script(&mut b, &crate::script::parse_script(script));
        assert!(b.sim.now_ms() < 60_000, "{} ms", b.sim.now_ms());
        assert!(!b.take_capped());
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
