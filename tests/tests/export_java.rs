//! "Any scenario as code", Java: every scenario of the tutorial and of the case studies (and,
//! for more of the client API, the conformance and simulation scenarios) is exported with
//! `--lang java`; each program the exporter writes is compiled with Debian's ZooKeeper 3.8 jars
//! and run against a fresh real ZooKeeper 3.8 and against a fresh `zkplay serve`, and must print
//! what `zkplay run` prints (dates and session ids aside). With `--lang curator` the same for the
//! scenarios that run recipes (and tests/export_scenarios, which run Curator's recipes and the
//! book's roles the exporter writes on Curator's framework, one client a line where several
//! would race), compared on each client's recipe status lines. A scenario the exporter refuses is
//! listed below with its reason, and the test checks it is refused for that reason: nothing is
//! skipped in silence.
//! `ZKPLAY_EXPORT_ONLY=TEXT` runs only the programs whose scenario's name contains TEXT.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use zkplay_cli::{run_text, Mode, Target};
use zkplay_core::export::{export, Lang};
use zkplay_tests::{
    classpath, file_name, first_difference, normalize_cli_text, real_server_available, scripts_in,
    two_holders, ZkServer, ZkplayServe,
};

/// The scenarios plain Java cannot express, each with (a part of) the reason the exporter
/// gives.
const REFUSED: &[(&str, &str)] = &[
    ("lesson first-session", "'step' advances the simulation"),
    ("lesson sessions-ephemerals", "a network partition"),
    (
        "lesson watches-pubsub",
        "zkplay's recipes run inside the simulation",
    ),
    ("lesson election", "zkplay's recipes"),
    ("lesson lock", "zkplay's recipes"),
    ("lesson queue", "zkplay's recipes"),
    ("lesson load-balancing", "zkplay's recipes"),
    ("lesson master-worker", "zkplay's recipes"),
    ("lesson quorums", "an ensemble's servers are simulated"),
    ("lesson leader-election", "an ensemble's servers"),
    ("lesson write-journey", "an ensemble's servers"),
    ("lesson stale-read-sync", "an ensemble's servers"),
    ("lesson leader-failover", "an ensemble's servers"),
    ("lesson minority-partition", "an ensemble's servers"),
    ("lesson lock-server-dies", "an ensemble's servers"),
    ("lesson two-leaders", "an ensemble's servers"),
    ("lesson partitioned-master", "an ensemble's servers"),
    ("lesson find-a-failure", "zkplay's recipes"),
    ("case hbase", "zkplay's recipes"),
    ("case kafka", "zkplay's recipes"),
    ("case solr", "zkplay's recipes"),
    ("case fetching", "zkplay's recipes"),
    ("case messages", "zkplay's recipes"),
    ("scenario 029_container.zk", "zkCli refuses this line"),
    ("scenario 030_ttl.zk", "zkCli refuses this line"),
    (
        "scenario 034_acl_invalid.zk",
        "zkCli complains about this ACL text",
    ),
    ("scenario 045_cli_errors.zk", "does not parse"),
    ("scenario 050_version_edges.zk", "zkCli refuses this line"),
    ("sim 01_short_partition_survives.zk", "a network partition"),
    ("sim 02_long_partition_expires.zk", "a network partition"),
    ("sim 04_gc_pause.zk", "a GC pause"),
    (
        "sim 05_server_restart.zk",
        "stopping or starting the server",
    ),
    ("sim 06_slow_link_and_stepping.zk", "a network delay"),
    ("sim 07_script_errors.zk", "does not parse"),
    ("sim 08_lock_handoff.zk", "zkplay's recipes"),
    ("sim 09_election_herd.zk", "zkplay's recipes"),
    ("sim 10_gc_pause_unsafe.zk", "zkplay's recipes"),
    ("sim 11_gc_pause_fenced.zk", "zkplay's recipes"),
    ("sim 12_queue.zk", "zkplay's recipes"),
    ("sim 13_rwlock.zk", "zkplay's recipes"),
    ("sim 14_barriers.zk", "zkplay's recipes"),
    ("sim 15_config_pubsub.zk", "zkplay's recipes"),
    ("sim 16_naming_and_lb.zk", "zkplay's recipes"),
    ("sim 17_master_worker.zk", "zkplay's recipes"),
    ("export lock_and_election.zk", "zkplay's recipes"),
    ("export master_worker.zk", "zkplay's recipes"),
    ("export naming_and_lb.zk", "zkplay's recipes"),
    ("export rounds.zk", "zkplay's recipes"),
];

