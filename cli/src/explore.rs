//! `zkplay explore`: the command line of "find a failure" (the search itself is
//! `zkplay_core::explore`): reads the options and the scenario, prints the found script on
//! standard output and a summary on standard error.

use zkplay_core::explore::{explore, property_named, Budget, ExploreConfig, Outcome};

pub const USAGE: &str =
    "usage: zkplay explore [--property NAME] [--crashes N] [--pauses N] [--partitions N]
                     [--server-crashes N] [--delays N] [--horizon MS] [--runs N] [--seed N] FILE

  Searches seeds and fault schedules (each run: the scenario's lines, then up to N faults of
  each kind at random times within the horizon) for a run that breaks a safety property; shrinks
  the first one found to the shortest script that still fails and prints it (zkplay run replays
  it). Properties: lock (at most one lock holder), master (at most one master), writes
  (acknowledged writes survive), zxids (a client's zxids only grow), logs (committed logs
  agree), watches (no lost or doubled watch event), stale-read (reads see acknowledged
  writes: on an ensemble; ZooKeeper allows a stale read without sync, finding one shows why
  sync exists), any (the default: every property ZooKeeper guarantees, so not stale-read),
  or a property's own name. Defaults: no faults (give at least one kind), --horizon 60000,
  --runs 1000, --seed 0.
  Exit status: 1 when a failure is found, 0 when none is, 2 on bad input.";

/// What `zkplay explore` asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    pub config: ExploreConfig,
    pub file: String,
}

fn number<T: std::str::FromStr>(flag: &str, value: Option<&String>) -> Result<T, String> {
    let v = value.ok_or_else(|| format!("{flag} needs a number"))?;
    v.parse::<T>()
        .map_err(|_| format!("{flag} needs a number, not '{v}'"))
}

/// Reads the arguments after `explore`.
pub fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut config = ExploreConfig::default();
    let mut budget = Budget::default();
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        let value = args.get(i + 1);
        match flag {
            "--property" => {
                let name = value.ok_or("--property needs a name")?;
                config.property = property_named(name).map_err(|e| e.to_string())?;
            }
            "--crashes" => budget.crashes = number(flag, value)?,
            "--pauses" => budget.pauses = number(flag, value)?,
            "--partitions" => budget.partitions = number(flag, value)?,
            "--server-crashes" => budget.server_crashes = number(flag, value)?,
            "--delays" => budget.delays = number(flag, value)?,
            "--horizon" => config.horizon_ms = number(flag, value)?,
            "--runs" => config.runs_max = number(flag, value)?,
            "--seed" => config.search_seed = number(flag, value)?,
            f if file.is_none() && !f.starts_with("--") => {
                file = Some(f.to_string());
                i += 1;
                continue;
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
        i += 2;
    }
    config.budget = budget;
    let file = file.ok_or("explore needs a scenario FILE")?;
    Ok(Args { config, file })
}

/// What a search printed: the found script (standard output), the summary (standard error),
/// and whether a failure was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printed {
    pub script: String,
    pub summary: String,
    pub found: bool,
}

/// Runs a search on scenario text.
pub fn explore_text(text: &str, config: &ExploreConfig) -> Result<Printed, String> {
    let outcome = explore(text, config).map_err(|e| e.to_string())?;
    Ok(match &outcome {
        Outcome::Found(f) => Printed {
            script: f.script.clone(),
            summary: outcome.to_string(),
            found: true,
        },
        Outcome::NotFound { .. } => Printed {
            script: String::new(),
            summary: outcome.to_string(),
            found: false,
        },
    })
}

/// `zkplay explore ARGS`: the exit status (1 found, 0 none found, 2 bad input).
pub fn main(args: &[String]) -> u8 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let parsed = match parse_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("zkplay explore: {e}\n{USAGE}");
            return 2;
        }
    };
    let text = match std::fs::read_to_string(&parsed.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("zkplay explore: cannot read {}: {e}", parsed.file);
            return 2;
        }
    };
    match explore_text(&text, &parsed.config) {
        Ok(p) => {
            print!("{}", p.script);
            eprintln!("zkplay explore: {}", p.summary);
            u8::from(p.found)
        }
        Err(e) => {
            eprintln!("zkplay explore: {e}");
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_the_options() {
        let a = parse_args(&args(
            "--property lock --pauses 2 --crashes 1 --horizon 30000 --runs 50 --seed 3 f.zk",
        ))
        .unwrap();
        assert_eq!(a.file, "f.zk");
        assert_eq!(
            a.config.property,
            Some(zkplay_core::recipes::monitor::Property::AtMostOneLockHolder)
        );
        assert_eq!((a.config.budget.pauses, a.config.budget.crashes), (2, 1));
        assert_eq!(
            (a.config.horizon_ms, a.config.runs_max, a.config.search_seed),
            (30000, 50, 3)
        );
        assert!(parse_args(&args("--pauses x f.zk")).is_err());
        assert!(parse_args(&args("--pauses 1")).is_err());
        assert!(parse_args(&args("--property nonsense f.zk"))
            .unwrap_err()
            .contains("unknown property"));
        let w = parse_args(&args("--property watches --pauses 1 f.zk")).unwrap();
        assert_eq!(
            w.config.property,
            Some(zkplay_core::recipes::monitor::Property::NoLostOrDoubledWatchEvent)
        );
    }

    #[test]
    fn prints_the_found_script_and_a_summary() {
        let a = parse_args(&args("--property lock --pauses 1 --runs 100 f.zk")).unwrap();
        let p = explore_text("recipe lock /locks/db on a,b,c hold=20000\n", &a.config).unwrap();
        assert!(p.found);
        assert!(p.script.contains("pause "), "{}", p.script);
        assert!(p.summary.contains("at most one lock holder"));
        let e = explore_text("recipe election /m on a,b\n", &a.config).unwrap_err();
        assert!(e.contains("lock or lock-naive"), "{e}");
    }
}
