//! `zkplay serve`: the simulation as a ZooKeeper real programs connect to. One world (a
//! standalone server, or an ensemble of the zoo.cfg's `server.N` lines, each on its own client
//! port) whose clock follows the wall clock; each accepted socket is a client of it
//! (`conn.rs`, `host.rs`); control lines on standard input fault it while it runs
//! (`control.rs`). I/O is tokio's, on one thread: the world is one value, never shared
//! between threads.

pub mod config;
mod conn;
mod control;
mod data_dir;
pub mod four_letter;
mod host;
mod record;
mod view;

use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Notify;
use zkplay_core::ensemble::{EnsembleConfig, PeerId};
use zkplay_core::sim::ensemble::EnsembleSimConfig;
use zkplay_core::sim::{Sim, SimConfig};

use conn::Shared;
use host::Host;

/// What the server needs of its configuration, read from zoo.cfg and `-D` properties.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Each server's id and client address (one, id 0, for a standalone server).
    pub listen: Vec<(PeerId, SocketAddr)>,
    /// Whether the `server.N` lines make an ensemble.
    pub ensemble: Option<EnsembleConfig>,
    pub sim: SimConfig,
    /// `maxClientCnxns`: connections per address (0: no limit).
    pub max_client_cnxns: usize,
    pub config: config::ServeConfig,
    /// Whether control lines are read from standard input.
    pub control: bool,
    /// The ensemble's servers started with it (all when `None`), as a script's `ensemble …
    /// start=` line starts them.
    pub start: Option<Vec<PeerId>>,
    /// `--record FILE`: where the run is written as a script.
    pub record: Option<String>,
}

/// Control lines from inside the process (a test's), each answered on its own channel.
pub type ControlLines =
    tokio::sync::mpsc::UnboundedReceiver<(String, std::sync::mpsc::Sender<Result<(), String>>)>;

impl Settings {
    /// What a zoo.cfg (and `-D` properties) configure; `epoch_ms` is the wall clock at the
    /// start (ctime and mtime read as on a real server).
    pub fn from_config(config: config::ServeConfig, epoch_ms: i64) -> Result<Settings, String> {
        let mut server = config.server_config();
        server.epoch_ms = epoch_ms;
        server.super_digest = config.super_digest.clone();
        server.session_timeout_bounds_ms =
            Some((config.min_session_timeout_ms, config.max_session_timeout_ms));
        let sim = SimConfig {
            // Real sockets carry the programs' messages: the world adds no latency of its own.
            latency_ms_min: 0,
            latency_ms_max: 0,
            server: server.clone(),
            ..SimConfig::default()
        };
        let resolve = |a: &config::ClientAddress| -> Result<SocketAddr, String> {
            use std::net::ToSocketAddrs;
            (a.host.as_str(), a.port)
                .to_socket_addrs()
                .ok()
                .and_then(|mut i| i.next())
                .ok_or_else(|| format!("cannot resolve the client address {a}"))
        };
        let (listen, ensemble) = match &config.topology {
            config::Topology::Standalone { client } => (vec![(0, resolve(client)?)], None),
            config::Topology::Ensemble { members } => {
                let mut listen = Vec::new();
                for m in members {
                    listen.push((m.id, resolve(&m.client)?));
                }
                let role = |r: config::MemberRole| {
                    members
                        .iter()
                        .filter(|m| m.role == r)
                        .map(|m| m.id)
                        .collect()
                };
                let e = EnsembleConfig {
                    tick_time_ms: u64::from(config.tick_time_ms),
                    init_limit: u64::from(config.init_limit_ticks.unwrap_or(10)),
                    sync_limit: u64::from(config.sync_limit_ticks.unwrap_or(5)),
                    voters: role(config::MemberRole::Participant),
                    observers: role(config::MemberRole::Observer),
                    server,
                };
                (listen, Some(e))
            }
        };
        Ok(Settings {
            listen,
            ensemble,
            sim,
            max_client_cnxns: config.max_client_connections as usize,
            config,
            control: true,
            start: None,
            record: None,
        })
    }
}

