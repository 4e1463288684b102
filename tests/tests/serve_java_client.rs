//! The official ZooKeeper 3.8 Java client (Debian's jars, driven through `java/ZkBridge.java`:
//! the `JavaBackend`) runs the conformance scenarios under tests/scenarios against `zkplay serve`
//! and gives exactly their goldens (recorded from a real ZooKeeper 3.8 by zkplay's wire client).
//! The same backend against the real server shows the backend itself is faithful: for a few
//! scenarios always, for all of them with `ZKPLAY_JAVA_CLIENT_ALL=1`.

use std::path::PathBuf;

use zkplay_cli::{run_on, Mode};
use zkplay_tests::java_backend::JavaBridge;
use zkplay_tests::{
    file_name, first_difference, golden_path, real_server_available, scenarios, ZkServer,
    ZkplayServe,
};

/// The scenarios the real server runs by default: one of each kind of thing the bridge does
/// (modes and Stats, multis that fail, watches of every kind, ACLs and auth, expiry).
const ON_THE_REAL_SERVER: &[&str] = &[
    "003_create_modes.zk",
    "012_ephemerals_on_expire.zk",
    "021_persistent_recursive_watch.zk",
    "022_removewatches.zk",
    "026_multi_errors.zk",
    "032_acl_digest.zk",
    "043_closed_session.zk",
];

fn java_available() -> bool {
    if real_server_available() {
        return true;
    }
    assert!(
        std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
        "ZKPLAY_REQUIRE_REAL_SERVER is set but java or Debian's zookeeper jars are missing"
    );
    eprintln!("skipped: java or Debian's zookeeper package (its client jars) is not installed");
    false
}

/// Runs every scenario through one bridge against a fresh server from `server` (its address,
/// and whatever keeps it running), and returns one message per scenario that differs.
fn differences<S>(
    list: &[PathBuf],
    server: impl Fn() -> Result<(String, S), String>,
) -> Vec<String> {
    let mut bridge = match JavaBridge::start() {
        Ok(b) => b,
        Err(e) => return vec![format!("cannot start the bridge: {e}")],
    };
    let mut failures = Vec::new();
    for s in list {
        let script = std::fs::read_to_string(s).expect("read scenario");
        let golden = std::fs::read_to_string(golden_path(s)).expect("golden");
        let problem = run_one(&mut bridge, &script, &server).and_then(|out| {
            if out == golden {
                Ok(())
            } else {
                Err(first_difference(&golden, &out))
            }
        });
        if let Err(p) = problem {
            failures.push(format!("{}: {p}", file_name(s)));
        }
    }
    failures
}

fn run_one<S>(
    bridge: &mut JavaBridge,
    script: &str,
    server: &impl Fn() -> Result<(String, S), String>,
) -> Result<String, String> {
    let (addr, _running) = server()?;
    let mut backend = bridge.backend(&addr)?;
    let out = run_on(&mut backend, script, Mode::Json);
    // The bridge notes when it had to close a client's socket itself because the server kept
    // a re-attached session's old connection open: ZooKeeper closes it, so must zkplay.
    let notes = backend.notes();
    if !notes.is_empty() {
        return Err(notes.join("; "));
    }
    match backend.fatal() {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

fn report(failures: &[String], against: &str) {
    assert!(
        failures.is_empty(),
        "{} scenario(s) differ through the Java client against {against}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_java_client_against_zkplay_serve_gives_every_golden() {
    if !java_available() {
        return;
    }
    let failures = differences(&scenarios(), || {
        ZkplayServe::start("").map(|z| (z.addr(), ()))
    });
    report(&failures, "zkplay serve");
}

#[test]
fn the_java_client_against_the_real_server_gives_the_goldens() {
    if !java_available() {
        return;
    }
    let all = std::env::var_os("ZKPLAY_JAVA_CLIENT_ALL").is_some();
    let list: Vec<PathBuf> = scenarios()
        .into_iter()
        .filter(|s| all || ON_THE_REAL_SERVER.contains(&file_name(s).as_str()))
        .collect();
    assert!(
        all || list.len() == ON_THE_REAL_SERVER.len(),
        "a scenario named in ON_THE_REAL_SERVER is missing"
    );
    let failures = differences(&list, || ZkServer::start().map(|z| (z.addr(), z)));
    report(&failures, "the real ZooKeeper 3.8");
}
