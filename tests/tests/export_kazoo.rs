//! Every scenario of the tutorial and of the case studies either exports to a Python program on
//! kazoo 2.11 that prints, against a real ZooKeeper 3.8 and against `zkplay serve`, the
//! transcript `zkplay run` prints for it (dates and session ids aside), or is refused for the
//! reason listed here: nothing is skipped silently.
//!
//! Needs kazoo's venv (`source scripts/setup.sh && setup_kazoo`: target/kazoo-venv and kazoo's
//! sdist under target/kazoo-src) and Debian's zookeeper; without them it skips, as the other
//! real-server tests do, unless ZKPLAY_REQUIRE_REAL_SERVER is set.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zkplay_cli::{run_text, Mode, Target};
use zkplay_core::export::{export, ExportError, Lang};
use zkplay_tests::{
    first_difference, normalize_cli_text, real_server_available, ZkServer, ZkplayServe,
};

/// The scenarios a kazoo program cannot express, and a word of why (the refusal must say it).
const REFUSED: &[(&str, &str)] = &[
    // Lessons.
    ("lesson first-session", "event by event"),
    ("lesson sessions-ephemerals", "network partition"),
    ("lesson watches-pubsub", "config-worker"),
    ("lesson election", "naive lock and election"),
    ("lesson lock", "GC pause"),
    ("lesson load-balancing", "lb-server"),
    ("lesson master-worker", "mw-master"),
    ("lesson quorums", "simulated ensemble"),
    ("lesson leader-election", "simulated ensemble"),
    ("lesson write-journey", "simulated ensemble"),
    ("lesson stale-read-sync", "simulated ensemble"),
    ("lesson leader-failover", "simulated ensemble"),
    ("lesson minority-partition", "simulated ensemble"),
    ("lesson lock-server-dies", "simulated ensemble"),
    ("lesson two-leaders", "simulated ensemble"),
    ("lesson partitioned-master", "simulated ensemble"),
    // Case studies: their systems are zkplay's own recipes.
    ("case hbase", "models of real systems"),
    ("case kafka", "models of real systems"),
    ("case solr", "models of real systems"),
    ("case fetching", "models of real systems"),
    ("case messages", "models of real systems"),
];

/// Every lesson's whole scenario (its setup and every step's "show me") and every case study's.
fn scenarios() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = zkplay_core::tutorial::lessons()
        .iter()
        .map(|l| {
            (
                format!("lesson {}", l.id),
                zkplay_core::tutorial::script_before(l, l.steps.len()),
            )
        })
        .collect();
    v.extend(
        zkplay_core::cases::CASES
            .iter()
            .map(|c| (format!("case {}", c.id), c.script.to_string())),
    );
    v
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// kazoo's venv's python and kazoo's sources, as scripts/setup.sh's `setup_kazoo` leaves them.
fn kazoo() -> Option<(PathBuf, PathBuf)> {
    let python = root().join("target/kazoo-venv/bin/python");
    let src = root().join("target/kazoo-src/kazoo-2.11.0");
    (python.exists() && src.join("kazoo/client.py").exists()).then_some((python, src))
}

/// What the program prints against `addr` (an error if it fails or runs over a minute).
fn run_program(kazoo: &(PathBuf, PathBuf), program: &Path, addr: &str) -> Result<String, String> {
    let mut child = Command::new(&kazoo.0)
        .arg(program)
        .arg(addr)
        .env("PYTHONPATH", &kazoo.1)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start python: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{} ran over a minute", program.display()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut out);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    if !status.success() {
        return Err(format!(
            "{} failed ({status}):\n{out}{err}",
            program.display()
        ));
    }
    Ok(out)
}

#[test]
fn every_scenario_exports_to_a_kazoo_program_that_prints_its_transcript_or_is_refused() {
    let started = Instant::now();
    let mut programs = Vec::new();
    let mut problems = Vec::new();
    for (name, script) in scenarios() {
        let refused = REFUSED.iter().find(|(n, _)| *n == name);
        match (export(&script, Lang::Python), refused) {
            (Ok(program), None) => programs.push((name, script, program)),
            (Ok(_), Some(_)) => problems.push(format!("{name}: exports, yet is listed as refused")),
            (Err(e @ ExportError::Unsupported { .. }), Some((_, why))) => {
                if !e.to_string().contains(why) {
                    problems.push(format!("{name}: refused, but not for '{why}': {e}"));
                }
            }
            (Err(e), _) => problems.push(format!("{name}: {e}")),
        }
    }
    for (listed, _) in REFUSED {
        if !scenarios().iter().any(|(n, _)| n == listed) {
            problems.push(format!("{listed}: listed as refused, but no such scenario"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        programs.len() >= 3,
        "only {} scenarios export",
        programs.len()
    );

    let Some(kazoo) = kazoo() else {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but kazoo's venv is missing (source scripts/setup.sh && setup_kazoo)"
        );
        eprintln!("skipped running the programs: kazoo's venv is missing (source scripts/setup.sh && setup_kazoo)");
        return;
    };
    let real = real_server_available();
    if !real {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but java or Debian's zookeeper is missing"
        );
        eprintln!("running against zkplay serve only: java or Debian's zookeeper is not installed");
    }
    let dir = std::env::temp_dir().join(format!("zkplay-export-kazoo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for the programs");
    for (name, script, program) in &programs {
        let file = dir.join(format!("{}.py", name.replace(' ', "_")));
        std::fs::write(&file, program).expect("write the program");
        let want = normalize_cli_text(
            &run_text(script, Mode::Text, &Target::Simulated).expect("zkplay run"),
        );
        let mut check = |against: &str, addr: String| match run_program(&kazoo, &file, &addr) {
            Ok(out) => {
                let out = normalize_cli_text(&out);
                if out != want {
                    problems.push(format!(
                        "{name} against {against}: {}",
                        first_difference(&want, &out)
                    ));
                }
            }
            Err(e) => problems.push(format!("{name} against {against}: {e}")),
        };
        let serve = ZkplayServe::start("").expect("zkplay serve");
        check("zkplay serve", serve.addr());
        drop(serve);
        if real {
            let server = ZkServer::start().expect("ZooKeeper");
            check("ZooKeeper 3.8", server.addr());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{} scenarios exported and ran, {} refused, in {:.1} s",
        programs.len(),
        REFUSED.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
