//! The sandbox's own tests: replays, step back, imports and exports, views.

use super::*;

#[test]
fn fresh_tree_has_root_and_zookeeper() {
    let s = Sandbox::new();
    let paths: Vec<String> = s.tree_rows().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        vec!["/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota"]
    );
}

#[test]
fn ephemerals_show_their_owner_and_vanish_with_the_session() {
    let mut s = Sandbox::new();
    s.run("session a\na: create -e /lock x");
    let row = s
        .tree_rows()
        .into_iter()
        .find(|r| r.path == "/lock")
        .unwrap();
    assert_eq!(
        row.kind,
        NodeKind::Ephemeral {
            owner: "a".to_string()
        }
    );
    assert!(s.console_text().contains("Created /lock"));
    assert_eq!(s.clients()[0].ephemerals, vec!["/lock"]);
    s.run("crash a");
    s.run("tick 40000");
    assert!(s.tree_rows().iter().all(|r| r.path != "/lock"));
    assert_eq!(s.clients()[0].state, crate::sim::ClientState::Crashed);
}

#[test]
fn step_back_replays_exactly() {
    let mut s = Sandbox::new();
    s.run("session a");
    s.run("session b");
    s.run("b: get -w /zookeeper");
    s.run("a: set /zookeeper x");
    let before = s.steps();
    s.run("step");
    s.run("step");
    assert_eq!(
        s.script().matches("step").count(),
        1,
        "steps merge: {}",
        s.script()
    );
    let after_one = {
        let mut t = Sandbox::from_script(&s.script()).unwrap();
        t.step_back();
        t
    };
    s.step_back();
    assert_eq!(s.steps(), after_one.steps());
    assert_eq!(s.steps(), before + 1);
    assert_eq!(s.script(), after_one.script());
}

/// Consecutive steps merge into one line only within the bound of a `step` line, so a long
/// play at full speed still saves a script that loads.
#[test]
fn merged_steps_stay_within_a_lines_bound() {
    let mut s = Sandbox::new();
    s.run("session a");
    for _ in 0..3 {
        s.run("step 50000");
    }
    assert_eq!(s.script(), "session a\nstep 100000\nstep 50000\n");
    let back = Sandbox::import(&s.script()).unwrap();
    assert_eq!(back.state_hash(), s.state_hash());
}

#[test]
fn stat_prints_dates_from_the_clock_line() {
    let mut s = Sandbox::new();
    s.run("clock 2026-11-25T22:44:00Z");
    s.run("session a\na: create /x 1\ntick 61000\na: set /x 2\na: stat /x");
    let out = s.console_text();
    assert!(
        out.contains("ctime = Wed Nov 25 22:44:00 UTC 2026\n"),
        "{out}"
    );
    assert!(
        out.contains("mtime = Wed Nov 25 22:45:01 UTC 2026\n"),
        "{out}"
    );
    // Without the line the clock starts in 1970, as before.
    let mut old = Sandbox::new();
    old.run("session a\na: create /x 1\na: stat /x");
    assert!(old
        .console_text()
        .contains("ctime = Thu Jan 01 00:00:00 UTC 1970\n"));
}

#[test]
fn the_clock_line_comes_first_and_survives_replays() {
    let mut s = Sandbox::new();
    assert!(s.run("clock 2026-11-25T22:44:00Z").is_empty());
    assert!(s.run("seed 3").is_empty());
    s.run("session a\na: create /x 1");
    assert_eq!(
        s.run("clock 2030-01-01T00:00:00Z")
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        vec!["clock 2030-01-01T00:00:00Z: clock must come before anything else in the script"]
    );
    assert_eq!(s.seed(), 3);
    let back = Sandbox::import(&s.export()).unwrap();
    assert_eq!(back.state_hash(), s.state_hash());
    let mut rewound = s.clone();
    rewound.rewind_to(0);
    assert_eq!(rewound.script(), "clock 2026-11-25T22:44:00Z\nseed 3\n");
    assert_eq!(rewound.state_hash(), {
        let mut t = Sandbox::new();
        t.run("clock 2026-11-25T22:44:00Z\nseed 3");
        t.state_hash()
    });
    for _ in 0..10 {
        rewound.step_back();
    }
    assert_eq!(rewound.script(), "clock 2026-11-25T22:44:00Z\nseed 3\n");
    assert!(Sandbox::import("clock tomorrow\nsession a\n")
        .unwrap_err()
        .to_string()
        .starts_with("line 1: usage: clock YYYY-MM-DDTHH:MM:SSZ"));
}

