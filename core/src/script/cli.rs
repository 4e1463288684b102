//! zkCli 3.8 command syntax: tokenizing with quotes, option parsing like commons-cli's
//! `DefaultParser`, and the commands zkplay supports with their usage lines.

use std::collections::BTreeMap;

use crate::request::{CreateMode, WatcherKind};
use crate::watch::WatchMode;

/// Splits a command line as zkCli does: whitespace-separated words, where `"…"` or `'…'`
/// groups words and the quotes are dropped.
pub fn tokenize(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let q = chars[i];
        if q == '"' || q == '\'' {
            if let Some(end) = chars[i + 1..].iter().position(|&c| c == q) {
                out.push(chars[i + 1..i + 1 + end].iter().collect());
                i += end + 2;
                continue;
            }
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        out.push(chars[start..i].iter().collect());
    }
    out
}

/// A parsed command line: flags (with their values) and positional arguments.
#[derive(Debug, Default)]
struct Parsed {
    flags: BTreeMap<char, String>,
    args: Vec<String>,
}

impl Parsed {
    fn has(&self, c: char) -> bool {
        self.flags.contains_key(&c)
    }
}

fn is_negative_number(s: &str) -> bool {
    s.len() > 1 && s.starts_with('-') && s[1..].parse::<f64>().is_ok()
}

/// Parses options as commons-cli's `DefaultParser`: flags anywhere, `-sw` as two flags,
/// negative numbers as arguments. `spec` lists each flag and whether it takes a value.
fn parse_options(tokens: &[String], spec: &[(char, bool)]) -> Result<Parsed, String> {
    let mut p = Parsed::default();
    let mut i = 0;
    let takes = |c: char| spec.iter().find(|(f, _)| *f == c).map(|(_, v)| *v);
    while i < tokens.len() {
        let t = &tokens[i];
        if t == "--" {
            p.args.extend(tokens[i + 1..].iter().cloned());
            break;
        }
        if t.starts_with('-') && t.len() > 1 && !is_negative_number(t) {
            let body: Vec<char> = t[1..].chars().collect();
            let mut j = 0;
            while j < body.len() {
                let c = body[j];
                match takes(c) {
                    None => return Err(format!("Unrecognized option: {t}")),
                    Some(false) => {
                        p.flags.insert(c, String::new());
                        j += 1;
                    }
                    Some(true) => {
                        let rest: String = body[j + 1..].iter().collect();
                        let value = if !rest.is_empty() {
                            rest
                        } else if i + 1 < tokens.len() {
                            i += 1;
                            tokens[i].clone()
                        } else {
                            return Err(format!("Missing argument for option: {c}"));
                        };
                        p.flags.insert(c, value);
                        break;
                    }
                }
            }
        } else {
            p.args.push(t.clone());
        }
        i += 1;
    }
    Ok(p)
}

/// A zkCli command zkplay runs, already checked for syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliCommand {
    Create {
        path: String,
        data: Option<String>,
        acl: Option<String>,
        mode: CreateMode,
        ttl_ms: i64,
    },
    Delete {
        path: String,
        version: i32,
    },
    DeleteAll {
        path: String,
    },
    Set {
        path: String,
        data: String,
        version: i32,
        stat: bool,
    },
    Get {
        path: String,
        stat: bool,
        watch: bool,
    },
    Stat {
        path: String,
        watch: bool,
    },
    Ls {
        path: String,
        stat: bool,
        watch: bool,
        recursive: bool,
    },
    GetEphemerals {
        path: String,
    },
    GetAllChildrenNumber {
        path: String,
    },
    Sync {
        path: String,
    },
    AddWatch {
        path: String,
        mode: WatchMode,
    },
    RemoveWatches {
        path: String,
        kind: WatcherKind,
        local: bool,
    },
    AddAuth {
        scheme: String,
        auth: String,
    },
    GetAcl {
        path: String,
        stat: bool,
    },
    SetAcl {
        path: String,
        acl: String,
        version: i32,
        stat: bool,
        recursive: bool,
    },
    Close,
    Expire,
}

