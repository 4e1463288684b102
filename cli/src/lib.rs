//! The `zkplay` command line as a library, so tests can run scripts exactly as the binary does.

pub mod explore;
pub mod export;
pub mod live;
pub mod serve;
pub mod srvr;
pub mod wire;

use zkplay_core::script::transcript::{to_json_lines, to_text, Naming};
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script, Backend};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Text,
    Json,
}

/// Where the script runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Simulated,
    Server(String),
}

/// Runs script text on a backend and renders the transcript.
pub fn run_on(backend: &mut dyn Backend, script: &str, mode: Mode) -> String {
    let steps = parse_script(script);
    let entries = run_script(backend, &steps);
    let naming = Naming { backend };
    match mode {
        Mode::Json => to_json_lines(&entries, &naming),
        Mode::Text => to_text(&entries),
    }
}

/// Runs script text on the target.
pub fn run_text(script: &str, mode: Mode, target: &Target) -> Result<String, String> {
    match target {
        Target::Simulated => {
            let seed = zkplay_core::sim::SimConfig::default().seed;
            let mut backend = SimulationBackend::for_script(seed, &parse_script(script));
            Ok(run_on(&mut backend, script, mode))
        }
        Target::Server(addr) => {
            let mut b = live::LiveBackend::new(addr);
            let out = run_on(&mut b, script, mode);
            b.shutdown();
            match b.fatal() {
                Some(e) => Err(e),
                None => Ok(out),
            }
        }
    }
}

/// Reads and runs a script file.
pub fn run_file(path: &str, mode: Mode, target: &Target) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    run_text(&text, mode, target)
}
