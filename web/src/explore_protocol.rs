//! The messages between the page and a "find a failure" worker (`explore_worker.rs`), as plain
//! JavaScript objects: a [`SearchRequest`] to the worker, [`Report`]s back. No yew here: the
//! worker's bundle links this module and `zkplay_core::explore`, nothing of the page.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use zkplay_core::explore::{property_named, Budget, ExploreConfig, ExploreError};
use zkplay_core::recipes::monitor::Property;

use crate::state::explore::SearchForm;

/// One worker's search: the scenario, the property's console name (`lock`, `any`, …), the
/// budget, the horizon, its share of the runs and its own search seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    pub script: String,
    pub property: String,
    pub budget: Budget,
    pub horizon_ms: u64,
    pub runs_max: u64,
    pub search_seed: u64,
}

impl SearchRequest {
    /// The search's configuration, or why it cannot start.
    pub fn config(&self) -> Result<ExploreConfig, ExploreError> {
        Ok(ExploreConfig {
            property: property_named(&self.property)?,
            budget: self.budget,
            horizon_ms: self.horizon_ms,
            runs_max: self.runs_max,
            search_seed: self.search_seed,
        })
    }

    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "script", &self.script.as_str().into());
        set(&o, "property", &self.property.as_str().into());
        set_budget(&o, self.budget);
        set_u64(&o, "horizon_ms", self.horizon_ms);
        set_u64(&o, "runs_max", self.runs_max);
        set_u64(&o, "search_seed", self.search_seed);
        o.into()
    }

    /// A request from a message; `None` for anything else (a worker ignores it).
    pub fn from_js(v: &JsValue) -> Option<SearchRequest> {
        let n = |k: &str| get_u64(v, k);
        Some(SearchRequest {
            script: get_string(v, "script")?,
            property: get_string(v, "property")?,
            budget: get_budget(v)?,
            horizon_ms: n("horizon_ms")?,
            runs_max: n("runs_max")?,
            search_seed: n("search_seed")?,
        })
    }
}

/// A search the page starts by itself (a lesson step's "show me"), as the page hands it to
/// the tools: its number (the tools start each number once), the scenario and the form.
pub fn page_request_to_js(number: u64, scenario: &str, f: &SearchForm) -> JsValue {
    let o = Object::new();
    set_u64(&o, "number", number);
    set(&o, "scenario", &scenario.into());
    set(&o, "property", &f.property.as_str().into());
    set_budget(&o, f.budget);
    set_u64(&o, "horizon_ms", f.horizon_ms);
    set_u64(&o, "runs", f.runs);
    set_u64(&o, "seed", f.seed);
    set_u64(&o, "workers", u64::from(f.workers));
    o.into()
}

/// The page's search request, from what [`page_request_to_js`] made; `None` for none.
pub fn page_request_from_js(v: &JsValue) -> Option<(u64, String, SearchForm)> {
    let n = |k: &str| get_u64(v, k);
    Some((
        n("number")?,
        get_string(v, "scenario")?,
        SearchForm {
            property: get_string(v, "property")?,
            budget: get_budget(v)?,
            horizon_ms: n("horizon_ms")?,
            runs: n("runs")?,
            seed: n("seed")?,
            workers: n("workers").and_then(|x| u32::try_from(x).ok())?,
        },
    ))
}

/// What a worker found, as the page shows it and loads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundReport {
    /// The shrunk script, runnable as it stands.
    pub script: String,
    /// The script's step (1-based, as `zkplay run` numbers them) that reports the violation.
    pub step: u64,
    pub property: Property,
    pub detail: String,
    pub runs: u64,
    pub shrink_runs: u64,
    pub faults_tried: u64,
    /// The faults left in the shrunk script.
    pub faults: u64,
}