/// The world the settings describe, its servers started.
fn world(settings: &Settings) -> Sim {
    match &settings.ensemble {
        None => Sim::new(settings.sim.clone()),
        Some(e) => {
            let mut c = EnsembleSimConfig::new(settings.sim.seed, e.clone());
            c.client_latency_ms = 0;
            let mut sim = Sim::ensemble(c);
            for (id, _) in settings.listen.iter().rev() {
                if settings.start.as_ref().is_none_or(|s| s.contains(id)) {
                    sim.start_peer(*id);
                }
            }
            sim
        }
    }
}

/// A recorded script's first lines: the clock where the run began, and the ensemble's line.
fn script_header(settings: &Settings) -> Vec<String> {
    let mut lines = vec![zkplay_core::script::clock::clock_line(
        settings.sim.server.epoch_ms,
    )];
    if let Some(e) = &settings.ensemble {
        let mut line =
            zkplay_core::script::ensemble_lines::EnsembleConfig::new(e.voters.len() as u32);
        line.observers = e.observers.len() as u32;
        line.tick_time_ms = u32::try_from(e.tick_time_ms).unwrap_or(u32::MAX);
        line.init_limit_ticks = u32::try_from(e.init_limit).unwrap_or(u32::MAX);
        line.sync_limit_ticks = u32::try_from(e.sync_limit).unwrap_or(u32::MAX);
        line.started = settings.start.clone();
        lines.push(line.to_string());
    }
    lines
}

/// The answer to a four-letter word sent to server `server`.
pub(crate) fn four_letter_answer(
    host: &Host,
    settings: &Settings,
    server: PeerId,
    word: &str,
) -> String {
    let view = host.four_letter_view(settings, server);
    four_letter::answer(word, &view, &settings.config.whitelist)
}

/// `zkplay serve [-Dname=value …] [ZOO_CFG]`, as `java … ZooKeeperServerMain zoo.cfg` is run.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut properties = Vec::new();
    let mut file = None;
    let mut record = None;
    let mut args = args.iter();
    while let Some(a) = args.next() {
        if a == "--record" {
            record = Some(args.next().ok_or("--record needs a FILE")?.clone());
        } else if a.starts_with("-D") {
            properties.push(config::SystemProperty::parse_arg(a).map_err(|e| e.to_string())?);
        } else if file.is_none() && !a.starts_with('-') {
            file = Some(a.clone());
        } else {
            return Err(format!("unexpected argument '{a}'"));
        }
    }
    let config = match &file {
        Some(f) => config::ServeConfig::read(f, &properties),
        None => config::ServeConfig::without_file(&properties),
    }
    .map_err(|e| e.to_string())?;
    let epoch_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let mut settings = Settings::from_config(config, epoch_ms)?;
    settings.record = record;
    run(settings)
}

/// Runs the server (forever: it stops when its process is stopped).
pub fn run(settings: Settings) -> Result<(), String> {
    run_with(settings, None)
}

/// Runs the server, taking control lines from `lines` too.
pub fn run_with(settings: Settings, lines: Option<ControlLines>) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the I/O runtime: {e}"))?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, serve(settings, lines))
}

