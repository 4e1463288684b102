//! Test support: starts a real ZooKeeper 3.8 (Debian's `zookeeper` package) on 127.0.0.1 for
//! the conformance tests, one fresh server per script, stopped when dropped.

pub mod ensemble;
pub mod java_backend;
pub mod serve_ensemble;

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

/// The `.zk` scripts in a folder of this crate, sorted by name (the folder must be there).
pub fn scripts_in(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the scenario folder {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "zk"))
        .collect();
    v.sort();
    v
}

/// The golden beside a script: `folder/<script's stem>.<extension>`.
fn golden_in(folder: &str, scenario: &Path, extension: &str) -> PathBuf {
    let name = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(folder)
        .join(format!("{name}.{extension}"))
}

/// The scenario scripts under `tests/scenarios`, sorted by name.
pub fn scenarios() -> Vec<PathBuf> {
    scripts_in("scenarios")
}

/// The committed real-server transcript for a scenario.
pub fn golden_path(scenario: &Path) -> PathBuf {
    golden_in("golden", scenario, "jsonl")
}

/// The ensemble scenario scripts under `tests/ensemble_scenarios`, sorted by name.
pub fn ensemble_scenarios() -> Vec<PathBuf> {
    scripts_in("ensemble_scenarios")
}

/// The committed transcript a real ensemble gave for an ensemble scenario.
pub fn ensemble_golden_path(scenario: &Path) -> PathBuf {
    golden_in("ensemble_golden", scenario, "jsonl")
}

/// At most this many outcomes are kept for one ensemble scenario.
pub const ENSEMBLE_OUTCOMES_MAX: usize = 8;

/// Every outcome real ensembles gave for an ensemble scenario, the most common first: its
/// golden, then `<stem>.outcome2.jsonl`, `<stem>.outcome3.jsonl`… for a scenario whose real
/// runs do not all agree (what timing decides, recorded with `zk-ensemble --outcomes`). The
/// list ends at the first number with no file.
pub fn ensemble_golden_outcomes(scenario: &Path) -> Vec<PathBuf> {
    let mut v = vec![ensemble_golden_path(scenario)];
    for k in 2..=ENSEMBLE_OUTCOMES_MAX {
        let p = ensemble_outcome_path(scenario, k);
        if !p.exists() {
            break;
        }
        v.push(p);
    }
    v
}

/// Where an ensemble scenario's outcome number `k` (from 2) is kept.
pub fn ensemble_outcome_path(scenario: &Path, k: usize) -> PathBuf {
    golden_in("ensemble_golden", scenario, &format!("outcome{k}.jsonl"))
}

/// The zkCli text scenarios under `tests/cli_scenarios`, sorted by name.
pub fn cli_scenarios() -> Vec<PathBuf> {
    scripts_in("cli_scenarios")
}

/// The committed transcript real zkCli printed for a text scenario.
pub fn cli_golden_path(scenario: &Path) -> PathBuf {
    golden_in("cli_golden", scenario, "txt")
}

/// A file's name, for messages.
pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The first line where two transcripts differ, with the lines before it, for a readable
/// failure (`expected` is the real system's).
pub fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (
            e.get(i).copied().unwrap_or("<none>"),
            a.get(i).copied().unwrap_or("<none>"),
        );
        if x != y {
            let from = i.saturating_sub(3);
            let context = e[from.min(e.len())..i.min(e.len())].join("\n    ");
            return format!(
                "line {}:\n    {context}\n  real:   {x}\n  zkplay: {y}",
                i + 1
            );
        }
    }
    "identical".into()
}

/// A golden recorder's command line: `[--record] [SCRIPT…]` (all of `default` when no script
/// is named).
pub fn recorder_args(default: fn() -> Vec<PathBuf>) -> (bool, Vec<PathBuf>) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let record = args.iter().any(|a| a == "--record");
    let files: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--") && a.parse::<u32>().is_err())
        .map(PathBuf::from)
        .collect();
    (record, if files.is_empty() { default() } else { files })
}

