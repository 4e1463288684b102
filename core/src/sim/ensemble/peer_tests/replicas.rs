//! What replicas apply: the leader's prepared transactions, identically everywhere, failed
//! writes included (they consume a zxid), answered only by the peer the client asked.

use super::*;
use crate::ensemble::Origin;
use crate::error::ZkError;
use crate::request::Response;
use crate::stat::Zxid;

fn write(op: Op) -> ClientWrite {
    ClientWrite::Request {
        session: SESSION,
        request: Request::Write(op),
    }
}

fn create_mode(path: &str, mode: CreateMode) -> ClientWrite {
    write(Op::Create {
        path: path.to_string(),
        data: Some(b"v".to_vec()),
        acl: Acl::open_unsafe(),
        mode,
        ttl_ms: -1,
    })
}

#[test]
fn every_replica_applies_the_same_transactions_and_only_the_asked_peer_answers() {
    for seed in 0..10 {
        let mut sim = elected(3, 1, seed);
        sim.run_for(10_000);
        sim.record_applied();
        // Requests are numbered 1, 2, … by the simulation, whichever peer takes them.
        let writes = [
            (1, open_session()),
            (2, create_mode("/e", CreateMode::Ephemeral)),
            (4, create("/p", "x")),
            (1, create("/p", "again")),
            (
                3,
                write(Op::SetData {
                    path: "/p".into(),
                    data: Some(b"y".to_vec()),
                    version: 0,
                }),
            ),
            (2, ClientWrite::CloseSession { session: SESSION }),
        ];
        for (at, w) in writes {
            assert_eq!(sim.submit(at, w), Ok(()), "seed {seed}");
            sim.run_for(50);
        }
        let leader = sim.peer(3).unwrap_or_else(|| unreachable!());
        let zxids: Vec<i64> = (1..=6).map(|c| 0x1_0000_0000 + c).collect();
        assert_eq!(committed(&sim, 3), zxids, "seed {seed}");
        for p in sim.peers() {
            assert_eq!(
                committed(&sim, p.id()),
                zxids,
                "seed {seed} peer {}",
                p.id()
            );
            assert!(
                p.server().tree() == leader.server().tree(),
                "seed {seed} peer {}",
                p.id()
            );
            assert_eq!(
                p.server().last_zxid(),
                Zxid(0x1_0000_0006),
                "seed {seed} peer {}",
                p.id()
            );
        }
        assert!(
            !has_node(&sim, 1, "/e"),
            "seed {seed}: the ephemeral went with its session"
        );
        let p = sim
            .peer(4)
            .and_then(|p| p.server().tree().get("/p").map(|n| n.stat));
        assert_eq!(
            p.map(|s| (s.version, s.mzxid)),
            Some((1, Zxid(0x1_0000_0005))),
            "seed {seed}"
        );
        // Peer 1 asked for the second create of /p: its own record says NodeExists.
        let applied = sim.take_applied(1);
        let mine: Vec<_> = applied
            .iter()
            .filter(|a| {
                a.origin
                    == Origin {
                        peer: 1,
                        request: 4,
                    }
            })
            .map(|a| (a.zxid, a.summary, a.result.clone()))
            .collect();
        assert_eq!(
            mine,
            vec![(Zxid(0x1_0000_0004), "error", Err(ZkError::NodeExists))],
            "seed {seed}"
        );
        let created = applied
            .iter()
            .find(|a| {
                a.origin
                    == Origin {
                        peer: 4,
                        request: 3,
                    }
            })
            .map(|a| a.result.clone());
        assert!(
            matches!(created, Some(Ok(Response::Create { ref path, .. })) if path == "/p"),
            "seed {seed}: {created:?}"
        );
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn a_follower_reads_stale_data_until_its_sync_is_answered() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        // The write reaches the leader; at once, a client of follower 1 asks for a sync.
        assert_eq!(sim.submit(3, create("/fresh", "x")), Ok(()));
        assert_eq!(
            sim.submit(1, ClientWrite::Sync { session: SESSION }),
            Ok(())
        );
        assert!(
            !has_node(&sim, 1, "/fresh"),
            "seed {seed}: a read now would be stale"
        );
        let mut answered = false;
        for _ in 0..1_000 {
            sim.step();
            let synced = sim.take_synced(1);
            if !synced.is_empty() {
                assert_eq!(
                    synced,
                    vec![Origin {
                        peer: 1,
                        request: 3
                    }],
                    "seed {seed}"
                );
                assert!(
                    has_node(&sim, 1, "/fresh"),
                    "seed {seed}: synced, yet stale"
                );
                answered = true;
                break;
            }
        }
        assert!(answered, "seed {seed}: the sync was never answered");
        // A sync at the leader is answered at once when nothing is outstanding.
        assert_eq!(
            sim.submit(3, ClientWrite::Sync { session: SESSION }),
            Ok(())
        );
        assert_eq!(
            sim.take_synced(3),
            vec![Origin {
                peer: 3,
                request: 4
            }],
            "seed {seed}"
        );
        assert_eq!(
            committed(&sim, 1).len(),
            2,
            "seed {seed}: a sync is no transaction"
        );
    }
}

