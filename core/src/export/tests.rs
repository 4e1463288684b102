//! The exporters' text: the call beside each zkCli line, the pieces of a program, and the
//! refusals with their reasons.

use super::*;

/// Each zkCli line and the one call "show code" puts beside it (`None`: no client call).
#[test]
fn show_code_gives_the_official_client_s_call() {
    let cases: &[(&str, Option<&str>)] = &[
        (
            "a: create -e /x d",
            Some(
                r#"zk.create("/x", "d".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)"#,
            ),
        ),
        (
            "a: create -s -e /q/n-",
            Some(
                r#"zk.create("/q/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL)"#,
            ),
        ),
        (
            "a: create -t 500 /t x",
            Some(
                r#"zk.create("/t", "x".getBytes(UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 500)"#,
            ),
        ),
        (
            "a: create /s x world:anyone:r",
            Some(
                r#"zk.create("/s", "x".getBytes(UTF_8), Arrays.asList(new ACL(Perms.READ, new Id("world", "anyone"))), CreateMode.PERSISTENT)"#,
            ),
        ),
        ("a: get -w /x", Some(r#"zk.getData("/x", true, null)"#)),
        ("a: get -s /x", Some(r#"zk.getData("/x", false, stat)"#)),
        ("a: getEphemerals /", Some(r#"zk.getEphemerals("/")"#)),
        ("a: whoami", Some("zk.whoAmI()")),
        ("a: deleteall /d", Some(r#"ZKUtil.deleteRecursive(zk, "/d", 1000)"#)),
        ("a: expire", Some("new ZooKeeper(connect, 30000, watcher, zk.getSessionId(), zk.getSessionPasswd()).close()")),
        (
            "a: set -v 3 /x v",
            Some(r#"zk.setData("/x", "v".getBytes(UTF_8), 3)"#),
        ),
        ("a: delete /x", Some(r#"zk.delete("/x", -1)"#)),
        ("a: stat -w /x", Some(r#"zk.exists("/x", true)"#)),
        ("a: ls /", Some(r#"zk.getChildren("/", false)"#)),
        (
            "a: addWatch -m PERSISTENT /x",
            Some(r#"zk.addWatch("/x", AddWatchMode.PERSISTENT)"#),
        ),
        (
            "a: removewatches /x -d",
            Some(r#"zk.removeAllWatches("/x", WatcherType.Data, false)"#),
        ),
        (
            "a: sync /",
            Some(r#"zk.sync("/", (code, p, ctx) -> rc.complete(code), null)"#),
        ),
        ("a: close", Some("zk.close()")),
        ("a: history", None),
        ("a: frobnicate", None),
        ("tick 100", None),
        ("crash a", None),
    ];
    for (line, want) in cases {
        assert_eq!(
            line_code(line, Lang::Java).as_deref(),
            *want,
            "show code for {line}"
        );
        assert_eq!(line_code(line, Lang::Curator).as_deref(), *want, "{line}");
    }
    // As typed in a session's console, without the session's name.
    assert_eq!(
        line_code("get -w /x", Lang::Java).as_deref(),
        Some(r#"zk.getData("/x", true, null)"#)
    );
    assert_eq!(line_code("tick 100", Lang::Java), None);
    let multi = line_code("a: multi\n  check /m 0\n  set /m v\nend", Lang::Java).unwrap();
    assert_eq!(
        multi,
        "zk.transaction()\n    .check(\"/m\", 0)\n    .setData(\"/m\", \"v\".getBytes(UTF_8), -1)\n    .commit()"
    );
}

/// The pieces of a program: the session, the line as a `zkCli` block, the comments, waiting.
#[test]
fn a_program_writes_each_line_as_its_call_with_the_scenario_s_comments() {
    let program = export(
        "# Config in one node.\nsession a timeout=4000\n\n# Read it back.\na: get /cfg\ntick 500\ncrash a\n# the end\n",
        Lang::Java,
    )
    .unwrap();
    let expected = [
        "        // Config in one node.\n        ZooKeeper a = open(\"a\", 4000);\n",
        "        // Read it back.\n        zkCli(a, \"get /cfg\", () -> {\n            byte[] data = a.getData(\"/cfg\", false, null);\n",
        "        sleep(500);\n",
        "        crash(a);\n        // the end\n        end();\n",
        "public class Scenario {",
        "zk.getTestable().injectSessionExpiration();",
    ];
    for piece in expected {
        assert!(program.contains(piece), "{piece} missing in:\n{program}");
    }
}

/// Session names become Java identifiers that cannot clash with keywords or each other.
#[test]
fn session_names_become_java_variables() {
    let program = export(
        "session 1st\nsession new\nsession a-b\nsession a_b\n1st: ls /\n",
        Lang::Java,
    )
    .unwrap();
    for piece in [
        "ZooKeeper zk_1st = open(\"1st\", 30000);",
        "ZooKeeper zk_new = open(\"new\", 30000);",
        "ZooKeeper a_b = open(\"a-b\", 30000);",
        "ZooKeeper a_b_ = open(\"a_b\", 30000);",
        "zk_1st.getChildren(\"/\", false)",
    ] {
        assert!(program.contains(piece), "{piece} missing in:\n{program}");
    }
    // A second `session` line for a name opens a new session: a new variable.
    let again = export("session a\na: close\nsession a\na: ls /\n", Lang::Java).unwrap();
    assert!(
        again.contains("ZooKeeper a_ = open(\"a\", 30000);"),
        "{again}"
    );
    assert!(again.contains("a_.getChildren(\"/\", false)"), "{again}");
}

#[test]
fn strings_are_java_literals() {
    let program = export("session a\na: create /配置 'say \"hi\" \\o/'\n", Lang::Java).unwrap();
    assert!(
        program.contains(r#"a.create("/\u914d\u7f6e", "say \"hi\" \\o/".getBytes(UTF_8)"#),
        "{program}"
    );
}

/// What cannot be exported is refused with the line and why, never dropped.
#[test]
fn refusals_name_the_line_and_the_reason() {
    let cases: &[(&str, Lang, &str)] = &[
        ("", Lang::Java, "the scenario has no line to export"),
        ("# only a comment\n", Lang::Curator, "no line to export"),
        (
            "session a\npause a soon\n",
            Lang::Java,
            "line 2 of the scenario does not parse",
        ),
        (
            "session a\npartition a\n",
            Lang::Java,
            "line 2 ('partition a') cannot be exported: a network partition",
        ),
        (
            "session a\nserver stop\n",
            Lang::Java,
            "stopping or starting the server",
        ),
        (
            "session a\nstep 3\n",
            Lang::Java,
            "'step' advances the simulation",
        ),
        (
            "ensemble 3\n",
            Lang::Java,
            "an ensemble's servers are simulated",
        ),
        (
            "recipe lock /l on a,b\n",
            Lang::Java,
            "export with --lang curator",
        ),
        (
            "session a\nb: ls /\n",
            Lang::Java,
            "no 'session' line before it",
        ),
        (
            "session a\na: history\n",
            Lang::Java,
            "a command of the zkCli shell itself",
        ),
        (
            "session a\na: frobnicate\n",
            Lang::Java,
            "zkCli refuses this line",
        ),
        ("session a\na: ls /\n", Lang::Curator, "runs no recipe"),
        (
            "recipe election-naive /m on a,b\n",
            Lang::Curator,
            "the naive one",
        ),
        (
            "recipe lock /l on a,b fencing=on\n",
            Lang::Curator,
            "no fencing token",
        ),
        (
            "recipe queue-producer /q on a,b\n",
            Lang::Curator,
            "several producers on one queue",
        ),
        (
            "recipe naming /ids on a,b\n",
            Lang::Curator,
            "several naming clients on one line",
        ),
        (
            "recipe lb-server /svc on a,b\n",
            Lang::Curator,
            "several lb-servers on one line",
        ),
        (
            "recipe barrier /b on a rounds=2\n",
            Lang::Curator,
            "rounds= is not exported here",
        ),
        (
            "recipe mw-master /mw on a,b\n",
            Lang::Curator,
            "several mw-masters on one line",
        ),
        (
            "recipe mw-worker /mw on a,b\n",
            Lang::Curator,
            "several mw-workers on one line",
        ),
        (
            "recipe barrier /g on a\na: get -s /g\n",
            Lang::Curator,
            "only delete, get, ls and set",
        ),
    ];
    for (script, lang, why) in cases {
        let e = export(script, *lang).expect_err(script).to_string();
        assert!(e.contains(why), "{script:?} as {}: {e}", lang.name());
    }
}

#[test]
fn curator_runs_each_recipe_client_in_its_own_framework() {
    let program = export(
        "# Two contenders.\nrecipe lock /locks/db on c1,c2 hold=500\nrecipe double-barrier /b on x,y,z hold=0\ntick 2000\nc1: ls /locks/db\n",
        Lang::Curator,
    )
    .unwrap();
    for piece in [
        "import org.apache.curator.framework.recipes.locks.InterProcessMutex;",
        "        // Two contenders.\n        // recipe lock /locks/db on c1,c2: Curator's InterProcessMutex.\n        CuratorFramework c1 = curator(\"c1\");\n        lock(c1, \"c1\", \"/locks/db\", 500);\n",
        "doubleBarrier(z, \"z\", \"/b\", 3, 1);",
        "zkCli(\"c1\", \"ls /locks/db\", () -> {\n            List<String> children = new ArrayList<>(c1.getChildren().forPath(\"/locks/db\"));",
        "new InterProcessMutex(client, path)",
    ] {
        assert!(program.contains(piece), "{piece} missing in:\n{program}");
    }
}

#[test]
fn curator_writes_the_book_s_roles_on_the_framework_and_a_crash() {
    let program = export(
        "recipe queue-producer /q on pr items=3\nrecipe queue-consumer /q on k\nrecipe config-worker /app on w\nrecipe config-manager /app on m items=2 interval=100\ncrash w\nrecipe naming /ids on n items=2\nrecipe lb-server /svc on s items=1\nrecipe lb-client /svc on lc\nrecipe mw-master /mw on mm\nrecipe mw-worker /mw on mw hold=300\nrecipe mw-client /mw on mc items=2\nrecipe election /e on el hold=300 rounds=2\n",
        Lang::Curator,
    )
    .unwrap();
    for piece in [
        "        // recipe queue-producer /q on pr: the book's queue on Curator's framework",
        "queueProducer(pr, \"pr\", \"/q\", 3, 200);",
        "queueConsumer(k, \"k\", \"/q\", 200);",
        "configWorker(w, \"w\", \"/app\");",
        "configManager(m, \"m\", \"/app\", 2, 100);",
        "crash(w, \"w\", \"config-worker\");",
        "CuratorCache.build(client, config, CuratorCache.Options.SINGLE_NODE_CACHE)",
        "zk.getTestable().injectSessionExpiration();",
        "naming(n, \"n\", \"/ids\", 2);",
        "lbServer(s, \"s\", \"/svc\", 1, 200);",
        "lbClient(lc, \"lc\", \"/svc\");",
        "mwMaster(mm, \"mm\", \"/mw\");",
        "mwWorker(mw, \"mw\", \"/mw\", 300);",
        "mwClient(mc, \"mc\", \"/mw\", 2);",
        "election(el, \"el\", \"/e\", 300, 2);",
    ] {
        assert!(program.contains(piece), "{piece} missing in:\n{program}");
    }
}

/// javac reads `\uXXXX` even in comments: a script comment's backslashes are doubled, so a
/// comment cannot end early or break the file; `_` (a keyword since Java 9) is no variable.
#[test]
fn java_comments_and_names_cannot_break_the_program() {
    let program = export(
        "# C:\\users and \\u000a end\nsession _\n_: ls /\n",
        Lang::Java,
    )
    .expect("exports");
    assert!(
        program.contains("// C:\\\\users and \\\\u000a end"),
        "{program}"
    );
    assert!(!program.contains("ZooKeeper _ ="), "{program}");
}
