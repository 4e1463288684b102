//! Reads a scenario script: one command per line, `#` comments, multi blocks closed by `end`.

use crate::bounds::{
    parse_count, parse_ms, DELAY_MS_MAX, ENSEMBLE_OBSERVERS_MAX, ENSEMBLE_VOTERS_MAX, PAUSE_MS_MAX,
    RECIPE_CLIENTS_MAX, SESSION_TIMEOUT_MS_MAX, SESSION_TIMEOUT_MS_MIN, STEPS_PER_LINE_MAX,
    TICK_MS_MAX,
};
use crate::script::cli::{parse_command, tokenize, CliCommand, CliError};
use crate::script::ensemble_lines::{
    parse_ensemble, parse_server_command, EnsembleConfig, ServerCommand,
};

/// An op line inside a multi block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultiLine {
    Check {
        path: String,
        version: i32,
    },
    Create {
        path: String,
        data: Option<String>,
        ephemeral: bool,
        sequential: bool,
    },
    Delete {
        path: String,
        version: i32,
    },
    Set {
        path: String,
        data: String,
        version: i32,
    },
}

/// A script-level command for the simulator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimCommand {
    Seed(u64),
    /// `clock YYYY-MM-DDTHH:MM:SSZ`: the simulated wall clock's origin, in ms since 1970.
    Clock(i64),
    Step(u64),
    Crash(String),
    Partition(String),
    Heal(String),
    Pause(String, u64),
    Delay(String, u64),
    ServerStop,
    ServerStart,
    /// `recipe KIND PATH on A,B,C [key=value …]`.
    Recipe {
        kind: crate::recipes::RecipeKind,
        path: String,
        clients: Vec<String>,
        options: crate::recipes::RecipeOptions,
    },
}

impl SimCommand {
    /// The command's first word, for messages.
    pub fn word(&self) -> &'static str {
        match self {
            SimCommand::Seed(_) => "seed",
            SimCommand::Clock(_) => "clock",
            SimCommand::Step(_) => "step",
            SimCommand::Crash(_) => "crash",
            SimCommand::Partition(_) => "partition",
            SimCommand::Heal(_) => "heal",
            SimCommand::Pause(..) => "pause",
            SimCommand::Delay(..) => "delay",
            SimCommand::ServerStop => "server stop",
            SimCommand::ServerStart => "server start",
            SimCommand::Recipe { .. } => "recipe",
        }
    }
}

/// The number of a simulator line that is past its bound, typed (the page words it in its
/// language and a console states the bound): `tick`/`sleep MS`, `step N`, `pause NAME MS`,
/// `delay NAME MS`, `delay server K MS`. The parser's own message for it is this error's
/// `Display`.
pub fn bound_broken(line: &str) -> Option<crate::bounds::BoundError> {
    use crate::bounds::{bounded_count, bounded_ms};
    let words = tokenize(line);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    match w.as_slice() {
        [first @ ("sleep" | "tick"), ms] => {
            bounded_ms(ms, &format!("the {first}"), 0, TICK_MS_MAX).err()
        }
        ["step", n] => bounded_count(n, "the step count", 0, STEPS_PER_LINE_MAX).err(),
        ["pause", _, ms] => bounded_ms(ms, "the pause", 0, PAUSE_MS_MAX).err(),
        ["delay", _, ms] | ["delay", "server", _, ms] => {
            bounded_ms(ms, "the delay", 0, DELAY_MS_MAX).err()
        }
        _ => None,
    }
}

