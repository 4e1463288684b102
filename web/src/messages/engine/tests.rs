//! Every typed value of the engine the page shows, with sample data, worded in both languages:
//! statuses, board lines, violations, message summaries, log lines, and why a line could not
//! run. Each match lists every variant without a wildcard, so a new variant fails to compile
//! here until it has a sample. Then the cards' words: a client card, the lock board and the
//! protected resource.

use std::collections::BTreeSet;

use zkplay_core::bounds::{BoundError, Unit};
use zkplay_core::ensemble::{Message, Packet};
use zkplay_core::error::ZkError;
use zkplay_core::recipes::{
    Detail, Holding, OptionError, PathRefused, Property, Rejected, Status, System, Violation,
};
use zkplay_core::sandbox::{BoardLine, ConsolePart, RunError};
use zkplay_core::script::line::QuoteError;
use zkplay_core::script::LineError;
use zkplay_core::sim::ensemble::EnsembleLine;
use zkplay_core::sim::{Fate, LogLine, Quiet, RequestSummary, SimError, Summary};
use zkplay_core::stat::SessionId;
use zkplay_core::watch::{EventType, KeeperState};

use super::*;
use crate::messages::english::english_words;

fn s(text: &str) -> String {
    text.to_string()
}

fn names() -> Vec<String> {
    vec![s("c1"), s("c2")]
}

fn statuses() -> Vec<Status> {
    let p = || s("/locks/x");
    let mut v = vec![
        Status::Starting,
        Status::StoppedSessionGone,
        Status::StoppedCannotCreate {
            path: p(),
            error: ZkError::NoAuth,
        },
        Status::Crashed,
        Status::Competing { path: p() },
        Status::WaitsWithHerd { path: p() },
        Status::WaitsFor {
            name: s("c1-lock-0000000001"),
        },
        Status::Releasing { node: p() },
        Status::Done,
        Status::ExpiredLost { path: p() },
        Status::DisconnectedLost { path: p() },
        Status::Closed,
        Status::PassedBarrier { path: p() },
        Status::WaitsAtBarrier { path: p() },
        Status::WaitsToEnter { here: 2, size: 3 },
        Status::Entered { path: p() },
        Status::Leaving,
        Status::LeavingWaitsFor { name: s("c2") },
        Status::Left { path: p() },
        Status::RunsWithConfig {
            data: s("db=v2"),
            version: 1,
        },
        Status::WaitsForConfig,
        Status::Published {
            versions: 2,
            servers: names(),
        },
        Status::Published {
            versions: 0,
            servers: vec![],
        },
        Status::Produced {
            item: s("item-0000000003"),
            left: 2,
        },
        Status::WaitingForItems { consumed: 4 },
        Status::WorkingOn {
            item: s("item-0000000003"),
        },
        Status::GotName {
            name: s("id-0000000001"),
            count: 2,
            wanted: 5,
        },
        Status::Serving { load: 7 },
        Status::NoServers,
        Status::Servers {
            servers: vec![(s("web1"), 3), (s("web2"), 0)],
            next: s("web1"),
            least: s("web2"),
        },
        Status::BackupWatchesMaster,
        Status::Master { workers: names() },
        Status::Master { workers: vec![] },
        Status::MasterNoWorkers,
        Status::Assigns {
            task: s("task-0000000001"),
            worker: s("worker"),
        },
        Status::MovesBack {
            task: s("task-0000000001"),
        },
        Status::DisconnectedNotMaster,
        Status::Idle { done: 3 },
        Status::Runs {
            task: s("task-0000000001"),
        },
        Status::TasksDone { done: 1, wanted: 5 },
        Status::BackupWatches {
            path: s("/hbase/master"),
        },
        Status::DisconnectedNotCoordinating,
        Status::LiveHosts { shards: vec![] },
        Status::LiveHosts {
            shards: vec![s("shard1"), s("shard2")],
        },
        Status::RegisteredAt {
            path: s("/hbase/rs/regionserver"),
        },
    ];
    for how in [
        Holding::Reads,
        Holding::Writes,
        Holding::Lock,
        Holding::Leads,
    ] {
        v.push(Status::Holds { how, node: p() });
    }
    for system in [
        System::HBase,
        System::Kafka,
        System::Solr,
        System::Messages,
        System::Fetching,
    ] {
        v.push(Status::Coordinating {
            system,
            epoch: (system == System::Kafka).then_some(2),
            live: 3,
            items: 6,
        });
    }
    v
}

