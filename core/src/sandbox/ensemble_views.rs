//! What the page shows of a sandbox that runs an ensemble: the servers in a ring (each one's
//! role, epoch, last zxid, log tail, lag, clients, faults), the messages between them, the
//! clients with their servers, where the event log's moments go, and which server's tree is
//! shown.

use super::*;
use crate::ensemble::PeerId;
use crate::script::ensemble_lines::ServerMode;
use crate::sim::ensemble::{EnsembleLine, PeerView};
use crate::sim::Sim;

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

impl Sandbox {
    /// The simulated ensemble, when the sandbox runs one.
    pub fn ensemble(&self) -> Option<&Sim> {
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
        let backend = &self.runner.backend;
        let e = backend.ensemble()?;
        let servers = e
            .peer_views()
            .into_iter()
            .map(|peer| ServerView {
                mode: backend.srvr(peer.id).mode,
                isolated: e.server_isolated(peer.id),
                delay_ms: e.server_delay_ms(peer.id),
                peer,
            })
            .collect::<Vec<ServerView>>();
        let voters = e.voter_count();
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
                let ec = &e.all_clients()[i];
                self.client_view(ec, e.client_partitioned(i), ec.connect.server)
            })
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
                client: e.client_label(m.client),
                to_server: m.to_server,
                server: Some(m.server),
                held: m.held,
                summary: m.summary,
                sent_ms: m.sent_ms,
                arrive_ms: m.arrive_ms,
            })
            .collect()
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

/// The ensemble's log rows (its latest lines) with a row for each quiet step (a step that
/// logged nothing says which timer it handled), then one for each of ② and ③, which have no
/// line of their own: each after the rows of its event.
pub(super) fn ensemble_log<'a>(
    e: &Sim,
    rows: Vec<LogRow>,
    quiet: impl Iterator<Item = &'a crate::sim::QuietStep>,
) -> Vec<LogRow> {
    let first = rows.first().map_or(0, |r| r.step);
    let rows = super::log_view::with_quiet_steps(rows, quiet);
    let own: Vec<LogRow> = e
        .moments()
        .iter()
        .filter(|m| !m.labels_line && m.step >= first)
        .map(|m| LogRow {
            step: m.step,
            time_ms: m.time_ms,
            text: super::log_view::own_line(e.client_label(m.client.0 as usize), m),
            moment: Some(m.moment),
        })
        .collect();
    let skip = own.len().saturating_sub(LOG_LINES_SHOWN_MAX);
    super::log_view::merge_by_step(rows, own.into_iter().skip(skip))
}

/// Marks the rows that are moments ①, ④ and ⑤ of a session start: the client's `Initiating`
/// line, the ConnectResponse reaching it and its watcher's `SyncConnected`, each the latest such
/// row at or before the event that recorded the moment.
pub(super) fn label_moments(e: &Sim, rows: &mut [LogRow]) {
    use crate::sim::{LogLine, Moment};
    use crate::watch::KeeperState;
    let first = rows.first().map_or(0, |r| r.step);
    for m in e
        .moments()
        .iter()
        .filter(|m| m.labels_line && m.step >= first)
    {
        let name = e.client_label(m.client.0 as usize);
        let is_moment = |text: &LogText| match (m.moment, text) {
            (Moment::Initiating, LogText::Sim(LogLine::Initiating { client, .. })) => {
                *client == name
            }
            (Moment::SessionEstablished, LogText::Sim(line)) => matches!(
                line.ensemble(),
                Some(EnsembleLine::Client {
                    client,
                    to_server: false,
                    summary: crate::sim::Summary::Established { .. },
                    ..
                }) if *client == name
            ),
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