#[test]
fn stepping_delivers_one_message_at_a_time() {
    let mut s = Sandbox::new();
    s.run("session a\nsession b\nsession c");
    s.run("server stop");
    let flying = s.in_flight().len();
    assert_eq!(flying, 3, "one hang-up per client is on its way");
    let steps = s.steps();
    s.run("step");
    assert_eq!(s.steps(), steps + 1);
    assert_eq!(s.in_flight().len(), flying - 1);
    let disconnected = s
        .clients()
        .iter()
        .filter(|c| c.state == crate::sim::ClientState::Disconnected)
        .count();
    assert_eq!(disconnected, 1);
}

#[test]
fn rewind_to_a_step_replays_the_past() {
    let mut s = Sandbox::new();
    s.run("session a\nsession b");
    s.run("b: stat -w /x");
    s.run("a: create /x 1");
    s.run("server stop");
    s.run("step 2");
    let at = s.steps() - 1;
    let expected = {
        let mut t = Sandbox::from_script(&s.script()).unwrap();
        t.step_back();
        t.state_hash()
    };
    s.rewind_to(at);
    assert_eq!(s.steps(), at);
    assert_eq!(s.state_hash(), expected);
}

#[test]
fn rewinding_into_a_tick_stops_at_the_very_step() {
    let lines = ["session a", "session b", "b: stat -w /x", "a: create /x 1"];
    let mut s = Sandbox::new();
    for line in lines {
        s.run(line);
    }
    let before = s.steps();
    s.run("tick 60000");
    let end = s.steps();
    let at = end - 3;
    // The same, stepping one event at a time from before the tick.
    let expected = {
        let mut t = Sandbox::new();
        for line in lines {
            t.run(line);
        }
        for _ in before..at {
            t.run("step");
        }
        t.state_hash()
    };
    s.rewind_to(at);
    assert_eq!(s.steps(), at);
    assert_eq!(s.state_hash(), expected);
    // And on from there, step by step, to as many steps as the tick made.
    s.run("step 3");
    assert_eq!(s.steps(), end);
}

#[test]
fn completes_paths() {
    let mut s = Sandbox::new();
    s.run("session a\na: create /apps x\na: create /apps/alpha 1\na: create /apps/alps 2");
    assert_eq!(
        s.complete("get /apps/alph").as_deref(),
        Some("get /apps/alpha")
    );
    assert_eq!(s.complete("get /apps/a").as_deref(), Some("get /apps/alp"));
    assert_eq!(s.complete("get /zz"), None);
    assert_eq!(s.complete("get x"), None);
}

#[test]
fn node_detail_lists_watchers() {
    let mut s = Sandbox::new();
    s.run("session a\nsession b\na: create /x 1\nb: get -w /x\na: ls -w /x");
    let d = s.node("/x").unwrap();
    assert_eq!(d.data.as_deref(), Some("1"));
    assert_eq!(
        d.watchers,
        vec![
            ("b".to_string(), crate::watch::WatchKind::Data),
            ("a".to_string(), crate::watch::WatchKind::Child)
        ]
    );
}

#[test]
fn export_then_import_gives_the_identical_state() {
    let mut s = Sandbox::new();
    for l in [
        "session a",
        "session b",
        "b: get -w /zookeeper",
        "a: create -e /x 1",
        "a: multi\n  create /y 2\n  set /x 3\nend",
        "partition b",
        "tick 5000",
        "heal b",
        "step 3",
        "recipe lock /l on c,d hold=100",
        "tick 2000",
    ] {
        s.run(l);
    }
    let back = Sandbox::import(&s.export()).unwrap();
    assert_eq!(back.state_hash(), s.state_hash());
    assert_eq!(back.script(), s.script());
}

