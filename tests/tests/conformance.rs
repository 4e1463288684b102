//! Conformance: every scenario under tests/scenarios must give, on zkplay's engine, exactly the
//! transcript the real ZooKeeper 3.8 gave (tests/golden, recorded with `zk-real --record`), and —
//! where Debian's `zookeeper` is installed — exactly what a fresh real server gives right now.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use zkplay_cli::{run_text, Mode, Target};
use zkplay_tests::{
    file_name, first_difference, golden_path, real_server_available, scenarios, ZkServer,
};

#[test]
fn there_are_enough_scenarios() {
    let n = scenarios().len();
    assert!(n >= 40, "only {n} scenario scripts");
}

#[test]
fn engine_matches_the_recorded_real_server() {
    let mut failures = Vec::new();
    for s in scenarios() {
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let golden = std::fs::read_to_string(golden_path(&s)).unwrap_or_else(|_| {
            panic!(
                "{} has no golden file: record it with zk-real --record",
                file_name(&s)
            )
        });
        let ours = run_text(&script, Mode::Json, &Target::Simulated).expect("simulated run");
        if ours != golden {
            failures.push(format!(
                "{}: {}",
                file_name(&s),
                first_difference(&golden, &ours)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn engine_matches_a_live_real_server() {
    if !real_server_available() {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but Debian's zookeeper (or java) is missing"
        );
        eprintln!("skipping the live comparison: Debian's zookeeper is not installed");
        return;
    }
    let queue: Arc<Mutex<Vec<PathBuf>>> = Arc::new(Mutex::new(scenarios()));
    let failures: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    // Two servers at a time: one JVM start per scenario is most of the cost.
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (queue, failures) = (queue.clone(), failures.clone());
            std::thread::spawn(move || loop {
                let Some(s) = queue.lock().expect("queue").pop() else {
                    return;
                };
                let script = std::fs::read_to_string(&s).expect("read scenario");
                // A JVM that fails to start (port race, slow machine) gets one more try.
                let server = match ZkServer::start().or_else(|_| ZkServer::start()) {
                    Ok(server) => server,
                    Err(e) => {
                        failures
                            .lock()
                            .expect("failures")
                            .push(format!("{}: {e}", file_name(&s)));
                        continue;
                    }
                };
                let real = run_text(&script, Mode::Json, &Target::Server(server.addr()));
                drop(server);
                let ours =
                    run_text(&script, Mode::Json, &Target::Simulated).expect("simulated run");
                let line = match real {
                    Err(e) => Some(format!("{}: real server run failed: {e}", file_name(&s))),
                    Ok(real) if real != ours => Some(format!(
                        "{}: {}",
                        file_name(&s),
                        first_difference(&real, &ours)
                    )),
                    Ok(_) => None,
                };
                if let Some(l) = line {
                    failures.lock().expect("failures").push(l);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let failures = failures.lock().expect("failures");
    assert!(
        failures.is_empty(),
        "{} scenario(s) differ from the live server:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