/// Compiles `tests/java/ZkCliRecorder.java` (once per process) and returns its class directory.
fn recorder_classes() -> Result<PathBuf, String> {
    static BUILT: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| javac("java/ZkCliRecorder.java", "zkcli-recorder", &classpath()))
        .clone()
}

/// Compiles `source` (relative to `tests/`) against `classpath` into `target/<classes>` and
/// returns that directory (callers keep the result once per process).
pub fn javac(source: &str, classes: &str, classpath: &str) -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../target"));
    let classes = target.join(classes);
    std::fs::create_dir_all(&classes).map_err(|e| e.to_string())?;
    let out = Command::new("javac")
        .arg("-d")
        .arg(&classes)
        .arg("-cp")
        .arg(classpath)
        .arg(root.join(source))
        .output()
        .map_err(|e| format!("cannot run javac: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "javac failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(classes)
}

/// ZooKeeper's client and server jars, as a class path.
pub fn classpath() -> String {
    let cp: Vec<String> = JARS.iter().map(|j| format!("{JAVA_DIR}/{j}")).collect();
    cp.join(":")
}

/// Runs a text scenario through the real zkCli (`ZooKeeperMain`, one per session) against the
/// server at `addr` and returns what it printed, in zkplay's transcript layout.
pub fn record_with_zkcli(addr: &str, scenario: &Path) -> Result<String, String> {
    let classes = recorder_classes()?;
    let out = Command::new("java")
        .args(["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"])
        .arg("-cp")
        .arg(format!("{}:{}", classpath(), classes.display()))
        .arg("ZkCliRecorder")
        .arg(addr)
        .arg(scenario)
        .output()
        .map_err(|e| format!("cannot start java: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "zkCli recorder failed on {}: {}{}",
            scenario.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

/// What may differ between two zkCli transcripts: dates (`ctime`/`mtime`) and session ids
/// (numbered in order of first appearance, so a wrong owner still shows).
pub fn normalize_cli_text(text: &str) -> String {
    let mut sessions: Vec<String> = Vec::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.starts_with("ctime = ") || line.starts_with("mtime = ") {
            out.push_str(&line[..8]);
            out.push_str("<date>");
        } else if let Some(id) = line.strip_prefix("ephemeralOwner = ") {
            out.push_str("ephemeralOwner = ");
            if id == "0x0" || !id.starts_with("0x") {
                out.push_str(id);
            } else {
                let k = match sessions.iter().position(|s| s == id) {
                    Some(k) => k,
                    None => {
                        sessions.push(id.to_string());
                        sessions.len() - 1
                    }
                };
                out.push_str(&format!("<session {k}>"));
            }
        } else if line.starts_with("ZooKeeper CLI version: ") {
            out.push_str("ZooKeeper CLI version: <build>");
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// `zkplay serve` in this process, on a free port of 127.0.0.1, configured as the real
/// conformance server is (its tickTime, TTL nodes on, containers checked every 100 ms); it
/// serves until the test process ends.
pub struct ZkplayServe {
    pub port: u16,
    control: ControlSender,
    dir: PathBuf,
}

/// Its dataDir goes with it (the server, which serves until the process ends, writes on to
/// the unlinked file).
impl Drop for ZkplayServe {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where a test sends `zkplay serve` its control lines.
type ControlSender =
    tokio::sync::mpsc::UnboundedSender<(String, std::sync::mpsc::Sender<Result<(), String>>)>;

impl ZkplayServe {
    /// Starts a standalone world; `extra` is more zoo.cfg lines.
    pub fn start(extra: &str) -> Result<ZkplayServe, String> {
        ZkplayServe::start_recording(extra, None)
    }

    /// Starts a standalone world that writes its run to `record` (`--record`).
    pub fn start_recording(extra: &str, record: Option<&Path>) -> Result<ZkplayServe, String> {
        use zkplay_cli::serve::config::{ServeConfig, SystemProperty};
        let port = free_port();
        // A fresh dataDir: a standalone server's data outlives its process there.
        let dir = std::env::temp_dir().join(format!("zkplay-serve-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let text = format!(
            "tickTime={TICK_TIME_MS}\ndataDir={}\nclientPort={port}\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\n4lw.commands.whitelist=*\n{extra}",
            dir.display()
        );
        let props: Vec<SystemProperty> = [
            "-Dzookeeper.extendedTypesEnabled=true",
            "-Dznode.container.checkIntervalMs=100",
        ]
        .iter()
        .map(|p| SystemProperty::parse_arg(p).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
        let config = ServeConfig::parse("zoo.cfg", &text, &props).map_err(|e| e.to_string())?;
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let mut settings = zkplay_cli::serve::Settings::from_config(config, epoch)?;
        settings.control = false;
        settings.record = record.map(|p| p.display().to_string());
        let (control, lines) = tokio::sync::mpsc::unbounded_channel();
        std::thread::spawn(move || zkplay_cli::serve::run_with(settings, Some(lines)));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if serving(port) {
                return Ok(ZkplayServe { port, control, dir });
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err("zkplay serve did not open its port within 10 s".into())
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Applies a control line (as typed on its standard input) and returns its outcome.
    pub fn control(&self, line: &str) -> Result<(), String> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.control
            .send((line.to_string(), tx))
            .map_err(|_| "zkplay serve has stopped".to_string())?;
        rx.recv()
            .map_err(|_| "zkplay serve has stopped".to_string())?
    }
}

/// The scenario whose live output depends on zkCli's own race (`ZKUtil.deleteInBatch` releases
/// its semaphore before it records a failed batch, so `deleteall /` may return before the
/// failure is seen), and the line that may be missing.
pub const RACY_SCENARIO: &str = "011_deleteall_root.zk";
pub const RACY_LINE: &str = "Failed to delete some node(s) in the subtree!";

/// A transcript without the racy line.
pub fn without_racy_line(text: &str) -> String {
    text.lines()
        .filter(|l| *l != RACY_LINE)
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A line for each moment two clients held one lock or led one election at once, in a
/// transcript's recipe status lines (`[client · kind] …`), in the order they were printed (a
/// holder prints "releasing" before it lets go): an exported program's and `zkplay run`'s.
pub fn two_holders(text: &str) -> String {
    let mut held: Vec<(String, String)> = Vec::new(); // (path, holder)
    let mut out = String::new();
    for line in text.lines() {
        let Some((who, what)) = line.strip_prefix('[').and_then(|l| l.split_once("] ")) else {
            continue;
        };
        let Some((client, kind)) = who.split_once(" · ") else {
            continue;
        };
        if kind != "lock" && kind != "election" {
            continue;
        }
        // A holder names its sequential node (zkplay's `c1-lock-0000000000`, Curator's and
        // kazoo's own) or the lock: the lock is the node's parent.
        let path = |p: &str| match p.rsplit_once('/') {
            Some((lock, node))
                if node.len() > 10 && node.bytes().rev().take(10).all(|b| b.is_ascii_digit()) =>
            {
                lock.to_string()
            }
            _ => p.to_string(),
        };
        if let Some(p) = what
            .strip_prefix("holds ")
            .or_else(|| what.strip_prefix("leader of "))
        {
            let p = path(p);
            if let Some((_, other)) = held.iter().find(|(q, _)| *q == p) {
                out.push_str(&format!("!! {client} and {other} both hold {p}\n"));
            }
            held.push((p, client.to_string()));
        } else if let Some(p) = what.strip_prefix("releasing ") {
            let p = path(p);
            held.retain(|(q, c)| !(*q == p && c == client));
        }
    }
    out
}
