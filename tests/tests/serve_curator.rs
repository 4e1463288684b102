//! Apache Curator 5.4 (Debian's libcurator-*-java) against `zkplay serve` prints what it prints
//! against a real ZooKeeper 3.8: `tests/curator/CuratorCheck.java` contends for an
//! InterProcessMutex, elects with a LeaderLatch, passes items through a DistributedQueue and
//! follows a CuratorCache, one line per outcome, and lists the znodes the recipes leave (then
//! the watches the recipes set, and the framework's own calls: transactions, TTL and
//! protected nodes, error codes). Each test runs the program once against a fresh real server
//! and once against a fresh `zkplay serve`, side by side.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use zkplay_tests::{first_difference, javac, real_server_available, ZkServer, ZkplayServe};

/// Where Debian installs the jars.
const JAVA_DIR: &str = "/usr/share/java";

/// The ZooKeeper client and what Curator needs beside it (Debian's Curator links Guava itself).
const JARS: &[&str] = &[
    "curator-recipes.jar",
    "curator-framework.jar",
    "curator-client.jar",
    "guava.jar",
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
];

fn classpath() -> String {
    let cp: Vec<String> = JARS.iter().map(|j| format!("{JAVA_DIR}/{j}")).collect();
    cp.join(":")
}

fn curator_available() -> bool {
    real_server_available()
        && JARS.iter().all(|j| Path::new(JAVA_DIR).join(j).exists())
        && Command::new("javac")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// Compiles the check program into `target/curator-classes` (once per process).
fn compile() -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| javac("curator/CuratorCheck.java", "curator-classes", &classpath()))
        .clone()
}

/// What the check program prints against the server at `addr` for `sections` (a FAIL line in
/// it, not an error, when a step went wrong or did not happen in time).
fn check(classes: &Path, addr: &str, sections: &[&str]) -> Result<String, String> {
    let out = Command::new("java")
        .args(["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"])
        .arg("-cp")
        .arg(format!("{}:{}", classpath(), classes.display()))
        .arg("CuratorCheck")
        .arg(addr)
        .args(sections)
        .output()
        .map_err(|e| format!("cannot start java: {e}"))?;
    let stdout = String::from_utf8(out.stdout).map_err(|e| e.to_string())?;
    if !stdout.ends_with("done\n") {
        return Err(format!(
            "CuratorCheck against {addr} stopped early ({}):\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

/// Runs `sections` against a fresh real ZooKeeper and a fresh `zkplay serve` side by side and
/// asserts they print the same.
fn same_against_both(sections: &'static [&'static str]) {
    if !curator_available() {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but Debian's zookeeper, libcurator-recipes-java or javac is missing"
        );
        eprintln!("skipped: Debian's zookeeper, libcurator-recipes-java or javac is not installed");
        return;
    }
    let classes = compile().expect("compile CuratorCheck");
    let real = {
        let classes = classes.clone();
        std::thread::spawn(move || {
            let server = ZkServer::start()?;
            check(&classes, &server.addr(), sections)
        })
    };
    let zkplay =
        ZkplayServe::start("").and_then(|server| check(&classes, &server.addr(), sections));
    let real = real
        .join()
        .expect("real-server thread")
        .expect("real ZooKeeper run");
    assert!(
        !real.contains("FAIL"),
        "CuratorCheck failed against the real ZooKeeper:\n{real}"
    );
    let zkplay = zkplay.expect("zkplay serve run");
    assert!(
        real == zkplay,
        "Curator against zkplay serve differs from the real ZooKeeper at {}\n\nzkplay printed:\n{zkplay}",
        first_difference(&real, &zkplay)
    );
}

#[test]
fn curator_recipes_against_zkplay_serve_print_what_they_print_against_zookeeper() {
    same_against_both(&[
        "mutex",
        "session-lock",
        "leader",
        "queue",
        "cache",
        "watches",
        "framework",
        // Curator's `watchers().remove(w)` (and CuratorCache's close) ask with checkWatches.
        "check-watches",
    ]);
}