/// Every command with its zkCli usage line, for `help` and for syntax errors.
pub const COMMANDS: &[(&str, &str)] = &[
    ("addWatch", "addWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE"),
    ("addauth", "addauth scheme auth"),
    ("close", "close"),
    ("quit", "quit"),
    ("create", "create [-s] [-e] [-c] [-t ttl] path [data] [acl]"),
    ("delete", "delete [-v version] path"),
    ("deleteall", "deleteall path [-b batch size]"),
    ("expire", "expire"),
    ("get", "get [-s] [-w] path"),
    ("getAcl", "getAcl [-s] path"),
    ("getAllChildrenNumber", "getAllChildrenNumber path"),
    ("getEphemerals", "getEphemerals path"),
    ("ls", "ls [-s] [-w] [-R] path"),
    ("removewatches", "removewatches path [-c|-d|-a] [-l]"),
    ("set", "set [-s] [-v version] path data"),
    ("setAcl", "setAcl [-s] [-v version] [-R] path acl"),
    ("stat", "stat [-w] path"),
    ("sync", "sync path"),
];

/// The usage line of a command.
pub fn usage(cmd: &str) -> String {
    COMMANDS
        .iter()
        .find(|(c, _)| *c == cmd)
        .map_or_else(|| cmd.to_string(), |(_, u)| u.to_string())
}

/// Why a command line could not be run; `Display` is zkCli's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError(pub String);

fn version_arg(p: &Parsed) -> Result<i32, CliError> {
    match p.flags.get(&'v') {
        None => Ok(-1),
        Some(v) => v
            .parse::<i32>()
            .map_err(|_| CliError("-v argument must be an int value".into())),
    }
}

