//! The engine compiled to wasm and run under Node: the same script gives the same transcript
//! as the real ZooKeeper recorded in the golden file.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::*;
use zkplay_core::script::transcript::{to_json_lines, Naming};
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script};

const SCRIPT: &str = include_str!("../../tests/scenarios/001_first_session.zk");
const GOLDEN: &str = include_str!("../../tests/golden/001_first_session.jsonl");

#[wasm_bindgen_test]
fn first_session_matches_the_real_server_in_wasm() {
    let mut b = SimulationBackend::default();
    let entries = run_script(&mut b, &parse_script(SCRIPT));
    assert_eq!(to_json_lines(&entries, &Naming { backend: &b }), GOLDEN);
}

/// The same seeds give the same state hash in wasm as natively (tests/data/sim_hashes.txt is
/// written by the native test `recorded_hashes_are_current`).
#[wasm_bindgen_test]
fn simulation_hashes_match_native_for_50_seeds() {
    let mut checked = 0;
    for line in common::RECORDED_HASHES.lines() {
        let mut parts = line.split(' ');
        let seed: u64 = parts.next().unwrap().parse().unwrap();
        let hash = parts.next().unwrap();
        let got = format!("{:016x}", common::run_faults(seed).1);
        if got != hash {
            let mut b = SimulationBackend::new(zkplay_core::sim::SimConfig {
                seed,
                ..zkplay_core::sim::SimConfig::default()
            });
            let _ = run_script(&mut b, &parse_script(common::FAULT_SCRIPT));
            panic!(
                "seed {seed}: {got} != {hash}; parts: {:?}",
                b.sim.part_hashes()
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 50);
}