/// Which variant (no wildcard: a new one fails to compile until it has a sample).
fn status_variant(s: &Status) -> usize {
    match s {
        Status::Starting => 0,
        Status::StoppedSessionGone => 1,
        Status::StoppedCannotCreate { .. } => 2,
        Status::Crashed => 3,
        Status::Competing { .. } => 4,
        Status::Holds { .. } => 5,
        Status::WaitsWithHerd { .. } => 6,
        Status::WaitsFor { .. } => 7,
        Status::Releasing { .. } => 8,
        Status::Done => 9,
        Status::ExpiredLost { .. } => 10,
        Status::DisconnectedLost { .. } => 11,
        Status::Closed => 12,
        Status::PassedBarrier { .. } => 13,
        Status::WaitsAtBarrier { .. } => 14,
        Status::WaitsToEnter { .. } => 15,
        Status::Entered { .. } => 16,
        Status::Leaving => 17,
        Status::LeavingWaitsFor { .. } => 18,
        Status::Left { .. } => 19,
        Status::RunsWithConfig { .. } => 20,
        Status::WaitsForConfig => 21,
        Status::Published { .. } => 22,
        Status::Produced { .. } => 23,
        Status::WaitingForItems { .. } => 24,
        Status::WorkingOn { .. } => 25,
        Status::GotName { .. } => 26,
        Status::Serving { .. } => 27,
        Status::NoServers => 28,
        Status::Servers { .. } => 29,
        Status::BackupWatchesMaster => 30,
        Status::Master { .. } => 31,
        Status::MasterNoWorkers => 32,
        Status::Assigns { .. } => 33,
        Status::MovesBack { .. } => 34,
        Status::DisconnectedNotMaster => 35,
        Status::Idle { .. } => 36,
        Status::Runs { .. } => 37,
        Status::TasksDone { .. } => 38,
        Status::BackupWatches { .. } => 39,
        Status::Coordinating { .. } => 40,
        Status::DisconnectedNotCoordinating => 41,
        Status::LiveHosts { .. } => 42,
        Status::RegisteredAt { .. } => 43,
    }
}
const STATUS_VARIANTS: usize = 44;

fn details() -> Vec<Detail> {
    vec![
        Detail::HoldTogether {
            resource: s("/rw"),
            holders: names(),
        },
        Detail::AllLead {
            resource: s("/master"),
            holders: names(),
        },
        Detail::StaleWrite {
            resource: s("/locks/x"),
            client: s("c1"),
            token: 3,
            owner: s("c2"),
            best: 5,
        },
        Detail::ConsumedAgain {
            item: s("/q/item-0000000001"),
            client: s("c2"),
        },
        Detail::EnteredEarly {
            client: s("c1"),
            resource: s("/b"),
            joined: 1,
            size: 3,
        },
        Detail::HandedOutTwice {
            name: s("/names/id-0000000001"),
        },
        Detail::CompletedAgain {
            task: s("task-0000000001"),
            client: s("c2"),
        },
        Detail::TwoLeaders {
            epoch: 2,
            leaders: vec![1, 3],
        },
        Detail::LeaderLacksCommitted {
            leader: 2,
            epoch: 3,
        },
        Detail::LeaderLacksAcknowledged {
            leader: 2,
            epoch: 3,
            zxid: zkplay_core::Zxid(0x2_0000_0001),
        },
        Detail::Diverged {
            server: 1,
            zxid: zkplay_core::Zxid(0x2_0000_0001),
            other: zkplay_core::Zxid(0x1_0000_0004),
        },
        Detail::ZxidWentBack {
            client: s("c1"),
            zxid: zkplay_core::Zxid(0x1_0000_0002),
            seen: zkplay_core::Zxid(0x1_0000_0003),
        },
        #[cfg(feature = "client-checks")]
        Detail::StaleRead {
            client: s("r"),
            path: s("/flag"),
            zxid: zkplay_core::Zxid(0x1_0000_0003),
            acknowledged: zkplay_core::Zxid(0x1_0000_0004),
            synced: false,
        },
        #[cfg(feature = "client-checks")]
        Detail::StaleRead {
            client: s("r"),
            path: s("/flag"),
            zxid: zkplay_core::Zxid(0x1_0000_0003),
            acknowledged: zkplay_core::Zxid(0x1_0000_0004),
            synced: true,
        },
        #[cfg(feature = "client-checks")]
        Detail::LostWatchEvent {
            client: s("c1"),
            path: s("/app/config"),
            watch: "data",
            armed: zkplay_core::Zxid(0x1_0000_0003),
            changed: Some(zkplay_core::Zxid(0x1_0000_0005)),
        },
        #[cfg(feature = "client-checks")]
        Detail::LostWatchEvent {
            client: s("c1"),
            path: s("/app/config"),
            watch: "child",
            armed: zkplay_core::Zxid(0x1_0000_0003),
            changed: None,
        },
        #[cfg(feature = "client-checks")]
        Detail::UnexpectedWatchEvent {
            client: s("c1"),
            path: s("/app/config"),
            event: zkplay_core::watch::EventType::NodeDataChanged,
        },
        Detail::Anomaly {
            anomaly: zkplay_core::ensemble::Anomaly::CommitNotNext {
                peer: 2,
                zxid: zkplay_core::Zxid(0x1_0000_0003),
            },
        },
    ]
}

