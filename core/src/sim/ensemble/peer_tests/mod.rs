//! Tests of the ensemble's peers (`crate::ensemble`), driven by the simulation with no client:
//! elections, Zab's phases and broadcast, faults, what replicas apply, and the safety properties
//! over many seeds (the simulation's checks run after every event). Writes go to a peer
//! directly (`Sim::submit`). Every failing assertion names its seed.

mod election;
mod property;
mod replicas;
mod robustness;
mod zab;

use crate::acl::Acl;
use crate::ensemble::{ClientWrite, EnsembleConfig, Message, Packet, PeerId, ServerState};
use crate::request::{CreateMode, Op, Request};
use crate::sim::ensemble::{EnsembleLine, EnsembleSimConfig, Sim, LOG_MAX};
use crate::stat::SessionId;

/// The session every test writes with.
const SESSION: SessionId = SessionId(0x100_0000_0000_0001);

/// An ensemble of `voters` voters and `observers` observers, all down, 1 ms per message.
fn ensemble(voters: u64, observers: u64, seed: u64) -> Sim {
    ensemble_with_latency(voters, observers, seed, 1)
}

fn ensemble_with_latency(voters: u64, observers: u64, seed: u64, latency_ms: u64) -> Sim {
    let mut config = EnsembleSimConfig::new(seed, EnsembleConfig::new(voters, observers));
    config.peer_latency_ms = latency_ms;
    Sim::ensemble(config)
}

/// Starts every peer, in myid order.
fn start_all(sim: &mut Sim) {
    for id in sim.server_ids() {
        sim.start_peer(id);
    }
}

fn states(sim: &Sim) -> Vec<(PeerId, ServerState)> {
    sim.peers().iter().map(|p| (p.id(), p.state())).collect()
}

fn create(path: &str, data: &str) -> ClientWrite {
    ClientWrite::Request {
        session: SESSION,
        request: Request::Write(Op::Create {
            path: path.to_string(),
            data: Some(data.as_bytes().to_vec()),
            acl: Acl::open_unsafe(),
            mode: CreateMode::Persistent,
            ttl_ms: -1,
        }),
    }
}

fn open_session() -> ClientWrite {
    ClientWrite::CreateSession {
        session: SESSION,
        timeout_ms: 30_000,
    }
}

/// Starts every peer and runs ten seconds: a leader serves by then.
fn elected(voters: u64, observers: u64, seed: u64) -> Sim {
    let mut sim = ensemble(voters, observers, seed);
    start_all(&mut sim);
    sim.run_for(10_000);
    assert!(
        sim.leader().is_some(),
        "seed {seed}: no leader: {:?}",
        states(&sim)
    );
    sim
}

/// The zxids a peer knows committed.
fn committed(sim: &Sim, id: PeerId) -> Vec<crate::stat::Zxid> {
    sim.peer(id)
        .map(|p| p.log().committed().iter().map(|e| e.txn.zxid).collect())
        .unwrap_or_default()
}

/// Whether a peer's tree has a node.
fn has_node(sim: &Sim, id: PeerId, path: &str) -> bool {
    sim.peer(id)
        .is_some_and(|p| p.server().tree().get(path).is_some())
}

/// Creates `/n{from}`…`/n{from+count-1}` at peer `at`, letting each settle.
fn write_nodes(sim: &mut Sim, at: PeerId, from: usize, count: usize) {
    for i in from..from + count {
        let r = sim.submit(at, create(&format!("/n{i}"), "x"));
        assert_eq!(r, Ok(()), "submit /n{i} at {at}");
        sim.run_for(100);
    }
}

/// A message delivered from one peer to another, as the event log tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Delivery {
    from: PeerId,
    to: PeerId,
    name: &'static str,
    /// The zxid a PROPOSAL, COMMIT, INFORM or ACK carries (0 otherwise).
    zxid: crate::stat::Zxid,
}

/// The messages delivered between peers after event `after`, in order; the log must still
/// hold all of them.
fn delivered_since(sim: &Sim, after: u64) -> Vec<Delivery> {
    let log = sim.log();
    let oldest = log.iter().next().map_or(0, |e| e.step);
    assert!(
        log.len() < LOG_MAX || oldest <= after,
        "the event log dropped lines after event {after}"
    );
    log.iter()
        .filter(|e| e.step > after)
        .filter_map(|e| match e.text.ensemble() {
            Some(EnsembleLine::Peer { from, to, message }) => {
                let zxid = match message {
                    Message::Zab(Packet::Proposal(t) | Packet::Inform(t)) => t.zxid,
                    Message::Zab(Packet::Commit { zxid } | Packet::Ack { zxid }) => *zxid,
                    _ => crate::stat::Zxid::ZERO,
                };
                Some(Delivery {
                    from: *from,
                    to: *to,
                    name: message.name(),
                    zxid,
                })
            }
            _ => None,
        })
        .collect()
}
