//! What the page shows of a sandbox that runs an ensemble: the servers in a ring (each one's
//! role, epoch, last zxid, log tail, lag, clients, faults), the messages between them, the
//! clients with their servers, the event log, and which server's tree is shown.

use super::*;
use crate::ensemble::PeerId;
use crate::script::ensemble_lines::ServerMode;
use crate::sim::ensemble::{EnsembleEvent, EnsembleQuiet, EnsembleSim, PeerView};

/// One server of the ring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerView {
    pub peer: PeerView,
    /// What `srvr` would report as its mode.
    pub mode: ServerMode,
    /// `partition server K`: every link of it is cut.
    pub isolated: bool,
    /// `delay server K MS`.
    pub delay_ms: u64,
}

/// The ensemble as the page draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnsembleView {
    pub servers: Vec<ServerView>,
    /// Messages between servers in flight.
    pub messages: Vec<crate::sim::ensemble::PeerMessageView>,
    /// The server whose tree is shown.
    pub viewed: Option<PeerId>,
    pub voters: usize,
    /// How many voters make a quorum (more than half).
    pub quorum: usize,
    /// The most voters that are up and can reach one server, that server included (a leader
    /// needs a quorum of them): fewer than `quorum`, and the ensemble cannot serve.
    pub voters_up: usize,
    /// The pairs of servers (lower myid first) that cannot reach each other: a partition.
    pub cut: Vec<(PeerId, PeerId)>,
}

/// A line of the ensemble's event log. `Display` is its English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnsembleLine {
    /// A message between servers arrived, as ZooKeeper names it (`PROPOSAL 0x100000002 create`).
    Peer {
        from: PeerId,
        to: PeerId,
        summary: String,
    },
    /// A message between a client and a server arrived.
    Client {
        client: String,
        server: PeerId,
        to_server: bool,
        summary: crate::sim::Summary,
    },
    /// A server is LOOKING, or serves as LEADING, FOLLOWING, OBSERVING, in this epoch.
    State {
        server: PeerId,
        state: crate::ensemble::ServerState,
        epoch: i64,
    },
    Crashed {
        server: PeerId,
    },
    Started {
        server: PeerId,
    },
    /// A message (a `Peer` or `Client` line) reached server `server`, which is down: dropped.
    Dropped {
        message: Box<EnsembleLine>,
        server: PeerId,
    },
    /// A step that logged nothing handled server `server`'s timer.
    Timer {
        server: PeerId,
        kind: crate::ensemble::TimerKind,
    },
    /// A step that logged nothing handled a client's timer (a ping, a connection attempt).
    ClientTimer {
        client: String,
    },
}

impl std::fmt::Display for EnsembleLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnsembleLine::Peer { from, to, summary } => {
                write!(f, "server {from} → server {to}: {summary}")
            }
            EnsembleLine::Client {
                client,
                server,
                to_server: true,
                summary,
            } => write!(f, "{client} → server {server}: {summary}"),
            EnsembleLine::Client {
                client,
                server,
                summary,
                ..
            } => write!(f, "server {server} → {client}: {summary}"),
            EnsembleLine::State {
                server,
                state,
                epoch,
            } => write!(f, "server {server} is {} (epoch {epoch})", state.name()),
            EnsembleLine::Crashed { server } => write!(f, "server {server} crashed"),
            EnsembleLine::Started { server } => write!(f, "server {server} started"),
            EnsembleLine::Dropped { message, server } => {
                write!(f, "{message} — dropped: server {server} is down")
            }
            EnsembleLine::Timer { server, kind } => {
                use crate::ensemble::TimerKind;
                let what = match kind {
                    TimerKind::ElectionPoll => "no new vote in time — sends its vote again",
                    TimerKind::ElectionFinalize => "finalize wait over — decides on its vote",
                    TimerKind::InitLimit => "initLimit over",
                    TimerKind::SyncLimit => "syncLimit over",
                    TimerKind::Ping => "the leader's half tick",
                };
                write!(f, "server {server}: {what}")
            }
            EnsembleLine::ClientTimer { client } => write!(f, "{client}: client timer"),
        }
    }
}

impl std::hash::Hash for EnsembleLine {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.to_string().hash(state)
    }
}

impl Sandbox {
    /// The simulated ensemble, when the sandbox runs one.
    pub fn ensemble(&self) -> Option<&EnsembleSim> {
        self.runner.backend.ensemble()
    }

    /// The server whose tree is shown: the one chosen, else the leader, else the first up.
    pub fn viewed_server(&self) -> Option<PeerId> {
        let e = self.ensemble()?;
        if let Some(id) = self.viewed_server.filter(|id| e.peer(*id).is_some()) {
            return Some(id);
        }
        let leader = e
            .peers()
            .iter()
            .filter_map(|p| p.established_epoch().map(|epoch| (epoch, p.id())))
            .max()
            .map(|(_, id)| id);
        leader
            .or_else(|| e.peers().iter().find(|p| p.is_up()).map(|p| p.id()))
            .or_else(|| e.peers().first().map(|p| p.id()))
    }

