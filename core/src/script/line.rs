//! Script lines as typed values. The page builds what the user asked for (open a session,
//! crash a client, start a recipe, let time pass) from these, and they print themselves in the
//! syntax the parser reads back, so the page never writes script syntax by hand.

use std::fmt;

use crate::script::ensemble_lines::{EnsembleConfig, ServerCommand};
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
    /// `ensemble N …`: the servers of a replicated ZooKeeper (a script's first line, after
    /// `seed` and `clock`).
    Ensemble(EnsembleConfig),
    /// `session NAME server=K`: a new client pinned to one server of the ensemble.
    PinnedSession {
        name: String,
        server: crate::ensemble::PeerId,
    },
    /// A line about the ensemble's servers: `server K crash`, `srvr K`, `wait server K …`.
    Server(ServerCommand),
}

/// A zkCli command the page builds from a click on the znode tree (its context menu), run as
/// the selected client's console line so it shows in its console and in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeCommand {
    /// `create PARENT/NAME DATA`.
    CreateChild {
        parent: String,
        name: String,
        data: String,
    },
    /// `set PATH DATA`.
    SetData { path: String, data: String },
    /// `delete PATH`.
    Delete { path: String },
    /// `deleteall PATH`.
    DeleteSubtree { path: String },
    /// `get -w PATH`.
    WatchData { path: String },
    /// `ls -w PATH`.
    WatchChildren { path: String },
    /// `addWatch -m PERSISTENT_RECURSIVE PATH`.
    WatchRecursive { path: String },
}

/// Why a value cannot be typed as one zkCli word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuoteError {
    /// zkCli's tokenizer has no escapes: a word with both kinds of quote cannot be written.
    BothQuotes(String),
}

impl QuoteError {
    /// The word, quoted and escaped as Rust's `{:?}` would write it for the ASCII a word holds
    /// (without the standard library's Unicode escaping tables, kilobytes in the page).
    pub fn quoted(&self) -> String {
        let QuoteError::BothQuotes(w) = self;
        let mut out = String::with_capacity(w.len() + 2);
        out.push('"');
        for c in w.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

impl fmt::Display for QuoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuoteError::BothQuotes(_) => write!(
                f,
                "zkCli cannot read {} as one word: it holds both ' and \"",
                self.quoted()
            ),
        }
    }
}

/// One zkCli word for `value`, quoted as zkCli's tokenizer reads it back whole.
pub fn zkcli_word(value: &str) -> Result<String, QuoteError> {
    let plain = !value.is_empty()
        && !value.chars().any(char::is_whitespace)
        && !value.starts_with(['"', '\'']);
    if plain {
        Ok(value.to_string())
    } else if !value.contains('"') {
        Ok(format!("\"{value}\""))
    } else if !value.contains('\'') {
        Ok(format!("'{value}'"))
    } else {
        Err(QuoteError::BothQuotes(value.to_string()))
    }
}

impl NodeCommand {
    /// The zkCli line (without a session prefix).
    pub fn to_zkcli(&self) -> Result<String, QuoteError> {
        Ok(match self {
            NodeCommand::CreateChild { parent, name, data } => {
                let path = crate::path::join(parent, name);
                format!("create {} {}", zkcli_word(&path)?, zkcli_word(data)?)
            }
            NodeCommand::SetData { path, data } => {
                format!("set {} {}", zkcli_word(path)?, zkcli_word(data)?)
            }
            NodeCommand::Delete { path } => format!("delete {}", zkcli_word(path)?),
            NodeCommand::DeleteSubtree { path } => format!("deleteall {}", zkcli_word(path)?),
            NodeCommand::WatchData { path } => format!("get -w {}", zkcli_word(path)?),
            NodeCommand::WatchChildren { path } => format!("ls -w {}", zkcli_word(path)?),
            NodeCommand::WatchRecursive { path } => {
                format!("addWatch -m PERSISTENT_RECURSIVE {}", zkcli_word(path)?)
            }
        })
    }
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
            ScriptLine::Ensemble(c) => write!(f, "{c}"),
            ScriptLine::PinnedSession { name, server } => {
                write!(f, "session {name} server={server}")
            }
            ScriptLine::Server(c) => write!(f, "{c}"),
        }
    }
}

/// A multi block typed in a console op line by op line until `end` (zkCli has no multi; the
/// script's block is zkplay's own): its session and the op lines as typed. It prints itself as
/// the script's block (`c1: multi`, each op indented, `end`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultiBlock {
    pub session: String,
    pub ops: Vec<String>,
}

