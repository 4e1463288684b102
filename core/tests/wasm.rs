//! The engine compiled to wasm and run under Node: the same script gives the same transcript
//! as the real ZooKeeper recorded in the golden file.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use zkplay_core::script::transcript::{to_json_lines, Naming};
use zkplay_core::script::{parse_script, run_script, SimBackend};

const SCRIPT: &str = include_str!("../../tests/scenarios/001_first_session.zk");
const GOLDEN: &str = include_str!("../../tests/golden/001_first_session.jsonl");

#[wasm_bindgen_test]
fn first_session_matches_the_real_server_in_wasm() {
    let mut b = SimBackend::default();
    let entries = run_script(&mut b, &parse_script(SCRIPT));
    assert_eq!(to_json_lines(&entries, &Naming { backend: &b }), GOLDEN);
}