/// How many programs run at once (each waits mostly in real time: sleeps, session expiry).
const PARALLEL: usize = 4;

/// Every scenario: the lessons' (their setup and every "show me"), the case studies', the
/// conformance scenarios and the simulation scenarios, by name.
fn all_scenarios() -> Vec<(String, String)> {
    use zkplay_core::tutorial::{lessons, script_before};
    let mut v: Vec<(String, String)> = lessons()
        .iter()
        .map(|l| (format!("lesson {}", l.id), script_before(l, l.steps.len())))
        .collect();
    v.extend(
        zkplay_core::cases::CASES
            .iter()
            .map(|c| (format!("case {}", c.id), c.script.to_string())),
    );
    for (label, dir) in [
        ("scenario", "scenarios"),
        ("sim", "sim_scenarios"),
        ("export", "export_scenarios"),
    ] {
        for f in scripts_in(dir) {
            let name = file_name(&f);
            let text = std::fs::read_to_string(&f).expect("read scenario");
            v.push((format!("{label} {name}"), text));
        }
    }
    v
}

/// Whether a scenario runs a recipe (Curator's exporter refuses the others: they are Java's).
fn runs_recipes(script: &str) -> bool {
    use zkplay_core::script::parse::{parse_script, SimCommand, StepKind};
    parse_script(script)
        .iter()
        .any(|s| matches!(s.kind, StepKind::Sim(SimCommand::Recipe { .. })))
}

