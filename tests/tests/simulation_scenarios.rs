//! Golden traces of the simulation: fault scenarios (which a real server cannot replay) must
//! keep their transcripts exactly, seed for seed. Regenerate with ZKPLAY_BLESS=1 after an
//! intended change, and read the diff.

use std::path::Path;

use zkplay_cli::{run_text, Mode, Target};

#[test]
fn simulation_scenarios_keep_their_transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scripts: Vec<_> = std::fs::read_dir(dir.join("sim_scenarios"))
        .expect("sim_scenarios")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "zk"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 7);
    let bless = std::env::var_os("ZKPLAY_BLESS").is_some();
    let mut failures = Vec::new();
    for s in scripts {
        let stem = s.file_stem().unwrap().to_string_lossy().into_owned();
        let script = std::fs::read_to_string(&s).unwrap();
        let json = run_text(&script, Mode::Json, &Target::Simulated).unwrap();
        let golden = dir.join("sim_golden").join(format!("{stem}.jsonl"));
        if bless {
            std::fs::write(&golden, &json).unwrap();
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if json != expected {
            failures.push(stem);
        }
        // The same script run twice gives the same transcript.
        assert_eq!(
            json,
            run_text(&script, Mode::Json, &Target::Simulated).unwrap()
        );
    }
    assert!(failures.is_empty(), "transcripts changed: {failures:?}");
}
