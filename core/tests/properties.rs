//! Property tests: random operation sequences keep the tree's invariants, nothing panics on any
//! input, and the same input always gives the same history.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use zkplay_core::acl::Acl;
use zkplay_core::request::{CreateMode, Op, Request, WatcherKind};
use zkplay_core::script::transcript::{to_json_lines, Naming};
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script, EngineBackend};
use zkplay_core::watch::WatchMode;
use zkplay_core::{Server, ServerConfig};

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::collection::vec(prop_oneof!["a", "b", "c"], 1..4)
            .prop_map(|parts| format!("/{}", parts.join("/"))),
        1 => Just("/".to_string()),
        1 => Just("/zookeeper".to_string()),
        1 => ".{0,12}",
    ]
}

fn mode() -> impl Strategy<Value = CreateMode> {
    prop_oneof![
        Just(CreateMode::Persistent),
        Just(CreateMode::PersistentSequential),
        Just(CreateMode::Ephemeral),
        Just(CreateMode::EphemeralSequential),
        Just(CreateMode::Container),
        Just(CreateMode::PersistentWithTtl),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            path(),
            mode(),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..8)),
            -2i64..2000
        )
            .prop_map(|(path, mode, data, ttl)| Op::Create {
                path,
                data,
                acl: Acl::open_unsafe(),
                mode,
                ttl_ms: if mode.is_ttl() { ttl } else { -1 },
            }),
        (path(), -2i32..3).prop_map(|(path, version)| Op::Delete { path, version }),
        (path(), -2i32..3).prop_map(|(path, version)| Op::SetData {
            path,
            data: Some(b"x".to_vec()),
            version
        }),
        (path(), -2i32..3).prop_map(|(path, version)| Op::Check { path, version }),
    ]
}

#[derive(Debug, Clone)]
enum Action {
    Request(usize, Request),
    Close(usize),
    Reopen(usize),
    Advance(u64),
}

fn action() -> impl Strategy<Value = Action> {
    let session = 0usize..3;
    prop_oneof![
        6 => (session.clone(), op()).prop_map(|(s, o)| Action::Request(s, Request::Write(o))),
        2 => (session.clone(), proptest::collection::vec(op(), 0..4))
            .prop_map(|(s, ops)| Action::Request(s, Request::Multi(ops))),
        2 => (session.clone(), path(), any::<bool>())
            .prop_map(|(s, path, watch)| Action::Request(s, Request::GetData { path, watch })),
        2 => (session.clone(), path(), any::<bool>())
            .prop_map(|(s, path, watch)| Action::Request(s, Request::Exists { path, watch })),
        2 => (session.clone(), path(), any::<bool>())
            .prop_map(|(s, path, watch)| Action::Request(s, Request::GetChildren { path, watch })),
        1 => (session.clone(), path(), any::<bool>()).prop_map(|(s, path, r)| Action::Request(
            s,
            Request::AddWatch { path, mode: if r { WatchMode::PersistentRecursive } else { WatchMode::Persistent } }
        )),
        1 => (session.clone(), path()).prop_map(|(s, path)| Action::Request(
            s,
            Request::RemoveWatches { path, kind: WatcherKind::Any }
        )),
        1 => session.clone().prop_map(Action::Close),
        1 => session.prop_map(Action::Reopen),
        1 => (0u64..500).prop_map(Action::Advance),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// After every transaction: every node's parent lists it, every listed child exists, the
    /// ephemeral index matches each node's owner, no ephemeral has children, numChildren and
    /// the client-visible cversion are consistent, and nothing panics.
    #[test]
    fn random_operations_keep_the_invariants(actions in proptest::collection::vec(action(), 1..60)) {
        let mut server = Server::new(ServerConfig::default());
        let mut sessions: Vec<_> = (0..3).map(|_| server.open_session(30_000).0).collect();
        for a in actions {
            match a {
                Action::Request(s, r) => { let _ = server.handle(sessions[s], &r); }
                Action::Close(s) => { let _ = server.close_session(sessions[s]); }
                Action::Reopen(s) => sessions[s] = server.open_session(10_000).0,
                Action::Advance(ms) => server.advance(ms),
            }
            let _ = server.take_notifications();
            prop_assert_eq!(server.tree().check_invariants(), Ok(()));
            for (_, node) in server.tree().iter() {
                let st = node.stat();
                prop_assert_eq!(st.num_children as usize, node.children.len());
                prop_assert_eq!(st.cversion, node.stat.cversion * 2 - st.num_children);
            }
        }
    }

    /// Any text is a script: it parses and runs on the network simulation without panicking,
    /// twice identically.
    #[test]
    fn any_script_runs_without_panic_and_deterministically(text in "(session [a-c]\n|[a-c]: .{0,30}\n|(sleep|tick) [0-9]{1,4}\n|(crash|partition|heal) [a-c]\n|pause [a-c] [0-9]{1,4}\n|server (stop|start)\n|step [0-9]{1,2}\n|.{0,20}\n){0,20}") {
        let run = || {
            let mut b = SimulationBackend::default();
            let e = run_script(&mut b, &parse_script(&text));
            let t = to_json_lines(&e, &Naming { backend: &b });
            prop_assert_eq!(b.sim.server().unwrap().tree().check_invariants(), Ok(()));
            Ok((t, b.sim.state_hash()))
        };
        prop_assert_eq!(run()?, run()?);
    }

    /// zkCli-shaped input with odd flags, numbers and unicode never panics.
    #[test]
    fn zkcli_commands_never_panic(cmd in "(create|delete|set|get|ls|stat|addWatch|removewatches|setAcl|getAcl|deleteall|sync) (-[a-zA-Z]{1,3} )?(-?[0-9]{1,12} )?(/[a-z\\x{4e2d}\\x{0}]{0,4}){0,3}( [^\n]{0,10}){0,2}") {
        let script = format!("session a\na: {cmd}\na: ls -R /\n");
        let mut b = EngineBackend::default();
        let _ = run_script(&mut b, &parse_script(&script));
        prop_assert_eq!(b.server.tree().check_invariants(), Ok(()));
    }
}