    /// Shows server `id`'s tree (a view's choice: the script does not change).
    pub fn view_server(&mut self, id: PeerId) {
        if self.ensemble().is_some_and(|e| e.peer(id).is_some()) {
            self.viewed_server = Some(id);
            self.revision += 1;
        }
    }

    /// The ensemble's views, when the sandbox runs one.
    pub fn ensemble_view(&self) -> Option<EnsembleView> {
        let Host::Ensemble(backend) = &self.runner.backend else {
            return None;
        };
        let e = backend.sim.as_ref()?;
        let servers = e
            .peer_views()
            .into_iter()
            .map(|peer| {
                let k = u32::try_from(peer.id).unwrap_or(u32::MAX);
                ServerView {
                    mode: backend.srvr(k).mode,
                    isolated: e.server_isolated(peer.id),
                    delay_ms: e.server_delay_ms(peer.id),
                    peer,
                }
            })
            .collect::<Vec<ServerView>>();
        let voters = e.config().voters.len();
        let ids: Vec<PeerId> = servers.iter().map(|s| s.peer.id).collect();
        let mut cut = Vec::new();
        for (i, &a) in ids.iter().enumerate() {
            for &b in &ids[i + 1..] {
                if e.schedule.links.is_cut(a, b) || e.schedule.links.is_cut(b, a) {
                    cut.push((a, b));
                }
            }
        }
        let up_voters: Vec<PeerId> = servers
            .iter()
            .filter(|s| !s.peer.observer && s.peer.state.is_up())
            .map(|s| s.peer.id)
            .collect();
        let voters_up = up_voters
            .iter()
            .map(|&v| {
                up_voters
                    .iter()
                    .filter(|&&w| w == v || !cut.contains(&(v.min(w), v.max(w))))
                    .count()
            })
            .max()
            .unwrap_or(0);
        Some(EnsembleView {
            voters_up,
            cut,
            servers,
            messages: e.messages_in_flight(),
            viewed: self.viewed_server(),
            voters,
            quorum: voters / 2 + 1,
        })
    }

    /// The clients of the ensemble, in the order they were opened (each name once: the latest).
    pub(super) fn ensemble_clients(&self) -> Vec<ClientView> {
        let Some(e) = self.ensemble() else {
            return Vec::new();
        };
        self.runner
            .backend
            .session_names()
            .iter()
            .filter_map(|n| e.client_index(n))
            .map(|i| {
                let ec = &e.clients()[i];
                self.client_view(&ec.client, e.client_partitioned(i), ec.server)
            })
            .collect()
    }

    /// The ensemble's live checks' violations so far.
    pub(super) fn ensemble_violations(&self) -> Vec<crate::recipes::Violation> {
        let Some(e) = self.ensemble() else {
            return Vec::new();
        };
        let servers =
            e.properties
                .found()
                .map(|(property, detail, time_ms)| crate::recipes::Violation {
                    property,
                    detail: detail.clone(),
                    seed: e.seed(),
                    step: e.events(),
                    time_ms,
                });
        // The servers' properties, then the recipes'.
        servers
            .chain(e.monitor.violations.iter().cloned())
            .collect()
    }

    /// Messages between clients and servers in flight.
    pub(super) fn ensemble_client_messages(&self) -> Vec<ClientMessageView> {
        let Some(e) = self.ensemble() else {
            return Vec::new();
        };
        e.client_messages_in_flight()
            .into_iter()
            .map(|m| ClientMessageView {
                id: m.id,
                client: client_name(e, m.client),
                to_server: m.to_server,
                server: Some(m.server),
                held: m.held,
                summary: m.summary,
                sent_ms: m.sent_ms,
                arrive_ms: m.arrive_ms,
            })
            .collect()
    }

