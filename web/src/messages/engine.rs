//! The engine's values in words: recipe statuses, board lines, safety violations, summaries of
//! messages, event log lines and why a line could not run, each a typed value in core, worded
//! here in the page's language. A sentence comes back as [`Words`]: the page's own text, and
//! ZooKeeper's words (paths, session ids, names, op, event and error names, data) kept apart so
//! the page marks them `data-zk`. In English every value reads exactly as its `Display` in
//! core (the transcripts' text); a unit test holds the two together.

use std::fmt::Display;

use zkplay_core::bounds::{BoundError, Unit};
use zkplay_core::ensemble::{PeerSummary, TimerKind};
use zkplay_core::recipes::{
    Detail, Holding, OptionError, PathRefused, Property, RecipeKind, Status, System, Violation,
};
use zkplay_core::sandbox::{BoardLine, RunError};
use zkplay_core::script::entry::EnsembleRefusal;
use zkplay_core::script::line::QuoteError;
use zkplay_core::script::LineError;
use zkplay_core::sim::ensemble::EnsembleLine;
use zkplay_core::sim::{Fate, LogLine, Quiet, RequestSummary, SimError, Summary};
use zkplay_core::tutorial::Lang;

use super::{kind_words, Msg, Piece, Words};

/// ZooKeeper's words (or the user's).
fn zk(s: impl Display) -> Words {
    Words::zk(s)
}

/// A number (or anything the page writes as it is) among the page's words.
fn num(n: impl Display) -> Words {
    Words::text(n.to_string())
}

/// ZooKeeper's words joined by the page's separator, or `none`.
fn list(l: Lang, items: &[String]) -> Words {
    if items.is_empty() {
        return Words::text(Msg::None.text(l));
    }
    joined(l, items)
}

/// ZooKeeper's words joined by the page's separator.
fn joined(l: Lang, items: &[String]) -> Words {
    let mut out = Words::default();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.0.push(Piece::Text(Msg::ListSeparator.text(l).into()));
        }
        out.0.push(Piece::Zk(item.clone()));
    }
    out
}

/// A recipe kind's name in words.
fn kind(l: Lang, k: RecipeKind) -> Words {
    Words::text(kind_words(k).0.text(l))
}