fn detail_variant(d: &Detail) -> usize {
    match d {
        Detail::HoldTogether { .. } => 0,
        Detail::AllLead { .. } => 1,
        Detail::StaleWrite { .. } => 2,
        Detail::ConsumedAgain { .. } => 3,
        Detail::EnteredEarly { .. } => 4,
        Detail::HandedOutTwice { .. } => 5,
        Detail::CompletedAgain { .. } => 6,
        Detail::TwoLeaders { .. } => 7,
        Detail::LeaderLacksCommitted { .. } => 8,
        Detail::LeaderLacksAcknowledged { .. } => 9,
        Detail::Diverged { .. } => 10,
        Detail::ZxidWentBack { .. } => 11,
        Detail::Anomaly { .. } => 12,
        #[cfg(feature = "client-checks")]
        Detail::StaleRead { .. } => 13,
        #[cfg(feature = "client-checks")]
        Detail::LostWatchEvent { .. } => 14,
        #[cfg(feature = "client-checks")]
        Detail::UnexpectedWatchEvent { .. } => 15,
    }
}

fn summaries() -> Vec<Summary> {
    let session = SessionId(0x0100_0000_1234_0000);
    let mut v = vec![
        Summary::Connect { timeout_ms: 30000 },
        Summary::Reconnect {
            session,
            timeout_ms: 30000,
        },
        Summary::Established {
            session,
            timeout_ms: 30000,
        },
        Summary::SessionExpired,
        Summary::SetWatches {
            name: "setWatches2",
            relative_zxid: 7,
            data: 1,
            exist: 0,
            child: 2,
            persistent: 1,
            recursive: 0,
        },
        Summary::SetWatchesOk,
        Summary::Reply {
            xid: 4,
            error: None,
        },
        Summary::Reply {
            xid: 4,
            error: Some(ZkError::NoNode),
        },
        Summary::Ping,
        Summary::Pong,
        Summary::Notify {
            kind: EventType::NodeDataChanged,
            path: s("/app"),
        },
        Summary::CloseSession { xid: 9 },
        Summary::SessionClosed { xid: 9 },
        Summary::ConnectionClosed,
    ];
    for request in [
        RequestSummary::Op {
            op: "getData",
            target: s("/app"),
            watch: true,
        },
        RequestSummary::Op {
            op: "create",
            target: s("/app"),
            watch: false,
        },
        RequestSummary::Multi { ops: 2 },
        RequestSummary::Bare { op: "whoAmI" },
    ] {
        v.push(Summary::Request { xid: 3, request });
    }
    v
}

fn summary_variant(s: &Summary) -> usize {
    match s {
        Summary::Connect { .. } => 0,
        Summary::Reconnect { .. } => 1,
        Summary::Established { .. } => 2,
        Summary::SessionExpired => 3,
        Summary::Request { .. } => 4,
        Summary::SetWatches { .. } => 5,
        Summary::SetWatchesOk => 6,
        Summary::Reply { .. } => 7,
        Summary::Ping => 8,
        Summary::Pong => 9,
        Summary::Notify { .. } => 10,
        Summary::CloseSession { .. } => 11,
        Summary::SessionClosed { .. } => 12,
        Summary::ConnectionClosed => 13,
    }
}
const SUMMARY_VARIANTS: usize = 14;

