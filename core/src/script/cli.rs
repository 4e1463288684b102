//! zkCli 3.8 command syntax: tokenizing with quotes, option parsing like commons-cli's
//! `DefaultParser`, each command checked as zkCli checks it, and what zkCli prints when it
//! refuses a line (the command table itself is in `usage`).

use crate::sorted::SortedMap as BTreeMap;

use crate::error::ZkError;
use crate::request::{CreateMode, WatcherKind};
use crate::script::quota_cli::{parse_quota, QuotaCommand};
use crate::watch::WatchMode;

pub use crate::script::usage::{
    complete_command, longest_common_prefix, usage, usage_block, COMMANDS, VERSION_LINE,
    ZKPLAY_COMMANDS,
};

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
    s.len() > 1 && s.starts_with('-') && is_float(&s[1..])
}

/// Whether `s` reads as a floating-point number: exactly the strings Rust's `f64` parser takes
/// (a sign, then `inf`, `infinity` or `nan` in any case, or digits with at most one point and
/// at least one digit, then an optional exponent), without linking that parser into the page.
fn is_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if ["inf", "infinity", "nan"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
    {
        return true;
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
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
                    None => {
                        return Err(format!(
                            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: {t}"
                        ))
                    }
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
                            return Err(format!(
                                "org.apache.commons.cli.MissingArgumentException: Missing argument for option: {c}"
                            ));
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
        /// Deletes per multi (`-b`); zero or less sends one multi.
        batch: i32,
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
        /// `-m`; without it zkCli uses the mode it was last given (PERSISTENT_RECURSIVE at
        /// first): its AddWatchCommand keeps the mode between lines.
        mode: Option<WatchMode>,
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
    /// `quit`: zkCli closes the session and ends; here the console stays, not connected.
    Quit,
    History,
    /// `redo N`: the argument as typed (zkCli decodes it when it runs).
    Redo(Option<String>),
    /// `printwatches [on|off]`: without an argument, prints the setting.
    PrintWatches(Option<String>),
    /// `connect [host:port]`: closes the session (if alive) and opens a new one.
    Connect,
    WhoAmI,
    Version,
    Config {
        watch: bool,
        stat: bool,
        client: bool,
    },
    /// `reconfig`: a standalone server answers that reconfiguration is disabled.
    Reconfig,
    /// `setquota`, `listquota`, `delquota`.
    Quota(QuotaCommand),
    /// An old form zkCli still runs after printing a deprecation notice.
    Compat {
        notice: &'static str,
        command: Box<CliCommand>,
    },
}

/// Why zkCli does not run a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliError {
    /// Not one of zkCli's commands: zkCli prints its usage and complains, connected or not.
    NotFound(String),
    /// An empty line: zkCli does nothing.
    Empty,
    /// zkCli refuses the line after its connection check; the text is what it prints.
    Refused(String),
    /// Java's number parsing threw inside the command: the uncaught exception's first line
    /// (it ends zkCli's process; the line keeps its history number for the next one).
    Crash(String),
}

impl CliError {
    /// One line saying why (the JSON transcript's `error`).
    pub fn message(&self) -> String {
        match self {
            CliError::NotFound(c) => format!("Command not found: Command not found {c}"),
            CliError::Empty => "empty command".into(),
            CliError::Refused(m) | CliError::Crash(m) => m.clone(),
        }
    }

    /// Everything zkCli prints for the line.
    pub fn printed(&self) -> String {
        match self {
            CliError::NotFound(_) => format!("{}{}\n", usage_block(), self.message()),
            CliError::Empty => String::new(),
            CliError::Refused(m) | CliError::Crash(m) => format!("{m}\n"),
        }
    }
}

fn refused(m: impl Into<String>) -> CliError {
    CliError::Refused(m.into())
}

/// `CliWrapperException`'s message for a `KeeperException`.
pub fn wrapper_message(e: ZkError, path: &str) -> String {
    match e {
        ZkError::NoNode => format!("Node does not exist: {path}"),
        ZkError::NoChildrenForEphemerals => format!("Ephemerals cannot have children: {path}"),
        ZkError::NodeExists => format!("Node already exists: {path}"),
        ZkError::NotEmpty => format!("Node not empty: {path}"),
        ZkError::NotReadOnly => format!("Not a read-only call: {path}"),
        ZkError::InvalidAcl => format!("Acl is not valid : {path}"),
        ZkError::NoAuth => format!("Insufficient permission : {path}"),
        ZkError::BadArguments => format!("Arguments are not valid : {path}"),
        ZkError::BadVersion => format!("version No is not valid : {path}"),
        ZkError::QuotaExceeded => format!("Quota has exceeded : {path}"),
        other => other.keeper_message(path),
    }
}

