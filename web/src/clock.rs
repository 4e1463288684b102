//! The page's one reading of the real clock: a new scenario's simulated wall clock starts at
//! the browser's time. The reading becomes the script's `clock` line, so exports, share links
//! and reloads replay the same dates; the core never sees a real clock.

use zkplay_core::sandbox::Sandbox;
use zkplay_core::script::clock::clock_line;

/// An empty sandbox whose clock starts now.
pub fn new_sandbox() -> Sandbox {
    let mut sandbox = Sandbox::new();
    sandbox.run(&clock_line(js_sys::Date::now() as i64));
    sandbox
}