fn log_lines() -> Vec<LogLine> {
    let c = || s("c1");
    let mut v = vec![
        LogLine::Initiating {
            client: c(),
            timeout_ms: 30000,
        },
        LogLine::Crashed { client: c() },
        LogLine::Paused {
            client: c(),
            ms: 3000,
        },
        LogLine::Resumed { client: c() },
        LogLine::State {
            client: c(),
            state: KeeperState::SyncConnected,
        },
        LogLine::Watch {
            client: c(),
            kind: EventType::NodeDeleted,
            path: s("/app"),
        },
        LogLine::TimedOut {
            client: c(),
            silent_ms: 20001,
        },
        LogLine::Partitioned { client: c() },
        LogLine::Healed { client: c() },
        LogLine::Delay {
            client: c(),
            ms: 50,
        },
        LogLine::Expiring {
            session: SessionId(0x0100_0000_1234_0000),
        },
        LogLine::ServerStopped,
        LogLine::ServerStarted,
        LogLine::RecipeStarted {
            client: c(),
            kind: RecipeKind::Lock,
            path: s("/locks/x"),
        },
        LogLine::Rejected(Rejected {
            resource: s("/locks/x"),
            client: c(),
            token: 3,
            best: 5,
        }),
        LogLine::Violation {
            property: Property::AtMostOneLockHolder,
            detail: details()[2].clone(),
        },
        LogLine::Status {
            client: c(),
            kind: RecipeKind::MwWorker,
            status: Status::Idle { done: 1 },
        },
        EnsembleLine::Crashed { server: 2 }.into(),
    ];
    for (i, summary) in summaries().into_iter().enumerate() {
        let fate = [Fate::Arrived, Fate::Held, Fate::Refused][i % 3];
        v.push(LogLine::Message {
            client: c(),
            to_server: i % 2 == 0,
            summary,
            fate,
        });
    }
    v
}

fn log_variant(l: &LogLine) -> usize {
    match l {
        LogLine::Initiating { .. } => 0,
        LogLine::Crashed { .. } => 1,
        LogLine::Paused { .. } => 2,
        LogLine::Resumed { .. } => 3,
        LogLine::State { .. } => 4,
        LogLine::Watch { .. } => 5,
        LogLine::Message { .. } => 6,
        LogLine::TimedOut { .. } => 7,
        LogLine::Partitioned { .. } => 8,
        LogLine::Healed { .. } => 9,
        LogLine::Delay { .. } => 10,
        LogLine::Expiring { .. } => 11,
        LogLine::ServerStopped => 12,
        LogLine::ServerStarted => 13,
        LogLine::RecipeStarted { .. } => 14,
        LogLine::Rejected(_) => 15,
        LogLine::Violation { .. } => 16,
        LogLine::Status { .. } => 17,
        LogLine::Ensemble(_) => 18,
    }
}
const LOG_VARIANTS: usize = 19;

fn ensemble_lines() -> Vec<EnsembleLine> {
    vec![
        EnsembleLine::Peer {
            from: 1,
            to: 2,
            message: Message::Zab(Packet::Commit {
                zxid: zkplay_core::Zxid(0x100000002),
            }),
        },
        EnsembleLine::Client {
            client: s("c1"),
            server: 3,
            to_server: true,
            summary: summaries()[0].clone(),
        },
        EnsembleLine::Client {
            client: s("c1"),
            server: 3,
            to_server: false,
            summary: Summary::Ping,
        },
        EnsembleLine::State {
            server: 2,
            state: zkplay_core::ensemble::ServerState::Leading,
            epoch: 1,
        },
        EnsembleLine::Crashed { server: 2 },
        EnsembleLine::Started { server: 2 },
        EnsembleLine::Dropped {
            message: Box::new(EnsembleLine::Peer {
                from: 1,
                to: 3,
                message: Message::Zab(Packet::Ping { touches: vec![] }),
            }),
            server: 3,
        },
        EnsembleLine::Peer {
            from: 2,
            to: 3,
            message: Message::Zab(Packet::Closed),
        },
        EnsembleLine::Dropped {
            message: Box::new(EnsembleLine::Client {
                client: s("c1"),
                server: 3,
                to_server: true,
                summary: Summary::Ping,
            }),
            server: 3,
        },
    ]
}

