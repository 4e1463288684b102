//! What a role's card says, as a value: each role's moments with the data each carries (the
//! path it competes for, the node it holds, the item it works on). `Display` is the English of
//! the transcripts (`"status":"holds /locks/x/a-lock-0000000000"`); the page words each value
//! in its own language.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::error::ZkError;
use crate::recipes::cluster::System;

/// How a contender holds its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Holding {
    /// A read lock (shared).
    Reads,
    /// A write lock.
    Writes,
    /// An exclusive lock.
    Lock,
    /// Leadership.
    Leads,
}

/// A role's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not begun yet.
    Starting,
    /// Stopped for good when its session ended.
    StoppedSessionGone,
    /// Stopped: a path it needs cannot be created (ZooKeeper's error).
    StoppedCannotCreate {
        path: String,
        error: ZkError,
    },
    /// Its process died.
    Crashed,

    // Contenders (elections, locks, read/write locks).
    /// Competing for the role on `path`.
    Competing {
        path: String,
    },
    /// Holds the role through `node` (its sequential node, or the naive recipe's path).
    Holds {
        how: Holding,
        node: String,
    },
    /// Waits for `path` to go, watching it with every other waiter (the naive recipes).
    WaitsWithHerd {
        path: String,
    },
    /// Waits for its predecessor, the node `name`.
    WaitsFor {
        name: String,
    },
    /// Deleting its node to release the role.
    Releasing {
        node: String,
    },
    /// Took the role as many rounds as asked.
    Done,
    /// Its session expired: it lost the role on `path`.
    ExpiredLost {
        path: String,
    },
    /// Disconnected: it must treat the role on `path` as lost.
    DisconnectedLost {
        path: String,
    },
    /// Its session was closed.
    Closed,

    // Barriers.
    PassedBarrier {
        path: String,
    },
    WaitsAtBarrier {
        path: String,
    },
    /// In a double barrier: `here` of `size` have joined.
    WaitsToEnter {
        here: usize,
        size: u32,
    },
    Entered {
        path: String,
    },
    Leaving,
    /// Leaving a double barrier: waits for the node `name` to go.
    LeavingWaitsFor {
        name: String,
    },
    Left {
        path: String,
    },

    // Configuration.
    /// A work server runs with the configuration `data`, at its `version`.
    RunsWithConfig {
        data: String,
        version: i32,
    },
    WaitsForConfig,
    /// The manage server published `versions`; the work servers it sees.
    Published {
        versions: u32,
        servers: Vec<String>,
    },

    // Queues.
    Produced {
        item: String,
        left: u32,
    },
    WaitingForItems {
        consumed: u32,
    },
    WorkingOn {
        item: String,
    },

    // Naming.
    GotName {
        name: String,
        count: usize,
        wanted: u32,
    },

    // Load balancing.
    Serving {
        load: u32,
    },
    NoServers,
    /// A client's view: each server with its load, the next by round robin, the least loaded.
    Servers {
        servers: Vec<(String, u32)>,
        next: String,
        least: String,
    },

    // Master–worker.
    BackupWatchesMaster,
    /// The master, and the live workers.
    Master {
        workers: Vec<String>,
    },
    MasterNoWorkers,
    Assigns {
        task: String,
        worker: String,
    },
    MovesBack {
        task: String,
    },
    DisconnectedNotMaster,
    Idle {
        done: u32,
    },
    Runs {
        task: String,
    },
    TasksDone {
        done: usize,
        wanted: u32,
    },

    // The case studies' cluster roles.
    /// Another node coordinates: it watches `path`.
    BackupWatches {
        path: String,
    },
    /// It coordinates `system`'s cluster (Kafka: with its controller epoch).
    Coordinating {
        system: System,
        epoch: Option<i64>,
        live: usize,
        items: usize,
    },
    DisconnectedNotCoordinating,
    /// A Solr node: the shards it hosts (none yet: empty).
    LiveHosts {
        shards: Vec<String>,
    },
    RegisteredAt {
        path: String,
    },
}

/// `a, b, c`, or `none`.
struct List<'a>(&'a [String]);

impl fmt::Display for List<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&self.0.join(", "))
        }
    }
}