fn parse_sim_command(words: &[String]) -> Option<Result<SimCommand, String>> {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let number = |s: &str, what: &str| -> Result<u64, String> {
        s.parse::<u64>()
            .map_err(|_| format!("{what} must be a whole number, not '{s}'"))
    };
    let name = |s: &str| -> Result<String, String> {
        if is_name(s) {
            Ok(s.to_string())
        } else {
            Err(format!("bad session name '{s}'"))
        }
    };
    Some(match w.as_slice() {
        ["seed", n] => number(n, "the seed").map(SimCommand::Seed),
        ["seed", ..] => Err("usage: seed N".into()),
        ["clock", t] => crate::script::clock::parse_clock(t).map(SimCommand::Clock),
        ["clock", ..] => Err(crate::script::clock::USAGE.into()),
        ["step"] => Ok(SimCommand::Step(1)),
        ["step", n] => {
            parse_count(n, "the step count", 0, STEPS_PER_LINE_MAX).map(SimCommand::Step)
        }
        ["step", ..] => Err("usage: step [N]".into()),
        ["crash", n] => name(n).map(SimCommand::Crash),
        ["partition", n] => name(n).map(SimCommand::Partition),
        ["heal", n] => name(n).map(SimCommand::Heal),
        ["crash" | "partition" | "heal", ..] => Err(format!("usage: {} NAME", w[0])),
        ["pause", n, ms] => name(n).and_then(|n| {
            parse_ms(ms, "the pause", 0, PAUSE_MS_MAX).map(|ms| SimCommand::Pause(n, ms))
        }),
        ["delay", n, ms] => name(n).and_then(|n| {
            parse_ms(ms, "the delay", 0, DELAY_MS_MAX).map(|ms| SimCommand::Delay(n, ms))
        }),
        ["pause" | "delay", ..] => Err(format!("usage: {} NAME MS", w[0])),
        ["server", "stop"] => Ok(SimCommand::ServerStop),
        ["server", "start"] => Ok(SimCommand::ServerStart),
        ["server", ..] => Err("usage: server stop | server start".into()),
        ["recipe", kind, path, "on", who, opts @ ..] => parse_recipe(kind, path, who, opts),
        ["recipe", ..] => Err(format!(
            "usage: recipe KIND PATH on A,B,C [key=value …] (KIND: {})",
            crate::recipes::RecipeKind::ALL
        )),
        _ => return None,
    })
}

fn parse_recipe(kind: &str, path: &str, who: &str, opts: &[&str]) -> Result<SimCommand, String> {
    let kind = crate::recipes::RecipeKind::parse(kind).ok_or_else(|| {
        format!(
            "unknown recipe '{kind}' (one of {})",
            crate::recipes::RecipeKind::ALL
        )
    })?;
    crate::recipes::check_path(path)?;
    let clients: Vec<String> = who.split(',').map(str::to_string).collect();
    if clients.len() > RECIPE_CLIENTS_MAX {
        return Err(format!(
            "a recipe line names at most {RECIPE_CLIENTS_MAX} clients, not {}",
            clients.len()
        ));
    }
    if let Some(bad) = clients.iter().find(|c| !is_name(c)) {
        return Err(format!("bad session name '{bad}'"));
    }
    let words: Vec<String> = opts.iter().map(|s| s.to_string()).collect();
    let options = crate::recipes::RecipeOptions::parse(&words)?;
    Ok(SimCommand::Recipe {
        kind,
        path: path.to_string(),
        clients,
        options,
    })
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// `session NAME [timeout=MS] [server=K]`; `server` pins the client to one server of the
    /// ensemble (without it, the client may use any).
    Session {
        timeout_ms: u32,
        server: Option<crate::ensemble::PeerId>,
    },
    /// `ensemble N …`: the servers of a replicated ZooKeeper (first lines only).
    Ensemble(EnsembleConfig),
    /// A line about the ensemble's servers (`server K crash`, `srvr K`, `wait server K …`).
    Server(ServerCommand),
    /// `sleep MS` or `tick MS`: let simulated time pass, delivering everything due.
    Sleep {
        ms: u64,
    },
    Sim(SimCommand),
    Command(CliCommand),
    Multi(Vec<MultiLine>),
    /// A session's line that zkCli itself does not run (unknown command, bad options…).
    Refused(CliError),
    /// A line that could not be parsed: the message says why.
    Invalid(String),
}

/// One step of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based among non-blank, non-comment lines (a multi block counts once).
    pub index: usize,
    /// 1-based line in the file, for messages.
    pub line: usize,
    /// The session that runs it (`NAME:` prefix, or the name of a `session` line).
    pub session: Option<String>,
    /// The command text after `NAME: `, or the whole line for script-level commands.
    pub text: String,
    /// The step as written: its line (trimmed), and for a multi block the lines up to its
    /// `end` as they stand. Running the sources one by one runs the script.
    pub source: String,
    pub kind: StepKind,
}

/// The default session timeout zkCli asks for.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn parse_version(s: &str) -> Result<i32, String> {
    s.parse::<i32>()
        .map_err(|_| format!("version must be an int value: {s}"))
}

