//! "Find a failure", drawn by the tools' bundle into the page's host element: the scenario
//! (the sandbox's script, editable), the property, the faults per run, the time per run, the
//! runs, the seed and the workers; the search's progress with Cancel; its outcome — the
//! shortest failing script, ready to load into the timeline, or how much was searched in vain,
//! or why it could not start. The status is `state/explore.rs`'s; the workers are `workers.rs`.
//!
//! The page hears the panel through a `zkplay-tools` event on the host (`detail.kind`: `load`
//! with the script, `searched` with the answer, `close`), sent once the panel's own state is
//! put away (the page may call back into the panel while it handles one).

use std::cell::RefCell;

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};
use zkplay_core::explore::{space::FAULTS_PER_KIND_MAX, violation_event, PROPERTY_NAMES};
use zkplay_core::recipes::monitor::Property;
use zkplay_core::tutorial::Lang;

use super::detail;
use super::dom::{append, el, value};
use super::words::W;
use super::workers::{FromWorker, Pool};
use crate::explore_protocol::{property_of, ErrorReport};
use crate::state::explore::{Failure, SearchAction, SearchForm, SearchStatus, WORKERS_MAX};

/// The panel while it is open.
struct Panel {
    host: HtmlElement,
    lang: Lang,
    scenario: String,
    status: SearchStatus,
    pool: Option<Pool>,
    /// The runs the running search makes in all.
    total_runs: u64,
    /// The property the last search was for (the answer names it).
    searched_property: String,
    listeners: Vec<EventListener>,
    /// The status box, redrawn as reports come in.
    status_box: Option<Element>,
}

thread_local! {
    static PANEL: RefCell<Option<Panel>> = const { RefCell::new(None) };
    /// The form as last left: kept across openings for the page's life.
    static FORM: RefCell<Option<SearchForm>> = const { RefCell::new(None) };
    /// The searches' numbers (a report of an older search is ignored).
    static NEXT_ID: RefCell<u64> = const { RefCell::new(0) };
    /// The page's own searches (a lesson's "show me") already started, by number.
    static REQUESTED: RefCell<u64> = const { RefCell::new(0) };
}

/// Events for the page, sent once the panel is put away.
type Outbox = Vec<(HtmlElement, JsValue)>;

fn with_panel(f: impl FnOnce(&mut Panel, &mut Outbox)) {
    let mut outbox = Outbox::new();
    PANEL.with(|p| {
        if let Some(panel) = p.borrow_mut().as_mut() {
            f(panel, &mut outbox);
        }
    });
    send(outbox);
}

fn send(outbox: Outbox) {
    for (host, detail) in outbox {
        super::tell_detail(&host, &detail);
    }
}

/// The machine's cores, as the browser tells them (1 when it does not).
fn cores() -> u32 {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|n| n.is_finite() && *n >= 1.0)
        .map_or(1, |n| n.min(f64::from(WORKERS_MAX)) as u32)
}

fn form() -> SearchForm {
    FORM.with(|f| f.borrow().clone())
        .unwrap_or_else(|| SearchForm::with_cores(cores()))
}

/// Opens the panel in `host` (or redraws it in another language), searching `script`; a page
/// request (`number`, scenario, form) not started yet starts now.
pub fn open(
    host: HtmlElement,
    lang: Lang,
    script: String,
    request: Option<(u64, String, SearchForm)>,
) {
    let same_host = PANEL.with(|p| p.borrow().as_ref().is_some_and(|panel| panel.host == host));
    if same_host {
        with_panel(|p, _| {
            p.lang = lang;
            p.draw();
        });
    } else {
        close();
        let panel = Panel {
            host,
            lang,
            scenario: script,
            status: SearchStatus::Idle,
            pool: None,
            total_runs: 0,
            searched_property: String::new(),
            listeners: Vec::new(),
            status_box: None,
        };
        PANEL.with(|p| *p.borrow_mut() = Some(panel));
        with_panel(|p, _| p.draw());
    }
    if let Some((number, scenario, form)) = request {
        let new = REQUESTED.with(|r| {
            let mut r = r.borrow_mut();
            let new = number > *r;
            *r = (*r).max(number);
            new
        });
        if new {
            let workers = if form.workers == 0 {
                self::form().workers
            } else {
                form.workers
            };
            FORM.with(|f| *f.borrow_mut() = Some(SearchForm { workers, ..form }));
            with_panel(|p, out| {
                p.scenario = scenario;
                p.start(out);
            });
        }
    }
}