#[test]
fn bad_imports_are_refused_clearly() {
    assert!(Sandbox::import("# zkplay scenario v9\nsession a\n")
        .unwrap_err()
        .to_string()
        .contains("newer"));
    assert!(Sandbox::import("session a\nthis is not zkplay\n")
        .unwrap_err()
        .to_string()
        .starts_with("line 2"));
    assert!(Sandbox::import("recipe nonsense /x on a\n").is_err());
    assert!(Sandbox::import("session a\na: frobnicate\n").is_ok());
    assert!(Sandbox::import("session a\na: ls /\n").is_ok());
}

/// Fuzzing found these slow (a reconnect storm from a zero timeout; an endless tick):
/// they must now be quick.
#[test]
fn fuzz_regressions_run_quickly() {
    let slow = include_str!("../../../fuzz/regressions/slow-import-zero-timeout.zk");
    let _ = Sandbox::import(slow);
    assert!(Sandbox::import("session a\ntick 99999999999\n").is_err());
    assert!(Sandbox::import("session a\nstep 99999999\n").is_err());
    assert!(Sandbox::import("session a timeout=0\n").is_err());
}

#[test]
fn oversized_scripts_are_refused() {
    let big = "# x\n".repeat(SCRIPT_BYTES_MAX);
    assert!(Sandbox::from_script(&big).is_err());
}

/// A console in parts reads, joined, as the console's text: zkCli's output, watch blocks and
/// the recipe lines between them.
#[test]
fn a_console_in_parts_is_the_console_text() {
    let mut s = Sandbox::new();
    s.run_actions(
        "session a\nsession b\na: ls -w /\nrecipe lock /l on a,b hold=300\nb: create /x 1\ntick 2000\ncrash a\ntick 1000\n",
    );
    for client in ["a", "b"] {
        for max in [3, 400] {
            let parts = s.console_parts(Some(client), max);
            assert!(parts
                .iter()
                .any(|p| matches!(p, views::ConsolePart::Recipe { .. })));
            let joined: String = parts.iter().map(ToString::to_string).collect();
            assert_eq!(joined, s.console_tail(client, max), "{client}, {max}");
        }
    }
}

/// A session's start shows its five moments in the log, in order, each labelled, and on the
/// timeline at the steps they happened; a reconnect shows ② to ⑤ again.
#[test]
fn a_session_start_is_labelled_one_to_five() {
    use crate::sim::Moment::*;
    let mut s = Sandbox::new();
    s.run("session c1");
    let labelled: Vec<(crate::sim::Moment, String)> = s
        .log()
        .into_iter()
        .filter_map(|l| Some((l.moment?, l.text.to_string())))
        .collect();
    let moments: Vec<_> = labelled.iter().map(|(m, _)| *m).collect();
    assert_eq!(
        moments,
        vec![
            Initiating,
            OpeningSocket,
            ConnectRequestSent,
            SessionEstablished,
            SyncConnected
        ]
    );
    assert!(labelled[0]
        .1
        .contains("Initiating client connection, sessionTimeout=30000"));
    assert!(labelled[1].1.contains("Opening socket connection"));
    assert!(labelled[2].1.contains("ConnectRequest sessionid 0x0"));
    assert!(labelled[3].1.contains("negotiated timeout 30000 ms"));
    assert!(labelled[4].1.contains("state:SyncConnected type:None"));
    // The server's receipt of the ConnectRequest comes between ③ and ④, unlabelled.
    let texts: Vec<String> = s.log().into_iter().map(|l| l.text.to_string()).collect();
    let at = |needle: &str| texts.iter().position(|t| t.contains(needle)).unwrap();
    assert!(
        at("ConnectRequest") < at("c1 → server connect")
            && at("c1 → server connect") < at("session established")
    );
    let marks = s.timeline_marks("c1");
    assert!(s.timeline_marks("nobody").is_empty());
    assert_eq!(marks.len(), 2, "{marks:?}");
    assert_eq!(
        marks[0].moments,
        vec![Initiating, OpeningSocket, ConnectRequestSent]
    );
    assert_eq!(marks[1].moments, vec![SessionEstablished, SyncConnected]);
    assert!(marks[0].step < marks[1].step);
    // A reconnect: ② to ⑤ again, with the session id in the ConnectRequest.
    s.run("server stop");
    s.run("tick 1000");
    s.run("server start");
    s.run("tick 3000");
    let last: Vec<_> = s
        .log()
        .into_iter()
        .filter_map(|l| l.moment)
        .rev()
        .take(4)
        .collect();
    assert_eq!(
        last,
        vec![
            SyncConnected,
            SessionEstablished,
            ConnectRequestSent,
            OpeningSocket
        ]
    );
    assert!(s
        .log()
        .iter()
        .any(|l| l.text.to_string().contains("ConnectRequest sessionid 0x1")));
}