fn parse_multi_line(line: &str) -> Result<MultiLine, String> {
    let t = tokenize(line);
    let word = t.first().map(String::as_str).unwrap_or("");
    let usage = || {
        format!(
            "bad multi op '{line}': expected check PATH VERSION | create [-e] [-s] PATH [DATA] | delete PATH [VERSION] | set PATH DATA [VERSION]"
        )
    };
    match word {
        "check" if t.len() == 3 => Ok(MultiLine::Check {
            path: t[1].clone(),
            version: parse_version(&t[2])?,
        }),
        "create" => {
            let mut ephemeral = false;
            let mut sequential = false;
            let mut rest = Vec::new();
            for w in &t[1..] {
                match w.as_str() {
                    "-e" => ephemeral = true,
                    "-s" => sequential = true,
                    "-es" | "-se" => {
                        ephemeral = true;
                        sequential = true;
                    }
                    _ => rest.push(w.clone()),
                }
            }
            if rest.is_empty() || rest.len() > 2 {
                return Err(usage());
            }
            Ok(MultiLine::Create {
                path: rest[0].clone(),
                data: rest.get(1).cloned(),
                ephemeral,
                sequential,
            })
        }
        "delete" if t.len() == 2 || t.len() == 3 => Ok(MultiLine::Delete {
            path: t[1].clone(),
            version: t.get(2).map_or(Ok(-1), |v| parse_version(v))?,
        }),
        "set" if t.len() == 3 || t.len() == 4 => Ok(MultiLine::Set {
            path: t[1].clone(),
            data: t[2].clone(),
            version: t.get(3).map_or(Ok(-1), |v| parse_version(v))?,
        }),
        _ => Err(usage()),
    }
}

fn parse_session_line(
    rest: &[String],
    ensemble: Option<&EnsembleConfig>,
) -> Result<(String, u32, Option<crate::ensemble::PeerId>), String> {
    let Some(name) = rest.first() else {
        return Err("usage: session NAME [timeout=MS] [server=K]".into());
    };
    if !is_name(name) {
        return Err(format!(
            "bad session name '{name}': use letters, digits, '_' or '-'"
        ));
    }
    let mut timeout_ms = DEFAULT_TIMEOUT_MS;
    let mut server = None;
    for opt in &rest[1..] {
        if let Some(k) = opt.strip_prefix("server=") {
            let Some(config) = ensemble else {
                return Err(format!(
                    "'{opt}' needs an 'ensemble N' line at the top of the script"
                ));
            };
            let id = parse_count(
                k,
                "a server id",
                1,
                ENSEMBLE_VOTERS_MAX + ENSEMBLE_OBSERVERS_MAX,
            )?;
            server = Some(config.check_server(id)?);
            continue;
        }
        let Some(ms) = opt.strip_prefix("timeout=") else {
            return Err(format!(
                "unknown session option '{opt}': expected timeout=MS or server=K"
            ));
        };
        let ms = parse_ms(
            ms,
            "the session timeout",
            SESSION_TIMEOUT_MS_MIN,
            SESSION_TIMEOUT_MS_MAX,
        )?;
        // The bound is below u32::MAX, so this cannot fail.
        timeout_ms = u32::try_from(ms).unwrap_or(u32::MAX);
    }
    Ok((name.clone(), timeout_ms, server))
}

/// Parses a whole script. Never fails: a bad line becomes an [`StepKind::Invalid`] step, so the
/// rest of the script still runs and the transcript says what was wrong where.
pub fn parse_script(text: &str) -> Vec<Step> {
    parse_lines(text, None)
}

/// Parses lines that continue a script whose `ensemble` line was `ensemble` (the page and the
/// loader parse a script one step source at a time): server lines and `server=` are checked
/// against it, and another `ensemble` line is refused.
pub fn parse_script_in(text: &str, ensemble: &EnsembleConfig) -> Vec<Step> {
    parse_lines(text, Some(ensemble.clone()))
}

