//! Any text as a scenario script, run on the engine and on the network simulation (and on the
//! simulated ensemble when it has an `ensemble` line): nothing panics, and the trees and the
//! simulations keep their invariants — checked as they run (the fuzz build keeps debug
//! assertions: see `core/src/check_cadence.rs`) and in full at the end of the script.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zkplay_core::script::{parse_script, run_script, EngineBackend};
use zkplay_core::script::ensemble_backend::has_ensemble;
use zkplay_core::script::SimulationBackend;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > 4096 {
        return;
    }
    let steps = parse_script(text);
    let mut direct = EngineBackend::default();
    let _ = run_script(&mut direct, &steps);
    assert_eq!(direct.server.check_invariants(), Ok(()));
    let mut net = SimulationBackend::default();
    let _ = run_script(&mut net, &steps);
    if let Some(server) = net.sim.server() {
        assert_eq!(server.check_invariants(), Ok(()));
    }
    assert_eq!(net.sim.check_invariants(), Ok(()));
    if has_ensemble(&steps) {
        let mut ensemble = SimulationBackend::for_ensemble(0);
        let _ = run_script(&mut ensemble, &steps);
        if let Some(sim) = ensemble.ensemble() {
            assert_eq!(sim.properties().violations(), &[] as &[String]);
            for peer in sim.peers() {
                assert_eq!(peer.server().check_invariants(), Ok(()));
            }
        }
    }
});
