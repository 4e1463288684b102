//! Simulation scale: a full lock hand-off among N clients and an election among N candidates
//! whose leader is killed again and again, through the whole simulated stack (clients,
//! network, server, recipes, monitor).

use zkplay_core::recipes::{RecipeKind, RecipeOptions};
use zkplay_core::sim::{Input, Sim, SimConfig};

use crate::clock::now_ms;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ScaleRun {
    pub n: usize,
    /// Simulation events handled (message deliveries, timers, ticks).
    pub steps: u64,
    pub messages: u64,
    /// Watch notifications delivered to the contenders.
    pub notifications: u64,
    /// Times the role changed hands.
    pub acquisitions: u64,
    pub sim_ms: u64,
    pub wall_ms: f64,
    pub violations: usize,
}

fn world(n: usize, seed: u64, kind: RecipeKind, path: &str, options: RecipeOptions) -> Sim {
    let mut sim = Sim::new(SimConfig {
        seed,
        ..SimConfig::default()
    });
    for i in 0..n {
        let name = format!("c{i}");
        let _ = sim.apply(Input::Open {
            name: name.clone(),
            timeout_ms: 30_000,
        });
        let _ = sim.apply(Input::StartRecipe {
            name,
            kind,
            path: path.to_string(),
            options: options.clone(),
            group: n as u32,
        });
    }
    sim
}

fn all_finished(sim: &Sim) -> bool {
    sim.clients().all(|c| c.roles.iter().all(|r| r.finished()))
}

fn acquisitions(sim: &Sim, path: &str) -> u64 {
    sim.monitor.acquisitions.get(path).copied().unwrap_or(0)
}

fn finish(sim: &Sim, n: usize, path: &str, t0: f64) -> ScaleRun {
    ScaleRun {
        n,
        steps: sim.steps(),
        messages: sim.messages_sent,
        notifications: sim.monitor.handoffs.get(path).map_or(0, |v| v.iter().sum()),
        acquisitions: acquisitions(sim, path),
        sim_ms: sim.now_ms(),
        wall_ms: now_ms() - t0,
        violations: sim.monitor.violations.len(),
    }
}

/// Every client takes the lock once, holds it 1 ms, and lets go; ends when all are done.
pub fn lock_handoff(n: usize, seed: u64) -> ScaleRun {
    let path = "/locks/bench";
    let t0 = now_ms();
    let mut sim = world(
        n,
        seed,
        RecipeKind::Lock,
        path,
        RecipeOptions {
            hold_ms: 1,
            rounds: 1,
            ..RecipeOptions::default()
        },
    );
    // Checking for the end costs O(N), so look once per N steps.
    'run: loop {
        for _ in 0..n.max(100) {
            if !sim.step() {
                break 'run;
            }
        }
        if all_finished(&sim) {
            break;
        }
    }
    finish(&sim, n, path, t0)
}

/// N candidates elect a leader; the leader's process is killed (its session then expires) and
/// the next takes over, `kills` times.
pub fn election(n: usize, kills: u32, seed: u64) -> ScaleRun {
    let path = "/election/bench";
    let t0 = now_ms();
    let mut sim = world(
        n,
        seed,
        RecipeKind::Election,
        path,
        RecipeOptions {
            hold_ms: 0,
            ..RecipeOptions::default()
        },
    );
    for kill in 0..=kills {
        // Run until the next leader is in office.
        while acquisitions(&sim, path) <= u64::from(kill) {
            if !sim.step() {
                return finish(&sim, n, path, t0);
            }
        }
        if kill == kills {
            break;
        }
        let leader = sim
            .clients()
            .find(|c| !c.crashed && c.roles.iter().any(|r| !r.waiting() && !r.finished()))
            .map(|c| c.name.clone());
        if let Some(name) = leader {
            let _ = sim.apply(Input::Crash { name });
        }
    }
    finish(&sim, n, path, t0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_hand_off_gives_everyone_a_turn_with_one_notification_each() {
        let r = lock_handoff(50, 1);
        assert_eq!(r.acquisitions, 50);
        assert_eq!(r.violations, 0);
        // Each waiter is woken by its predecessor only: no herd.
        assert!(r.notifications <= 50, "{r:?}");
    }

    #[test]
    fn an_election_survives_its_leaders_being_killed() {
        let r = election(30, 3, 1);
        assert_eq!(r.acquisitions, 4);
        assert_eq!(r.violations, 0);
    }
}
