//! The report's "find a failure" section: runs per second of `zkplay explore`'s search,
//! natively, on the standalone server and on a 3-server ensemble.

use crate::support::field;
use crate::Run;
use zkplay_bench::run_section;

/// The targets: runs per second on the standalone server, and on the ensemble.
const STANDALONE_RUNS_PER_S_MIN: f64 = 1_000.0;
const ENSEMBLE_RUNS_PER_S_MIN: f64 = STANDALONE_RUNS_PER_S_MIN / 3.0;

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
    }
}
