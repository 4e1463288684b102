//! The keyboard shortcuts: space plays or pauses, → steps, ← steps back (not while typing in
//! a field or on a button).

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Action;

/// Listens for the shortcuts from the first render on, and marks that moment
/// (`zkplay-interactive`, a User Timing mark the page benchmark reads).
#[hook]
pub fn use_keyboard(dispatch: &Callback<Action>) {
    let dispatch = dispatch.clone();
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            let options = gloo_events::EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&w, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                    .is_some_and(|el| {
                        matches!(
                            el.tag_name().as_str(),
                            "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
                        )
                    });
                if typing {
                    return;
                }
                let action = match e.key().as_str() {
                    " " => Action::TogglePlay,
                    "ArrowRight" => Action::Step,
                    "ArrowLeft" => Action::StepBack,
                    _ => return,
                };
                e.prevent_default();
                dispatch.emit(action);
            })
        });
        // The page answers keys from here on: a User Timing mark the page benchmark reads.
        if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
            let _ = perf.mark("zkplay-interactive");
        }
        move || drop(listener)
    });
}
