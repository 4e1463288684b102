//! The ensemble scenarios (tests/ensemble_scenarios) against real ZooKeeper 3.8 ensembles: each
//! is re-recorded live on fresh servers and must give exactly its golden
//! (tests/ensemble_golden, recorded with `zk-ensemble --record`), or one of the other outcomes
//! recorded for it where timing decides (`zk-ensemble --outcomes`), so the goldens are proven to
//! reproduce. Server state-change lines are skipped by the comparison (real servers do not
//! expose them to clients); session ids and dates never appear in JSON transcripts.

use std::sync::Mutex;
use std::time::Instant;

use zkplay_cli::{run_on, run_text, Mode, Target};
use zkplay_core::script::ensemble_lines::EnsembleConfig;
use zkplay_core::script::SimulationBackend;
use zkplay_tests::ensemble::{comparable, record_ensemble, Ensemble};
use zkplay_tests::{
    ensemble_golden_outcomes, ensemble_golden_path, ensemble_scenarios, file_name,
    first_difference, real_server_available,
};

#[test]
fn there_are_enough_ensemble_scenarios() {
    let n = ensemble_scenarios().len();
    assert!(n >= 15, "only {n} ensemble scenarios");
    for s in ensemble_scenarios() {
        assert!(
            ensemble_golden_path(&s).exists(),
            "{} has no golden: record it with zk-ensemble --record",
            file_name(&s)
        );
    }
}

/// The standalone simulation (one server) refuses each ensemble scenario with one error naming
/// its `ensemble` line and runs nothing of it; `zkplay run` takes such a script to the
/// simulated ensemble instead (tests/tests/ensemble_conformance.rs).
#[test]
fn the_standalone_simulation_refuses_ensemble_scenarios_with_one_error() {
    for s in ensemble_scenarios() {
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let out = run_on(&mut SimulationBackend::default(), &script, Mode::Json);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{}: {out}", file_name(&s));
        assert!(
            lines[0].contains("\"cmd\":\"ensemble ")
                && lines[0].contains("a script with an ensemble runs on the ensemble backend"),
            "{}: {}",
            file_name(&s),
            lines[0]
        );
    }
}

/// One real ensemble at a time: three to five JVMs already fill two cores.
static ONE_ENSEMBLE: Mutex<()> = Mutex::new(());

/// Whether the live tests can run here (and must, under `ZKPLAY_REQUIRE_REAL_SERVER`).
fn live_servers() -> bool {
    if real_server_available() {
        return true;
    }
    assert!(
        std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
        "ZKPLAY_REQUIRE_REAL_SERVER is set but Debian's zookeeper (or java) is missing"
    );
    eprintln!("skipping the live ensembles: Debian's zookeeper is not installed");
    false
}

/// `zkplay run --server h1:p1,h2:p2,h3:p3` on an ensemble started outside the script: the
/// `ensemble` line names as many servers, `wait` and `srvr` ask them, `server=K` pins.
#[test]
fn zkplay_run_takes_a_connect_string() {
    if !live_servers() {
        return;
    }
    let _one = ONE_ENSEMBLE.lock().unwrap_or_else(|e| e.into_inner());
    let config = EnsembleConfig {
        tick_time_ms: 200,
        ..EnsembleConfig::new(3)
    };
    let ensemble = Ensemble::start(&config).expect("start the ensemble");
    let connect = ensemble.addrs().join(",");
    let script = "ensemble 3\nwait server 3 leader\nwait server 1 follower\nwait server 2 follower\nsession a server=2\na: create /x 1\na: sync /\nsrvr 2\nserver 1 crash\n";
    let out = run_text(script, Mode::Json, &Target::Server(connect)).expect("live run");
    drop(ensemble);
    assert_eq!(
        out,
        concat!(
            "{\"step\":5,\"event\":\"None\",\"state\":\"SyncConnected\",\"session\":\"a\"}\n",
            "{\"step\":6,\"session\":\"a\",\"cmd\":\"create /x 1\",\"ok\":true,\"result\":{\"path\":\"/x\"}}\n",
            "{\"step\":7,\"session\":\"a\",\"cmd\":\"sync /\",\"ok\":true,\"result\":{}}\n",
            "{\"step\":8,\"server\":2,\"mode\":\"follower\",\"zxid\":\"0x100000002\",\"epoch\":1,\"nodes\":6}\n",
            "{\"step\":9,\"cmd\":\"server 1 crash\",\"ok\":false,\"error\":\"'server 1 crash' cannot be done to a server over its client port (the test suite's harness starts and stops real servers)\"}\n",
        )
    );
}

#[test]
fn real_ensembles_reproduce_the_goldens() {
    if !live_servers() {
        return;
    }
    let _one = ONE_ENSEMBLE.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let mut failures = Vec::new();
    for s in ensemble_scenarios() {
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let outcomes: Vec<String> = ensemble_golden_outcomes(&s)
            .iter()
            .map(|p| comparable(&std::fs::read_to_string(p).unwrap_or_default()))
            .collect();
        let golden = outcomes.first().cloned().unwrap_or_default();
        let one = Instant::now();
        // Real JVMs on a loaded machine can miss a wait's deadline: a scenario gets three
        // tries, and must reproduce its golden (or a recorded outcome) exactly in one of them.
        let mut last = String::new();
        for _ in 0..3 {
            match record_ensemble(&script) {
                Err(e) => last = format!("{}: the real ensemble failed: {e}", file_name(&s)),
                Ok(live) if !outcomes.contains(&comparable(&live)) => {
                    last = format!(
                        "{}: {}",
                        file_name(&s),
                        first_difference(&golden, &comparable(&live))
                    )
                }
                Ok(_) => {
                    last.clear();
                    break;
                }
            }
        }
        if !last.is_empty() {
            failures.push(last);
        }
        eprintln!("{}: {:.1} s", file_name(&s), one.elapsed().as_secs_f64());
    }
    eprintln!(
        "{} ensemble scenarios in {:.1} s",
        ensemble_scenarios().len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} ensemble scenario(s) differ from their golden:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
