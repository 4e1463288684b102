//! Faults from outside while `zkplay serve` runs: zkplay's script lines, one per line on
//! standard input, applied at once. A program is named by its session id as ZooKeeper prints
//! it (`0x…`, or decimal). Each line's outcome is one line on standard output.
//!
//! - `server K crash|restart|stop|start`, `partition server K`, `heal server K`,
//!   `partition servers 1,2 | 3`, `delay server K MS` — an ensemble's servers;
//! - `server stop`, `server start` — a standalone server;
//! - `expire SESSION`, `partition SESSION`, `heal SESSION`, `delay SESSION MS`.

use std::rc::Rc;

use tokio::io::{AsyncBufReadExt, BufReader};
use zkplay_core::script::ensemble_lines::{parse_server_command, EnsembleConfig};
use zkplay_core::script::parse::{SimCommand, StepKind, DEFAULT_TIMEOUT_MS};
use zkplay_core::script::parse_script;
use zkplay_core::sim::{Input, SessionFault, Sim};
use zkplay_core::stat::SessionId;

use crate::serve::conn::Shared;

/// Reads control lines until standard input closes.
pub async fn read_stdin(shared: Rc<Shared>) {
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match run_line(&shared, line) {
            Ok(()) => println!("ok: {line}"),
            Err(e) => println!("error: {line}: {e}"),
        }
    }
}

/// Control lines from inside the process, each answered on its own channel.
pub async fn read_channel(shared: Rc<Shared>, mut lines: crate::serve::ControlLines) {
    while let Some((line, answer)) = lines.recv().await {
        let _ = answer.send(run_line(&shared, line.trim()));
    }
}

/// Applies a line at the world's present (brought to the wall clock first).
fn run_line(shared: &Shared, line: &str) -> Result<(), String> {
    let outcome = {
        let mut host = shared.host.borrow_mut();
        host.pump();
        let r = apply(&mut host.sim, &shared.settings, line);
        host.pump();
        if r.is_ok() {
            let now = host.wall_ms();
            let named = line.split_whitespace().nth(1).and_then(|w| session(w).ok());
            let named = named.filter(|_| !line.starts_with("server") && !line.contains(" server"));
            if let Some(rec) = &mut host.recorder {
                rec.control(now, line, named);
            }
        }
        r
    };
    shared.bell.notify_one();
    outcome
}

/// A session id as ZooKeeper prints it (`0x…`) or in decimal.
fn session(word: &str) -> Result<SessionId, String> {
    let parsed = match word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).map(|v| v as i64),
        None => word.parse::<i64>(),
    };
    parsed
        .map(SessionId)
        .map_err(|_| format!("'{word}' is not a session id (0x… as ZooKeeper prints it)"))
}

/// Applies one control line to the world.
pub fn apply(sim: &mut Sim, settings: &crate::serve::Settings, line: &str) -> Result<(), String> {
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    // The lines check server ids against a script's `ensemble` line: the same servers.
    let lines_config = settings.ensemble.as_ref().map(|e| {
        let mut c = EnsembleConfig::new(e.voters.len() as u32);
        c.observers = e.observers.len() as u32;
        c
    });
    if let Some(parsed) = parse_server_command(&words, lines_config.as_ref()) {
        if lines_config.is_none() {
            return Err(
                "this zoo.cfg serves one server (it has no server.N lines): \
                        'server stop' and 'server start' act on it"
                    .into(),
            );
        }
        let cmd = parsed?;
        return zkplay_core::script::server_fault::apply(sim, &cmd).map_err(|a| {
            let state = if a.running { "running" } else { "stopped" };
            format!("server {} is already {state}", a.server)
        });
    }
    // Virtual clients, by name, in the same world: `recipe …` starts roles (opening the
    // sessions), `crash`/`pause`/`partition`/`heal`/`delay NAME …` fault them.
    let virtual_line = match w.as_slice() {
        ["recipe", ..] => true,
        ["crash" | "pause" | "partition" | "heal" | "delay", name, ..] => session(name).is_err(),
        _ => false,
    };
    if virtual_line {
        return virtual_clients(sim, line);
    }
    let fault = match w.as_slice() {
        ["server", "stop"] => {
            return sim
                .apply(Input::ServerStop)
                .map(drop)
                .map_err(|e| e.to_string())
        }
        ["server", "start"] => {
            return sim
                .apply(Input::ServerStart)
                .map(drop)
                .map_err(|e| e.to_string())
        }
        ["expire", s] => (session(s)?, SessionFault::Expire),
        ["partition", s] => (session(s)?, SessionFault::Partition),
        ["heal", s] => (session(s)?, SessionFault::Heal),
        ["delay", s, ms] => {
            let ms = ms
                .parse::<u64>()
                .map_err(|_| format!("'{ms}' is not a number of milliseconds"))?;
            (session(s)?, SessionFault::Delay(ms))
        }
        _ => return Err(USAGE.to_string()),
    };
    let (s, fault) = fault;
    if sim.session_fault(s, fault) {
        Ok(())
    } else {
        Err(format!("no live session 0x{:x}", s.0))
    }
}

