//! Loads a script a slice at a time, each sized to take a few milliseconds with its render
//! (`slices.rs`), so the page draws and answers between slices.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::slices;
use crate::state::Action;

/// The page's clock, in milliseconds (only to size the slices of loading).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// While a confirmed script loads (`running`), dispatches the next slice after each render
/// (`revision` changes on every action).
#[hook]
pub fn use_load_slices(running: bool, revision: u64, dispatch: &Callback<Action>) {
    let dispatch = dispatch.clone();
    let events_max = use_mut_ref(|| slices::FIRST_SLICE_EVENTS);
    use_effect_with((running, revision), move |(running, _)| {
        let timer = running.then(|| {
            Timeout::new(0, move || {
                let events = *events_max.borrow();
                let start = now_ms();
                dispatch.emit(Action::LoadSlice(events));
                *events_max.borrow_mut() = slices::next_events(events, now_ms() - start);
            })
        });
        move || drop(timer)
    });
}