/// A role's status.
pub fn status(l: Lang, s: &Status) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match s {
        Status::Starting => m(Msg::StStarting, &[]),
        Status::StoppedSessionGone => m(Msg::StStoppedSessionGone, &[]),
        Status::StoppedCannotCreate { path, error } => {
            m(Msg::StStoppedCannotCreate, &[zk(path), zk(error.name())])
        }
        Status::Crashed => m(Msg::StCrashed, &[]),
        Status::Competing { path } => m(Msg::StCompeting, &[zk(path)]),
        Status::Holds { how, node } => {
            let msg = match how {
                Holding::Reads => Msg::StReadsUnder,
                Holding::Writes => Msg::StWritesUnder,
                Holding::Lock => Msg::StHolds,
                Holding::Leads => Msg::StLeaderOf,
            };
            m(msg, &[zk(node)])
        }
        Status::WaitsWithHerd { path } => m(Msg::StWaitsWithHerd, &[zk(path)]),
        Status::WaitsFor { name } => m(Msg::StWaitsFor, &[zk(name)]),
        Status::Releasing { node } => m(Msg::StReleasing, &[zk(node)]),
        Status::Done => m(Msg::StDone, &[]),
        Status::ExpiredLost { path } => m(Msg::StExpiredLost, &[zk(path)]),
        Status::DisconnectedLost { path } => m(Msg::StDisconnectedLost, &[zk(path)]),
        Status::Closed => m(Msg::StClosed, &[]),
        Status::PassedBarrier { path } => m(Msg::StPassedBarrier, &[zk(path)]),
        Status::WaitsAtBarrier { path } => m(Msg::StWaitsAtBarrier, &[zk(path)]),
        Status::WaitsToEnter { here, size } => m(Msg::StWaitsToEnter, &[num(here), num(size)]),
        Status::Entered { path } => m(Msg::StEntered, &[zk(path)]),
        Status::Leaving => m(Msg::StLeaving, &[]),
        Status::LeavingWaitsFor { name } => m(Msg::StLeavingWaitsFor, &[zk(name)]),
        Status::Left { path } => m(Msg::StLeft, &[zk(path)]),
        Status::RunsWithConfig { data, version } => m(
            Msg::StRunsWithConfig,
            &[zk(data), num(version), zk("dataVersion")],
        ),
        Status::WaitsForConfig => m(Msg::StWaitsForConfig, &[]),
        Status::Published { versions, servers } => {
            m(Msg::StPublished, &[num(versions), list(l, servers)])
        }
        Status::Produced { item, left } => m(Msg::StProduced, &[zk(item), num(left)]),
        Status::WaitingForItems { consumed } => m(Msg::StWaitingForItems, &[num(consumed)]),
        Status::WorkingOn { item } => m(Msg::StWorkingOn, &[zk(item)]),
        Status::GotName {
            name,
            count,
            wanted,
        } => m(Msg::StGotName, &[zk(name), num(count), num(wanted)]),
        Status::Serving { load } => m(Msg::StServing, &[num(load)]),
        Status::NoServers => m(Msg::StNoServers, &[]),
        Status::Servers {
            servers,
            next,
            least,
        } => {
            let mut each = Words::default();
            for (i, (name, load)) in servers.iter().enumerate() {
                if i > 0 {
                    each = each.then(Words::text(" "));
                }
                each = each.then(zk(name)).then(Words::text(format!("({load})")));
            }
            m(Msg::StServers, &[each, zk(next), zk(least)])
        }
        Status::BackupWatchesMaster => m(Msg::StBackupWatchesMaster, &[]),
        Status::Master { workers } => m(Msg::StMaster, &[list(l, workers)]),
        Status::MasterNoWorkers => m(Msg::StMasterNoWorkers, &[]),
        Status::Assigns { task, worker } => m(Msg::StAssigns, &[zk(task), zk(worker)]),
        Status::MovesBack { task } => m(Msg::StMovesBack, &[zk(task)]),
        Status::DisconnectedNotMaster => m(Msg::StDisconnectedNotMaster, &[]),
        Status::Idle { done } => m(Msg::StIdle, &[num(done)]),
        Status::Runs { task } => m(Msg::StRuns, &[zk(task)]),
        Status::TasksDone { done, wanted } => m(Msg::StTasksDone, &[num(done), num(wanted)]),
        Status::BackupWatches { path } => m(Msg::StBackupWatches, &[zk(path)]),
        Status::Coordinating {
            system,
            epoch,
            live,
            items,
        } => {
            let (title, things) = match system {
                System::HBase => (Msg::TitleActiveMaster, Msg::ItemsRegions),
                System::Kafka => (Msg::TitleController, Msg::ItemsPartitions),
                System::Solr => (Msg::TitleOverseer, Msg::ItemsShards),
                System::Messages => (Msg::TitleShardMaster, Msg::ItemsShards),
                System::Fetching => (Msg::TitleFetchingMaster, Msg::ItemsSegments),
            };
            let args = [
                Words::text(title.text(l)),
                num(live),
                num(items),
                Words::text(things.text(l)),
                num(epoch.unwrap_or_default()),
            ];
            match epoch {
                Some(_) => m(Msg::StCoordinatingEpoch, &args),
                None => m(Msg::StCoordinating, &args[..4]),
            }
        }
        Status::DisconnectedNotCoordinating => m(Msg::StDisconnectedNotCoordinating, &[]),
        Status::LiveHosts { shards } if shards.is_empty() => m(Msg::StLiveHostsNone, &[]),
        Status::LiveHosts { shards } => m(Msg::StLiveHosts, &[joined(l, shards)]),
        Status::RegisteredAt { path } => m(Msg::StRegisteredAt, &[zk(path)]),
    }
}

/// The line a client's console shows when one of its recipe roles says something new.
pub fn console_recipe(l: Lang, session: &str, k: RecipeKind, s: &Status) -> Words {
    Msg::ConsoleRecipe.words(l, &[zk(session), kind(l, k), status(l, s)])
}

