//! The simulated ensemble under load: five voters started as the real harness starts them
//! (highest myid first), clients on a seeded shuffle of the servers, and a lock hand-off among
//! N clients, each running the standard lock recipe through the ensemble (writes go through the
//! leader, reads are answered by the client's own server). The driver checks mutual exclusion
//! itself; the ensemble checks its own safety properties after every event.

use zkplay_core::acl::Acl;
use zkplay_core::ensemble::EnsembleConfig;
use zkplay_core::error::ZkError;
use zkplay_core::request::{CreateMode, Op, Request, Response};
use zkplay_core::sim::ensemble::{EnsembleSim, EnsembleSimConfig};
use zkplay_core::sim::{ClientEvent, ConnState};
use zkplay_core::watch::EventType;

use crate::clock::now_ms;

/// Servers in the ensemble, all voters.
pub const VOTERS: u64 = 5;
/// The session timeout every client asks for.
pub const SESSION_TIMEOUT_MS: u32 = 30_000;
/// The longest the ensemble may take to elect a leader and have every server serving.
const START_MS_MAX: u64 = 60_000;
/// How long a holder keeps the lock (simulated).
const HOLD_MS: u64 = 1;
const LOCK_ROOT: &str = "/lock";

/// An ensemble of `VOTERS` voters, every one serving.
pub fn started(seed: u64) -> Option<EnsembleSim> {
    started_observed(seed, true)
}

/// [`started`], with the simulation's own live checks and event log on or off (they watch the
/// replicas; the replicas' heap is measured without them).
pub fn started_observed(seed: u64, observe: bool) -> Option<EnsembleSim> {
    let mut config = EnsembleSimConfig::new(seed, EnsembleConfig::new(VOTERS, 0));
    config.observe = observe;
    let mut sim = EnsembleSim::new(config);
    for id in (1..=sim.config().voters.len() as u64).rev() {
        sim.start_peer(id);
    }
    let serving = |s: &EnsembleSim| s.config().peers().into_iter().all(|id| s.is_serving(id));
    sim.run_while(START_MS_MAX, serving).then_some(sim)
}

/// Steps until client `c` is connected; whether it is.
pub fn connect(sim: &mut EnsembleSim, c: usize) -> bool {
    let deadline = sim.now_ms().saturating_add(START_MS_MAX);
    sim.run_while(deadline, |s| {
        s.clients()[c].client.state == ConnState::Connected
    })
}

/// Sends a request as client `c` and steps until it is answered.
pub fn call(
    sim: &mut EnsembleSim,
    c: usize,
    request: Request,
) -> Option<Result<Response, ZkError>> {
    let xid = sim.client_request(c, request)?;
    let deadline = sim.now_ms().saturating_add(START_MS_MAX);
    sim.run_while(deadline, |s| {
        s.clients()[c].client.completed.contains_key(&xid)
    });
    sim.clients()[c].client.completed.get(&xid).cloned()
}

/// Sends each request as its client, all at once, and steps until every one is answered;
/// the answers in order (`None` for one never answered).
pub fn call_all(
    sim: &mut EnsembleSim,
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
            .all(|&(c, x)| s.clients()[c].client.completed.contains_key(&x))
    });
    sent.into_iter()
        .map(|(c, xid)| xid.and_then(|x| sim.clients()[c].client.completed.get(&x).cloned()))
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
    /// Times a contender took the lock while another held it (must be 0).
    pub overlaps: u64,
    /// Requests that failed (must be 0: nothing breaks in this run).
    pub errors: u64,
    pub sim_ms: u64,
    pub wall_ms: f64,
    /// The ensemble's own safety violations (must be 0).
    pub violations: usize,
}

/// Where a contender is in the recipe.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Stage {
    /// Waiting for its session.
    Connecting,
    /// `create -e -s /lock/lock-`.
    Creating {
        xid: u64,
    },
    /// `getChildren /lock`.
    Listing {
        xid: u64,
    },
    /// `exists` with a watch on the node just below its own.
    Watching {
        xid: u64,
        predecessor: String,
    },
    /// The predecessor exists: waiting for its deletion.
    Waiting {
        predecessor: String,
    },
    /// Holds the lock until then (simulated ms).
    Holding {
        until_ms: u64,
    },
    /// `delete` of its own node.
    Releasing {
        xid: u64,
    },
    Done,
}

struct Contender {
    client: usize,
    stage: Stage,
    /// Its node's name under the lock root.
    node: String,
    /// How many of its client's events were read.
    events_read: usize,
}

/// Every one of `n` clients takes the lock once, holds it `HOLD_MS`, and deletes its node;
/// ends when all are done (or nothing is left to happen).
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
    let setup = sim.open_client("setup", SESSION_TIMEOUT_MS, None);
    let root = connect(&mut sim, setup).then(|| call(&mut sim, setup, create(LOCK_ROOT, false)));
    if !matches!(root, Some(Some(Ok(_)))) {
        run.errors = 1;
        return run;
    }
    let mut contenders: Vec<Contender> = (0..n)
        .map(|i| Contender {
            client: sim.open_client(&format!("c{i}"), SESSION_TIMEOUT_MS, None),
            stage: Stage::Connecting,
            node: String::new(),
            events_read: 0,
        })
        .collect();
    let mut holder: Option<usize> = None;
    let mut done = 0;
    // A bound, not a goal: a hand-off takes a few milliseconds of simulated time.
    let deadline_ms = sim.now_ms().saturating_add(START_MS_MAX + 100 * n as u64);
    while done < n && sim.now_ms() <= deadline_ms {
        let release = contenders
            .iter()
            .filter_map(|k| match k.stage {
                Stage::Holding { until_ms } => Some(until_ms),
                _ => None,
            })
            .min();
        // Every event of the next instant, then every contender reacts to what it got.
        match (sim.next_event_ms(), release) {
            (Some(at), Some(r)) if r <= at => sim.run_until(r),
            (None, Some(r)) => sim.run_until(r),
            (Some(at), _) => {
                while sim.next_event_ms() == Some(at) {
                    sim.step();
                }
            }
            (None, None) => break,
        }
        for (i, k) in contenders.iter_mut().enumerate() {
            if react(&mut sim, i, k, &mut holder, &mut run) {
                done += 1;
            }
        }
    }
    run.events = sim.events();
    run.sim_ms = sim.now_ms();
    run.violations = sim.violations().len();
    run.wall_ms = now_ms() - t0;
    run
}

