//! The ensemble's script lines as typed values: `ensemble N …` (the servers and their
//! settings), `server K crash|restart|stop|start`, partitions and delays of servers, `srvr K`
//! and `wait server K MODE`. Each is parsed with every number checked against `bounds` and
//! prints itself back as the parser reads it.

use crate::ensemble::PeerId;
use std::fmt;

use crate::bounds::{
    parse_count, parse_ms, DELAY_MS_MAX, ENSEMBLE_OBSERVERS_MAX, ENSEMBLE_VOTERS_MAX,
    ENSEMBLE_VOTERS_MIN, LIMIT_TICKS_MAX, LIMIT_TICKS_MIN, TICK_TIME_MS_MAX, TICK_TIME_MS_MIN,
    WAIT_MS_MAX,
};

/// `ensemble N [observers=M] [tickTime=MS] [initLimit=T] [syncLimit=T] [start=1,2]`: N voters
/// with myid 1..N, then M observers (myid N+1..N+M). The settings default to ZooKeeper's
/// sample `zoo.cfg`. `start=` lists the servers that start with the line (all by default); the
/// others begin stopped, for a later `server K start` (staggered starts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnsembleConfig {
    pub voters: u32,
    pub observers: u32,
    pub tick_time_ms: u32,
    pub init_limit_ticks: u32,
    pub sync_limit_ticks: u32,
    /// The servers started by the line, ascending; `None` for all of them.
    pub started: Option<Vec<PeerId>>,
}

/// The sample `zoo.cfg`'s `tickTime`.
pub const DEFAULT_TICK_TIME_MS: u32 = 2000;
/// The sample `zoo.cfg`'s `initLimit` (ticks).
pub const DEFAULT_INIT_LIMIT_TICKS: u32 = 10;
/// The sample `zoo.cfg`'s `syncLimit` (ticks).
pub const DEFAULT_SYNC_LIMIT_TICKS: u32 = 5;
/// How long `wait server K MODE` waits when the line does not say.
pub const DEFAULT_WAIT_MS: u64 = 60_000;

impl EnsembleConfig {
    /// `voters` voters, no observers, the sample settings, all started.
    pub fn new(voters: u32) -> EnsembleConfig {
        EnsembleConfig {
            voters,
            observers: 0,
            tick_time_ms: DEFAULT_TICK_TIME_MS,
            init_limit_ticks: DEFAULT_INIT_LIMIT_TICKS,
            sync_limit_ticks: DEFAULT_SYNC_LIMIT_TICKS,
            started: None,
        }
    }

    /// How many servers, voters and observers: the highest myid.
    pub fn servers(&self) -> PeerId {
        PeerId::from(self.voters) + PeerId::from(self.observers)
    }

    /// Whether server `id` (its myid) is an observer.
    pub fn is_observer(&self, id: PeerId) -> bool {
        id > PeerId::from(self.voters) && id <= self.servers()
    }

    /// Whether server `id` starts with the `ensemble` line.
    pub fn starts(&self, id: PeerId) -> bool {
        match &self.started {
            None => (1..=self.servers()).contains(&id),
            Some(ids) => ids.contains(&id),
        }
    }

    /// Checks that `id` names one of the servers.
    pub fn check_server(&self, id: PeerId) -> Result<PeerId, String> {
        if (1..=self.servers()).contains(&id) {
            Ok(id)
        } else {
            Err(format!(
                "server {id} is not in the ensemble: its servers are 1 to {}",
                self.servers()
            ))
        }
    }
}

/// What `server K …` does to a server process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerAction {
    /// Killed at once (`kill -9`): its connections are reset by the operating system.
    Crash,
    /// A crashed server starts again on its own data (log and snapshots).
    Restart,
    /// Shut down cleanly.
    Stop,
    /// A stopped (or never started) server starts on its own data.
    Start,
}

impl ServerAction {
    pub fn word(self) -> &'static str {
        match self {
            ServerAction::Crash => "crash",
            ServerAction::Restart => "restart",
            ServerAction::Stop => "stop",
            ServerAction::Start => "start",
        }
    }

    fn parse(word: &str) -> Option<ServerAction> {
        [
            ServerAction::Crash,
            ServerAction::Restart,
            ServerAction::Stop,
            ServerAction::Start,
        ]
        .into_iter()
        .find(|a| a.word() == word)
    }
}

/// A server's mode as ZooKeeper's `srvr` four-letter word reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ServerMode {
    Leader,
    Follower,
    Observer,
    Standalone,
    /// Down, or up without a quorum ("This ZooKeeper instance is not currently serving
    /// requests").
    NotServing,
}

