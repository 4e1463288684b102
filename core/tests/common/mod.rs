//! Shared by the simulation tests (native and wasm): a fault-heavy scenario run per seed.

use zkplay_core::script::transcript::{to_json_lines, Naming};
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script};
use zkplay_core::sim::SimConfig;

/// Every fault the simulator offers, on a lock-like layout.
pub const FAULT_SCRIPT: &str = "\
session a timeout=6000
session b timeout=6000
session c timeout=9000
a: create -e /lock a
b: stat -w /lock
c: addWatch /
partition a
tick 2500
heal a
tick 1000
a: stat /lock
pause b 2000
delay c 40
server stop
tick 700
server start
tick 3000
b: get /lock
crash a
tick 12000
b: ls /
c: create -e -s /q- x
step 5
c: close
";

/// The transcript and final state hash of the fault script under a seed.
pub fn run_faults(seed: u64) -> (String, u64) {
    let mut b = SimulationBackend::new(SimConfig {
        seed,
        ..SimConfig::default()
    });
    let entries = run_script(&mut b, &parse_script(FAULT_SCRIPT));
    let transcript = to_json_lines(&entries, &Naming { backend: &b });
    (transcript, b.sim.state_hash())
}

/// The recorded native hashes, one `seed hash` line each.
pub const RECORDED_HASHES: &str = include_str!("../data/sim_hashes.txt");
