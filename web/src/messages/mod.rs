//! The page's message catalogue: every user-visible string of the page has a key ([`Msg`]) with
//! its English and its 简体中文 (the table is `catalogue.rs`), and the few messages composed
//! from several keys and the engine's values are composed here. What stays as ZooKeeper prints
//! it (zkCli output, paths, data, event and error names, Stat fields) never comes from here; the
//! tutorial's lessons keep their text with them in `zkplay_core::tutorial`.

mod catalogue;

use std::fmt::{Display, Write};

use zkplay_core::load::{Estimate, Progress};
use zkplay_core::sandbox::ImportError;
use zkplay_core::share::ShareError;
use zkplay_core::tutorial::Lang;

use crate::state::{LoadSource, Problem};
use crate::storage::StorageError;

pub use catalogue::Msg;

impl Msg {
    /// The message in a language, as it is.
    pub fn text(self, l: Lang) -> &'static str {
        let (en, zh) = self.pair();
        match l {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The message in a language with `{0}`, `{1}` … replaced by `args`.
    pub fn fill(self, l: Lang, args: &[&dyn Display]) -> String {
        let template = self.text(l);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some((before, n, after)) = next_placeholder(rest) {
            out.push_str(before);
            if let Some(arg) = args.get(n) {
                let _ = write!(out, "{arg}");
            }
            rest = after;
        }
        out.push_str(rest);
        out
    }
}

/// The text before the first `{N}`, N, and the text after it.
fn next_placeholder(text: &str) -> Option<(&str, usize, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let after = &text[open + 1..];
        if let Some((n, rest)) = after
            .split_once('}')
            .and_then(|(n, rest)| Some((n.parse().ok()?, rest)))
        {
            return Some((&text[..open], n, rest));
        }
        from = open + 1;
    }
    None
}

/// What a load's source is called in a sentence.
fn source(s: LoadSource) -> Msg {
    match s {
        LoadSource::Link => Msg::SourceLink,
        LoadSource::File => Msg::SourceFile,
        LoadSource::Saved => Msg::SourceSaved,
    }
}

/// The question before a big link or file runs: what it is about to do.
pub fn load_prompt(l: Lang, s: LoadSource, e: &Estimate) -> String {
    Msg::LoadPrompt.fill(
        l,
        &[
            &source(s).text(l),
            &count(e.sessions as u64),
            &duration(l, e.simulated_ms),
            &count(e.lines as u64),
            &count(e.events),
        ],
    )
}

/// The line beside the progress bar.
pub fn load_progress(l: Lang, s: LoadSource, p: &Progress) -> String {
    Msg::LoadProgress.fill(
        l,
        &[
            &source(s).text(l),
            &count(p.lines_done as u64),
            &count(p.lines_total as u64),
            &duration(l, p.now_ms),
        ],
    )
}

/// A whole number with thousands separators (1,234,567).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Simulated time in the largest unit that still reads well.
pub fn duration(l: Lang, ms: u64) -> String {
    const UNITS: [(u64, Msg, Msg); 4] = [
        (86_400_000, Msg::Day, Msg::Days),
        (3_600_000, Msg::Hour, Msg::Hours),
        (60_000, Msg::Minute, Msg::Minutes),
        (1_000, Msg::Second, Msg::Seconds),
    ];
    let (size, one, many) = UNITS
        .iter()
        .copied()
        .find(|(size, ..)| ms >= 2 * size)
        .unwrap_or(UNITS[3]);
    let n = ms / size;
    (if n == 1 { one } else { many }).fill(l, &[&count(n)])
}

/// A problem in words: the page's sentence, then, when the words are the engine's (a script
/// line's error), those words, which are not translated.
pub fn problem(l: Lang, p: &Problem) -> (String, Option<String>) {
    let said = |m: Msg| (m.text(l).to_string(), None);
    let after =
        |m: Msg, (text, detail): (String, Option<String>)| (format!("{}{text}", m.text(l)), detail);
    match p {
        Problem::Busy => said(Msg::Busy),
        Problem::NoClient => said(Msg::NoClientSelected),
        Problem::Script(engine) => (Msg::CouldNotRun.text(l).into(), Some(engine.clone())),
        Problem::Import(e) => after(Msg::CouldNotImport, import_error(l, e)),
        Problem::Link(e) => after(Msg::CouldNotOpenLink, (share_error(l, e), None)),
        Problem::LinkScript(e) => after(Msg::CouldNotOpenLink, import_error(l, e)),
        Problem::Saved(e) => after(Msg::CouldNotRestore, import_error(l, e)),
        Problem::Storage(StorageError::Missing) => said(Msg::NoStorage),
        Problem::Storage(StorageError::Full) => said(Msg::StorageFull),
    }
}