impl Holding {
    pub fn words(self) -> &'static str {
        match self {
            Holding::Reads => "reads under",
            Holding::Writes => "writes under",
            Holding::Lock => "holds",
            Holding::Leads => "leader of",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Starting => f.write_str("starting"),
            Status::StoppedSessionGone => f.write_str("stopped: session gone"),
            Status::StoppedCannotCreate { path, error } => {
                write!(f, "stopped: cannot create {path}: {}", error.name())
            }
            Status::Crashed => f.write_str("crashed"),
            Status::Competing { path } => write!(f, "competing for {path}"),
            Status::Holds { how, node } => write!(f, "{} {node}", how.words()),
            Status::WaitsWithHerd { path } => {
                write!(f, "waits for {path} (watches it with the whole herd)")
            }
            Status::WaitsFor { name } => write!(f, "waits for {name}"),
            Status::Releasing { node } => write!(f, "releasing {node}"),
            Status::Done => f.write_str("done"),
            Status::ExpiredLost { path } => write!(f, "session expired: lost {path}"),
            Status::DisconnectedLost { path } => {
                write!(f, "disconnected: must treat {path} as lost")
            }
            Status::Closed => f.write_str("closed"),
            Status::PassedBarrier { path } => write!(f, "passed the barrier {path}"),
            Status::WaitsAtBarrier { path } => write!(f, "waits at the barrier {path}"),
            Status::WaitsToEnter { here, size } => write!(f, "waits to enter ({here}/{size} here)"),
            Status::Entered { path } => write!(f, "entered {path}: working"),
            Status::Leaving => f.write_str("leaving"),
            Status::LeavingWaitsFor { name } => write!(f, "leaving: waits for {name}"),
            Status::Left { path } => write!(f, "left {path} with everyone"),
            Status::RunsWithConfig { data, version } => {
                write!(f, "runs with config \"{data}\" (dataVersion {version})")
            }
            Status::WaitsForConfig => f.write_str("waits for a configuration"),
            Status::Published { versions, servers } => write!(
                f,
                "published {versions} version(s) · servers: {}",
                List(servers)
            ),
            Status::Produced { item, left } => write!(f, "produced {item} ({left} left)"),
            Status::WaitingForItems { consumed } => {
                write!(f, "waiting for items ({consumed} consumed)")
            }
            Status::WorkingOn { item } => write!(f, "working on {item}"),
            Status::GotName {
                name,
                count,
                wanted,
            } => write!(f, "got {name} ({count} of {wanted})"),
            Status::Serving { load } => write!(f, "serving, load {load}"),
            Status::NoServers => f.write_str("no servers"),
            Status::Servers {
                servers,
                next,
                least,
            } => {
                f.write_str("servers ")?;
                for (i, (name, load)) in servers.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{name}({load})")?;
                }
                write!(f, " · next round-robin {next} · least loaded {least}")
            }
            Status::BackupWatchesMaster => f.write_str("backup: watches the master"),
            Status::Master { workers } => write!(f, "master · workers: {}", List(workers)),
            Status::MasterNoWorkers => f.write_str("master · no workers: tasks wait"),
            Status::Assigns { task, worker } => write!(f, "assigns {task} to {worker}"),
            Status::MovesBack { task } => write!(f, "moves {task} back from a dead worker"),
            Status::DisconnectedNotMaster => f.write_str("disconnected: not acting as master"),
            Status::Idle { done } => write!(f, "idle ({done} done)"),
            Status::Runs { task } => write!(f, "runs {task}"),
            Status::TasksDone { done, wanted } => write!(f, "{done} of {wanted} tasks done"),
            Status::BackupWatches { path } => write!(f, "backup: watches {path}"),
            Status::Coordinating {
                system,
                epoch,
                live,
                items,
            } => {
                f.write_str(system.leader_title())?;
                if let Some(e) = epoch {
                    write!(f, " (epoch {e})")?;
                }
                write!(f, ": {live} live, {items} {}", system.items_title())
            }
            Status::DisconnectedNotCoordinating => f.write_str("disconnected: not coordinating"),
            Status::LiveHosts { shards } if shards.is_empty() => {
                f.write_str("live: hosts no shard")
            }
            Status::LiveHosts { shards } => write!(f, "live: hosts {}", shards.join(", ")),
            Status::RegisteredAt { path } => write!(f, "registered at {path}"),
        }
    }
}

/// A status hashes as its English text, as it did when it was one: the simulation's state
/// hashes (pinned in `core/tests/data/sim_hashes.txt`) stay what they were.
impl Hash for Status {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_string().hash(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_they_always_have() {
        let cases: Vec<(Status, &str)> = vec![
            (
                Status::Holds {
                    how: Holding::Lock,
                    node: "/locks/x/a-lock-0000000000".into(),
                },
                "holds /locks/x/a-lock-0000000000",
            ),
            (
                Status::Published {
                    versions: 2,
                    servers: vec![],
                },
                "published 2 version(s) · servers: none",
            ),
            (
                Status::Servers {
                    servers: vec![("s1".into(), 3), ("s2".into(), 0)],
                    next: "s1".into(),
                    least: "s2".into(),
                },
                "servers s1(3) s2(0) · next round-robin s1 · least loaded s2",
            ),
            (
                Status::Coordinating {
                    system: System::Kafka,
                    epoch: Some(2),
                    live: 3,
                    items: 6,
                },
                "controller (epoch 2): 3 live, 6 partitions",
            ),
            (
                Status::StoppedCannotCreate {
                    path: "/x".into(),
                    error: ZkError::NoAuth,
                },
                "stopped: cannot create /x: NOAUTH",
            ),
            (Status::LiveHosts { shards: vec![] }, "live: hosts no shard"),
        ];
        for (status, text) in cases {
            assert_eq!(status.to_string(), text);
        }
    }
}
