//! "Find a failure": searches seeds and fault schedules for a run of a scenario that breaks a
//! safety property, shrinks the first one found to the shortest script that still fails, and
//! returns it as a runnable script. `space` holds the budget and how a schedule is drawn and
//! written as script lines, `search` the runs and the random search, `shrink` the shrinking,
//! `report` the found script with its comments. Pure and deterministic: the same script and
//! config give the same outcome, natively and in wasm.

pub mod report;
pub mod search;
pub mod shrink;
pub mod space;

use std::fmt;

use crate::recipes::monitor::Property;
use crate::recipes::RecipeKind;
use crate::script::StepKind;

pub use search::{Hit, Scenario, Wanted};
pub use space::{Budget, Fault, Schedule, Space, Target, Timed};

/// What to search for, with what, for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExploreConfig {
    /// The property to break; `None` for any.
    pub property: Option<Property>,
    pub budget: Budget,
    /// How long each run goes on after the scenario's own lines (simulated ms).
    pub horizon_ms: u64,
    /// The most runs of the search (shrinking comes on top).
    pub runs_max: u64,
    /// The search's own seed (which seeds and schedules it draws).
    pub search_seed: u64,
}

impl Default for ExploreConfig {
    fn default() -> Self {
        ExploreConfig {
            property: None,
            budget: Budget::default(),
            horizon_ms: HORIZON_MS_DEFAULT,
            runs_max: RUNS_DEFAULT,
            search_seed: 0,
        }
    }
}

pub const HORIZON_MS_DEFAULT: u64 = 60_000;
pub const HORIZON_MS_MAX: u64 = crate::bounds::TICK_MS_MAX;
pub const RUNS_DEFAULT: u64 = 1_000;
pub const RUNS_MAX: u64 = 10_000_000;

/// What the search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Found(Found),
    NotFound { runs: u64, faults_tried: u64 },
}

/// A failure, shrunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The runnable script, with comments naming the violation and its step.
    pub script: String,
    /// The step (1-based, as `zkplay run` numbers them) that reports the violation.
    pub step: usize,
    pub property: Property,
    /// The violation's detail, as the transcript prints it.
    pub detail: String,
    /// The search's runs up to the failure (the shrinking's are `shrink_runs`).
    pub runs_searched: u64,
    pub shrink_runs: u64,
    /// The faults the search tried before it found the failure.
    pub faults_tried: u64,
    /// The faults left in the shrunk script.
    pub faults: usize,
}

/// Why a search cannot start. `Display` is a sentence for a console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    /// A line of the scenario does not parse.
    BadLine {
        line: usize,
        message: String,
    },
    /// The budget allows no fault at all.
    NoFaultsAllowed,
    /// The budget allows only faults the scenario has nothing to apply to (client faults and
    /// no client).
    NothingToFault,
    /// The property is never checked in this scenario.
    PropertyNotApplicable {
        property: Property,
        needs: &'static str,
    },
    /// A property name that names nothing the simulation checks.
    UnknownProperty(String),
    HorizonOutOfRange(u64),
    RunsOutOfRange(u64),
    /// A budget past [`space::FAULTS_PER_KIND_MAX`] of one kind.
    BudgetOutOfRange(u32),
}

impl fmt::Display for ExploreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExploreError::BadLine { line, message } => {
                write!(f, "line {line} of the scenario does not parse: {message}")
            }
            ExploreError::NoFaultsAllowed => f.write_str(
                "no faults allowed: give a budget (--crashes, --pauses, --partitions, --server-crashes or --delays N)",
            ),
            ExploreError::NothingToFault => f.write_str(
                "the budget allows only client faults and the scenario opens no client session",
            ),
            ExploreError::PropertyNotApplicable { property, needs } => write!(
                f,
                "the property '{property}' is never checked in this scenario: it needs {needs}"
            ),
            ExploreError::UnknownProperty(name) => write!(
                f,
                "unknown property '{name}': expected {}",
                PROPERTY_NAMES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ExploreError::HorizonOutOfRange(ms) => write!(
                f,
                "the horizon must be from {} to {HORIZON_MS_MAX} ms, not {ms}",
                space::GRID_MS
            ),
            ExploreError::RunsOutOfRange(n) => {
                write!(f, "the runs must be from 1 to {RUNS_MAX}, not {n}")
            }
            ExploreError::BudgetOutOfRange(n) => write!(
                f,
                "at most {} faults of one kind, not {n}",
                space::FAULTS_PER_KIND_MAX
            ),
        }
    }
}

