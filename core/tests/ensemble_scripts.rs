//! Ensemble scripts on the simulated ensemble (`script::EnsembleBackend`): watches set on one
//! server fire when it applies a write made through another, a session expires while its
//! client is cut off, every server and client line runs, and random scripts of ensemble lines
//! never panic, never break a live check and give the same transcript twice.

use zkplay_core::script::transcript::{to_json_lines, Naming};
use zkplay_core::script::{parse_script, run_script, EnsembleBackend, EntryKind};
use zkplay_core::sim::rng::Rng;

fn run(script: &str) -> (String, Vec<EntryKind>) {
    let mut b = EnsembleBackend::default();
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
