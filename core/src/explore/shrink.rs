//! Shrinking a failing schedule to the smallest that still fails: the scenario's own seed when
//! it fails too, then fewest faults, fewest lines (a heal or restart dropped when the failure
//! does not need it), earliest faults, shortest pauses, delays and outages, and the shortest
//! horizon. Every candidate is run from its whole script text, so what is kept is exactly what
//! `zkplay run` replays; passes repeat until none changes anything (bounded).

use crate::recipes::monitor::Property;

use super::search::{run_text, Hit, Scenario, Wanted};
use super::space::{Fault, Schedule, Target, GRID_MS};

/// The most rounds of all passes (each round that changes nothing ends the shrinking).
pub const ROUNDS_MAX: u32 = 4;

/// A shrunk schedule, its violation, and the runs the shrinking took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shrunk {
    pub schedule: Schedule,
    pub hit: Hit,
    pub runs: u64,
}

struct Shrinker<'a> {
    scenario: &'a Scenario,
    wanted: Wanted,
    best: Schedule,
    hit: Hit,
    runs: u64,
}

impl Shrinker<'_> {
    /// Keeps `candidate` when it still fails.
    fn try_keep(&mut self, candidate: Schedule) -> bool {
        if candidate == self.best {
            return false;
        }
        self.runs += 1;
        match run_text(&self.scenario.script(&candidate), self.wanted) {
            Some(hit) => {
                self.best = candidate;
                self.hit = hit;
                true
            }
            None => false,
        }
    }

    /// Lowers a value by halving steps toward `floor` while the failure holds: `value` reads and
    /// `set` writes it in a copy of the best schedule.
    fn lower(
        &mut self,
        floor: u64,
        value: impl Fn(&Schedule) -> Option<u64>,
        set: impl Fn(&mut Schedule, u64),
    ) -> bool {
        let mut changed = false;
        let Some(mut v) = value(&self.best) else {
            return false;
        };
        let mut step = v.saturating_sub(floor);
        while step >= GRID_MS {
            let target = (v.saturating_sub(step) / GRID_MS * GRID_MS).max(floor);
            if target < v {
                let mut c = self.best.clone();
                set(&mut c, target);
                if self.try_keep(c) {
                    v = target;
                    step = step.min(v.saturating_sub(floor));
                    changed = true;
                    continue;
                }
            }
            step /= 2;
        }
        changed
    }

    fn round(&mut self) -> bool {
        let mut changed = false;
        // The scenario's own seed reads best (and needs no other seed line).
        if self.best.seed != self.scenario.seed {
            let mut c = self.best.clone();
            c.seed = self.scenario.seed;
            changed |= self.try_keep(c);
        }
        // Fewest faults: drop each, last first.
        let mut i = self.best.faults.len();
        while i > 0 {
            i -= 1;
            let mut c = self.best.clone();
            c.faults.remove(i);
            changed |= self.try_keep(c);
        }
        // Fewest lines: drop heals and restarts the failure does not need.
        for i in 0..self.best.faults.len() {
            let mut c = self.best.clone();
            match &mut c.faults[i].fault {
                Fault::Partition { heal_after_ms, .. } => *heal_after_ms = None,
                Fault::ServerCrash {
                    restart_after_ms, ..
                } => *restart_after_ms = None,
                _ => continue,
            }
            changed |= self.try_keep(c);
        }
        // The first-named client or server that fails as well (scripts read canonically,
        // and an earlier client may break earlier).
        for i in 0..self.best.faults.len() {
            let Some(current) = self.best.faults.get(i).map(|t| t.fault) else {
                continue;
            };
            for candidate in earlier_targets(current) {
                let mut c = self.best.clone();
                c.faults[i].fault = candidate;
                if self.try_keep(c) {
                    changed = true;
                    break;
                }
            }
        }
        // Earliest, and the smallest of each fault's own length.
        for i in 0..self.best.faults.len() {
            changed |= self.lower(
                0,
                |s| s.faults.get(i).map(|t| t.at_ms),
                |s, v| {
                    if let Some(t) = s.faults.get_mut(i) {
                        t.at_ms = v;
                    }
                },
            );
            changed |= self.lower(GRID_MS, |s| length(s, i), |s, v| set_length(s, i, v));
        }
        // The shortest horizon that still reaches the failure.
        changed |= self.lower(0, |s| Some(s.horizon_ms), |s, v| s.horizon_ms = v);
        changed
    }
}

/// The same fault on each client (or server) named before its own, first-named first.
fn earlier_targets(fault: Fault) -> Vec<Fault> {
    let targets = |t: Target| -> Vec<Target> {
        match t {
            Target::Client(c) => (0..c).map(Target::Client).collect(),
            Target::Server(k) => (1..k).map(Target::Server).collect(),
            Target::ServerPeers(k) => (1..k).map(Target::ServerPeers).collect(),
        }
    };
    match fault {
        Fault::Crash { client } => (0..client).map(|c| Fault::Crash { client: c }).collect(),
        Fault::Pause { client, ms } => (0..client)
            .map(|c| Fault::Pause { client: c, ms })
            .collect(),
        Fault::Partition {
            target,
            heal_after_ms,
        } => targets(target)
            .into_iter()
            .map(|t| Fault::Partition {
                target: t,
                heal_after_ms,
            })
            .collect(),
        Fault::Delay { target, ms } => targets(target)
            .into_iter()
            .map(|t| Fault::Delay { target: t, ms })
            .collect(),
        Fault::ServerCrash {
            server,
            restart_after_ms,
        } => (1..server)
            .map(|k| Fault::ServerCrash {
                server: k,
                restart_after_ms,
            })
            .collect(),
    }
}

/// Fault `i`'s own length (a pause's, a delay's, an outage's), if it has one.
fn length(s: &Schedule, i: usize) -> Option<u64> {
    match s.faults.get(i)?.fault {
        Fault::Pause { ms, .. } | Fault::Delay { ms, .. } => Some(ms),
        Fault::Partition { heal_after_ms, .. } => heal_after_ms,
        Fault::ServerCrash {
            restart_after_ms, ..
        } => restart_after_ms,
        Fault::Crash { .. } => None,
    }
}

fn set_length(s: &mut Schedule, i: usize, v: u64) {
    let Some(t) = s.faults.get_mut(i) else {
        return;
    };
    match &mut t.fault {
        Fault::Pause { ms, .. } | Fault::Delay { ms, .. } => *ms = v,
        Fault::Partition { heal_after_ms, .. } => *heal_after_ms = Some(v),
        Fault::ServerCrash {
            restart_after_ms, ..
        } => *restart_after_ms = Some(v),
        Fault::Crash { .. } => {}
    }
}

/// Shrinks a failing schedule, keeping the failure's property.
pub fn shrink(scenario: &Scenario, schedule: Schedule, hit: Hit) -> Shrunk {
    let property: Property = hit.property;
    let mut s = Shrinker {
        scenario,
        wanted: Wanted::One(property),
        best: schedule,
        hit,
        runs: 0,
    };
    for _ in 0..ROUNDS_MAX {
        if !s.round() {
            break;
        }
    }
    Shrunk {
        schedule: s.best,
        hit: s.hit,
        runs: s.runs,
    }
}
