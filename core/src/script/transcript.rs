//! Renders a transcript: JSON lines (the test and exchange format) or text as zkCli prints it.

use crate::acl::perms_to_string;
use crate::request::OpResult;
use crate::script::backend::Backend;
use crate::script::ensemble_lines::{ServerMode, SrvrReport};
use crate::script::json::{self, Object};
use crate::script::runner::{Entry, EntryKind, Outcome};
use crate::stat::Stat;
use crate::ZkError;

/// How to print zxids and owners: relative to the first session, owners by session name.
pub struct Naming<'a> {
    pub backend: &'a dyn Backend,
}

impl Naming<'_> {
    /// A zxid as the transcript prints it: relative to the first session's creation, or in
    /// an ensemble absolute and in hex (`"0x100000003"`), since the epoch is the lesson.
    fn zxid(&self, z: i64) -> String {
        if self.backend.absolute_zxids() {
            json::string(&format!("0x{z:x}"))
        } else {
            (z - self.backend.zxid_base()).to_string()
        }
    }

    fn owner_json(&self, owner: i64) -> String {
        if owner == 0 {
            return "0".into();
        }
        match self.backend.session_name(owner) {
            Some(n) => json::string(&n),
            None => owner.to_string(),
        }
    }

    /// S: the Stat object of the JSON transcript.
    pub fn stat_json(&self, s: &Stat) -> String {
        Object::new()
            .raw("czxid", self.zxid(s.czxid.0))
            .raw("mzxid", self.zxid(s.mzxid.0))
            .raw("pzxid", self.zxid(s.pzxid.0))
            .raw("version", s.version.to_string())
            .raw("cversion", s.cversion.to_string())
            .raw("aversion", s.aversion.to_string())
            .raw("ephemeralOwner", self.owner_json(s.ephemeral_owner))
            .raw("dataLength", s.data_length.to_string())
            .raw("numChildren", s.num_children.to_string())
            .build()
    }
}

fn data_json(d: &Option<Vec<u8>>) -> String {
    match d {
        None => "null".into(),
        Some(b) => json::string(&String::from_utf8_lossy(b)),
    }
}

fn op_result_json(n: &Naming, r: &OpResult) -> String {
    match r {
        OpResult::Create { path, .. } => Object::new()
            .str("type", "create")
            .str("path", path)
            .build(),
        OpResult::Delete => Object::new().str("type", "delete").build(),
        OpResult::SetData { stat } => Object::new()
            .str("type", "set")
            .raw("stat", n.stat_json(stat))
            .build(),
        OpResult::Check => Object::new().str("type", "check").build(),
        OpResult::Error { code } => {
            let name = if *code == 0 {
                "OK"
            } else {
                ZkError::from_code(*code).map_or("SYSTEMERROR", ZkError::name)
            };
            Object::new()
                .str("type", "error")
                .str("error", name)
                .build()
        }
    }
}

fn outcome_json(n: &Naming, o: &Outcome) -> String {
    match o {
        Outcome::Created { path } => Object::new().str("path", path).build(),
        Outcome::Data { data, stat, .. } => Object::new()
            .raw("data", data_json(data))
            .raw("stat", n.stat_json(stat))
            .build(),
        Outcome::StatOf { stat } => Object::new()
            .raw(
                "stat",
                stat.as_ref().map_or("null".into(), |s| n.stat_json(s)),
            )
            .build(),
        Outcome::Children { children, stat } => {
            let o = Object::new().raw("children", json::string_array(children));
            match stat {
                Some(s) => o.raw("stat", n.stat_json(s)).build(),
                None => o.build(),
            }
        }
        Outcome::Tree { paths } | Outcome::Ephemerals { paths } => Object::new()
            .raw("paths", json::string_array(paths))
            .build(),
        Outcome::Written { stat, .. } => Object::new().raw("stat", n.stat_json(stat)).build(),
        Outcome::Empty | Outcome::Synced => "{}".into(),
        Outcome::Count { count } => Object::new().raw("count", count.to_string()).build(),
        Outcome::Acl { acl, .. } => {
            let items: Vec<String> = acl
                .iter()
                .map(|a| format!("{}:{}:{}", a.id.scheme, a.id.id, perms_to_string(a.perms)))
                .collect();
            Object::new().raw("acl", json::string_array(&items)).build()
        }
        Outcome::Multi { results } => results_json(n, results),
        Outcome::Text { text } => Object::new().str("text", text).build(),
    }
}

fn results_json(n: &Naming, results: &[OpResult]) -> String {
    let items: Vec<String> = results.iter().map(|r| op_result_json(n, r)).collect();
    Object::new()
        .raw("results", format!("[{}]", items.join(",")))
        .build()
}