#[test]
fn a_session_outlives_its_leader_and_expires_once_its_client_is_silent() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        // The client is connected to follower 1.
        assert_eq!(sim.submit(1, open_session()), Ok(()));
        sim.run_for(100);
        assert_eq!(
            sim.submit(1, create_mode("/eph", CreateMode::Ephemeral)),
            Ok(())
        );
        sim.run_for(100);
        // It pings every second; the leader dies on the way.
        for t in 0..40 {
            if t == 5 {
                sim.crash_peer(3);
            }
            sim.touch_session_on(1, SESSION);
            sim.run_for(1_000);
        }
        assert_eq!(sim.leader(), Some(2), "seed {seed}: {:?}", states(&sim));
        for id in [1, 2] {
            assert!(
                has_node(&sim, id, "/eph"),
                "seed {seed} peer {id}: the session lives"
            );
        }
        // The client goes silent: 30 s later, rounded to the tick, the session is closed.
        sim.run_for(25_000);
        assert!(has_node(&sim, 1, "/eph"), "seed {seed}: expired early");
        sim.run_for(10_000);
        for id in [1, 2] {
            assert!(
                !has_node(&sim, id, "/eph"),
                "seed {seed} peer {id}: the session expired"
            );
            let alive = sim
                .peer(id)
                .and_then(|p| p.server().session_timeout(SESSION));
            assert_eq!(alive, None, "seed {seed} peer {id}");
        }
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}

#[test]
fn writes_are_pipelined_each_checked_against_the_ones_still_outstanding() {
    for seed in 0..10 {
        let mut sim = elected(3, 0, seed);
        sim.record_applied();
        assert_eq!(sim.submit(3, open_session()), Ok(()));
        sim.run_for(100);
        let set = |version| {
            write(Op::SetData {
                path: "/a".into(),
                data: Some(b"w".to_vec()),
                version,
            })
        };
        let writes = [
            create("/a", "x"),
            set(0),
            set(1),
            set(1),
            create_mode("/q-", CreateMode::PersistentSequential),
            create_mode("/q-", CreateMode::PersistentSequential),
            write(Op::Delete {
                path: "/a".into(),
                version: 2,
            }),
        ];
        // All at once (in this order at the leader): none is committed yet.
        for w in writes {
            assert_eq!(sim.submit(3, w), Ok(()), "seed {seed}");
        }
        let proposals_to_2 = sim
            .schedule
            .links
            .peer_messages_sent()
            .iter()
            .filter(|(_, e, _)| e.to == 2 && e.message.name() == "PROPOSAL")
            .count();
        assert!(
            proposals_to_2 >= 4,
            "seed {seed}: {proposals_to_2} proposals in flight"
        );
        sim.run_for(1_000);
        let mut results: Vec<(Zxid, String)> = sim
            .take_applied(3)
            .into_iter()
            .filter(|a| a.zxid > Zxid(0x1_0000_0001))
            .map(|a| (a.zxid, format!("{:?}", a.result.map(|_| ()))))
            .collect();
        results.sort();
        let outcomes: Vec<&str> = results.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(
            outcomes,
            vec![
                "Ok(())",
                "Ok(())",
                "Ok(())",
                "Err(BadVersion)",
                "Ok(())",
                "Ok(())",
                "Ok(())"
            ],
            "seed {seed}"
        );
        for id in 1..=3 {
            assert!(!has_node(&sim, id, "/a"), "seed {seed} peer {id}");
            assert!(has_node(&sim, id, "/q-0000000001"), "seed {seed} peer {id}");
            assert!(has_node(&sim, id, "/q-0000000002"), "seed {seed} peer {id}");
        }
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
    }
}
