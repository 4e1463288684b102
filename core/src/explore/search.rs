//! Running one schedule, and the random search over seeds and schedules. A run is the
//! scenario's own lines with the seed's `seed` line, then the schedule's lines; the world after
//! the scenario's lines is kept per seed and cloned for each schedule tried with it, so a run
//! costs only its faults and its horizon.

use crate::recipes::monitor::Property;
use crate::script::ensemble_lines::EnsembleConfig;
use crate::script::{parse_script, parse_script_in, EntryKind, Runner, SimulationBackend, Step};
use crate::sim::rng::Rng;

use super::space::{draw, Budget, Schedule, Space};

/// A broken property seen in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub property: Property,
    pub detail: String,
    /// The transcript's step (1-based, as `zkplay run` numbers them) that reported it.
    pub step: usize,
}

/// Which violations count: `Any` is every property ZooKeeper guarantees, so not a stale read
/// (allowed without `sync`: only a search for that property looks for one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    Any,
    One(Property),
}

impl Wanted {
    pub fn matches(self, p: Property) -> bool {
        match self {
            Wanted::Any => p != Property::ReadsSeeAcknowledgedWrites,
            Wanted::One(w) => w == p,
        }
    }
}

/// Runs steps on a runner until one reports a wanted violation; the first such, if any.
fn run_until_hit(
    runner: &mut Runner<SimulationBackend>,
    steps: &[Step],
    wanted: Wanted,
) -> Option<Hit> {
    for step in steps {
        if runner.refused {
            return None;
        }
        let from = runner.entries.len();
        runner.run_step(step);
        for e in &runner.entries[from..] {
            if let EntryKind::Violation(v) = &e.kind {
                if wanted.matches(v.property) {
                    return Some(Hit {
                        property: v.property,
                        detail: v.detail.to_string(),
                        step: e.step,
                    });
                }
            }
        }
    }
    None
}

/// The scenario's lines without their `seed` line, ready to be run with any seed.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The scenario's text lines, less its `seed` lines.
    pub lines: Vec<String>,
    /// The seed the scenario asked for (0 without a `seed` line).
    pub seed: u64,
    pub space: Space,
    /// The ensemble's settings, for parsing server lines (none on a standalone server).
    pub ensemble: Option<EnsembleConfig>,
}

impl Scenario {
    /// The scenario of a script, and its parsed steps (as written, seed line included).
    pub fn of(text: &str) -> (Scenario, Vec<Step>) {
        let steps = parse_script(text);
        let mut seed = 0;
        let mut ensemble = None;
        for s in &steps {
            match &s.kind {
                crate::script::StepKind::Sim(crate::script::parse::SimCommand::Seed(n)) => {
                    seed = *n
                }
                crate::script::StepKind::Ensemble(c) => ensemble = Some(c.clone()),
                _ => {}
            }
        }
        let lines = text
            .lines()
            .filter(|l| !is_seed_line(l))
            .map(str::to_string)
            .collect();
        let space = Space::of(&steps);
        (
            Scenario {
                lines,
                seed,
                space,
                ensemble,
            },
            steps,
        )
    }

    /// The whole script of a schedule: its `seed` line, the scenario's lines, the faults.
    pub fn script(&self, schedule: &Schedule) -> String {
        let mut out = format!("seed {}\n", schedule.seed);
        for l in self.lines.iter().chain(schedule.lines(&self.space).iter()) {
            out.push_str(l);
            out.push('\n');
        }
        out
    }

    fn parse_more(&self, text: &str) -> Vec<Step> {
        match &self.ensemble {
            Some(c) => parse_script_in(text, c),
            None => parse_script(text),
        }
    }
}

fn is_seed_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some("seed") && words.next().is_some() && words.next().is_none()
}

/// Runs a whole script from its text, as `zkplay run` does: the first wanted violation.
pub fn run_text(text: &str, wanted: Wanted) -> Option<Hit> {
    let steps = parse_script(text);
    let seed = crate::sim::SimConfig::default().seed;
    let mut runner = Runner::new(SimulationBackend::for_script(seed, &steps));
    run_until_hit(&mut runner, &steps, wanted)
}

/// The backend for a search's runs: as `zkplay run`'s, with no event log kept (nobody reads
/// it, and keeping it costs a copy per event).
fn quiet_backend(steps: &[Step]) -> SimulationBackend {
    let config = crate::sim::SimConfig {
        log_entries_max: 0,
        ..crate::sim::SimConfig::default()
    };
    if crate::script::ensemble_backend::has_ensemble(steps) {
        SimulationBackend::for_script(config.seed, steps)
    } else {
        SimulationBackend::new(config)
    }
}

