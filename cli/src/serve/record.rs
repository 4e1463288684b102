//! `zkplay serve --record FILE`: the run as a zkplay script, written as it happens. Each real
//! program's session is a script session (`s1`, `s2`, … in the order they began, pinned to
//! the server it connected to on an ensemble), each request a zkCli line of that session after
//! a `sleep` for the time since the line before, each control line as the script writes it.
//! `zkplay run FILE` replays it on the simulation (deterministically: the requests in the
//! order they arrived, each waiting for its answer) and the page opens it (Import).

use std::collections::BTreeMap;
use std::io::Write;

use zkplay_core::acl::{perms_to_string, Acl};
use zkplay_core::ensemble::PeerId;
use zkplay_core::request::{CreateMode, Op, Request, WatcherKind};
use zkplay_core::script::line::zkcli_word;
use zkplay_core::stat::SessionId;
use zkplay_core::watch::WatchMode;

/// The script being written.
pub struct Recorder {
    file: std::fs::File,
    /// When the last line happened (wall ms since the start).
    last_ms: u64,
    names: BTreeMap<SessionId, String>,
}

impl Recorder {
    /// Creates FILE and writes the script's first lines.
    pub fn create(path: &str, header: &[String]) -> Result<Recorder, String> {
        let file = std::fs::File::create(path).map_err(|e| format!("cannot write {path}: {e}"))?;
        let mut r = Recorder {
            file,
            last_ms: 0,
            names: BTreeMap::new(),
        };
        r.line("# recorded by zkplay serve: each real client's session, its requests in the order they arrived");
        for h in header {
            r.line(h);
        }
        Ok(r)
    }

    fn line(&mut self, text: &str) {
        // A failed write loses the record, not the run.
        let _ = writeln!(self.file, "{text}");
    }

    /// Lets the time since the last line pass first.
    fn at(&mut self, ms: u64) {
        let gap = ms.saturating_sub(self.last_ms);
        if gap > 0 {
            self.line(&format!("sleep {gap}"));
        }
        self.last_ms = self.last_ms.max(ms);
    }

    /// A program began session `s` (its first connection was accepted).
    pub fn session(&mut self, ms: u64, s: SessionId, timeout_ms: u32, server: Option<PeerId>) {
        if self.names.contains_key(&s) {
            return;
        }
        let name = format!("s{}", self.names.len() + 1);
        self.at(ms);
        let pinned = server.map(|k| format!(" server={k}")).unwrap_or_default();
        self.line(&format!("# {name} is session 0x{:x}", s.0));
        self.line(&format!("session {name} timeout={timeout_ms}{pinned}"));
        self.names.insert(s, name);
    }

    /// Session `s` sent a request.
    pub fn request(&mut self, ms: u64, s: SessionId, r: &Request) {
        let Some(name) = self.names.get(&s).cloned() else {
            return;
        };
        self.at(ms);
        match command(r) {
            Ok(lines) => {
                let mut first = true;
                for l in lines {
                    if first {
                        self.line(&format!("{name}: {l}"));
                        first = false;
                    } else {
                        self.line(&l);
                    }
                }
            }
            Err(why) => self.line(&format!("# {name}: {why}")),
        }
    }

    /// Session `s` closed itself.
    pub fn close(&mut self, ms: u64, s: SessionId) {
        if let Some(name) = self.names.get(&s).cloned() {
            self.at(ms);
            self.line(&format!("{name}: close"));
        }
    }

    /// A control line that was applied, its session ids named as the script names them.
    pub fn control(&mut self, ms: u64, line: &str, session: Option<SessionId>) {
        self.at(ms);
        let words: Vec<&str> = line.split_whitespace().collect();
        let name = session.and_then(|s| self.names.get(&s).cloned());
        let text = match (words.as_slice(), name) {
            (["expire", _], Some(n)) => format!("{n}: expire"),
            ([verb @ ("partition" | "heal"), _], Some(n)) => format!("{verb} {n}"),
            (["delay", _, ms], Some(n)) => format!("delay {n} {ms}"),
            (_, None) if session.is_none() => line.to_string(),
            _ => format!("# {line}"),
        };
        self.line(&text);
    }
}

/// A word of a zkCli line, or why it cannot be one.
fn word(value: &str) -> Result<String, String> {
    zkcli_word(value).map_err(|e| e.to_string())
}

/// Data as a zkCli word: zkCli reads its data as UTF-8 text.
fn data_word(data: Option<&[u8]>) -> Result<Option<String>, String> {
    match data {
        None => Ok(None),
        Some(d) => match std::str::from_utf8(d) {
            Ok(t) => word(t).map(Some),
            Err(_) => Err(format!(
                "{} bytes of binary data zkCli cannot type",
                d.len()
            )),
        },
    }
}

/// An ACL as zkCli's `scheme:id:perms,…`; `None` for the open ACL zkCli uses by default.
fn acl_word(acl: &[Acl]) -> Result<Option<String>, String> {
    if acl == Acl::open_unsafe().as_slice() {
        return Ok(None);
    }
    let text: Vec<String> = acl
        .iter()
        .map(|a| format!("{}:{}:{}", a.id.scheme, a.id.id, perms_to_string(a.perms)))
        .collect();
    word(&text.join(",")).map(Some)
}

