//! Runs the workload on zkplay's `Server` (requests in, responses and notifications out), the
//! same entry point the simulation uses.

use zkplay_core::acl::Acl;
use zkplay_core::request::{CreateMode, Op, Request};
use zkplay_core::server::{Server, ServerConfig};
use zkplay_core::stat::SessionId;

use crate::clock::now_ms;
use crate::workload::{data_of, BenchOp, Kind, What, Workload};

/// One run's results. `errors` must be 0 and `events` equal to the Java side's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EngineRun {
    pub build_ms: f64,
    pub ops_ms: f64,
    pub errors: u64,
    pub events: u64,
    pub znodes: usize,
}

fn request(op: &BenchOp) -> Request {
    match &op.what {
        What::Create { path, kind, len } => {
            let (path, mode) = match kind {
                Kind::Persistent => (path.clone(), CreateMode::Persistent),
                Kind::Ephemeral => (path.clone(), CreateMode::Ephemeral),
                // The server appends the number the generator predicted.
                Kind::Sequential => (
                    path[..path.len() - 10].to_string(),
                    CreateMode::PersistentSequential,
                ),
            };
            Request::Write(Op::Create {
                path,
                data: Some(data_of(*len)),
                acl: Acl::open_unsafe(),
                mode,
                ttl_ms: -1,
            })
        }
        What::Delete { path } => Request::Write(Op::Delete {
            path: path.clone(),
            version: -1,
        }),
        What::SetData { path, len } => Request::Write(Op::SetData {
            path: path.clone(),
            data: Some(data_of(*len)),
            version: -1,
        }),
        What::GetData { path, watch } => Request::GetData {
            path: path.clone(),
            watch: *watch,
        },
        What::GetChildren { path, watch } => Request::GetChildren {
            path: path.clone(),
            watch: *watch,
        },
    }
}

/// Opens the workload's sessions on a fresh server.
pub fn server_with_sessions(w: &Workload) -> (Server, Vec<SessionId>) {
    let mut server = Server::new(ServerConfig::default());
    let sessions = (0..w.shape.sessions)
        .map(|_| server.open_session(30_000).0)
        .collect();
    (server, sessions)
}

/// Requests are built before the clock starts, as the Java side parses its file first.
pub fn prepared(w: &Workload, sessions: &[SessionId]) -> [Vec<(SessionId, Request)>; 2] {
    let conv = |ops: &[BenchOp]| {
        ops.iter()
            .map(|o| (sessions[o.session as usize], request(o)))
            .collect()
    };
    [conv(&w.build), conv(&w.ops)]
}

fn apply(server: &mut Server, reqs: &[(SessionId, Request)], run: &mut EngineRun) {
    for (s, r) in reqs {
        if server.handle(*s, r).is_err() {
            run.errors += 1;
        }
        run.events += server.take_notifications().len() as u64;
    }
}

/// Builds the tree, then runs the operations, timing each phase.
pub fn run(w: &Workload) -> EngineRun {
    let (mut server, sessions) = server_with_sessions(w);
    let [build, ops] = prepared(w, &sessions);
    let mut run = EngineRun::default();
    let t0 = now_ms();
    apply(&mut server, &build, &mut run);
    let t1 = now_ms();
    apply(&mut server, &ops, &mut run);
    let t2 = now_ms();
    run.build_ms = t1 - t0;
    run.ops_ms = t2 - t1;
    run.znodes = server.tree().len();
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::{generate, Shape};

    #[test]
    fn every_generated_operation_succeeds_and_watches_fire() {
        let w = generate(Shape {
            znodes: 1_000,
            ops: 6_000,
            ..Shape::quick()
        });
        let r = run(&w);
        assert_eq!(r.errors, 0);
        assert!(r.events > 100, "{r:?}");
        let creates = w
            .ops
            .iter()
            .filter(|o| matches!(o.what, What::Create { .. }))
            .count();
        let deletes = w
            .ops
            .iter()
            .filter(|o| matches!(o.what, What::Delete { .. }))
            .count();
        // The four built-in nodes, the built tree, and what the operations added.
        assert_eq!(r.znodes, 4 + 1_000 + creates - deletes);
    }
}
