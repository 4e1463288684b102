//! zkCli's command parsing: tokens, options, and what zkCli refuses.

use super::*;

#[test]
fn tokenizes_quotes() {
    assert_eq!(
        tokenize(r#"create /workers """#),
        vec!["create", "/workers", ""]
    );
    assert_eq!(
        tokenize("set /a 'hello world'"),
        vec!["set", "/a", "hello world"]
    );
}

#[test]
fn parses_flags_anywhere() {
    assert_eq!(
        parse_command("removewatches /a -d").unwrap(),
        CliCommand::RemoveWatches {
            path: "/a".into(),
            kind: WatcherKind::Data,
            local: false
        }
    );
    assert_eq!(
        parse_command("delete -v -1 /a").unwrap(),
        CliCommand::Delete {
            path: "/a".into(),
            version: -1
        }
    );
    assert!(matches!(
        parse_command("create -es /a x").unwrap(),
        CliCommand::Create {
            mode: CreateMode::EphemeralSequential,
            ..
        }
    ));
}

#[test]
fn reports_zkcli_errors() {
    assert_eq!(
        parse_command("get").unwrap_err().message(),
        "get [-s] [-w] path"
    );
    assert_eq!(
        parse_command("ls -x /").unwrap_err().message(),
        "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x"
    );
    assert!(parse_command("frobnicate /")
        .unwrap_err()
        .printed()
        .starts_with("ZooKeeper -server host:port"));
    assert!(parse_command("create -c -e /a").is_err());
    assert!(parse_command("frobnicate /").is_err());
}

/// The hand-written float check takes exactly what Rust's `f64` parser takes.
#[test]
fn the_float_check_agrees_with_the_f64_parser() {
    let cases = [
        "1", "12", "1.", ".5", "1.5", ".", "", "+", "-", "1e5", "1E5", "1e", "1e+", "1e-3", "e5",
        ".e5", "1.e5", ".5e5", "inf", "INF", "Infinity", "nan", "NaN", "-inf", "+1", "--1", "1-",
        "1.2.3", "0x10", "1_000", " 1", "1 ", "1f", "1d", "infinit", "nana", "١",
    ];
    for c in cases {
        assert_eq!(super::is_float(c), c.parse::<f64>().is_ok(), "{c:?}");
    }
}
