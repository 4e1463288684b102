//! The simulated ensemble as a script backend (`sim::ensemble`), chosen when a script has an
//! `ensemble` line: the servers start with it, `server K …`, partitions, delays, `srvr K` and
//! `wait server K MODE` act on them, and every zkCli line runs through its session's simulated
//! Java client, connected to one server. Zxids print absolute, in hex.
//!
//! When a session hears of a broken connection is what makes a transcript comparable with the
//! real ensembles' (recorded by `zkplay-tests`' live backend): a client's connection-state
//! events are reported at the end of a client line's step (a command on a session, a `session`
//! line, `sleep`), never at the end of a server line (`server K crash`, `wait`, `srvr`), while
//! the servers may still be reacting; a watch event is reported when it arrives, unless a state
//! event of its session is still held before it. And, as the live client re-attaches a detached
//! session at once when a command or the end of a client line uses it, a disconnected client
//! whose next attempt is planned for later tries its servers right away then (each once).

use crate::script::entry::{EnsembleRefusal, LineError};
use crate::sorted::SortedMap as BTreeMap;

use crate::ensemble::EnsembleConfig as ModelConfig;
use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::{Backend, ReceivedEvent};
use crate::script::ensemble_lines::{EnsembleConfig, ServerCommand, ServerMode, SrvrReport};
use crate::script::parse::{SimCommand, Step, StepKind};
use crate::script::SimulationBackend;
use crate::sim::client::{ClientEvent, ConnState};
use crate::sim::ensemble::EnsembleSimConfig;
use crate::sim::Sim;

/// How long (simulated) a request may wait for its reply before the client reports
/// CONNECTIONLOSS, on top of twice its session timeout.
const REPLY_WAIT_MS_MIN: u64 = 10_000;
/// How long the messages a command set off get to land before its transcript closes (a few
/// round trips between peers and clients).
pub const SETTLE_MS: u64 = 20;

/// How long after a server the real harness launches the next one of an `ensemble` line: it
/// waits for each JVM's client port (opened just before its election begins), 270 to 660 ms
/// from the launch on the machine the goldens were recorded on. So the first two elect
/// before the third runs, which then joins the serving leader (and is synced by a snapshot).
pub const LAUNCH_INTERVAL_MS: u64 = 300;

/// Whether a script runs on an ensemble (it has an `ensemble` line).
pub fn has_ensemble(steps: &[Step]) -> bool {
    steps
        .iter()
        .any(|s| matches!(s.kind, StepKind::Ensemble(_)))
}

/// How an ensemble's lines close (see the module's notes): what each session received and
/// was not reported yet, and what the line just run asks of the end of its step.
#[derive(Clone, Debug, Default)]
pub struct EnsemblePace {
    /// Events received and not yet reported, per session.
    held: BTreeMap<String, Vec<ClientEvent>>,
    /// Set by a server line: the end of its step reports no connection-state change.
    hold_states: bool,
    /// Set by `step N`: its N events are all that happen (nothing settles after it), so a
    /// user can follow an election or a write one message at a time.
    exact_step: bool,
    /// How many of the live checks' violations were reported.
    violations_reported: usize,
}

impl SimulationBackend {
    fn pace(&mut self) -> Result<&mut EnsemblePace, EnsembleRefusal> {
        self.ensemble_pace().ok_or(EnsembleRefusal::NoEnsembleYet)
    }

    /// The ensemble world (refused before the `ensemble` line).
    fn ensemble_sim(&mut self) -> Result<&mut Sim, EnsembleRefusal> {
        self.pace()?;
        Ok(&mut self.sim)
    }

    /// The `ensemble` line: the servers start as the real harness launches them, highest myid
    /// first, each `LAUNCH_INTERVAL_MS` after the one before, with the seed and clock of the
    /// lines before it.
    pub(crate) fn start_servers(&mut self, config: &EnsembleConfig) {
        let mut model = ModelConfig::new(u64::from(config.voters), u64::from(config.observers));
        model.tick_time_ms = u64::from(config.tick_time_ms);
        model.init_limit = u64::from(config.init_limit_ticks);
        model.sync_limit = u64::from(config.sync_limit_ticks);
        model.server.epoch_ms = self.sim.config().server.epoch_ms;
        let mut sim = Sim::ensemble(EnsembleSimConfig::new(self.sim.seed(), model));
        let mut launched = false;
        for id in (1..=config.servers()).rev() {
            if config.starts(id) {
                if launched {
                    let at = sim.now_ms().saturating_add(LAUNCH_INTERVAL_MS);
                    sim.run_until(at);
                }
                launched = true;
                sim.start_peer(id);
            }
        }
        self.sim = sim;
        self.set_ensemble_pace();
    }

