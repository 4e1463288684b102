//! `zk-ensemble [--record] [--repeat N] [SCRIPT…]`: runs each ensemble scenario on a fresh real
//! ensemble (Debian's ZooKeeper 3.8, one process per server) and prints (or, with `--record`,
//! writes to `tests/ensemble_golden/`) its JSON transcript. With `--repeat N` each scenario runs
//! N times and the recorder says whether the runs agree (a golden is only written when they
//! all do), which is how the scenarios' determinism on real servers is checked.

use std::process::ExitCode;
use std::time::Instant;

use zkplay_tests::ensemble::{comparable, record_ensemble};
use zkplay_tests::{
    ensemble_golden_path, ensemble_scenarios, file_name, first_difference, recorder_args,
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
        let Some(first) = runs.first() else {
            continue;
        };
        let disagreeing: Vec<usize> = runs
            .iter()
            .enumerate()
            .filter(|(_, r)| comparable(r) != comparable(first))
            .map(|(i, _)| i + 1)
            .collect();
        if !disagreeing.is_empty() {
            ok = false;
            eprintln!(
                "{}: runs {disagreeing:?} differ from run 1: {}",
                file_name(&f),
                first_difference(first, &runs[disagreeing[0] - 1])
            );
            continue;
        }
        if repeat > 1 {
            eprintln!("{}: all {repeat} runs agree", file_name(&f));
        }
        if record {
            if let Err(e) = std::fs::write(ensemble_golden_path(&f), first) {
                eprintln!("{}: cannot write the golden: {e}", file_name(&f));
                ok = false;
            } else {
                eprintln!("recorded {}", f.display());
            }
        } else {
            print!("{first}");
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
