//! `zk-ensemble [--record] [--repeat N] [--outcomes] [SCRIPT…]`: runs each ensemble scenario on
//! a fresh real ensemble (Debian's ZooKeeper 3.8, one process per server) and prints (or, with
//! `--record`, writes to `tests/ensemble_golden/`) its JSON transcript. With `--repeat N` each
//! scenario runs N times and the recorder says whether the runs agree (a golden is only written
//! when they all do), which is how the scenarios' determinism on real servers is checked. With
//! `--outcomes` the runs may disagree: it counts each distinct transcript and, with `--record`,
//! writes the most common as the golden and the others, most common first, as
//! `<stem>.outcome2.jsonl`, `<stem>.outcome3.jsonl`… (what timing decides on real servers).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use zkplay_tests::ensemble::{comparable, record_ensemble};
use zkplay_tests::{
    ensemble_golden_path, ensemble_outcome_path, ensemble_scenarios, file_name, first_difference,
    recorder_args, ENSEMBLE_OUTCOMES_MAX,
};

fn main() -> ExitCode {
    let (record, files) = recorder_args(ensemble_scenarios);
    let args: Vec<String> = std::env::args().collect();
    let repeat: u32 = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let outcomes = args.iter().any(|a| a == "--outcomes");
    let mut ok = true;
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            eprintln!("cannot read {}", f.display());
            ok = false;
            continue;
        };
        let mut runs: Vec<String> = Vec::new();
        for _ in 0..repeat {
            let started = Instant::now();
            match record_ensemble(&text) {
                Ok(out) => {
                    eprintln!(
                        "{}: run {} in {:.1} s",
                        file_name(&f),
                        runs.len() + 1,
                        started.elapsed().as_secs_f64()
                    );
                    runs.push(out);
                }
                Err(e) => {
                    eprintln!("{}: {e}", file_name(&f));
                    ok = false;
                    break;
                }
            }
        }
        if runs.is_empty() {
            continue;
        }
        let groups = distinct(&runs);
        if groups.len() > 1 && !outcomes {
            ok = false;
            eprintln!(
                "{}: {} of {} runs differ from the most common: {}",
                file_name(&f),
                runs.len() - groups[0].1,
                runs.len(),
                first_difference(&comparable(&groups[0].0), &comparable(&groups[1].0))
            );
            continue;
        }
        for (k, (transcript, count)) in groups.iter().enumerate() {
            eprintln!(
                "{}: outcome {} in {count} of {} runs{}",
                file_name(&f),
                k + 1,
                runs.len(),
                if k == 0 {
                    String::new()
                } else {
                    format!(
                        " ({})",
                        first_difference(&comparable(&groups[0].0), &comparable(transcript))
                    )
                }
            );
        }
        if groups.len() > ENSEMBLE_OUTCOMES_MAX {
            ok = false;
            eprintln!(
                "{}: more than {ENSEMBLE_OUTCOMES_MAX} outcomes: not a scenario to keep",
                file_name(&f)
            );
            continue;
        }
        if record {
            match write_outcomes(&f, &groups) {
                Ok(()) => eprintln!("recorded {}", f.display()),
                Err(e) => {
                    eprintln!("{}: cannot write the golden: {e}", file_name(&f));
                    ok = false;
                }
            }
        } else {
            print!("{}", groups[0].0);
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The distinct transcripts (as the comparison sees them) with how many runs gave each, the
/// most common first (ties in the order first seen); each is kept as its first run printed it.
fn distinct(runs: &[String]) -> Vec<(String, usize)> {
    let mut groups: Vec<(String, usize)> = Vec::new();
    for r in runs {
        match groups
            .iter_mut()
            .find(|(g, _)| comparable(g) == comparable(r))
        {
            Some((_, n)) => *n += 1,
            None => groups.push((r.clone(), 1)),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.1));
    groups
}

/// Writes the golden and the other outcomes, and removes outcome files left from before.
fn write_outcomes(scenario: &Path, groups: &[(String, usize)]) -> std::io::Result<()> {
    for (k, (transcript, _)) in groups.iter().enumerate() {
        let path = match k {
            0 => ensemble_golden_path(scenario),
            _ => ensemble_outcome_path(scenario, k + 1),
        };
        std::fs::write(path, transcript)?;
    }
    for k in groups.len() + 1..=ENSEMBLE_OUTCOMES_MAX {
        let stale = ensemble_outcome_path(scenario, k);
        if stale.exists() {
            std::fs::remove_file(stale)?;
        }
    }
    Ok(())
}
