//! Recipes on an ensemble: the same roles, hosted by the same code as on the standalone server
//! (`sim::recipe_host`), each on its client's session wherever that session is connected; and
//! what recipes need of a client's process here: its events handed to its roles, GC pauses.

use crate::recipes::{RecipeKind, RecipeOptions};
use crate::sim::recipe_host;
use crate::sim::Sim;
use crate::sim::{ClientId, LogLine, SimError};

impl Sim {
    /// Client `c` starts a recipe role on `path` (see `recipe_host::start_recipe`).
    pub fn start_recipe(
        &mut self,
        c: usize,
        kind: RecipeKind,
        path: &str,
        options: &RecipeOptions,
        group: u32,
    ) -> Result<(), SimError> {
        recipe_host::start_recipe(self, ClientId(c as u32), kind, path, options, group)?;
        Ok(())
    }

    /// Client `c`'s process stops for `ms` (a GC pause): it sends nothing, its timers wait, and
    /// what reaches it waits in its socket until it resumes.
    pub fn pause_client_at(&mut self, c: usize, ms: u64) -> Result<(), SimError> {
        let Some(ec) = self.clients.at(c) else {
            return Err(SimError::NoClient {
                name: String::new(),
            });
        };
        if !ec.is_active() {
            return Err(SimError::NotRunning {
                client: ec.name.clone(),
            });
        }
        crate::sim::client_host::pause(self, ClientId(c as u32), ms);
        Ok(())
    }

    /// Every later message between client `c` and its servers takes `ms` longer (a slow
    /// client or a congested link).
    pub fn delay_client(&mut self, c: usize, ms: u64) {
        if let Some(ec) = self.client_at_mut(c) {
            ec.extra_delay_ms = ms;
            let client = ec.name.clone();
            self.note(LogLine::Delay { client, ms });
        }
    }
}
