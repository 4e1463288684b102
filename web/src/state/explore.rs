//! "Find a failure" on the page: the form's values, how a search is split among workers, and
//! the search's status as the workers' reports come in. Pure: the workers themselves (effects)
//! are `hooks/explore.rs`; the panel (`components/explore.rs`) renders this and dispatches.

use std::rc::Rc;

use yew::Reducible;
use zkplay_core::explore::{Budget, ExploreConfig, HORIZON_MS_DEFAULT, PROPERTY_NAMES};

use crate::explore_protocol::{ErrorReport, FoundReport, Report, SearchRequest};

/// The most workers a search uses (more cores than this gain little on a 3-client lock).
pub const WORKERS_MAX: u32 = 8;
/// The runs a search makes unless the learner asks for more or fewer.
pub const RUNS_DEFAULT: u64 = 20_000;

/// What the learner asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchForm {
    /// The property's console name (`any`, `lock`, …: `zkplay_core::explore::PROPERTY_NAMES`).
    pub property: String,
    pub budget: Budget,
    pub horizon_ms: u64,
    pub runs: u64,
    pub seed: u64,
    /// Web Workers to search with (1 to [`WORKERS_MAX`]).
    pub workers: u32,
}

impl SearchForm {
    /// The defaults: any property, one crash, one GC pause, one partition; a minute per run;
    /// as many workers as the machine has cores (up to [`WORKERS_MAX`]).
    pub fn with_cores(cores: u32) -> SearchForm {
        SearchForm {
            property: "any".into(),
            budget: Budget {
                crashes: 1,
                pauses: 1,
                partitions: 1,
                server_crashes: 0,
                delays: 0,
            },
            horizon_ms: HORIZON_MS_DEFAULT,
            runs: RUNS_DEFAULT,
            seed: 0,
            workers: cores.clamp(1, WORKERS_MAX),
        }
    }

    /// The form of a configuration (a lesson's search), on this many workers (0: as many as
    /// the panel's form has).
    pub fn of_config(c: &ExploreConfig, workers: u32) -> SearchForm {
        SearchForm {
            property: PROPERTY_NAMES
                .iter()
                .find(|(_, p)| *p == c.property)
                .map_or("any", |(n, _)| n)
                .to_string(),
            budget: c.budget,
            horizon_ms: c.horizon_ms,
            runs: c.runs_max,
            seed: c.search_seed,
            workers: workers.min(WORKERS_MAX),
        }
    }

    /// One request per worker: the runs shared out (the first workers take the remainder),
    /// worker `i` searching with seed `seed + i` — so one worker searches exactly as
    /// `zkplay explore --seed SEED --runs RUNS` does. A worker that would get no run is left
    /// out.
    pub fn requests(&self, script: &str) -> Vec<SearchRequest> {
        let workers = u64::from(self.workers.clamp(1, WORKERS_MAX)).min(self.runs.max(1));
        (0..workers)
            .map(|i| SearchRequest {
                script: script.to_string(),
                property: self.property.clone(),
                budget: self.budget,
                horizon_ms: self.horizon_ms,
                runs_max: self.runs / workers + u64::from(i < self.runs % workers),
                search_seed: self.seed.wrapping_add(i),
            })
            .collect()
    }
}

/// One worker's part of a running search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkerProgress {
    pub runs: u64,
    pub faults: u64,
    pub elapsed_ms: u64,
    pub done: bool,
}

/// A failure a worker found, and where it stands in the search's order: worker `i`'s run `k`
/// (1-based) comes at `(k - 1) × workers + i`, as if the workers took turns. The search ends
/// on the earliest failure in that order, not on the first to arrive, so the same seed and
/// workers find the same failure however fast each worker runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Best {
    pub order: u64,
    pub found: FoundReport,
    pub elapsed_ms: u64,
}

/// Why a search stopped without an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The search refused its input (core's reason).
    Refused(ErrorReport),
    /// A worker could not load or stopped (the browser's message).
    Worker(String),
}

