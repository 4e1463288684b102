//! Every scenario of the tutorial and of the case studies either exports to a Python program on
//! kazoo 2.11 that prints, against a real ZooKeeper 3.8 and against `zkplay serve`, the
//! transcript `zkplay run` prints for it (dates and session ids aside), or is refused for the
//! reason listed here: nothing is skipped silently. A refused lesson's beginning, as far as a
//! program can follow it, runs too.
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
    file_name, first_difference, normalize_cli_text, real_server_available, scripts_in,
    two_holders, ZkServer, ZkplayServe,
};

/// The scenarios a kazoo program cannot express, and a word of why (the refusal must say it).
const REFUSED: &[(&str, &str)] = &[
    // Lessons.
    ("lesson first-session", "event by event"),
    ("lesson sessions-ephemerals", "network partition"),
    ("lesson election", "naive lock and election"),
    ("lesson lock", "GC pause"),
    ("lesson quorums", "simulated ensemble"),
    ("lesson leader-election", "simulated ensemble"),
    ("lesson write-journey", "simulated ensemble"),
    ("lesson stale-read-sync", "simulated ensemble"),
    ("lesson leader-failover", "simulated ensemble"),
    ("lesson minority-partition", "simulated ensemble"),
    ("lesson lock-server-dies", "simulated ensemble"),
    ("lesson two-leaders", "simulated ensemble"),
    ("lesson partitioned-master", "simulated ensemble"),
    ("lesson find-a-failure", "GC pause"),
    // Case studies whose every node runs for the coordinator: the simulation picks the winner.
    ("case kafka", "runs for the coordinator at once"),
    ("case solr", "runs for the coordinator at once"),
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

/// A lesson refused as a whole still runs as far as a program can follow it: its script up
/// to the start of the last step from which it exports (the page's export of a lesson under
/// way), when that has a step at all.
fn refused_lessons_up_to_their_refusal() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for lesson in zkplay_core::tutorial::lessons() {
        if export(
            &zkplay_core::tutorial::script_before(lesson, lesson.steps.len()),
            Lang::Python,
        )
        .is_ok()
        {
            continue;
        }
        let longest = (1..lesson.steps.len()).rev().find_map(|at| {
            let script = zkplay_core::tutorial::script_before(lesson, at);
            let program = export(&script, Lang::Python).ok()?;
            Some((
                format!("lesson {} up to step {}", lesson.id, at + 1),
                script,
                program,
            ))
        });
        out.extend(longest);
    }
    out
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

/// How long a program may run: a scenario lets a crashed client's session expire (a tick of
/// 40 s, twice in the master-worker lesson).
const PROGRAM_LIMIT: Duration = Duration::from_secs(180);

/// What the program prints against `addr` (an error if it fails or runs over PROGRAM_LIMIT).
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
    let deadline = Instant::now() + PROGRAM_LIMIT;
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{} ran over {} s",
                program.display(),
                PROGRAM_LIMIT.as_secs()
            ));
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

/// For a scenario that runs recipes, how the program's transcript differs from zkplay's, if
/// it does. The recipes' clients are threads racing on a real server, and kazoo's recipes
/// name their znodes and watch with watchers of their own, so this compares less than the
/// whole text: in order, the zkCli lines with their answers and the events of the sessions
/// that run no recipe; and the recipe lines as a sorted list, without the client that
/// printed each (which client takes which turn is the race), znode names as `<node>`, and
/// without what kazoo's recipes do not tell (whom a waiter watches, how many wait to enter,
/// a consumer's count so far). A view (what a load-balancing client sees of the servers and
/// their loads, the workers a master sees) changes as the other clients' writes reach it,
/// one by one in the program's race and in zkplay's simulated order: only each client's
/// last view is compared. A named client's names (`got id-… (2 of 3)`) are the race's too:
/// the counts are compared, and the names handed out as one sorted list.
fn recipes_differ(script: &str, want: &str, out: &str) -> Option<String> {
    let clients = recipe_clients(script);
    let (want_lines, want_recipes) = split_recipes(want, &clients);
    let (out_lines, out_recipes) = split_recipes(out, &clients);
    if want_lines != out_lines {
        return Some(first_difference(&want_lines, &out_lines));
    }
    (want_recipes != out_recipes).then(|| {
        format!("the recipe lines differ:\nzkplay run: {want_recipes:#?}\nthe program: {out_recipes:#?}")
    })
}

/// The clients of a script's `recipe KIND PATH on A,B,C …` lines.
fn recipe_clients(script: &str) -> Vec<String> {
    script
        .lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            match words.as_slice() {
                ["recipe", _, _, "on", who, ..] => Some(who.split(',').map(str::to_string)),
                _ => None,
            }
        })
        .flatten()
        .collect()
}