/// Why a search could not start, as the page words it in its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorReport {
    BadLine {
        line: u64,
        message: String,
    },
    NoFaultsAllowed,
    NothingToFault,
    PropertyNotApplicable {
        property: Property,
    },
    UnknownProperty(String),
    HorizonOutOfRange(u64),
    RunsOutOfRange(u64),
    BudgetOutOfRange(u64),
    /// The message was no search request.
    BadRequest,
}

impl From<&ExploreError> for ErrorReport {
    fn from(e: &ExploreError) -> ErrorReport {
        match e {
            ExploreError::BadLine { line, message } => ErrorReport::BadLine {
                line: *line as u64,
                message: message.clone(),
            },
            ExploreError::NoFaultsAllowed => ErrorReport::NoFaultsAllowed,
            ExploreError::NothingToFault => ErrorReport::NothingToFault,
            ExploreError::PropertyNotApplicable { property, .. } => {
                ErrorReport::PropertyNotApplicable {
                    property: *property,
                }
            }
            ExploreError::UnknownProperty(name) => ErrorReport::UnknownProperty(name.clone()),
            ExploreError::HorizonOutOfRange(ms) => ErrorReport::HorizonOutOfRange(*ms),
            ExploreError::RunsOutOfRange(n) => ErrorReport::RunsOutOfRange(*n),
            ExploreError::BudgetOutOfRange(n) => ErrorReport::BudgetOutOfRange(u64::from(*n)),
        }
    }
}

/// A worker's message to the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// The runs made so far, the faults they tried, the worker's time so far.
    Progress {
        runs: u64,
        faults: u64,
        elapsed_ms: u64,
    },
    Found {
        found: FoundReport,
        elapsed_ms: u64,
    },
    /// The worker made all its runs and found nothing.
    NotFound {
        runs: u64,
        faults: u64,
        elapsed_ms: u64,
    },
    Error(ErrorReport),
}

impl Report {
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        let kind = |k: &str| set(&o, "kind", &k.into());
        match self {
            Report::Progress {
                runs,
                faults,
                elapsed_ms,
            }
            | Report::NotFound {
                runs,
                faults,
                elapsed_ms,
            } => {
                kind(if matches!(self, Report::Progress { .. }) {
                    "progress"
                } else {
                    "none"
                });
                set_u64(&o, "runs", *runs);
                set_u64(&o, "faults", *faults);
                set_u64(&o, "elapsed_ms", *elapsed_ms);
            }
            Report::Found { found, elapsed_ms } => {
                kind("found");
                set(&o, "script", &found.script.as_str().into());
                set_u64(&o, "step", found.step);
                set(&o, "property", &found.property.name().into());
                set(&o, "detail", &found.detail.as_str().into());
                set_u64(&o, "runs", found.runs);
                set_u64(&o, "shrink_runs", found.shrink_runs);
                set_u64(&o, "faults_tried", found.faults_tried);
                set_u64(&o, "faults", found.faults);
                set_u64(&o, "elapsed_ms", *elapsed_ms);
            }
            Report::Error(e) => {
                kind("error");
                let (code, number, text) = match e {
                    ErrorReport::BadLine { line, message } => ("bad-line", *line, message.clone()),
                    ErrorReport::NoFaultsAllowed => ("no-faults", 0, String::new()),
                    ErrorReport::NothingToFault => ("nothing-to-fault", 0, String::new()),
                    ErrorReport::PropertyNotApplicable { property } => {
                        ("not-applicable", 0, property.name().to_string())
                    }
                    ErrorReport::UnknownProperty(name) => ("unknown-property", 0, name.clone()),
                    ErrorReport::HorizonOutOfRange(ms) => ("horizon", *ms, String::new()),
                    ErrorReport::RunsOutOfRange(n) => ("runs", *n, String::new()),
                    ErrorReport::BudgetOutOfRange(n) => ("budget", *n, String::new()),
                    ErrorReport::BadRequest => ("bad-request", 0, String::new()),
                };
                set(&o, "code", &code.into());
                set_u64(&o, "number", number);
                set(&o, "text", &text.as_str().into());
            }
        }
        o.into()
    }

    /// A report from a worker's message; `None` for anything else.
    pub fn from_js(v: &JsValue) -> Option<Report> {
        let n = |k: &str| get_u64(v, k);
        let s = |k: &str| get_string(v, k);
        match s("kind")?.as_str() {
            "progress" => Some(Report::Progress {
                runs: n("runs")?,
                faults: n("faults")?,
                elapsed_ms: n("elapsed_ms")?,
            }),
            "none" => Some(Report::NotFound {
                runs: n("runs")?,
                faults: n("faults")?,
                elapsed_ms: n("elapsed_ms")?,
            }),
            "found" => Some(Report::Found {
                found: FoundReport {
                    script: s("script")?,
                    step: n("step")?,
                    property: property_of(&s("property")?)?,
                    detail: s("detail")?,
                    runs: n("runs")?,
                    shrink_runs: n("shrink_runs")?,
                    faults_tried: n("faults_tried")?,
                    faults: n("faults")?,
                },
                elapsed_ms: n("elapsed_ms")?,
            }),
            "error" => {
                let number = n("number")?;
                let text = s("text")?;
                Some(Report::Error(match s("code")?.as_str() {
                    "bad-line" => ErrorReport::BadLine {
                        line: number,
                        message: text,
                    },
                    "no-faults" => ErrorReport::NoFaultsAllowed,
                    "nothing-to-fault" => ErrorReport::NothingToFault,
                    "not-applicable" => ErrorReport::PropertyNotApplicable {
                        property: property_of(&text)?,
                    },
                    "unknown-property" => ErrorReport::UnknownProperty(text),
                    "horizon" => ErrorReport::HorizonOutOfRange(number),
                    "runs" => ErrorReport::RunsOutOfRange(number),
                    "budget" => ErrorReport::BudgetOutOfRange(number),
                    _ => ErrorReport::BadRequest,
                }))
            }
            _ => None,
        }
    }
}

