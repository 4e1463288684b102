//! Script lines as typed values. The page builds what the user asked for (open a session,
//! crash a client, start a recipe, let time pass) from these, and they print themselves in the
//! syntax the parser reads back, so the page never writes script syntax by hand.

use std::fmt;

use crate::script::parse::SimCommand;

/// One line of a scenario script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptLine {
    /// `session NAME`: a new client with zkCli's default timeout.
    Session { name: String },
    /// `NAME: COMMAND`: a zkCli command typed in a session's console.
    Console { session: String, command: String },
    /// `tick MS`: let simulated time pass.
    Tick { ms: u64 },
    /// A simulator command: `step`, `crash`, `partition`, `heal`, `pause`, `delay`, `server`,
    /// `recipe`.
    Sim(SimCommand),
}

impl fmt::Display for SimCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimCommand::Seed(n) | SimCommand::Step(n) => write!(f, "{} {n}", self.word()),
            SimCommand::Crash(c) | SimCommand::Partition(c) | SimCommand::Heal(c) => {
                write!(f, "{} {c}", self.word())
            }
            SimCommand::Pause(c, ms) | SimCommand::Delay(c, ms) => {
                write!(f, "{} {c} {ms}", self.word())
            }
            SimCommand::Clock(ms) => write!(f, "clock {}", crate::script::clock::clock_text(*ms)),
            SimCommand::ServerStop | SimCommand::ServerStart => f.write_str(self.word()),
            SimCommand::Recipe {
                kind,
                path,
                clients,
                options,
            } => {
                write!(f, "recipe {} {path} on {}", kind.name(), clients.join(","))?;
                for w in options.to_words() {
                    write!(f, " {w}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for ScriptLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptLine::Session { name } => write!(f, "session {name}"),
            ScriptLine::Console { session, command } => write!(f, "{session}: {command}"),
            ScriptLine::Tick { ms } => write!(f, "tick {ms}"),
            ScriptLine::Sim(c) => write!(f, "{c}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipes::{RecipeKind, RecipeOptions};
    use crate::script::parse::{parse_script, StepKind};

    fn reparsed(line: &ScriptLine) -> StepKind {
        let steps = parse_script(&line.to_string());
        assert_eq!(steps.len(), 1, "{line}");
        steps[0].kind.clone()
    }

    #[test]
    fn simulator_commands_read_back_as_themselves() {
        let options = RecipeOptions {
            hold_ms: 0,
            fencing: true,
            ..RecipeOptions::default()
        };
        for c in [
            SimCommand::Step(3),
            SimCommand::Clock(1_764_000_000_000),
            SimCommand::Crash("c1".into()),
            SimCommand::Partition("c2".into()),
            SimCommand::Heal("c2".into()),
            SimCommand::Pause("c1".into(), 5000),
            SimCommand::Delay("c3".into(), 40),
            SimCommand::ServerStop,
            SimCommand::ServerStart,
            SimCommand::Recipe {
                kind: RecipeKind::Lock,
                path: "/locks/x".into(),
                clients: vec!["a".into(), "b".into()],
                options,
            },
        ] {
            let line = ScriptLine::Sim(c.clone());
            assert_eq!(reparsed(&line), StepKind::Sim(c), "{line}");
        }
    }

    #[test]
    fn sessions_consoles_and_ticks_print_as_scripts_write_them() {
        let s = ScriptLine::Session { name: "c4".into() };
        assert_eq!(s.to_string(), "session c4");
        assert!(matches!(reparsed(&s), StepKind::Session { .. }));
        let c = ScriptLine::Console {
            session: "c4".into(),
            command: "create /x \"a b\"".into(),
        };
        assert_eq!(c.to_string(), "c4: create /x \"a b\"");
        assert!(matches!(reparsed(&c), StepKind::Command(_)));
        assert_eq!(
            reparsed(&ScriptLine::Tick { ms: 1000 }),
            StepKind::Sleep { ms: 1000 }
        );
    }
}