fn import_error(l: Lang, e: &ImportError) -> (String, Option<String>) {
    match e {
        ImportError::TooBig { bytes, bytes_max } => (
            Msg::ScriptTooBig.fill(l, &[&count(*bytes as u64), &count(*bytes_max as u64)]),
            None,
        ),
        ImportError::NewerFormat { found } => (Msg::NewerScenario.fill(l, &[found]), None),
        ImportError::Line { line, why } => (Msg::BadLine.fill(l, &[line]), Some(why.clone())),
    }
}

fn share_error(l: Lang, e: &ShareError) -> String {
    match e {
        ShareError::NotALink => Msg::NotALink.text(l).into(),
        ShareError::NewerFormat { found } => Msg::NewerLink.fill(l, &[found]),
        ShareError::TooLong { bytes_max } => Msg::LinkTooLong.fill(l, &[&count(*bytes_max as u64)]),
        ShareError::Corrupted { character } => Msg::LinkCorrupted.fill(l, &[character]),
        ShareError::Truncated => Msg::LinkTruncated.text(l).into(),
        ShareError::NotText => Msg::LinkNotText.text(l).into(),
    }
}

/// A kind of watch as the engine names it (`data`, `exists`, `child`, `persistent`,
/// `recursive`, `persistent-recursive`), in words.
pub fn watch_kind(l: Lang, kind: &str) -> String {
    let key = match kind {
        "data" => Msg::WatchData,
        "exists" => Msg::WatchExists,
        "child" => Msg::WatchChild,
        "persistent" => Msg::WatchPersistent,
        "recursive" => Msg::WatchRecursive,
        "persistent-recursive" => Msg::WatchPersistentRecursive,
        other => return other.to_string(),
    };
    key.text(l).to_string()
}

/// A client's state in words: ZooKeeper's own state names stay as ZooKeeper says them
/// (`None`); the one zkplay adds, a crashed client, is translated.
pub fn client_state(l: Lang, state: &str) -> Option<&'static str> {
    (state == "Crashed").then(|| Msg::StateCrashed.text(l))
}