/// What escapes zkCli when Java's `Integer.parseInt` fails inside a command: the uncaught
/// exception ends zkCli's process with this line (and a stack trace).
pub fn number_format_crash(input: &str) -> String {
    format!("Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"{input}\"")
}

/// Java's `Integer.parseInt`: optional sign, decimal digits, within i32.
pub fn java_parse_int(s: &str) -> Option<i32> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i32>().ok()
}

/// An old form zkCli still runs after printing a deprecation notice.
fn compat(notice: &'static str, command: CliCommand) -> CliCommand {
    CliCommand::Compat {
        notice,
        command: Box::new(command),
    }
}

/// A command's line once its options are parsed: its name (for the usage zkCli prints), its
/// flags and its positional arguments (the first is the command's name).
struct Args<'a> {
    name: &'a str,
    p: Parsed,
}

impl Args<'_> {
    /// zkCli's usage unless the line has `n` positional words (the name counted).
    fn need(&self, n: usize) -> Result<(), CliError> {
        if self.p.args.len() < n {
            Err(refused(usage(self.name)))
        } else {
            Ok(())
        }
    }

    /// The `i`th positional word, or nothing.
    fn arg(&self, i: usize) -> String {
        self.p.args.get(i).cloned().unwrap_or_default()
    }

    /// The `i`th positional word if the line has it.
    fn opt_arg(&self, i: usize) -> Option<String> {
        self.p.args.get(i).cloned()
    }

    /// Whether a flag is on the line.
    fn has(&self, c: char) -> bool {
        self.p.has(c)
    }

    /// A flag's value.
    fn flag(&self, c: char) -> Option<&String> {
        self.p.flags.get(&c)
    }

    /// A word after the path: zkCli's old positional forms (`ls path watch`, `delete path
    /// version`).
    fn old_form(&self) -> bool {
        self.p.args.len() > 2
    }

    /// `-v version`, -1 without it; Java's number parsing throws on anything else.
    fn version(&self) -> Result<i32, CliError> {
        match self.flag('v') {
            None => Ok(-1),
            Some(v) => java_parse_int(v).ok_or_else(|| CliError::Crash(number_format_crash(v))),
        }
    }
}

/// The options a command takes (the letter, and whether a value follows), as its zkCli class
/// declares them; `None` for a name that is not a command parsed with options.
fn option_spec(name: &str) -> Option<&'static [(char, bool)]> {
    Some(match name {
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
        "config" => &[('c', false), ('w', false), ('s', false)],
        "getEphemerals"
        | "getAllChildrenNumber"
        | "sync"
        | "addauth"
        | "close"
        | "quit"
        | "whoami"
        | "version"
        | "expire" => &[],
        _ => return None,
    })
}

/// The commands parsed without commons-cli: the four ZooKeeperMain runs itself, `reconfig`
/// (long options) and the quota commands (their own parser); `None` for any other name.
fn parse_unoptioned(name: &str, tokens: &[String]) -> Option<Result<CliCommand, CliError>> {
    Some(match name {
        "history" => Ok(CliCommand::History),
        "redo" => Ok(CliCommand::Redo(tokens.get(1).cloned())),
        "printwatches" => Ok(CliCommand::PrintWatches(tokens.get(1).cloned())),
        "connect" => Ok(CliCommand::Connect),
        "reconfig" => parse_reconfig(tokens),
        "setquota" | "listquota" | "delquota" => parse_quota(name, &tokens[1..])
            .map(CliCommand::Quota)
            .map_err(CliError::Refused),
        _ => return None,
    })
}