/// A safety property's name.
pub fn property(l: Lang, p: Property) -> Words {
    let msg = match p {
        Property::AtMostOneWriter => Msg::PropAtMostOneWriter,
        Property::NoWriterWithReader => Msg::PropNoWriterWithReader,
        Property::AtMostOneMaster => Msg::PropAtMostOneMaster,
        Property::AtMostOneLockHolder => Msg::PropAtMostOneLockHolder,
        Property::QueueItemsOnce => Msg::PropQueueItemsOnce,
        Property::NoEarlyEntry => Msg::PropNoEarlyEntry,
        Property::UniqueNames => Msg::PropUniqueNames,
        Property::TasksOnce => Msg::PropTasksOnce,
        Property::OneLeaderPerEpoch => Msg::PropOneLeaderPerEpoch,
        Property::CommittedLogsAgree => Msg::PropCommittedLogsAgree,
        Property::ClientZxidsGrow => Msg::PropClientZxidsGrow,
        Property::AcknowledgedWritesSurvive => Msg::PropAcknowledgedWritesSurvive,
        Property::NoPeerAnomaly => Msg::PropNoPeerAnomaly,
        Property::ReadsSeeAcknowledgedWrites => Msg::PropReadsSeeAcknowledgedWrites,
        Property::NoLostOrDoubledWatchEvent => Msg::PropNoLostOrDoubledWatchEvent,
    };
    Words::text(msg.text(l))
}

/// A fencing token, as the transcripts write it.
fn token(t: i64) -> Words {
    Words::zk(format!("{t:#x}"))
}

/// What broke a property.
pub fn detail(l: Lang, d: &Detail) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match d {
        Detail::HoldTogether { resource, holders } => {
            m(Msg::DetHoldTogether, &[zk(resource), joined(l, holders)])
        }
        Detail::AllLead { resource, holders } => {
            m(Msg::DetAllLead, &[zk(resource), joined(l, holders)])
        }
        Detail::StaleWrite {
            resource,
            client,
            token: t,
            owner,
            best,
        } => m(
            Msg::DetStaleWrite,
            &[zk(resource), zk(client), token(*t), zk(owner), token(*best)],
        ),
        Detail::ConsumedAgain { item, client } => m(Msg::DetConsumedAgain, &[zk(item), zk(client)]),
        Detail::EnteredEarly {
            client,
            resource,
            joined: j,
            size,
        } => m(
            Msg::DetEnteredEarly,
            &[zk(client), zk(resource), num(j), num(size)],
        ),
        Detail::HandedOutTwice { name } => m(Msg::DetHandedOutTwice, &[zk(name)]),
        Detail::CompletedAgain { task, client } => {
            m(Msg::DetCompletedAgain, &[zk(task), zk(client)])
        }
        Detail::TwoLeaders { epoch, leaders } => {
            let ids: Vec<String> = leaders.iter().map(u64::to_string).collect();
            m(Msg::DetTwoLeaders, &[num(epoch), zk(ids.join(", "))])
        }
        Detail::LeaderLacksCommitted { leader, epoch } => {
            m(Msg::DetLeaderLacksCommitted, &[num(leader), num(epoch)])
        }
        Detail::LeaderLacksAcknowledged {
            leader,
            epoch,
            zxid,
        } => m(
            Msg::DetLeaderLacksAcknowledged,
            &[num(leader), num(epoch), zk(format!("0x{zxid:x}"))],
        ),
        Detail::Diverged {
            server,
            zxid,
            other,
        } => m(
            Msg::DetDiverged,
            &[
                num(server),
                zk(format!("0x{zxid:x}")),
                zk(format!("0x{other:x}")),
            ],
        ),
        Detail::ZxidWentBack { client, zxid, seen } => m(
            Msg::DetZxidWentBack,
            &[
                zk(client),
                zk(format!("0x{zxid:x}")),
                zk(format!("0x{seen:x}")),
            ],
        ),
        #[cfg(feature = "client-checks")]
        Detail::StaleRead {
            client,
            path,
            zxid,
            acknowledged,
            synced,
        } => m(
            if *synced {
                Msg::DetStaleReadSynced
            } else {
                Msg::DetStaleRead
            },
            &[
                zk(client),
                zk(path),
                zk(format!("0x{zxid:x}")),
                zk(format!("0x{acknowledged:x}")),
            ],
        ),
        #[cfg(feature = "client-checks")]
        Detail::LostWatchEvent {
            client,
            path,
            watch,
            armed,
            changed,
        } => {
            let (c, w, p, a) = (zk(client), zk(watch), zk(path), zk(format!("0x{armed:x}")));
            match changed {
                Some(z) => m(
                    Msg::DetLostWatchEvent,
                    &[c, w, p, a, zk(format!("0x{z:x}"))],
                ),
                None => m(Msg::DetLostWatchDeletion, &[c, w, p, a]),
            }
        }
        #[cfg(feature = "client-checks")]
        Detail::UnexpectedWatchEvent {
            client,
            path,
            event,
        } => m(
            Msg::DetUnexpectedWatchEvent,
            &[zk(client), zk(event.name()), zk(path)],
        ),
        // The model's own words about a state it should never reach (a bug report, not a
        // sentence of the page).
        Detail::Anomaly { anomaly } => m(Msg::DetAnomaly, &[zk(anomaly)]),
    }
}

