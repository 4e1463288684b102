//! Live safety checks over recipe notes, and the measurements the UI charts.

use std::collections::{BTreeMap, BTreeSet};

use crate::recipes::{Note, RecipeKind};

/// A broken safety property, with where it broke.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Violation {
    pub property: String,
    pub detail: String,
    pub seed: u64,
    pub step: u64,
    pub time_ms: u64,
}

/// What the monitor watches, per base path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Monitor {
    /// Who currently believes it holds each role (leaders and lock holders), and whether as a
    /// shared (read) holder.
    holders: BTreeMap<String, BTreeMap<String, bool>>,
    /// The highest fencing token each protected resource has accepted, and from whom.
    resource_token: BTreeMap<String, (i64, String)>,
    /// Resources whose protected service checks fencing tokens.
    fenced: BTreeSet<String>,
    consumed: BTreeSet<String>,
    joined: BTreeMap<String, u32>,
    names: BTreeSet<String>,
    completed: BTreeSet<String>,
    /// The newest configuration version each worker has read, per config path.
    pub config_seen: BTreeMap<String, BTreeMap<String, i32>>,
    /// Watch notifications delivered to contenders since the last hand-off, per path.
    notifications_since: BTreeMap<String, u64>,
    /// Notifications per hand-off, per path (the herd effect).
    pub handoffs: BTreeMap<String, Vec<u64>>,
    pub acquisitions: BTreeMap<String, u64>,
    /// When each (resource, client) began competing.
    started_ms: BTreeMap<(String, String), u64>,
    /// Milliseconds from starting to compete to acquiring, per resource, in order.
    pub acquire_ms: BTreeMap<String, Vec<u64>>,
    pub violations: Vec<Violation>,
}

/// Where and when a note was made.
pub struct At {
    pub seed: u64,
    pub step: u64,
    pub time_ms: u64,
}

impl Monitor {
    pub fn set_fencing(&mut self, resource: &str, on: bool) {
        if on {
            self.fenced.insert(resource.to_string());
        } else {
            self.fenced.remove(resource);
        }
    }

    /// Counts a watch notification delivered to a contender on `resource`.
    pub fn count_notification(&mut self, resource: &str) {
        *self
            .notifications_since
            .entry(resource.to_string())
            .or_default() += 1;
    }

    fn violate(&mut self, at: &At, property: &str, detail: String) {
        self.violations.push(Violation {
            property: property.to_string(),
            detail,
            seed: at.seed,
            step: at.step,
            time_ms: at.time_ms,
        });
    }

    /// Applies a note from `client` running `kind`; returns a resource-side message, if any.
    pub fn observe(
        &mut self,
        kind: RecipeKind,
        client: &str,
        note: &Note,
        at: &At,
    ) -> Option<String> {
        match note {
            Note::Acquired {
                resource, shared, ..
            } => {
                let n = self.acquisitions.entry(resource.clone()).or_default();
                if *n > 0 {
                    let since = self.notifications_since.remove(resource).unwrap_or(0);
                    self.handoffs
                        .entry(resource.clone())
                        .or_default()
                        .push(since);
                } else {
                    self.notifications_since.remove(resource);
                }
                *n += 1;
                if let Some(t) = self
                    .started_ms
                    .remove(&(resource.clone(), client.to_string()))
                {
                    self.acquire_ms
                        .entry(resource.clone())
                        .or_default()
                        .push(at.time_ms.saturating_sub(t));
                }
                let holders = self.holders.entry(resource.clone()).or_default();
                holders.insert(client.to_string(), *shared);
                let who: Vec<String> = holders.keys().cloned().collect();
                let writers = holders.values().filter(|s| !**s).count();
                let readers = holders.len() - writers;
                match kind {
                    RecipeKind::RwRead | RecipeKind::RwWrite
                        if writers > 0 && holders.len() > 1 =>
                    {
                        let what = if readers > 0 {
                            "no writer alongside a reader"
                        } else {
                            "at most one writer"
                        };
                        self.violate(
                            at,
                            what,
                            format!("{resource}: {} hold it together", who.join(", ")),
                        );
                    }
                    RecipeKind::Election | RecipeKind::ElectionNaive | RecipeKind::MwMaster
                        if holders.len() > 1 =>
                    {
                        self.violate(
                            at,
                            "at most one master",
                            format!("{resource}: {} all believe they lead", who.join(", ")),
                        );
                    }
                    _ => {}
                }
                None
            }
            Note::Released { resource } => {
                if let Some(h) = self.holders.get_mut(resource) {
                    h.remove(client);
                }
                None
            }
            Note::UseResource { resource, token } => {
                let fenced = self.fenced.contains(resource);
                match self.resource_token.get(resource).cloned() {
                    Some((best, owner)) if *token < best => {
                        if fenced {
                            return Some(format!(
                                "{resource}: rejected {client}'s write with stale token {token:#x} (saw {best:#x})"
                            ));
                        }
                        self.violate(
                            at,
                            "at most one lock holder",
                            format!("{resource}: {client} wrote with token {token:#x} after {owner} wrote with {best:#x}"),
                        );
                    }
                    _ => {
                        self.resource_token
                            .insert(resource.clone(), (*token, client.to_string()));
                    }
                }
                None
            }
            Note::Consumed { item } => {
                if !self.consumed.insert(item.clone()) {
                    self.violate(
                        at,
                        "every queue item consumed at most once",
                        format!("{item} consumed again by {client}"),
                    );
                }
                None
            }
            Note::Joined { resource } => {
                *self.joined.entry(resource.clone()).or_default() += 1;
                None
            }
            Note::Entered { resource, size } => {
                let joined = self.joined.get(resource).copied().unwrap_or(0);
                if joined < *size {
                    self.violate(
                        at,
                        "no one enters a double barrier early",
                        format!("{client} entered {resource} with {joined} of {size} joined"),
                    );
                }
                None
            }
            Note::ConfigSeen { resource, version } => {
                self.config_seen
                    .entry(resource.clone())
                    .or_default()
                    .insert(client.to_string(), *version);
                None
            }
            Note::NameTaken { name } => {
                if !self.names.insert(name.clone()) {
                    self.violate(at, "names are unique", format!("{name} handed out twice"));
                }
                None
            }
            Note::Completed { task } => {
                if !self.completed.insert(task.clone()) {
                    self.violate(
                        at,
                        "every task completed once",
                        format!("{task} completed again by {client}"),
                    );
                }
                None
            }
            Note::Started { resource } => {
                self.started_ms
                    .insert((resource.clone(), client.to_string()), at.time_ms);
                None
            }
            Note::Status(_) => None,
        }
    }
}