/// Parses one zkCli command line.
pub fn parse_command(line: &str) -> Result<CliCommand, CliError> {
    let tokens = tokenize(line);
    let Some(name) = tokens.first() else {
        return Err(CliError("empty command".into()));
    };
    let name = name.as_str();
    let spec: &[(char, bool)] = match name {
        "create" => &[('e', false), ('s', false), ('c', false), ('t', true)],
        "delete" => &[('v', true)],
        "deleteall" => &[('b', true)],
        "set" => &[('s', false), ('v', true)],
        "get" => &[('s', false), ('w', false)],
        "stat" => &[('w', false)],
        "ls" => &[('s', false), ('w', false), ('R', false)],
        "removewatches" => &[('c', false), ('d', false), ('a', false), ('l', false)],
        "addWatch" => &[('m', true)],
        "getAcl" => &[('s', false)],
        "setAcl" => &[('s', false), ('v', true), ('R', false)],
        "getEphemerals"
        | "getAllChildrenNumber"
        | "sync"
        | "addauth"
        | "close"
        | "quit"
        | "expire" => &[],
        _ => {
            return Err(CliError(format!(
                "Command not found: Command not found {name}"
            )))
        }
    };
    let p = parse_options(&tokens, spec).map_err(CliError)?;
    let need = |n: usize| -> Result<(), CliError> {
        if p.args.len() < n {
            Err(CliError(usage(name)))
        } else {
            Ok(())
        }
    };
    let arg = |i: usize| p.args.get(i).cloned().unwrap_or_default();
    Ok(match name {
        "create" => {
            need(2)?;
            let (e, s, c, t) = (p.has('e'), p.has('s'), p.has('c'), p.has('t'));
            if c && (e || s) {
                return Err(CliError(
                    "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.".into(),
                ));
            }
            let ttl_ms = if t {
                p.flags[&'t']
                    .parse::<i64>()
                    .map_err(|_| CliError("-t argument must be a long value".into()))?
            } else {
                -1
            };
            if t && e {
                return Err(CliError("TTLs cannot be used with Ephemeral znodes".into()));
            }
            if t && c {
                return Err(CliError("TTLs cannot be used with Container znodes".into()));
            }
            if t && (ttl_ms <= 0 || ttl_ms > crate::stat::TTL_MAX_MS) {
                return Err(CliError(format!(
                    "ttl must be positive and cannot be larger than: {}",
                    crate::stat::TTL_MAX_MS
                )));
            }
            CliCommand::Create {
                path: arg(1),
                data: p.args.get(2).cloned(),
                acl: p.args.get(3).cloned(),
                mode: CreateMode::from_flags(e, s, c, t),
                ttl_ms,
            }
        }
        "delete" => {
            need(2)?;
            CliCommand::Delete {
                path: arg(1),
                version: version_arg(&p)?,
            }
        }
        "deleteall" => {
            need(2)?;
            CliCommand::DeleteAll { path: arg(1) }
        }
        "set" => {
            need(3)?;
            CliCommand::Set {
                path: arg(1),
                data: arg(2),
                version: version_arg(&p)?,
                stat: p.has('s'),
            }
        }
        "get" => {
            need(2)?;
            CliCommand::Get {
                path: arg(1),
                stat: p.has('s'),
                watch: p.has('w'),
            }
        }
        "stat" => {
            need(2)?;
            CliCommand::Stat {
                path: arg(1),
                watch: p.has('w'),
            }
        }
        "ls" => {
            need(2)?;
            CliCommand::Ls {
                path: arg(1),
                stat: p.has('s'),
                watch: p.has('w'),
                recursive: p.has('R'),
            }
        }
        "getEphemerals" => CliCommand::GetEphemerals {
            path: p.args.get(1).cloned().unwrap_or_else(|| "/".into()),
        },
        "getAllChildrenNumber" => {
            need(2)?;
            CliCommand::GetAllChildrenNumber { path: arg(1) }
        }
        "sync" => {
            need(2)?;
            CliCommand::Sync { path: arg(1) }
        }
        "addWatch" => {
            need(2)?;
            let mode = match p.flags.get(&'m').map(String::as_str) {
                None | Some("PERSISTENT_RECURSIVE") => WatchMode::PersistentRecursive,
                Some("PERSISTENT") => WatchMode::Persistent,
                Some(other) => {
                    return Err(CliError(format!(
                        "Unsupported mode: {other}\n{}",
                        usage(name)
                    )))
                }
            };
            CliCommand::AddWatch { path: arg(1), mode }
        }
        "removewatches" => {
            need(2)?;
            let kind = if p.has('c') {
                WatcherKind::Children
            } else if p.has('d') {
                WatcherKind::Data
            } else {
                WatcherKind::Any
            };
            CliCommand::RemoveWatches {
                path: arg(1),
                kind,
                local: p.has('l'),
            }
        }
        "addauth" => {
            need(2)?;
            CliCommand::AddAuth {
                scheme: arg(1),
                auth: p.args.get(2).cloned().unwrap_or_default(),
            }
        }
        "getAcl" => {
            need(2)?;
            CliCommand::GetAcl {
                path: arg(1),
                stat: p.has('s'),
            }
        }
        "setAcl" => {
            need(3)?;
            CliCommand::SetAcl {
                path: arg(1),
                acl: arg(2),
                version: version_arg(&p)?,
                stat: p.has('s'),
                recursive: p.has('R'),
            }
        }
        // zkCli's `quit` closes the session and leaves; here the client stays, closed.
        "close" | "quit" => CliCommand::Close,
        _ => CliCommand::Expire,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_quotes() {
        assert_eq!(
            tokenize(r#"create /workers """#),
            vec!["create", "/workers", ""]
        );
        assert_eq!(
            tokenize("set /a 'hello world'"),
            vec!["set", "/a", "hello world"]
        );
    }

    #[test]
    fn parses_flags_anywhere() {
        assert_eq!(
            parse_command("removewatches /a -d").unwrap(),
            CliCommand::RemoveWatches {
                path: "/a".into(),
                kind: WatcherKind::Data,
                local: false
            }
        );
        assert_eq!(
            parse_command("delete -v -1 /a").unwrap(),
            CliCommand::Delete {
                path: "/a".into(),
                version: -1
            }
        );
        assert!(matches!(
            parse_command("create -es /a x").unwrap(),
            CliCommand::Create {
                mode: CreateMode::EphemeralSequential,
                ..
            }
        ));
    }

    #[test]
    fn reports_zkcli_errors() {
        assert_eq!(parse_command("get").unwrap_err().0, "get [-s] [-w] path");
        assert_eq!(
            parse_command("ls -x /").unwrap_err().0,
            "Unrecognized option: -x"
        );
        assert!(parse_command("create -c -e /a").is_err());
        assert!(parse_command("frobnicate /").is_err());
    }
}
