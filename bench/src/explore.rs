//! "Find a failure"'s speed: runs per second of `zkplay_core::explore` on a 3-client fenced lock
//! (so no run fails and the search goes to its last run), on the standalone server and on a
//! 3-server ensemble, with and without delay faults.

use zkplay_core::explore::{explore, Budget, ExploreConfig, Outcome};

const STANDALONE_LOCK: &str = "recipe lock /locks/db on a,b,c hold=20000 fencing=on\n";
const ENSEMBLE_LOCK: &str = "ensemble 3\nrecipe lock /locks/db on a,b,c hold=20000 fencing=on\n";

/// One timed search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExploreRun {
    pub runs: u64,
    pub faults_tried: u64,
    /// Whether the search found a failure (it should not: the lock is fenced).
    pub found: bool,
    pub wall_ms: f64,
}

impl ExploreRun {
    pub fn runs_per_second(&self) -> f64 {
        self.runs as f64 * 1000.0 / self.wall_ms.max(0.001)
    }
}

/// Times a search of `runs` runs: one crash, one pause, one partition and one server crash at
/// most per run (and one delay with `delays`), a 60 s horizon.
pub fn search(ensemble: bool, runs: u64, delays: bool) -> ExploreRun {
    let config = ExploreConfig {
        property: None,
        budget: Budget {
            crashes: 1,
            pauses: 1,
            partitions: 1,
            server_crashes: 1,
            delays: u32::from(delays),
        },
        runs_max: runs,
        ..ExploreConfig::default()
    };
    let script = if ensemble {
        ENSEMBLE_LOCK
    } else {
        STANDALONE_LOCK
    };
    let start = crate::clock::now_ms();
    let outcome = explore(script, &config);
    let wall_ms = crate::clock::now_ms() - start;
    match outcome {
        Ok(Outcome::NotFound { runs, faults_tried }) => ExploreRun {
            runs,
            faults_tried,
            found: false,
            wall_ms,
        },
        Ok(Outcome::Found(f)) => ExploreRun {
            runs: f.runs_searched + f.shrink_runs,
            faults_tried: f.faults_tried,
            found: true,
            wall_ms,
        },
        Err(_) => ExploreRun {
            runs: 0,
            faults_tried: 0,
            found: true,
            wall_ms,
        },
    }
}
