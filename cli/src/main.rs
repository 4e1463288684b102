//! `zkplay`: runs scenario scripts on zkplay's engine, or against a live ZooKeeper with
//! `--server HOST:PORT[,HOST:PORT…]`, printing zkCli-style text or JSON lines.

use std::process::ExitCode;

use zkplay_cli::{run_file, Mode, Target};

const USAGE: &str = "usage: zkplay run [--json] [--server HOST:PORT[,HOST:PORT…]] FILE

  Runs a scenario script (one command per line; see README.md) and prints its transcript; a
  script with an `ensemble N` line runs on a simulated ensemble of N servers.
  --json             one JSON object per command and per watch event
  --server HOST:PORT run against a live ZooKeeper instead of the simulated one; a connect
                     string of several servers (an ensemble, myid order) is tried in order";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("run") {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut mode = Mode::Text;
    let mut target = Target::Simulated;
    let mut file = None;
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => mode = Mode::Json,
            "--server" => {
                i += 1;
                match args.get(i) {
                    Some(addr) => target = Target::Server(addr.clone()),
                    None => {
                        eprintln!("--server needs HOST:PORT\n{USAGE}");
                        return ExitCode::from(2);
                    }
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
            other => {
                eprintln!("unexpected argument '{other}'\n{USAGE}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    let Some(file) = file else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match run_file(&file, mode, &target) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("zkplay: {e}");
            ExitCode::FAILURE
        }
    }
}