/// A violation as the recipe view lists it: the property, then what happened.
pub fn violation(l: Lang, v: &Violation) -> Words {
    Msg::ViolationLine.words(l, &[property(l, v.property), detail(l, &v.detail)])
}

/// A request in short.
fn request(l: Lang, r: &RequestSummary) -> Words {
    match r {
        RequestSummary::Op { op, target, watch } => {
            let msg = if *watch { Msg::ReqOpWatch } else { Msg::ReqOp };
            msg.words(l, &[zk(op), zk(target)])
        }
        RequestSummary::Multi { ops } => Msg::ReqMulti.words(l, &[num(ops), zk("multi")]),
        RequestSummary::Bare { op } => zk(op),
    }
}

/// What a message is.
pub fn summary(l: Lang, s: &Summary) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match s {
        Summary::Connect { timeout_ms } => m(Msg::SumConnect, &[num(timeout_ms), zk("connect")]),
        Summary::Reconnect {
            session,
            timeout_ms,
        } => m(Msg::SumReconnect, &[num(timeout_ms), zk(session)]),
        Summary::Established {
            session,
            timeout_ms,
        } => m(Msg::SumEstablished, &[zk(session), num(timeout_ms)]),
        Summary::SessionExpired => m(Msg::SumSessionExpired, &[]),
        Summary::Request { xid, request: r } => m(Msg::SumXid, &[num(xid), request(l, r)]),
        Summary::SetWatches {
            name,
            relative_zxid,
            data,
            exist,
            child,
            persistent,
            recursive,
        } => m(
            Msg::SumSetWatches,
            &[
                zk(name),
                zk(relative_zxid),
                num(data),
                num(exist),
                num(child),
                num(persistent),
                num(recursive),
                zk("relativeZxid"),
            ],
        ),
        Summary::SetWatchesOk => m(Msg::SumSetWatchesOk, &[zk("setWatches")]),
        Summary::Reply { xid, error: None } => m(Msg::SumReplyOk, &[num(xid)]),
        Summary::Reply {
            xid,
            error: Some(e),
        } => m(Msg::SumXid, &[num(xid), zk(e.name())]),
        Summary::Ping => zk("ping"),
        Summary::Pong => zk("pong"),
        Summary::Notify { kind, path } => m(Msg::ReqOp, &[zk(kind.name()), zk(path)]),
        Summary::CloseSession { xid } => m(Msg::SumXid, &[num(xid), zk("closeSession")]),
        Summary::SessionClosed { xid } => m(Msg::SumSessionClosed, &[num(xid)]),
        Summary::ConnectionClosed => m(Msg::SumConnectionClosed, &[]),
    }
}

/// From where to where a message travels.
pub fn route(l: Lang, client: &str, to_server: bool, server: Option<u64>) -> Words {
    let server = match server {
        Some(k) => Msg::ServerNumbered.words(l, &[num(k)]),
        None => Words::text(Msg::Server.text(l)),
    };
    let client = Words::zk(client);
    let (from, to) = if to_server {
        (client, server)
    } else {
        (server, client)
    };
    Msg::Route.words(l, &[from, to])
}

