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

use zkplay_core::tutorial::Lang;

/// The page's language by its code (`en`, `zh`).
pub fn lang_of(code: &str) -> Lang {
    Lang::from_code(code)
}
