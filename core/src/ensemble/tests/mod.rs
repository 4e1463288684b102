//! Tests of the ensemble, on the seeded harness: elections, Zab's phases and broadcast, faults,
//! and the safety properties over many seeds. Every failing assertion names its seed.

mod election;
mod fle_rules;
mod property;
mod replicas;
mod robustness;
mod zab;

use crate::acl::Acl;
use crate::ensemble::{ClientWrite, EnsembleConfig, Harness, PeerId, ServerState};
use crate::request::{CreateMode, Op, Request};
use crate::stat::SessionId;

/// The session every test writes with.
const SESSION: SessionId = SessionId(0x100_0000_0000_0001);

/// An ensemble of `voters` voters and `observers` observers, 1 ms per message.
fn ensemble(voters: u64, observers: u64, seed: u64) -> Harness {
    Harness::new(EnsembleConfig::new(voters, observers), seed, 1)
}

fn states(h: &Harness) -> Vec<(PeerId, ServerState)> {
    h.peers().iter().map(|p| (p.id(), p.state())).collect()
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

/// Starts every peer and runs until a leader serves (at most a minute).
fn elected(voters: u64, observers: u64, seed: u64) -> Harness {
    let mut h = ensemble(voters, observers, seed);
    h.start_all();
    h.run_for(10_000);
    assert!(
        h.leader().is_some(),
        "seed {seed}: no leader: {:?}",
        states(&h)
    );
    h
}

/// The zxids a peer knows committed.
fn committed(h: &Harness, id: PeerId) -> Vec<i64> {
    h.peer(id)
        .map(|p| p.log().committed().iter().map(|e| e.txn.zxid).collect())
        .unwrap_or_default()
}

/// Whether a peer's tree has a node.
fn has_node(h: &Harness, id: PeerId, path: &str) -> bool {
    h.peer(id)
        .is_some_and(|p| p.server().tree().get(path).is_some())
}

/// Opens the session at the leader and creates `/n0`…`/n{count-1}`, letting each settle.
fn write_nodes(h: &mut Harness, at: PeerId, from: usize, count: usize) {
    for i in from..from + count {
        let r = h.submit(at, create(&format!("/n{i}"), "x"));
        assert_eq!(r, Ok(()), "submit /n{i} at {at}");
        h.run_for(100);
    }
}