/// A line of the event log.
pub fn log_line(l: Lang, line: &LogLine) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match line {
        LogLine::Initiating { client, timeout_ms } => m(
            Msg::LogInitiating,
            &[zk(client), zk(format!("sessionTimeout={timeout_ms}"))],
        ),
        LogLine::Crashed { client } => m(Msg::LogCrashed, &[zk(client)]),
        LogLine::Paused { client, ms } => m(Msg::LogPaused, &[zk(client), num(ms)]),
        LogLine::Resumed { client } => m(Msg::LogResumed, &[zk(client)]),
        LogLine::State { client, state } => m(
            Msg::LogClientSaid,
            &[
                zk(client),
                zk(format!(
                    "WatchedEvent state:{} type:None path:null",
                    state.name()
                )),
            ],
        ),
        LogLine::Watch { client, kind, path } => m(
            Msg::LogClientSaid,
            &[
                zk(client),
                zk(format!(
                    "WatchedEvent state:SyncConnected type:{} path:{path}",
                    kind.name()
                )),
            ],
        ),
        LogLine::Message {
            client,
            to_server,
            summary: s,
            fate,
        } => {
            let msg = match fate {
                Fate::Arrived => Msg::LogMessage,
                Fate::Held => Msg::LogMessageHeld,
                Fate::Refused => Msg::LogMessageRefused,
            };
            m(msg, &[route(l, client, *to_server, None), summary(l, s)])
        }
        LogLine::TimedOut { client, silent_ms } => {
            m(Msg::LogTimedOut, &[zk(client), num(silent_ms)])
        }
        LogLine::Partitioned { client } => m(Msg::LogPartitioned, &[zk(client)]),
        LogLine::Healed { client } => m(Msg::LogHealed, &[zk(client)]),
        LogLine::Delay { client, ms } => m(Msg::LogDelay, &[zk(client), num(ms)]),
        LogLine::Expiring { session } => m(Msg::LogExpiring, &[zk(session)]),
        LogLine::ServerStopped => m(Msg::LogServerStopped, &[]),
        LogLine::ServerStarted => m(Msg::LogServerStarted, &[]),
        LogLine::RecipeStarted {
            client,
            kind: k,
            path,
        } => m(Msg::LogRecipeStarted, &[zk(client), kind(l, *k), zk(path)]),
        LogLine::Rejected(r) => m(
            Msg::LogRejected,
            &[
                zk(&r.resource),
                zk(&r.client),
                token(r.token),
                token(r.best),
            ],
        ),
        LogLine::Violation {
            property: p,
            detail: d,
        } => m(Msg::LogViolation, &[property(l, *p), detail(l, d)]),
        LogLine::Status {
            client,
            kind: k,
            status: s,
        } => m(Msg::LogStatus, &[zk(client), kind(l, *k), status(l, s)]),
        LogLine::Ensemble(line) => ensemble_line(l, line),
    }
}

/// A message between servers: `server 1 → server 2: PROPOSAL 0x100000002 create`.
pub fn peer_line(l: Lang, from: u64, to: u64, summary: &PeerSummary) -> Words {
    Msg::LogPeer.words(l, &[num(from), num(to), packet(l, summary)])
}

/// A line of an ensemble's servers in the event log.
fn ensemble_line(l: Lang, line: &EnsembleLine) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match line {
        EnsembleLine::Peer { from, to, message } => {
            peer_line(l, *from, *to, &message.view_summary())
        }
        EnsembleLine::Client {
            client,
            server,
            to_server,
            summary: s,
        } => m(
            if *to_server {
                Msg::LogToServer
            } else {
                Msg::LogFromServer
            },
            &[zk(client), num(server), summary(l, s)],
        ),
        EnsembleLine::State {
            server,
            state,
            epoch,
        } => m(
            Msg::LogPeerState,
            &[num(server), zk(state.name()), num(epoch)],
        ),
        EnsembleLine::Crashed { server } => m(Msg::LogPeerCrashed, &[num(server)]),
        EnsembleLine::Started { server } => m(Msg::LogPeerStarted, &[num(server)]),
        EnsembleLine::Dropped { message, server } => m(
            Msg::LogPeerDropped,
            &[ensemble_line(l, message), num(server)],
        ),
    }
}

/// A packet between servers as ZooKeeper names it (`PROPOSAL 0x100000002 create`), but for
/// zkplay's own `CLOSED` (a connection closed under it), which the page words.
fn packet(l: Lang, summary: &PeerSummary) -> Words {
    match summary {
        PeerSummary::Closed => Words::text(Msg::PacketClosed.text(l)),
        PeerSummary::Zk(text) => zk(text),
    }
}

