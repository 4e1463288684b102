//! The report's "find a failure" section: runs per second of `zkplay explore`'s search,
//! natively, on the standalone server and on a 3-server ensemble.

use std::process::Command;

use crate::support::{command_output, field};
use crate::Run;
use zkplay_bench::run_section;

/// The targets: runs per second on the standalone server, and on the ensemble.
const STANDALONE_RUNS_PER_S_MIN: f64 = 1_000.0;
const ENSEMBLE_RUNS_PER_S_MIN: f64 = STANDALONE_RUNS_PER_S_MIN / 3.0;
/// Per Web Worker in wasm.
const WORKER_STANDALONE_RUNS_PER_S_MIN: f64 = 300.0;
const WORKER_ENSEMBLE_RUNS_PER_S_MIN: f64 = WORKER_STANDALONE_RUNS_PER_S_MIN / 3.0;

impl Run {
    pub(super) fn explore(&mut self) {
        self.line(
            "\n## Find a failure (`zkplay explore`)\n\nThe search of `core::explore` on a fenced 3-client lock (`recipe lock /locks/db on a,b,c hold=20000 fencing=on`; no run fails, so every run is made), a 60 s horizon, at most one crash, one GC pause, one partition and one server crash per run (and one link delay in the second row of each world); native, one search, wall time including the scenario's world built once per seed.\n",
        );
        self.line("| world | faults | runs | faults tried | wall (ms) | runs/s |");
        self.line("|---|---|---:|---:|---:|---:|");
        let runs = if self.quick { 300 } else { 3_000 };
        for (ensemble, name) in [(0, "standalone"), (1, "3-server ensemble")] {
            for (delays, faults) in [
                (0, "crash, pause, partition, server crash"),
                (1, "the same and a delay"),
            ] {
                let out = run_section("explore", &format!("{ensemble} {runs} {delays}"));
                let f = |k: &str| field(&out, k).unwrap_or(-1.0);
                let per_s = f("runs_per_s");
                self.line(&format!(
                    "| {name} | {faults} | {} | {} | {:.0} | {per_s:.0} |",
                    f("runs"),
                    f("faults_tried"),
                    f("wall_ms")
                ));
                if out.contains("\"found\":true") {
                    self.fail(format!(
                        "explore on the fenced lock ({name}) found a failure"
                    ));
                }
                if delays == 0 {
                    let min = if ensemble == 1 {
                        ENSEMBLE_RUNS_PER_S_MIN
                    } else {
                        STANDALONE_RUNS_PER_S_MIN
                    };
                    self.target(
                        &format!("explore runs/s, {name} (≥ {min:.0})"),
                        format!("{per_s:.0}"),
                        per_s >= min,
                    );
                }
            }
        }
        self.explore_worker(runs);
    }

    /// The same searches in the page's tools bundle (`dist/zkplay-tools*`), as one search
    /// worker runs it, under Node's V8 (`bench/explore_worker.mjs`).
    fn explore_worker(&mut self, runs: u64) {
        self.line("\nIn wasm, per Web Worker: the page's tools bundle (`dist/zkplay-tools*`, `trunk build --release`), which a search worker runs, run by `bench/explore_worker.mjs` under Node (V8, as Chromium), the same search and messages as on the page; no delays.\n");
        self.line("| world | runs | wall (ms) | runs/s |");
        self.line("|---|---:|---:|---:|");
        let dist = self.root.join("dist");
        for (ensemble, name, min) in [
            (0, "standalone", WORKER_STANDALONE_RUNS_PER_S_MIN),
            (1, "3-server ensemble", WORKER_ENSEMBLE_RUNS_PER_S_MIN),
        ] {
            let out = command_output(
                Command::new("node")
                    .arg(self.root.join("bench/explore_worker.mjs"))
                    .arg(&dist)
                    .arg(ensemble.to_string())
                    .arg(runs.to_string())
                    .arg("0"),
            );
            let out = match out {
                Ok(o) if field(&o, "runs_per_s").is_some() => o,
                Ok(o) | Err(o) => {
                    self.line(&format!("| {name} | unavailable: {} | | |", o.trim()));
                    if self.check {
                        self.fail(format!("the search worker bundle did not run ({name})"));
                    }
                    continue;
                }
            };
            let f = |k: &str| field(&out, k).unwrap_or(-1.0);
            let per_s = f("runs_per_s");
            self.line(&format!(
                "| {name} | {} | {:.0} | {per_s:.0} |",
                f("runs"),
                f("elapsed_ms")
            ));
            if out.contains("\"found\":true") {
                self.fail(format!(
                    "the search worker on the fenced lock ({name}) found a failure"
                ));
            }
            self.target(
                &format!("search worker runs/s in wasm, {name} (≥ {min:.0})"),
                format!("{per_s:.0}"),
                per_s >= min,
            );
        }
    }
}
