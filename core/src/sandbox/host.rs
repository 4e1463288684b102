//! What runs behind the sandbox: the one simulated world's script backend
//! (`script::SimulationBackend`), standalone at first; a script whose first lines (after `seed`
//! and `clock`) hold an `ensemble` line runs on an ensemble instead. Every command goes through
//! the same runner either way, so the consoles print the same zkCli. Here: what the views read
//! of it.

use crate::script::SimulationBackend;
use crate::sim::Sim;

impl SimulationBackend {
    /// The world, when it is a standalone server's.
    pub fn standalone(&self) -> Option<&Sim> {
        self.world().filter(|s| !s.is_ensemble())
    }

    /// The world, once an ensemble's `ensemble` line ran.
    pub fn ensemble(&self) -> Option<&Sim> {
        self.world().filter(|s| s.is_ensemble())
    }

    /// The world, in either mode (none before an ensemble's `ensemble` line ran).
    pub fn sim(&self) -> Option<&Sim> {
        self.world()
    }

    /// The event log, in either mode.
    pub fn log(&self) -> Option<&crate::sim::Log> {
        self.world().map(Sim::log)
    }

    /// What the latest steps that wrote no line of the event log handled, in either mode.
    pub fn quiet(&self) -> &crate::sim::QuietSteps {
        &self.quiet
    }

    /// What the recipe boards read, in either mode.
    pub fn recipe_side(&self) -> Option<RecipeSide<'_>> {
        let sim = self.world()?;
        // An ensemble's boards list every client it opened, in order; a standalone server's,
        // each name's client, by name.
        let clients = match sim.is_ensemble() {
            true => sim.all_clients().iter().collect(),
            false => sim.clients().collect(),
        };
        Some(RecipeSide {
            clients,
            monitor: &sim.monitor,
            messages_sent: sim.client_messages_sent(),
        })
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