/// One JSON line per entry, exactly as documented in the README.
pub fn to_json_lines(entries: &[Entry], n: &Naming) -> String {
    let mut out = String::new();
    for e in entries {
        let step = e.step.to_string();
        let line = match &e.kind {
            EntryKind::Event { kind, path } => Object::new()
                .raw("step", step)
                .str("event", kind.name())
                .str("session", e.session.as_deref().unwrap_or(""))
                .str("path", path)
                .build(),
            EntryKind::Recipe { kind, status } => Object::new()
                .raw("step", step)
                .str("recipe", kind.name())
                .str("session", e.session.as_deref().unwrap_or(""))
                .str("status", &status.to_string())
                .build(),
            EntryKind::Violation(v) => Object::new()
                .raw("step", step)
                .str("violation", v.property.name())
                .str("detail", &v.detail.to_string())
                .raw("seed", v.seed.to_string())
                .raw("sim_step", v.step.to_string())
                .raw("time_ms", v.time_ms.to_string())
                .build(),
            EntryKind::Srvr { server, report } => srvr_json(&step, *server, report),
            EntryKind::ServerState {
                server,
                state,
                epoch,
            } => Object::new()
                .raw("step", step)
                .raw("server", server.to_string())
                .str("state", state)
                .raw("epoch", epoch.to_string())
                .build(),
            EntryKind::State(state) => Object::new()
                .raw("step", step)
                .str("event", "None")
                .str("state", state.name())
                .str("session", e.session.as_deref().unwrap_or(""))
                .build(),
            EntryKind::ScriptError(msg) => {
                let o = Object::new().raw("step", step);
                let o = match &e.session {
                    Some(s) => o.str("session", s),
                    None => o,
                };
                o.str("cmd", &e.cmd)
                    .raw("ok", "false")
                    .str("error", &msg.to_string())
                    .build()
            }
            EntryKind::Done(outcome) => Object::new()
                .raw("step", step)
                .str("session", e.session.as_deref().unwrap_or(""))
                .str("cmd", &e.cmd)
                .raw("ok", "true")
                .raw("result", outcome_json(n, outcome))
                .build(),
            EntryKind::Failed(f) => {
                let o = Object::new()
                    .raw("step", step)
                    .str("session", e.session.as_deref().unwrap_or(""))
                    .str("cmd", &e.cmd)
                    .raw("ok", "false")
                    .str("error", &f.error);
                match &f.results {
                    Some(r) => o.raw("result", results_json(n, r)).build(),
                    None => o.build(),
                }
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `{"step":N,"server":K,"mode":"leader","zxid":"0x100000003","epoch":1,"nodes":5}`; only
/// the mode when the server is not serving.
fn srvr_json(step: &str, server: crate::ensemble::PeerId, r: &SrvrReport) -> String {
    let o = Object::new()
        .raw("step", step.to_string())
        .raw("server", server.to_string())
        .str("mode", r.mode.name());
    if r.mode == ServerMode::NotServing {
        return o.build();
    }
    o.str("zxid", &format!("0x{:x}", r.zxid))
        .raw("epoch", r.epoch().to_string())
        .raw("nodes", r.nodes.to_string())
        .build()
}

/// What ZooKeeper's `srvr` prints of a report (its `Zxid`, `Mode` and `Node count` lines), or
/// its answer when not serving.
pub fn srvr_text(r: &SrvrReport) -> String {
    if r.mode == ServerMode::NotServing {
        return "This ZooKeeper instance is not currently serving requests\n".into();
    }
    format!(
        "Zxid: 0x{:x}\nMode: {}\nNode count: {}\n",
        r.zxid,
        r.mode.name(),
        r.nodes
    )
}

/// Java's `Date.toString()` in UTC, e.g. `Thu Jan 01 00:00:00 UTC 1970`.
pub fn java_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let (year, month, day) = crate::script::clock::civil_from_days(days);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let mon = MONTHS[(month - 1) as usize];
    format!("{weekday} {mon} {day:02} {h:02}:{m:02}:{s:02} UTC {year}")
}

/// zkCli's `StatPrinter`, with absolute zxids in hex as zkCli shows them.
pub fn stat_text(s: &Stat) -> String {
    format!(
        "cZxid = 0x{:x}\nctime = {}\nmZxid = 0x{:x}\nmtime = {}\npZxid = 0x{:x}\ncversion = {}\ndataVersion = {}\naclVersion = {}\nephemeralOwner = 0x{:x}\ndataLength = {}\nnumChildren = {}\n",
        s.czxid,
        java_date(s.ctime),
        s.mzxid,
        java_date(s.mtime),
        s.pzxid,
        s.cversion,
        s.version,
        s.aversion,
        s.ephemeral_owner,
        s.data_length,
        s.num_children
    )
}

/// What zkCli prints for one outcome.
pub fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::Created { path } => format!("Created {path}\n"),
        Outcome::Data {
            data,
            stat,
            with_stat,
        } => {
            let d = match data {
                None => "null".to_string(),
                Some(b) => String::from_utf8_lossy(b).into_owned(),
            };
            let mut t = format!("{d}\n");
            if *with_stat {
                t.push_str(&stat_text(stat));
            }
            t
        }
        Outcome::StatOf { stat: Some(s) } => stat_text(s),
        Outcome::StatOf { stat: None } => String::new(),
        Outcome::Children { children, stat } => {
            let mut t = format!("[{}]\n", children.join(", "));
            if let Some(s) = stat {
                t.push_str(&stat_text(s));
            }
            t
        }
        Outcome::Tree { paths } => paths.iter().map(|p| format!("{p}\n")).collect(),
        Outcome::Written { stat, print_stat } => {
            if *print_stat {
                stat_text(stat)
            } else {
                String::new()
            }
        }
        Outcome::Empty => String::new(),
        Outcome::Synced => "Sync is OK\n".into(),
        Outcome::Ephemerals { paths } => format!("[{}]\n", paths.join(", ")),
        Outcome::Count { count } => format!("{count}\n"),
        Outcome::Acl {
            acl,
            stat,
            with_stat,
        } => {
            let mut t: String = acl
                .iter()
                .map(|a| {
                    format!(
                        "'{},'{}\n: {}\n",
                        a.id.scheme,
                        a.id.id,
                        perms_to_string(a.perms)
                    )
                })
                .collect();
            if *with_stat {
                t.push_str(&stat_text(stat));
            }
            t
        }
        Outcome::Text { text } => text.clone(),
        Outcome::Multi { results } => {
            let mut t = String::new();
            for r in results {
                t.push_str(&match r {
                    OpResult::Create { path, .. } => format!("create {path}\n"),
                    OpResult::Delete => "delete\n".into(),
                    OpResult::SetData { .. } => "set\n".into(),
                    OpResult::Check => "check\n".into(),
                    OpResult::Error { code: 0 } => "ok (rolled back)\n".into(),
                    OpResult::Error { code } => format!(
                        "error {}\n",
                        ZkError::from_code(*code).map_or("SYSTEMERROR", ZkError::name)
                    ),
                });
            }
            t
        }
    }
}

/// The `WATCHER::` block zkCli prints for a `WatchedEvent`: a znode event (state SyncConnected)
/// or a connection-state change (type None, path null).
pub fn event_text(state: &str, kind: &str, path: &str) -> String {
    format!("\nWATCHER::\n\nWatchedEvent state:{state} type:{kind} path:{path}\n")
}

/// The whole transcript as zkCli sessions print it: each command after its prompt
/// (`[zk: NAME] COMMAND`), followed by exactly what zkCli printed for it; after each line, each
/// session's watch output under `[NAME]`, sessions in the order they were opened.
pub fn to_text(entries: &[Entry]) -> String {
    let mut out = String::new();
    // The session whose watch output is being printed, and the step it belongs to.
    let mut watching: Option<(usize, &str)> = None;
    for e in entries {
        let who = e.session.as_deref().unwrap_or("script");
        match &e.kind {
            EntryKind::Event { .. } | EntryKind::State(_) => {
                if e.output.is_empty() {
                    continue;
                }
                if watching != Some((e.step, who)) {
                    out.push_str(&format!("[{who}]"));
                    watching = Some((e.step, who));
                }
                out.push_str(&e.output);
                continue;
            }
            EntryKind::Recipe { kind, status } => {
                out.push_str(&format!("[{who} · {}] {status}\n", kind.name()));
            }
            EntryKind::Violation(v) => {
                out.push_str(&format!(
                    "!! VIOLATION of \"{}\": {} (seed {}, step {}, t={} ms)\n",
                    v.property, v.detail, v.seed, v.step, v.time_ms
                ));
            }
            EntryKind::Srvr { server, .. } => {
                out.push_str(&format!("[srvr {server}]\n{}", e.output));
            }
            EntryKind::ServerState {
                server,
                state,
                epoch,
            } => {
                out.push_str(&format!("[server {server}] {state}, epoch {epoch}\n"));
            }
            EntryKind::ScriptError(_) if e.session.is_none() => {
                out.push_str(&format!("[zk: script] {}\n{}", e.cmd, e.output));
            }
            EntryKind::ScriptError(_) | EntryKind::Done(_) | EntryKind::Failed(_) => {
                out.push_str(&format!("[zk: {who}] {}\n{}", e.cmd, e.output));
            }
        }
        watching = None;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_dates() {
        assert_eq!(java_date(0), "Thu Jan 01 00:00:00 UTC 1970");
        assert_eq!(java_date(1_764_000_000_000), "Mon Nov 24 16:00:00 UTC 2025");
    }
}