fn quiet_lines() -> Vec<Quiet> {
    vec![
        Quiet::ServerTick { server_up: true },
        Quiet::ServerTick { server_up: false },
        Quiet::ClientTimer {
            client: s("c1"),
            sent: Some(Summary::Ping),
        },
        Quiet::ClientTimer {
            client: s("c1"),
            sent: None,
        },
        Quiet::Dropped {
            client: s("c1"),
            to_server: true,
            summary: Summary::Ping,
        },
        Quiet::Dropped {
            client: s("c1"),
            to_server: false,
            summary: summaries()[0].clone(),
        },
        Quiet::Buffered {
            client: s("c1"),
            summary: Summary::Ping,
        },
        Quiet::Stale {
            client: s("c1"),
            summary: Summary::Ping,
        },
        Quiet::RecipeTimer { client: s("c1") },
        Quiet::Resume { client: s("c1") },
        Quiet::EnsembleClientTimer { client: s("c1") },
        Quiet::PeerTimer {
            server: 2,
            kind: zkplay_core::ensemble::TimerKind::Ping,
        },
        Quiet::PeerTimer {
            server: 2,
            kind: zkplay_core::ensemble::TimerKind::SyncLimit,
        },
        Quiet::PeerTimer {
            server: 2,
            kind: zkplay_core::ensemble::TimerKind::InitLimit,
        },
        Quiet::PeerTimer {
            server: 2,
            kind: zkplay_core::ensemble::TimerKind::ElectionFinalize,
        },
        Quiet::PeerTimer {
            server: 2,
            kind: zkplay_core::ensemble::TimerKind::ElectionPoll,
        },
    ]
}

fn quiet_variant(q: &Quiet) -> usize {
    match q {
        Quiet::ServerTick { .. } => 0,
        Quiet::ClientTimer { .. } => 1,
        Quiet::Dropped { .. } => 2,
        Quiet::Buffered { .. } => 3,
        Quiet::Stale { .. } => 4,
        Quiet::RecipeTimer { .. } => 5,
        Quiet::Resume { .. } => 6,
        Quiet::PeerTimer { .. } => 7,
        Quiet::EnsembleClientTimer { .. } => 8,
    }
}

fn ensemble_variant(e: &EnsembleLine) -> usize {
    match e {
        EnsembleLine::Peer { .. } => 0,
        EnsembleLine::Client { .. } => 1,
        EnsembleLine::State { .. } => 2,
        EnsembleLine::Crashed { .. } => 3,
        EnsembleLine::Started { .. } => 4,
        EnsembleLine::Dropped { .. } => 5,
    }
}

fn board_lines() -> Vec<BoardLine> {
    vec![
        BoardLine::ItemsWaiting { items: names() },
        BoardLine::ItemsWaiting { items: vec![] },
        BoardLine::Master {
            master: Some(s("m1")),
            workers: names(),
        },
        BoardLine::Master {
            master: None,
            workers: vec![],
        },
        BoardLine::TasksWaiting {
            tasks: vec![s("task-0000000002")],
        },
        BoardLine::AssignedTo {
            worker: s("worker"),
            tasks: vec![s("task-0000000001"), s("task-0000000003")],
        },
        BoardLine::TasksDone { count: 5 },
        BoardLine::Config {
            config: Some((s("db=v1"), 0)),
        },
        BoardLine::Config { config: None },
        BoardLine::Servers { servers: names() },
        BoardLine::Node {
            path: s("/hbase/master"),
            data: Some(s("master")),
        },
        BoardLine::Node {
            path: s("/kafka/controller_epoch"),
            data: None,
        },
        BoardLine::Children {
            path: s("/solr/live_nodes"),
            children: names(),
        },
        BoardLine::Placement {
            item: s("region-2"),
            owner: s("regionserver"),
        },
    ]
}

