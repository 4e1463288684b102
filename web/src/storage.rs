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
    Some(share::decode(packed))
}

/// Puts a share link for `script` into the address bar.
pub fn set_share_link(script: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w
            .location()
            .set_hash(&format!("s={}", share::encode(script)));
    }
}
