//! Where the sandbox is kept between visits: localStorage, and the share link in the URL.

use zkplay_core::share::{self, Link, ShareError};
use zkplay_core::tutorial::Lang;

const KEY: &str = "zkplay.script.v1";

/// Why the sandbox cannot be saved (it will not survive a reload; nothing else is lost).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser keeps no local storage (private mode, disabled).
    Missing,
    /// The storage is full.
    Full,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved script, if any.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok()?
}

/// Saves the script; a full or missing storage is reported, never fatal.
pub fn save(script: &str) -> Result<(), StorageError> {
    let s = storage().ok_or(StorageError::Missing)?;
    s.set_item(KEY, script).map_err(|_| StorageError::Full)
}

/// The share link in the page's address (`#s=…`), if there is one.
pub fn from_location() -> Option<Result<Link, ShareError>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    share::parse_fragment(&hash)
}

/// Puts a share link for `script`, opening in `lang`, into the address bar.
pub fn set_share_link(script: &str, lang: Lang) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&share::fragment(script, lang));
    }
}

const LANG_KEY: &str = "zkplay.lang";
const DONE_KEY: &str = "zkplay.lessons-done";
/// The step each lesson was left at: `id:step,id:step`.
const STEPS_KEY: &str = "zkplay.lesson-steps";
/// The lesson being followed when the page was left.
const LESSON_KEY: &str = "zkplay.lesson";

/// The language chosen on an earlier visit, if any.
pub fn saved_lang() -> Option<Lang> {
    Lang::parse(&storage()?.get_item(LANG_KEY).ok()??)
}

/// The finished lessons, as saved.
pub fn lessons_done() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(DONE_KEY).ok().flatten())
        .map(|d| {
            d.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The step each lesson was left at, as saved (anything unreadable is skipped).
pub fn lesson_steps() -> Vec<(String, usize)> {
    storage()
        .and_then(|s| s.get_item(STEPS_KEY).ok().flatten())
        .map(|d| {
            d.split(',')
                .filter_map(|pair| {
                    let (id, step) = pair.split_once(':')?;
                    Some((id.to_string(), step.parse().ok()?))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The lesson being followed when the page was left, if any.
pub fn current_lesson() -> Option<String> {
    storage()?
        .get_item(LESSON_KEY)
        .ok()?
        .filter(|id| !id.is_empty())
}

/// Saves the language at once, when it is chosen. Only a choice replaces a saved language
/// ([`save_tutorial`] writes one only when none is saved): the page's effects run a task or
/// more after a render (Yew yields to the browser during a long one, as the whole page's
/// re-render in the other language can be), so a save from an effect may run after the choice
/// or after a navigation away, and must not put back the language the page showed before.
pub fn save_lang(lang: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}

/// Saves the tutorial's progress: the finished lessons, the step of each, the lesson being
/// followed (best effort: a full storage only loses them); and the language the page opened
/// in, only if none is saved yet (a first visit keeps the browser's or the link's language;
/// after that only a choice, [`save_lang`], changes it).
pub fn save_tutorial(
    lang: Lang,
    done: &[String],
    steps: &zkplay_core::sorted::SortedMap<String, usize>,
    lesson: Option<&str>,
) {
    if let Some(s) = storage() {
        if s.get_item(LANG_KEY).ok().flatten().is_none() {
            let _ = s.set_item(LANG_KEY, lang.code());
        }
        let _ = s.set_item(DONE_KEY, &done.join(","));
        let steps: Vec<String> = steps.iter().map(|(id, at)| format!("{id}:{at}")).collect();
        let _ = s.set_item(STEPS_KEY, &steps.join(","));
        let _ = s.set_item(LESSON_KEY, lesson.unwrap_or(""));
    }
}

/// The free-play sandbox's script, kept while a lesson is followed.
const FREEPLAY_KEY: &str = "zkplay.freeplay.v1";
/// The recipe form's values (`state::RecipeForm::to_line`).
const RECIPE_FORM_KEY: &str = "zkplay.recipe-form";

/// The free-play script kept while a lesson was followed, if any.
pub fn freeplay() -> Option<String> {
    storage()?
        .get_item(FREEPLAY_KEY)
        .ok()?
        .filter(|s| !s.is_empty())
}

/// Keeps the free-play script (none: forgets it). Best effort, as the tutorial's progress.
pub fn save_freeplay(script: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match script {
            Some(script) => s.set_item(FREEPLAY_KEY, script),
            None => s.remove_item(FREEPLAY_KEY),
        };
    }
}

/// The recipe form's values as saved, if any.
pub fn recipe_form() -> Option<String> {
    storage()?.get_item(RECIPE_FORM_KEY).ok()?
}

/// Keeps the recipe form's values (best effort).
pub fn save_recipe_form(line: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(RECIPE_FORM_KEY, line);
    }
}