fn board_variant(b: &BoardLine) -> usize {
    match b {
        BoardLine::ItemsWaiting { .. } => 0,
        BoardLine::Master { .. } => 1,
        BoardLine::TasksWaiting { .. } => 2,
        BoardLine::AssignedTo { .. } => 3,
        BoardLine::TasksDone { .. } => 4,
        BoardLine::Config { .. } => 5,
        BoardLine::Servers { .. } => 6,
        BoardLine::Node { .. } => 7,
        BoardLine::Children { .. } => 8,
        BoardLine::Placement { .. } => 9,
    }
}
const BOARD_VARIANTS: usize = 10;

fn sim_errors() -> Vec<SimError> {
    vec![
        SimError::NoClient { name: s("c9") },
        SimError::AlreadyRunning { client: s("c1") },
        SimError::NotRunning { client: s("c1") },
        SimError::NotARecipePath { path: s("/") },
        SimError::PathTaken {
            client: s("c1"),
            kind: RecipeKind::Election,
            path: s("/e"),
        },
        SimError::NoLiveSession { client: s("c1") },
        SimError::ServerAlreadyStopped,
        SimError::ServerAlreadyRunning,
        SimError::TimeBackwards,
        SimError::WhichServer,
    ]
}

fn sim_error_variant(e: &SimError) -> usize {
    match e {
        SimError::NoClient { .. } => 0,
        SimError::AlreadyRunning { .. } => 1,
        SimError::NotRunning { .. } => 2,
        SimError::NotARecipePath { .. } => 3,
        SimError::PathTaken { .. } => 4,
        SimError::NoLiveSession { .. } => 5,
        SimError::ServerAlreadyStopped => 6,
        SimError::ServerAlreadyRunning => 7,
        SimError::TimeBackwards => 8,
        SimError::WhichServer => 9,
    }
}

fn line_errors() -> Vec<LineError> {
    let mut v: Vec<LineError> = sim_errors().into_iter().map(LineError::Sim).collect();
    v.extend([
        LineError::SessionOpen { name: s("c1") },
        LineError::NoSession { name: s("c1") },
        LineError::MustComeFirst { word: "clock" },
        LineError::OnlyInSimulator { word: "crash" },
        LineError::Said(s("usage: step [N]")),
        LineError::Bound(BoundError {
            what: s("the tick"),
            word: s("999999999999"),
            min: 0,
            max: 86_400_000,
            unit: Unit::MsDay,
        }),
    ]);
    use zkplay_core::script::entry::EnsembleRefusal as R;
    v.extend(
        [
            R::ServerAlready {
                line: s("server 2 crash"),
                server: 2,
                running: false,
            },
            R::ServerAlready {
                line: s("server 2 start"),
                server: 2,
                running: true,
            },
            R::NotReached {
                server: 3,
                wanted: "leader",
                timeout_ms: 5000,
                now: "follower",
            },
            R::CannotConnect { server: Some(1) },
            R::CannotConnect { server: None },
            R::NoEnsembleYet,
            R::SecondEnsemble,
            R::SetupAfterEnsemble { word: "seed" },
            R::UnnamedServer {
                word: "server stop",
            },
        ]
        .map(LineError::Ensemble),
    );
    v
}

fn line_error_variant(e: &LineError) -> usize {
    match e {
        LineError::Sim(_) => 0,
        LineError::SessionOpen { .. } => 1,
        LineError::NoSession { .. } => 2,
        LineError::MustComeFirst { .. } => 3,
        LineError::OnlyInSimulator { .. } => 4,
        LineError::Said(_) => 5,
        LineError::Ensemble(_) => 6,
        LineError::Bound(_) => 7,
    }
}

fn option_errors() -> Vec<OptionError> {
    let bound = |unit, max| BoundError {
        what: s("hold"),
        word: s("-1"),
        min: 0,
        max,
        unit,
    };
    vec![
        OptionError::NotKeyValue { word: s("hold") },
        OptionError::Bound(bound(Unit::MsDay, 86_400_000)),
        OptionError::Bound(bound(Unit::Ms, 1000)),
        OptionError::Bound(bound(Unit::Count, 1000)),
        OptionError::Fencing { value: s("maybe") },
        OptionError::Unknown { key: s("colour") },
    ]
}

