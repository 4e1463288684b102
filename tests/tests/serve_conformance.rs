//! Every conformance scenario under tests/scenarios, run by zkplay's wire client (`zkplay run
//! --server`, the client the goldens were recorded with against the real ZooKeeper 3.8)
//! against `zkplay serve`, gives exactly its golden: the simulation behind real sockets
//! answers as the real server did.

use zkplay_cli::{run_text, Mode, Target};
use zkplay_tests::{file_name, first_difference, golden_path, scenarios, ZkplayServe};

#[test]
fn the_wire_client_against_zkplay_serve_gives_every_golden() {
    let mut failures = Vec::new();
    for s in scenarios() {
        let script = std::fs::read_to_string(&s).expect("read scenario");
        let golden = std::fs::read_to_string(golden_path(&s)).expect("golden");
        let server = ZkplayServe::start("").expect("zkplay serve");
        match run_text(&script, Mode::Json, &Target::Server(server.addr())) {
            Ok(out) if out == golden => {}
            Ok(out) => failures.push(format!(
                "{}: {}",
                file_name(&s),
                first_difference(&golden, &out)
            )),
            Err(e) => failures.push(format!("{}: {e}", file_name(&s))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
