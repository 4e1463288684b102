use super::*;

#[test]
fn counts_steps_like_the_spec() {
    let s = parse_script(
        "# comment\nsession a\n\na: create /x 1\na: multi\n  check /x 0\n  delete /x\nend\nsleep 10\n",
    );
    assert_eq!(s.len(), 4);
    assert_eq!(s[2].index, 3);
    assert!(matches!(&s[2].kind, StepKind::Multi(ops) if ops.len() == 2));
    assert_eq!(s[3].kind, StepKind::Sleep { ms: 10 });
}

/// The step a one-line script parses to, or its error.
fn parse_line(line: &str) -> Result<StepKind, String> {
    match parse_script(line).remove(0).kind {
        StepKind::Invalid(e) => Err(e),
        k => Ok(k),
    }
}

/// Each bound: the value at the bound parses, the next one is a clear error naming the range.
#[test]
fn every_number_is_bounded() {
    let day = "86400000";
    let past_day = "86400001";
    let day_range = "from 0 to 86400000 ms (one day)";
    let cases: &[(&str, &str, &str)] = &[
        // (line at the bound, line past it, what the error says)
        (
            &format!("tick {day}"),
            &format!("tick {past_day}"),
            day_range,
        ),
        (
            &format!("sleep {day}"),
            &format!("sleep {past_day}"),
            day_range,
        ),
        (
            "step 100000",
            "step 100001",
            "the step count must be a whole number from 0 to 100000",
        ),
        (
            &format!("pause a {day}"),
            &format!("pause a {past_day}"),
            day_range,
        ),
        (
            &format!("delay a {day}"),
            &format!("delay a {past_day}"),
            day_range,
        ),
        (
            &format!("session a timeout={day}"),
            &format!("session a timeout={past_day}"),
            "the session timeout must be a whole number from 1 to 86400000 ms (one day)",
        ),
        (
            "session a timeout=1",
            "session a timeout=0",
            "from 1 to 86400000",
        ),
        (
            &format!("recipe lock /l on a hold={day}"),
            &format!("recipe lock /l on a hold={past_day}"),
            "hold must be a whole number from 0 to 86400000 ms (one day), not '86400001'",
        ),
        (
            &format!("recipe queue-producer /q on a interval={day}"),
            &format!("recipe queue-producer /q on a interval={past_day}"),
            "interval must be a whole number from 0 to 86400000 ms (one day)",
        ),
        (
            "recipe lock /l on a rounds=1000",
            "recipe lock /l on a rounds=1001",
            "rounds must be a whole number from 1 to 1000, not '1001'",
        ),
        (
            "recipe lock /l on a rounds=1",
            "recipe lock /l on a rounds=0",
            "from 1 to 1000",
        ),
        (
            "recipe naming /n on a items=1000",
            "recipe naming /n on a items=1001",
            "items must be a whole number from 0 to 1000, not '1001'",
        ),
        (
            "recipe double-barrier /b on a size=1000",
            "recipe double-barrier /b on a size=1001",
            "size must be a whole number from 1 to 1000, not '1001'",
        ),
        (
            "recipe double-barrier /b on a size=1",
            "recipe double-barrier /b on a size=0",
            "from 1 to 1000",
        ),
    ];
    for (ok, bad, message) in cases {
        assert!(parse_line(ok).is_ok(), "{ok}: {:?}", parse_line(ok));
        match parse_line(bad) {
            Err(e) => assert!(e.contains(message), "{bad}: {e}"),
            Ok(k) => panic!("{bad} parsed to {k:?}"),
        }
    }
    let names = |n: usize| {
        (0..n)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert!(parse_line(&format!("recipe lock /l on {}", names(1000))).is_ok());
    assert_eq!(
        parse_line(&format!("recipe lock /l on {}", names(1001))),
        Err("a recipe line names at most 1000 clients, not 1001".into())
    );
}

/// A number too big for 64 bits is refused, not wrapped (it used to release a lock at once).
#[test]
fn huge_numbers_are_errors_not_wraps() {
    for line in [
        "recipe lock /l on a hold=18446744073709551615",
        "recipe lock /l on a hold=18446744073709551616",
        "recipe queue-producer /q on a interval=18446744073709551615",
        "pause a 18446744073709551615",
        "delay a 18446744073709551615",
        "tick 18446744073709551615",
        "step 18446744073709551615",
        "session a timeout=4294967296",
    ] {
        assert!(parse_line(line).is_err(), "{line}");
    }
    assert_eq!(
        parse_line("seed 18446744073709551615"),
        Ok(StepKind::Sim(SimCommand::Seed(u64::MAX)))
    );
}

#[test]
fn each_step_keeps_its_source() {
    let s = parse_script("  session a \n# note\na: multi\n  check /x 0\nend\na: ls /\n");
    let sources: Vec<&str> = s.iter().map(|s| s.source.as_str()).collect();
    assert_eq!(
        sources,
        vec!["session a", "a: multi\n  check /x 0\nend", "a: ls /"]
    );
}

/// The ensemble line comes first; server lines and `server=` need it and name its servers.
#[test]
fn ensemble_lines_in_their_context() {
    let s = parse_script(
        "seed 3\nclock 2026-01-01T00:00:00Z\nensemble 3 tickTime=200\nsession a server=2\nsession b timeout=5000\nserver 3 crash\nwait server 1 leader\nsrvr 1\nserver stop\nsession c server=4\n",
    );
    let kinds: Vec<&StepKind> = s.iter().map(|s| &s.kind).collect();
    assert!(matches!(kinds[2], StepKind::Ensemble(c) if c.tick_time_ms == 200));
    assert_eq!(
        kinds[3],
        &StepKind::Session {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            server: Some(2)
        }
    );
    assert_eq!(
        kinds[4],
        &StepKind::Session {
            timeout_ms: 5000,
            server: None
        }
    );
    assert!(matches!(kinds[5], StepKind::Server(_)));
    assert!(matches!(kinds[6], StepKind::Server(_)));
    assert!(matches!(kinds[7], StepKind::Server(_)));
    assert!(
        matches!(kinds[8], StepKind::Invalid(e) if e.contains("in an ensemble, name the server"))
    );
    assert!(
        matches!(kinds[9], StepKind::Invalid(e) if e.contains("server 4 is not in the ensemble"))
    );
    let late = parse_script("session a\nensemble 3\n");
    assert!(
        matches!(&late[1].kind, StepKind::Invalid(e) if e.starts_with("the ensemble line comes first"))
    );
    let three = crate::script::ensemble_lines::EnsembleConfig::new(3);
    let continued = parse_script_in("srvr 3\nsession z server=2\nensemble 3\n", &three);
    assert!(matches!(continued[0].kind, StepKind::Server(_)));
    assert!(matches!(
        continued[1].kind,
        StepKind::Session {
            server: Some(2),
            ..
        }
    ));
    assert!(matches!(continued[2].kind, StepKind::Invalid(_)));
    let twice = parse_script("ensemble 3\nensemble 5\n");
    assert!(matches!(twice[1].kind, StepKind::Invalid(_)));
    let alone = parse_script("session a server=1\nsrvr 1\nserver stop\n");
    assert!(
        matches!(&alone[0].kind, StepKind::Invalid(e) if e.contains("needs an 'ensemble N' line"))
    );
    assert!(
        matches!(&alone[1].kind, StepKind::Invalid(e) if e.contains("needs an 'ensemble N' line"))
    );
    assert_eq!(alone[2].kind, StepKind::Sim(SimCommand::ServerStop));
}

#[test]
fn bad_lines_become_invalid_steps() {
    let s = parse_script("hello world\na: multi\n check /x\n");
    assert!(matches!(s[0].kind, StepKind::Invalid(_)));
    assert!(matches!(s[1].kind, StepKind::Invalid(_)));
}

#[test]
fn bound_broken_names_the_bound_the_parser_refuses() {
    for line in [
        "tick 86400001",
        "sleep x",
        "step 100001",
        "pause c1 86400001",
        "delay c1 -1",
    ] {
        let bound = bound_broken(line).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(
            parse_script(line)[0].kind,
            StepKind::Invalid(bound.to_string()),
            "{line}"
        );
    }
    assert_eq!(bound_broken("tick 1000"), None);
    assert_eq!(bound_broken("crash c1"), None);
}
