//! The real zkCli 3.8 (Debian's `ZooKeeperMain`, one per session) against `zkplay serve` prints
//! exactly the goldens it printed against the real server (tests/cli_golden, recorded by
//! `zkcli-record --record` from a real ZooKeeper, never from zkplay).

use std::path::Path;
use std::sync::{Arc, Mutex};

use zkplay_tests::{
    cli_golden_path, cli_scenarios, file_name, first_difference, normalize_cli_text,
    real_server_available, record_with_zkcli, without_racy_line, ZkplayServe, RACY_SCENARIO,
};

fn golden(s: &Path) -> String {
    std::fs::read_to_string(cli_golden_path(s)).unwrap_or_else(|_| panic!("no golden for {s:?}"))
}

#[test]
fn real_zkcli_against_zkplay_serve_prints_the_goldens() {
    if !real_server_available() {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but Debian's zookeeper (zkCli) is not installed"
        );
        eprintln!("skipped: Debian's zookeeper package (zkCli) is not installed");
        return;
    }
    let queue = Arc::new(Mutex::new(cli_scenarios()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (queue, failures) = (Arc::clone(&queue), Arc::clone(&failures));
            std::thread::spawn(move || loop {
                let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                let Some(s) = next else { break };
                let result = ZkplayServe::start("").and_then(|z| record_with_zkcli(&z.addr(), &s));
                let problem = match result {
                    Err(e) => Some(e),
                    Ok(live) => {
                        let (want, got) =
                            (normalize_cli_text(&golden(&s)), normalize_cli_text(&live));
                        // zkCli's own race (see `RACY_SCENARIO`): the line may be missing.
                        let (want, got) = if file_name(&s) == RACY_SCENARIO {
                            (without_racy_line(&want), without_racy_line(&got))
                        } else {
                            (want, got)
                        };
                        (want != got).then(|| first_difference(&want, &got))
                    }
                };
                if let Some(p) = problem {
                    if let Ok(mut f) = failures.lock() {
                        f.push(format!("{}: {p}", file_name(&s)));
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let failures = failures.lock().expect("failures").clone();
    assert!(
        failures.is_empty(),
        "{} scenarios differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