/// The names a console takes for a property: short ones, then every property's own name.
pub const PROPERTY_NAMES: [(&str, Option<Property>); 8] = [
    ("any", None),
    ("lock", Some(Property::AtMostOneLockHolder)),
    ("master", Some(Property::AtMostOneMaster)),
    ("writes", Some(Property::AcknowledgedWritesSurvive)),
    ("zxids", Some(Property::ClientZxidsGrow)),
    ("logs", Some(Property::CommittedLogsAgree)),
    ("watches", Some(Property::NoLostOrDoubledWatchEvent)),
    ("stale-read", Some(Property::ReadsSeeAcknowledgedWrites)),
];

/// The property a console names (`lock`, `master`, `writes`, `zxids`, `logs`, `watches`,
/// `stale-read`, `any`, or a property's own name such as "at most one lock holder").
/// `Ok(None)` is any property: every one ZooKeeper guarantees, so not `stale-read` (a read
/// without `sync` may lag on a follower, by design).
pub fn property_named(name: &str) -> Result<Option<Property>, ExploreError> {
    let name = name.trim();
    if let Some((_, p)) = PROPERTY_NAMES.iter().find(|(n, _)| *n == name) {
        return Ok(*p);
    }
    if let Some(p) = Property::ALL.iter().find(|p| p.name() == name) {
        return Ok(Some(*p));
    }
    Err(ExploreError::UnknownProperty(name.to_string()))
}

/// What a scenario needs for the property to be checked at all (`None`: always checked).
fn needs(property: Property, space: &Space) -> Option<&'static str> {
    let has = |kinds: &[RecipeKind]| space.kinds.iter().any(|k| kinds.contains(k));
    match property {
        Property::AtMostOneLockHolder if !has(&[RecipeKind::Lock, RecipeKind::LockNaive]) => {
            Some("a lock or lock-naive recipe")
        }
        Property::AtMostOneMaster
            if !has(&[
                RecipeKind::Election,
                RecipeKind::ElectionNaive,
                RecipeKind::MwMaster,
            ]) =>
        {
            Some("an election, election-naive or mw-master recipe")
        }
        Property::AtMostOneWriter | Property::NoWriterWithReader
            if !has(&[RecipeKind::RwRead, RecipeKind::RwWrite]) =>
        {
            Some("an rwlock-read or rwlock-write recipe")
        }
        Property::QueueItemsOnce if !has(&[RecipeKind::QueueConsumer]) => {
            Some("a queue-consumer recipe")
        }
        Property::NoEarlyEntry if !has(&[RecipeKind::DoubleBarrier]) => {
            Some("a double-barrier recipe")
        }
        Property::UniqueNames | Property::TasksOnce if space.kinds.is_empty() => Some("a recipe"),
        Property::OneLeaderPerEpoch
        | Property::NoPeerAnomaly
        | Property::ReadsSeeAcknowledgedWrites
            if space.servers == 0 =>
        {
            Some("an ensemble (an 'ensemble N' line)")
        }
        _ => None,
    }
}

/// Checks the input, searches, and shrinks what it finds. Never panics.
pub fn explore(script: &str, config: &ExploreConfig) -> Result<Outcome, ExploreError> {
    let mut explorer = Explorer::new(script, config)?;
    loop {
        if let Some(outcome) = explorer.advance(RUNS_MAX) {
            return Ok(outcome.clone());
        }
    }
}