    /// A server line; `stepwise` leaves what it set off in flight (see `drain_events`).
    pub(crate) fn ensemble_server_command(
        &mut self,
        cmd: &ServerCommand,
    ) -> Result<Option<SrvrReport>, LineError> {
        match cmd {
            ServerCommand::Stepwise(line) => {
                // Nothing settles after it: `step` delivers what it set off, one event at a time.
                self.pace()?.exact_step = true;
                self.run_server_command(line)
            }
            line => self.run_server_command(line),
        }
    }

    /// A server line without `stepwise`; nothing settles here (see `drain_events`).
    fn run_server_command(&mut self, cmd: &ServerCommand) -> Result<Option<SrvrReport>, LineError> {
        self.pace()?.hold_states = true;
        if let ServerCommand::Srvr { server } = cmd {
            return Ok(Some(self.srvr(*server)));
        }
        let sim = self.ensemble_sim()?;
        match cmd {
            ServerCommand::Wait {
                server,
                target,
                timeout_ms,
            } => {
                let deadline = sim.now_ms().saturating_add(*timeout_ms);
                let id = *server;
                let met = |s: &Sim| target.met_by(mode_of(s, id));
                if !sim.run_while(deadline, met) {
                    let mode = self.srvr(*server).mode;
                    return Err(EnsembleRefusal::NotReached {
                        server: *server,
                        wanted: target.name(),
                        timeout_ms: *timeout_ms,
                        now: mode.name(),
                    }
                    .into());
                }
            }
            ServerCommand::Srvr { .. } | ServerCommand::Stepwise(_) => {}
            fault => {
                if let Err(already) = crate::script::server_fault::apply(sim, fault) {
                    return Err(EnsembleRefusal::ServerAlready {
                        line: cmd.to_string(),
                        server: already.server,
                        running: already.running,
                    }
                    .into());
                }
            }
        }
        Ok(None)
    }

    /// What `srvr K` reports.
    pub fn srvr(&self, server: crate::ensemble::PeerId) -> SrvrReport {
        let Some(sim) = self.world().filter(|s| s.is_ensemble()) else {
            return SrvrReport::NOT_SERVING;
        };
        let id = server;
        let Some((_, zxid)) = sim.serving_zxid(id) else {
            return SrvrReport::NOT_SERVING;
        };
        let mode = mode_of(sim, id);
        let nodes = sim
            .peer(id)
            .map_or(0, |p| p.server().tree().len() as u64 + 1);
        SrvrReport { mode, zxid, nodes }
    }

    /// Lets every disconnected client with a session try its servers now, each once, and
    /// waits for the attempts to be answered (see the module's notes).
    fn reattach_all(&mut self) {
        let Ok(sim) = self.ensemble_sim() else {
            return;
        };
        for c in 0..sim.all_clients().len() {
            reattach(sim, c);
        }
    }

    /// Waits for a reply as an ensemble's lines do (the clock moves to the deadline when
    /// nothing more is due: see `Sim::run_while`).
    fn wait_on_ensemble(&mut self, name: &str, xid: u64) -> Result<Response, ZkError> {
        let Ok(sim) = self.ensemble_sim() else {
            return Err(ZkError::ConnectionLoss);
        };
        let timeout = sim.client(name).map_or(0, |c| u64::from(c.timeout_ms));
        let deadline = sim
            .now_ms()
            .saturating_add((2 * timeout).max(REPLY_WAIT_MS_MIN));
        let key = name.to_string();
        sim.run_while(deadline, |s| {
            s.client(&key)
                .is_some_and(|c| c.completed.contains_key(&xid))
        });
        let c = sim.client_mut(name).ok_or(ZkError::ConnectionLoss)?;
        match c.completed.remove(&xid) {
            Some(r) => r,
            None => {
                c.outstanding.remove(&xid);
                c.queued.retain(|(x, _)| *x != xid);
                Err(ZkError::ConnectionLoss)
            }
        }
    }

