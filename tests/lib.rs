//! Test support: starts a real ZooKeeper 3.8 (Debian's `zookeeper` package) on 127.0.0.1 for
//! the conformance tests, one fresh server per script, stopped when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian installs ZooKeeper's jars.
const JAVA_DIR: &str = "/usr/share/java";
const JARS: &[&str] = &[
    "zookeeper.jar",
    "zookeeper-jute.jar",
    "netty-handler.jar",
    "netty-common.jar",
    "netty-buffer.jar",
    "netty-transport.jar",
    "netty-codec.jar",
    "netty-resolver.jar",
    "netty-transport-native-epoll.jar",
    "netty-transport-native-unix-common.jar",
    "slf4j-api.jar",
    "slf4j-nop.jar",
    "metrics-core.jar",
    "snappy-java.jar",
    "commons-cli.jar",
];

/// The tickTime the conformance server runs with (the engine's default matches what scripts see).
pub const TICK_TIME_MS: u32 = 2000;

/// Whether the real server can be started here (java and the jars present).
pub fn real_server_available() -> bool {
    Path::new(JAVA_DIR).join("zookeeper.jar").exists()
        && Command::new("java")
            .arg("-version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// A running ZooKeeper server process.
pub struct ZkServer {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(21810)
}

/// Asks the `srvr` four-letter word (allowed by default): the server answers with its mode
/// only once it serves sessions.
fn serving(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut c) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = c.set_read_timeout(Some(Duration::from_secs(2)));
    if c.write_all(b"srvr").is_err() {
        return false;
    }
    let mut out = String::new();
    let _ = c.read_to_string(&mut out);
    out.contains("Mode:")
}

impl ZkServer {
    /// Starts a fresh standalone server with an empty data directory.
    pub fn start() -> Result<ZkServer, String> {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("zkplay-zk-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let cfg = dir.join("zoo.cfg");
        std::fs::write(
            &cfg,
            format!(
                "tickTime={TICK_TIME_MS}\ndataDir={}\nclientPort={port}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\nmaxClientCnxns=0\n",
                dir.join("data").display()
            ),
        )
        .map_err(|e| e.to_string())?;
        let cp: Vec<String> = JARS.iter().map(|j| format!("{JAVA_DIR}/{j}")).collect();
        let child = Command::new("java")
            .args([
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dzookeeper.extendedTypesEnabled=true",
                "-Dznode.container.checkIntervalMs=100",
                "-Dzookeeper.admin.enableServer=false",
                "-cp",
                &cp.join(":"),
                "org.apache.zookeeper.server.ZooKeeperServerMain",
            ])
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start java: {e}"))?;
        let mut s = ZkServer { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if serving(port) {
                return Ok(s);
            }
            if let Ok(Some(status)) = s.child.try_wait() {
                return Err(format!("ZooKeeper exited: {status}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        s.stop();
        Err("ZooKeeper did not open its port within 30 s".into())
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for ZkServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The scenario scripts under `tests/scenarios`, sorted by name.
pub fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "zk"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The committed real-server transcript for a scenario.
pub fn golden_path(scenario: &Path) -> PathBuf {
    let name = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(format!("{name}.jsonl"))
}
