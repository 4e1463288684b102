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