    /// Opens a session on the ensemble (pinned to `server`, or on a seeded shuffle of every
    /// server) and waits until it connects; refused when no server takes it.
    pub(crate) fn open_on_ensemble(
        &mut self,
        name: &str,
        timeout_ms: u32,
        server: Option<crate::ensemble::PeerId>,
    ) -> Result<(), LineError> {
        let sim = self.ensemble_sim()?;
        let c = sim.open_client_on(name, timeout_ms, server);
        let deadline = sim
            .now_ms()
            .saturating_add(u64::from(timeout_ms).max(REPLY_WAIT_MS_MIN));
        sim.run_while(deadline, |s| {
            s.all_clients()
                .get(c)
                .is_none_or(|ec| ec.state != ConnState::Connecting)
        });
        let connected = sim
            .all_clients()
            .get(c)
            .is_some_and(|ec| ec.state == ConnState::Connected);
        if !connected {
            // As the live client gives up on a session no server takes: it closes its handle.
            sim.close_client(c);
            return Err(EnsembleRefusal::CannotConnect { server }.into());
        }
        self.opened(name, true);
        self.pace()?.held.remove(name);
        Ok(())
    }

    pub(crate) fn call_on_ensemble(
        &mut self,
        name: &str,
        request: &Request,
    ) -> Result<Response, ZkError> {
        let Ok(sim) = self.ensemble_sim() else {
            return Err(ZkError::ConnectionLoss);
        };
        let Some(c) = sim.client_index(name) else {
            return Err(ZkError::SessionExpired);
        };
        // After a stepwise server line, the hangup of a crashed server may still be on its way:
        // the client notices it first, as the live client's socket already has.
        if sim.hangup_in_flight(c) {
            let until = sim.now_ms().saturating_add(SETTLE_MS);
            sim.run_while(until, |s| !s.hangup_in_flight(c));
        }
        let xid = sim
            .client_request(c, request.clone())
            .ok_or(ZkError::SystemError)?;
        sim.hurry_reconnect(c);
        self.wait_on_ensemble(name, xid)
    }

    pub(crate) fn close_on_ensemble(&mut self, name: &str) -> Result<(), ZkError> {
        let Ok(sim) = self.ensemble_sim() else {
            return Err(ZkError::SessionExpired);
        };
        let Some(c) = sim.client_index(name) else {
            return Err(ZkError::SessionExpired);
        };
        match sim.close_client(c) {
            Some(xid) => self.wait_on_ensemble(name, xid).map(|_| ()),
            None => Ok(()),
        }
    }

    pub(crate) fn expire_on_ensemble(&mut self, name: &str) -> Result<(), ZkError> {
        let Ok(sim) = self.ensemble_sim() else {
            return Err(ZkError::SessionExpired);
        };
        let Some(c) = sim.client_index(name) else {
            return Err(ZkError::SessionExpired);
        };
        if !sim.ensemble_expire_session(c) {
            return Err(ZkError::ConnectionLoss);
        }
        let deadline = sim.now_ms().saturating_add(REPLY_WAIT_MS_MIN);
        sim.run_while(deadline, |s| {
            s.all_clients()
                .get(c)
                .is_none_or(|ec| ec.state != ConnState::Connected)
        });
        reattach(sim, c);
        Ok(())
    }

    /// The end of an ensemble line's step: what each session heard (see the module's notes).
    pub(crate) fn drain_ensemble_events(&mut self) -> Vec<ReceivedEvent> {
        let Some(pace) = self.ensemble_pace() else {
            return Vec::new();
        };
        let hold = std::mem::take(&mut pace.hold_states);
        let exact = std::mem::take(&mut pace.exact_step);
        if !hold && !exact {
            self.reattach_all();
        }
        if !exact {
            let t = self.sim.now_ms().saturating_add(SETTLE_MS);
            self.sim.run_until(t);
        }
        let order = self.session_names();
        let Some(pace) = self.ensemble_pace() else {
            return Vec::new();
        };
        let mut all_held = std::mem::take(&mut pace.held);
        let mut out = Vec::new();
        for name in order {
            let held = all_held.entry(name.clone()).or_default();
            if let Some(c) = self.sim.client_mut(&name) {
                held.append(&mut c.events);
            }
            let release = if hold {
                held.iter()
                    .position(|e| matches!(e, ClientEvent::State(_)))
                    .unwrap_or(held.len())
            } else {
                held.len()
            };
            for e in held.drain(..release) {
                out.push(match e {
                    ClientEvent::State(s) => ReceivedEvent::state(&name, s),
                    ClientEvent::Watch { kind, path } => ReceivedEvent::watch(&name, kind, &path),
                });
            }
        }
        if let Some(pace) = self.ensemble_pace() {
            pace.held = all_held;
        }
        out
    }

