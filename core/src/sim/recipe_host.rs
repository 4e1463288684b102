//! The recipes as the simulation hosts them: starting roles on a client's session (several
//! may run on one, as one Curator client runs several recipes), carrying out the effects each
//! returns (requests, a timer, notes), handing it its replies, watch events and timers, and
//! feeding its notes to the `Monitor` (safety checks, statuses for the cards).

use crate::recipes::{Effects, Note, Recipe, RecipeKind, RecipeOptions, Status, Violation};
use crate::sim::client::ClientEvent;
use crate::sim::clients::ClientId;
use crate::sim::log::LogLine;
use crate::sim::world::{Event, Sim, SimError};

/// What recipes report for the transcript and the UI.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RecipeReport {
    Status {
        client: String,
        kind: RecipeKind,
        status: Status,
    },
    Violation(Violation),
}

/// One role: the client whose session runs it and its place among that session's roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleKey {
    pub client: ClientId,
    pub role: u32,
}

impl RoleKey {
    fn new(client: ClientId, role: u32) -> RoleKey {
        RoleKey { client, role }
    }
}

/// Whether a role whose base path is `base` asked for a watch event on `path`: the event is on
/// its base path or under it.
fn covers(base: &str, path: &str) -> bool {
    path == base
        || path
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Sim {
    /// A client starts a recipe role on `path`. A session may run several roles (an election
    /// and a lock, say), each on its own path; a second role on a path the session already
    /// uses is refused, as the monitor could not tell the two apart.
    pub(super) fn start_recipe(
        &mut self,
        id: ClientId,
        kind: RecipeKind,
        path: &str,
        options: &RecipeOptions,
        group: u32,
    ) -> Result<Option<u64>, SimError> {
        if crate::path::validate_path(path, false).is_err() || path == "/" {
            return Err(SimError::NotARecipePath {
                path: path.to_string(),
            });
        }
        let name = self.clients.name(id).to_string();
        let Some(c) = self.clients.get(id).filter(|c| c.is_active()) else {
            return Err(SimError::NotRunning { client: name });
        };
        if let Some(other) = c.roles.iter().find(|r| r.path() == path) {
            return Err(SimError::PathTaken {
                client: name,
                kind: other.kind(),
                path: path.to_string(),
            });
        }
        let role = c.roles.len() as u32;
        let mut recipe = Recipe::new(kind, &name, path, options, group);
        self.monitor.set_fencing(path, options.fencing);
        let mut fx = Effects::default();
        recipe.start(&mut fx);
        if let Some(c) = self.clients.get_mut(id) {
            c.roles.push(recipe);
        }
        self.note(LogLine::RecipeStarted {
            client: name,
            kind,
            path: path.to_string(),
        });
        self.recipe_effects(&RoleKey::new(id, role), fx);
        Ok(None)
    }

    /// A role's timer is due: it runs now, or when its paused process resumes.
    pub(super) fn recipe_timer(&mut self, key: &RoleKey) {
        self.recipe_timers.remove(key);
        let state = self
            .clients
            .get(key.client)
            .map(|c| (c.crashed, c.paused_until_ms));
        match state {
            Some((false, None)) => self.recipe_call(key, |r, fx| r.on_timer(fx)),
            // A paused process's timers fire when it resumes.
            Some((false, Some(until))) => {
                let at = self.schedule(until, Event::RecipeTimer(*key));
                self.recipe_timers.insert(*key, at);
            }
            _ => {}
        }
    }

    /// Carries out what a role asked for: requests, a timer, notes for the monitor.
    pub(super) fn recipe_effects(&mut self, key: &RoleKey, fx: Effects) {
        let id = key.client;
        for (purpose, request) in fx.requests {
            if let Some(xid) = self.client_request(id, request) {
                if let Some(c) = self.clients.get_mut(id) {
                    c.recipe_pending.insert(xid, (key.role, purpose));
                }
            }
        }
        if let Some(ms) = fx.timer_ms {
            if let Some(at) = self.recipe_timers.remove(key) {
                self.queue.remove(&at);
            }
            let at = self.schedule(self.now_ms.saturating_add(ms), Event::RecipeTimer(*key));
            self.recipe_timers.insert(*key, at);
        }
        let Some(kind) = self
            .clients
            .get(id)
            .and_then(|c| c.roles.get(key.role as usize))
            .map(Recipe::kind)
        else {
            return;
        };
        let name = self.clients.name(id).to_string();
        for note in fx.notes {
            let at = crate::recipes::monitor::At {
                seed: self.config.seed,
                step: self.steps,
                time_ms: self.now_ms,
            };
            let before = self.monitor.violations.len();
            if let Some(rejected) = self.monitor.observe(kind, &name, &note, &at) {
                self.note(LogLine::Rejected(rejected));
            }
            let new: Vec<Violation> = self.monitor.violations[before..].to_vec();
            for v in new {
                self.note(LogLine::Violation {
                    property: v.property,
                    detail: v.detail.clone(),
                });
                self.recipe_reports.push(RecipeReport::Violation(v));
            }
            if let Note::Status(status) = note {
                // A status repeated unchanged says nothing new.
                if self.recipe_last_status.get(key) == Some(&status) {
                    continue;
                }
                self.recipe_last_status.insert(*key, status.clone());
                self.note(LogLine::Status {
                    client: name.clone(),
                    kind,
                    status: status.clone(),
                });
                self.recipe_reports.push(RecipeReport::Status {
                    client: name.clone(),
                    kind,
                    status,
                });
            }
        }
        self.route_recipe_completions(id);
    }

    /// Hands finished recipe requests (replies, or failures on a lost connection) to the role
    /// that sent each.
    pub(super) fn route_recipe_completions(&mut self, id: ClientId) {
        loop {
            let Some(c) = self.clients.get_mut(id) else {
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
            let pending = c.recipe_pending.remove(&xid);
            let result = c.completed.remove(&xid);
            let (Some((role, purpose)), Some(result)) = (pending, result) else {
                return;
            };
            if role as usize >= c.roles.len() {
                return;
            }
            self.recipe_call(&RoleKey::new(id, role), |r, fx| {
                r.on_reply(purpose, result, fx)
            });
        }
    }

    /// Hands a watcher event to the session's roles: a state change to every role, a watch
    /// event to each role that asked for it (the event is on or under its base path) or, when
    /// none did, to every role, as the Java client's default watcher would take it.
    pub(super) fn recipe_event(&mut self, id: ClientId, e: &ClientEvent) {
        let Some(c) = self.clients.get(id) else {
            return;
        };
        let mut roles: Vec<u32> = (0..c.roles.len() as u32).collect();
        if let ClientEvent::Watch { path, .. } = e {
            let asked: Vec<u32> = roles
                .iter()
                .copied()
                .filter(|i| covers(c.roles[*i as usize].path(), path))
                .collect();
            if !asked.is_empty() {
                roles = asked;
            }
        }
        for role in roles {
            let Some(r) = self
                .clients
                .get(id)
                .and_then(|c| c.roles.get(role as usize))
            else {
                continue;
            };
            if matches!(e, ClientEvent::Watch { .. }) && r.kind() != RecipeKind::QueueConsumer {
                let path = r.path().to_string();
                self.monitor.count_notification(&path);
            }
            self.recipe_call(&RoleKey::new(id, role), |r, fx| r.on_event(e, fx));
        }
    }

    /// Calls every role of the session (a crash, a resume), in the order they started.
    pub(super) fn recipe_call_all(&mut self, id: ClientId, f: impl Fn(&mut Recipe, &mut Effects)) {
        let n = self.clients.get(id).map_or(0, |c| c.roles.len() as u32);
        for role in 0..n {
            self.recipe_call(&RoleKey::new(id, role), &f);
        }
    }

    /// Calls one role, then carries out what it asked for.
    pub(super) fn recipe_call(&mut self, key: &RoleKey, f: impl FnOnce(&mut Recipe, &mut Effects)) {
        let Some(recipe) = self
            .clients
            .get_mut(key.client)
            .and_then(|c| c.roles.get_mut(key.role as usize))
        else {
            return;
        };
        let mut fx = Effects::default();
        f(recipe, &mut fx);
        self.recipe_effects(key, fx);
    }

    /// Takes what recipes reported since the last call.
    pub fn take_recipe_reports(&mut self) -> Vec<RecipeReport> {
        std::mem::take(&mut self.recipe_reports)
    }
}
