//! What the page shows of the sandbox: the tree's rows, the selected znode, the client cards,
//! the recipe boards, the messages in flight, the log and each client's console. Each view is
//! computed here, so the front end only renders.

use super::*;

/// Everything the page shows of the sandbox that does not depend on what the user selected,
/// built once per change of the sandbox ([`Sandbox::revision`]) and read by every render until
/// the next: a render for a click, a key or the play timer builds nothing again. The lists are
/// shared (`Rc`), so handing them to components copies nothing and an unchanged list compares
/// equal at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub revision: u64,
    pub seed: u64,
    pub now_ms: u64,
    pub steps: u64,
    pub server_up: bool,
    pub clients: std::rc::Rc<Vec<ClientView>>,
    pub recipes: std::rc::Rc<Vec<RecipeView>>,
    pub violations: std::rc::Rc<Vec<crate::recipes::Violation>>,
    pub in_flight: std::rc::Rc<Vec<ClientMessageView>>,
    pub log: std::rc::Rc<Vec<LogRow>>,
    /// The ensemble's servers and the messages between them, when the sandbox runs one.
    pub ensemble: Option<std::rc::Rc<EnsembleView>>,
}

/// The longest data preview shown in the tree.
const PREVIEW_CHARS_MAX: usize = 24;

/// One znode as the tree view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeRow {
    pub path: String,
    pub name: String,
    pub depth: usize,
    pub kind: NodeKind,
    /// Whether the name ends in a ten-digit sequence number.
    pub sequential: bool,
    pub data_preview: String,
    pub has_children: bool,
    /// Whether the latest transaction created or changed it (or its children).
    pub just_changed: bool,
}

/// What kind of znode a row is; an ephemeral one names the session that owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Persistent,
    Ephemeral { owner: String },
    Container,
    Ttl,
}

impl NodeKind {
    /// The owning session's name, for an ephemeral node.
    pub fn owner(&self) -> Option<&str> {
        match self {
            NodeKind::Ephemeral { owner } => Some(owner),
            NodeKind::Persistent | NodeKind::Container | NodeKind::Ttl => None,
        }
    }
}

/// The selected znode in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDetail {
    pub path: String,
    pub data: Option<String>,
    pub stat: Stat,
    pub acl: Vec<String>,
    /// (session name, what kind of watch) for every watch on this path.
    pub watchers: Vec<(String, crate::watch::WatchKind)>,
}

/// A client as its card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientView {
    pub name: String,
    pub session_hex: Option<String>,
    pub timeout_ms: u32,
    pub state: crate::sim::ClientState,
    pub partitioned: bool,
    pub paused: bool,
    pub ephemerals: Vec<String>,
    pub watches: Vec<(String, crate::watch::WatchKind)>,
    /// On an ensemble, the server of its connection (or of its attempt).
    pub server: Option<crate::ensemble::PeerId>,
    /// The recipe roles its session runs, in the order they started, each with its status.
    pub roles: Vec<(crate::recipes::RecipeKind, crate::recipes::Status)>,
    /// The latest event delivered to it (a watch notification or a connection state change),
    /// and a number that changes whenever another lands (its place in the transcript; 0: none
    /// yet): the card flashes when it changes.
    pub last_event: Option<crate::watch::ClientEvent>,
    pub event_seq: usize,
    /// What it waits for an answer to: its oldest request sent or queued, and how many.
    pub pending: Option<crate::sim::RequestSummary>,
    pub pending_count: usize,
    /// In how many simulated seconds (rounded up) the server (on an ensemble, the leader) would
    /// expire its session if it heard nothing more from it; `None` when the server has no
    /// session for it. A crashed, partitioned or paused client's countdown runs down to its
    /// expiry. Whole seconds: a card changes once a second, not with every event (a page of
    /// 100 cards would otherwise draw them all again at every step).
    pub expires_in_s: Option<u64>,
    /// The moments ① to ⑤ of its latest session start (or reconnect) that have happened.
    pub handshake: Vec<crate::sim::Moment>,
}

