//! A recipe's status as a lesson's check looks for it in the consoles: a typed value, not
//! English text, so the page words it in its own language as the consoles do
//! (`messages::status`), while the check matches the status's English (its `Display`, the
//! consoles' text) with `…` standing for any text.

use crate::recipes::{Holding, Status};

/// A status line a check waits for. A `&'static str` is a path, node or item, ZooKeeper's
/// words; `…` in it stands for any text (`"/locks/db/…"`: any node under `/locks/db/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusLine {
    /// A lock holder: `holds NODE`.
    Holds(&'static str),
    /// An elected leader: `leader of NODE`.
    LeaderOf(&'static str),
    /// A waiter, for whichever node.
    WaitsFor,
    /// A disconnected contender, which must treat its role on the path as lost.
    DisconnectedLost(&'static str),
    /// A queue's consumer on an item.
    WorkingOn(&'static str),
    /// A double barrier's member, inside.
    Entered(&'static str),
    /// A double barrier's member, out with everyone.
    Left(&'static str),
    /// A configuration's work server running with this data, at this version.
    RunsWithConfig(&'static str, i32),
    /// A load balancer's client with its view of the servers, whichever they are.
    Servers,
    /// The master–worker backup.
    BackupWatchesMaster,
    /// The master assigning a task (`…` where any text may stand) to any worker.
    Assigns(&'static str),
    /// The workers' count of tasks done.
    TasksDone(usize, u32),
}

impl StatusLine {
    /// The status it stands for, with `…` where any text may stand (the page words it).
    pub fn status(self) -> Status {
        let any = || String::from("…");
        match self {
            StatusLine::Holds(node) => Status::Holds {
                how: Holding::Lock,
                node: node.into(),
            },
            StatusLine::LeaderOf(node) => Status::Holds {
                how: Holding::Leads,
                node: node.into(),
            },
            StatusLine::WaitsFor => Status::WaitsFor { name: any() },
            StatusLine::DisconnectedLost(path) => Status::DisconnectedLost { path: path.into() },
            StatusLine::WorkingOn(item) => Status::WorkingOn { item: item.into() },
            StatusLine::Entered(path) => Status::Entered { path: path.into() },
            StatusLine::Left(path) => Status::Left { path: path.into() },
            StatusLine::RunsWithConfig(data, version) => Status::RunsWithConfig {
                data: data.into(),
                version,
            },
            StatusLine::Servers => Status::Servers {
                servers: Vec::new(),
                next: any(),
                least: any(),
            },
            StatusLine::BackupWatchesMaster => Status::BackupWatchesMaster,
            StatusLine::Assigns(task) => Status::Assigns {
                task: task.into(),
                worker: any(),
            },
            StatusLine::TasksDone(done, wanted) => Status::TasksDone { done, wanted },
        }
    }

    /// How many lines of a console's text show this status: the status's English in order,
    /// any text where it has `…` (a list of servers shown as none matches any list).
    pub fn count_in(self, console: &str) -> usize {
        let pattern = self.status().to_string().replace("  ", " … ");
        console
            .lines()
            .filter(|line| matches(line, &pattern))
            .count()
    }
}

/// Whether the line holds the pattern's pieces between `…`, in order.
fn matches(line: &str, pattern: &str) -> bool {
    let mut rest = line;
    for piece in pattern.split('…') {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line is found in a console line the status's `Display` writes, and not in others.
    #[test]
    fn a_status_line_matches_the_statuses_it_stands_for() {
        let cases: &[(StatusLine, &str, &str)] = &[
            (
                StatusLine::Holds("/locks/db/…"),
                "[c1 · lock] holds /locks/db/lock-0000000000",
                "[c1 · lock] holds /locks/other/lock-0000000000",
            ),
            (
                StatusLine::LeaderOf("/master"),
                "[c1 · naive-election] leader of /master",
                "[c1 · lock] holds /master",
            ),
            (
                StatusLine::WaitsFor,
                "[c2 · lock] waits for lock-0000000000",
                "[c2 · lock] competing for /locks",
            ),
            (
                StatusLine::DisconnectedLost("/election"),
                "[c1 · election] disconnected: must treat /election as lost",
                "WatchedEvent state:Disconnected type:None path:null",
            ),
            (
                StatusLine::Servers,
                "[c4 · lb-client] servers c1(8) c2(2) · next round-robin c2 · least loaded c2",
                "[c1 · lb-server] serving, load 8",
            ),
            (
                StatusLine::Assigns("task-…"),
                "[c1 · master] assigns task-0000000001 to c3",
                "[c1 · master] moves task-0000000001 back from a dead worker",
            ),
            (
                StatusLine::RunsWithConfig("db=v5", 4),
                "[c3 · config-worker] runs with config \"db=v5\" (dataVersion 4)",
                "[c3 · config-worker] runs with config \"db=v4\" (dataVersion 3)",
            ),
            (
                StatusLine::TasksDone(5, 5),
                "[c2 · worker] 5 of 5 tasks done",
                "[c2 · worker] 4 of 5 tasks done",
            ),
        ];
        for (line, yes, no) in cases {
            assert_eq!(line.count_in(yes), 1, "{line:?} in {yes}");
            assert_eq!(line.count_in(no), 0, "{line:?} in {no}");
        }
        let both = format!("{}\n{}", cases[0].1, cases[0].1);
        assert_eq!(StatusLine::Holds("/locks/db/…").count_in(&both), 2);
    }
}