impl fmt::Display for MultiBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: multi", self.session)?;
        for op in &self.ops {
            writeln!(f, "  {op}")?;
        }
        write!(f, "end")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipes::{RecipeKind, RecipeOptions};
    use crate::script::parse::{parse_script, StepKind};

    /// A console's multi block prints as the script's block and reads back as one step.
    #[test]
    fn a_multi_block_reads_back_as_one_transaction() {
        let block = MultiBlock {
            session: "c1".into(),
            ops: vec!["check /m 0".into(), "set /m changed".into()],
        };
        let text = block.to_string();
        assert_eq!(text, "c1: multi\n  check /m 0\n  set /m changed\nend");
        let steps = parse_script(&text);
        assert_eq!(steps.len(), 1, "{text}");
        assert!(matches!(&steps[0].kind, StepKind::Multi(ops) if ops.len() == 2));
    }

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

    /// The ensemble's lines, printed and parsed back inside a script with an ensemble (server
    /// lines are checked against it).
    #[test]
    fn ensemble_lines_read_back_as_themselves() {
        use crate::script::ensemble_lines::{
            ServerAction, ServerMode, WaitTarget, DEFAULT_WAIT_MS,
        };
        let ensemble = EnsembleConfig {
            observers: 2,
            tick_time_ms: 200,
            sync_limit_ticks: 2,
            started: Some(vec![1, 2, 4]),
            ..EnsembleConfig::new(3)
        };
        let lines = [
            ScriptLine::Server(ServerCommand::Act {
                server: 3,
                action: ServerAction::Crash,
            }),
            ScriptLine::Server(ServerCommand::Act {
                server: 3,
                action: ServerAction::Restart,
            }),
            ScriptLine::Server(ServerCommand::Act {
                server: 5,
                action: ServerAction::Start,
            }),
            ScriptLine::Server(ServerCommand::PartitionGroups {
                left: vec![1, 4],
                right: vec![2, 3, 5],
            }),
            ScriptLine::Server(ServerCommand::Delay { server: 2, ms: 300 }),
            ScriptLine::Server(ServerCommand::Srvr { server: 4 }),
            ScriptLine::Server(ServerCommand::Wait {
                server: 1,
                target: WaitTarget::Mode(ServerMode::NotServing),
                timeout_ms: DEFAULT_WAIT_MS,
            }),
            ScriptLine::Server(ServerCommand::Wait {
                server: 2,
                target: WaitTarget::Serving,
                timeout_ms: 1500,
            }),
        ];
        let mut script = ScriptLine::Ensemble(ensemble.clone()).to_string();
        script.push('\n');
        let pinned = ScriptLine::PinnedSession {
            name: "a".into(),
            server: 2,
        };
        script.push_str(&format!("{pinned}\n"));
        for l in &lines {
            script.push_str(&format!("{l}\n"));
        }
        let steps = parse_script(&script);
        assert_eq!(steps.len(), lines.len() + 2);
        assert_eq!(steps[0].kind, StepKind::Ensemble(ensemble));
        assert_eq!(
            steps[1].kind,
            StepKind::Session {
                timeout_ms: crate::script::parse::DEFAULT_TIMEOUT_MS,
                server: Some(2)
            }
        );
        for (l, s) in lines.iter().zip(&steps[2..]) {
            let ScriptLine::Server(c) = l else {
                unreachable!("only server lines")
            };
            assert_eq!(s.kind, StepKind::Server(c.clone()), "{l}");
            assert_eq!(s.source, l.to_string());
        }
    }

    #[test]
    fn node_commands_read_back_as_zkcli_reads_them() {
        use crate::script::cli::{parse_command, tokenize, CliCommand};
        for word in [
            "plain",
            "",
            "two words",
            "it's",
            "say \"hi\"",
            "\"lead",
            "'lead",
        ] {
            let quoted = zkcli_word(word).unwrap();
            assert_eq!(tokenize(&quoted), vec![word.to_string()], "{quoted}");
        }
        assert!(zkcli_word("both ' and \"").is_err());
        let c = NodeCommand::CreateChild {
            parent: "/apps".into(),
            name: "my app".into(),
            data: "".into(),
        };
        assert_eq!(c.to_zkcli().unwrap(), "create \"/apps/my app\" \"\"");
        assert!(matches!(
            parse_command(&c.to_zkcli().unwrap()),
            Ok(CliCommand::Create { path, data: Some(d), .. }) if path == "/apps/my app" && d.is_empty()
        ));
        let r = NodeCommand::WatchRecursive { path: "/".into() };
        assert!(matches!(
            parse_command(&r.to_zkcli().unwrap()),
            Ok(CliCommand::AddWatch { .. })
        ));
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
