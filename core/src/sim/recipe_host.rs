//! The recipes as the simulation hosts them: starting a role on a client, carrying out the
//! effects it returns (requests, a timer, notes), handing it its replies, watch events and
//! timers, and feeding its notes to the `Monitor` (safety checks, statuses for the cards).

use crate::recipes::{Effects, Note, Recipe, RecipeKind, Violation};
use crate::sim::client::{Client, ClientEvent};
use crate::sim::world::{Event, Sim, SimError};

/// What recipes report for the transcript and the UI.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RecipeReport {
    Status {
        client: String,
        kind: RecipeKind,
        status: String,
    },
    Violation(Violation),
}

impl Sim {
    /// A client starts a recipe role on `path`.
    pub(super) fn start_recipe(
        &mut self,
        name: &str,
        kind: RecipeKind,
        path: &str,
        options: &crate::recipes::RecipeOptions,
        group: u32,
    ) -> Result<Option<u64>, SimError> {
        if crate::path::validate_path(path, false).is_err() || path == "/" {
            return Err(SimError(format!("'{path}' is not a path a recipe can use")));
        }
        if !self.clients.get(name).is_some_and(Client::is_active) {
            return Err(SimError(format!("client {name} is not running")));
        }
        let mut recipe = Recipe::new(kind, name, path, options, group);
        self.monitor.set_fencing(path, options.fencing);
        let mut fx = Effects::default();
        recipe.start(&mut fx);
        if let Some(c) = self.clients.get_mut(name) {
            c.recipe = Some(recipe);
        }
        self.note(format!("{name}: runs {} on {path}", kind.name()));
        self.recipe_effects(name, fx);
        Ok(None)
    }

    /// A role's timer is due: it runs now, or when its paused process resumes.
    pub(super) fn recipe_timer(&mut self, name: &str) {
        self.recipe_timers.remove(name);
        let state = self
            .clients
            .get(name)
            .map(|c| (c.crashed, c.paused_until_ms));
        match state {
            Some((false, None)) => self.recipe_call(name, |r, fx| r.on_timer(fx)),
            // A paused process's timers fire when it resumes.
            Some((false, Some(until))) => {
                let key = self.schedule(until, Event::RecipeTimer(name.to_string()));
                self.recipe_timers.insert(name.to_string(), key);
            }
            _ => {}
        }
    }

    /// Carries out what a recipe asked for: requests, a timer, notes for the monitor.
    pub(super) fn recipe_effects(&mut self, name: &str, fx: Effects) {
        for (purpose, request) in fx.requests {
            if let Some(xid) = self.client_request(name, request) {
                if let Some(c) = self.clients.get_mut(name) {
                    c.recipe_pending.insert(xid, purpose);
                }
            }
        }
        if let Some(ms) = fx.timer_ms {
            if let Some(key) = self.recipe_timers.remove(name) {
                self.queue.remove(&key);
            }
            let key = self.schedule(
                self.now_ms.saturating_add(ms),
                Event::RecipeTimer(name.to_string()),
            );
            self.recipe_timers.insert(name.to_string(), key);
        }
        let Some(kind) = self
            .clients
            .get(name)
            .and_then(|c| c.recipe.as_ref())
            .map(Recipe::kind)
        else {
            return;
        };
        for note in fx.notes {
            let at = crate::recipes::monitor::At {
                seed: self.config.seed,
                step: self.steps,
                time_ms: self.now_ms,
            };
            let before = self.monitor.violations.len();
            if let Some(msg) = self.monitor.observe(kind, name, &note, &at) {
                self.note(format!("resource: {msg}"));
            }
            let new: Vec<Violation> = self.monitor.violations[before..].to_vec();
            for v in new {
                self.note(format!("VIOLATION {}: {}", v.property, v.detail));
                self.recipe_reports.push(RecipeReport::Violation(v));
            }
            if let Note::Status(status) = note {
                // A status repeated unchanged says nothing new.
                if self.recipe_last_status.get(name) == Some(&status) {
                    continue;
                }
                self.recipe_last_status
                    .insert(name.to_string(), status.clone());
                self.note(format!("{name} [{}]: {status}", kind.name()));
                self.recipe_reports.push(RecipeReport::Status {
                    client: name.to_string(),
                    kind,
                    status,
                });
            }
        }
        self.route_recipe_completions(name);
    }

    /// Hands finished recipe requests (replies, or failures on a lost connection) to the recipe.
    pub(super) fn route_recipe_completions(&mut self, name: &str) {
        loop {
            let Some(c) = self.clients.get_mut(name) else {
                return;
            };
            let Some(xid) = c
                .recipe_pending
                .keys()
                .copied()
                .find(|x| c.completed.contains_key(x))
            else {
                return;
            };
            let purpose = c.recipe_pending.remove(&xid);
            let result = c.completed.remove(&xid);
            let (Some(purpose), Some(result), Some(mut recipe)) =
                (purpose, result, c.recipe.take())
            else {
                return;
            };
            let mut fx = Effects::default();
            recipe.on_reply(purpose, result, &mut fx);
            if let Some(c) = self.clients.get_mut(name) {
                c.recipe = Some(recipe);
            }
            self.recipe_effects(name, fx);
        }
    }

    pub(super) fn recipe_event(&mut self, name: &str, e: &ClientEvent) {
        let Some(mut recipe) = self.clients.get_mut(name).and_then(|c| c.recipe.take()) else {
            return;
        };
        if matches!(e, ClientEvent::Watch { .. }) && recipe.kind() != RecipeKind::QueueConsumer {
            self.monitor.count_notification(recipe.path());
        }
        let mut fx = Effects::default();
        recipe.on_event(e, &mut fx);
        if let Some(c) = self.clients.get_mut(name) {
            c.recipe = Some(recipe);
        }
        self.recipe_effects(name, fx);
    }

    pub(super) fn recipe_call(&mut self, name: &str, f: impl FnOnce(&mut Recipe, &mut Effects)) {
        let Some(mut recipe) = self.clients.get_mut(name).and_then(|c| c.recipe.take()) else {
            return;
        };
        let mut fx = Effects::default();
        f(&mut recipe, &mut fx);
        if let Some(c) = self.clients.get_mut(name) {
            c.recipe = Some(recipe);
        }
        self.recipe_effects(name, fx);
    }

    /// Takes what recipes reported since the last call.
    pub fn take_recipe_reports(&mut self) -> Vec<RecipeReport> {
        std::mem::take(&mut self.recipe_reports)
    }
}
