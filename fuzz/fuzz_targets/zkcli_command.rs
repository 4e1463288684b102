//! Any text as one zkCli command line: parsing never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        let _ = zkplay_core::script::cli::parse_command(line);
    }
});