/// A property by its own name (`Property::name`).
pub fn property_of(name: &str) -> Option<Property> {
    Property::ALL.into_iter().find(|p| p.name() == name)
}

/// A budget's faults of each kind, as fields of `o`.
fn set_budget(o: &Object, b: Budget) {
    for (k, v) in [
        ("crashes", b.crashes),
        ("pauses", b.pauses),
        ("partitions", b.partitions),
        ("server_crashes", b.server_crashes),
        ("delays", b.delays),
    ] {
        set(o, k, &f64::from(v).into());
    }
}

fn get_budget(v: &JsValue) -> Option<Budget> {
    let n32 = |k: &str| get_u64(v, k).and_then(|x| u32::try_from(x).ok());
    Some(Budget {
        crashes: n32("crashes")?,
        pauses: n32("pauses")?,
        partitions: n32("partitions")?,
        server_crashes: n32("server_crashes")?,
        delays: n32("delays")?,
    })
}

fn set(o: &Object, k: &str, v: &JsValue) {
    // Setting a field of a fresh plain object cannot fail.
    let _ = Reflect::set(o, &k.into(), v);
}

/// Numbers travel as JavaScript numbers: exact up to 2^53, more than any count or seed here
/// reaches (a seed past it is refused as a request).
fn set_u64(o: &Object, k: &str, v: u64) {
    set(o, k, &(v as f64).into());
}

fn get_u64(v: &JsValue, k: &str) -> Option<u64> {
    let x = Reflect::get(v, &k.into()).ok()?.as_f64()?;
    (x >= 0.0 && x.fract() == 0.0 && x <= MAX_SAFE_INTEGER).then_some(x as u64)
}

const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

fn get_string(v: &JsValue, k: &str) -> Option<String> {
    Reflect::get(v, &k.into()).ok()?.as_string()
}