fn create_flags(mode: CreateMode, ttl_ms: i64) -> String {
    let mut f = String::new();
    if mode.is_sequential() {
        f.push_str("-s ");
    }
    if mode.is_ephemeral() {
        f.push_str("-e ");
    }
    if matches!(mode, CreateMode::Container) {
        f.push_str("-c ");
    }
    if ttl_ms > 0 {
        f.push_str(&format!("-t {ttl_ms} "));
    }
    f
}

/// The zkCli line (or the script's multi block) that sends `r`.
fn command(r: &Request) -> Result<Vec<String>, String> {
    let line = match r {
        Request::Write(Op::Create {
            path,
            data,
            acl,
            mode,
            ttl_ms,
        }) => {
            let mut l = format!("create {}{}", create_flags(*mode, *ttl_ms), word(path)?);
            let acl = acl_word(acl)?;
            match (data_word(data.as_deref())?, acl) {
                (None, None) => {}
                (d, None) => l.push_str(&format!(" {}", d.unwrap_or_default())),
                (d, Some(a)) => l.push_str(&format!(" {} {a}", d.unwrap_or_else(|| "\"\"".into()))),
            }
            l
        }
        Request::Write(Op::Delete { path, version }) => match version {
            -1 => format!("delete {}", word(path)?),
            v => format!("delete -v {v} {}", word(path)?),
        },
        Request::Write(Op::SetData {
            path,
            data,
            version,
        }) => {
            let d = data_word(data.as_deref())?.unwrap_or_else(|| "\"\"".into());
            match version {
                -1 => format!("set {} {d}", word(path)?),
                v => format!("set -v {v} {} {d}", word(path)?),
            }
        }
        Request::Write(Op::Check { .. }) => {
            return Err("a check outside a multi has no zkCli command".into())
        }
        Request::Multi(ops) => {
            let mut lines = vec!["multi".to_string()];
            for op in ops {
                lines.push(format!("  {}", multi_op(op)?));
            }
            lines.push("end".into());
            return Ok(lines);
        }
        Request::Exists { path, watch } => format!("stat {}{}", w(*watch), word(path)?),
        Request::GetData { path, watch } => format!("get {}{}", w(*watch), word(path)?),
        Request::GetChildren { path, watch } => format!("ls {}{}", w(*watch), word(path)?),
        Request::GetAcl { path } => format!("getAcl {}", word(path)?),
        Request::SetAcl { path, acl, version } => {
            let a = acl_word(acl)?.unwrap_or_else(|| "world:anyone:cdrwa".into());
            match version {
                -1 => format!("setAcl {} {a}", word(path)?),
                v => format!("setAcl -v {v} {} {a}", word(path)?),
            }
        }
        Request::Sync { path } => format!("sync {}", word(path)?),
        Request::GetEphemerals { prefix } => format!("getEphemerals {}", word(prefix)?),
        Request::GetAllChildrenNumber { path } => {
            format!("getAllChildrenNumber {}", word(path)?)
        }
        Request::AddWatch { path, mode } => {
            let m = match mode {
                WatchMode::PersistentRecursive => "PERSISTENT_RECURSIVE",
                _ => "PERSISTENT",
            };
            format!("addWatch -m {m} {}", word(path)?)
        }
        Request::RemoveWatches { path, kind } => {
            let k = match kind {
                WatcherKind::Data => "-d",
                WatcherKind::Children => "-c",
                _ => "-a",
            };
            format!("removewatches {} {k}", word(path)?)
        }
        Request::AddAuth { scheme, auth } => {
            let text = std::str::from_utf8(auth)
                .map_err(|_| "binary credentials zkCli cannot type".to_string())?;
            format!("addauth {} {}", word(scheme)?, word(text)?)
        }
        Request::WhoAmI => "whoami".into(),
        Request::CheckWatches { .. } => {
            return Err("checkWatches (removing one watcher) has no zkCli command".into())
        }
        Request::Reconfig => return Err("reconfig has no standalone zkCli line".into()),
    };
    Ok(vec![line])
}

fn w(watch: bool) -> &'static str {
    if watch {
        "-w "
    } else {
        ""
    }
}

/// One op line of the script's multi block.
fn multi_op(op: &Op) -> Result<String, String> {
    Ok(match op {
        Op::Create {
            path, data, mode, ..
        } => {
            let mut flags = String::new();
            if mode.is_ephemeral() {
                flags.push_str("-e ");
            }
            if mode.is_sequential() {
                flags.push_str("-s ");
            }
            let d = data_word(data.as_deref())?
                .map(|d| format!(" {d}"))
                .unwrap_or_default();
            format!("create {flags}{}{d}", word(path)?)
        }
        Op::Delete { path, version } => format!("delete {} {version}", word(path)?),
        Op::SetData {
            path,
            data,
            version,
        } => {
            let d = data_word(data.as_deref())?.unwrap_or_else(|| "\"\"".into());
            format!("set {} {d} {version}", word(path)?)
        }
        Op::Check { path, version } => format!("check {} {version}", word(path)?),
    })
}
