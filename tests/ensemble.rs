//! A real ZooKeeper 3.8 ensemble on loopback for the ensemble scenarios: one Debian
//! `QuorumPeerMain` process per server, each with its own `zoo.cfg`, ports and data directory;
//! servers start together or one by one, crash (`kill -9`), stop (SIGTERM), start again on
//! their data, and answer `srvr`. [`EnsembleBackend`] runs a script's lines on it. Every
//! process is killed and every directory removed when the ensemble is dropped (a failing test
//! unwinds through the drop too).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use zkplay_core::ensemble::PeerId;
use zkplay_core::script::LineError;

use zkplay_cli::live::LiveBackend;
use zkplay_core::request::{Request, Response};
use zkplay_core::script::backend::{Backend, ReceivedEvent};
use zkplay_core::script::ensemble_lines::{
    EnsembleConfig, ServerAction, ServerCommand, SrvrReport,
};
use zkplay_core::ZkError;

use crate::classpath;

/// The four-letter words the servers allow (`srvr` is what the scenarios use).
const FOUR_LETTER_WORDS: &str = "srvr,stat,ruok,mntr,conf";

/// One server of the ensemble.
struct Peer {
    id: PeerId,
    client_port: u16,
    dir: PathBuf,
    process: Option<Child>,
}

/// A running (or partly running) ensemble.
pub struct Ensemble {
    config: EnsembleConfig,
    dir: PathBuf,
    peers: Vec<Peer>,
}

/// `count` distinct free loopback ports (held open together, so none repeats).
pub fn free_ports(count: usize) -> Result<Vec<u16>, String> {
    let listeners: Vec<TcpListener> = (0..count)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("no free port: {e}"))?;
    listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())
}

