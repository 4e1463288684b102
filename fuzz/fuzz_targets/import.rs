//! Any text as a share link or an imported scenario: a clear error or a sandbox, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zkplay_core::sandbox::Sandbox;
use zkplay_core::share;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(script) = share::decode(text) {
        if script.len() <= 2048 {
            let _ = Sandbox::import(&script);
        }
    }
    if text.len() <= 2048 {
        let _ = Sandbox::import(text);
    }
});