async fn serve(settings: Settings, lines: Option<ControlLines>) -> Result<(), String> {
    let mut listeners = Vec::new();
    for (id, addr) in &settings.listen {
        let l = TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        listeners.push((*id, l));
    }
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mut secret = wall.as_nanos() as u64;
    let mut settings = settings;
    // A standalone server's data outlives its process in its dataDir (see `data_dir.rs`).
    let dir = (settings.ensemble.is_none() && !settings.config.data_dir.is_empty())
        .then(|| std::path::PathBuf::from(&settings.config.data_dir));
    let restored = match &dir {
        Some(d) => data_dir::read(d)?,
        None => None,
    };
    let wanted = data_dir::settings_line(&settings.sim.server);
    if let Some(r) = &restored {
        if r.settings.as_deref().is_some_and(|had| had != wanted) {
            return Err(format!(
                "the journal in dataDir {} was written with {}; this configuration says {}: \
                 start with the same settings to go on with its data, or with another dataDir",
                settings.config.data_dir,
                r.settings.as_deref().unwrap_or_default(),
                wanted
            ));
        }
    }
    let sim = match &restored {
        Some(r) => {
            // The old run's clock goes on: ctime, mtime and TTLs count from its start.
            settings.sim.server.epoch_ms = r.epoch_ms;
            secret = r.secret;
            eprintln!(
                "zkplay serve: restored {} journal entries from {}",
                r.entries.len(),
                settings.config.data_dir
            );
            let elapsed = (wall.as_millis() as i64).saturating_sub(r.epoch_ms).max(0);
            Sim::restored(settings.sim.clone(), &r.entries, elapsed as u64)
        }
        None => world(&settings),
    };
    let mut host = Host::new(sim, secret);
    if restored.is_some() {
        // The host's clock goes on from the world's (the old run's start, or later if the
        // wall clock was set back).
        let now = host.sim.now_ms();
        host.resume_clock_at(now);
    }
    if let Some(d) = &dir {
        host.sim.keep_server_journal();
        let epoch = settings.sim.server.epoch_ms;
        let valid_len = restored.as_ref().map(|r| r.valid_len);
        host.data_dir = Some(data_dir::DataDir::open(
            d, epoch, secret, &wanted, valid_len,
        )?);
    }
    host.reconfig_enabled = settings.config.reconfig_enabled;
    if let Some(path) = &settings.record {
        host.recorder = Some(record::Recorder::create(path, &script_header(&settings))?);
    }
    let shared = Rc::new(Shared {
        host: std::cell::RefCell::new(host),
        settings,
        bell: Notify::new(),
        per_ip: Default::default(),
    });
    for (id, addr) in &shared.settings.listen {
        eprintln!("zkplay serve: server {id} listening on {addr}");
    }
    for (id, listener) in listeners {
        tokio::task::spawn_local(accept(listener, id, shared.clone()));
    }
    if shared.settings.control {
        tokio::task::spawn_local(control::read_stdin(shared.clone()));
    }
    if let Some(lines) = lines {
        tokio::task::spawn_local(control::read_channel(shared.clone(), lines));
    }
    clock(shared).await;
    Ok(())
}

/// Accepts sockets for server `server`, each served by its own task.
async fn accept(listener: TcpListener, server: PeerId, shared: Rc<Shared>) {
    loop {
        let Ok((stream, addr)) = listener.accept().await else {
            // Out of descriptors, say: wait, then accept again.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let ip = addr.ip();
        let max = shared.settings.max_client_cnxns;
        // ZooKeeper counts every accepted socket against its address, handshake or not:
        // "Too many connections from /IP - max is N", and the socket is closed at once.
        let Some(counted) = conn::Counted::new(&shared, ip, max) else {
            eprintln!("zkplay serve: too many connections from {ip} - max is {max}");
            drop(stream);
            continue;
        };
        if !shared.host.borrow().serves(server) {
            // Nothing listens on a dead server's port: the connection is refused.
            drop(stream);
            continue;
        }
        let shared = shared.clone();
        tokio::task::spawn_local(async move {
            conn::serve(stream, addr, server, shared).await;
            drop(counted);
        });
    }
}

/// The world's clock: wakes at its next event (or when an input rang), and brings it to the
/// wall clock.
async fn clock(shared: Rc<Shared>) {
    loop {
        let wait = {
            let mut host = shared.host.borrow_mut();
            host.pump();
            let now = host.wall_ms();
            host.next_event_ms()
                .map_or(1000, |at| at.saturating_sub(now).min(1000))
        };
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
            _ = shared.bell.notified() => {}
        }
    }
}