fn parse_lines(text: &str, context: Option<EnsembleConfig>) -> Vec<Step> {
    let lines: Vec<&str> = text.lines().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    // Whether every step so far was a `seed` or `clock` line (the ensemble line must come
    // before anything else).
    let mut preamble = context.is_none();
    // The `ensemble` line, once read: server lines and `server=` are checked against it.
    let mut ensemble: Option<EnsembleConfig> = context;
    while i < lines.len() {
        let raw = lines[i];
        let line_no = i + 1;
        i += 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let index = steps.len() + 1;
        let mut step = Step {
            index,
            line: line_no,
            session: None,
            text: line.to_string(),
            source: String::new(),
            kind: StepKind::Invalid(String::new()),
        };
        let words = tokenize(line);
        let first = words.first().map(String::as_str).unwrap_or("");
        let server_line = parse_server_command(&words, ensemble.as_ref());
        if first == "ensemble" {
            step.kind = if !preamble {
                StepKind::Invalid(
                    "the ensemble line comes first: only seed and clock lines may come before it"
                        .into(),
                )
            } else {
                match parse_ensemble(&words) {
                    Ok(c) => {
                        ensemble = Some(c.clone());
                        StepKind::Ensemble(c)
                    }
                    Err(e) => StepKind::Invalid(e),
                }
            };
        } else if let Some(r) = server_line {
            step.kind = match r {
                Ok(c) => StepKind::Server(c),
                Err(e) => StepKind::Invalid(e),
            };
        } else if ensemble.is_some() && matches!(words.as_slice(), [w, _] if w == "server") {
            step.kind = StepKind::Invalid(format!(
                "'{line}': in an ensemble, name the server: server K crash|restart|stop|start"
            ));
        } else if first == "session" {
            match parse_session_line(&words[1..], ensemble.as_ref()) {
                Ok((name, timeout_ms, server)) => {
                    step.session = Some(name);
                    step.kind = StepKind::Session { timeout_ms, server };
                }
                Err(e) => step.kind = StepKind::Invalid(e),
            }
        } else if first == "sleep" || first == "tick" {
            step.kind = match words.as_slice() {
                [_, ms] => match parse_ms(ms, &format!("the {first}"), 0, TICK_MS_MAX) {
                    Ok(ms) => StepKind::Sleep { ms },
                    Err(e) => StepKind::Invalid(e),
                },
                _ => StepKind::Invalid(format!("usage: {first} MS")),
            };
        } else if let Some(r) = parse_sim_command(&words) {
            step.kind = match r {
                Ok(c) => StepKind::Sim(c),
                Err(e) => StepKind::Invalid(e),
            };
        } else if let Some((name, cmd)) = line.split_once(':').filter(|(n, _)| is_name(n.trim())) {
            let name = name.trim().to_string();
            let cmd = cmd.trim();
            step.session = Some(name);
            step.text = cmd.to_string();
            if cmd == "multi" {
                let mut ops = Vec::new();
                let mut error = None;
                let mut closed = false;
                while i < lines.len() {
                    let l = lines[i].trim();
                    i += 1;
                    if l.is_empty() || l.starts_with('#') {
                        continue;
                    }
                    if l == "end" {
                        closed = true;
                        break;
                    }
                    match parse_multi_line(l) {
                        Ok(op) => ops.push(op),
                        Err(e) => {
                            error.get_or_insert(format!("line {}: {e}", i));
                        }
                    }
                }
                step.kind = match (error, closed) {
                    (Some(e), _) => StepKind::Invalid(e),
                    (None, false) => StepKind::Invalid(format!(
                        "multi block starting on line {line_no} has no 'end'"
                    )),
                    (None, true) => StepKind::Multi(ops),
                };
            } else {
                step.kind = match parse_command(cmd) {
                    Ok(c) => StepKind::Command(c),
                    Err(e) => StepKind::Refused(e),
                };
            }
        } else {
            step.kind = StepKind::Invalid(format!(
                "line {line_no}: expected 'session NAME', 'NAME: command', or one of seed, sleep, tick, step, crash, partition, heal, pause, delay, server"
            ));
        }
        preamble &= matches!(
            step.kind,
            StepKind::Sim(SimCommand::Seed(_) | SimCommand::Clock(_))
        );
        step.source = line.to_string();
        for continued in &lines[line_no..i] {
            step.source.push('\n');
            step.source.push_str(continued);
        }
        steps.push(step);
    }
    steps
}

#[cfg(test)]
mod tests;