/// A line about virtual clients: a `recipe` line or a fault of one by name.
fn virtual_clients(sim: &mut Sim, line: &str) -> Result<(), String> {
    let steps = parse_script(line);
    let Some(StepKind::Sim(cmd)) = steps.first().map(|s| &s.kind) else {
        return match steps.first().map(|s| &s.kind) {
            Some(StepKind::Invalid(why)) => Err(why.clone()),
            _ => Err(USAGE.to_string()),
        };
    };
    let ensemble = sim.is_ensemble();
    let index = |sim: &Sim, name: &str| {
        sim.client_id(name)
            .filter(|id| !sim.is_remote(*id))
            .map(|id| id.0 as usize)
            .ok_or_else(|| format!("no virtual client named {name}"))
    };
    match cmd {
        SimCommand::Recipe {
            kind,
            path,
            clients,
            options,
        } => {
            for c in clients {
                if sim.client(c).is_some_and(|x| x.is_active()) {
                    continue;
                }
                if ensemble {
                    sim.open_client_on(c, DEFAULT_TIMEOUT_MS, None);
                } else {
                    let open = Input::Open {
                        name: c.clone(),
                        timeout_ms: DEFAULT_TIMEOUT_MS,
                    };
                    sim.apply(open).map_err(|e| e.to_string())?;
                }
            }
            for c in clients {
                let group = clients.len() as u32;
                let i = index(sim, c)?;
                sim.start_recipe(i, *kind, path, options, group)
                    .map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        SimCommand::Crash(n) if ensemble => {
            let i = index(sim, n)?;
            sim.crash_client(i);
            Ok(())
        }
        SimCommand::Pause(n, ms) if ensemble => {
            let i = index(sim, n)?;
            sim.pause_client_at(i, *ms).map_err(|e| e.to_string())
        }
        SimCommand::Partition(n) if ensemble => {
            let i = index(sim, n)?;
            sim.partition_client(i);
            Ok(())
        }
        SimCommand::Heal(n) if ensemble => {
            let i = index(sim, n)?;
            sim.heal_client(i);
            Ok(())
        }
        SimCommand::Delay(n, ms) if ensemble => {
            let i = index(sim, n)?;
            sim.delay_client(i, *ms);
            Ok(())
        }
        SimCommand::Crash(n)
        | SimCommand::Pause(n, _)
        | SimCommand::Partition(n)
        | SimCommand::Heal(n)
        | SimCommand::Delay(n, _) => {
            index(sim, n)?;
            let input = match cmd {
                SimCommand::Crash(_) => Input::Crash { name: n.clone() },
                SimCommand::Pause(_, ms) => Input::Pause {
                    name: n.clone(),
                    ms: *ms,
                },
                SimCommand::Partition(_) => Input::Partition { name: n.clone() },
                SimCommand::Heal(_) => Input::Heal { name: n.clone() },
                SimCommand::Delay(_, ms) => Input::Delay {
                    name: n.clone(),
                    ms: *ms,
                },
                _ => return Err(USAGE.to_string()),
            };
            sim.apply(input).map(drop).map_err(|e| e.to_string())
        }
        _ => Err(USAGE.to_string()),
    }
}

const USAGE: &str = "not a control line: server K crash|restart|stop|start, partition server K, \
heal server K, partition servers A | B, delay server K MS, server stop|start, expire SESSION, \
partition SESSION, heal SESSION, delay SESSION MS, recipe KIND PATH on A,B [k=v …], \
crash|partition|heal NAME, pause|delay NAME MS (NAME a virtual client)";