fn create(path: &str, sequential: bool) -> Request {
    Request::Write(Op::Create {
        path: path.to_string(),
        data: Some(Vec::new()),
        acl: Acl::open_unsafe(),
        mode: if sequential {
            CreateMode::EphemeralSequential
        } else {
            CreateMode::Persistent
        },
        ttl_ms: -1,
    })
}

fn list() -> Request {
    Request::GetChildren {
        path: LOCK_ROOT.to_string(),
        watch: false,
    }
}

/// One contender's step of the recipe after the events of an instant; true when it just
/// finished.
fn react(
    sim: &mut EnsembleSim,
    i: usize,
    k: &mut Contender,
    holder: &mut Option<usize>,
    run: &mut EnsembleLockRun,
) -> bool {
    if k.stage == Stage::Done {
        return false;
    }
    step_recipe(sim, i, k, holder, run);
    k.stage == Stage::Done
}

fn step_recipe(
    sim: &mut EnsembleSim,
    i: usize,
    k: &mut Contender,
    holder: &mut Option<usize>,
    run: &mut EnsembleLockRun,
) {
    let c = k.client;
    let send = |sim: &mut EnsembleSim, r: Request| sim.client_request(c, r).unwrap_or(0);
    let reply = |sim: &EnsembleSim, xid: u64| sim.clients()[c].client.completed.get(&xid).cloned();
    match k.stage.clone() {
        Stage::Connecting => {
            if sim.clients()[c].client.state == ConnState::Connected {
                let xid = send(sim, create(&format!("{LOCK_ROOT}/lock-"), true));
                k.stage = Stage::Creating { xid };
            }
        }
        Stage::Creating { xid } => match reply(sim, xid) {
            Some(Ok(Response::Create { path, .. })) => {
                k.node = path.rsplit('/').next().unwrap_or_default().to_string();
                k.stage = Stage::Listing {
                    xid: send(sim, list()),
                };
            }
            Some(_) => fail(k, run),
            None => {}
        },
        Stage::Listing { xid } => match reply(sim, xid) {
            Some(Ok(Response::GetChildren { children, .. })) => {
                let below = children
                    .iter()
                    .filter(|name| ***name < *k.node)
                    .max()
                    .map(|name| name.to_string());
                match below {
                    None => {
                        if holder.is_some() {
                            run.overlaps += 1;
                        }
                        *holder = Some(i);
                        run.acquisitions += 1;
                        k.stage = Stage::Holding {
                            until_ms: sim.now_ms().saturating_add(HOLD_MS),
                        };
                    }
                    Some(predecessor) => {
                        let path = format!("{LOCK_ROOT}/{predecessor}");
                        let xid = send(sim, Request::Exists { path, watch: true });
                        k.stage = Stage::Watching { xid, predecessor };
                    }
                }
            }
            Some(_) => fail(k, run),
            None => {}
        },
        Stage::Watching { xid, predecessor } => match reply(sim, xid) {
            Some(Ok(_)) => k.stage = Stage::Waiting { predecessor },
            Some(Err(ZkError::NoNode)) => {
                k.stage = Stage::Listing {
                    xid: send(sim, list()),
                }
            }
            Some(Err(_)) => fail(k, run),
            None => {}
        },
        Stage::Holding { until_ms } if sim.now_ms() >= until_ms => {
            if *holder == Some(i) {
                *holder = None;
            }
            let path = format!("{LOCK_ROOT}/{}", k.node);
            let xid = send(sim, Request::Write(Op::Delete { path, version: -1 }));
            k.stage = Stage::Releasing { xid };
        }
        Stage::Releasing { xid } => match reply(sim, xid) {
            Some(Ok(_)) => k.stage = Stage::Done,
            Some(Err(_)) => fail(k, run),
            None => {}
        },
        Stage::Waiting { .. } | Stage::Holding { .. } | Stage::Done => {}
    }
    // Watch events: the predecessor's deletion sends it back to the children list.
    let events = &sim.clients()[c].client.events;
    let fresh = events.len().saturating_sub(k.events_read);
    if fresh == 0 {
        return;
    }
    let mut deleted = false;
    for e in &events[k.events_read..] {
        if let ClientEvent::Watch { kind, path } = e {
            run.notifications += 1;
            if let Stage::Waiting { predecessor } = &k.stage {
                deleted |= *kind == EventType::NodeDeleted
                    && path
                        .strip_prefix(LOCK_ROOT)
                        .and_then(|p| p.strip_prefix('/'))
                        == Some(predecessor);
            }
        }
    }
    k.events_read = events.len();
    if deleted {
        k.stage = Stage::Listing {
            xid: send(sim, list()),
        };
    }
}

/// A request failed: the contender gives up (nothing in this run should fail).
fn fail(k: &mut Contender, run: &mut EnsembleLockRun) {
    run.errors += 1;
    k.stage = Stage::Done;
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