/// Closes the panel: a running search stops (its workers are terminated).
pub fn close() {
    let panel = PANEL.with(|p| p.borrow_mut().take());
    if let Some(mut p) = panel {
        p.read_form();
        p.listeners.clear();
        p.pool = None;
        p.host.set_inner_html("");
    }
}

impl Panel {
    fn t(&self, w: W) -> &'static str {
        w.text(self.lang)
    }

    /// Reads what the learner typed into the kept form and scenario.
    fn read_form(&mut self) {
        let h = &self.host;
        let mut f = form();
        let n = |id: &str| value(h, id).and_then(|v| v.trim().parse::<u64>().ok());
        let n32 = |id: &str| n(id).map(|v| v.min(u64::from(u32::MAX)) as u32);
        if let Some(p) = value(h, "explore-property") {
            f.property = p;
        }
        let b = &mut f.budget;
        for (id, slot) in [
            ("explore-crashes", &mut b.crashes),
            ("explore-pauses", &mut b.pauses),
            ("explore-partitions", &mut b.partitions),
            ("explore-server-crashes", &mut b.server_crashes),
            ("explore-delays", &mut b.delays),
        ] {
            if let Some(v) = n32(id) {
                *slot = v;
            }
        }
        if let Some(s) = n("explore-horizon") {
            f.horizon_ms = s.saturating_mul(1000);
        }
        if let Some(r) = n("explore-runs") {
            f.runs = r;
        }
        if let Some(s) = n("explore-seed") {
            f.seed = s;
        }
        if let Some(w) = n32("explore-workers") {
            f.workers = w.clamp(1, WORKERS_MAX);
        }
        if let Some(s) = value(h, "explore-scenario") {
            self.scenario = s;
        }
        FORM.with(|k| *k.borrow_mut() = Some(f));
    }

    /// Starts a search of the scenario with the kept form, one request per worker.
    fn start(&mut self, _out: &mut Outbox) {
        let form = form();
        let requests = form.requests(&self.scenario);
        self.total_runs = requests.iter().map(|r| r.runs_max).sum();
        self.searched_property = form.property.clone();
        let id = NEXT_ID.with(|n| {
            let mut n = n.borrow_mut();
            *n += 1;
            *n
        });
        self.pool = None;
        self.status = std::mem::take(&mut self.status).after(SearchAction::Start {
            id,
            workers: requests.len(),
        });
        self.draw();
        self.pool = Some(Pool::start(&requests, move |worker, m| {
            with_panel(|p, out| p.heard(id, worker, m, out))
        }));
    }

    /// A worker's message.
    fn heard(&mut self, id: u64, worker: usize, m: FromWorker, out: &mut Outbox) {
        let action = match m {
            FromWorker::Report(report) => SearchAction::Report { id, worker, report },
            FromWorker::Failed(message) => SearchAction::WorkerFailed { id, message },
        };
        self.act(action, out);
    }

    fn act(&mut self, action: SearchAction, out: &mut Outbox) {
        let was_running = self.status.running().is_some();
        self.status = std::mem::take(&mut self.status).after(action);
        if was_running && self.status.running().is_none() {
            // Found, done, cancelled or failed: the workers stop, the form comes back.
            self.pool = None;
            let answer = match &self.status {
                SearchStatus::Found { runs, .. } => Some((true, *runs)),
                SearchStatus::NotFound { runs, .. } => Some((false, *runs)),
                _ => None,
            };
            if let Some((found, runs)) = answer {
                out.push((
                    self.host.clone(),
                    detail(
                        "searched",
                        &[
                            // Its own name (the page reads it back with `property_of`).
                            (
                                "property",
                                zkplay_core::explore::property_named(&self.searched_property)
                                    .ok()
                                    .flatten()
                                    .map_or("", |p| p.name())
                                    .into(),
                            ),
                            ("found", found.into()),
                            ("runs", (runs as f64).into()),
                        ],
                    ),
                ));
            }
            self.draw();
        } else {
            self.draw_status();
        }
    }

    /// Draws the whole panel.
    fn draw(&mut self) {
        self.listeners.clear();
        self.host.set_inner_html("");
        let running = self.status.running().is_some();
        let f = form();
        let l = self.lang;
        let root: Element = self.host.clone().into();
        let h2 = el("h2", &[("text", self.t(W::Explore))]);
        let intro = el("p", &[("class", "muted"), ("text", self.t(W::Intro))]);
        let scenario_label = el(
            "label",
            &[("class", "explore-scenario"), ("text", self.t(W::Scenario))],
        );
        let scenario = el(
            "textarea",
            &[
                ("rows", "4"),
                ("data-testid", "explore-scenario"),
                ("spellcheck", "false"),
            ],
        );
        if let Some(t) = scenario.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            t.set_value(&self.scenario);
            t.set_disabled(running);
        }
        append(&scenario_label, &[&scenario]);
        let reread = self.button(W::Reread, "explore-reread", running, Some(W::RereadTitle));
        self.on_click(&reread, |p, out| {
            out.push((p.host.clone(), detail("reread", &[])));
        });
        let reread_row = el("div", &[("class", "row")]);
        append(&reread_row, &[&reread]);

        let property_row = el("div", &[("class", "row")]);
        let property_label = el("label", &[("text", self.t(W::Property))]);
        let select = el("select", &[("data-testid", "explore-property")]);
        for (name, _) in PROPERTY_NAMES.iter() {
            let o = el(
                "option",
                &[("value", name), ("text", &property_words(l, name))],
            );
            if *name == f.property {
                let _ = o.set_attribute("selected", "");
            }
            append(&select, &[&o]);
        }
        if running {
            let _ = select.set_attribute("disabled", "");
        }
        append(&property_label, &[&select]);
        append(&property_row, &[&property_label]);

        let faults = el("fieldset", &[("class", "row")]);
        if running {
            let _ = faults.set_attribute("disabled", "");
        }
        append(&faults, &[&el("legend", &[("text", self.t(W::Faults))])]);
        let b = f.budget;
        let max = u64::from(FAULTS_PER_KIND_MAX);
        for (w, v, id) in [
            (W::Crashes, b.crashes, "explore-crashes"),
            (W::Pauses, b.pauses, "explore-pauses"),
            (W::Partitions, b.partitions, "explore-partitions"),
            (W::ServerCrashes, b.server_crashes, "explore-server-crashes"),
            (W::Delays, b.delays, "explore-delays"),
        ] {
            append(&faults, &[&self.number(w, u64::from(v), max, id, running)]);
        }
        let numbers = el("div", &[("class", "row")]);
        append(
            &numbers,
            &[
                &self.number(
                    W::Horizon,
                    f.horizon_ms / 1000,
                    zkplay_core::explore::HORIZON_MS_MAX / 1000,
                    "explore-horizon",
                    running,
                ),
                &self.number(
                    W::Runs,
                    f.runs,
                    zkplay_core::explore::RUNS_MAX,
                    "explore-runs",
                    running,
                ),
                &self.number(
                    W::Seed,
                    f.seed,
                    u64::from(u32::MAX),
                    "explore-seed",
                    running,
                ),
            ],
        );
        let workers = self.number(
            W::Workers,
            u64::from(f.workers),
            u64::from(WORKERS_MAX),
            "explore-workers",
            running,
        );
        let _ = workers.set_attribute("title", &W::WorkersTitle.fill(l, &[&cores()]));
        append(&numbers, &[&workers]);

        let buttons = el("div", &[("class", "row")]);
        if running {
            let cancel = self.button(W::Cancel, "explore-cancel", false, None);
            self.on_click(&cancel, |p, out| p.act(SearchAction::Cancel, out));
            append(&buttons, &[&cancel]);
        } else {
            let searched = !matches!(self.status, SearchStatus::Idle);
            let start = self.button(
                if searched { W::Again } else { W::Start },
                "explore-start",
                false,
                None,
            );
            let _ = start.set_attribute("class", "primary");
            self.on_click(&start, |p, out| {
                p.read_form();
                p.start(out);
            });
            append(&buttons, &[&start]);
        }
        let close_button = self.button(W::Close, "explore-close", false, None);
        self.on_click(&close_button, |p, out| {
            out.push((p.host.clone(), detail("close", &[])));
        });
        append(&buttons, &[&close_button]);

        let status_box = el("div", &[("data-testid", "explore-status")]);
        append(
            &root,
            &[
                &h2,
                &intro,
                &scenario_label,
                &reread_row,
                &property_row,
                &faults,
                &numbers,
                &buttons,
                &status_box,
            ],
        );
        self.status_box = Some(status_box);
        self.draw_status();
    }

    /// Draws the status box: progress, or the outcome.
    fn draw_status(&mut self) {
        let Some(status_box) = self.status_box.clone() else {
            return;
        };
        status_box.set_inner_html("");
        let l = self.lang;
        let (runs, faults, elapsed_ms) = self.status.totals();
        let seconds = |ms: u64| format!("{}.{}", ms / 1000, ms % 1000 / 100);
        match &self.status {
            SearchStatus::Idle => {}
            SearchStatus::Running { workers, .. } => {
                let total = self.total_runs.max(1);
                let per_s = runs.saturating_mul(1000) / elapsed_ms.max(1);
                let div = el(
                    "div",
                    &[
                        ("class", "explore-progress"),
                        ("data-testid", "explore-progress"),
                        ("aria-live", "polite"),
                    ],
                );
                let bar = el(
                    "progress",
                    &[("max", &total.to_string()), ("value", &runs.to_string())],
                );
                let text = if runs == 0 {
                    W::LoadingWorkers.text(l).to_string()
                } else {
                    W::Progress.fill(l, &[&runs, &total, &faults, &workers.len(), &per_s])
                };
                append(&div, &[&bar, &el("span", &[("text", &text)])]);
                append(&status_box, &[&div]);
            }
            SearchStatus::Found {
                found,
                runs,
                elapsed_ms,
            } => {
                let div = el(
                    "div",
                    &[
                        ("class", "explore-found"),
                        ("data-testid", "explore-found"),
                        ("data-step", &found.step.to_string()),
                    ],
                );
                let words = W::Found.fill(
                    l,
                    &[
                        &crate::messages::property(l, found.property).plain(),
                        &found.step,
                        runs,
                        &seconds(*elapsed_ms),
                        &found.shrink_runs,
                        &found.faults,
                    ],
                );
                // The detail (zkplay's English) is in the script's comments; loaded, the
                // recipes' panel words it in the page's language.
                let p = el(
                    "p",
                    &[("class", "violation"), ("role", "alert"), ("text", &words)],
                );
                let script = el(
                    "textarea",
                    &[
                        ("readonly", ""),
                        ("rows", "8"),
                        ("data-testid", "explore-script"),
                    ],
                );
                if let Some(t) = script.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                    t.set_value(&found.script);
                }
                let row = el("div", &[("class", "row")]);
                let load = self.button(W::Load, "explore-load", false, Some(W::LoadTitle));
                let _ = load.set_attribute("class", "primary");
                let (text, property) = (found.script.clone(), found.property);
                self.on_click(&load, move |p, out| {
                    let mut fields = vec![("script", text.as_str().into())];
                    // A stale read or a lost watch event: the page's own build has not the
                    // checks that see one, so the tools say at which event its timeline
                    // marks it.
                    if matches!(
                        property,
                        Property::ReadsSeeAcknowledgedWrites | Property::NoLostOrDoubledWatchEvent
                    ) {
                        if let Some(at) = violation_event(&text, property) {
                            fields.push(("mark", (at as f64).into()));
                            fields.push(("property", property.name().into()));
                        }
                    }
                    out.push((p.host.clone(), detail("load", &fields)));
                });
                append(&row, &[&load]);
                append(&div, &[&p, &script, &row]);
                append(&status_box, &[&div]);
            }
            SearchStatus::NotFound {
                runs,
                faults,
                elapsed_ms,
                workers,
            } => {
                let words = W::NotFound.fill(
                    l,
                    &[
                        runs,
                        faults,
                        &seconds(*elapsed_ms),
                        workers,
                        &property_words(l, &self.searched_property),
                    ],
                );
                append(
                    &status_box,
                    &[&el(
                        "p",
                        &[
                            ("class", "explore-none"),
                            ("data-testid", "explore-none"),
                            ("data-runs", &runs.to_string()),
                            ("text", &words),
                        ],
                    )],
                );
            }
            SearchStatus::Cancelled { runs, faults } => append(
                &status_box,
                &[&el(
                    "p",
                    &[
                        ("class", "muted"),
                        ("data-testid", "explore-cancelled"),
                        ("text", &W::Cancelled.fill(l, &[runs, faults])),
                    ],
                )],
            ),
            SearchStatus::Failed(f) => append(
                &status_box,
                &[&el(
                    "p",
                    &[
                        ("class", "error"),
                        ("role", "alert"),
                        ("data-testid", "explore-error"),
                        ("text", &failure(l, f)),
                    ],
                )],
            ),
        }
    }

    fn button(&self, w: W, testid: &str, disabled: bool, title: Option<W>) -> Element {
        let b = el("button", &[("data-testid", testid), ("text", self.t(w))]);
        if disabled {
            let _ = b.set_attribute("disabled", "");
        }
        if let Some(t) = title {
            let _ = b.set_attribute("title", self.t(t));
        }
        b
    }

    fn number(&self, w: W, v: u64, max: u64, testid: &str, disabled: bool) -> Element {
        let label = el("label", &[("class", "explore-number"), ("text", self.t(w))]);
        let input = el(
            "input",
            &[
                ("type", "number"),
                ("min", "0"),
                ("max", &max.to_string()),
                ("value", &v.to_string()),
                ("data-testid", testid),
            ],
        );
        if disabled {
            let _ = input.set_attribute("disabled", "");
        }
        append(&label, &[&input]);
        label
    }

    fn on_click(&mut self, target: &Element, f: impl Fn(&mut Panel, &mut Outbox) + 'static) {
        self.listeners
            .push(EventListener::new(target, "click", move |_| {
                with_panel(|p, out| f(p, out))
            }));
    }
}

