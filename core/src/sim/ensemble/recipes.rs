//! Recipes on an ensemble: the same roles, hosted by the same code as on the standalone server
//! (`sim::recipe_host`), each on its client's session wherever that session is connected; and
//! what recipes need of a client's process here: its events handed to its roles, GC pauses.

use crate::recipes::monitor::At;
use crate::recipes::{Monitor, RecipeKind, RecipeOptions, Status};
use crate::request::Request;
use crate::sim::client::Client;
use crate::sim::ensemble::EnsembleSim;
use crate::sim::recipe_host::{self, RecipeWorld};
use crate::sim::{ClientId, LogLine, RecipeReport, RoleKey, SimError};
use crate::sorted::SortedMap as BTreeMap;

impl RecipeWorld for EnsembleSim {
    fn role_client(&self, id: ClientId) -> Option<&Client> {
        self.clients.get(id.0 as usize)
    }
    fn role_client_mut(&mut self, id: ClientId) -> Option<&mut Client> {
        self.client_at_mut(id.0 as usize)
    }
    fn role_request(&mut self, id: ClientId, request: Request) -> Option<u64> {
        self.client_request(id.0 as usize, request)
    }
    fn set_role_timer(&mut self, key: RoleKey, at_ms: u64) {
        self.schedule.set_role(key, at_ms);
    }
    fn monitor_mut(&mut self) -> &mut Monitor {
        &mut self.monitor
    }
    fn report(&mut self, report: RecipeReport) {
        self.recipe_reports.push(report);
    }
    fn last_status(&mut self) -> &mut BTreeMap<RoleKey, Status> {
        &mut self.recipe_last_status
    }
    fn recipe_note(&mut self, line: LogLine) {
        self.note(line);
    }
    fn at(&self) -> At {
        At {
            seed: self.sim_config.seed,
            step: self.events,
            time_ms: self.now_ms,
        }
    }
}

impl EnsembleSim {
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

    /// Takes what recipes reported since the last call.
    pub fn take_recipe_reports(&mut self) -> Vec<RecipeReport> {
        std::mem::take(&mut self.recipe_reports)
    }

    /// Client `c`'s process stops for `ms` (a GC pause): it sends nothing, its timers wait, and
    /// what reaches it waits in its socket until it resumes.
    pub fn pause_client(&mut self, c: usize, ms: u64) -> Result<(), SimError> {
        let Some(ec) = self.clients.get(c) else {
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