/// Where a search is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SearchStatus {
    #[default]
    Idle,
    /// Searching: the search's id (a report of an older search is ignored), each worker's
    /// part, and the earliest failure reported so far while the workers that could still
    /// find an earlier one go on.
    Running {
        id: u64,
        workers: Vec<WorkerProgress>,
        best: Option<Box<Best>>,
    },
    /// The earliest failure found, in the search's order (see [`Best`]); the others are stopped.
    Found {
        found: FoundReport,
        /// All workers' runs when it was found.
        runs: u64,
        elapsed_ms: u64,
    },
    /// Every worker made its runs: nothing found.
    NotFound {
        runs: u64,
        faults: u64,
        elapsed_ms: u64,
        workers: usize,
    },
    Failed(Failure),
    /// Cancelled by the learner after this many runs.
    Cancelled {
        runs: u64,
        faults: u64,
    },
}

impl SearchStatus {
    /// The running search's id, if one runs (the workers live while it does).
    pub fn running(&self) -> Option<u64> {
        match self {
            SearchStatus::Running { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// All workers' runs and faults so far, and the longest worker's time.
    pub fn totals(&self) -> (u64, u64, u64) {
        match self {
            SearchStatus::Running { workers, .. } => totals(workers),
            SearchStatus::Found {
                found,
                runs,
                elapsed_ms,
            } => (*runs, found.faults_tried, *elapsed_ms),
            SearchStatus::NotFound {
                runs,
                faults,
                elapsed_ms,
                ..
            } => (*runs, *faults, *elapsed_ms),
            SearchStatus::Cancelled { runs, faults } => (*runs, *faults, 0),
            SearchStatus::Idle | SearchStatus::Failed(_) => (0, 0, 0),
        }
    }
}

/// Over when every worker is done, or when no worker still running can find a failure
/// earlier in the search's order than the best one (its next run comes after it).
fn settled(id: u64, workers: Vec<WorkerProgress>, best: Option<Box<Best>>) -> SearchStatus {
    let n = workers.len() as u64;
    let (runs, faults, elapsed_ms) = totals(&workers);
    let open = |b: &Best| {
        workers
            .iter()
            .enumerate()
            .any(|(i, w)| !w.done && w.runs.saturating_mul(n).saturating_add(i as u64) < b.order)
    };
    match best {
        Some(b) if !open(&b) => SearchStatus::Found {
            found: b.found,
            runs,
            elapsed_ms: elapsed_ms.max(b.elapsed_ms),
        },
        None if workers.iter().all(|w| w.done) => SearchStatus::NotFound {
            runs,
            faults,
            elapsed_ms,
            workers: workers.len(),
        },
        best => SearchStatus::Running { id, workers, best },
    }
}

fn totals(workers: &[WorkerProgress]) -> (u64, u64, u64) {
    workers.iter().fold((0, 0, 0), |(r, f, e), w| {
        (r + w.runs, f + w.faults, e.max(w.elapsed_ms))
    })
}

/// What changes a search's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchAction {
    /// A new search with this id on this many workers.
    Start {
        id: u64,
        workers: usize,
    },
    /// Worker `worker` of search `id` reports.
    Report {
        id: u64,
        worker: usize,
        report: Report,
    },
    /// A worker of search `id` failed to load or stopped.
    WorkerFailed {
        id: u64,
        message: String,
    },
    Cancel,
}

impl SearchStatus {
    /// The status after an action. Reports of another search than the running one are
    /// ignored (a worker's message can arrive after it was stopped).
    pub fn after(self, action: SearchAction) -> SearchStatus {
        match (self, action) {
            (_, SearchAction::Start { id, workers }) => SearchStatus::Running {
                id,
                workers: vec![WorkerProgress::default(); workers.max(1)],
                best: None,
            },
            (SearchStatus::Running { workers, .. }, SearchAction::Cancel) => {
                let (runs, faults, _) = totals(&workers);
                SearchStatus::Cancelled { runs, faults }
            }
            (
                SearchStatus::Running { id, workers, best },
                SearchAction::WorkerFailed {
                    id: failed,
                    message,
                },
            ) => {
                if id == failed {
                    SearchStatus::Failed(Failure::Worker(message))
                } else {
                    SearchStatus::Running { id, workers, best }
                }
            }
            (
                SearchStatus::Running {
                    id,
                    mut workers,
                    mut best,
                },
                SearchAction::Report {
                    id: from,
                    worker,
                    report,
                },
            ) if id == from && worker < workers.len() => {
                match report {
                    Report::Progress {
                        runs,
                        faults,
                        elapsed_ms,
                    } => {
                        workers[worker] = WorkerProgress {
                            runs,
                            faults,
                            elapsed_ms,
                            done: false,
                        };
                    }
                    Report::Found { found, elapsed_ms } => {
                        let order = found
                            .runs
                            .saturating_sub(1)
                            .saturating_mul(workers.len() as u64)
                            .saturating_add(worker as u64);
                        workers[worker].runs = found.runs;
                        workers[worker].elapsed_ms = elapsed_ms;
                        workers[worker].done = true;
                        if best.as_ref().is_none_or(|b| order < b.order) {
                            best = Some(Box::new(Best {
                                order,
                                found,
                                elapsed_ms,
                            }));
                        }
                    }
                    Report::NotFound {
                        runs,
                        faults,
                        elapsed_ms,
                    } => {
                        workers[worker] = WorkerProgress {
                            runs,
                            faults,
                            elapsed_ms,
                            done: true,
                        };
                    }
                    Report::Error(e) => return SearchStatus::Failed(Failure::Refused(e)),
                }
                settled(id, workers, best)
            }
            (status, _) => status,
        }
    }
}

impl Reducible for SearchStatus {
    type Action = SearchAction;

    fn reduce(self: Rc<Self>, action: SearchAction) -> Rc<Self> {
        Rc::new((*self).clone().after(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zkplay_core::recipes::monitor::Property;

    fn found(runs: u64) -> FoundReport {
        FoundReport {
            script: "seed 1\n".into(),
            step: 3,
            property: Property::AtMostOneLockHolder,
            detail: "two holders".into(),
            runs,
            shrink_runs: 10,
            faults_tried: 4,
            faults: 1,
        }
    }

    #[test]
    fn runs_are_shared_out_and_each_worker_has_its_own_seed() {
        let form = SearchForm {
            runs: 10,
            seed: 7,
            workers: 3,
            ..SearchForm::with_cores(3)
        };
        let r = form.requests("recipe lock /l on a,b\n");
        assert_eq!(r.iter().map(|r| r.runs_max).collect::<Vec<_>>(), [4, 3, 3]);
        assert_eq!(
            r.iter().map(|r| r.search_seed).collect::<Vec<_>>(),
            [7, 8, 9]
        );
        // Fewer runs than workers: a worker per run, none idle.
        let few = SearchForm {
            runs: 2,
            workers: 8,
            ..form.clone()
        };
        assert_eq!(few.requests("x").len(), 2);
        // One worker searches as the command line does.
        let one = SearchForm { workers: 1, ..form };
        assert_eq!(one.requests("x")[0].runs_max, 10);
        assert_eq!(one.requests("x")[0].search_seed, 7);
        assert_eq!(SearchForm::with_cores(64).workers, WORKERS_MAX);
        assert_eq!(SearchForm::with_cores(0).workers, 1);
    }

    #[test]
    fn the_first_failure_reported_ends_the_search() {
        let s = SearchStatus::Idle.after(SearchAction::Start { id: 1, workers: 2 });
        let s = s.after(SearchAction::Report {
            id: 1,
            worker: 1,
            report: Report::Progress {
                runs: 40,
                faults: 90,
                elapsed_ms: 100,
            },
        });
        assert_eq!(s.totals(), (40, 90, 100));
        let s = s.after(SearchAction::Report {
            id: 1,
            worker: 0,
            report: Report::Found {
                found: found(12),
                elapsed_ms: 150,
            },
        });
        assert_eq!(s.running(), None);
        assert_eq!(s.totals().0, 52);
        // A late report of the stopped worker changes nothing.
        let late = s.clone().after(SearchAction::Report {
            id: 1,
            worker: 1,
            report: Report::NotFound {
                runs: 50,
                faults: 99,
                elapsed_ms: 200,
            },
        });
        assert_eq!(late, s);
    }

    /// Worker 1 finds a failure at its run 5 (order 9 of 2 workers) while worker 0 is at run
    /// 3: worker 0's runs 4 and 5 come before it, so the search waits; worker 0's own failure
    /// at its run 4 (order 6) is the one, whichever arrived first.
    #[test]
    fn the_earliest_failure_in_the_search_s_order_wins_however_fast_the_workers() {
        let report = |worker, report| SearchAction::Report {
            id: 1,
            worker,
            report,
        };
        let progress = |runs| Report::Progress {
            runs,
            faults: runs,
            elapsed_ms: runs,
        };
        let hit = |runs, elapsed_ms| Report::Found {
            found: found(runs),
            elapsed_ms,
        };
        let start = SearchStatus::Idle.after(SearchAction::Start { id: 1, workers: 2 });
        let s = start
            .clone()
            .after(report(0, progress(3)))
            .after(report(1, hit(5, 50)));
        assert_eq!(
            s.running(),
            Some(1),
            "worker 0 could still find an earlier one"
        );
        let waited = s.clone().after(report(0, progress(5)));
        match &waited {
            SearchStatus::Found { found, runs, .. } => {
                assert_eq!((found.runs, *runs), (5, 10));
            }
            other => panic!("{other:?}"),
        }
        let earlier = s.after(report(0, hit(4, 40)));
        match &earlier {
            SearchStatus::Found { found, .. } => assert_eq!(found.runs, 4),
            other => panic!("{other:?}"),
        }
        // The other order of arrival gives the same answer.
        let other_way = start
            .after(report(0, hit(4, 40)))
            .after(report(1, progress(2)));
        assert_eq!(
            other_way.running(),
            Some(1),
            "worker 1's run 3 comes before"
        );
        let other_way = other_way.after(report(1, hit(5, 50)));
        match &other_way {
            SearchStatus::Found { found, .. } => assert_eq!(found.runs, 4),
            other => panic!("{other:?}"),
        }
        // A worker done with nothing found cannot beat it either.
        let done = SearchStatus::Idle
            .after(SearchAction::Start { id: 1, workers: 2 })
            .after(report(1, hit(5, 50)))
            .after(report(
                0,
                Report::NotFound {
                    runs: 2,
                    faults: 2,
                    elapsed_ms: 2,
                },
            ));
        assert!(matches!(done, SearchStatus::Found { .. }));
    }

    #[test]
    fn nothing_found_once_every_worker_is_done() {
        let mut s = SearchStatus::Idle.after(SearchAction::Start { id: 4, workers: 2 });
        for (worker, runs) in [(0, 500), (1, 400)] {
            assert!(s.running().is_some());
            s = s.after(SearchAction::Report {
                id: 4,
                worker,
                report: Report::NotFound {
                    runs,
                    faults: runs * 2,
                    elapsed_ms: runs,
                },
            });
        }
        assert_eq!(
            s,
            SearchStatus::NotFound {
                runs: 900,
                faults: 1800,
                elapsed_ms: 500,
                workers: 2
            }
        );
    }

    #[test]
    fn an_older_search_and_a_cancel_are_told_apart() {
        let s = SearchStatus::Idle.after(SearchAction::Start { id: 2, workers: 1 });
        // Search 1's worker, stopped, reports late.
        let s = s.after(SearchAction::Report {
            id: 1,
            worker: 0,
            report: Report::Found {
                found: found(3),
                elapsed_ms: 9,
            },
        });
        assert_eq!(s.running(), Some(2));
        let s = s.after(SearchAction::WorkerFailed {
            id: 1,
            message: "old".into(),
        });
        assert_eq!(s.running(), Some(2));
        let s = s.after(SearchAction::Report {
            id: 2,
            worker: 0,
            report: Report::Progress {
                runs: 7,
                faults: 8,
                elapsed_ms: 5,
            },
        });
        assert_eq!(
            s.after(SearchAction::Cancel),
            SearchStatus::Cancelled { runs: 7, faults: 8 }
        );
        let refused = SearchStatus::Idle
            .after(SearchAction::Start { id: 3, workers: 1 })
            .after(SearchAction::Report {
                id: 3,
                worker: 0,
                report: Report::Error(ErrorReport::NoFaultsAllowed),
            });
        assert_eq!(
            refused,
            SearchStatus::Failed(Failure::Refused(ErrorReport::NoFaultsAllowed))
        );
        // A new search starts afresh whatever came before.
        assert_eq!(
            refused
                .after(SearchAction::Start { id: 4, workers: 1 })
                .running(),
            Some(4)
        );
    }
}