/// A piece of a client's console: what zkCli printed, or the line zkplay adds when a recipe
/// role's status changes. `Display` is the console's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsolePart {
    /// zkCli's own output (prompts, results, `WATCHER::` blocks), as printed.
    Printed(String),
    /// A role of the session said something new.
    Recipe {
        session: String,
        kind: crate::recipes::RecipeKind,
        status: crate::recipes::Status,
    },
    /// zkplay's own line: a simulator line typed at the console, its output, a hint.
    Zkplay(super::Note),
}

impl std::fmt::Display for ConsolePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConsolePart::Printed(text) => f.write_str(text),
            ConsolePart::Recipe {
                session,
                kind,
                status,
            } => writeln!(f, "[{session} · {}] {status}", kind.name()),
            ConsolePart::Zkplay(note) => write!(f, "{note}"),
        }
    }
}

/// A message between a client and a server in flight, for the network view (the ring's
/// messages between servers are `sim::ensemble::PeerMessageView`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientMessageView {
    pub id: u64,
    pub client: String,
    pub to_server: bool,
    /// On an ensemble, the server at the other end.
    pub server: Option<crate::ensemble::PeerId>,
    /// A partition holds it (on an ensemble; the standalone network drops what it cuts).
    pub held: bool,
    pub summary: crate::sim::Summary,
    pub sent_ms: u64,
    pub arrive_ms: u64,
}

impl Sandbox {
    /// The console transcript, as zkCli would print it.
    pub fn console_text(&self) -> String {
        to_text(&self.runner.entries)
    }

    /// The console transcript of one client: its commands, results and events.
    pub fn console_for(&self, client: &str) -> String {
        let mine: Vec<_> = self
            .runner
            .entries
            .iter()
            .filter(|e| e.session.as_deref() == Some(client))
            .cloned()
            .collect();
        to_text(&mine)
    }

    /// The last `max_entries` transcript entries of one client (the console view).
    pub fn console_tail(&self, client: &str, max_entries: usize) -> String {
        to_text(&self.client_tail(client, max_entries))
    }

    /// The last `max_entries` transcript entries of one client, oldest first.
    fn client_tail(&self, client: &str, max_entries: usize) -> Vec<crate::script::Entry> {
        let mut mine: Vec<_> = self
            .runner
            .entries
            .iter()
            .rev()
            .filter(|e| e.session.as_deref() == Some(client))
            .take(max_entries)
            .cloned()
            .collect();
        mine.reverse();
        mine
    }

    /// Changes whenever the tree shown does (the server shown and its last zxid), so views of
    /// the tree can be cached.
    pub fn tree_version(&self) -> (u64, i64) {
        (
            self.viewed_server().unwrap_or(0),
            self.tree_server().map_or(-1, |s| s.last_zxid().0),
        )
    }

    pub fn seed(&self) -> u64 {
        self.runner.backend.sim().map_or(0, crate::sim::Sim::seed)
    }

    pub fn now_ms(&self) -> u64 {
        self.runner.backend.sim().map_or(0, crate::sim::Sim::now_ms)
    }

