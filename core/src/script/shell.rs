//! What zkCli (`ZooKeeperMain`) keeps for itself, per console: the command history that
//! `history` lists and `redo` replays, and whether watch events are printed.

use crate::sorted::SortedMap as BTreeMap;

use crate::watch::WatchMode;

/// One zkCli console's own state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shell {
    history: BTreeMap<i64, String>,
    /// `commandCount`: the number the next line gets.
    count: i64,
    pub print_watches: bool,
    /// The mode `addWatch` uses without `-m`: the last one it was given.
    pub add_watch_mode: WatchMode,
    /// The session timeout it asked for (a `connect` asks for it again).
    pub timeout_ms: u32,
}

/// Where `redo N` leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redo {
    /// Run this earlier line again.
    Line(String),
    /// zkCli refuses (the message it prints).
    Refused(&'static str),
    /// `Integer.decode` threw: the uncaught exception's first line.
    Crash(String),
}

impl Shell {
    pub fn new(timeout_ms: u32) -> Shell {
        Shell {
            history: BTreeMap::new(),
            count: 0,
            print_watches: true,
            add_watch_mode: WatchMode::PersistentRecursive,
            timeout_ms,
        }
    }

    /// `addToHistory`: every non-empty line is recorded under the current count before it runs.
    pub fn record(&mut self, line: &str) {
        self.history.insert(self.count, line.to_string());
    }

    /// The line ran to its end (an uncaught exception skips this, so the next line takes the
    /// same number, as in zkCli).
    pub fn finish(&mut self) {
        self.count += 1;
    }

    /// `history`: the last ten lines and this one, numbered.
    pub fn history_text(&self) -> String {
        let mut out = String::new();
        for i in (self.count - 10).max(0)..=self.count {
            let line = self.history.get(&i).map_or("null", String::as_str);
            out.push_str(&format!("{i} - {line}\n"));
        }
        out
    }

    /// `redo N`: the line to run again, recorded under the current number in place of `redo`.
    pub fn redo(&mut self, arg: &str) -> Redo {
        let Some(i) = java_decode(arg) else {
            return Redo::Crash(crate::script::cli::number_format_crash(arg));
        };
        if i64::from(i) >= self.count || i < 0 {
            return Redo::Refused("Command index out of range");
        }
        let Some(line) = self.history.get(&i64::from(i)).cloned() else {
            return Redo::Refused("Command index out of range");
        };
        if crate::script::cli::tokenize(&line)
            .first()
            .map(String::as_str)
            == Some("redo")
        {
            return Redo::Refused("No redoing redos");
        }
        self.history.insert(self.count, line.clone());
        Redo::Line(line)
    }
}

/// Java's `Integer.decode`: an optional sign, then decimal, `0x`/`0X`/`#` hex or `0` octal.
fn java_decode(s: &str) -> Option<i32> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(h) = body
        .strip_prefix("0x")
        .or_else(|| body.strip_prefix("0X"))
        .or_else(|| body.strip_prefix('#'))
    {
        (16, h)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let v = i64::from_str_radix(digits, radix).ok()?;
    i32::try_from(if negative { -v } else { v }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_lists_ten_back_and_redo_replaces_itself() {
        let mut s = Shell::new(30_000);
        for l in ["get /a", "ls /"] {
            s.record(l);
            s.finish();
        }
        s.record("redo 0");
        assert_eq!(s.redo("0"), Redo::Line("get /a".into()));
        s.finish();
        s.record("history");
        assert_eq!(
            s.history_text(),
            "0 - get /a\n1 - ls /\n2 - get /a\n3 - history\n"
        );
        assert_eq!(s.redo("9"), Redo::Refused("Command index out of range"));
        assert!(matches!(s.redo("x"), Redo::Crash(_)));
    }

    #[test]
    fn decodes_like_java() {
        assert_eq!(java_decode("12"), Some(12));
        assert_eq!(java_decode("0x10"), Some(16));
        assert_eq!(java_decode("010"), Some(8));
        assert_eq!(java_decode("-3"), Some(-3));
        assert_eq!(java_decode(""), None);
        assert_eq!(java_decode("abc"), None);
    }
}