fn option_error_variant(e: &OptionError) -> usize {
    match e {
        OptionError::NotKeyValue { .. } => 0,
        OptionError::Bound(_) => 1,
        OptionError::Fencing { .. } => 2,
        OptionError::Unknown { .. } => 3,
    }
}

/// Every sample worded in both languages: (what, its English in core, English words,
/// Chinese words).
fn worded() -> Vec<(String, String, Words, Words)> {
    let mut out = Vec::new();
    let mut add = |what: String, english: String, w: &dyn Fn(Lang) -> Words| {
        out.push((what, english, w(Lang::En), w(Lang::Zh)));
    };
    for v in statuses() {
        add(format!("{v:?}"), v.to_string(), &|l| status(l, &v));
        let part = ConsolePart::Recipe {
            session: s("c1"),
            kind: RecipeKind::Lock,
            status: v.clone(),
        };
        add(format!("{part:?}"), part.to_string(), &|l| {
            console_recipe(l, "c1", RecipeKind::Lock, &v)
        });
    }
    for p in Property::ALL {
        add(format!("{p:?}"), p.to_string(), &|l| property(l, p));
    }
    for d in details() {
        add(format!("{d:?}"), d.to_string(), &|l| detail(l, &d));
        let v = Violation {
            property: Property::AtMostOneMaster,
            detail: d.clone(),
            seed: 1,
            step: 2,
            time_ms: 3,
        };
        add(
            format!("{v:?}"),
            format!("{} — {}", v.property, v.detail),
            &|l| violation(l, &v),
        );
    }
    for v in summaries() {
        add(format!("{v:?}"), v.to_string(), &|l| summary(l, &v));
    }
    for v in log_lines() {
        add(format!("{v:?}"), v.to_string(), &|l| log_line(l, &v));
    }
    for v in ensemble_lines().into_iter().map(LogLine::from) {
        add(format!("{v:?}"), v.to_string(), &|l| log_line(l, &v));
    }
    for v in quiet_lines() {
        add(format!("{v:?}"), v.to_string(), &|l| quiet_line(l, &v));
    }
    for v in board_lines() {
        add(format!("{v:?}"), v.to_string(), &|l| board_line(l, &v));
    }
    for v in sim_errors() {
        add(format!("{v:?}"), v.to_string(), &|l| sim_error(l, &v));
    }
    for v in line_errors() {
        add(format!("{v:?}"), v.to_string(), &|l| line_error(l, &v));
        let r = RunError {
            line: s("recipe lock / on c1"),
            why: v.clone(),
        };
        add(format!("{r:?}"), r.to_string(), &|l| run_error(l, &r));
    }
    for v in option_errors() {
        add(format!("{v:?}"), v.to_string(), &|l| option_error(l, &v));
    }
    for v in [
        PathRefused::Root,
        PathRefused::Invalid {
            message: s("Path must start with / character"),
        },
    ] {
        add(format!("{v:?}"), v.to_string(), &|l| path_refused(l, &v));
    }
    let q = QuoteError::BothQuotes(s("it's \"x\""));
    add(format!("{q:?}"), q.to_string(), &|l| quote_error(l, &q));
    // zkplay's hints in a console (console).
    {
        use zkplay_core::script::hint::Hint;
        for h in [
            Hint::Removed {
                command: "rmr",
                instead: "deleteall",
            },
            Hint::DidYouMean { command: "create" },
            Hint::NeedsClient,
        ] {
            add(format!("{h:?}"), h.to_string(), &|l| hint(l, &h));
        }
    }
    out
}

#[test]
fn every_variant_has_a_sample() {
    let count = |v: Vec<usize>| v.into_iter().collect::<BTreeSet<_>>().len();
    assert_eq!(
        count(statuses().iter().map(status_variant).collect()),
        STATUS_VARIANTS
    );
    // The client checks' three details exist only where the checks do (the tools' build).
    let details_count = if cfg!(feature = "client-checks") {
        16
    } else {
        13
    };
    assert_eq!(
        count(details().iter().map(detail_variant).collect()),
        details_count
    );
    assert_eq!(
        count(summaries().iter().map(summary_variant).collect()),
        SUMMARY_VARIANTS
    );
    assert_eq!(
        count(log_lines().iter().map(log_variant).collect()),
        LOG_VARIANTS
    );
    assert_eq!(
        count(ensemble_lines().iter().map(ensemble_variant).collect()),
        6
    );
    assert_eq!(count(quiet_lines().iter().map(quiet_variant).collect()), 9);
    assert_eq!(
        count(board_lines().iter().map(board_variant).collect()),
        BOARD_VARIANTS
    );
    assert_eq!(
        count(sim_errors().iter().map(sim_error_variant).collect()),
        10
    );
    assert_eq!(
        count(line_errors().iter().map(line_error_variant).collect()),
        8
    );
    assert_eq!(
        count(option_errors().iter().map(option_error_variant).collect()),
        4
    );
}

