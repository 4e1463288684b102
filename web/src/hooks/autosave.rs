//! Keeps the sandbox across reloads (not while a script loads over it: the one shown is about
//! to be replaced, and the saved one may be what is loading). Building and storing the script
//! costs O(script), so a playing sandbox is saved at most once per [`SAVE_INTERVAL_MS`], and
//! at once when the page is hidden or left.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;
use zkplay_core::sandbox::Sandbox;

use crate::state::{Action, Problem};
use crate::storage;

/// The most often a changing sandbox is saved to localStorage.
const SAVE_INTERVAL_MS: u32 = 500;

/// Saves `sandbox` (unless `loading`) at most once per [`SAVE_INTERVAL_MS`] after it changes,
/// and when the page is left; a failure is dispatched as a problem.
#[hook]
pub fn use_autosave(sandbox: &Rc<RefCell<Sandbox>>, loading: bool, dispatch: &Callback<Action>) {
    let latest = use_mut_ref(|| None::<(Rc<RefCell<Sandbox>>, bool)>);
    *latest.borrow_mut() = Some((sandbox.clone(), loading));
    let pending = use_mut_ref(|| None::<Timeout>);
    let revision = (
        sandbox.borrow().revision(),
        Rc::as_ptr(sandbox) as usize,
        loading,
    );
    let save = {
        let (latest, dispatch) = (latest.clone(), dispatch.clone());
        move || {
            if let Some((sandbox, false)) = latest.borrow().as_ref() {
                if let Err(e) = storage::save(&sandbox.borrow().script()) {
                    dispatch.emit(Action::ShowError(Problem::Storage(e)));
                }
            }
        }
    };
    {
        let (pending, save) = (pending.clone(), save.clone());
        use_effect_with(revision, move |_| {
            if pending.borrow().is_none() {
                // A weak handle: the timer must not keep its own slot alive, or it would
                // outlive the page's component and save after it is gone.
                let done = Rc::downgrade(&pending);
                *pending.borrow_mut() = Some(Timeout::new(SAVE_INTERVAL_MS, move || {
                    if let Some(done) = done.upgrade() {
                        done.borrow_mut().take();
                    }
                    save();
                }));
            }
        });
    }
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "pagehide", move |_| {
                if pending.borrow_mut().take().is_some() {
                    save();
                }
            })
        });
        move || drop(listener)
    });
}
