//! What runs behind the sandbox: one standalone server on the simulated network, or a simulated
//! ensemble of several servers. A sandbox starts standalone; a script whose first lines (after
//! `seed` and `clock`) hold an `ensemble` line runs on an ensemble instead. Every command goes
//! through the same runner either way, so the consoles print the same zkCli.

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::{Backend, ReceivedEvent};
use crate::script::ensemble_lines::{EnsembleConfig, ServerCommand, SrvrReport};
use crate::script::parse::SimCommand;
use crate::script::{EnsembleBackend, LineError, SimulationBackend};
use crate::sim::{RecipeReport, Sim};

/// The sandbox's backend.
#[derive(Clone, Debug)]
pub enum Host {
    Standalone(Box<SimulationBackend>),
    /// Boxed: an ensemble's backend is much larger than the standalone one.
    Ensemble(Box<EnsembleBackend>),
}

impl Host {
    /// The standalone simulation, when the sandbox runs one.
    pub fn standalone(&self) -> Option<&Sim> {
        match self {
            Host::Standalone(b) => Some(&b.sim),
            Host::Ensemble(_) => None,
        }
    }

    /// The event log, in either mode (none before an ensemble's `ensemble` line ran).
    pub fn log(&self) -> Option<&crate::sim::Log> {
        self.sim().map(Sim::log)
    }

    /// What the latest steps that wrote no line of the event log handled, in either mode.
    pub fn quiet(&self) -> &crate::sim::QuietSteps {
        match self {
            Host::Standalone(b) => &b.quiet,
            Host::Ensemble(b) => &b.quiet,
        }
    }

    /// The simulated world, in either mode (none before an ensemble's `ensemble` line ran).
    pub fn sim(&self) -> Option<&Sim> {
        match self {
            Host::Standalone(b) => Some(&b.sim),
            Host::Ensemble(b) => b.sim.as_ref(),
        }
    }

    /// The simulated ensemble, once its `ensemble` line ran.
    pub fn ensemble(&self) -> Option<&Sim> {
        match self {
            Host::Standalone(_) => None,
            Host::Ensemble(b) => b.sim.as_ref(),
        }
    }

    pub fn is_ensemble(&self) -> bool {
        matches!(self, Host::Ensemble(_))
    }

    /// What the recipe boards read, in either mode.
    pub fn recipe_side(&self) -> Option<RecipeSide<'_>> {
        match self {
            Host::Standalone(b) => Some(RecipeSide {
                clients: b.sim.clients().collect(),
                monitor: &b.sim.monitor,
                messages_sent: b.sim.messages_sent,
            }),
            Host::Ensemble(b) => {
                let e = b.sim.as_ref()?;
                Some(RecipeSide {
                    clients: e.all_clients().iter().collect(),
                    monitor: &e.monitor,
                    messages_sent: e.schedule.links.client_messages_sent(),
                })
            }
        }
    }
}

/// The clients that may run recipes (each with its roles), the recipes' monitor, and how many
/// messages went between clients and servers: what the recipe boards read, in either mode.
pub struct RecipeSide<'a> {
    pub clients: Vec<&'a crate::sim::Client>,
    pub monitor: &'a crate::recipes::Monitor,
    pub messages_sent: u64,
}

impl RecipeSide<'_> {
    /// The client of that name (the latest, if it was opened again).
    pub fn client(&self, name: &str) -> Option<&crate::sim::Client> {
        self.clients.iter().rev().find(|c| c.name == name).copied()
    }
}

/// Calls `$call` on whichever backend runs.
macro_rules! both {
    ($self:expr, $b:ident => $call:expr) => {
        match $self {
            Host::Standalone($b) => $call,
            Host::Ensemble($b) => $call,
        }
    };
}

impl Backend for Host {
    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        both!(self, b => b.open_session(name, timeout_ms))
    }
    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        both!(self, b => b.call(name, request))
    }
    fn close_session(&mut self, name: &str) -> Result<(), ZkError> {
        both!(self, b => b.close_session(name))
    }
    fn expire_session(&mut self, name: &str) -> Result<(), ZkError> {
        both!(self, b => b.expire_session(name))
    }
    fn sleep(&mut self, ms: u64) {
        both!(self, b => b.sleep(ms))
    }
    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        both!(self, b => b.drain_events())
    }
    fn session_name(&self, session_id: i64) -> Option<String> {
        both!(self, b => b.session_name(session_id))
    }
    fn zxid_base(&self) -> i64 {
        both!(self, b => b.zxid_base())
    }
    fn session_names(&self) -> Vec<String> {
        both!(self, b => b.session_names())
    }
    fn server_child_order(&self, parent: &str, names: Vec<String>) -> Vec<String> {
        both!(self, b => b.server_child_order(parent, names))
    }
    fn auth_failed(&mut self, name: &str) {
        both!(self, b => b.auth_failed(name))
    }
    fn drain_recipe_reports(&mut self) -> Vec<RecipeReport> {
        both!(self, b => b.drain_recipe_reports())
    }
    fn sim_command(&mut self, cmd: &SimCommand) -> Result<(), LineError> {
        both!(self, b => b.sim_command(cmd))
    }
    fn start_ensemble(&mut self, config: &EnsembleConfig) -> Result<(), LineError> {
        both!(self, b => b.start_ensemble(config))
    }
    fn server_command(&mut self, cmd: &ServerCommand) -> Result<Option<SrvrReport>, LineError> {
        both!(self, b => b.server_command(cmd))
    }
    fn open_session_on(
        &mut self,
        name: &str,
        timeout_ms: u32,
        server: Option<u32>,
    ) -> Result<(), LineError> {
        both!(self, b => b.open_session_on(name, timeout_ms, server))
    }
    fn drain_server_states(&mut self) -> Vec<(u32, &'static str, i64)> {
        both!(self, b => b.drain_server_states())
    }
    fn absolute_zxids(&self) -> bool {
        both!(self, b => b.absolute_zxids())
    }
}
