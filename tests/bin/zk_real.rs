//! `zk-real [--record] [SCRIPT…]`: starts a fresh real ZooKeeper per script and prints (or,
//! with `--record`, writes to `tests/golden/`) its JSON transcript. Used to record goldens.

use zkplay_cli::{run_text, Mode, Target};
use zkplay_tests::{golden_path, recorder_args, scenarios, ZkServer};

fn main() {
    let (record, files) = recorder_args(scenarios);
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read script");
        let server = ZkServer::start().expect("start ZooKeeper");
        let out = run_text(&text, Mode::Json, &Target::Server(server.addr()))
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        if record {
            std::fs::write(golden_path(&f), &out).expect("write golden");
            eprintln!("recorded {}", f.display());
        } else {
            print!("{out}");
        }
    }
}
