//! Where the sandbox is kept between visits: localStorage, and the share link in the URL.

use zkplay_core::share;

const KEY: &str = "zkplay.script.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved script, if any.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok()?
}

/// Saves the script; a full or missing storage is reported, never fatal.
pub fn save(script: &str) -> Result<(), String> {
    let s = storage()
        .ok_or("this browser keeps no local storage: the sandbox will not survive a reload")?;
    s.set_item(KEY, script)
        .map_err(|_| "local storage is full: the sandbox will not survive a reload".to_string())
}

/// The script in the page's share link (`#s=…`), if there is one.
pub fn from_location() -> Option<Result<String, String>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let packed = hash.strip_prefix("#s=")?;
    Some(share::decode(packed).map_err(|e| e.to_string()))
}

/// Puts a share link for `script` into the address bar.
pub fn set_share_link(script: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w
            .location()
            .set_hash(&format!("s={}", share::encode(script)));
    }
}

const LANG_KEY: &str = "zkplay.lang";
const DONE_KEY: &str = "zkplay.lessons-done";

/// The tutorial language and the finished lessons, as saved.
pub fn load_tutorial() -> (String, Vec<String>) {
    let Some(s) = storage() else {
        return ("en".into(), Vec::new());
    };
    let lang = s
        .get_item(LANG_KEY)
        .ok()
        .flatten()
        .unwrap_or_else(|| "en".into());
    let done = s
        .get_item(DONE_KEY)
        .ok()
        .flatten()
        .map(|d| {
            d.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    (lang, done)
}

/// Saves the tutorial language and progress (best effort: a full storage only loses progress).
pub fn save_tutorial(lang: &str, done: &[String]) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang);
        let _ = s.set_item(DONE_KEY, &done.join(","));
    }
}