/// A recipe path's family (the first word of its kind: `lock`, `rwlock`, `mw` …) in words.
pub fn recipe_family(l: Lang, kind: &str) -> String {
    let family = kind.split('-').next().unwrap_or(kind);
    let key = match family {
        "lock" => Msg::FamilyLock,
        "election" => Msg::FamilyElection,
        "rwlock" => Msg::FamilyRwlock,
        "queue" => Msg::FamilyQueue,
        "barrier" => Msg::FamilyBarrier,
        "double" => Msg::FamilyDouble,
        "config" => Msg::FamilyConfig,
        "naming" => Msg::FamilyNaming,
        "lb" => Msg::FamilyLb,
        "mw" => Msg::FamilyMw,
        "shard" => Msg::FamilyShard,
        other => return other.to_string(),
    };
    key.text(l).to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Words a Chinese text may hold as they are: names, and ZooKeeper's own terms (the same
    /// list as the end-to-end test's).
    #[rustfmt::skip]
    const PROPER_NOUNS: &[&str] = &[
        "ZooKeeper", "zkplay", "zkCli", "znode", "English", "Stat", "ACL", "TTL", "Tab", "Ctrl", "HBase",
        "Kafka", "Solr", "Facebook", "Overseer", "Messages",
    ];

    /// Words of three or more Latin letters (not part of a number) that are not proper nouns:
    /// what the end-to-end test looks for in the Chinese page.
    fn english_words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .filter(|w| !PROPER_NOUNS.contains(w))
            .map(str::to_string)
            .collect()
    }

    fn placeholders(text: &str) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some((_, n, after)) = next_placeholder(rest) {
            out.insert(n);
            rest = after;
        }
        out
    }

    /// The form's words for what an option means are core's own, in English.
    #[test]
    fn option_meanings_are_cores_in_english() {
        use crate::components::recipes::meaning_words;
        use zkplay_core::recipes::kinds::KINDS;
        for k in KINDS {
            for (_, m) in k.options {
                assert_eq!(meaning_words(*m).pair().0, m.english(), "{}", k.name);
            }
        }
    }

    #[test]
    fn every_message_is_in_both_languages() {
        for m in Msg::ALL {
            let (en, zh) = m.pair();
            assert!(!en.trim().is_empty(), "{m:?} has no English");
            assert!(!zh.trim().is_empty(), "{m:?} has no Chinese");
            assert_eq!(placeholders(en), placeholders(zh), "{m:?}: {en} / {zh}");
            // The same text in both only when it holds no English word: a name, a symbol.
            assert!(
                zh != en || english_words(en).is_empty(),
                "{m:?} is not translated: {zh}"
            );
            assert!(
                english_words(zh).is_empty(),
                "{m:?} has English in its Chinese: {:?}",
                english_words(zh)
            );
        }
    }

    #[test]
    fn the_tutorial_in_chinese_has_english_only_in_its_code() {
        use zkplay_core::tutorial::{lessons, spans, Span};
        for l in lessons() {
            let steps = l.steps.iter().flat_map(|s| [s.task, s.explanation]);
            for text in [l.title, l.intro].into_iter().chain(steps) {
                for span in spans(text.zh) {
                    if let Span::Prose(words) = span {
                        let english = english_words(words);
                        assert!(english.is_empty(), "{}: {english:?} in {}", l.id, text.zh);
                    }
                }
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Msg::StepAndSeed.fill(Lang::En, &[&3, &42]),
            "step 3 · seed 42"
        );
        assert_eq!(
            Msg::StepAndSeed.fill(Lang::Zh, &[&3, &42]),
            "第 3 步 · 种子 42"
        );
        assert_eq!(
            Msg::Tagline.fill(Lang::En, &[]),
            Msg::Tagline.text(Lang::En)
        );
        // Braces that are not a placeholder stay.
        assert_eq!(next_placeholder("a {x} b"), None);
        assert_eq!(next_placeholder("{x} {1}!"), Some(("{x} ", 1, "!")));
    }

    #[test]
    fn counts_and_durations_read_well() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(56_164_000), "56,164,000");
        assert_eq!(duration(Lang::En, 100 * 86_400_000), "100 days");
        assert_eq!(duration(Lang::En, 86_400_000), "24 hours");
        assert_eq!(duration(Lang::En, 1_500), "1 second");
        assert_eq!(duration(Lang::En, 0), "0 seconds");
        assert_eq!(duration(Lang::Zh, 100 * 86_400_000), "100 天");
    }

    #[test]
    fn the_prompt_says_what_a_script_will_do_in_both_languages() {
        let e = Estimate {
            lines: 120,
            sessions: 20,
            simulated_ms: 100 * 86_400_000,
            events: 56_164_000,
        };
        let en = load_prompt(Lang::En, LoadSource::Link, &e);
        for part in [
            "share link",
            "20 sessions",
            "100 days",
            "120 lines",
            "56,164,000",
        ] {
            assert!(en.contains(part), "{en}");
        }
        let zh = load_prompt(Lang::Zh, LoadSource::Link, &e);
        for part in ["分享链接", "20 个会话", "100 天", "120 行"] {
            assert!(zh.contains(part), "{zh}");
        }
    }

    #[test]
    fn problems_are_worded_in_the_page_language_with_the_engine_words_apart() {
        let line = Problem::Import(ImportError::Line {
            line: 2,
            why: "unknown command".into(),
        });
        assert_eq!(
            problem(Lang::Zh, &line),
            ("无法导入：第 2 行：".into(), Some("unknown command".into()))
        );
        let link = Problem::Link(ShareError::Corrupted { character: '@' });
        assert_eq!(
            problem(Lang::En, &link).0,
            "could not open the share link: the link is corrupted (unexpected character '@')"
        );
        // The English wording is core's own.
        let newer = ImportError::NewerFormat { found: "v7".into() };
        assert_eq!(import_error(Lang::En, &newer).0, newer.to_string());
        assert!(english_words(&problem(Lang::Zh, &link).0).is_empty());
    }

    #[test]
    fn zookeeper_state_names_stay_and_kinds_are_translated() {
        assert_eq!(client_state(Lang::Zh, "SyncConnected"), None);
        assert_eq!(client_state(Lang::Zh, "Crashed"), Some("已崩溃"));
        assert_eq!(watch_kind(Lang::Zh, "child"), "子节点");
        assert_eq!(watch_kind(Lang::En, "child"), "child");
        assert_eq!(recipe_family(Lang::Zh, "rwlock-read"), "读写锁");
        assert_eq!(recipe_family(Lang::En, "mw-master"), "mw");
    }
}
