//! What the four-letter words read of one server of the world `zkplay serve` hosts
//! (`four_letter::FourLetterView`): its mode, zxid, tree, sessions, watches and ephemerals
//! from the simulation, its connections and counters from the host.

use zkplay_core::ensemble::PeerId;
use zkplay_core::server::Server;

use crate::serve::four_letter::{
    ConnectionSession, ConnectionView, FourLetterView, Latency, LeaderView, Mode, SessionView,
    ZKPLAY_VERSION,
};
use crate::serve::host::Host;
use crate::serve::Settings;

impl Host {
    /// Whether server `server` runs: a stopped one's port refuses connections.
    pub fn serves(&self, server: PeerId) -> bool {
        match self.sim.is_ensemble() {
            true => self.sim.peer(server).is_some_and(|p| p.is_up()),
            false => self.sim.server_up(),
        }
    }

    /// The server's tree and sessions, when it runs.
    pub(crate) fn server_tree(&self, server: PeerId) -> Option<&Server> {
        if self.sim.is_ensemble() {
            self.sim
                .peer(server)
                .filter(|p| p.is_up())
                .map(|p| p.server())
        } else {
            self.sim.server()
        }
    }

    fn mode(&self, server: PeerId) -> Mode {
        if !self.sim.is_ensemble() {
            return match self.sim.server_up() {
                true => Mode::Standalone,
                false => Mode::NotServing,
            };
        }
        match self.sim.serving_zxid(server) {
            None => Mode::NotServing,
            Some((true, _)) => Mode::Leader(LeaderView {
                proposal_size_last: -1,
                proposal_size_min: -1,
                proposal_size_max: -1,
                learners: self.sim.server_ids().len().saturating_sub(1) as u64,
                synced_followers: self.sim.voter_count().saturating_sub(1) as u64,
                synced_observers: (self.sim.server_ids().len() - self.sim.voter_count()) as u64,
                pending_syncs: 0,
                leader_uptime_ms: self.wall_ms(),
            }),
            Some(_) if self.sim.is_voter(server) => Mode::Follower,
            Some(_) => Mode::Observer {
                master_id: self.sim.peer(server).and_then(|p| p.leader()).unwrap_or(0),
            },
        }
    }

    /// What the four-letter words report of server `server`.
    pub fn four_letter_view(&self, settings: &Settings, server: PeerId) -> FourLetterView {
        let tree = self.server_tree(server);
        let epoch = settings.sim.server.epoch_ms;
        let now = epoch.saturating_add(self.wall_ms() as i64);
        let mut sessions = Vec::new();
        let mut ephemerals = Vec::new();
        let mut data_watches = Vec::new();
        let mut watch_count = 0;
        let mut node_count = 0;
        let mut approximate_data_size = 0;
        if let Some(s) = tree {
            for (id, timeout_ms) in s.sessions() {
                let expires = self
                    .sim
                    .session_expiry_ms(id)
                    .map_or(now, |at| epoch.saturating_add(at as i64));
                sessions.push(SessionView {
                    id: id.0,
                    timeout_ms,
                    expires_at_ms: expires,
                });
                let owned = s.tree().ephemerals_sorted(id);
                if !owned.is_empty() {
                    ephemerals.push((id.0, owned));
                }
            }
            let [data, child] = s.watches();
            watch_count = (data.len() + child.len()) as u64;
            data_watches = data.into_iter().map(|w| (w.session.0, w.path)).collect();
            // A quorum peer's tree counts one node more than it lists, as `srvr` shows.
            node_count = s.tree().len() as u64 + u64::from(self.sim.is_ensemble());
            approximate_data_size = s
                .tree()
                .iter()
                .map(|(p, n)| (p.len() + n.data.as_ref().map_or(0, |d| d.len())) as u64)
                .sum();
        }
        let connections = self
            .connections()
            .into_iter()
            .filter(|c| c.server == server)
            .map(|c| ConnectionView {
                remote: c.addr.to_string(),
                interest_ops: 1,
                queued: c.queued as u64,
                received: c.received,
                sent: c.sent,
                expires_at_ms: now,
                session: c.session.map(|s| ConnectionSession {
                    id: s.0,
                    last_operation: c.last_op.to_string(),
                    established_ms: epoch.saturating_add(c.established_ms as i64),
                    timeout_ms: tree.and_then(|t| t.session_timeout(s)).unwrap_or(0),
                    last_cxid: i64::from(c.last_cxid),
                    last_zxid: c.last_zxid,
                    last_response_ms: c.established_ms as i64,
                    last_latency_ms: 0,
                    latency: Latency::default(),
                }),
            })
            .collect();
        let (packets_received, packets_sent) = self.packets(server);
        FourLetterView {
            version: ZKPLAY_VERSION.to_string(),
            mode: self.mode(server),
            // An ensemble's server reports the zxid it processed last (a new epoch's first).
            zxid: match self.sim.serving_zxid(server) {
                Some((_, z)) if self.sim.is_ensemble() => z.0,
                _ => tree.map_or(0, |s| s.last_zxid().0),
            },
            node_count,
            // The simulated server answers as soon as a request arrives.
            latency: Latency {
                count: packets_received,
                ..Latency::default()
            },
            packets_received,
            packets_sent,
            outstanding_requests: 0,
            connections,
            data_watches,
            watch_count,
            ephemerals,
            sessions,
            approximate_data_size,
            uptime_ms: self.wall_ms(),
            conf: settings.config.conf_view(server).unwrap_or_default(),
            environment: environment(),
        }
    }
}

/// `envi`'s lines: the process's environment as ZooKeeper lists a JVM's.
fn environment() -> Vec<(String, String)> {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let dir = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    vec![
        ("zookeeper.version".into(), ZKPLAY_VERSION.into()),
        ("host.name".into(), var("HOSTNAME")),
        ("java.version".into(), "zkplay (Rust)".into()),
        ("os.name".into(), std::env::consts::OS.into()),
        ("os.arch".into(), std::env::consts::ARCH.into()),
        ("user.name".into(), var("USER")),
        ("user.home".into(), var("HOME")),
        ("user.dir".into(), dir),
    ]
}
