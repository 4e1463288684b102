//! A few DOM helpers for the tools' panels (plain `web-sys`: the tools' bundle has no Yew, so
//! it stays small and the page's first load does not carry it).

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// A new element with attributes (`("text", …)` sets its text).
pub fn el(tag: &str, attrs: &[(&str, &str)]) -> Element {
    let Some(d) = document() else {
        unreachable_in_a_window()
    };
    let e = d
        .create_element(tag)
        .unwrap_or_else(|_| unreachable_in_a_window());
    for (k, v) in attrs {
        if *k == "text" {
            e.set_text_content(Some(v));
        } else {
            let _ = e.set_attribute(k, v);
        }
    }
    e
}

/// Appends children, in order.
pub fn append(parent: &Element, children: &[&Element]) {
    for c in children {
        let _ = parent.append_child(c);
    }
}

/// The element under `root` with this test id.
pub fn find(root: &HtmlElement, testid: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid={testid}]"))
        .ok()
        .flatten()
}

/// The value of the input, select or text area under `root` with this test id.
pub fn value(root: &HtmlElement, testid: &str) -> Option<String> {
    let e = find(root, testid)?;
    if let Some(i) = e.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    if let Some(s) = e.dyn_ref::<web_sys::HtmlSelectElement>() {
        return Some(s.value());
    }
    e.dyn_ref::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
}

/// The tools only ever run in a page with a document: creating an element cannot fail there
/// (`create_element` fails only for an invalid tag name, and ours are literals).
fn unreachable_in_a_window() -> ! {
    wasm_bindgen::throw_str("zkplay tools: no document to draw in")
}