    /// What the latest `srvr K` asked (from any console or the command box) reported.
    pub fn last_srvr(
        &self,
        k: crate::ensemble::PeerId,
    ) -> Option<&crate::script::ensemble_lines::SrvrReport> {
        self.runner
            .entries
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                crate::script::EntryKind::Srvr { server, report } if *server == k => Some(report),
                _ => None,
            })
    }

    /// Simulation events so far (each delivery, timer and fault of the simulation).
    pub fn steps(&self) -> u64 {
        self.runner.backend.sim().map_or(0, crate::sim::Sim::steps)
    }

    /// Whether the server (on an ensemble, the one shown) is up.
    pub fn server_up(&self) -> bool {
        match self.runner.backend.standalone() {
            Some(sim) => sim.server_up(),
            None => self
                .viewed_server()
                .and_then(|id| self.ensemble()?.peer(id))
                .is_some_and(|p| p.is_up()),
        }
    }

    /// The server whose tree the views show: the standalone one, or the ensemble's chosen one.
    pub(crate) fn tree_server(&self) -> Option<&crate::server::Server> {
        match self.runner.backend.standalone() {
            Some(sim) => sim.server(),
            None => {
                let id = self.viewed_server()?;
                self.ensemble()?.peer(id).map(|p| p.server())
            }
        }
    }

    /// The views of this revision, built once.
    pub fn snapshot(&self) -> Snapshot {
        use std::rc::Rc;
        Snapshot {
            revision: self.revision(),
            seed: self.seed(),
            now_ms: self.now_ms(),
            steps: self.steps(),
            server_up: self.server_up(),
            clients: Rc::new(self.clients()),
            recipes: Rc::new(self.recipes()),
            violations: Rc::new(self.violations_once()),
            in_flight: Rc::new(self.in_flight()),
            log: Rc::new(self.log()),
            ensemble: self.ensemble_view().map(Rc::new),
        }
    }

    /// A name for the next spawned client: `c1`, `c2`, …
    pub fn next_client_name(&self) -> String {
        let taken = self.runner.backend.session_names();
        (1..)
            .map(|i| format!("c{i}"))
            .find(|n| !taken.contains(n))
            .unwrap_or_else(|| "c".into())
    }

    /// Every client, in the order they were opened.
    pub fn clients(&self) -> Vec<ClientView> {
        let Some(sim) = self.runner.backend.standalone() else {
            return self.ensemble_clients();
        };
        self.runner
            .backend
            .session_names()
            .iter()
            .filter_map(|n| sim.client(n))
            .map(|c| self.client_view(c, c.partitioned, None))
            .collect()
    }

    /// A client's card: its own state, its ephemerals in the tree shown, its watches and its
    /// recipe roles; `partitioned` and `server` as its network says.
    pub(super) fn client_view(
        &self,
        c: &crate::sim::Client,
        partitioned: bool,
        server: Option<crate::ensemble::PeerId>,
    ) -> ClientView {
        let empty = ClientWatches::default();
        let ephemerals = match (c.session, self.tree_server()) {
            (Some(s), Some(t)) => t.tree().ephemerals_sorted(s),
            _ => Vec::new(),
        };
        let (event_seq, last_event) = self
            .runner
            .entries
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, e)| {
                if e.session.as_deref() != Some(c.name.as_str()) {
                    return None;
                }
                let event = match &e.kind {
                    crate::script::EntryKind::Event { kind, path } => {
                        crate::watch::ClientEvent::Watch {
                            kind: *kind,
                            path: path.clone(),
                        }
                    }
                    crate::script::EntryKind::State(s) => crate::watch::ClientEvent::State(*s),
                    _ => return None,
                };
                Some((i + 1, Some(event)))
            })
            .unwrap_or((0, None));
        ClientView {
            pending_count: c.outstanding.len() + c.queued.len(),
            pending: c
                .outstanding
                .values()
                .chain(c.queued.iter().map(|(_, r)| r))
                .map(crate::sim::message::request_summary)
                .next(),
            expires_in_s: c
                .session
                .and_then(|s| self.session_expiry_ms(s))
                .map(|at| at.saturating_sub(self.now_ms()).div_ceil(1000)),
            handshake: self.handshake(c),
            last_event,
            event_seq,
            name: c.name.clone(),
            session_hex: c.session.map(|s| s.to_string()),
            timeout_ms: c.timeout_ms,
            state: c.shown_state(),
            partitioned,
            paused: c.is_paused(),
            ephemerals,
            watches: self.runner.client_watches(&c.name).unwrap_or(&empty).list(),
            server,
            roles: c
                .roles
                .iter()
                .map(|r| (r.kind(), r.status().clone()))
                .collect(),
        }
    }

    /// When the server that decides would expire session `s`: the standalone server, or the
    /// ensemble's leader.
    fn session_expiry_ms(&self, s: crate::stat::SessionId) -> Option<u64> {
        let sim = self.runner.backend.sim()?;
        match sim.is_ensemble() {
            false => sim.session_expiry_ms(s),
            true => sim
                .peers()
                .iter()
                .find_map(|p| p.is_up().then(|| p.session_expiry_ms(s)).flatten()),
        }
    }

    /// The moments ① to ⑤ of a client's latest session start or reconnect, in order: a
    /// moment no later than the one before begins a new attempt, and a connection lost takes
    /// its moments with it (a client waiting to try again has none lit, but ① of a session
    /// not yet established).
    fn handshake(&self, c: &crate::sim::Client) -> Vec<crate::sim::Moment> {
        use crate::sim::{ConnState, Moment};
        let mut seen: Vec<Moment> = Vec::new();
        for m in self.session_moments(&c.name) {
            if seen.last().is_some_and(|last| m.moment <= *last) {
                // Another attempt of a session not yet established is the same start: ①
                // stays.
                let starting = seen.first() == Some(&Moment::Initiating)
                    && !seen.contains(&Moment::SessionEstablished)
                    && m.moment != Moment::Initiating;
                seen.clear();
                if starting {
                    seen.push(Moment::Initiating);
                }
            }
            seen.push(m.moment);
        }
        if c.state == ConnState::Connecting {
            if seen.contains(&Moment::SessionEstablished) {
                seen.clear();
            }
            if c.reconnect_at_ms.is_some() {
                // Waiting to try again: no attempt is under way (① stays for a session not
                // yet established).
                seen.retain(|m| *m == Moment::Initiating);
            }
        }
        seen
    }

    /// Every moment of a client's session starts its world recorded, oldest first.
    pub(super) fn session_moments(&self, name: &str) -> Vec<&crate::sim::SessionMoment> {
        let Some(sim) = self.runner.backend.sim() else {
            return Vec::new();
        };
        let Some(id) = sim.client_id(name) else {
            return Vec::new();
        };
        sim.moments().iter().filter(|m| m.client == id).collect()
    }

    /// Every safety violation so far, each once: a violation repeated with the same details
    /// (a paused lock holder that wakes writes with its stale token, then writes again as its
    /// overdue hold ends: two stale writes, one story) is listed where it first happened.
    pub fn violations_once(&self) -> Vec<crate::recipes::Violation> {
        let mut once: Vec<crate::recipes::Violation> = Vec::new();
        for v in self.violations() {
            if !once
                .iter()
                .any(|o| o.property == v.property && o.detail == v.detail)
            {
                once.push(v);
            }
        }
        once
    }

    /// `n` fresh client names.
    pub fn next_client_names(&self, n: usize) -> Vec<String> {
        let taken = self.runner.backend.session_names();
        (1..)
            .map(|i| format!("c{i}"))
            .filter(|c| !taken.contains(c))
            .take(n)
            .collect()
    }

    /// Every safety violation so far.
    pub fn violations(&self) -> Vec<crate::recipes::Violation> {
        self.runner
            .backend
            .sim()
            .map_or_else(Vec::new, crate::sim::Sim::violations)
    }

    /// Completes the last word of a console line against the tree's paths (to the longest
    /// common prefix of the matches); `None` when there is nothing to add.
    pub fn complete(&self, line: &str) -> Option<String> {
        let Some(space) = line.rfind(' ') else {
            // The first word is a command name.
            return crate::script::cli::complete_command(line);
        };
        let start = space + 1;
        let word = &line[start..];
        if !word.starts_with('/') {
            return None;
        }
        let tree = self.tree_server()?.tree();
        let matches = tree.iter().map(|(p, _)| p).filter(|p| p.starts_with(word));
        let common = crate::script::cli::longest_common_prefix(matches)?;
        (common.len() > word.len()).then(|| format!("{}{common}", &line[..start]))
    }

    /// Every znode path, for completion.
    pub fn paths(&self) -> Vec<String> {
        self.tree_server()
            .map(|s| s.tree().iter().map(|(p, _)| p.to_string()).collect())
            .unwrap_or_default()
    }

    /// Messages travelling now, then those a partition holds (as on an ensemble).
    pub fn in_flight(&self) -> Vec<ClientMessageView> {
        let Some(sim) = self.runner.backend.standalone() else {
            return self.ensemble_client_messages();
        };
        let view = |m: crate::sim::InFlight<'_>, held: bool| ClientMessageView {
            id: m.id,
            client: sim.client_name(m.client).to_string(),
            to_server: m.to_server,
            server: None,
            held,
            summary: m.summary(),
            sent_ms: m.sent_ms,
            arrive_ms: m.arrive_ms,
        };
        let flying = sim.in_flight().into_iter().map(|m| view(m, false));
        let held = sim.held().map(|m| view(crate::sim::InFlight::of(m), true));
        flying.chain(held).collect()
    }

    /// One znode in full, with the sessions watching it.
    pub fn node(&self, path: &str) -> Option<NodeDetail> {
        use crate::watch::WatchKind;
        let backend = &self.runner.backend;
        let server = self.tree_server()?;
        let n = server.tree().get(path)?;
        let mut watchers = Vec::new();
        for (table, what) in server
            .watches()
            .iter()
            .zip([WatchKind::Data, WatchKind::Child])
        {
            for w in table.iter().filter(|w| w.path == path) {
                let who = backend
                    .session_name(w.session.0)
                    .unwrap_or_else(|| w.session.to_string());
                let kind = match w.mode {
                    crate::watch::WatchMode::Standard => what,
                    crate::watch::WatchMode::Persistent => WatchKind::Persistent,
                    crate::watch::WatchMode::PersistentRecursive => WatchKind::PersistentRecursive,
                };
                if !watchers.contains(&(who.clone(), kind)) {
                    watchers.push((who, kind));
                }
            }
        }
        Some(NodeDetail {
            path: path.to_string(),
            data: n
                .data
                .as_ref()
                .map(|d| String::from_utf8_lossy(d).into_owned()),
            stat: n.stat(),
            acl: n
                .acl
                .iter()
                .map(|a| format!("{}:{}:{}", a.id.scheme, a.id.id, perms_to_string(a.perms)))
                .collect(),
            watchers,
        })
    }

    /// Every znode in path order with its depth, for the tree view.
    pub fn tree_rows(&self) -> Vec<TreeRow> {
        let backend = &self.runner.backend;
        let Some(server) = self.tree_server() else {
            return Vec::new();
        };
        let last = server.last_zxid();
        server
            .tree()
            .iter()
            .map(|(path, node)| {
                let kind = match owner_kind(node.stat.ephemeral_owner) {
                    OwnerKind::Persistent => NodeKind::Persistent,
                    OwnerKind::Container => NodeKind::Container,
                    OwnerKind::Ttl(_) => NodeKind::Ttl,
                    OwnerKind::Ephemeral(s) => NodeKind::Ephemeral {
                        owner: backend.session_name(s.0).unwrap_or_else(|| s.to_string()),
                    },
                };
                let data = node
                    .data
                    .as_ref()
                    .map(|d| String::from_utf8_lossy(d).into_owned())
                    .unwrap_or_default();
                let mut data_preview: String = data.chars().take(PREVIEW_CHARS_MAX).collect();
                if data.chars().count() > PREVIEW_CHARS_MAX {
                    data_preview.push('…');
                }
                let name = if path == "/" {
                    "/".to_string()
                } else {
                    crate::path::name(path).to_string()
                };
                let sequential = name.len() >= 10
                    && name.is_char_boundary(name.len() - 10)
                    && name[name.len() - 10..].bytes().all(|b| b.is_ascii_digit());
                TreeRow {
                    has_children: !node.children.is_empty(),
                    just_changed: last > crate::stat::Zxid::ZERO
                        && (node.stat.mzxid == last
                            || node.stat.pzxid == last
                            || node.stat.czxid == last),
                    path: path.to_string(),
                    depth: if path == "/" {
                        0
                    } else {
                        path.matches('/').count()
                    },
                    name,
                    kind,
                    sequential,
                    data_preview,
                }
            })
            .collect()
    }
}