/// A transcript without the recipes' clients' events and recipe lines, and its recipe lines
/// as described above.
fn split_recipes(text: &str, clients: &[String]) -> (String, Vec<String>) {
    let mut lines = String::new();
    let mut recipes = Vec::new();
    let mut keep = true;
    let mut views: Vec<(String, String)> = Vec::new();
    let mut names = Vec::new();
    for line in text.lines() {
        if let Some((client, rest)) = line.split_once(" · ").filter(|_| line.starts_with('[')) {
            keep = false;
            if is_view(rest) {
                let client = client.trim_start_matches('[').to_string();
                views.retain(|(c, _)| *c != client);
                views.push((client, rest.to_string()));
                continue;
            }
            if let Some((name, count)) = rest
                .strip_prefix("naming] got ")
                .and_then(|r| r.split_once(' '))
            {
                names.push(name.to_string());
                recipes.push(format!("[naming] got <name> {count}"));
                continue;
            }
            let status = rest.split_whitespace().map(node_name).collect::<Vec<_>>();
            let status = status.join(" ");
            // What kazoo's recipes keep to themselves: whom a lock's or an election's waiter
            // waits for, and a double barrier's waiting (zkplay's own roles say all of theirs).
            let (kind, said) = status.split_once("] ").unwrap_or(("", status.as_str()));
            let untold = match kind {
                "lock" | "election" | "rwlock-read" | "rwlock-write" => &["waits for "][..],
                "double-barrier" => &["waits to enter", "leaving: waits for"][..],
                _ => &[][..],
            };
            if !untold.iter().any(|u| said.starts_with(u)) {
                let status = match status.split_once(" (") {
                    Some((s, _)) if status.ends_with(" consumed)") => s.to_string(),
                    _ => status,
                };
                recipes.push(format!("[{status}"));
            }
            continue;
        }
        if line.starts_with("[zk: ") {
            keep = true;
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            // A session's events (or an answer such as ls's, which no client name matches).
            keep = !clients.iter().any(|c| c == name);
        }
        if keep {
            lines.push_str(line);
            lines.push('\n');
        }
    }
    views.sort();
    recipes.extend(
        views
            .into_iter()
            .map(|(client, view)| format!("the last view of {client}: [{view}")),
    );
    if !names.is_empty() {
        names.sort();
        recipes.push(format!("the names handed out: {}", names.join(" ")));
    }
    recipes.sort();
    // Two holders at once is a line of its own, whatever the order of the others.
    recipes.extend(two_holders(text).lines().map(str::to_string));
    (lines, recipes)
}

/// Whether a recipe line (after its client's name) is a view: a load-balancing client's
/// servers, a master's workers.
fn is_view(line: &str) -> bool {
    line.starts_with("lb-client] ")
        || line.starts_with("mw-master] master · workers: ")
        || line == "mw-master] master · no workers: tasks wait"
}

/// A word of a recipe line with a znode's sequential name (`/locks/db/c1-lock-0000000001`,
/// kazoo's `/locks/db/…__lock__0000000001`) as `<node>`.
fn node_name(word: &str) -> String {
    let last = word.rsplit('/').next().unwrap_or(word);
    let sequential = word.contains('/')
        && last.len() > 10
        && last[last.len() - 10..].bytes().all(|b| b.is_ascii_digit());
    if sequential {
        "<node>".to_string()
    } else {
        word.to_string()
    }
}

/// kazoo's venv, or `None` after saying why the programs do not run (a failure instead when
/// ZKPLAY_REQUIRE_REAL_SERVER is set).
fn kazoo_or_skip() -> Option<(PathBuf, PathBuf)> {
    let found = kazoo();
    if found.is_none() {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but kazoo's venv is missing (source scripts/setup.sh && setup_kazoo)"
        );
        eprintln!("skipped running the programs: kazoo's venv is missing (source scripts/setup.sh && setup_kazoo)");
    }
    found
}

/// A fresh folder for one test's programs.
fn programs_dir(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("zkplay-export-kazoo-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for the programs");
    dir
}

/// Runs a scenario's program against `addr` and says how what it prints differs from what
/// `zkplay run` prints, if it does.
fn differs(
    kazoo: &(PathBuf, PathBuf),
    dir: &Path,
    name: &str,
    script: &str,
    program: &str,
    against: &str,
    addr: &str,
) -> Option<String> {
    let file = dir.join(format!("{}.py", name.replace([' ', '/'], "_")));
    std::fs::write(&file, program).expect("write the program");
    let want =
        normalize_cli_text(&run_text(script, Mode::Text, &Target::Simulated).expect("zkplay run"));
    let out = match run_program(kazoo, &file, addr) {
        Ok(out) => normalize_cli_text(&out),
        Err(e) => return Some(format!("{name} against {against}: {e}")),
    };
    let runs_recipes = script
        .lines()
        .any(|l| l.trim_start().starts_with("recipe "));
    let difference = if runs_recipes {
        recipes_differ(script, &want, &out)
    } else {
        (out != want).then(|| first_difference(&want, &out))
    };
    difference.map(|d| format!("{name} against {against}: {d}"))
}