impl ServerMode {
    /// As `srvr` prints it after `Mode: `, and "not serving".
    pub fn name(self) -> &'static str {
        match self {
            ServerMode::Leader => "leader",
            ServerMode::Follower => "follower",
            ServerMode::Observer => "observer",
            ServerMode::Standalone => "standalone",
            ServerMode::NotServing => "not serving",
        }
    }

    /// Reads `srvr`'s `Mode:` value.
    pub fn parse(word: &str) -> Option<ServerMode> {
        [
            ServerMode::Leader,
            ServerMode::Follower,
            ServerMode::Observer,
            ServerMode::Standalone,
            ServerMode::NotServing,
        ]
        .into_iter()
        .find(|m| m.name() == word)
    }
}

/// What `srvr K` reports: the mode, the last zxid the server applied and its node count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SrvrReport {
    pub mode: ServerMode,
    /// Meaningless (0) when not serving.
    pub zxid: crate::stat::Zxid,
    pub nodes: u64,
}

impl SrvrReport {
    pub const NOT_SERVING: SrvrReport = SrvrReport {
        mode: ServerMode::NotServing,
        zxid: crate::stat::Zxid::ZERO,
        nodes: 0,
    };

    /// The epoch of the zxid: its high 32 bits.
    pub fn epoch(&self) -> i64 {
        self.zxid.epoch()
    }
}

/// What `wait server K …` waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitTarget {
    /// `srvr` reports exactly this mode (`not serving` included).
    Mode(ServerMode),
    /// `srvr` reports any mode but "not serving".
    Serving,
}

impl WaitTarget {
    pub fn met_by(self, mode: ServerMode) -> bool {
        match self {
            WaitTarget::Mode(m) => m == mode,
            WaitTarget::Serving => mode != ServerMode::NotServing,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            WaitTarget::Mode(m) => m.name(),
            WaitTarget::Serving => "serving",
        }
    }
}

/// A script line about the ensemble's servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerCommand {
    /// `server K crash|restart|stop|start`.
    Act {
        server: PeerId,
        action: ServerAction,
    },
    /// `partition server K`: cut every link of server K (peers and clients), silently.
    Partition { server: PeerId },
    /// `heal server K`: restore every link of server K.
    Heal { server: PeerId },
    /// `partition servers 1,2 | 3`: two groups that cannot reach each other.
    PartitionGroups {
        left: Vec<PeerId>,
        right: Vec<PeerId>,
    },
    /// `delay server K MS`: add MS of latency to server K's links to the other servers (a lagging
    /// follower; its clients still reach it at once).
    Delay { server: PeerId, ms: u64 },
    /// `srvr K`: print what the `srvr` four-letter word reports.
    Srvr { server: PeerId },
    /// `wait server K MODE [timeout=MS]`: let time pass until `srvr K` reports MODE
    /// (`leader`, `follower`, `observer`, `standalone`, `serving` for any of those, or
    /// `not serving`); prints nothing when it does, an error after MS.
    Wait {
        server: PeerId,
        target: WaitTarget,
        timeout_ms: u64,
    },
    /// `LINE stepwise`: the line, and nothing after it. A server line otherwise lets
    /// `SETTLE_MS` (20 ms) pass so what it set off lands, as the real-ensemble conformance
    /// needs; with `stepwise` every message it set off (an election's notifications, Zab's
    /// packets) is left to `step`, one event each. What the page's server buttons record.
    Stepwise(Box<ServerCommand>),
}

/// The word that ends a stepwise server line.
pub const STEPWISE: &str = "stepwise";

impl ServerCommand {
    /// The line as the page's buttons record it: itself, stepwise.
    pub fn stepwise(self) -> ServerCommand {
        match self {
            ServerCommand::Stepwise(_) => self,
            c => ServerCommand::Stepwise(Box::new(c)),
        }
    }

    /// The servers the line names.
    pub fn servers(&self) -> Vec<PeerId> {
        match self {
            ServerCommand::Stepwise(c) => c.servers(),
            ServerCommand::Act { server, .. }
            | ServerCommand::Partition { server }
            | ServerCommand::Heal { server }
            | ServerCommand::Delay { server, .. }
            | ServerCommand::Srvr { server }
            | ServerCommand::Wait { server, .. } => vec![*server],
            ServerCommand::PartitionGroups { left, right } => {
                left.iter().chain(right).copied().collect()
            }
        }
    }
}

fn ids_text(ids: &[PeerId]) -> String {
    ids.iter()
        .map(PeerId::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl fmt::Display for EnsembleConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ensemble {}", self.voters)?;
        if self.observers != 0 {
            write!(f, " observers={}", self.observers)?;
        }
        if self.tick_time_ms != DEFAULT_TICK_TIME_MS {
            write!(f, " tickTime={}", self.tick_time_ms)?;
        }
        if self.init_limit_ticks != DEFAULT_INIT_LIMIT_TICKS {
            write!(f, " initLimit={}", self.init_limit_ticks)?;
        }
        if self.sync_limit_ticks != DEFAULT_SYNC_LIMIT_TICKS {
            write!(f, " syncLimit={}", self.sync_limit_ticks)?;
        }
        if let Some(ids) = &self.started {
            write!(f, " start={}", ids_text(ids))?;
        }
        Ok(())
    }
}

