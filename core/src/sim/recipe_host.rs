//! The recipes as the simulation hosts them: starting roles on a client's session (several
//! may run on one, as one Curator client runs several recipes), carrying out the effects each
//! returns (requests, a timer, notes), handing it its replies, watch events and timers, and
//! feeding its notes to the `Monitor` (safety checks, statuses for the cards).

use crate::recipes::monitor::At;
use crate::recipes::{
    Effects, Monitor, Note, Recipe, RecipeKind, RecipeOptions, Status, Violation,
};
use crate::request::Request;
use crate::sim::client::{Client, ClientEvent};
use crate::sim::clients::ClientId;
use crate::sim::log::LogLine;
use crate::sim::{Sim, SimError};
use crate::sorted::SortedMap as BTreeMap;

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
    pub(crate) fn new(client: ClientId, role: u32) -> RoleKey {
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

/// What recipes need of the world that hosts them (the standalone simulation or an ensemble):
/// its clients, a way to send, a timer per role, the monitor and the log. The hosting itself
/// (below) is written once, for both.
pub(crate) trait RecipeWorld {
    fn role_client(&self, id: ClientId) -> Option<&Client>;
    fn role_client_mut(&mut self, id: ClientId) -> Option<&mut Client>;
    /// Sends (or queues) a request as the client; its xid.
    fn role_request(&mut self, id: ClientId, request: Request) -> Option<u64>;
    /// Wakes the role at `at_ms`, replacing the timer it had.
    fn set_role_timer(&mut self, key: RoleKey, at_ms: u64);
    /// A role's timer came due while its process is paused until `until_ms`: it runs when the
    /// process resumes, in turn with what reached the process meanwhile (in the order they
    /// came).
    fn defer_role_timer(&mut self, key: RoleKey, until_ms: u64);
    fn monitor_mut(&mut self) -> &mut Monitor;
    /// Keeps a report for the transcript and the page.
    fn report(&mut self, report: RecipeReport);
    /// The status last reported of each role (a status repeated unchanged says nothing new).
    fn last_status(&mut self) -> &mut BTreeMap<RoleKey, Status>;
    fn recipe_note(&mut self, line: LogLine);
    fn at(&self) -> At;
}

/// What a paused client's process finds when it resumes on an ensemble, in the order it came:
/// a packet its socket kept, or one of its roles' timers that came due.
#[derive(Clone, Debug)]
pub(crate) enum Buffered {
    Packet(crate::ensemble::PeerId, crate::sim::links::ClientPacket),
    Timer(RoleKey),
}

/// A client starts a recipe role on `path`. A session may run several roles (an election and
/// a lock, say), each on its own path; a second role on a path the session already uses is
/// refused, as the monitor could not tell the two apart.
pub(crate) fn start_recipe(
    w: &mut dyn RecipeWorld,
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
    let Some(c) = w.role_client(id) else {
        return Err(SimError::NotRunning {
            client: String::new(),
        });
    };
    let name = c.name.clone();
    if !c.is_active() {
        return Err(SimError::NotRunning { client: name });
    }
    if let Some(other) = c.roles.iter().find(|r| r.path() == path) {
        return Err(SimError::PathTaken {
            client: name,
            kind: other.kind(),
            path: path.to_string(),
        });
    }
    let role = c.roles.len() as u32;
    let mut recipe = Recipe::new(kind, &name, path, options, group);
    w.monitor_mut().set_fencing(path, options.fencing);
    let mut fx = Effects::default();
    recipe.start(&mut fx);
    if let Some(c) = w.role_client_mut(id) {
        c.roles.push(recipe);
    }
    w.recipe_note(LogLine::RecipeStarted {
        client: name,
        kind,
        path: path.to_string(),
    });
    recipe_effects(w, &RoleKey::new(id, role), fx);
    Ok(None)
}

/// A role's timer is due (the world forgot it already): it runs now, or when its paused
/// process resumes.
pub(crate) fn recipe_timer(w: &mut dyn RecipeWorld, key: &RoleKey) {
    let state = w
        .role_client(key.client)
        .map(|c| (c.crashed, c.paused_until_ms));
    match state {
        Some((false, None)) => recipe_call(w, key, |r, fx| r.on_timer(fx)),
        // A paused process's timers fire when it resumes.
        Some((false, Some(until))) => w.defer_role_timer(*key, until),
        _ => {}
    }
}

/// Carries out what a role asked for: requests, a timer, notes for the monitor.
pub(crate) fn recipe_effects(w: &mut dyn RecipeWorld, key: &RoleKey, fx: Effects) {
    let id = key.client;
    for (purpose, request) in fx.requests {
        if let Some(xid) = w.role_request(id, request) {
            if let Some(c) = w.role_client_mut(id) {
                c.recipe_pending.insert(xid, (key.role, purpose));
            }
        }
    }
    if let Some(ms) = fx.timer_ms {
        let at = w.at().time_ms.saturating_add(ms);
        w.set_role_timer(*key, at);
    }
    let Some((kind, name)) = w.role_client(id).and_then(|c| {
        c.roles
            .get(key.role as usize)
            .map(|r| (r.kind(), c.name.clone()))
    }) else {
        return;
    };
    for note in fx.notes {
        let at = w.at();
        let monitor = w.monitor_mut();
        let before = monitor.violations.len();
        let rejected = monitor.observe(kind, &name, &note, &at);
        let new: Vec<Violation> = monitor.violations[before..].to_vec();
        if let Some(rejected) = rejected {
            w.recipe_note(LogLine::Rejected(rejected));
        }
        for v in new {
            w.recipe_note(LogLine::Violation {
                property: v.property,
                detail: v.detail.clone(),
            });
            w.report(RecipeReport::Violation(v));
        }
        if let Note::Status(status) = note {
            // A status repeated unchanged says nothing new.
            if w.last_status().get(key) == Some(&status) {
                continue;
            }
            w.last_status().insert(*key, status.clone());
            w.recipe_note(LogLine::Status {
                client: name.clone(),
                kind,
                status: status.clone(),
            });
            w.report(RecipeReport::Status {
                client: name.clone(),
                kind,
                status,
            });
        }
    }
    route_recipe_completions(w, id);
}

/// Hands finished recipe requests (replies, or failures on a lost connection) to the role
/// that sent each.
pub(crate) fn route_recipe_completions(w: &mut dyn RecipeWorld, id: ClientId) {
    loop {
        let Some(c) = w.role_client_mut(id) else {
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
        recipe_call(w, &RoleKey::new(id, role), |r, fx| {
            r.on_reply(purpose, result, fx)
        });
    }
}

/// Hands a watcher event to the session's roles: a state change to every role, a watch event
/// to each role that asked for it (the event is on or under its base path) or, when none did,
/// to every role, as the Java client's default watcher would take it.
pub(crate) fn recipe_event(w: &mut dyn RecipeWorld, id: ClientId, e: &ClientEvent) {
    let Some(c) = w.role_client(id) else {
        return;
    };
    if c.roles.is_empty() {
        return;
    }
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
        let Some(r) = w.role_client(id).and_then(|c| c.roles.get(role as usize)) else {
            continue;
        };
        if matches!(e, ClientEvent::Watch { .. }) && r.kind() != RecipeKind::QueueConsumer {
            let path = r.path().to_string();
            w.monitor_mut().count_notification(&path);
        }
        recipe_call(w, &RoleKey::new(id, role), |r, fx| r.on_event(e, fx));
    }
}

/// Calls every role of the session (a crash, a resume), in the order they started.
pub(crate) fn recipe_call_all(
    w: &mut dyn RecipeWorld,
    id: ClientId,
    f: impl Fn(&mut Recipe, &mut Effects),
) {
    let n = w.role_client(id).map_or(0, |c| c.roles.len() as u32);
    for role in 0..n {
        recipe_call(w, &RoleKey::new(id, role), &f);
    }
}

/// Calls one role, then carries out what it asked for.
pub(crate) fn recipe_call(
    w: &mut dyn RecipeWorld,
    key: &RoleKey,
    f: impl FnOnce(&mut Recipe, &mut Effects),
) {
    let Some(recipe) = w
        .role_client_mut(key.client)
        .and_then(|c| c.roles.get_mut(key.role as usize))
    else {
        return;
    };
    let mut fx = Effects::default();
    f(recipe, &mut fx);
    recipe_effects(w, key, fx);
}

impl RecipeWorld for Sim {
    fn role_client(&self, id: ClientId) -> Option<&Client> {
        self.clients.get(id)
    }
    fn role_client_mut(&mut self, id: ClientId) -> Option<&mut Client> {
        self.client_at_mut(id.0 as usize)
    }
    fn role_request(&mut self, id: ClientId, request: Request) -> Option<u64> {
        crate::sim::client_host::request(self, id, request)
    }
    fn set_role_timer(&mut self, key: RoleKey, at_ms: u64) {
        self.schedule.set_role(key, at_ms);
    }
    fn defer_role_timer(&mut self, key: RoleKey, until_ms: u64) {
        match &mut self.servers {
            // The world's queue orders it with the messages put off to the same instant.
            crate::sim::Servers::Standalone(_) => self.schedule.set_role(key, until_ms),
            // The paused socket's inbox keeps it in turn with the packets that came.
            crate::sim::Servers::Ensemble(e) => {
                let c = key.client.0 as usize;
                e.paused_inbox
                    .entry(c)
                    .or_default()
                    .push(Buffered::Timer(key));
            }
        }
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
            seed: self.config.seed,
            step: self.steps,
            time_ms: self.now_ms,
        }
    }
}

impl Sim {
    /// A role's timer is due.
    pub(super) fn recipe_timer(&mut self, key: &RoleKey) {
        recipe_timer(self, key);
    }

    /// Takes what recipes reported since the last call.
    pub fn take_recipe_reports(&mut self) -> Vec<RecipeReport> {
        std::mem::take(&mut self.recipe_reports)
    }
}