/// What a step handled that wrote no line of the simulation's log.
pub fn quiet_line(l: Lang, q: &Quiet) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match q {
        Quiet::ServerTick { server_up: true } => m(Msg::LogQuietTick, &[]),
        Quiet::ServerTick { server_up: false } => m(Msg::LogQuietTickDown, &[]),
        Quiet::ClientTimer {
            client,
            sent: Some(s),
        } => m(Msg::LogQuietTimerSends, &[zk(client), summary(l, s)]),
        Quiet::ClientTimer { client, sent: None } => m(Msg::LogQuietTimerIdle, &[zk(client)]),
        Quiet::Dropped {
            client,
            to_server: true,
            summary: s,
        } => m(
            Msg::LogQuietDroppedAtServer,
            &[route(l, client, true, None), summary(l, s)],
        ),
        Quiet::Dropped {
            client, summary: s, ..
        } => m(
            Msg::LogQuietDroppedAtClient,
            &[route(l, client, false, None), summary(l, s), zk(client)],
        ),
        Quiet::Buffered { client, summary: s } => m(
            Msg::LogQuietBuffered,
            &[route(l, client, false, None), summary(l, s), zk(client)],
        ),
        Quiet::Stale { client, summary: s } => m(
            Msg::LogQuietStale,
            &[route(l, client, false, None), summary(l, s)],
        ),
        Quiet::RecipeTimer { client } => m(Msg::LogQuietRecipeTimer, &[zk(client)]),
        Quiet::Resume { client } => m(Msg::LogQuietResume, &[zk(client)]),
        Quiet::PeerTimer { server, kind } => m(
            match kind {
                TimerKind::ElectionPoll => Msg::LogPeerTimerPoll,
                TimerKind::ElectionFinalize => Msg::LogPeerTimerFinalize,
                TimerKind::InitLimit => Msg::LogPeerTimerInitLimit,
                TimerKind::SyncLimit => Msg::LogPeerTimerSyncLimit,
                TimerKind::Ping => Msg::LogPeerTimerPing,
            },
            &[num(server)],
        ),
        Quiet::EnsembleClientTimer { client } => m(Msg::LogClientTimer, &[zk(client)]),
    }
}

/// A line of a recipe's board.
pub fn board_line(l: Lang, b: &BoardLine) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    let or_none = |data: &Option<String>| match data {
        Some(d) => zk(d),
        None => Words::text(Msg::None.text(l)),
    };
    match b {
        BoardLine::ItemsWaiting { items } => m(Msg::BrdItemsWaiting, &[list(l, items)]),
        BoardLine::Master { master, workers } => {
            m(Msg::BrdMaster, &[or_none(master), list(l, workers)])
        }
        BoardLine::TasksWaiting { tasks } => m(Msg::BrdTasksWaiting, &[list(l, tasks)]),
        BoardLine::AssignedTo { worker, tasks } => {
            m(Msg::BrdAssignedTo, &[zk(worker), joined(l, tasks)])
        }
        BoardLine::TasksDone { count } => m(Msg::BrdTasksDone, &[num(count)]),
        BoardLine::Config {
            config: Some((data, version)),
        } => m(Msg::BrdConfig, &[zk(data), num(version), zk("dataVersion")]),
        BoardLine::Config { config: None } => m(Msg::BrdConfigNone, &[]),
        BoardLine::Servers { servers } => m(Msg::BrdServers, &[list(l, servers)]),
        BoardLine::Node { path, data } => m(Msg::BrdNode, &[zk(path), or_none(data)]),
        BoardLine::Children { path, children } => m(Msg::BrdNode, &[zk(path), list(l, children)]),
        BoardLine::Placement { item, owner } => m(Msg::BrdPlacement, &[zk(item), zk(owner)]),
    }
}

