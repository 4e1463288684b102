//! The state the page opens with: a share link's script or else the saved sandbox, loading
//! over a fresh one, with the saved language, tutorial progress, free play and recipe form
//! (`hooks/persistence.rs` and `hooks/autosave.rs` keep them).

use zkplay_core::share;

use crate::lang;
use crate::slices;
use crate::state::{AppState, Load, LoadSource, Problem, RecipeForm};
use crate::storage;

/// The state the page opens with.
pub fn initial_state() -> AppState {
    let link = storage::from_location();
    let link_lang = link.as_ref().and_then(|l| l.as_ref().ok()?.lang);
    let mut st = restored_state(link);
    st.lang = lang::initial(link_lang, storage::saved_lang(), &lang::browser_preferred());
    st.done = storage::lessons_done().into_iter().collect();
    st.progress = storage::lesson_steps().into_iter().collect();
    // A reload mid-lesson goes on where it was: the saved sandbox is the lesson's, and the
    // step is the one saved for it. A share link is a sandbox of its own, without a lesson.
    if storage::from_location().is_none() {
        st.resume_lesson(storage::current_lesson().as_deref());
    }
    // The free play kept while the lesson is followed, and the recipe form as it was left.
    if st.lesson.is_some() {
        st.freeplay = storage::freeplay().map(Into::into);
    }
    if let Some(form) = storage::recipe_form().and_then(|f| RecipeForm::from_saved(&f)) {
        st.recipe_form = form;
    }
    st
}

/// The share link's script, or else the saved one, loading over a fresh sandbox (at once when
/// small; a big link asks first, and if the answer is no the saved sandbox loads instead).
fn restored_state(link: Option<Result<share::Link, share::ShareError>>) -> AppState {
    let mut st = AppState::fresh();
    let saved = storage::load();
    if let Some(link) = link {
        let load = link.map_err(Problem::Link).and_then(|link| {
            Load::new(&link.script, LoadSource::Link).map_err(Problem::LinkScript)
        });
        match load {
            Ok(mut load) => {
                load.fallback = saved;
                st.start_load(load, slices::FIRST_SLICE_EVENTS);
            }
            Err(p) => st.error = Some(p),
        }
        return st;
    }
    match saved.map(|s| Load::new(&s, LoadSource::Saved)) {
        Some(Ok(load)) => st.start_load(load, slices::FIRST_SLICE_EVENTS),
        Some(Err(e)) => st.error = Some(Problem::Saved(e)),
        None => {}
    }
    st
}