// Client cards, the lock board and the protected resource (issue 22: every notification seen
// where it lands).

#[test]
fn a_watch_notification_lands_on_the_receiving_card() {
    let mut s = Sandbox::new();
    s.run("session a\nsession b\nb: stat -w /leader");
    let card = |s: &Sandbox, name: &str| s.clients().into_iter().find(|c| c.name == name).unwrap();
    let before = card(&s, "b").event_seq;
    assert_eq!(
        card(&s, "b").last_event,
        Some(crate::watch::ClientEvent::State(
            crate::watch::KeeperState::SyncConnected
        ))
    );
    s.run("a: create /leader x");
    let b = card(&s, "b");
    assert!(
        b.event_seq > before,
        "a new event changes the card's number"
    );
    assert_eq!(
        b.last_event,
        Some(crate::watch::ClientEvent::Watch {
            kind: crate::watch::EventType::NodeCreated,
            path: "/leader".into()
        })
    );
    // The writer got no event: its card keeps its own latest one.
    assert_ne!(card(&s, "a").event_seq, b.event_seq);
}

#[test]
fn a_card_shows_the_handshake_and_the_session_countdown() {
    use crate::sim::Moment::*;
    let mut s = Sandbox::new();
    s.run("session a timeout=30000");
    let a = s.clients().remove(0);
    assert_eq!(
        a.handshake,
        vec![
            Initiating,
            OpeningSocket,
            ConnectRequestSent,
            SessionEstablished,
            SyncConnected
        ]
    );
    let full = a.expires_in_s.expect("a live session has an expiry");
    assert!(full > 20 && full <= 32, "{full}");
    // Crashed, it is heard from no more: its countdown runs down to the expiry.
    s.run("crash a\ntick 10000");
    let left = s.clients()[0]
        .expires_in_s
        .expect("still alive on the server");
    assert!(left < full && left + 10 <= full + 2, "{left} after {full}");
    s.run("tick 30000");
    assert_eq!(s.clients()[0].expires_in_s, None, "expired: no countdown");
}

#[test]
fn a_card_says_which_request_it_waits_for() {
    let mut s = Sandbox::new();
    s.run("recipe lock /l on c1 hold=2000\npartition c1\ntick 2500");
    // Its hold is over: it sent the delete of its lock node, which the partition holds up.
    let c1 = s.clients().remove(0);
    assert_eq!(c1.pending_count, 1, "{c1:?}");
    assert_eq!(
        c1.pending.map(|p| p.to_string()),
        Some("delete /l/c1-lock-0000000000".to_string())
    );
    s.run("heal c1\ntick 20000");
    assert_eq!(s.clients()[0].pending, None);
}

#[test]
fn the_network_lists_what_a_partition_holds_as_an_ensemble_does() {
    let mut s = Sandbox::new();
    s.run("recipe lock /l on c1 hold=2000\npartition c1\ntick 2500");
    let held: Vec<_> = s.in_flight().into_iter().filter(|m| m.held).collect();
    assert!(
        held.iter()
            .any(|m| m.client == "c1" && m.to_server && m.summary.to_string().contains("delete")),
        "{held:?}"
    );
    s.run("heal c1\ntick 20000");
    assert!(s.in_flight().iter().all(|m| !m.held));
}

#[test]
fn a_repeated_violation_is_listed_once() {
    let mut s = Sandbox::new();
    s.run("recipe lock /locks/db on c1 hold=20000\nrecipe lock /locks/db on c2 hold=5000\npause c1 45000\ntick 60000");
    // The paused holder wrote twice with its stale token (waking, then as its hold ended):
    // the transcript keeps both, the page lists the story once.
    assert_eq!(s.violations().len(), 2);
    assert_eq!(s.violations_once().len(), 1);
    assert_eq!(s.snapshot().violations.len(), 1);
}

