//! The page shows why a scenario cannot be exported in its language: every reason the
//! exporters give (`ExportError::Unsupported::why`, English) for any line of the tutorial's,
//! the case studies' and the test scenarios — each whole, each lesson as far as each step, and
//! each line alone — has its 简体中文 (`zkplay_core::export::why_zh`), and the table holds no
//! reason no longer given.

use std::collections::BTreeSet;
use std::path::Path;

use zkplay_core::export::{export, why_zh, ExportError, Lang, WHY_ZH};
use zkplay_tests::scripts_in;

fn corpus() -> Vec<String> {
    use zkplay_core::tutorial::{lessons, script_before};
    let mut v = Vec::new();
    for l in lessons() {
        for at in 0..=l.steps.len() {
            v.push(script_before(l, at));
        }
    }
    for c in zkplay_core::cases::CASES {
        v.push(c.script.to_string());
    }
    for dir in ["scenarios", "sim_scenarios", "export_scenarios"] {
        for f in scripts_in(dir) {
            v.push(std::fs::read_to_string(&f).expect("read scenario"));
        }
    }
    // Each line alone, after a session for it, as the page's console would export it.
    let lines: BTreeSet<String> = v
        .iter()
        .flat_map(|s| {
            s.lines()
                .map(str::trim)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for line in lines {
        let session = line.split_once(':').map(|(s, _)| s.trim().to_string());
        match session.filter(|s| !s.contains(' ')) {
            Some(s) => v.push(format!("session {s}\n{line}\n")),
            None => v.push(format!("{line}\n")),
        }
    }
    v
}

#[test]
fn every_reason_an_export_is_refused_has_its_chinese() {
    let mut missing = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for script in corpus() {
        for lang in Lang::ALL {
            if let Err(ExportError::Unsupported { why, .. }) = export(&script, lang) {
                seen.insert(why);
                if why_zh(why).is_none() {
                    missing.insert(why);
                }
            }
        }
    }
    assert!(seen.len() >= 20, "only {} reasons seen", seen.len());
    // A reason the scenarios do not reach may still be given for other input: a stale one is
    // one no exporter's source has any more.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/src/export");
    let sources: String = ["java.rs", "curator.rs", "python.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).expect("an exporter's source"))
        .collect();
    let stale: Vec<&str> = WHY_ZH
        .iter()
        .map(|(en, _)| *en)
        .filter(|en| !sources.contains(en))
        .collect();
    assert!(
        stale.is_empty(),
        "{} reasons in core/src/export/zh.rs are no longer given:\n{}",
        stale.len(),
        stale.join("\n")
    );
    assert!(
        missing.is_empty(),
        "{} reasons have no Chinese (core/src/export/zh.rs):\n{}",
        missing.len(),
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}
