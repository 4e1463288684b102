//! The tools: a bundle of their own (`zkplay-tools`, crate `web/tools`), fetched the first
//! time a tool opens, so the page's first load does not carry them. In the window they draw
//! into a host element the page gives them (`explore_panel.rs`: "find a failure"); in a Web
//! Worker the same bundle runs a search (`worker.rs`), started by the panel (`workers.rs`).
//! Plain `web-sys`, no Yew; the page hears them through events on the host.

pub mod dom;
pub mod explore_panel;
pub mod export_panel;
pub mod words;
pub mod worker;
pub mod workers;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};
use zkplay_core::tutorial::Lang;

/// What a tool tells the page: `kind` (`load`, `searched`, `import`, `close`) and its fields,
/// as a `zkplay-tools` event's detail.
pub fn detail(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"kind".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// Dispatches a `zkplay-tools` event with this detail on a tool's host.
pub fn tell_detail(host: &HtmlElement, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(e) = CustomEvent::new_with_event_init_dict("zkplay-tools", &init) {
        let _ = host.dispatch_event(&e);
    }
}

/// Tells the page `kind` (`close`, …) on a host.
pub fn tell(host: &HtmlElement, kind: &str) {
    tell_with(host, kind, &[]);
}

/// Tells the page `kind` with fields.
pub fn tell_with(host: &HtmlElement, kind: &str, fields: &[(&str, JsValue)]) {
    tell_detail(host, &detail(kind, fields));
}

/// The page's language by its code (`en`, `zh`).
pub fn lang_of(code: &str) -> Lang {
    Lang::from_code(code)
}
