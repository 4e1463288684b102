//! Keeps the page's choices across reloads: the language, the tutorial's progress and the
//! lesson followed, the free play kept aside during a lesson, and the recipe form's values;
//! the document speaks the language too. (Reading them back is `initial_state.rs`.)

use yew::prelude::*;
use zkplay_core::tutorial::Lang;

use crate::messages::Msg;
use crate::state::AppState;
use crate::storage;

/// Saves the choices whenever one changes, and sets the document's title and language.
#[hook]
pub fn use_persistence(state: &AppState) {
    let lesson = state.current_lesson().map(|l| l.id);
    // One effect for all (each hook of its own type costs the page's size).
    let key = (
        state.lang,
        state.done.clone(),
        state.progress.clone(),
        lesson,
        state.freeplay.clone(),
        state.recipe_form.clone(),
    );
    use_effect_with(
        key,
        move |(lang, done, progress, lesson, freeplay, form)| {
            storage::save_tutorial(
                *lang,
                &done.iter().cloned().collect::<Vec<_>>(),
                progress,
                *lesson,
            );
            storage::save_freeplay(freeplay.as_deref());
            storage::save_recipe_form(&form.to_line());
        },
    );
    use_effect_with(state.lang, |lang| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(Msg::DocumentTitle.text(*lang));
            if let Some(html) = document.document_element() {
                let tag = match lang {
                    Lang::En => "en",
                    Lang::Zh => "zh-CN",
                };
                let _ = html.set_attribute("lang", tag);
            }
        }
    });
}
