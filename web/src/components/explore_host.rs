//! Where "find a failure" opens: an element the tools' bundle draws into (`tools/`). The
//! bundle is fetched the first time the panel opens, so the page's first load does not carry
//! the panel or the search; its events (`zkplay-tools` on the host) become actions here.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;
use zkplay_core::tutorial::{Lang, SearchFact};

use crate::explore_protocol::property_of;
use crate::messages::Msg;
use crate::state::{Action, SearchForm};

#[wasm_bindgen(
    inline_js = "export function import_tools(name) { return import(new URL(name, document.baseURI).href); }"
)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn import_tools(name: &str) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The tools' module (the bundle's JavaScript, initialised, wasm loaded), once fetched.
    static TOOLS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// The tools' module, fetched and initialised the first time.
async fn tools() -> Result<JsValue, String> {
    if let Some(m) = TOOLS.with(|t| t.borrow().clone()) {
        return Ok(m);
    }
    let words = |e: JsValue| {
        Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the tools could not be loaded".into())
    };
    let module = import_tools("zkplay-tools.js").await.map_err(words)?;
    let init = call(&module, "default", &[])?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(init))
        .await
        .map_err(words)?;
    TOOLS.with(|t| *t.borrow_mut() = Some(module.clone()));
    Ok(module)
}

/// Calls one of the module's exports.
fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f = Reflect::get(module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| format!("the tools have no {name}"))?;
    let args: js_sys::Array = args.iter().collect();
    f.apply(&JsValue::NULL, &args)
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{name} failed")))
}

/// A page's search request as the tools take it.
fn request_js(r: &(u64, Rc<str>, SearchForm)) -> JsValue {
    let (number, scenario, f) = r;
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &k.into(), &v);
    };
    set("number", (*number as f64).into());
    set("scenario", scenario.as_ref().into());
    set("property", f.property.as_str().into());
    let b = f.budget;
    for (k, v) in [
        ("crashes", b.crashes),
        ("pauses", b.pauses),
        ("partitions", b.partitions),
        ("server_crashes", b.server_crashes),
        ("delays", b.delays),
        ("workers", f.workers),
    ] {
        set(k, f64::from(v).into());
    }
    set("horizon_ms", (f.horizon_ms as f64).into());
    set("runs", (f.runs as f64).into());
    set("seed", (f.seed as f64).into());
    o.into()
}

#[derive(Properties, PartialEq)]
pub struct ExploreHostProps {
    /// The sandbox's script, read when the panel opens (and on its "↺").
    pub script: Callback<(), String>,
    /// A search the page starts by itself (a lesson step's "show me").
    pub request: Option<(u64, Rc<str>, SearchForm)>,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
}

#[function_component(ExploreHost)]
pub fn explore_host(p: &ExploreHostProps) -> Html {
    let host = use_node_ref();
    let problem = use_state(|| None::<String>);
    let loading = use_state(|| TOOLS.with(|t| t.borrow().is_none()));
    // Open (or redraw in another language, or start the page's search).
    {
        let (host, problem, loading) = (host.clone(), problem.clone(), loading.clone());
        let (script, request) = (p.script.clone(), p.request.clone());
        let lang = p.lang;
        use_effect_with((lang, request.as_ref().map(|r| r.0)), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let opened = match tools().await {
                    Ok(m) => match host.cast::<HtmlElement>() {
                        Some(h) => call(
                            &m,
                            "open_explore",
                            &[
                                h.into(),
                                lang.code().into(),
                                script.emit(()).into(),
                                request.as_ref().map_or(JsValue::NULL, request_js),
                            ],
                        )
                        .map(|_| ()),
                        // Closed before the tools arrived.
                        None => Ok(()),
                    },
                    Err(e) => Err(e),
                };
                loading.set(false);
                problem.set(opened.err());
            });
        });
    }
    // Its events become actions; closed, a running search stops.
    {
        let host = host.clone();
        let (d, script) = (p.dispatch.clone(), p.script.clone());
        use_effect_with((), move |_| {
            let listener = host.cast::<HtmlElement>().map(|h| {
                EventListener::new(&h, "zkplay-tools", move |e| {
                    let detail = e
                        .dyn_ref::<web_sys::CustomEvent>()
                        .map(|c| c.detail())
                        .unwrap_or(JsValue::UNDEFINED);
                    let s = |k: &str| {
                        Reflect::get(&detail, &k.into())
                            .ok()
                            .and_then(|v| v.as_string())
                    };
                    match s("kind").as_deref() {
                        Some("load") => {
                            if let Some(text) = s("script") {
                                d.emit(Action::LoadFound(text));
                            }
                        }
                        Some("searched") => {
                            let property = s("property").and_then(|n| {
                                zkplay_core::explore::property_named(&n)
                                    .ok()
                                    .flatten()
                                    .or_else(|| property_of(&n))
                            });
                            let found = Reflect::get(&detail, &"found".into())
                                .ok()
                                .and_then(|v| v.as_bool());
                            let runs = Reflect::get(&detail, &"runs".into())
                                .ok()
                                .and_then(|v| v.as_f64());
                            if let (Some(found), Some(runs)) = (found, runs) {
                                d.emit(Action::Searched(SearchFact {
                                    property,
                                    found,
                                    runs: runs as u64,
                                }));
                            }
                        }
                        Some("close") => d.emit(Action::ExploreOpen(false)),
                        Some("reread") => {
                            if let Some(m) = TOOLS.with(|t| t.borrow().clone()) {
                                let _ = call(&m, "set_explore_scenario", &[script.emit(()).into()]);
                            }
                        }
                        _ => {}
                    }
                })
            });
            move || {
                drop(listener);
                if let Some(m) = TOOLS.with(|t| t.borrow().clone()) {
                    let _ = call(&m, "close_explore", &[]);
                }
            }
        });
    }
    let l = p.lang;
    html! {
        <div class="dialog explore" role="dialog" aria-label={Msg::Explore.text(l)} data-testid="explore-panel">
            if *loading {
                <p class="muted" data-testid="explore-loading">{ Msg::ExploreLoading.text(l) }</p>
            }
            if let Some(e) = &*problem {
                <p class="error" role="alert" data-testid="explore-error">{ Msg::ExploreUnavailable.fill(l, &[e]) }</p>
                <button onclick={p.dispatch.reform(|_| Action::ExploreOpen(false))}>{ Msg::Close.text(l) }</button>
            }
            // The tools draw in here; the page never renders into it.
            <div ref={host} />
        </div>
    }
}
