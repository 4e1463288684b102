//! An ensemble served by one `zkplay serve` in this process, for the ensemble scenarios'
//! client side: the zoo.cfg's `server.N` lines, each server on its own client port, and a
//! control line where the real harness used `kill` (`server K crash`, `server K start`…).

use zkplay_cli::serve::config::ServeConfig;
use zkplay_cli::serve::Settings;
use zkplay_core::ensemble::PeerId;
use zkplay_core::script::ensemble_lines::{EnsembleConfig, ServerAction};

use crate::ensemble::ServerProcesses;

/// The ensemble's servers in one `zkplay serve`.
pub struct ServeEnsemble {
    ports: Vec<u16>,
    control:
        tokio::sync::mpsc::UnboundedSender<(String, std::sync::mpsc::Sender<Result<(), String>>)>,
}

impl ServeEnsemble {
    /// Serves the servers an `ensemble` line describes, starting those it starts.
    pub fn start(config: &EnsembleConfig) -> Result<ServeEnsemble, String> {
        let n = config.servers() as usize;
        let ports = crate::ensemble::free_ports(3 * n)?;
        let servers: String = (0..n)
            .map(|i| {
                let id = i as PeerId + 1;
                let role = if config.is_observer(id) {
                    ":observer"
                } else {
                    ""
                };
                format!(
                    "server.{id}=127.0.0.1:{}:{}{role};127.0.0.1:{}\n",
                    ports[3 * i + 1],
                    ports[3 * i + 2],
                    ports[3 * i]
                )
            })
            .collect();
        let cfg = format!(
            "tickTime={}\ninitLimit={}\nsyncLimit={}\ndataDir=/tmp/zkplay-serve-ensemble\nmaxClientCnxns=0\n4lw.commands.whitelist=srvr,stat,ruok,mntr,conf\n{servers}",
            config.tick_time_ms, config.init_limit_ticks, config.sync_limit_ticks,
        );
        let parsed = ServeConfig::parse("zoo.cfg", &cfg, &[]).map_err(|e| e.to_string())?;
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let mut settings = Settings::from_config(parsed, epoch)?;
        settings.control = false;
        settings.start = Some(
            (1..=config.servers())
                .filter(|&id| config.starts(id))
                .collect(),
        );
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        std::thread::spawn(move || zkplay_cli::serve::run_with(settings, Some(rx)));
        let e = ServeEnsemble {
            ports: (0..n).map(|i| ports[3 * i]).collect(),
            control: tx,
        };
        // Every client port opens at once (a stopped server's refuses each connection).
        for p in &e.ports {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while std::net::TcpStream::connect(("127.0.0.1", *p)).is_err() {
                if std::time::Instant::now() > deadline {
                    return Err(format!("zkplay serve did not open port {p}"));
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
        Ok(e)
    }

    /// Applies a control line and waits for its outcome.
    pub fn control(&self, line: &str) -> Result<(), String> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.control
            .send((line.to_string(), tx))
            .map_err(|_| "zkplay serve has stopped".to_string())?;
        rx.recv()
            .map_err(|_| "zkplay serve has stopped".to_string())?
    }
}

impl ServerProcesses for ServeEnsemble {
    fn addrs(&self) -> Vec<String> {
        self.ports
            .iter()
            .map(|p| format!("127.0.0.1:{p}"))
            .collect()
    }

    fn act(&mut self, id: PeerId, action: ServerAction) -> Result<(), String> {
        self.control(&format!("server {id} {}", action.word()))
    }
}

/// Launches a `ServeEnsemble` for an ensemble backend.
pub fn launch(config: &EnsembleConfig) -> Result<Box<dyn ServerProcesses>, String> {
    Ok(Box::new(ServeEnsemble::start(config)?))
}