/// The scenario again from the page (the "↺" button asks the page, which calls this).
pub fn set_scenario(script: String) {
    with_panel(|p, _| {
        p.read_form();
        p.scenario = script;
        p.draw();
    });
}

/// A property's console name in the page's words.
fn property_words(l: Lang, name: &str) -> String {
    match PROPERTY_NAMES.iter().find(|(n, _)| *n == name) {
        Some((_, Some(p))) => crate::messages::property(l, *p).plain(),
        _ => property_of(name).map_or_else(
            || W::AnyProperty.text(l).to_string(),
            |p| crate::messages::property(l, p).plain(),
        ),
    }
}

/// Why a search stopped without an answer, in the page's words.
fn failure(l: Lang, f: &Failure) -> String {
    match f {
        Failure::Worker(message) => W::WorkerFailed.fill(l, &[message]),
        Failure::Refused(e) => match e {
            ErrorReport::BadLine { line, message } => W::ErrBadLine.fill(l, &[line, message]),
            ErrorReport::NoFaultsAllowed => W::ErrNoFaults.text(l).to_string(),
            ErrorReport::NothingToFault => W::ErrNothingToFault.text(l).to_string(),
            ErrorReport::PropertyNotApplicable { property } => {
                W::ErrNotApplicable.fill(l, &[&crate::messages::property(l, *property).plain()])
            }
            ErrorReport::UnknownProperty(name) => {
                W::ErrUnknown.fill(l, &[&property_words(l, name)])
            }
            ErrorReport::HorizonOutOfRange(ms) => W::ErrHorizon.fill(l, &[ms]),
            ErrorReport::RunsOutOfRange(n) => W::ErrRuns.fill(l, &[n]),
            ErrorReport::BudgetOutOfRange(n) => W::ErrBudget.fill(l, &[n]),
            ErrorReport::BadRequest => W::ErrRequest.text(l).to_string(),
        },
    }
}
