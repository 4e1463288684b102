//! `zkcli-record [--record] [SCRIPT…]`: runs each text scenario through the real zkCli
//! (`ZooKeeperMain`, one per session) against a fresh real ZooKeeper and prints its transcript,
//! or with `--record` writes it to `tests/cli_golden/`. The text goldens come only from here.

use zkplay_tests::{cli_golden_path, cli_scenarios, record_with_zkcli, recorder_args, ZkServer};

fn main() {
    let (record, files) = recorder_args(cli_scenarios);
    for f in files {
        let server = ZkServer::start().expect("start ZooKeeper");
        let out = record_with_zkcli(&server.addr(), &f).unwrap_or_else(|e| panic!("{e}"));
        if record {
            std::fs::write(cli_golden_path(&f), &out).expect("write golden");
            eprintln!("recorded {}", f.display());
        } else {
            print!("{out}");
        }
    }
}