    /// The ensemble's event log, its latest lines, oldest first.
    pub(super) fn ensemble_log(&self) -> Vec<LogRow> {
        let Some(e) = self.ensemble() else {
            return Vec::new();
        };
        let servers = e.log().tail(LOG_LINES_SHOWN_MAX).map(|entry| LogRow {
            step: entry.event,
            time_ms: entry.time_ms,
            text: LogText::Ensemble(line(e, &entry.what)),
            moment: None,
        });
        let recipes: Vec<LogRow> = e
            .notes()
            .map(|(event, time_ms, l)| LogRow {
                step: *event,
                time_ms: *time_ms,
                text: LogText::Sim(l.clone()),
                moment: None,
            })
            .collect();
        // The quiet steps' rows (a step that logged nothing says which timer it handled),
        // not older than the oldest message shown.
        let first = e
            .log()
            .tail(LOG_LINES_SHOWN_MAX)
            .next()
            .map_or(0, |x| x.event);
        let quiet: Vec<LogRow> = match &self.runner.backend {
            Host::Ensemble(backend) => backend
                .quiet
                .iter()
                .filter(|q| q.event >= first)
                .map(|q| LogRow {
                    step: q.event,
                    time_ms: q.time_ms,
                    text: LogText::Ensemble(match q.what {
                        EnsembleQuiet::Timer { server, kind } => {
                            EnsembleLine::Timer { server, kind }
                        }
                        EnsembleQuiet::ClientTimer { client } => EnsembleLine::ClientTimer {
                            client: client_name(e, client),
                        },
                    }),
                    moment: None,
                })
                .collect(),
            _ => Vec::new(),
        };
        // ② and ③ have no line of their own: a row each, after the event's other rows.
        let own: Vec<LogRow> = e
            .moments()
            .iter()
            .filter(|m| !m.labels_line && m.step >= first)
            .map(|m| LogRow {
                step: m.step,
                time_ms: m.time_ms,
                text: super::log_view::own_line(client_name(e, m.client.0 as usize), m),
                moment: Some(m.moment),
            })
            .collect();
        // The recipes', the quiet steps' and the moments' lines among the messages, in event
        // order (a message's line comes before what its arrival made a recipe say).
        let mut rows: Vec<LogRow> = servers.collect();
        for mut extra in [recipes, quiet, own] {
            let latest = extra.split_off(extra.len().saturating_sub(LOG_LINES_SHOWN_MAX));
            rows = super::log_view::merge_by_step(rows, latest);
        }
        let skip = rows.len().saturating_sub(LOG_LINES_SHOWN_MAX);
        let mut rows = rows.split_off(skip);
        label_moments(e, &mut rows);
        rows
    }

    /// Whether server `id`'s own tree holds the znode (`None` without that server).
    pub fn server_has(&self, id: PeerId, path: &str) -> Option<bool> {
        let p = self.ensemble()?.peer(id)?;
        Some(p.server().tree().get(path).is_some())
    }

    /// How many committed transactions server `id` lacks against the most advanced server.
    pub fn server_behind(&self, id: PeerId) -> Option<usize> {
        self.ensemble()?
            .peer_views()
            .into_iter()
            .find(|p| p.id == id)
            .map(|p| p.behind)
    }
}

fn client_name(e: &EnsembleSim, c: usize) -> String {
    e.clients()
        .get(c)
        .map_or_else(|| format!("client {c}"), |ec| ec.client.name.clone())
}

fn line(e: &EnsembleSim, what: &EnsembleEvent) -> EnsembleLine {
    match what {
        EnsembleEvent::Peer { from, to, message } => EnsembleLine::Peer {
            from: *from,
            to: *to,
            summary: message.summary(),
        },
        EnsembleEvent::Client {
            client,
            server,
            to_server,
            summary,
        } => EnsembleLine::Client {
            client: client_name(e, *client),
            server: *server,
            to_server: *to_server,
            summary: summary.clone(),
        },
        EnsembleEvent::State {
            server,
            state,
            epoch,
        } => EnsembleLine::State {
            server: *server,
            state: *state,
            epoch: *epoch,
        },
        EnsembleEvent::Crashed { server } => EnsembleLine::Crashed { server: *server },
        EnsembleEvent::Started { server } => EnsembleLine::Started { server: *server },
        EnsembleEvent::Dropped { server, message } => EnsembleLine::Dropped {
            message: Box::new(line(e, message)),
            server: *server,
        },
    }
}

/// Marks the rows that are moments ①, ④ and ⑤ of a session start: the client's `Initiating`
/// line, the ConnectResponse reaching it and its watcher's `SyncConnected`, each the latest such
/// row at or before the event that recorded the moment.
fn label_moments(e: &EnsembleSim, rows: &mut [LogRow]) {
    use crate::sim::{LogLine, Moment};
    use crate::watch::KeeperState;
    let first = rows.first().map_or(0, |r| r.step);
    for m in e
        .moments()
        .iter()
        .filter(|m| m.labels_line && m.step >= first)
    {
        let name = client_name(e, m.client.0 as usize);
        let is_moment = |text: &LogText| match (m.moment, text) {
            (Moment::Initiating, LogText::Sim(LogLine::Initiating { client, .. })) => {
                *client == name
            }
            (
                Moment::SessionEstablished,
                LogText::Ensemble(EnsembleLine::Client {
                    client,
                    to_server: false,
                    summary: crate::sim::Summary::Established { .. },
                    ..
                }),
            ) => *client == name,
            (Moment::SyncConnected, LogText::Sim(LogLine::State { client, state })) => {
                *client == name && *state == KeeperState::SyncConnected
            }
            _ => false,
        };
        // The latest such row at or before the moment's event: a paused client reads its
        // ConnectResponse when it resumes, events after the row of its arrival.
        if let Some(row) = rows
            .iter_mut()
            .rev()
            .find(|r| r.step <= m.step && r.moment.is_none() && is_moment(&r.text))
        {
            row.moment = Some(m.moment);
        }
    }
}