/// Runs schedules of one scenario, keeping the world after the scenario's lines per seed.
#[derive(Clone, Debug)]
pub struct Trials {
    pub scenario: Scenario,
    wanted: Wanted,
    /// The seed whose world is kept, that world (after the scenario's lines, transcript
    /// cleared), and what the scenario's lines broke by themselves.
    kept: Option<(u64, Runner<SimulationBackend>, Option<Hit>)>,
}

impl Trials {
    pub fn new(scenario: Scenario, wanted: Wanted) -> Trials {
        Trials {
            scenario,
            wanted,
            kept: None,
        }
    }

    /// Runs one schedule: the first wanted violation, if any (its step is the run's own, not
    /// the whole script's: [`run_text`] numbers it as the script does).
    pub fn run(&mut self, schedule: &Schedule) -> Option<Hit> {
        if self.kept.as_ref().map(|k| k.0) != Some(schedule.seed) {
            let mut text = format!("seed {}\n", schedule.seed);
            for l in &self.scenario.lines {
                text.push_str(l);
                text.push('\n');
            }
            let steps = parse_script(&text);
            let mut runner = Runner::new(quiet_backend(&steps));
            let hit = run_until_hit(&mut runner, &steps, self.wanted);
            runner.entries.clear();
            self.kept = Some((schedule.seed, runner, hit));
        }
        let (_, kept, hit) = self.kept.as_ref()?;
        if hit.is_some() {
            return hit.clone();
        }
        let steps = self
            .scenario
            .parse_more(&schedule.lines(&self.scenario.space).join("\n"));
        let mut runner = kept.clone();
        run_until_hit(&mut runner, &steps, self.wanted)
    }
}

/// Schedules tried on one seed before the search draws another (the seed's world after the
/// scenario's lines is reused for them).
pub const SCHEDULES_PER_SEED: u64 = 16;

/// Seeds are drawn below this, so scripts carry short numbers.
pub const SEED_MAX: u64 = 999_999;

/// The random search, resumable: run 1 is the scenario with no fault on its own seed; every
/// later run draws a schedule within the budget (and a new seed every [`SCHEDULES_PER_SEED`]
/// runs), until one breaks a wanted property or `runs_max` runs are done. A hit is confirmed
/// by running its whole script from text before it counts. [`Search::advance`] makes a few
/// runs at a time, so a page can search in slices and show its progress; sliced or at once,
/// the runs are the same.
#[derive(Clone, Debug)]
pub struct Search {
    trials: Trials,
    budget: Budget,
    horizon_ms: u64,
    runs_max: u64,
    rng: Rng,
    /// The seed of the runs now.
    seed: u64,
    pub runs: u64,
    pub faults_tried: u64,
    /// The failing schedule, once found.
    pub found: Option<(Schedule, Hit)>,
}

impl Search {
    pub fn new(
        scenario: Scenario,
        wanted: Wanted,
        budget: Budget,
        horizon_ms: u64,
        runs_max: u64,
        search_seed: u64,
    ) -> Search {
        let seed = scenario.seed;
        Search {
            trials: Trials::new(scenario, wanted),
            budget,
            horizon_ms,
            runs_max,
            rng: Rng::derive(search_seed, "explore"),
            seed,
            runs: 0,
            faults_tried: 0,
            found: None,
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.trials.scenario
    }

    /// Whether the search is over: a failure found, or every run made.
    pub fn is_done(&self) -> bool {
        self.found.is_some() || self.runs >= self.runs_max
    }

    /// Makes at most `runs` more runs; whether the search is over.
    pub fn advance(&mut self, runs: u64) -> bool {
        let mut left = runs;
        while left > 0 && !self.is_done() {
            left -= 1;
            self.run_next();
        }
        self.is_done()
    }

    fn run_next(&mut self) {
        let faults = if self.runs == 0 {
            Vec::new()
        } else {
            if self.runs.is_multiple_of(SCHEDULES_PER_SEED) {
                self.seed = self.rng.range_inclusive(0, SEED_MAX);
            }
            draw(
                &mut self.rng,
                self.budget,
                &self.trials.scenario.space,
                self.horizon_ms,
            )
        };
        self.runs += 1;
        self.faults_tried = self
            .faults_tried
            .saturating_add(u64::try_from(faults.len()).unwrap_or(u64::MAX));
        let schedule = Schedule {
            seed: self.seed,
            faults,
            horizon_ms: self.horizon_ms,
        };
        if self.trials.run(&schedule).is_some() {
            let script = self.trials.scenario.script(&schedule);
            if let Some(hit) = run_text(&script, self.trials.wanted) {
                self.found = Some((schedule, hit));
            }
        }
    }
}
