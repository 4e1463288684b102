//! The search in a Web Worker: the tools' bundle, started in a worker, takes one
//! [`SearchRequest`], runs `zkplay_core::explore` in slices, posts a progress [`Report`] about
//! every tenth of a second and the outcome at the end. One search per worker: the panel makes
//! new workers for the next search, and Cancel terminates them.
//!
//! It reaches its global scope through `Reflect` (`onmessage`, `postMessage`, `performance`)
//! rather than `DedicatedWorkerGlobalScope`, so the benchmark can run the same bundle under
//! Node (`bench/explore_worker.mjs`).

use crate::explore_protocol::{ErrorReport, FoundReport, Report, SearchRequest};
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zkplay_core::explore::{Explorer, Outcome};

/// Runs per slice: small enough that a progress report is never late by much (a lock run
/// takes well under a millisecond), large enough that reading the clock costs nothing.
const RUNS_PER_SLICE: u64 = 4;
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Listens for a search request (in a worker).
pub fn listen() {
    let global = js_sys::global();
    let on_message = Closure::<dyn FnMut(JsValue)>::new(|event: JsValue| {
        let data = Reflect::get(&event, &"data".into()).unwrap_or(JsValue::UNDEFINED);
        match SearchRequest::from_js(&data) {
            Some(request) => search(&request),
            None => post(&Report::Error(ErrorReport::BadRequest)),
        }
    });
    let _ = Reflect::set(&global, &"onmessage".into(), on_message.as_ref());
    // The handler lives as long as the worker.
    on_message.forget();
    // Tell the page the bundle is loaded and listening.
    post_value(&"ready".into());
}

/// One whole search, reporting as it goes.
fn search(request: &SearchRequest) {
    let started = now_ms();
    let elapsed = || (now_ms() - started).max(0.0) as u64;
    let mut explorer = match request
        .config()
        .and_then(|c| Explorer::new(&request.script, &c))
    {
        Ok(e) => e,
        Err(e) => return post(&Report::Error(ErrorReport::from(&e))),
    };
    let mut reported = started;
    loop {
        if let Some(outcome) = explorer.advance(RUNS_PER_SLICE) {
            let report = match outcome {
                Outcome::Found(f) => Report::Found {
                    found: FoundReport {
                        script: f.script.clone(),
                        step: f.step as u64,
                        property: f.property,
                        detail: f.detail.clone(),
                        runs: f.runs_searched,
                        shrink_runs: f.shrink_runs,
                        faults_tried: f.faults_tried,
                        faults: f.faults as u64,
                    },
                    elapsed_ms: elapsed(),
                },
                Outcome::NotFound { runs, faults_tried } => Report::NotFound {
                    runs: *runs,
                    faults: *faults_tried,
                    elapsed_ms: elapsed(),
                },
            };
            return post(&report);
        }
        let now = now_ms();
        if now - reported >= PROGRESS_EVERY_MS {
            reported = now;
            let (runs, faults) = explorer.progress();
            post(&Report::Progress {
                runs,
                faults,
                elapsed_ms: elapsed(),
            });
        }
    }
}

fn post(report: &Report) {
    post_value(&report.to_js());
}

fn post_value(v: &JsValue) {
    let global = js_sys::global();
    if let Ok(f) = Reflect::get(&global, &"postMessage".into()) {
        if let Some(f) = f.dyn_ref::<Function>() {
            let _ = f.call1(&global, v);
        }
    }
}

/// The worker's clock (`performance.now()`): progress and speed only, never the search.
fn now_ms() -> f64 {
    let global = js_sys::global();
    Reflect::get(&global, &"performance".into())
        .ok()
        .and_then(|p| {
            let now = Reflect::get(&p, &"now".into()).ok()?;
            now.dyn_ref::<Function>()?.call0(&p).ok()?.as_f64()
        })
        .unwrap_or(0.0)
}
