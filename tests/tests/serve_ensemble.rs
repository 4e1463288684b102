//! The real-ensemble scenarios' client side (zkplay's wire client, as it ran against real
//! ZooKeeper 3.8 ensembles to record tests/ensemble_golden) against one `zkplay serve` of the
//! scenario's servers: each gives its golden, or one of the other outcomes recorded from real
//! ensembles where timing decides. A control line does what the real harness did with `kill`.

use zkplay_tests::ensemble::{comparable, record_ensemble_on};
use zkplay_tests::{ensemble_golden_outcomes, ensemble_scenarios, file_name, first_difference};

#[test]
fn zkplay_serve_ensembles_give_the_real_ensembles_goldens() {
    let mut failures = Vec::new();
    for s in ensemble_scenarios() {
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let outcomes: Vec<String> = ensemble_golden_outcomes(&s)
            .iter()
            .map(|p| comparable(&std::fs::read_to_string(p).unwrap_or_default()))
            .collect();
        let golden = outcomes.first().cloned().unwrap_or_default();
        let started = std::time::Instant::now();
        match record_ensemble_on(&script, zkplay_tests::serve_ensemble::launch) {
            Err(e) => failures.push(format!("{}: {e}", file_name(&s))),
            Ok(out) if !outcomes.contains(&comparable(&out)) => failures.push(format!(
                "{}: {}",
                file_name(&s),
                first_difference(&golden, &comparable(&out))
            )),
            Ok(_) => {}
        }
        eprintln!(
            "{}: {:.1} s",
            file_name(&s),
            started.elapsed().as_secs_f64()
        );
    }
    assert!(
        failures.is_empty(),
        "{} ensemble scenario(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
