//! `zkplay`: runs scenario scripts on zkplay's engine, or against a live ZooKeeper with
//! `--server HOST:PORT[,HOST:PORT…]`, printing zkCli-style text or JSON lines.

use std::process::ExitCode;

use zkplay_cli::{run_file, Mode, Target};

const USAGE: &str = "usage: zkplay run [--json] [--server HOST:PORT[,HOST:PORT…]] FILE
       zkplay serve [-Dname=value …] [ZOO_CFG]
       zkplay explore [--property NAME] [--crashes N] [--pauses N] … FILE (see zkplay explore --help)
       zkplay export --lang java|curator|python [-o OUT] FILE (see zkplay export --help)

  Runs a scenario script (one command per line; see README.md) and prints its transcript; a
  script with an `ensemble N` line runs on a simulated ensemble of N servers.
  --json             one JSON object per command and per watch event
  --server HOST:PORT run against a live ZooKeeper instead of the simulated one; a connect
                     string of several servers (an ensemble, myid order) is tried in order

  serve: the simulation as a ZooKeeper 3.8 that real clients connect to (zkCli, the Java
  client, Curator, kazoo), configured by a zoo.cfg as ZooKeeperServerMain is (without one:
  standalone on port 2181). `server.N` lines serve an ensemble, each server on its own client
  port. Control lines on standard input fault it while it runs: server K crash|restart,
  partition server K, heal server K, delay server K MS, server stop|start, expire SESSION,
  partition SESSION, heal SESSION, delay SESSION MS (SESSION as ZooKeeper prints it, 0x…).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve") {
        return match zkplay_cli::serve::main(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("zkplay serve: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) == Some("explore") {
        return ExitCode::from(zkplay_cli::explore::main(&args[1..]));
    }
    if args.first().map(String::as_str) == Some("export") {
        return ExitCode::from(zkplay_cli::export::main(&args[1..]));
    }
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
