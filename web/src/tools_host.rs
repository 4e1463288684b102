//! Where the tools open: a host element of their own on the page (outside Yew's tree), which
//! the tools' bundle draws into (`tools/`). The bundle is fetched the first time a tool opens,
//! so the page's first load carries neither the panel nor the search; the tools' events
//! (`zkplay-tools` on the host) become actions. One effect of the page calls [`sync`].

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::Callback;
use zkplay_core::tutorial::{Lang, SearchFact};

use crate::explore_protocol::property_of;
use crate::messages::Msg;
use crate::state::{Action, SearchForm, Tool};

// The tools' module is fetched, initialised and called from here: a promise chain in a few
// lines of JavaScript costs the page far less than the same in Rust.
#[wasm_bindgen(inline_js = "let tools, ready;
function load(host, loading, failed) {
  if (!tools) {
    if (host) host.textContent = loading;
    tools = import(new URL('zkplay-tools.js', document.baseURI).href)
      .then(async (m) => { await m.default(); return ready = m; });
    tools.catch((e) => {
      tools = undefined;
      if (host) host.textContent = failed + ((e && e.message) || e);
    });
  }
  return tools;
}
export function tools_call(name, args, host, loading, failed, loaded_only) {
  if (tools || !loaded_only) load(host, loading, failed).then((m) => m[name](...args), () => {});
}
export function tools_code(line) { return ready && ready.line_code(line); }
export function tools_load(then) { load().then(() => then(), () => {}); }")]
extern "C" {
    /// Calls export `name` of the tools with `args`, fetching them first if need be (saying
    /// `loading` in `host` meanwhile, and `failed` with the browser's reason if they cannot
    /// be fetched); with `loaded_only`, only if they are already there.
    fn tools_call(
        name: &str,
        args: js_sys::Array,
        host: Option<HtmlElement>,
        loading: &str,
        failed: &str,
        loaded_only: bool,
    );
    /// "Show code": the calls a console line makes (the tools' `line_code`), if the tools are
    /// there.
    pub fn tools_code(line: &str) -> Option<String>;
    /// Fetches the tools if need be, then calls `then`.
    pub fn tools_load(then: &js_sys::Function);
}

thread_local! {
    /// The open tool, its host and the listener of its events.
    static HOST: RefCell<Option<(Tool, HtmlElement, EventListener)>> = const { RefCell::new(None) };
}

/// What the page asks of the tools: which is open, in which language, over which script
/// (and, for the export, the scenario file and the state hash), with which search of its own
/// (a lesson step's "show me").
pub struct Wanted {
    pub tool: Option<Tool>,
    pub lang: Lang,
    pub script: Callback<(), String>,
    pub export: Callback<(), (String, String)>,
    pub request: Option<(u64, Rc<str>, SearchForm)>,
    pub dispatch: Callback<Action>,
}

/// Opens, redraws or closes the tools as the page wants them.
pub fn sync(w: Wanted) {
    let open = HOST.with(|h| h.borrow().as_ref().map(|(t, _, _)| *t));
    if open.is_some() && open != w.tool {
        if let Some((tool, host, _)) = HOST.with(|h| h.borrow_mut().take()) {
            call(close_of(tool), &[], true);
            host.remove();
        }
    }
    let Some(tool) = w.tool else {
        return;
    };
    let host = HOST.with(|h| h.borrow().as_ref().map(|(_, e, _)| e.clone()));
    let Some(host) = host.or_else(|| new_host(tool, &w)) else {
        return;
    };
    let l = w.lang;
    let (name, rest): (&str, [JsValue; 2]) = match tool {
        Tool::Explore => (
            "open_explore",
            [
                w.script.emit(()).into(),
                w.request
                    .as_ref()
                    .map_or(JsValue::NULL, |(n, scenario, form)| {
                        crate::explore_protocol::page_request_to_js(*n, scenario, form)
                    }),
            ],
        ),
        Tool::Export => {
            let (script, hash) = w.export.emit(());
            ("open_export", [script.into(), hash.into()])
        }
        Tool::Import => ("open_import", [JsValue::NULL, JsValue::NULL]),
    };
    let [a, b] = rest;
    let args: js_sys::Array = [host.clone().into(), l.code().into(), a, b]
        .iter()
        .collect();
    tools_call(
        name,
        args,
        Some(host),
        Msg::ToolsLoading.text(l),
        &Msg::ToolsUnavailable.fill(l, &[&""]),
        false,
    );
}

fn close_of(tool: Tool) -> &'static str {
    match tool {
        Tool::Explore => "close_explore",
        Tool::Export => "close_export",
        Tool::Import => "close_import",
    }
}

/// Calls the tools if they are there (`loaded_only`) or once fetched.
fn call(name: &str, args: &[JsValue], loaded_only: bool) {
    tools_call(name, args.iter().collect(), None, "", "", loaded_only);
}

/// The host and its events' listener.
fn new_host(tool: Tool, w: &Wanted) -> Option<HtmlElement> {
    let d = web_sys::window()?.document()?;
    let host: HtmlElement = d.create_element("div").ok()?.dyn_into().ok()?;
    let (class, testid, label) = match tool {
        Tool::Explore => ("dialog explore", "explore-panel", Msg::Explore),
        Tool::Export => ("dialog", "export-panel", Msg::ExportDialog),
        Tool::Import => ("dialog", "import-panel", Msg::ImportDialog),
    };
    for (k, v) in [
        ("class", class),
        ("role", "dialog"),
        ("data-testid", testid),
        ("aria-label", label.text(w.lang)),
    ] {
        let _ = host.set_attribute(k, v);
    }
    d.body()?.append_child(&host).ok()?;
    let (dispatch, script) = (w.dispatch.clone(), w.script.clone());
    let listener = EventListener::new(&host, "zkplay-tools", move |e| heard(e, &dispatch, &script));
    HOST.with(|h| *h.borrow_mut() = Some((tool, host.clone(), listener)));
    Some(host)
}

/// A tools' event, as the page's action.
fn heard(e: &web_sys::Event, d: &Callback<Action>, script: &Callback<(), String>) {
    let detail = e
        .dyn_ref::<web_sys::CustomEvent>()
        .map(|c| c.detail())
        .unwrap_or(JsValue::UNDEFINED);
    let get = |k: &str| Reflect::get(&detail, &k.into()).unwrap_or(JsValue::UNDEFINED);
    match get("kind").as_string().as_deref() {
        Some("load") => {
            if let Some(text) = get("script").as_string() {
                let property = get("property").as_string().and_then(|n| property_of(&n));
                let mark = get("mark")
                    .as_f64()
                    .zip(property)
                    .map(|(at, p)| (at as u64, p));
                d.emit(Action::LoadFound(text, mark));
            }
        }
        Some("searched") => {
            // The property's own name (`Property::name`); none for any.
            let property = get("property").as_string().and_then(|n| property_of(&n));
            if let (Some(found), Some(runs)) = (get("found").as_bool(), get("runs").as_f64()) {
                d.emit(Action::Searched(SearchFact {
                    property,
                    found,
                    runs: runs as u64,
                }));
            }
        }
        Some("close") => d.emit(Action::Tool(None)),
        Some("import") => {
            if let Some(text) = get("script").as_string() {
                d.emit(Action::Tool(None));
                d.emit(Action::Load(text));
            }
        }
        Some("reread") => call("set_explore_scenario", &[script.emit(()).into()], true),
        _ => {}
    }
}
