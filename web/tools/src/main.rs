//! The tools' bundle (`zkplay-tools`): fetched when a tool first opens. In a Web Worker it
//! listens for a search; in the window it exports the panels' entry points, which the page
//! calls (`components/explore_host.rs`). See `tools/`.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use zkplay_web::tools;

fn main() {
    // A worker has no `window`: it searches. In the window the page calls the exports below.
    if web_sys::window().is_none() {
        tools::worker::listen();
    }
}

/// Opens "find a failure" in `host` (or redraws it in the language `lang`), its scenario the
/// sandbox's `script`; `request` is a search the page starts by itself (or `null`).
#[wasm_bindgen]
pub fn open_explore(host: HtmlElement, lang: &str, script: String, request: JsValue) {
    tools::explore_panel::open(
        host,
        tools::lang_of(lang),
        script,
        zkplay_web::explore_protocol::page_request_from_js(&request),
    );
}

/// Puts the sandbox's script, as it stands, back in the panel's scenario.
#[wasm_bindgen]
pub fn set_explore_scenario(script: String) {
    tools::explore_panel::set_scenario(script);
}

/// Closes "find a failure": a running search stops.
#[wasm_bindgen]
pub fn close_explore() {
    tools::explore_panel::close();
}

/// Opens the export in `host` (or redraws it in the language `lang`): the scenario's `script`
/// and the sandbox's state `hash`.
#[wasm_bindgen]
pub fn open_export(host: HtmlElement, lang: &str, script: String, hash: String) {
    tools::export_panel::open(host, tools::lang_of(lang), script, hash);
}

/// Closes the export.
#[wasm_bindgen]
pub fn close_export() {
    tools::export_panel::close();
}

/// Opens the import in `host`, in the language `lang`.
#[wasm_bindgen]
pub fn open_import(host: HtmlElement, lang: &str) {
    tools::export_panel::open_import(host, tools::lang_of(lang));
}

/// Closes the import.
#[wasm_bindgen]
pub fn close_import() {
    tools::export_panel::close_import();
}

/// "Show code": the Java call and the Python (kazoo) call a console line makes, separated by
/// a NUL; empty for a line that is no client call.
#[wasm_bindgen]
pub fn line_code(line: &str) -> String {
    use zkplay_core::export::{line_code, Lang};
    match (line_code(line, Lang::Java), line_code(line, Lang::Python)) {
        (Some(java), Some(python)) => format!("{java}\0{python}"),
        _ => String::new(),
    }
}
