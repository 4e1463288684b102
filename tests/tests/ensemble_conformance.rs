//! The ensemble scenarios (tests/ensemble_scenarios) on zkplay's simulated ensemble: each
//! transcript must equal its golden, recorded on real ZooKeeper 3.8 ensembles
//! (tests/ensemble_golden), after exactly the normalisation the live comparison makes
//! (`zkplay_tests::ensemble::comparable`). Where real runs gave several outcomes (timing
//! decides: `<stem>.outcome2.jsonl`…), the default seed must give the golden, the most common
//! one, unless `OTHER_OUTCOMES` says which other one it gives and why; every other seed must
//! give one of the outcomes. A scenario that cannot match yet is listed in
//! `KNOWN_DIFFERENCES` with its reason; the test fails when a listed one matches, so the list
//! only shrinks.

use zkplay_cli::{run_on, run_text, Mode, Target};
use zkplay_core::script::SimulationBackend;
use zkplay_tests::ensemble::comparable;
use zkplay_tests::{ensemble_golden_outcomes, ensemble_scenarios, file_name, first_difference};

/// Scenarios whose simulated transcript differs from the real one, with why.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

/// Scenarios whose default-seed run gives another real outcome than the most common, with its
/// number and why. The test fails when one gives its golden, so the list only shrinks.
const OTHER_OUTCOMES: &[(&str, usize, &str)] = &[];

/// How many other seeds every scenario is run with.
const SEEDS: u64 = 20;

#[test]
fn the_simulated_ensemble_reproduces_the_goldens() {
    let mut failures = Vec::new();
    let mut matched = 0;
    for s in ensemble_scenarios() {
        let name = file_name(&s);
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let outcomes: Vec<String> = ensemble_golden_outcomes(&s)
            .iter()
            .map(|p| comparable(&std::fs::read_to_string(p).expect("read golden")))
            .collect();
        let expected = match OTHER_OUTCOMES.iter().find(|(n, _, _)| *n == name) {
            Some((_, k, _)) => {
                let Some(other) = outcomes.get(k - 1) else {
                    failures.push(format!("{name} has no outcome {k}"));
                    continue;
                };
                other.clone()
            }
            None => outcomes[0].clone(),
        };
        let out = run_text(&script, Mode::Json, &Target::Simulated).expect("simulated run");
        if OTHER_OUTCOMES.iter().any(|(n, _, _)| *n == name) && comparable(&out) == outcomes[0] {
            failures.push(format!(
                "{name} now gives its golden: remove it from OTHER_OUTCOMES"
            ));
        }
        let golden = expected;
        let same = comparable(&out) == golden;
        let known = KNOWN_DIFFERENCES.iter().find(|(n, _)| *n == name);
        match (same, known) {
            (true, None) => matched += 1,
            (true, Some(_)) => failures.push(format!(
                "{name} now matches its golden: remove it from KNOWN_DIFFERENCES"
            )),
            (false, Some(_)) => {}
            (false, None) => failures.push(format!(
                "{name}: {}",
                first_difference(&golden, &comparable(&out))
            )),
        }
    }
    for (n, _, _) in OTHER_OUTCOMES {
        assert!(
            ensemble_scenarios().iter().any(|s| file_name(s) == *n),
            "OTHER_OUTCOMES names {n}, which is not a scenario"
        );
    }
    for (n, _) in KNOWN_DIFFERENCES {
        assert!(
            ensemble_scenarios().iter().any(|s| file_name(s) == *n),
            "KNOWN_DIFFERENCES names {n}, which is not a scenario"
        );
    }
    eprintln!(
        "{matched} of {} ensemble scenarios equal their golden",
        ensemble_scenarios().len()
    );
    assert!(
        failures.is_empty(),
        "{} ensemble scenario(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The goldens do not hang on one seed: every scenario matches under other seeds too (they
/// order the events due at one instant, the clients' reconnect delays and shuffles) — its
/// golden or another outcome real runs gave —, except the known differences.
#[test]
fn the_goldens_hold_over_seeds() {
    let mut failures = Vec::new();
    for s in ensemble_scenarios() {
        let name = file_name(&s);
        if KNOWN_DIFFERENCES.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let outcomes: Vec<String> = ensemble_golden_outcomes(&s)
            .iter()
            .map(|p| comparable(&std::fs::read_to_string(p).expect("read golden")))
            .collect();
        for seed in 1..=SEEDS {
            let out = run_on(
                &mut SimulationBackend::for_ensemble(seed),
                &script,
                Mode::Json,
            );
            if !outcomes.contains(&comparable(&out)) {
                failures.push(format!(
                    "{name} with seed {seed}: {}",
                    first_difference(&outcomes[0], &comparable(&out))
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same script and seed give the same transcript.
#[test]
fn ensemble_runs_are_deterministic() {
    for s in ensemble_scenarios().iter().take(4) {
        let script = std::fs::read_to_string(s).expect("read scenario");
        let a = run_text(&script, Mode::Json, &Target::Simulated).expect("run");
        let b = run_text(&script, Mode::Json, &Target::Simulated).expect("run");
        assert_eq!(a, b, "{}", file_name(s));
    }
}
