//! Ensemble scripts on the simulated ensemble (`script::SimulationBackend` on an ensemble): watches set on one
//! server fire when it applies a write made through another, a session expires while its
//! client is cut off, every server and client line runs, and random scripts of ensemble lines
//! never panic, never break a live check and give the same transcript twice, and a recipe pinned
//! to a server (`server=K`) stays with it when it crashes where an unpinned one moves.

use zkplay_core::script::entry::Outcome;
use zkplay_core::script::transcript::{to_json_lines, Naming};
use zkplay_core::script::{parse_script, run_script, Entry, EntryKind, SimulationBackend};
use zkplay_core::sim::rng::Rng;

fn run(script: &str) -> (String, Vec<EntryKind>) {
    let mut b = SimulationBackend::for_ensemble(0);
    let steps = parse_script(script);
    let entries = run_script(&mut b, &steps);
    let json = to_json_lines(&entries, &Naming { backend: &b });
    (json, entries.into_iter().map(|e| e.kind).collect())
}

fn no_violations(kinds: &[EntryKind], script: &str) {
    for k in kinds {
        assert!(!matches!(k, EntryKind::Violation(_)), "{k:?} in\n{script}");
    }
}

#[test]
fn a_watch_on_a_follower_fires_when_it_applies_a_write_made_elsewhere() {
    let script = "ensemble 3 tickTime=200\nwait server 3 leader\nwait server 1 follower\nsession w server=3\nsession r server=1\nw: create /x 1\nr: sync /\nr: get -w /x\nw: set /x 2\nsleep 100\n";
    let (json, kinds) = run(script);
    no_violations(&kinds, script);
    assert!(
        json.contains(r#"{"step":9,"event":"NodeDataChanged","session":"r","path":"/x"}"#),
        "{json}"
    );
}

#[test]
fn a_session_expires_while_its_client_is_cut_off() {
    let script = "ensemble 3 tickTime=200\nwait server 3 leader\nwait server 1 follower\nwait server 2 follower\nsession a server=1\na: create -e /e x\npartition a\nsleep 10000\nheal a\nsleep 3000\nsession b server=2\nb: ls /\n";
    let (json, kinds) = run(script);
    no_violations(&kinds, script);
    assert!(
        json.contains(r#""state":"Disconnected","session":"a""#),
        "{json}"
    );
    assert!(
        json.contains(r#""state":"Expired","session":"a""#),
        "{json}"
    );
    // The ephemeral went with the session.
    assert!(json.contains(r#""children":["zookeeper"]"#), "{json}");
}

#[test]
fn every_server_line_runs() {
    let script = "seed 9\nensemble 3 observers=1 tickTime=200 start=1,2,3\nwait server 1 serving\nserver 4 start\nwait server 4 observer\nsession a\nsession o server=4\na: create /p x\npartition server 3\nsleep 3000\nsrvr 3\nheal server 3\nwait server 3 serving\ndelay server 2 50\no: sync /\no: get /p\npartition servers 1,2 | 3,4\nsleep 3000\nsrvr 1\nsrvr 3\nheal server 3\nheal server 4\nwait server 3 serving timeout=20000\nserver 1 stop\nserver 1 stop\nserver 1 start\nwait server 9 leader\nwait server 1 leader timeout=100\nsession x server=1\ncrash a\na: ls /\no: close\no: ls /\n";
    let (json, kinds) = run(script);
    no_violations(&kinds, script);
    assert_eq!(run(script).0, json, "not deterministic");
    assert!(json.contains("server 1 is already not running"), "{json}");
    assert!(json.contains("server 9 is not in the ensemble"), "{json}");
    assert!(
        json.contains("server 1 was not leader within 100 ms"),
        "{json}"
    );
}

const LINES: &[&str] = &[
    "server K crash",
    "server K restart",
    "server K stop",
    "server K start",
    "partition server K",
    "heal server K",
    "partition servers 1 | 2,3",
    "partition servers 1,2 | 3",
    "delay server K 30",
    "delay server K 0",
    "srvr K",
    "wait server K serving timeout=3000",
    "wait server K not serving timeout=3000",
    "sleep 700",
    "session S server=K",
    "session S",
    "S: create /n x",
    "S: create -e -s /e x",
    "S: set /n y",
    "S: get -w /n",
    "S: ls -w /",
    "S: sync /",
    "S: delete /n",
    "S: close",
    "crash S",
    "partition S",
    "heal S",
];

#[test]
fn random_ensemble_scripts_never_panic_and_keep_the_checks() {
    for seed in 0..40u64 {
        let mut rng = Rng::derive(seed, "ensemble-scripts");
        let mut script = format!("seed {seed}\nensemble 3 tickTime=200\nwait server 3 serving\n");
        for _ in 0..30 {
            let line = LINES[rng.range_inclusive(0, LINES.len() as u64 - 1) as usize];
            let k = rng.range_inclusive(1, 3).to_string();
            let s = ["a", "b", "c"][rng.range_inclusive(0, 2) as usize];
            script.push_str(&line.replace('K', &k).replace('S', s));
            script.push('\n');
        }
        let (json, kinds) = run(&script);
        no_violations(&kinds, &script);
        assert_eq!(run(&script).0, json, "seed {seed}: not deterministic");
    }
}

#[test]
fn a_watch_survives_a_failover_by_set_watches() {
    // r watches /x on follower 1; the leader dies, 1 drops its clients while it elects, and
    // /x changes through 2 before r is back: r's setWatches on reconnecting fires the watch.
    let script = "ensemble 3 tickTime=200\nwait server 3 leader\nwait server 1 follower\nwait server 2 follower\nsession r server=1\nsession w server=2\nw: create /x 1\nr: sync /\nr: get -w /x\nserver 3 crash\nwait server 2 leader\nw: set /x 2\nwait server 1 follower\nr: get /x\n";
    let (json, kinds) = run(script);
    no_violations(&kinds, script);
    let fired: Vec<&str> = json
        .lines()
        .filter(|l| l.contains("NodeDataChanged"))
        .collect();
    assert_eq!(fired.len(), 1, "{json}");
    assert!(fired[0].contains(r#""session":"r""#), "{json}");
}

/// The script's entries, every line run (a refused line fails the test).
fn run_entries(script: &str) -> Vec<Entry> {
    let mut b = SimulationBackend::for_ensemble(0);
    let entries = run_script(&mut b, &parse_script(script));
    for e in &entries {
        assert!(
            !matches!(e.kind, EntryKind::ScriptError(_) | EntryKind::Violation(_)),
            "{e:?} in\n{script}"
        );
    }
    entries
}

/// The server that created the session owning the ephemeral `stat` read at `step`: a session
/// id's top byte is the id of the server that made it (`SessionTrackerImpl`).
fn owner_server(entries: &[Entry], step: usize) -> i64 {
    entries
        .iter()
        .find_map(|e| match &e.kind {
            EntryKind::Done(Outcome::StatOf { stat: Some(s) }) if e.step == step => {
                Some(s.ephemeral_owner >> 56)
            }
            _ => None,
        })
        .expect("a stat at that step")
}

/// Each recipe status of `session`, with its step, in order.
fn statuses(entries: &[Entry], session: &str) -> Vec<(usize, String)> {
    entries
        .iter()
        .filter(|e| e.session.as_deref() == Some(session))
        .filter_map(|e| match &e.kind {
            EntryKind::Recipe { status, .. } => Some((e.step, status.to_string())),
            _ => None,
        })
        .collect()
}

/// The connection states `session` was told of, with their steps, in order.
fn states(entries: &[Entry], session: &str) -> Vec<(usize, &'static str)> {
    entries
        .iter()
        .filter(|e| e.session.as_deref() == Some(session))
        .filter_map(|e| match &e.kind {
            EntryKind::State(s) => Some((e.step, s.name())),
            _ => None,
        })
        .collect()
}

/// Lock contenders, each marking its session with an ephemeral node a fourth session reads
/// (`PIN` is the first recipe line's pin, or nothing).
const PINNED_LOCK: &str = "\
ensemble 3
wait server 3 leader
wait server 1 follower
wait server 2 follower
recipe lock /locks/printer on a,b hold=0 PIN
recipe lock /locks/printer on c hold=0 server=1
session w server=3
a: create -e /a x
b: create -e /b x
c: create -e /c x
w: stat /a
w: stat /b
w: stat /c
";
/// The steps of the `stat` lines of `PINNED_LOCK` (a step counts from 1, one per line).
const STAT_A: usize = 11;
const STAT_B: usize = 12;
const STAT_C: usize = 13;
/// The lines after: the server crashes, stays down past the sessions' timeout (the recipe
/// lines' sessions ask for 30 s), and comes back.
const OUTAGE: &str = "\
server K crash
sleep 10000
sleep 30000
server K restart
wait server K follower
sleep 5000
w: ls /locks/printer
";
const CRASH_STEP: usize = 14;
const RESTART_STEP: usize = 17;

/// `recipe … server=K` pins the recipe's new sessions to server K: its connect string is
/// that one server. When K crashes, they do what the Java client does with a one-server
/// connect string: try K again and again, never another server, so they stay disconnected
/// (the lock's holder treats its lock as lost); the leader expires their sessions when their
/// timeout passes, the next contender, on another server, takes the lock; and they hear of
/// the expiry only when K is back and takes their reconnection.
#[test]
fn a_recipe_pinned_to_a_server_stays_with_it_when_it_crashes() {
    let script = format!(
        "{}{}",
        PINNED_LOCK.replace("PIN", "server=2"),
        OUTAGE.replace('K', "2")
    );
    let entries = run_entries(&script);
    assert_eq!(owner_server(&entries, STAT_A), 2, "{script}");
    assert_eq!(owner_server(&entries, STAT_B), 2, "{script}");
    assert_eq!(owner_server(&entries, STAT_C), 1, "{script}");
    let holder = ["a", "b"]
        .into_iter()
        .find(|s| {
            statuses(&entries, s)
                .iter()
                .any(|(step, st)| *step < CRASH_STEP && st.starts_with("holds "))
        })
        .expect("a or b took the lock first");
    for s in ["a", "b"] {
        let told = states(&entries, s);
        // Connected once, on server 2; no other server takes them while 2 is down.
        assert_eq!(
            told.iter().filter(|(_, st)| *st == "SyncConnected").count(),
            1,
            "{s}: {told:?}"
        );
        assert!(
            told.contains(&(CRASH_STEP + 1, "Disconnected")),
            "{s}: {told:?}"
        );
        assert_eq!(
            told.last(),
            Some(&(RESTART_STEP + 2, "Expired")),
            "{s}: {told:?}"
        );
        let last = statuses(&entries, s);
        assert_eq!(
            last.last().map(|(_, st)| st.as_str()),
            Some("session expired: lost /locks/printer"),
            "{s}: {last:?}"
        );
    }
    assert!(
        statuses(&entries, holder).contains(&(
            CRASH_STEP,
            "disconnected: must treat /locks/printer as lost".into()
        )),
        "{script}"
    );
    // c took the lock once the pinned sessions expired, while server 2 was still down.
    assert!(
        statuses(&entries, "c").iter().any(|(step, st)| {
            (CRASH_STEP..RESTART_STEP).contains(step) && st.starts_with("holds ")
        }),
        "{:?}",
        statuses(&entries, "c")
    );
    let last = entries.last().expect("the ls");
    assert!(
        matches!(&last.kind, EntryKind::Done(Outcome::Children { children, .. })
            if children.len() == 1 && children[0].starts_with("c-lock-")),
        "{last:?}"
    );
}

/// Without the pin the same contenders' connect string lists every server: when the server
/// of the lock's holder crashes, the holder moves to another within its session, keeps its
/// lock, and the contender on server 1 never gets it.
#[test]
fn an_unpinned_recipe_moves_to_another_server_and_keeps_its_lock() {
    let first = run_entries(&PINNED_LOCK.replace(" PIN", ""));
    let holder = ["a", "b"]
        .into_iter()
        .find(|s| {
            statuses(&first, s)
                .iter()
                .any(|(_, st)| st.starts_with("holds "))
        })
        .expect("a or b took the lock");
    let server = owner_server(&first, if holder == "a" { STAT_A } else { STAT_B });
    let script = format!(
        "{}{}",
        PINNED_LOCK.replace(" PIN", ""),
        OUTAGE.replace('K', &server.to_string())
    );
    let entries = run_entries(&script);
    let told = states(&entries, holder);
    assert!(
        told.contains(&(CRASH_STEP + 1, "Disconnected")),
        "{told:?}\n{script}"
    );
    assert!(
        told.iter().all(|(_, st)| *st != "Expired"),
        "{told:?}\n{script}"
    );
    assert_eq!(
        told.last().map(|(_, st)| *st),
        Some("SyncConnected"),
        "{told:?}\n{script}"
    );
    let held = statuses(&entries, holder);
    assert!(
        held.last().is_some_and(|(_, st)| st.starts_with("holds ")),
        "{held:?}\n{script}"
    );
    assert!(
        statuses(&entries, "c")
            .iter()
            .all(|(_, st)| !st.starts_with("holds ")),
        "{script}"
    );
}