/// Parses one zkCli command line as zkCli 3.8 does; `Err` says what zkCli prints instead.
/// Each family's checks are in `cli/`: `writes.rs`, `reads.rs`, `watches.rs`, `acl.rs`.
pub fn parse_command(line: &str) -> Result<CliCommand, CliError> {
    let tokens = tokenize(line);
    let Some(name) = tokens.first() else {
        return Err(CliError::Empty);
    };
    let name = name.as_str();
    if let Some(c) = parse_unoptioned(name, &tokens) {
        return c;
    }
    let Some(spec) = option_spec(name) else {
        return Err(CliError::NotFound(name.to_string()));
    };
    let p = parse_options(&tokens, spec).map_err(CliError::Refused)?;
    let a = Args { name, p };
    match name {
        "create" => writes::create(&a),
        "delete" => writes::delete(&a),
        "deleteall" => writes::delete_all(&a),
        "set" => writes::set(&a),
        "get" => reads::get(&a),
        "stat" => reads::stat(&a),
        "ls" => reads::ls(&a),
        "getEphemerals" => Ok(reads::get_ephemerals(&a)),
        "getAllChildrenNumber" => reads::all_children_number(&a),
        "sync" => reads::sync(&a),
        "addWatch" => watches::add_watch(&a),
        "removewatches" => watches::remove_watches(&a),
        "addauth" => acl::add_auth(&a),
        "getAcl" => acl::get_acl(&a),
        "setAcl" => acl::set_acl(&a),
        "config" => Ok(CliCommand::Config {
            watch: a.has('w'),
            stat: a.has('s'),
            client: a.has('c'),
        }),
        "close" => Ok(CliCommand::Close),
        "quit" => Ok(CliCommand::Quit),
        "whoami" => Ok(CliCommand::WhoAmI),
        "version" => Ok(CliCommand::Version),
        _ => Ok(CliCommand::Expire),
    }
}

/// How many deletes `deleteall` sends in one multi unless `-b` says otherwise.
pub const DELETEALL_BATCH_DEFAULT: i32 = 1000;

/// `reconfig`'s options are long ones (`-add`, `-remove`, `-members`, `-file`, `-v`, `-s`); it
/// needs one of the first four.
fn parse_reconfig(tokens: &[String]) -> Result<CliCommand, CliError> {
    let mut i = 1;
    let mut change = false;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "-s" => {}
            "-v" | "-add" | "-remove" | "-members" | "-file" => {
                let Some(_) = tokens.get(i + 1) else {
                    let o = tokens[i].trim_start_matches('-');
                    return Err(refused(format!(
                        "org.apache.commons.cli.MissingArgumentException: Missing argument for option: {o}"
                    )));
                };
                change |= tokens[i] != "-v";
                i += 1;
            }
            t if t.starts_with('-') => {
                return Err(refused(format!(
                    "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: {t}"
                )))
            }
            _ => {}
        }
        i += 1;
    }
    if change {
        Ok(CliCommand::Reconfig)
    } else {
        Err(refused(usage("reconfig")))
    }
}

mod acl;
mod reads;
#[cfg(test)]
mod tests;
mod watches;
mod writes;

/// Java's `String.toUpperCase()` where the result is ASCII (all it is ever compared with);
/// anything else gives a string no ASCII name equals. Besides ASCII letters, the letters that
/// Java upper-cases into ASCII are the dotless i, the long s, the sharp s and the Latin ligatures, so
/// `persıstent` is PERSISTENT to zkCli as it is here. (The standard library's Unicode
/// upper-casing would add its case tables, kilobytes, to the page for this one comparison.)
pub fn java_upper_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ı' => out.push('I'),
            'ſ' => out.push('S'),
            'ß' => out.push_str("SS"),
            'ﬀ' => out.push_str("FF"),
            'ﬁ' => out.push_str("FI"),
            'ﬂ' => out.push_str("FL"),
            'ﬃ' => out.push_str("FFI"),
            'ﬄ' => out.push_str("FFL"),
            'ﬅ' | 'ﬆ' => out.push_str("ST"),
            c if c.is_ascii() => out.push(c.to_ascii_uppercase()),
            // Not ASCII once upper-cased: keep it, so nothing ASCII matches.
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod java_upper_tests {
    use super::java_upper_ascii;

    /// Agrees with the standard (Unicode) upper-casing wherever that gives ASCII.
    #[test]
    fn agrees_with_unicode_upper_casing_into_ascii() {
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let unicode: String = c.to_uppercase().collect();
            let ours = java_upper_ascii(&c.to_string());
            if unicode.is_ascii() {
                assert_eq!(ours, unicode, "{c:?}");
            } else {
                assert!(!ours.is_ascii() || ours == c.to_string(), "{c:?}");
            }
        }
        assert_eq!(
            java_upper_ascii("persıstent_recurſive"),
            "PERSISTENT_RECURSIVE"
        );
    }
}