/// A search in slices, for a caller that shows progress or must yield (the page):
/// [`Explorer::advance`] makes a few runs and, once the search is over, shrinks what it found
/// and holds the outcome. The same runs as [`explore`], whatever the slices.
#[derive(Clone, Debug)]
pub struct Explorer {
    search: search::Search,
    outcome: Option<Outcome>,
}

impl Explorer {
    /// Checks the input and prepares the search.
    pub fn new(script: &str, config: &ExploreConfig) -> Result<Explorer, ExploreError> {
        if config.horizon_ms < space::GRID_MS || config.horizon_ms > HORIZON_MS_MAX {
            return Err(ExploreError::HorizonOutOfRange(config.horizon_ms));
        }
        if config.runs_max == 0 || config.runs_max > RUNS_MAX {
            return Err(ExploreError::RunsOutOfRange(config.runs_max));
        }
        let b = config.budget;
        for n in [
            b.crashes,
            b.pauses,
            b.partitions,
            b.server_crashes,
            b.delays,
        ] {
            if n > space::FAULTS_PER_KIND_MAX {
                return Err(ExploreError::BudgetOutOfRange(n));
            }
        }
        if b.total() == 0 {
            return Err(ExploreError::NoFaultsAllowed);
        }
        let (scenario, steps) = Scenario::of(script);
        for s in &steps {
            if let StepKind::Invalid(message) = &s.kind {
                return Err(ExploreError::BadLine {
                    line: s.line,
                    message: message.clone(),
                });
            }
        }
        if let Some(p) = config.property {
            if let Some(needs) = needs(p, &scenario.space) {
                return Err(ExploreError::PropertyNotApplicable { property: p, needs });
            }
        }
        let budget = scenario.space.usable(b);
        if budget.total() == 0 {
            return Err(ExploreError::NothingToFault);
        }
        let wanted = config.property.map_or(Wanted::Any, Wanted::One);
        Ok(Explorer {
            search: search::Search::new(
                scenario,
                wanted,
                budget,
                config.horizon_ms,
                config.runs_max,
                config.search_seed,
            ),
            outcome: None,
        })
    }

    /// The search's runs so far and the faults they tried.
    pub fn progress(&self) -> (u64, u64) {
        (self.search.runs, self.search.faults_tried)
    }

    /// Makes at most `runs` more runs; the outcome once the search is over (a failure found is
    /// shrunk within the call that finds it).
    pub fn advance(&mut self, runs: u64) -> Option<&Outcome> {
        if self.outcome.is_none() && self.search.advance(runs) {
            self.outcome = Some(self.finish());
        }
        self.outcome.as_ref()
    }

    fn finish(&self) -> Outcome {
        let s = &self.search;
        let Some((schedule, hit)) = s.found.clone() else {
            return Outcome::NotFound {
                runs: s.runs,
                faults_tried: s.faults_tried,
            };
        };
        let scenario = s.scenario();
        let shrunk = shrink::shrink(scenario, schedule, hit);
        let faults = shrunk.schedule.faults.len();
        let script = report::found_script(scenario, &shrunk.schedule, &shrunk.hit);
        Outcome::Found(Found {
            script,
            step: shrunk.hit.step,
            property: shrunk.hit.property,
            detail: shrunk.hit.detail,
            runs_searched: s.runs,
            shrink_runs: shrunk.runs,
            faults_tried: s.faults_tried,
            faults,
        })
    }
}

/// The event at which `script` (a found failure) first reports a violation of `property`, as
/// a sandbox loading the script numbers its events: where a timeline marks it. `None` if the
/// script does not load or reports none.
pub fn violation_event(script: &str, property: Property) -> Option<u64> {
    let mut loading = crate::load::Loading::new(script).ok()?;
    // Each slice delivers events; a script is finite, so this ends (bounded all the same).
    let mut slices = 0u32;
    while !loading.run(100_000) {
        slices += 1;
        if slices > 10_000 {
            return None;
        }
    }
    loading
        .into_sandbox()
        .violations()
        .into_iter()
        .find(|v| v.property == property)
        .map(|v| v.step)
}