/// The suite's scenarios whose program runs but whose transcript is not compared: the
/// simulation settles a race between its clients its own way (by its seed, or in the order the
/// clients are named), which the program's threads do not follow, and a later `crash` tells
/// the two apart.
const RACES: &[(&str, &str)] = &[
    (
        "08_lock_handoff.zk",
        "its contenders queue for the lock in the order their threads' creates reach the server; zkplay queues a, b, c, and `crash a` ends the holder only when a queued first",
    ),
    (
        "17_master_worker.zk",
        "its seed lets m2 win the race for /mw/master; the program starts its first-named client, m1, first, so `crash m1` ends the master in the program and a backup in zkplay; and its `tick 300` crashes w1 100 ms before its 400 ms task ends, closer than the program's wait for quiet (0.1 s) keeps to",
    ),
];

/// The suite's own scenarios (the conformance, zkCli and simulation folders) reach further
/// than the tutorial's: each one that exports prints its transcript on `zkplay serve` (whose
/// transcripts the conformance tests hold to the real server's), and with
/// ZKPLAY_EXPORT_REAL_ALL=1 on a real ZooKeeper 3.8 too.
#[test]
fn the_suite_s_scenarios_that_export_print_their_transcripts_on_zkplay_serve() {
    let started = Instant::now();
    let Some(kazoo) = kazoo_or_skip() else {
        return;
    };
    let files: Vec<PathBuf> = ["scenarios", "cli_scenarios", "sim_scenarios"]
        .into_iter()
        .flat_map(scripts_in)
        .collect();
    // A fresh ZooKeeper (a JVM) per scenario takes seconds: the real server runs them on
    // request only.
    let real = std::env::var_os("ZKPLAY_EXPORT_REAL_ALL").is_some() && real_server_available();
    let dir = programs_dir("suite");
    let mut problems = Vec::new();
    let mut exported = 0;
    for file in &files {
        let name = file_name(file);
        let script = std::fs::read_to_string(file).expect("read scenario");
        let Ok(program) = export(&script, Lang::Python) else {
            continue;
        };
        exported += 1;
        if let Some((_, why)) = RACES.iter().find(|(n, _)| *n == name) {
            // It runs to its end; what it prints is not compared.
            let serve = ZkplayServe::start("").expect("zkplay serve");
            let file = dir.join(format!("{name}.py"));
            std::fs::write(&file, &program).expect("write the program");
            if let Err(e) = run_program(&kazoo, &file, &serve.addr()) {
                problems.push(format!("{name} against zkplay serve: {e}"));
            }
            eprintln!("{name}: ran, not compared: {why}");
            continue;
        }
        let serve = ZkplayServe::start("").expect("zkplay serve");
        problems.extend(differs(
            &kazoo,
            &dir,
            &name,
            &script,
            &program,
            "zkplay serve",
            &serve.addr(),
        ));
        drop(serve);
        if real {
            let server = ZkServer::start().expect("ZooKeeper");
            problems.extend(differs(
                &kazoo,
                &dir,
                &name,
                &script,
                &program,
                "ZooKeeper 3.8",
                &server.addr(),
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{exported} of the suite's {} scenarios exported and ran in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        exported >= 30,
        "only {exported} of the suite's scenarios export"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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
    programs.extend(refused_lessons_up_to_their_refusal());

    let Some(kazoo) = kazoo_or_skip() else {
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
    let dir = programs_dir("tutorial");
    let real_dir = dir.join("real");
    std::fs::create_dir_all(&real_dir).expect("a folder for the programs");
    for (name, script, program) in &programs {
        // The program runs on both servers at once: most of its time is its own ticks.
        let (on_serve, on_real) = std::thread::scope(|s| {
            let on_real = real.then(|| {
                s.spawn(|| {
                    let server = ZkServer::start().expect("ZooKeeper");
                    differs(
                        &kazoo,
                        &real_dir,
                        name,
                        script,
                        program,
                        "ZooKeeper 3.8",
                        &server.addr(),
                    )
                })
            });
            let serve = ZkplayServe::start("").expect("zkplay serve");
            let on_serve = differs(
                &kazoo,
                &dir,
                name,
                script,
                program,
                "zkplay serve",
                &serve.addr(),
            );
            drop(serve);
            let on_real = on_real.map(|h| h.join().expect("the run on ZooKeeper"));
            (on_serve, on_real.flatten())
        });
        problems.extend(on_serve);
        problems.extend(on_real);
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{} scenarios (or refused lessons' beginnings) exported and ran ({}), {} refused, in {:.1} s",
        programs.len(),
        programs
            .iter()
            .map(|(name, _, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        REFUSED.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
