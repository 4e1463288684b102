use super::*;
use crate::script::cli::tokenize;

fn words(line: &str) -> Vec<String> {
    tokenize(line)
}

fn three() -> EnsembleConfig {
    EnsembleConfig::new(3)
}

#[test]
fn ensemble_lines_take_their_options_and_defaults() {
    let c = parse_ensemble(&words("ensemble 3")).unwrap();
    assert_eq!(c, EnsembleConfig::new(3));
    assert_eq!(
        (c.tick_time_ms, c.init_limit_ticks, c.sync_limit_ticks),
        (2000, 10, 5)
    );
    let c = parse_ensemble(&words(
        "ensemble 5 observers=2 tickTime=200 initLimit=20 syncLimit=3 start=2,1",
    ))
    .unwrap();
    assert_eq!(c.servers(), 7);
    assert!(c.is_observer(6) && !c.is_observer(5));
    assert_eq!(c.started, Some(vec![1, 2]));
    assert!(c.starts(1) && !c.starts(3));
}

#[test]
fn every_number_is_bounded_with_a_clear_error() {
    let cases: &[(&str, &str)] = &[
        (
            "ensemble 0",
            "the number of voters must be a whole number from 1 to 9, not '0'",
        ),
        ("ensemble 10", "from 1 to 9"),
        (
            "ensemble 3 observers=10",
            "observers must be a whole number from 0 to 9",
        ),
        (
            "ensemble 3 tickTime=9",
            "tickTime must be a whole number from 10 to 60000 ms",
        ),
        ("ensemble 3 tickTime=60001", "from 10 to 60000 ms"),
        (
            "ensemble 3 initLimit=0",
            "initLimit (ticks) must be a whole number from 1 to 1000",
        ),
        (
            "ensemble 3 syncLimit=1001",
            "syncLimit (ticks) must be a whole number from 1 to 1000",
        ),
        (
            "ensemble 3 start=4",
            "server 4 is not in the ensemble: its servers are 1 to 3",
        ),
        ("ensemble 3 start=1,1", "server 1 is named twice"),
        ("ensemble 3 voters=2", "unknown ensemble option 'voters=2'"),
        ("ensemble 18446744073709551616", "from 1 to 9"),
    ];
    for (line, message) in cases {
        match parse_ensemble(&words(line)) {
            Err(e) => assert!(e.contains(message), "{line}: {e}"),
            Ok(c) => panic!("{line} parsed to {c:?}"),
        }
    }
    let c = three();
    let server_cases: &[(&str, &str)] = &[
        ("srvr 4", "server 4 is not in the ensemble"),
        (
            "srvr 0",
            "a server id must be a whole number from 1 to 18, not '0'",
        ),
        ("server 4 crash", "server 4 is not in the ensemble"),
        (
            "server 1 explode",
            "usage: server K crash|restart|stop|start",
        ),
        (
            "delay server 1 86400001",
            "the delay must be a whole number from 0 to 86400000 ms",
        ),
        ("wait server 1 leader timeout=0", "from 1 to 86400000 ms"),
        ("wait server 1 boss", "usage: wait server K"),
        ("partition servers 1,2 | 2,3", "server 2 is in both groups"),
        (
            "partition servers 1 | 2",
            "two groups naming every server once",
        ),
        (
            "partition servers 1,2,3",
            "two groups naming every server once",
        ),
        ("partition server 9", "server 9 is not in the ensemble"),
    ];
    for (line, message) in server_cases {
        match parse_server_command(&words(line), Some(&c)) {
            Some(Err(e)) => assert!(e.contains(message), "{line}: {e}"),
            other => panic!("{line} gave {other:?}"),
        }
    }
}

#[test]
fn server_lines_need_an_ensemble() {
    assert_eq!(
        parse_server_command(&words("srvr 1"), None),
        Some(Err(
            "'srvr 1' needs an 'ensemble N' line at the top of the script".into()
        ))
    );
    // The standalone simulator's lines are not server lines.
    for line in [
        "server stop",
        "server start",
        "partition a",
        "heal server",
        "delay a 10",
    ] {
        assert_eq!(
            parse_server_command(&words(line), Some(&three())),
            None,
            "{line}"
        );
    }
}

#[test]
fn lines_print_back_as_they_were_read() {
    for line in [
        "ensemble 3",
        "ensemble 5 observers=2 tickTime=200 initLimit=4 syncLimit=2 start=1,2",
    ] {
        let c = parse_ensemble(&words(line)).unwrap();
        assert_eq!(c.to_string(), line);
    }
    let c = EnsembleConfig {
        observers: 1,
        ..EnsembleConfig::new(3)
    };
    for line in [
        "server 1 crash",
        "server 2 restart",
        "server 3 stop",
        "server 4 start",
        "partition server 2",
        "heal server 2",
        "partition servers 1,2 | 3,4",
        "delay server 1 250",
        "srvr 4",
        "wait server 1 leader",
        "wait server 2 not serving timeout=5000",
        "wait server 3 serving",
        "wait server 4 observer",
        "server 1 crash stepwise",
        "server 2 restart stepwise",
        "partition server 2 stepwise",
        "heal server 2 stepwise",
        "partition servers 1,2 | 3,4 stepwise",
        "delay server 1 250 stepwise",
        "wait server 1 leader timeout=500 stepwise",
    ] {
        let parsed = parse_server_command(&words(line), Some(&c))
            .unwrap()
            .unwrap();
        assert_eq!(parsed.to_string(), line);
    }
}

#[test]
fn stepwise_ends_a_server_line_once() {
    let c = three();
    let parse = |line: &str| parse_server_command(&words(line), Some(&c));
    assert_eq!(
        parse("server 2 crash stepwise").unwrap(),
        Ok(ServerCommand::Stepwise(Box::new(ServerCommand::Act {
            server: 2,
            action: ServerAction::Crash
        })))
    );
    assert_eq!(
        parse("server 2 crash stepwise").unwrap().unwrap().servers(),
        vec![2]
    );
    assert!(parse("server 2 crash stepwise stepwise").unwrap().is_err());
    assert!(parse("server 9 crash stepwise").unwrap().is_err());
    // Not a server line: still not one with the word.
    assert!(parse("stepwise").is_none());
    assert!(parse("server stop stepwise").is_none());
    assert!(
        parse_server_command(&words("server 1 crash stepwise"), None)
            .unwrap()
            .is_err()
    );
}