/// Why the simulator refused an input.
pub fn sim_error(l: Lang, e: &SimError) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match e {
        SimError::NoClient { name } => m(Msg::ErrNoClient, &[zk(name)]),
        SimError::AlreadyRunning { client } => m(Msg::ErrAlreadyRunning, &[zk(client)]),
        SimError::NotRunning { client } => m(Msg::ErrNotRunning, &[zk(client)]),
        SimError::NotARecipePath { path } => m(Msg::ErrNotARecipePath, &[zk(path)]),
        SimError::PathTaken {
            client,
            kind: k,
            path,
        } => m(Msg::ErrPathTaken, &[zk(client), kind(l, *k), zk(path)]),
        SimError::NoLiveSession { client } => m(Msg::ErrNoLiveSession, &[zk(client)]),
        SimError::ServerAlreadyStopped => m(Msg::ErrServerAlreadyStopped, &[]),
        SimError::ServerAlreadyRunning => m(Msg::ErrServerAlreadyRunning, &[]),
        SimError::TimeBackwards => m(Msg::ErrTimeBackwards, &[]),
        SimError::WhichServer => m(Msg::ErrWhichServer, &[zk("server K stop")]),
    }
}

/// Why a line could not run. What the script parser says in its own words is English only:
/// in another language the page says that the line could not be read (the line itself is
/// shown beside it).
pub fn line_error(l: Lang, e: &LineError) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match e {
        LineError::Sim(e) => sim_error(l, e),
        LineError::SessionOpen { name } => m(Msg::ErrSessionOpen, &[zk(name)]),
        LineError::NoSession { name } => m(
            Msg::ErrNoSession,
            &[zk(name), zk(format!("session {name}"))],
        ),
        LineError::MustComeFirst { word } => m(Msg::ErrMustComeFirst, &[zk(word)]),
        LineError::OnlyInSimulator { word } => m(Msg::ErrOnlyInSimulator, &[zk(word)]),
        LineError::Ensemble(e) => ensemble_refusal(l, e),
        LineError::Said(words) => parser_said(l, words),
        LineError::Bound(e) => bound_error(l, e),
    }
}

/// Why the simulated ensemble refused a line.
pub fn ensemble_refusal(l: Lang, e: &EnsembleRefusal) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match e {
        EnsembleRefusal::ServerAlready {
            line,
            server,
            running,
        } => m(
            if *running {
                Msg::ErrServerRunning
            } else {
                Msg::ErrServerNotRunning
            },
            &[zk(line), num(server)],
        ),
        EnsembleRefusal::NotReached {
            server,
            wanted,
            timeout_ms,
            now,
        } => m(
            Msg::ErrNotReached,
            &[num(server), zk(wanted), num(timeout_ms), zk(now)],
        ),
        EnsembleRefusal::CannotConnect { server: Some(k) } => m(Msg::ErrCannotConnectTo, &[num(k)]),
        EnsembleRefusal::CannotConnect { server: None } => m(Msg::ErrCannotConnectAny, &[]),
        EnsembleRefusal::NoEnsembleYet => m(Msg::ErrNoEnsembleYet, &[zk("ensemble N")]),
        EnsembleRefusal::SecondEnsemble => m(Msg::ErrSecondEnsemble, &[zk("ensemble")]),
        EnsembleRefusal::SetupAfterEnsemble { word } => {
            m(Msg::ErrSetupAfterEnsemble, &[zk(word), zk("ensemble")])
        }
        EnsembleRefusal::UnnamedServer { word } => m(
            Msg::ErrNotOnEnsemble,
            &[zk(word), zk("server K stop"), zk("server K start")],
        ),
    }
}

/// The script parser's own words about a line: English only.
pub fn parser_said(l: Lang, words: &str) -> Words {
    match (l, words.strip_prefix("usage: ")) {
        (Lang::En, _) => Words::text(words),
        // A line's syntax reads the same in every language.
        (Lang::Zh, Some(syntax)) => Msg::LineUsage.words(l, &[zk(syntax)]),
        (Lang::Zh, None) => Words::text(Msg::LineNotRead.text(l)),
    }
}

/// A line that could not run, and why.
pub fn run_error(l: Lang, e: &RunError) -> Words {
    Msg::RunErrorLine.words(l, &[Words::zk(&e.line), line_error(l, &e.why)])
}

/// A number past its bound.
pub fn bound_error(l: Lang, e: &BoundError) -> Words {
    let unit = match e.unit {
        Unit::Count => Words::default(),
        Unit::Ms => Words::text(Msg::UnitMs.text(l)),
        Unit::MsDay => Words::text(Msg::UnitMsDay.text(l)),
    };
    Msg::ErrBound.words(
        l,
        &[
            Words::zk(&e.what),
            num(e.min),
            num(e.max),
            unit,
            Words::zk(&e.word),
        ],
    )
}