impl fmt::Display for ServerCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerCommand::Act { server, action } => {
                write!(f, "server {server} {}", action.word())
            }
            ServerCommand::Partition { server } => write!(f, "partition server {server}"),
            ServerCommand::Heal { server } => write!(f, "heal server {server}"),
            ServerCommand::PartitionGroups { left, right } => write!(
                f,
                "partition servers {} | {}",
                ids_text(left),
                ids_text(right)
            ),
            ServerCommand::Delay { server, ms } => write!(f, "delay server {server} {ms}"),
            ServerCommand::Srvr { server } => write!(f, "srvr {server}"),
            ServerCommand::Wait {
                server,
                target,
                timeout_ms,
            } => {
                write!(f, "wait server {server} {}", target.name())?;
                if *timeout_ms != DEFAULT_WAIT_MS {
                    write!(f, " timeout={timeout_ms}")?;
                }
                Ok(())
            }
            ServerCommand::Stepwise(c) => write!(f, "{c} {STEPWISE}"),
        }
    }
}

fn u32_of(n: u64) -> u32 {
    // Every bound used with it is far below u32::MAX.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads a comma-separated list of server ids (`1,2`), each checked against `config`, no
/// repeats, ascending as written or not (kept as written).
fn parse_ids(text: &str, config: &EnsembleConfig) -> Result<Vec<PeerId>, String> {
    let mut ids = Vec::new();
    for word in text.split(',') {
        let id = parse_count(
            word.trim(),
            "a server id",
            1,
            ENSEMBLE_VOTERS_MAX + ENSEMBLE_OBSERVERS_MAX,
        )?;
        let id = config.check_server(id)?;
        if ids.contains(&id) {
            return Err(format!("server {id} is named twice"));
        }
        ids.push(id);
    }
    Ok(ids)
}

/// Reads an `ensemble …` line (`words[0] == "ensemble"`).
pub fn parse_ensemble(words: &[String]) -> Result<EnsembleConfig, String> {
    const USAGE: &str = "usage: ensemble N [observers=M] [tickTime=MS] [initLimit=TICKS] [syncLimit=TICKS] [start=1,2,…]";
    let Some(n) = words.get(1) else {
        return Err(USAGE.into());
    };
    let voters = parse_count(
        n,
        "the number of voters",
        ENSEMBLE_VOTERS_MIN,
        ENSEMBLE_VOTERS_MAX,
    )?;
    let mut config = EnsembleConfig::new(u32_of(voters));
    let mut started = None;
    for opt in &words[2..] {
        let Some((key, value)) = opt.split_once('=') else {
            return Err(format!("unknown ensemble option '{opt}': {USAGE}"));
        };
        match key {
            "observers" => {
                config.observers =
                    u32_of(parse_count(value, "observers", 0, ENSEMBLE_OBSERVERS_MAX)?)
            }
            "tickTime" => {
                config.tick_time_ms = u32_of(parse_ms(
                    value,
                    "tickTime",
                    TICK_TIME_MS_MIN,
                    TICK_TIME_MS_MAX,
                )?)
            }
            "initLimit" => {
                config.init_limit_ticks = u32_of(parse_count(
                    value,
                    "initLimit (ticks)",
                    LIMIT_TICKS_MIN,
                    LIMIT_TICKS_MAX,
                )?)
            }
            "syncLimit" => {
                config.sync_limit_ticks = u32_of(parse_count(
                    value,
                    "syncLimit (ticks)",
                    LIMIT_TICKS_MIN,
                    LIMIT_TICKS_MAX,
                )?)
            }
            "start" => started = Some(value.to_string()),
            _ => return Err(format!("unknown ensemble option '{opt}': {USAGE}")),
        }
    }
    // `start=` is checked last: it names servers, and observers= may come after it.
    if let Some(list) = started {
        let mut ids = parse_ids(&list, &config)?;
        crate::sorted::sort(&mut ids);
        config.started = Some(ids);
    }
    Ok(config)
}

/// Reads a line about servers, if `words` is one: `server K ACTION`, `partition server K`,
/// `heal server K`, `partition servers A | B`, `delay server K MS`, `srvr K`,
/// `wait server K MODE [timeout=MS]`. `config` is the script's `ensemble` line, if any: the
/// lines need one, and their server ids must be in it. `None` for any other line (`server stop`,
/// `partition NAME`, … are the standalone simulator's). Any of them may end in `stepwise`
/// once: see [`ServerCommand::Stepwise`].
pub fn parse_server_command(
    words: &[String],
    config: Option<&EnsembleConfig>,
) -> Option<Result<ServerCommand, String>> {
    let mut w: Vec<&str> = words.iter().map(String::as_str).collect();
    // `… stepwise`: the line without it, wrapped (once).
    let stepwise = w.len() > 1 && w.last() == Some(&STEPWISE);
    if stepwise {
        w.pop();
    }
    let parsed = parse_plain(&w, config)?;
    // A second `stepwise` is left to the line's own usage error.
    Some(match parsed {
        Ok(c) if stepwise => Ok(c.stepwise()),
        other => other,
    })
}

/// A server line without `stepwise`.
fn parse_plain(
    w: &[&str],
    config: Option<&EnsembleConfig>,
) -> Option<Result<ServerCommand, String>> {
    let is_id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ours = match w {
        ["server", k, ..] => is_id(k),
        ["partition" | "heal", "server", _, ..] => true,
        ["partition", "servers", ..] => true,
        ["delay", "server", _, _, ..] => true,
        ["srvr", ..] | ["wait", ..] => true,
        _ => false,
    };
    if !ours {
        return None;
    }
    let line = w.join(" ");
    let Some(config) = config else {
        return Some(Err(format!(
            "'{line}' needs an 'ensemble N' line at the top of the script"
        )));
    };
    let server = |s: &str| -> Result<PeerId, String> {
        let id = parse_count(
            s,
            "a server id",
            1,
            ENSEMBLE_VOTERS_MAX + ENSEMBLE_OBSERVERS_MAX,
        )?;
        config.check_server(id)
    };
    Some(match w {
        ["server", k, a] => match ServerAction::parse(a) {
            Some(action) => server(k).map(|server| ServerCommand::Act { server, action }),
            None => Err("usage: server K crash|restart|stop|start".into()),
        },
        ["server", ..] => Err("usage: server K crash|restart|stop|start".into()),
        ["partition", "server", k] => server(k).map(|server| ServerCommand::Partition { server }),
        ["heal", "server", k] => server(k).map(|server| ServerCommand::Heal { server }),
        ["partition" | "heal", "server", ..] => Err(format!("usage: {} server K", w[0])),
        ["partition", "servers", rest @ ..] => parse_groups(&rest.join(" "), config),
        ["delay", "server", k, ms] => server(k).and_then(|server| {
            parse_ms(ms, "the delay", 0, DELAY_MS_MAX).map(|ms| ServerCommand::Delay { server, ms })
        }),
        ["delay", ..] => Err("usage: delay server K MS".into()),
        ["srvr", k] => server(k).map(|server| ServerCommand::Srvr { server }),
        ["srvr", ..] => Err("usage: srvr K".into()),
        ["wait", "server", k, rest @ ..] => server(k).and_then(|server| parse_wait(server, rest)),
        _ => Err(WAIT_USAGE.into()),
    })
}

const WAIT_USAGE: &str =
    "usage: wait server K leader|follower|observer|standalone|serving|not serving [timeout=MS]";

fn parse_wait(server: PeerId, rest: &[&str]) -> Result<ServerCommand, String> {
    let (target, options) = match rest {
        ["not", "serving", options @ ..] => (WaitTarget::Mode(ServerMode::NotServing), options),
        ["serving", options @ ..] => (WaitTarget::Serving, options),
        [mode, options @ ..] => match ServerMode::parse(mode) {
            Some(m) => (WaitTarget::Mode(m), options),
            None => return Err(WAIT_USAGE.into()),
        },
        [] => return Err(WAIT_USAGE.into()),
    };
    let timeout_ms = match options {
        [] => DEFAULT_WAIT_MS,
        [opt] => match opt.strip_prefix("timeout=") {
            Some(ms) => parse_ms(ms, "the wait's timeout", 1, WAIT_MS_MAX)?,
            None => return Err(WAIT_USAGE.into()),
        },
        _ => return Err(WAIT_USAGE.into()),
    };
    Ok(ServerCommand::Wait {
        server,
        target,
        timeout_ms,
    })
}

fn parse_groups(text: &str, config: &EnsembleConfig) -> Result<ServerCommand, String> {
    const USAGE: &str = "usage: partition servers 1,2 | 3 (two groups naming every server once)";
    let Some((left, right)) = text.split_once('|') else {
        return Err(USAGE.into());
    };
    let left = parse_ids(left.trim(), config)?;
    let right = parse_ids(right.trim(), config)?;
    if let Some(both) = left.iter().find(|id| right.contains(id)) {
        return Err(format!("server {both} is in both groups"));
    }
    if left.len() + right.len() != config.servers() as usize {
        return Err(USAGE.into());
    }
    Ok(ServerCommand::PartitionGroups { left, right })
}

#[cfg(test)]
mod tests;
