//! The search's Web Workers, seen from the window: one per request, each running the tools'
//! bundle, given its request once it says it is ready; its reports handed to `on`. Dropping
//! the pool terminates every worker.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::explore_protocol::{Report, SearchRequest};

/// The worker's loader, written by Trunk next to the page (`data-loader-shim` in index.html):
/// a module worker that loads the same bundle as the panel.
const WORKER_URL: &str = "zkplay-tools_loader.js";

/// What a worker tells the panel: a report, or that it failed (the browser's words).
pub enum FromWorker {
    Report(Report),
    Failed(String),
}

/// One worker and the handlers it holds on to.
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

/// The workers of one search.
#[derive(Default)]
pub struct Pool {
    running: Vec<Running>,
}

impl Pool {
    /// Starts one worker per request; `on(worker, message)` hears them. A worker that cannot
    /// be made is told as its failure.
    pub fn start(
        requests: &[SearchRequest],
        on: impl Fn(usize, FromWorker) + Clone + 'static,
    ) -> Pool {
        let mut running = Vec::new();
        for (i, request) in requests.iter().enumerate() {
            match spawn(i, request.clone(), on.clone()) {
                Ok(r) => running.push(r),
                Err(message) => {
                    on(i, FromWorker::Failed(message));
                    break;
                }
            }
        }
        Pool { running }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for r in &self.running {
            r.worker.terminate();
        }
    }
}

fn spawn(
    index: usize,
    request: SearchRequest,
    on: impl Fn(usize, FromWorker) + Clone + 'static,
) -> Result<Running, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER_URL, &options).map_err(|e| message_of(&e))?;
    let to_worker = worker.clone();
    let on_reports = on.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        if data.as_string().as_deref() == Some("ready") {
            if let Err(e) = to_worker.post_message(&request.to_js()) {
                on_reports(index, FromWorker::Failed(message_of(&e)));
            }
        } else if let Some(report) = Report::from_js(&data) {
            on_reports(index, FromWorker::Report(report));
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // A worker that cannot load its bundle, or whose search stops (a panic is a trap).
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        on(index, FromWorker::Failed(message_of(&e)));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// The browser's words for an error or an error event.
fn message_of(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the worker could not be started".to_string())
}
