//! The consoles' simulator lines, the command box and the hints.

use super::*;
use crate::script::hint::Hint;

fn ensemble() -> Sandbox {
    let mut s = Sandbox::new();
    for line in ["seed 7", "ensemble 3", "session c1 server=1"] {
        assert!(s.run(line).is_empty(), "{line}");
    }
    s
}

fn zkplay_parts(s: &Sandbox, console: Option<&str>) -> Vec<Note> {
    s.console_parts(console, 100)
        .into_iter()
        .filter_map(|p| match p {
            ConsolePart::Zkplay(n) => Some(n),
            _ => None,
        })
        .collect()
}

#[test]
fn srvr_runs_from_a_client_console_and_prints_what_srvr_prints() {
    let mut s = ensemble();
    let zkcli_before = s.console_for("c1");
    s.console_line(Some("c1"), "srvr 1");
    let notes = zkplay_parts(&s, Some("c1"));
    assert_eq!(notes[0], Note::Ran("srvr 1".into()));
    match &notes[1] {
        Note::Printed(text) => {
            assert!(text.starts_with("Zxid: 0x"), "{text}");
            assert!(text.contains("\nMode: "), "{text}");
            assert!(text.contains("\nNode count: "), "{text}");
        }
        other => panic!("{other:?}"),
    }
    // zkCli's own transcript is untouched: no usage listing, nothing added.
    assert_eq!(s.console_for("c1"), zkcli_before);
    assert!(s.script().ends_with("srvr 1\n"));
}

#[test]
fn the_command_box_runs_simulator_lines_with_no_client() {
    let mut s = Sandbox::new();
    for line in ["seed 7", "ensemble 3"] {
        s.run(line);
    }
    s.console_line(None, "delay server 1 300");
    assert!(s.script().ends_with("delay server 1 300\n"));
    assert_eq!(s.notes(None), vec![Note::Ran("delay server 1 300".into())]);
    s.console_line(None, "srvr 4");
    match s.notes(None).last() {
        Some(Note::Refused(why)) => assert!(why.to_string().contains("not in the ensemble")),
        other => panic!("{other:?}"),
    }
    // zkCli's commands need a client.
    s.console_line(None, "ls /");
    assert_eq!(s.notes(None).last(), Some(&Note::Hint(Hint::NeedsClient)));
    assert!(!s.script().contains("ls /"));
    // A session opened from the box; its notes stay in the box.
    s.console_line(None, "session c1");
    assert_eq!(s.clients().len(), 1);
    assert!(s.notes(Some("c1")).is_empty());
}

#[test]
fn standalone_simulator_lines_run_from_a_console() {
    let mut s = Sandbox::new();
    s.run("session c1");
    s.console_line(Some("c1"), "server stop");
    s.console_line(Some("c1"), "tick 1000");
    s.console_line(Some("c1"), "server start");
    assert!(s
        .script()
        .contains("server stop\ntick 1000\nserver start\n"));
    assert!(zkplay_parts(&s, Some("c1"))
        .iter()
        .all(|n| matches!(n, Note::Ran(_))));
    // The client saw its server go away between the lines.
    let parts = s.console_parts(Some("c1"), 100);
    let ran_at = parts
        .iter()
        .position(|p| *p == ConsolePart::Zkplay(Note::Ran("server stop".into())))
        .unwrap();
    assert!(parts[ran_at + 1..]
        .iter()
        .any(|p| p.to_string().contains("Disconnected")));
}

#[test]
fn a_removed_command_and_a_typo_get_a_hint_after_zkcli_s_answer() {
    let mut s = Sandbox::new();
    s.run("session c1");
    let mut plain = s.clone();
    s.console_line(Some("c1"), "rmr /x");
    plain.run("c1: rmr /x");
    // zkCli answers exactly as it does without zkplay's hint.
    assert_eq!(s.console_for("c1"), plain.console_for("c1"));
    assert!(s.console_for("c1").contains("Command not found"));
    let last = s.console_parts(Some("c1"), 100).pop();
    assert_eq!(
        last,
        Some(ConsolePart::Zkplay(Note::Hint(Hint::Removed {
            command: "rmr",
            instead: "deleteall"
        })))
    );
    s.console_line(Some("c1"), "crate /x");
    assert_eq!(
        s.notes(Some("c1")).last(),
        Some(&Note::Hint(Hint::DidYouMean { command: "create" }))
    );
    // A typo of a simulator word, in the box.
    s.console_line(None, "parttion c1");
    assert_eq!(
        s.notes(None).last(),
        Some(&Note::Hint(Hint::DidYouMean {
            command: "partition"
        }))
    );
    // zkCli's own commands get no hint.
    s.console_line(Some("c1"), "ls /");
    assert_eq!(s.notes(Some("c1")).len(), 2);
}

#[test]
fn step_back_keeps_the_notes_of_lines_it_keeps() {
    let mut s = Sandbox::new();
    s.run("session c1");
    s.console_line(Some("c1"), "tick 100");
    s.console_line(Some("c1"), "create /a 1");
    s.console_line(Some("c1"), "tick 200");
    s.step_back();
    s.step_back();
    assert_eq!(s.notes(Some("c1")), vec![Note::Ran("tick 100".into())]);
}

#[test]
fn routes() {
    assert_eq!(route(Some("c1"), "srvr 3"), Route::Simulator);
    assert_eq!(route(Some("c1"), "create /x"), Route::ZkCli);
    assert_eq!(route(Some("c1"), "rmr /x"), Route::ZkCli);
    assert_eq!(route(None, "create /x"), Route::NoClient);
    assert_eq!(route(None, "c1: create /x"), Route::Simulator);
}

#[test]
fn a_number_past_its_bound_is_refused_with_the_bound_typed() {
    let mut s = Sandbox::new();
    s.run("session c1");
    for (line, max) in [
        ("tick 999999999999", 86_400_000),
        ("step 100001", 100_000),
        ("delay c1 90000000", 86_400_000),
    ] {
        s.console_line(Some("c1"), line);
        match s.notes(Some("c1")).last() {
            Some(Note::Refused(LineError::Bound(b))) => assert_eq!(b.max, max, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
    }
    assert!(!s.script().contains("tick 999999999999"));
}
