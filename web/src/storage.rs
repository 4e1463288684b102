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

/// Saves the language and the tutorial's progress (best effort: a full storage only loses
/// them).
pub fn save_tutorial(lang: Lang, done: &[String]) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
        let _ = s.set_item(DONE_KEY, &done.join(","));
    }
}