    /// The live checks' new violations, reported as the recipes' monitor reports its own,
    /// then the recipes' reports.
    pub(crate) fn drain_ensemble_reports(&mut self) -> Vec<crate::sim::RecipeReport> {
        let seed = self.sim.seed();
        let Some(pace) = self.ensemble_pace() else {
            return Vec::new();
        };
        let reported = pace.violations_reported;
        let mut new: Vec<crate::sim::RecipeReport> = self
            .sim
            .properties()
            .found()
            .skip(reported)
            .map(|(property, detail, time_ms, step)| {
                crate::sim::RecipeReport::Violation(crate::recipes::Violation {
                    property,
                    detail: detail.clone(),
                    seed,
                    step,
                    time_ms,
                })
            })
            .collect();
        if let Some(pace) = self.ensemble_pace() {
            pace.violations_reported += new.len();
        }
        new.extend(self.sim.take_recipe_reports());
        new
    }

    /// An ensemble's simulation command, or why it cannot run (in the script's words).
    pub(crate) fn ensemble_command(&mut self, cmd: &SimCommand) -> Result<(), LineError> {
        match cmd {
            SimCommand::Seed(_) | SimCommand::Clock(_) => {}
            SimCommand::Step(n) => {
                self.pace()?.exact_step = true;
                // Only the latest steps can show in the page's log: the rest step unobserved.
                let noted = crate::sim::ensemble::LOG_MAX as u64;
                for i in 0..*n {
                    let stepped = if n - i <= noted {
                        self.quiet.step_ensemble(&mut self.sim)
                    } else {
                        self.sim.step()
                    };
                    if !stepped {
                        break;
                    }
                }
            }
            SimCommand::Crash(name)
            | SimCommand::Partition(name)
            | SimCommand::Heal(name)
            | SimCommand::Delay(name, _)
            | SimCommand::Pause(name, _) => {
                let sim = self.ensemble_sim()?;
                let Some(c) = sim.client_index(name) else {
                    return Err(LineError::NoSession { name: name.clone() });
                };
                match cmd {
                    SimCommand::Crash(_) => sim.crash_client(c),
                    SimCommand::Partition(_) => sim.partition_client(c),
                    SimCommand::Delay(_, ms) => sim.delay_client(c, *ms),
                    SimCommand::Pause(_, ms) => sim.pause_client_at(c, *ms)?,
                    _ => sim.heal_client(c),
                }
            }
            SimCommand::Recipe {
                kind,
                path,
                clients,
                options,
            } => {
                self.ensemble_sim()?;
                for name in clients {
                    let running = self.sim.client(name).is_some_and(|c| c.is_active());
                    if !running {
                        let timeout = crate::script::parse::DEFAULT_TIMEOUT_MS;
                        self.open_on_ensemble(name, timeout, options.server)?;
                    }
                }
                let sim = self.ensemble_sim()?;
                for name in clients {
                    let Some(c) = sim.client_index(name) else {
                        return Err(LineError::NoSession { name: name.clone() });
                    };
                    sim.start_recipe(c, *kind, path, options, clients.len() as u32)?;
                }
            }
            _ => return Err(EnsembleRefusal::UnnamedServer { word: cmd.word() }.into()),
        }
        Ok(())
    }
}

/// The mode `srvr` reports for server `id`. A configuration of one server is ZooKeeper's
/// standalone mode (`QuorumPeerConfig` runs a lone server standalone).
fn mode_of(sim: &Sim, id: u64) -> ServerMode {
    match sim.serving_zxid(id) {
        None => ServerMode::NotServing,
        Some(_) if sim.server_ids().len() == 1 => ServerMode::Standalone,
        Some((true, _)) => ServerMode::Leader,
        Some(_) if sim.is_voter(id) => ServerMode::Follower,
        Some(_) => ServerMode::Observer,
    }
}

/// Client `c` tries its servers now, once each, if it is disconnected with a session. A
/// partitioned client is left to its own timers: none of its attempts could be answered, and
/// waiting for each would move the clock for every line after.
fn reattach(sim: &mut Sim, c: usize) {
    if sim.client_partitioned(c) {
        return;
    }
    let hosts = sim
        .all_clients()
        .get(c)
        .map_or(0, |ec| ec.connect.hosts.len());
    for _ in 0..hosts {
        let waiting = sim.all_clients().get(c).is_some_and(|ec| {
            ec.is_active() && ec.session.is_some() && ec.state == ConnState::Connecting
        });
        if !waiting {
            return;
        }
        let before = sim.all_clients().get(c).map_or(0, |ec| ec.connect.answered);
        sim.hurry_reconnect(c);
        let deadline = sim.now_ms().saturating_add(REPLY_WAIT_MS_MIN);
        // Until this attempt is answered: connected, expired, or refused.
        sim.run_while(deadline, |s| {
            s.all_clients()
                .get(c)
                .is_none_or(|ec| ec.state != ConnState::Connecting || ec.connect.answered > before)
        });
    }
}