/// Why a recipe's options cannot be read.
pub fn option_error(l: Lang, e: &OptionError) -> Words {
    let m = |msg: Msg, args: &[Words]| msg.words(l, args);
    match e {
        OptionError::NotKeyValue { word } => m(Msg::ErrNotKeyValue, &[zk(word), zk("key=value")]),
        OptionError::Bound(b) => bound_error(l, b),
        OptionError::Fencing { value } => m(
            Msg::ErrFencing,
            &[zk(value), zk("fencing"), zk("on"), zk("off")],
        ),
        OptionError::Unknown { key } => m(
            Msg::ErrUnknownOption,
            &[zk(key), zk("hold, rounds, fencing, items, interval, size")],
        ),
    }
}

/// Why a recipe cannot work at a path.
pub fn path_refused(l: Lang, e: &PathRefused) -> Words {
    match e {
        // ZooKeeper's own message (`PathUtils`).
        PathRefused::Invalid { message } => Words::zk(message),
        PathRefused::Root => Words::text(Msg::ErrRecipeRoot.text(l)),
    }
}

/// Why a znode action cannot be written as a zkCli line.
pub fn quote_error(l: Lang, e: &QuoteError) -> Words {
    match e {
        QuoteError::BothQuotes(_) => Msg::ErrBothQuotes.words(l, &[Words::zk(e.quoted())]),
    }
}

// The consoles' simulator lines and zkplay's hints (console).

/// A hint zkplay adds under a console line.
pub fn hint(l: Lang, h: &zkplay_core::script::hint::Hint) -> Words {
    use zkplay_core::script::hint::Hint;
    match h {
        Hint::Removed { command, instead } => {
            Msg::HintRemoved.words(l, &[zk(command), zk(instead)])
        }
        Hint::DidYouMean { command } => Msg::HintDidYouMean.words(l, &[zk(command)]),
        Hint::NeedsClient => Words::text(Msg::HintNeedsClient.text(l)),
    }
}

// Cards: what a client card, the lock board and the protected resource say.

/// A delivered event as zkCli words it: `WatchedEvent state:SyncConnected type:NodeCreated
/// path:/leader`, or for a connection-state change `type:None path:null`.
pub fn watched_event(e: &zkplay_core::watch::ClientEvent) -> String {
    use zkplay_core::watch::ClientEvent;
    match e {
        ClientEvent::State(s) => format!("WatchedEvent state:{} type:None path:null", s.name()),
        ClientEvent::Watch { kind, path } => format!(
            "WatchedEvent state:SyncConnected type:{} path:{path}",
            kind.name()
        ),
    }
}

/// What a client waits for an answer to: its oldest request, and how many more.
pub fn pending(l: Lang, r: &RequestSummary, more: usize) -> Words {
    let mut what = request(l, r);
    if more > 0 {
        what = what.then(num(format!(" +{more}")));
    }
    Msg::CardWaitsReply.words(l, &[what])
}

/// A write the protected resource refused, as its panel lists it.
pub fn refusal(l: Lang, r: &zkplay_core::recipes::Rejected) -> Words {
    Msg::ResourceRefused.words(l, &[zk(&r.client), token(r.token), token(r.best)])
}

/// The highest token the protected resource accepted, and from whom.
pub fn accepted(l: Lang, token_from: &(i64, String)) -> Words {
    Msg::ResourceAccepted.words(l, &[token(token_from.0), zk(&token_from.1)])
}

/// A contender's place in the chain: who holds (or leads), who waits behind whom.
pub fn chain_link(l: Lang, election: bool, c: &zkplay_core::sandbox::ChainLink) -> Words {
    use zkplay_core::sandbox::Stand;
    let (owner, node) = (zk(&c.owner), zk(&c.node));
    match &c.stand {
        Stand::Holds if election => Msg::ChainLeads.words(l, &[owner, node]),
        Stand::Holds => Msg::ChainHolds.words(l, &[owner, node]),
        Stand::WaitsBehind { behind } => Msg::ChainWaitsBehind.words(l, &[owner, zk(behind), node]),
        Stand::Other => Msg::ChainOther.words(l, &[owner, node]),
    }
}

#[cfg(test)]
mod tests;