impl Ensemble {
    /// Writes every server's configuration and starts the servers the line starts (all, or
    /// its `start=` list), without waiting for them: the script's `wait` lines do.
    pub fn start(config: &EnsembleConfig) -> Result<Ensemble, String> {
        let n = config.servers() as usize;
        let ports = free_ports(3 * n)?;
        let dir = std::env::temp_dir().join(format!(
            "zkplay-ensemble-{}-{}",
            std::process::id(),
            ports[0]
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let server_lines: String = (0..n)
            .map(|i| {
                let id = i as PeerId + 1;
                let role = if config.is_observer(id) {
                    ":observer"
                } else {
                    ""
                };
                format!(
                    "server.{id}=127.0.0.1:{}:{}{role}\n",
                    ports[3 * i + 1],
                    ports[3 * i + 2]
                )
            })
            .collect();
        let mut peers = Vec::with_capacity(n);
        for i in 0..n {
            let id = i as PeerId + 1;
            let peer_dir = dir.join(id.to_string());
            let data = peer_dir.join("data");
            std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
            std::fs::write(data.join("myid"), format!("{id}\n")).map_err(|e| e.to_string())?;
            let observer = if config.is_observer(id) {
                "peerType=observer\n"
            } else {
                ""
            };
            let cfg = format!(
                "tickTime={}\ninitLimit={}\nsyncLimit={}\ndataDir={}\nclientPort={}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\nmaxClientCnxns=0\n4lw.commands.whitelist={FOUR_LETTER_WORDS}\n{observer}{server_lines}",
                config.tick_time_ms,
                config.init_limit_ticks,
                config.sync_limit_ticks,
                data.display(),
                ports[3 * i],
            );
            std::fs::write(peer_dir.join("zoo.cfg"), cfg).map_err(|e| e.to_string())?;
            peers.push(Peer {
                id,
                client_port: ports[3 * i],
                dir: peer_dir,
                process: None,
            });
        }
        let mut e = Ensemble {
            config: config.clone(),
            dir,
            peers,
        };
        // Servers started together are launched highest myid first, each once its client
        // port is open (before its election begins), so every vote is in before any quorum
        // can form: the outcome of an ideal simultaneous start. JVMs launched at the same
        // instant on two cores are not simultaneous: a quorum of the early ones sometimes elects
        // before the last is up (`ZKPLAY_ENSEMBLE_START=simultaneous` does that, to measure it).
        let simultaneous =
            std::env::var("ZKPLAY_ENSEMBLE_START").is_ok_and(|v| v == "simultaneous");
        for id in (1..=config.servers()).rev() {
            if config.starts(id) {
                e.launch(id)?;
                if !simultaneous {
                    e.wait_for_port(id)?;
                }
            }
        }
        Ok(e)
    }

    /// Waits until server `id` accepts connections on its client port.
    fn wait_for_port(&mut self, id: PeerId) -> Result<(), String> {
        let addr = self.addr(id);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if std::net::TcpStream::connect(&addr).is_ok() {
                return Ok(());
            }
            if let Some(p) = &mut self.peer_mut(id)?.process {
                if let Ok(Some(status)) = p.try_wait() {
                    return Err(format!("server {id} exited: {status}"));
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        Err(format!(
            "server {id} did not open its client port within 30 s"
        ))
    }

    /// The client address of server `id`.
    pub fn addr(&self, id: PeerId) -> String {
        self.peer(id)
            .map(|p| format!("127.0.0.1:{}", p.client_port))
            .unwrap_or_default()
    }

    /// Every server's client address, myid order.
    pub fn addrs(&self) -> Vec<String> {
        (1..=self.config.servers())
            .map(|id| self.addr(id))
            .collect()
    }

    fn peer(&self, id: PeerId) -> Option<&Peer> {
        self.peers.iter().find(|p| p.id == id)
    }

    fn peer_mut(&mut self, id: PeerId) -> Result<&mut Peer, String> {
        self.peers
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| format!("no server {id}"))
    }

    /// Starts server `id`'s process on its data directory.
    pub fn launch(&mut self, id: PeerId) -> Result<(), String> {
        let peer = self.peer_mut(id)?;
        if let Some(p) = &mut peer.process {
            if matches!(p.try_wait(), Ok(None)) {
                return Err(format!("server {id} is already running"));
            }
        }
        let child = Command::new("java")
            .args([
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dzookeeper.admin.enableServer=false",
                "-cp",
                &classpath(),
                "org.apache.zookeeper.server.quorum.QuorumPeerMain",
            ])
            .arg(peer.dir.join("zoo.cfg"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start java: {e}"))?;
        peer.process = Some(child);
        Ok(())
    }

    /// Kills server `id` at once (SIGKILL) and waits until it is gone, so its sockets are
    /// closed when this returns.
    pub fn crash(&mut self, id: PeerId) -> Result<(), String> {
        let peer = self.peer_mut(id)?;
        let Some(mut p) = peer.process.take() else {
            return Err(format!("server {id} is not running"));
        };
        let _ = p.kill();
        let _ = p.wait();
        Ok(())
    }

    /// Stops server `id` cleanly (SIGTERM) and waits until it is gone.
    pub fn stop(&mut self, id: PeerId) -> Result<(), String> {
        let peer = self.peer_mut(id)?;
        let Some(mut p) = peer.process.take() else {
            return Err(format!("server {id} is not running"));
        };
        let pid = p.id().to_string();
        let terminated = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .is_ok_and(|s| s.success());
        if !terminated {
            let _ = p.kill();
        }
        let _ = p.wait();
        Ok(())
    }

    /// What `srvr` reports for server `id`.
    pub fn srvr(&self, id: PeerId) -> SrvrReport {
        zkplay_cli::srvr::srvr(&self.addr(id))
    }
}

impl Drop for Ensemble {
    fn drop(&mut self) {
        for p in &mut self.peers {
            if let Some(mut c) = p.process.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The processes of an ensemble's servers, as a script's server lines act on them: real
/// JVMs ([`Ensemble`]) or one `zkplay serve` ([`crate::serve_ensemble::ServeEnsemble`]).
pub trait ServerProcesses {
    /// Every server's client address, myid order.
    fn addrs(&self) -> Vec<String>;
    /// Does what `server K ACTION` says to server `id`.
    fn act(&mut self, id: PeerId, action: ServerAction) -> Result<(), String>;
}

impl ServerProcesses for Ensemble {
    fn addrs(&self) -> Vec<String> {
        Ensemble::addrs(self)
    }

    fn act(&mut self, id: PeerId, action: ServerAction) -> Result<(), String> {
        match action {
            ServerAction::Crash => self.crash(id),
            ServerAction::Stop => self.stop(id),
            ServerAction::Restart | ServerAction::Start => self.launch(id),
        }
    }
}

/// Starts the servers an `ensemble` line describes.
pub type Launcher = fn(&EnsembleConfig) -> Result<Box<dyn ServerProcesses>, String>;

fn launch_real(config: &EnsembleConfig) -> Result<Box<dyn ServerProcesses>, String> {
    Ok(Box::new(Ensemble::start(config)?))
}

/// Runs a script's lines on an ensemble of processes (real servers by default): its
/// `ensemble` line starts the servers, its
/// server lines act on them, its sessions are a [`LiveBackend`] in ensemble mode. Partitions
/// and delays are refused: loopback has no way to cut or slow one server's links without
/// firewall rules.
pub struct EnsembleBackend {
    launcher: Launcher,
    ensemble: Option<Box<dyn ServerProcesses>>,
    live: Option<LiveBackend>,
}

impl Default for EnsembleBackend {
    fn default() -> Self {
        EnsembleBackend::on(launch_real)
    }
}

impl EnsembleBackend {
    /// A backend whose `ensemble` line starts its servers with `launcher`.
    pub fn on(launcher: Launcher) -> EnsembleBackend {
        EnsembleBackend {
            launcher,
            ensemble: None,
            live: None,
        }
    }

    fn live(&mut self) -> Result<&mut LiveBackend, String> {
        self.live
            .as_mut()
            .ok_or_else(|| "an ensemble script begins with its 'ensemble N' line".to_string())
    }

    /// A connection failure that makes the transcript meaningless, if one happened.
    pub fn fatal(&self) -> Option<String> {
        self.live.as_ref().and_then(LiveBackend::fatal)
    }

    /// Closes the sessions still open and stops every server.
    pub fn shutdown(&mut self) {
        if let Some(l) = &mut self.live {
            l.shutdown();
        }
        self.ensemble = None;
    }
}

impl Drop for EnsembleBackend {
    fn drop(&mut self) {
        self.ensemble = None;
    }
}

impl Backend for EnsembleBackend {
    fn start_ensemble(&mut self, config: &EnsembleConfig) -> Result<(), LineError> {
        if self.ensemble.is_some() {
            return Err("the script has one ensemble line".to_string().into());
        }
        let e = (self.launcher)(config)?;
        let mut live = LiveBackend::ensemble(&e.addrs());
        live.start_ensemble(config)?;
        self.live = Some(live);
        self.ensemble = Some(e);
        Ok(())
    }

    fn server_command(&mut self, cmd: &ServerCommand) -> Result<Option<SrvrReport>, LineError> {
        let (Some(e), Some(live)) = (&mut self.ensemble, &mut self.live) else {
            return Err("an ensemble script begins with its 'ensemble N' line"
                .to_string()
                .into());
        };
        match cmd {
            ServerCommand::Act { server, action } => {
                // Other servers and clients are still reacting: the next line observes it.
                live.hold_connection_checks();
                e.act(*server, *action)
                    .map(|()| None)
                .map_err(LineError::Said)
            }
            ServerCommand::Partition { .. }
            | ServerCommand::Heal { .. }
            | ServerCommand::PartitionGroups { .. }
            | ServerCommand::Delay { .. } => Err(format!(
                "'{cmd}' is not reproduced on real servers (loopback cannot cut or slow one server's links without firewall rules)"
            )
            .into()),
            ServerCommand::Srvr { .. } | ServerCommand::Wait { .. } => live.server_command(cmd),
            ServerCommand::Stepwise(line) => self.server_command(line),
        }
    }

    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        self.live()?.open_session(name, timeout_ms)
    }
    fn open_session_on(
        &mut self,
        name: &str,
        timeout_ms: u32,
        server: Option<PeerId>,
    ) -> Result<(), LineError> {
        self.live()
            .map_err(LineError::Said)?
            .open_session_on(name, timeout_ms, server)
    }
    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        match &mut self.live {
            Some(l) => l.call(name, request),
            None => Err(ZkError::ConnectionLoss),
        }
    }
    fn close_session(&mut self, name: &str) -> Result<(), ZkError> {
        match &mut self.live {
            Some(l) => l.close_session(name),
            None => Err(ZkError::SessionExpired),
        }
    }
    fn expire_session(&mut self, name: &str) -> Result<(), ZkError> {
        match &mut self.live {
            Some(l) => l.expire_session(name),
            None => Err(ZkError::SessionExpired),
        }
    }
    fn sleep(&mut self, ms: u64) {
        match &mut self.live {
            Some(l) => l.sleep(ms),
            None => std::thread::sleep(std::time::Duration::from_millis(ms)),
        }
    }
    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        self.live
            .as_mut()
            .map(Backend::drain_events)
            .unwrap_or_default()
    }
    fn session_name(&self, session_id: i64) -> Option<String> {
        self.live.as_ref().and_then(|l| l.session_name(session_id))
    }
    fn zxid_base(&self) -> i64 {
        self.live.as_ref().map_or(0, Backend::zxid_base)
    }
    fn session_names(&self) -> Vec<String> {
        self.live
            .as_ref()
            .map(Backend::session_names)
            .unwrap_or_default()
    }
    fn absolute_zxids(&self) -> bool {
        true
    }
}

/// Runs an ensemble script on a fresh real ensemble and returns its JSON transcript; every
/// server is stopped before this returns.
pub fn record_ensemble(script: &str) -> Result<String, String> {
    record_ensemble_on(script, launch_real)
}

/// Runs an ensemble script on the servers `launcher` starts and returns its JSON transcript.
pub fn record_ensemble_on(script: &str, launcher: Launcher) -> Result<String, String> {
    let mut b = EnsembleBackend::on(launcher);
    let out = zkplay_cli::run_on(&mut b, script, zkplay_cli::Mode::Json);
    b.shutdown();
    match b.fatal() {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// What the comparison of ensemble transcripts ignores: server state-change lines
/// (`{"step":N,"server":K,"state":"LEADING",…}`), which the real servers do not expose to a
/// client (the model prints them; `srvr` lines are how both sides report a server).
pub fn comparable(transcript: &str) -> String {
    transcript
        .lines()
        .filter(|l| !(l.contains("\"server\":") && l.contains("\"state\":")))
        .map(|l| format!("{l}\n"))
        .collect()
}
