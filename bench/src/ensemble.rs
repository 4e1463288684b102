//! The simulated ensemble under load: five voters started as the real harness starts them
//! (highest myid first), clients on a seeded shuffle of the servers, and a lock hand-off among
//! N clients, each running the lock recipe through the ensemble (writes go through the leader,
//! reads are answered by the client's own server). The recipes' monitor checks mutual
//! exclusion; the ensemble checks its own safety properties after every event.

use zkplay_core::ensemble::EnsembleConfig;
use zkplay_core::error::ZkError;
use zkplay_core::recipes::{RecipeKind, RecipeOptions};
use zkplay_core::request::{Request, Response};
use zkplay_core::sim::ensemble::EnsembleSimConfig;
use zkplay_core::sim::ConnState;
use zkplay_core::sim::Sim;

use crate::clock::now_ms;

/// Servers in the ensemble, all voters.
pub const VOTERS: u64 = 5;
/// The session timeout every client asks for.
pub const SESSION_TIMEOUT_MS: u32 = 30_000;
/// The longest the ensemble may take to elect a leader and have every server serving.
const START_MS_MAX: u64 = 60_000;
/// How long a holder keeps the lock (simulated).
const HOLD_MS: u64 = 1;
const LOCK_ROOT: &str = "/locks/bench";

/// An ensemble of `VOTERS` voters, every one serving.
pub fn started(seed: u64) -> Option<Sim> {
    started_observed(seed, true)
}

/// [`started`], with the simulation's own live checks and event log on or off (they watch the
/// replicas; the replicas' heap is measured without them).
pub fn started_observed(seed: u64, observe: bool) -> Option<Sim> {
    let mut config = EnsembleSimConfig::new(seed, EnsembleConfig::new(VOTERS, 0));
    config.observe = observe;
    let mut sim = Sim::ensemble(config);
    for id in (1..=sim.voter_count() as u64).rev() {
        sim.start_peer(id);
    }
    let serving = |s: &Sim| s.server_ids().into_iter().all(|id| s.is_serving(id));
    sim.run_while(START_MS_MAX, serving).then_some(sim)
}

/// Steps until client `c` is connected; whether it is.
pub fn connect(sim: &mut Sim, c: usize) -> bool {
    let deadline = sim.now_ms().saturating_add(START_MS_MAX);
    sim.run_while(deadline, |s| {
        s.all_clients()[c].state == ConnState::Connected
    })
}

/// Sends a request as client `c` and steps until it is answered.
pub fn call(sim: &mut Sim, c: usize, request: Request) -> Option<Result<Response, ZkError>> {
    let xid = sim.client_request(c, request)?;
    let deadline = sim.now_ms().saturating_add(START_MS_MAX);
    sim.run_while(deadline, |s| {
        s.all_clients()[c].completed.contains_key(&xid)
    });
    sim.all_clients()[c].completed.get(&xid).cloned()
}

/// Sends each request as its client, all at once, and steps until every one is answered;
/// the answers in order (`None` for one never answered).
pub fn call_all(
    sim: &mut Sim,
    requests: Vec<(usize, Request)>,
) -> Vec<Option<Result<Response, ZkError>>> {
    let sent: Vec<(usize, Option<u64>)> = requests
        .into_iter()
        .map(|(c, r)| (c, sim.client_request(c, r)))
        .collect();
    let deadline = sim.now_ms().saturating_add(START_MS_MAX);
    // Answers come in order per client: waiting for each client's last is waiting for all.
    let mut last: Vec<(usize, u64)> = Vec::new();
    for &(c, xid) in &sent {
        match (last.iter_mut().find(|(k, _)| *k == c), xid) {
            (Some(entry), Some(x)) => entry.1 = entry.1.max(x),
            (None, Some(x)) => last.push((c, x)),
            _ => {}
        }
    }
    sim.run_while(deadline, |s| {
        last.iter()
            .all(|&(c, x)| s.all_clients()[c].completed.contains_key(&x))
    });
    sent.into_iter()
        .map(|(c, xid)| xid.and_then(|x| sim.all_clients()[c].completed.get(&x).cloned()))
        .collect()
}

/// A lock hand-off run on the ensemble.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EnsembleLockRun {
    pub n: usize,
    /// Simulation events handled (deliveries between servers and clients, timers).
    pub events: u64,
    /// Watch notifications the contenders received.
    pub notifications: u64,
    /// Times a contender took the lock.
    pub acquisitions: u64,
    /// The recipes' safety violations: a contender took the lock while another held it
    /// (must be 0).
    pub overlaps: u64,
    /// Contenders that could not start (must be 0).
    pub errors: u64,
    pub sim_ms: u64,
    pub wall_ms: f64,
    /// The ensemble's own safety violations (must be 0).
    pub violations: usize,
}

/// Every one of `n` clients runs the lock recipe (the same `recipes::Lock` as on the
/// standalone server, hosted by the ensemble): it takes the lock once, holds it 1 ms and lets
/// go; ends when all are done (or nothing is left to happen).
pub fn lock_handoff(n: usize, seed: u64) -> EnsembleLockRun {
    let t0 = now_ms();
    let mut run = EnsembleLockRun {
        n,
        ..EnsembleLockRun::default()
    };
    let Some(mut sim) = started(seed) else {
        run.errors = 1;
        return run;
    };
    let options = RecipeOptions {
        hold_ms: HOLD_MS,
        rounds: 1,
        ..RecipeOptions::default()
    };
    for i in 0..n {
        let c = sim.open_client_on(&format!("c{i}"), SESSION_TIMEOUT_MS, None);
        if sim
            .start_recipe(c, RecipeKind::Lock, LOCK_ROOT, &options, n as u32)
            .is_err()
        {
            run.errors += 1;
        }
    }
    // Checking for the end costs O(N), so look once per N events (as the standalone run does).
    'run: loop {
        for _ in 0..n.max(100) {
            if !sim.step() {
                break 'run;
            }
        }
        let finished = sim
            .all_clients()
            .iter()
            .all(|ec| ec.roles.iter().all(|r| r.finished()));
        if finished {
            break;
        }
    }
    let monitor = &sim.monitor;
    run.events = sim.steps();
    run.notifications = monitor
        .handoffs
        .get(LOCK_ROOT)
        .map_or(0, |v| v.iter().sum());
    run.acquisitions = monitor.acquisitions.get(LOCK_ROOT).copied().unwrap_or(0);
    run.overlaps = monitor.violations.len() as u64;
    run.sim_ms = sim.now_ms();
    run.violations = sim.properties().violations().len();
    run.wall_ms = now_ms() - t0;
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contender_holds_the_lock_once_and_alone() {
        let r = lock_handoff(30, 1);
        assert_eq!(r.acquisitions, 30, "{r:?}");
        assert_eq!((r.overlaps, r.errors, r.violations), (0, 0, 0), "{r:?}");
        // Each waiter is woken by its predecessor only: no herd.
        assert!(r.notifications <= 30, "{r:?}");
    }
}
