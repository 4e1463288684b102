//! `zkplay serve --record`: a real client's run written as a zkplay script — its session, each
//! request as a zkCli line in the order it arrived — which `zkplay run` replays on the
//! simulation to the same tree.

use zkplay_cli::{run_text, Mode, Target};
use zkplay_tests::ZkplayServe;

const SCRIPT: &str = "session a\nsession b\na: create /app \"\"\nb: ls -w /app\na: create -e /app/w1 busy\na: create -s /app/job- x\na: multi\n  create /app/m 1\n  set /app m 0\nend\nb: get -s /app\na: delete /app/w1\na: ls -R /app\n";

#[test]
fn a_recorded_run_replays_to_the_same_tree() {
    let dir = std::env::temp_dir().join(format!("zkplay-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("run.zk");
    let server = ZkplayServe::start_recording("", Some(&file)).expect("zkplay serve");
    let live = run_text(SCRIPT, Mode::Text, &Target::Server(server.addr())).expect("live run");
    let recorded = std::fs::read_to_string(&file).expect("the record");
    let lines: Vec<&str> = recorded
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("sleep") && !l.starts_with("clock"))
        // The wire client checks its connections with `stat /` between lines.
        .filter(|l| !l.ends_with(": stat /"))
        .collect();
    assert_eq!(
        lines,
        [
            "session s1 timeout=30000",
            "session s2 timeout=30000",
            "s1: create /app \"\"",
            "s2: ls -w /app",
            "s1: create -e /app/w1 busy",
            "s1: create -s /app/job- x",
            "s1: multi",
            "  create /app/m 1",
            "  set /app m 0",
            "end",
            "s2: get /app",
            "s1: delete /app/w1",
            // `ls -R` as the wire client walks it.
            "s1: get /app",
            "s1: ls /app",
            "s1: ls /app/job-0000000001",
            "s1: ls /app/m",
            "s1: close",
            "s2: close",
        ],
        "{recorded}"
    );
    let replay = run_text(&recorded, Mode::Text, &Target::Simulated).expect("replay");
    // The page's Import takes it as it is.
    let page = zkplay_core::sandbox::Sandbox::import(&recorded);
    assert!(
        page.is_ok(),
        "the page refuses the record: {:?}",
        page.err()
    );
    assert!(!replay.contains("Error"), "{replay}");
    // Both runs ended with the same tree.
    assert!(live.contains("/app/job-0000000001\n/app/m\n"), "{live}");
    assert!(replay.contains("[job-0000000001, m]"), "{replay}");
    let _ = std::fs::remove_dir_all(&dir);
}