/// In English every value reads exactly as core writes it in the transcripts.
#[test]
fn in_english_every_value_reads_as_the_transcripts() {
    for (what, english, en, _) in worded() {
        assert_eq!(en.plain(), english, "{what}");
    }
}

/// In Chinese the page's words hold no English word; ZooKeeper's own (paths, names, op
/// and event names, data) stand apart, and are what they are in English.
#[test]
fn in_chinese_every_value_is_chinese_but_zookeepers_words() {
    for (what, _, en, zh) in worded() {
        for piece in &zh.0 {
            if let Piece::Text(text) = piece {
                let english = english_words(text);
                assert!(english.is_empty(), "{what}: {english:?} in {}", zh.plain());
            }
        }
        // The same in both only when it is all ZooKeeper's words and numbers (`ping`).
        let prose = |w: &Words| -> String {
            w.0.iter()
                .filter_map(|p| match p {
                    Piece::Text(t) => Some(t.as_str()),
                    Piece::Zk(_) => None,
                })
                .collect()
        };
        assert!(
            zh.plain() != en.plain() || english_words(&prose(&en)).is_empty(),
            "{what} is not translated"
        );
        // The line the parser could not read is shown as the user wrote it; its
        // words are the only ones that may be left out.
        if !what.contains("Said") {
            assert_eq!(en.zk_words(), zh.zk_words(), "{what}");
        }
    }
}

// Cards: what a client card, the lock board and the protected resource say.
#[test]
fn card_words_keep_zookeepers_apart_in_both_languages() {
    use zkplay_core::recipes::Rejected;
    use zkplay_core::sandbox::{ChainLink, Stand};
    use zkplay_core::watch::{ClientEvent, EventType, KeeperState};
    assert_eq!(
        watched_event(&ClientEvent::Watch {
            kind: EventType::NodeCreated,
            path: "/leader".into()
        }),
        "WatchedEvent state:SyncConnected type:NodeCreated path:/leader"
    );
    assert_eq!(
        watched_event(&ClientEvent::State(KeeperState::Disconnected)),
        "WatchedEvent state:Disconnected type:None path:null"
    );
    let link = |stand| ChainLink {
        node: "c2-lock-0000000001".into(),
        owner: "c2".into(),
        stand,
    };
    let behind = Stand::WaitsBehind {
        behind: "c1".into(),
    };
    let request = zkplay_core::sim::RequestSummary::Op {
        op: "delete",
        target: "/l/x".into(),
        watch: false,
    };
    let rejected = Rejected {
        resource: "/locks/fenced".into(),
        client: "c3".into(),
        token: 14,
        best: 18,
    };
    let samples = |l: Lang| {
        vec![
            chain_link(l, false, &link(Stand::Holds)),
            chain_link(l, true, &link(Stand::Holds)),
            chain_link(l, false, &link(behind.clone())),
            chain_link(l, false, &link(Stand::Other)),
            pending(l, &request, 0),
            pending(l, &request, 2),
            refusal(l, &rejected),
            accepted(l, &(18, "c4".into())),
        ]
    };
    assert_eq!(
        samples(Lang::En)[2].plain(),
        "c2 waits behind c1 · c2-lock-0000000001"
    );
    assert_eq!(
        samples(Lang::En)[6].plain(),
        "refused c3's write: stale token 0xe < 0x12"
    );
    for (en, zh) in samples(Lang::En).iter().zip(samples(Lang::Zh).iter()) {
        assert_eq!(en.zk_words(), zh.zk_words());
        for piece in &zh.0 {
            if let Piece::Text(text) = piece {
                assert!(english_words(text).is_empty(), "{}", zh.plain());
            }
        }
    }
}