#[test]
fn a_fenced_lock_shows_its_resource_with_each_refusal_once() {
    let mut s = Sandbox::new();
    s.run("recipe lock /locks/fenced on c3 hold=20000 fencing=on\nrecipe lock /locks/fenced on c4 hold=5000 fencing=on");
    let board = s.recipes().remove(0);
    let r = board.resource.expect("a fenced lock has a resource panel");
    assert_eq!(r.accepted.as_ref().map(|(_, who)| who.as_str()), Some("c3"));
    assert!(r.refusals.is_empty());
    assert_eq!(board.chain[0].stand, Stand::Holds);
    assert_eq!(
        board.chain[1].stand,
        Stand::WaitsBehind {
            behind: "c3".into()
        }
    );
    s.run("pause c3 45000\ntick 60000");
    let r = s.recipes().remove(0).resource.unwrap();
    assert_eq!(r.accepted.as_ref().map(|(_, who)| who.as_str()), Some("c4"));
    assert_eq!(r.refusals.len(), 1, "{:?}", r.refusals);
    assert_eq!(r.refusals[0].client, "c3");
    assert!(r.refusals[0].token < r.accepted.unwrap().0);
    // Without fencing there is no resource panel.
    s.run("recipe lock /locks/db on c5");
    assert!(s
        .recipes()
        .iter()
        .any(|v| v.path == "/locks/db" && v.resource.is_none()));
}

#[test]
fn on_an_ensemble_a_card_counts_down_as_the_leader_sees_the_session() {
    let mut s = Sandbox::new();
    for line in [
        "seed 7",
        "ensemble 3",
        "session a server=1",
        "a: get -w /zookeeper",
    ] {
        assert!(s.run(line).is_empty(), "{line}");
    }
    let a = s.clients().remove(0);
    let left = a.expires_in_s.expect("the leader tracks the session");
    assert!(
        left > 0 && left <= u64::from(a.timeout_ms) / 1000 + 2,
        "{left}"
    );
    assert!(a.last_event.is_some());
}

/// Every Step the page takes says what it did: a step that wrote no line of the simulation's
/// log (the server's tick, a client's timer, a message dropped at a crashed end) has a row of
/// its own in the page's log, and the simulation's log (what transcripts print) is unchanged.
#[test]
fn every_step_has_a_row_in_the_log() {
    let mut s = Sandbox::new();
    s.run("session c1");
    s.run("c1: create /a 1");
    let sim_log = |s: &Sandbox| s.runner.backend.standalone().unwrap().log().len();
    let mut quiet = Vec::new();
    let mut last = s.steps();
    for _ in 0..12 {
        let lines = sim_log(&s);
        s.run("step");
        assert_eq!(s.steps(), last + 1);
        last = s.steps();
        let rows: Vec<LogRow> = s.log().into_iter().filter(|r| r.step == last).collect();
        assert!(!rows.is_empty(), "step {last} has no row: {:?}", s.log());
        if sim_log(&s) == lines {
            assert!(
                rows.iter().all(|r| matches!(r.text, LogText::Quiet(_))),
                "{rows:?}"
            );
            quiet.extend(rows.into_iter().map(|r| r.text.to_string()));
        }
    }
    assert!(
        quiet
            .iter()
            .any(|t| t == "server: tick — sessions checked, none expired"),
        "{quiet:?}"
    );
    assert!(
        quiet.iter().any(|t| t == "c1: timer — sends ping"),
        "{quiet:?}"
    );
    // A reply to a crashed client is dropped, and the row says so.
    s.run("c1: get /a");
    s.run("session c2");
    s.run("c2: create /b 2");
    s.run("c2: get -w /b");
    s.run("crash c2");
    s.run("c1: set /b 3");
    let mut said = false;
    for _ in 0..40 {
        s.run("step");
        said |= s
            .log()
            .iter()
            .any(|r| r.text.to_string().ends_with("— dropped: c2 is down"));
    }
    // Step back replays the same rows.
    let rows = s.log();
    let mut t = Sandbox::from_script(&s.script()).unwrap();
    t.run("step");
    t.step_back();
    assert_eq!(t.log(), rows);
    assert!(said, "{:?}", s.log());
}