/// The scenarios the exporter writes in `lang`, with their programs; the refused ones checked
/// against `listed` (for Curator, a scenario without a recipe is refused as Java's).
fn exported(lang: Lang, listed: &[(&str, &'static str)]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let all = all_scenarios();
    for (name, _) in listed {
        if !all.iter().any(|(n, _)| n == name) {
            problems.push(format!(
                "{name}: listed as refused but there is no such scenario"
            ));
        }
    }
    for (name, script) in all {
        let refused = listed
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, w)| *w)
            .or_else(|| {
                (lang == Lang::Curator && !runs_recipes(&script)).then_some("runs no recipe")
            });
        match (export(&script, lang), refused) {
            (Ok(program), None) => out.push((name, script, program)),
            (Ok(_), Some(why)) => problems.push(format!(
                "{name}: exported, but listed as refused ({why}): take it off the list"
            )),
            (Err(e), Some(why)) if e.to_string().contains(why) => {}
            (Err(e), _) => problems.push(format!("{name}: refused: {e}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} as {}:\n{}",
        problems.len(),
        lang.name(),
        problems.join("\n")
    );
    out
}

#[test]
fn the_exporter_refuses_exactly_the_listed_scenarios_for_their_reasons() {
    let curator = exported(Lang::Curator, CURATOR_REFUSED);
    assert!(
        curator.iter().any(|(n, _, _)| n == "sim 14_barriers.zk"),
        "the barriers do not export with Curator"
    );
    let written = exported(Lang::Java, REFUSED);
    assert!(
        written.len() >= 40,
        "only {} scenarios export",
        written.len()
    );
    for lesson in ["lesson znodes-stat", "lesson sequential", "lesson multi"] {
        assert!(
            written.iter().any(|(n, _, _)| n == lesson),
            "{lesson} does not export"
        );
    }
}

fn java_available() -> bool {
    if real_server_available() {
        return true;
    }
    assert!(
        std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
        "ZKPLAY_REQUIRE_REAL_SERVER is set but java or Debian's zookeeper jars are missing"
    );
    eprintln!("skipped: java or Debian's zookeeper package (its client jars) is not installed");
    false
}

/// The transcript as compared: [`normalize_cli_text`], and the watch-removed events one
/// `removeWatches` delivers in sorted order (the Java client hands them over from a `HashMap`
/// keyed by event type, in no fixed order; zkplay's order is the real zkCli's of one run).
fn normalize(text: &str) -> String {
    let mut lines: Vec<String> = normalize_cli_text(text)
        .lines()
        .map(str::to_string)
        .collect();
    let removed = |l: &str| l.starts_with("WatchedEvent ") && l.contains("WatchRemoved path:");
    let mut i = 0;
    while i < lines.len() {
        // A run of events, each after "", "WATCHER::", "" (one WATCHER block after another).
        let mut run = vec![i];
        while removed(&lines[i]) {
            let next = run[run.len() - 1] + 4;
            let between = next < lines.len()
                && lines[next - 3].is_empty()
                && lines[next - 2] == "WATCHER::"
                && lines[next - 1].is_empty();
            if !(between && removed(&lines[next])) {
                break;
            }
            run.push(next);
        }
        let mut events: Vec<String> = run.iter().map(|&k| lines[k].clone()).collect();
        events.sort();
        for (&k, e) in run.iter().zip(events) {
            lines[k] = e;
        }
        i = run[run.len() - 1] + 1;
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// A program's class once compiled with the others: `Scenario` renamed after the scenario,
/// so that one javac compiles them all (a JVM start each would cost minutes).
fn class_name(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("Scenario_{slug}")
}

/// Compiles every program (name, program) in one javac into `target/export-<folder>`.
fn compile_all(programs: &[(&str, &str)], cp: &str, folder: &str) -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../target"));
    let src = target.join(format!("export-{folder}-src"));
    let classes = target.join(format!("export-{folder}"));
    let _ = std::fs::remove_dir_all(&src);
    let _ = std::fs::remove_dir_all(&classes);
    std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&classes).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for (name, program) in programs {
        let class = class_name(name);
        let renamed = program.replacen(
            "public class Scenario {",
            &format!("public class {class} {{"),
            1,
        );
        let file = src.join(format!("{class}.java"));
        std::fs::write(&file, renamed).map_err(|e| e.to_string())?;
        files.push(file);
    }
    let out = Command::new("javac")
        .args(["-encoding", "UTF-8", "-nowarn", "-d"])
        .arg(&classes)
        .arg("-cp")
        .arg(cp)
        .args(&files)
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

/// Runs a compiled program against the server at `addr`: what it printed.
fn run_program(classes: &Path, class: &str, cp: &str, addr: &str) -> Result<String, String> {
    let out = Command::new("java")
        .args(["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"])
        .arg("-cp")
        .arg(format!("{cp}:{}", classes.display()))
        .arg(class)
        .arg(addr)
        .output()
        .map_err(|e| format!("cannot start java: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "the program failed ({}):\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

/// One scenario end to end: `None` when both servers print what `zkplay run` prints, as
/// `compare` sees it.
fn check(
    name: &str,
    script: &str,
    classes: &Path,
    cp: &str,
    compare: fn(&str) -> String,
) -> Option<String> {
    let want = match run_text(script, Mode::Text, &Target::Simulated) {
        Ok(t) => compare(&t),
        Err(e) => return Some(format!("{name}: zkplay run failed: {e}")),
    };
    let class = class_name(name);
    let mut problems = Vec::new();
    let real = ZkServer::start().and_then(|z| run_program(classes, &class, cp, &z.addr()));
    let serve = ZkplayServe::start("").and_then(|z| run_program(classes, &class, cp, &z.addr()));
    for (against, got) in [("the real ZooKeeper 3.8", real), ("zkplay serve", serve)] {
        match got {
            Err(e) => problems.push(format!("{name} against {against}: {e}")),
            Ok(out) => {
                let out = compare(&out);
                if out != want {
                    problems.push(format!(
                        "{name} against {against} (real = zkplay run, zkplay = the program): {}",
                        first_difference(&want, &out)
                    ));
                }
            }
        }
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

/// Runs every program (name, script, program) a few at a time; the failures.
fn run_all(
    written: Vec<(String, String, String)>,
    cp: &str,
    folder: &str,
    compare: fn(&str) -> String,
) -> Vec<String> {
    let only = std::env::var("ZKPLAY_EXPORT_ONLY").ok();
    let written: Vec<(String, String, String)> = written
        .into_iter()
        .filter(|(n, _, _)| only.as_deref().is_none_or(|o| n.contains(o)))
        .collect();
    let started = Instant::now();
    let programs: Vec<(&str, &str)> = written
        .iter()
        .map(|(n, _, p)| (n.as_str(), p.as_str()))
        .collect();
    let classes = match compile_all(&programs, cp, folder) {
        Ok(c) => c,
        Err(e) => return vec![e],
    };
    let queue: Mutex<Vec<(String, String)>> = Mutex::new(
        written
            .into_iter()
            .rev()
            .map(|(n, script, _)| (n, script))
            .collect(),
    );
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..PARALLEL {
            s.spawn(|| loop {
                let Some((name, script)) = queue.lock().expect("queue").pop() else {
                    break;
                };
                if let Some(p) = check(&name, &script, &classes, cp, compare) {
                    failures.lock().expect("failures").push(p);
                }
            });
        }
    });
    eprintln!(
        "exported {folder} programs compiled and ran in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    failures.into_inner().expect("failures")
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} program(s) differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_exported_program_prints_zkplay_s_transcript_on_a_real_server_and_on_serve() {
    let written = exported(Lang::Java, REFUSED);
    if !java_available() {
        return;
    }
    report(&run_all(written, &classpath(), "java", normalize));
}

/// The scenarios Curator cannot express, with (a part of) the reason.
const CURATOR_REFUSED: &[(&str, &str)] = &[
    ("lesson election", "the naive one"),
    ("lesson lock", "a GC pause"),
    ("lesson load-balancing", "several lb-servers on one line"),
    ("lesson master-worker", "several mw-masters on one line"),
    ("lesson lock-server-dies", "an ensemble's servers"),
    ("lesson two-leaders", "an ensemble's servers"),
    ("lesson partitioned-master", "an ensemble's servers"),
    ("lesson find-a-failure", "a GC pause"),
    ("case hbase", "have no Curator recipe"),
    ("case kafka", "have no Curator recipe"),
    ("case solr", "have no Curator recipe"),
    ("case fetching", "have no Curator recipe"),
    ("case messages", "have no Curator recipe"),
    ("scenario 045_cli_errors.zk", "does not parse"),
    ("sim 07_script_errors.zk", "does not parse"),
    ("sim 09_election_herd.zk", "the naive one"),
    ("sim 10_gc_pause_unsafe.zk", "a GC pause"),
    ("sim 11_gc_pause_fenced.zk", "no fencing token"),
    ("sim 12_queue.zk", "several producers on one queue"),
    (
        "sim 16_naming_and_lb.zk",
        "several naming clients on one line",
    ),
    ("sim 17_master_worker.zk", "several mw-masters on one line"),
];

/// Curator's classpath, or why the test is skipped (never when a real server is required).
fn curator_or_skip() -> Option<String> {
    let cp = curator_classpath();
    if cp.is_none() {
        assert!(
            std::env::var_os("ZKPLAY_REQUIRE_REAL_SERVER").is_none(),
            "ZKPLAY_REQUIRE_REAL_SERVER is set but Debian's Curator jars are missing"
        );
        eprintln!("skipped: Debian's libcurator-*-java is not installed");
    }
    cp
}

/// Curator's jars beside ZooKeeper's (Debian's libcurator-*-java; Guava comes with them).
fn curator_classpath() -> Option<String> {
    let jars = [
        "curator-recipes.jar",
        "curator-framework.jar",
        "curator-client.jar",
        "guava.jar",
    ];
    let dir = Path::new("/usr/share/java");
    jars.iter().all(|j| dir.join(j).exists()).then(|| {
        let extra: Vec<String> = jars
            .iter()
            .map(|j| dir.join(j).display().to_string())
            .collect();
        format!("{}:{}", classpath(), extra.join(":"))
    })
}

/// What a Curator program is compared on: any moment two clients held one lock or led one
/// election, each client's recipe status lines in order (Curator names its nodes itself, so a
/// line names the recipe's path, not the node; the lines that tell which node a client waits
/// for have no Curator counterpart), then the zkCli lines.
fn recipe_lines(text: &str) -> String {
    let mut per_client: Vec<(String, Vec<String>)> = Vec::new();
    let mut prompts = Vec::new();
    for line in text.lines() {
        if line.starts_with("[zk: ") {
            prompts.push(line.to_string());
            continue;
        }
        let Some((who, what)) = line.strip_prefix('[').and_then(|l| l.split_once("] ")) else {
            continue;
        };
        if !who.contains(" · ")
            || what.starts_with("waits for ")
            || what.starts_with("leaving: waits for ")
            || what.starts_with("waits to enter ")
        {
            continue;
        }
        let what = match what.rsplit_once('/') {
            Some((path, node))
                if node.contains('-') && node.ends_with(|c: char| c.is_ascii_digit()) =>
            {
                path.to_string()
            }
            _ => what.to_string(),
        };
        match per_client.iter_mut().find(|(w, _)| w == who) {
            Some((_, v)) => v.push(what),
            None => per_client.push((who.to_string(), vec![what])),
        }
    }
    per_client.sort();
    let mut out = two_holders(text);
    for (who, lines) in per_client {
        for l in lines {
            out.push_str(&format!("[{who}] {l}\n"));
        }
    }
    for p in prompts {
        out.push_str(&p);
        out.push('\n');
    }
    out
}

#[test]
fn two_holders_at_once_are_seen() {
    let text = "[a · lock] holds /l\n[b · lock] holds /l/b-lock-0000000001\n[a · lock] releasing /l\n[c · election] leader of /e\n[c · election] releasing /e\n[d · election] leader of /e\n";
    assert_eq!(two_holders(text), "!! b and a both hold /l\n");
    // kazoo's and Curator's node names, and a path with a dash that is not a lock node.
    let text = "[e · lock] holds /k/4f3a__lock__0000000000\n[f · lock] holds /k/9b2c__lock__0000000001\n[g · lock] holds /a-b\n[g · lock] releasing /a-b\n[h · lock] holds /a-b/_c_0d1e-lock-0000000003\n";
    assert_eq!(two_holders(text), "!! f and e both hold /k\n");
}

#[test]
fn every_exported_curator_program_runs_its_recipes_as_zkplay_does_on_a_real_server_and_on_serve() {
    let written = exported(Lang::Curator, CURATOR_REFUSED);
    if !java_available() {
        return;
    }
    let Some(cp) = curator_or_skip() else {
        return;
    };
    report(&run_all(written, &cp, "curator", recipe_lines));
}

/// Runs a compiled program against `addr`, each line it prints with the seconds since it
/// started.
fn run_timed(
    classes: &Path,
    class: &str,
    cp: &str,
    addr: &str,
) -> Result<Vec<(f64, String)>, String> {
    use std::io::{BufRead, BufReader};
    let started = Instant::now();
    let mut child = Command::new("java")
        .args(["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"])
        .arg("-cp")
        .arg(format!("{cp}:{}", classes.display()))
        .arg(class)
        .arg(addr)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start java: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let lines: Vec<(f64, String)> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .map(|l| (started.elapsed().as_secs_f64(), l))
        .collect();
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the program failed ({status})"));
    }
    Ok(lines)
}

/// A crashed recipe client's session is expired by the server after its timeout (30 s), as
/// zkplay's is: the next client takes the lock then, not at once (Curator, told its session
/// expired, would close the session itself if the program let it).
#[test]
fn a_crashed_curator_client_keeps_its_lock_until_the_server_expires_its_session() {
    if !java_available() {
        return;
    }
    let Some(cp) = curator_or_skip() else {
        return;
    };
    let script = "recipe lock /locks/printer on a,b hold=3000\ntick 1000\ncrash a\ntick 40000\n";
    let program = export(script, Lang::Curator).expect("exports");
    let name = "crash timing";
    let classes = compile_all(&[(name, &program)], &cp, "curator-crash").expect("compiles");
    let class = class_name(name);
    let mut problems = Vec::new();
    std::thread::scope(|s| {
        let real =
            s.spawn(|| ZkServer::start().and_then(|z| run_timed(&classes, &class, &cp, &z.addr())));
        let serve = s.spawn(|| {
            ZkplayServe::start("").and_then(|z| run_timed(&classes, &class, &cp, &z.addr()))
        });
        for (against, got) in [("the real ZooKeeper 3.8", real), ("zkplay serve", serve)] {
            let lines = match got.join().expect("runs") {
                Ok(l) => l,
                Err(e) => {
                    problems.push(format!("against {against}: {e}"));
                    continue;
                }
            };
            let at = |what: &str| lines.iter().find(|(_, l)| l == what).map(|(t, _)| *t);
            match (at("[a · lock] crashed"), at("[b · lock] holds /locks/printer")) {
                (Some(crash), Some(taken)) if taken - crash >= 20.0 => {}
                (crash, taken) => problems.push(format!(
                    "against {against}: a crashed at {crash:?} s, b took the lock at {taken:?} s (expected some 30 s later)"
                )),
            }
        }
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
