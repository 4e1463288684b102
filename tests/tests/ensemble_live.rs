//! The ensemble scenarios (tests/ensemble_scenarios) against real ZooKeeper 3.8 ensembles: each
//! is re-recorded live on fresh servers and must give exactly its golden
//! (tests/ensemble_golden, recorded with `zk-ensemble --record`), so the goldens are proven to
//! reproduce. Server state-change lines are skipped by the comparison (real servers do not
//! expose them to clients); session ids and dates never appear in JSON transcripts.

use std::time::Instant;

use zkplay_cli::{run_text, Mode, Target};
use zkplay_tests::ensemble::{comparable, record_ensemble};
use zkplay_tests::{
    ensemble_golden_path, ensemble_scenarios, file_name, first_difference, real_server_available,
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

/// Until the ensemble model lands, zkplay's standalone simulation refuses each ensemble
/// scenario with one error naming its `ensemble` line (and runs nothing of it).
#[test]
fn the_simulation_refuses_ensemble_scenarios_with_one_error() {
    for s in ensemble_scenarios() {
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let out = run_text(&script, Mode::Json, &Target::Simulated).expect("simulated run");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{}: {out}", file_name(&s));
        assert!(
            lines[0].contains("\"cmd\":\"ensemble ")
                && lines[0].contains("ensembles are not simulated yet"),
            "{}: {}",
            file_name(&s),
            lines[0]
        );
    }
}

#[test]
fn real_ensembles_reproduce_the_goldens() {
    if !real_server_available() {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but Debian's zookeeper (or java) is missing"
        );
        eprintln!("skipping the live ensembles: Debian's zookeeper is not installed");
        return;
    }
    let started = Instant::now();
    let mut failures = Vec::new();
    // One ensemble at a time: three to five JVMs already fill two cores.
    for s in ensemble_scenarios() {
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let golden = std::fs::read_to_string(ensemble_golden_path(&s)).unwrap_or_default();
        let one = Instant::now();
        match record_ensemble(&script) {
            Err(e) => failures.push(format!("{}: the real ensemble failed: {e}", file_name(&s))),
            Ok(live) if comparable(&live) != comparable(&golden) => failures.push(format!(
                "{}: {}",
                file_name(&s),
                first_difference(&comparable(&golden), &comparable(&live))
            )),
            Ok(_) => {}
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
