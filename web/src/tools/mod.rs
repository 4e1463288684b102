//! The tools: a bundle of their own (`zkplay-tools`, `src/tools_main.rs`), fetched the first
//! time a tool opens, so the page's first load does not carry them. In the window they draw
//! into a host element the page gives them (`explore_panel.rs`: "find a failure"); in a Web
//! Worker the same bundle runs a search (`worker.rs`), started by the panel (`workers.rs`).
//! Plain `web-sys`, no Yew; the page hears them through events on the host.

pub mod dom;
pub mod explore_panel;
pub mod words;
pub mod worker;
pub mod workers;

use zkplay_core::explore::Budget;
use zkplay_core::tutorial::Lang;

use crate::state::explore::SearchForm;

/// A page's search request, from the object the page passes (`{number, scenario, property,
/// crashes, …, horizon_ms, runs, seed, workers}`); `None` for none.
pub fn request_of(v: &wasm_bindgen::JsValue) -> Option<(u64, String, SearchForm)> {
    use js_sys::Reflect;
    let n = |k: &str| {
        Reflect::get(v, &k.into())
            .ok()?
            .as_f64()
            .filter(|x| *x >= 0.0 && x.fract() == 0.0)
            .map(|x| x as u64)
    };
    let n32 = |k: &str| n(k).and_then(|x| u32::try_from(x).ok());
    let s = |k: &str| Reflect::get(v, &k.into()).ok()?.as_string();
    Some((
        n("number")?,
        s("scenario")?,
        SearchForm {
            property: s("property")?,
            budget: Budget {
                crashes: n32("crashes")?,
                pauses: n32("pauses")?,
                partitions: n32("partitions")?,
                server_crashes: n32("server_crashes")?,
                delays: n32("delays")?,
            },
            horizon_ms: n("horizon_ms")?,
            runs: n("runs")?,
            seed: n("seed")?,
            workers: n32("workers")?,
        },
    ))
}

/// The page's language by its code (`en`, `zh`).
pub fn lang_of(code: &str) -> Lang {
    Lang::from_code(code)
}
