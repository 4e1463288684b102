//! Heap bytes per znode: how much the live heap grows while the workload's tree is built on a
//! fresh server (its requests built and freed inside the window), divided by the znodes built.
//! And the same tree built through a simulated ensemble of five (every write through the
//! leader, applied on every replica), against one standalone server: what five replicas cost.

use zkplay_core::sim::Sim;
use zkplay_core::stat::SessionId;

use crate::alloc::heap_growth;
use crate::engine::{prepared, server_with_sessions};
use crate::ensemble::{call_all, connect, started_observed, SESSION_TIMEOUT_MS};
use crate::workload::{What, Workload};

pub fn bytes_per_znode(w: &Workload) -> f64 {
    standalone_bytes(w) as f64 / w.build.len().max(1) as f64
}

/// How much the heap grows while the workload's tree is built on one standalone server.
fn standalone_bytes(w: &Workload) -> isize {
    let (mut server, sessions) = server_with_sessions(w);
    let ((), bytes) = heap_growth(|| {
        let [build, ops] = prepared(w, &sessions);
        drop(ops);
        for (s, r) in build {
            let _ = server.handle(s, &r);
            server.take_notifications();
        }
    });
    drop(server);
    bytes
}

/// The tree built through an ensemble of five against one standalone server.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Replicas {
    /// Heap growth while the tree is built through the ensemble (five trees, the shared log).
    pub ensemble_bytes: isize,
    pub standalone_bytes: isize,
    /// Writes that failed through the ensemble (must be 0, as on the standalone server).
    pub errors: usize,
    /// Znodes on each replica at the end (every one must hold the whole tree).
    pub znodes_min: usize,
    pub znodes_max: usize,
}

/// At most this many writes are in flight through the ensemble at once (the leader's queues
/// are bounded).
const WINDOW: usize = 500;

/// Builds the workload's tree through an ensemble of five, its sessions opened first (outside
/// the measured window, as for the standalone server): the directories, then the leaves under
/// them, at most `WINDOW` writes in flight.
pub fn replicas(w: &Workload) -> Replicas {
    let mut r = Replicas {
        standalone_bytes: standalone_bytes(w),
        ..Replicas::default()
    };
    let Some(mut sim) = started_observed(1, false) else {
        r.errors = w.build.len();
        return r;
    };
    let clients: Vec<usize> = (0..w.shape.sessions)
        .map(|i| sim.open_client_on(&format!("s{i}"), SESSION_TIMEOUT_MS, None))
        .collect();
    if !clients.iter().all(|&c| connect(&mut sim, c)) {
        r.errors = w.build.len();
        return r;
    }
    let sessions: Vec<SessionId> = clients
        .iter()
        .map(|&c| sim.all_clients()[c].session.unwrap_or(SessionId(0)))
        .collect();
    let (errors, bytes) = heap_growth(|| build_through(&mut sim, w, &clients, &sessions));
    r.errors = errors;
    r.ensemble_bytes = bytes;
    let sizes = sim.peers().iter().map(|p| p.server().tree().len());
    r.znodes_min = sizes.clone().min().unwrap_or(0);
    r.znodes_max = sizes.max().unwrap_or(0);
    r
}

/// Sends the build's writes, each as its session's client; returns how many failed.
fn build_through(sim: &mut Sim, w: &Workload, clients: &[usize], sessions: &[SessionId]) -> usize {
    let [build, ops] = prepared(w, sessions);
    drop(ops);
    // The directories (two levels) come first, each after its parent (one client, in order);
    // a leaf only needs its directory, so the leaves go in windows.
    let dirs = w
        .build
        .iter()
        .take_while(
            |o| matches!(&o.what, What::Create { path, .. } if path.matches('/').count() <= 2),
        )
        .count();
    let to_client = |s: SessionId| {
        sessions
            .iter()
            .position(|x| *x == s)
            .map_or(0, |i| clients[i])
    };
    let mut errors = 0;
    let mut requests = build.into_iter().map(|(s, r)| (to_client(s), r));
    let mut first = true;
    loop {
        let take = if first { dirs.max(1) } else { WINDOW };
        first = false;
        let batch: Vec<_> = requests.by_ref().take(take).collect();
        if batch.is_empty() {
            break;
        }
        errors += call_all(sim, batch)
            .iter()
            .filter(|r| !matches!(r, Some(Ok(_))))
            .count();
    }
    // The replies and events were read: the clients keep nothing of them.
    for &c in clients {
        let name = sim.all_clients()[c].name.clone();
        if let Some(client) = sim.client_mut(&name) {
            client.completed = Default::default();
            client.events = Vec::new();
        }
    }
    errors
}
