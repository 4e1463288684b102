//! The page's message catalogue: every user-visible string of the page has a key ([`Msg`]) with
//! its English and its 简体中文 (the table is `catalogue.rs`), and the few messages composed
//! from several keys and the engine's values are composed here. What stays as ZooKeeper prints
//! it (zkCli output, paths, data, event and error names, Stat fields) never comes from here; the
//! tutorial's lessons keep their text with them in `zkplay_core::tutorial`.

mod catalogue;
mod engine;

use std::fmt::{Display, Write};

use zkplay_core::ensemble::ServerState;
use zkplay_core::load::{Estimate, Progress};
use zkplay_core::recipes::kinds::RecipeFamily;
use zkplay_core::recipes::RecipeKind;
use zkplay_core::sandbox::ImportError;
use zkplay_core::share::ShareError;
use zkplay_core::sim::ensemble::PeerState;
use zkplay_core::sim::ClientState;
use zkplay_core::tutorial::Lang;

use crate::state::{LoadSource, Problem};
use crate::storage::StorageError;

pub use catalogue::Msg;
pub use engine::{
    accepted, board_line, chain_link, console_recipe, ensemble_line, log_line, option_error,
    path_refused, pending, quote_error, refusal, route, run_error, status, summary, violation,
    watched_event, Piece, Words,
};
pub use engine::{hint, line_error, quiet_line};

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

/// A problem in words, in the page's language (ZooKeeper's words and the user's own kept
/// apart).
pub fn problem(l: Lang, p: &Problem) -> Words {
    let said = |m: Msg| Words::text(m.text(l));
    let after = |m: Msg, rest: Words| Words::text(m.text(l)).then(rest);
    match p {
        Problem::Busy => said(Msg::Busy),
        Problem::NoClient => said(Msg::NoClientSelected),
        Problem::Script(e) => after(Msg::CouldNotRun, run_error(l, e)),
        Problem::Options(e) => after(Msg::CouldNotRun, option_error(l, e)),
        Problem::RecipePath(e) => after(Msg::CouldNotRun, path_refused(l, e)),
        Problem::UnknownRecipe(kind) => after(
            Msg::CouldNotRun,
            Msg::ErrUnknownRecipe.words(l, &[Words::zk(kind)]),
        ),
        Problem::Quote(e) => after(Msg::CouldNotRun, quote_error(l, e)),
        Problem::Import(e) => after(Msg::CouldNotImport, import_error(l, e)),
        Problem::Link(e) => after(Msg::CouldNotOpenLink, Words::text(share_error(l, e))),
        Problem::LinkScript(e) => after(Msg::CouldNotOpenLink, import_error(l, e)),
        Problem::Saved(e) => after(Msg::CouldNotRestore, import_error(l, e)),
        Problem::Storage(StorageError::Missing) => said(Msg::NoStorage),
        Problem::Storage(StorageError::Full) => said(Msg::StorageFull),
    }
}

fn import_error(l: Lang, e: &ImportError) -> Words {
    match e {
        ImportError::TooBig { bytes, bytes_max } => Words::text(
            Msg::ScriptTooBig.fill(l, &[&count(*bytes as u64), &count(*bytes_max as u64)]),
        ),
        ImportError::NewerFormat { found } => Words::text(Msg::NewerScenario.fill(l, &[found])),
        ImportError::Line { line, why } => {
            Words::text(Msg::BadLine.fill(l, &[line])).then(engine::parser_said(l, why))
        }
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

/// A recipe kind's name and what it shows, in the page's words (the kinds themselves, their
/// paths and options are core's `recipes::kinds` table).
pub fn kind_words(kind: RecipeKind) -> (Msg, Msg) {
    match kind {
        RecipeKind::Lock => (Msg::KindLock, Msg::KindLockWhat),
        RecipeKind::LockNaive => (Msg::KindLockNaive, Msg::KindLockNaiveWhat),
        RecipeKind::Election => (Msg::KindElection, Msg::KindElectionWhat),
        RecipeKind::ElectionNaive => (Msg::KindElectionNaive, Msg::KindElectionNaiveWhat),
        RecipeKind::RwRead => (Msg::KindRwlockRead, Msg::KindRwlockReadWhat),
        RecipeKind::RwWrite => (Msg::KindRwlockWrite, Msg::KindRwlockWriteWhat),
        RecipeKind::QueueProducer => (Msg::KindQueueProducer, Msg::KindQueueProducerWhat),
        RecipeKind::QueueConsumer => (Msg::KindQueueConsumer, Msg::KindQueueConsumerWhat),
        RecipeKind::Barrier => (Msg::KindBarrier, Msg::KindBarrierWhat),
        RecipeKind::DoubleBarrier => (Msg::KindDoubleBarrier, Msg::KindDoubleBarrierWhat),
        RecipeKind::ConfigWorker => (Msg::KindConfigWorker, Msg::KindConfigWorkerWhat),
        RecipeKind::ConfigManager => (Msg::KindConfigManager, Msg::KindConfigManagerWhat),
        RecipeKind::Naming => (Msg::KindNaming, Msg::KindNamingWhat),
        RecipeKind::LbServer => (Msg::KindLbServer, Msg::KindLbServerWhat),
        RecipeKind::LbClient => (Msg::KindLbClient, Msg::KindLbClientWhat),
        RecipeKind::MwMaster => (Msg::KindMwMaster, Msg::KindMwMasterWhat),
        RecipeKind::MwWorker => (Msg::KindMwWorker, Msg::KindMwWorkerWhat),
        RecipeKind::MwClient => (Msg::KindMwClient, Msg::KindMwClientWhat),
        RecipeKind::HBaseMaster => (Msg::KindHBaseMaster, Msg::KindHBaseMasterWhat),
        RecipeKind::HBaseRegionServer => {
            (Msg::KindHBaseRegionServer, Msg::KindHBaseRegionServerWhat)
        }
        RecipeKind::KafkaBroker => (Msg::KindKafkaBroker, Msg::KindKafkaBrokerWhat),
        RecipeKind::SolrNode => (Msg::KindSolrNode, Msg::KindSolrNodeWhat),
        RecipeKind::ShardMaster => (Msg::KindShardMaster, Msg::KindShardMasterWhat),
        RecipeKind::ShardServer => (Msg::KindShardServer, Msg::KindShardServerWhat),
        RecipeKind::FetchMaster => (Msg::KindFetchMaster, Msg::KindFetchMasterWhat),
        RecipeKind::Fetcher => (Msg::KindFetcher, Msg::KindFetcherWhat),
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
/// (`None`); a crashed client (zkplay's) and a closed one (the learner's doing) are translated.
pub fn client_state(l: Lang, state: ClientState) -> Option<&'static str> {
    match state {
        ClientState::Crashed => Some(Msg::StateCrashed.text(l)),
        // Closed by the learner (`close`): said in the page's words, as the card's tag.
        ClientState::Closed => Some(Msg::StateClosed.text(l)),
        ClientState::Connecting
        | ClientState::SyncConnected
        | ClientState::Disconnected
        | ClientState::Expired => None,
    }
}

/// A server's role (leader, follower, observer, looking, or down), in words.
pub fn role(l: Lang, state: PeerState) -> &'static str {
    match state {
        PeerState::Up(ServerState::Leading) => Msg::RoleLeader,
        PeerState::Up(ServerState::Following) => Msg::RoleFollower,
        PeerState::Up(ServerState::Observing) => Msg::RoleObserver,
        PeerState::Up(ServerState::Looking) => Msg::RoleLooking,
        PeerState::Down => Msg::RoleDown,
    }
    .text(l)
}

/// A server in a line: `server 2 · follower · 2 txns behind`.
pub fn server_summary(l: Lang, s: &zkplay_core::sandbox::ServerView) -> String {
    let lag = match s.peer.behind {
        0 => Msg::UpToDate.text(l).to_string(),
        n => Msg::TxnsBehind.fill(l, &[&n]),
    };
    format!(
        "{} · {} · {lag}",
        Msg::ServerN.fill(l, &[&s.peer.id]),
        role(l, s.peer.state)
    )
}

/// A recipe's family in words; the case studies named after a system (`hbase`, `kafka`,
/// `solr`) keep its name.
pub fn recipe_family(l: Lang, family: RecipeFamily) -> &'static str {
    let key = match family {
        RecipeFamily::Lock => Msg::FamilyLock,
        RecipeFamily::Election => Msg::FamilyElection,
        RecipeFamily::Rwlock => Msg::FamilyRwlock,
        RecipeFamily::Queue => Msg::FamilyQueue,
        RecipeFamily::Barrier => Msg::FamilyBarrier,
        RecipeFamily::DoubleBarrier => Msg::FamilyDouble,
        RecipeFamily::Config => Msg::FamilyConfig,
        RecipeFamily::Naming => Msg::FamilyNaming,
        RecipeFamily::LoadBalancing => Msg::FamilyLb,
        RecipeFamily::MasterWorker => Msg::FamilyMw,
        RecipeFamily::Shard => Msg::FamilyShard,
        RecipeFamily::Fetching => Msg::FamilyFetching,
        RecipeFamily::HBase | RecipeFamily::Kafka | RecipeFamily::Solr => return family.name(),
    };
    key.text(l)
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
        "Kafka", "Solr", "Facebook", "Overseer", "Messages", "zxid", "Yahoo",
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
        use zkplay_core::tutorial::{lessons, spans, text_file, Span};
        // The words the page fetches (the page's own build of core has none built in).
        let file = text_file::read(include_str!("../../lessons/zh.txt")).expect("lessons/zh.txt");
        for (i, l) in lessons().iter().enumerate() {
            let steps = (0..l.steps.len()).flat_map(|j| [file.task(i, j), file.explanation(i, j)]);
            for text in [l.title.zh, file.intro(i)].into_iter().chain(steps) {
                assert!(!text.is_empty(), "{}: a text is missing", l.id);
                for span in spans(text) {
                    if let Span::Prose(words) = span {
                        let english = english_words(words);
                        assert!(english.is_empty(), "{}: {english:?} in {text}", l.id);
                    }
                }
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Msg::StepAndSeed.fill(Lang::En, &[&3, &42]),
            "event 3 · seed 42"
        );
        assert_eq!(
            Msg::StepAndSeed.fill(Lang::Zh, &[&3, &42]),
            "事件 3 · 种子 42"
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
        // The parser's own words are English only: in Chinese the page says it could not read
        // the line.
        assert_eq!(
            problem(Lang::Zh, &line).plain(),
            "无法导入：第 2 行：zkplay 读不懂这一行"
        );
        assert_eq!(
            problem(Lang::En, &line).plain(),
            "could not import: line 2: unknown command"
        );
        let link = Problem::Link(ShareError::Corrupted { character: '@' });
        assert_eq!(
            problem(Lang::En, &link).plain(),
            "could not open the share link: the link is corrupted (unexpected character '@')"
        );
        // The English wording is core's own.
        let newer = ImportError::NewerFormat { found: "v7".into() };
        assert_eq!(import_error(Lang::En, &newer).plain(), newer.to_string());
        assert!(english_words(&problem(Lang::Zh, &link).plain()).is_empty());
    }

    #[test]
    fn zookeeper_state_names_stay_and_kinds_are_translated() {
        assert_eq!(client_state(Lang::Zh, ClientState::SyncConnected), None);
        assert_eq!(client_state(Lang::Zh, ClientState::Crashed), Some("已崩溃"));
        assert_eq!(client_state(Lang::Zh, ClientState::Closed), Some("已关闭"));
        assert_eq!(client_state(Lang::En, ClientState::Closed), Some("Closed"));
        assert_eq!(watch_kind(Lang::Zh, "child"), "子节点");
        assert_eq!(watch_kind(Lang::En, "child"), "child");
        assert_eq!(
            recipe_family(Lang::Zh, RecipeKind::RwRead.family()),
            "读写锁"
        );
        assert_eq!(recipe_family(Lang::En, RecipeKind::MwMaster.family()), "mw");
    }

    /// Every typed value of the engine the page shows, with sample data: statuses, board
    /// lines, violations, message summaries, log lines, and why a line could not run. Each
    /// match lists every variant without a wildcard, so a new variant fails to compile here
    /// until it has a sample.
    mod engine_values {
        use zkplay_core::bounds::{BoundError, Unit};
        use zkplay_core::error::ZkError;
        use zkplay_core::recipes::{
            Detail, Holding, OptionError, PathRefused, Property, Rejected, Status, System,
            Violation,
        };
        use zkplay_core::sandbox::{BoardLine, ConsolePart, EnsembleLine, RunError};
        use zkplay_core::script::line::QuoteError;
        use zkplay_core::script::LineError;
        use zkplay_core::sim::{Fate, LogLine, Quiet, RequestSummary, SimError, Summary};
        use zkplay_core::stat::SessionId;
        use zkplay_core::watch::{EventType, KeeperState};

        use super::super::engine::{
            board_line, console_recipe, detail, ensemble_line, line_error, log_line, option_error,
            path_refused, property, quiet_line, quote_error, run_error, sim_error, status, summary,
            violation,
        };
        use super::super::{RecipeKind, Words};
        use super::*;

        fn s(text: &str) -> String {
            text.to_string()
        }

        fn names() -> Vec<String> {
            vec![s("c1"), s("c2")]
        }

        fn statuses() -> Vec<Status> {
            let p = || s("/locks/x");
            let mut v = vec![
                Status::Starting,
                Status::StoppedSessionGone,
                Status::StoppedCannotCreate {
                    path: p(),
                    error: ZkError::NoAuth,
                },
                Status::Crashed,
                Status::Competing { path: p() },
                Status::WaitsWithHerd { path: p() },
                Status::WaitsFor {
                    name: s("c1-lock-0000000001"),
                },
                Status::Releasing { node: p() },
                Status::Done,
                Status::ExpiredLost { path: p() },
                Status::DisconnectedLost { path: p() },
                Status::Closed,
                Status::PassedBarrier { path: p() },
                Status::WaitsAtBarrier { path: p() },
                Status::WaitsToEnter { here: 2, size: 3 },
                Status::Entered { path: p() },
                Status::Leaving,
                Status::LeavingWaitsFor { name: s("c2") },
                Status::Left { path: p() },
                Status::RunsWithConfig {
                    data: s("db=v2"),
                    version: 1,
                },
                Status::WaitsForConfig,
                Status::Published {
                    versions: 2,
                    servers: names(),
                },
                Status::Published {
                    versions: 0,
                    servers: vec![],
                },
                Status::Produced {
                    item: s("item-0000000003"),
                    left: 2,
                },
                Status::WaitingForItems { consumed: 4 },
                Status::WorkingOn {
                    item: s("item-0000000003"),
                },
                Status::GotName {
                    name: s("id-0000000001"),
                    count: 2,
                    wanted: 5,
                },
                Status::Serving { load: 7 },
                Status::NoServers,
                Status::Servers {
                    servers: vec![(s("web1"), 3), (s("web2"), 0)],
                    next: s("web1"),
                    least: s("web2"),
                },
                Status::BackupWatchesMaster,
                Status::Master { workers: names() },
                Status::Master { workers: vec![] },
                Status::MasterNoWorkers,
                Status::Assigns {
                    task: s("task-0000000001"),
                    worker: s("worker"),
                },
                Status::MovesBack {
                    task: s("task-0000000001"),
                },
                Status::DisconnectedNotMaster,
                Status::Idle { done: 3 },
                Status::Runs {
                    task: s("task-0000000001"),
                },
                Status::TasksDone { done: 1, wanted: 5 },
                Status::BackupWatches {
                    path: s("/hbase/master"),
                },
                Status::DisconnectedNotCoordinating,
                Status::LiveHosts { shards: vec![] },
                Status::LiveHosts {
                    shards: vec![s("shard1"), s("shard2")],
                },
                Status::RegisteredAt {
                    path: s("/hbase/rs/regionserver"),
                },
            ];
            for how in [
                Holding::Reads,
                Holding::Writes,
                Holding::Lock,
                Holding::Leads,
            ] {
                v.push(Status::Holds { how, node: p() });
            }
            for system in [
                System::HBase,
                System::Kafka,
                System::Solr,
                System::Messages,
                System::Fetching,
            ] {
                v.push(Status::Coordinating {
                    system,
                    epoch: (system == System::Kafka).then_some(2),
                    live: 3,
                    items: 6,
                });
            }
            v
        }

        /// Which variant (no wildcard: a new one fails to compile until it has a sample).
        fn status_variant(s: &Status) -> usize {
            match s {
                Status::Starting => 0,
                Status::StoppedSessionGone => 1,
                Status::StoppedCannotCreate { .. } => 2,
                Status::Crashed => 3,
                Status::Competing { .. } => 4,
                Status::Holds { .. } => 5,
                Status::WaitsWithHerd { .. } => 6,
                Status::WaitsFor { .. } => 7,
                Status::Releasing { .. } => 8,
                Status::Done => 9,
                Status::ExpiredLost { .. } => 10,
                Status::DisconnectedLost { .. } => 11,
                Status::Closed => 12,
                Status::PassedBarrier { .. } => 13,
                Status::WaitsAtBarrier { .. } => 14,
                Status::WaitsToEnter { .. } => 15,
                Status::Entered { .. } => 16,
                Status::Leaving => 17,
                Status::LeavingWaitsFor { .. } => 18,
                Status::Left { .. } => 19,
                Status::RunsWithConfig { .. } => 20,
                Status::WaitsForConfig => 21,
                Status::Published { .. } => 22,
                Status::Produced { .. } => 23,
                Status::WaitingForItems { .. } => 24,
                Status::WorkingOn { .. } => 25,
                Status::GotName { .. } => 26,
                Status::Serving { .. } => 27,
                Status::NoServers => 28,
                Status::Servers { .. } => 29,
                Status::BackupWatchesMaster => 30,
                Status::Master { .. } => 31,
                Status::MasterNoWorkers => 32,
                Status::Assigns { .. } => 33,
                Status::MovesBack { .. } => 34,
                Status::DisconnectedNotMaster => 35,
                Status::Idle { .. } => 36,
                Status::Runs { .. } => 37,
                Status::TasksDone { .. } => 38,
                Status::BackupWatches { .. } => 39,
                Status::Coordinating { .. } => 40,
                Status::DisconnectedNotCoordinating => 41,
                Status::LiveHosts { .. } => 42,
                Status::RegisteredAt { .. } => 43,
            }
        }
        const STATUS_VARIANTS: usize = 44;

        fn details() -> Vec<Detail> {
            vec![
                Detail::HoldTogether {
                    resource: s("/rw"),
                    holders: names(),
                },
                Detail::AllLead {
                    resource: s("/master"),
                    holders: names(),
                },
                Detail::StaleWrite {
                    resource: s("/locks/x"),
                    client: s("c1"),
                    token: 3,
                    owner: s("c2"),
                    best: 5,
                },
                Detail::ConsumedAgain {
                    item: s("/q/item-0000000001"),
                    client: s("c2"),
                },
                Detail::EnteredEarly {
                    client: s("c1"),
                    resource: s("/b"),
                    joined: 1,
                    size: 3,
                },
                Detail::HandedOutTwice {
                    name: s("/names/id-0000000001"),
                },
                Detail::CompletedAgain {
                    task: s("task-0000000001"),
                    client: s("c2"),
                },
                Detail::TwoLeaders {
                    epoch: 2,
                    leaders: vec![1, 3],
                },
                Detail::LeaderLacksCommitted {
                    leader: 2,
                    epoch: 3,
                },
                Detail::LeaderLacksAcknowledged {
                    leader: 2,
                    epoch: 3,
                    zxid: 0x2_0000_0001,
                },
                Detail::Diverged {
                    server: 1,
                    zxid: 0x2_0000_0001,
                    other: 0x1_0000_0004,
                },
                Detail::ZxidWentBack {
                    client: s("c1"),
                    zxid: 0x1_0000_0002,
                    seen: 0x1_0000_0003,
                },
                Detail::Anomaly {
                    anomaly: zkplay_core::ensemble::Anomaly::CommitNotNext {
                        peer: 2,
                        zxid: 0x1_0000_0003,
                    },
                },
            ]
        }

        fn detail_variant(d: &Detail) -> usize {
            match d {
                Detail::HoldTogether { .. } => 0,
                Detail::AllLead { .. } => 1,
                Detail::StaleWrite { .. } => 2,
                Detail::ConsumedAgain { .. } => 3,
                Detail::EnteredEarly { .. } => 4,
                Detail::HandedOutTwice { .. } => 5,
                Detail::CompletedAgain { .. } => 6,
                Detail::TwoLeaders { .. } => 7,
                Detail::LeaderLacksCommitted { .. } => 8,
                Detail::LeaderLacksAcknowledged { .. } => 9,
                Detail::Diverged { .. } => 10,
                Detail::ZxidWentBack { .. } => 11,
                Detail::Anomaly { .. } => 12,
            }
        }

        fn summaries() -> Vec<Summary> {
            let session = SessionId(0x0100_0000_1234_0000);
            let mut v = vec![
                Summary::Connect { timeout_ms: 30000 },
                Summary::Reconnect {
                    session,
                    timeout_ms: 30000,
                },
                Summary::Established {
                    session,
                    timeout_ms: 30000,
                },
                Summary::SessionExpired,
                Summary::SetWatches {
                    name: "setWatches2",
                    relative_zxid: 7,
                    data: 1,
                    exist: 0,
                    child: 2,
                    persistent: 1,
                    recursive: 0,
                },
                Summary::SetWatchesOk,
                Summary::Reply {
                    xid: 4,
                    error: None,
                },
                Summary::Reply {
                    xid: 4,
                    error: Some(ZkError::NoNode),
                },
                Summary::Ping,
                Summary::Pong,
                Summary::Notify {
                    kind: EventType::NodeDataChanged,
                    path: s("/app"),
                },
                Summary::CloseSession { xid: 9 },
                Summary::SessionClosed { xid: 9 },
                Summary::ConnectionClosed,
            ];
            for request in [
                RequestSummary::Op {
                    op: "getData",
                    target: s("/app"),
                    watch: true,
                },
                RequestSummary::Op {
                    op: "create",
                    target: s("/app"),
                    watch: false,
                },
                RequestSummary::Multi { ops: 2 },
                RequestSummary::Bare { op: "whoAmI" },
            ] {
                v.push(Summary::Request { xid: 3, request });
            }
            v
        }

        fn summary_variant(s: &Summary) -> usize {
            match s {
                Summary::Connect { .. } => 0,
                Summary::Reconnect { .. } => 1,
                Summary::Established { .. } => 2,
                Summary::SessionExpired => 3,
                Summary::Request { .. } => 4,
                Summary::SetWatches { .. } => 5,
                Summary::SetWatchesOk => 6,
                Summary::Reply { .. } => 7,
                Summary::Ping => 8,
                Summary::Pong => 9,
                Summary::Notify { .. } => 10,
                Summary::CloseSession { .. } => 11,
                Summary::SessionClosed { .. } => 12,
                Summary::ConnectionClosed => 13,
            }
        }
        const SUMMARY_VARIANTS: usize = 14;

        fn log_lines() -> Vec<LogLine> {
            let c = || s("c1");
            let mut v = vec![
                LogLine::Initiating {
                    client: c(),
                    timeout_ms: 30000,
                },
                LogLine::Crashed { client: c() },
                LogLine::Paused {
                    client: c(),
                    ms: 3000,
                },
                LogLine::Resumed { client: c() },
                LogLine::State {
                    client: c(),
                    state: KeeperState::SyncConnected,
                },
                LogLine::Watch {
                    client: c(),
                    kind: EventType::NodeDeleted,
                    path: s("/app"),
                },
                LogLine::TimedOut {
                    client: c(),
                    silent_ms: 20001,
                },
                LogLine::Partitioned { client: c() },
                LogLine::Healed { client: c() },
                LogLine::Delay {
                    client: c(),
                    ms: 50,
                },
                LogLine::Expiring {
                    session: SessionId(0x0100_0000_1234_0000),
                },
                LogLine::ServerStopped,
                LogLine::ServerStarted,
                LogLine::RecipeStarted {
                    client: c(),
                    kind: RecipeKind::Lock,
                    path: s("/locks/x"),
                },
                LogLine::Rejected(Rejected {
                    resource: s("/locks/x"),
                    client: c(),
                    token: 3,
                    best: 5,
                }),
                LogLine::Violation {
                    property: Property::AtMostOneLockHolder,
                    detail: details()[2].clone(),
                },
                LogLine::Status {
                    client: c(),
                    kind: RecipeKind::MwWorker,
                    status: Status::Idle { done: 1 },
                },
            ];
            for (i, summary) in summaries().into_iter().enumerate() {
                let fate = [Fate::Arrived, Fate::Held, Fate::Refused][i % 3];
                v.push(LogLine::Message {
                    client: c(),
                    to_server: i % 2 == 0,
                    summary,
                    fate,
                });
            }
            v
        }

        fn log_variant(l: &LogLine) -> usize {
            match l {
                LogLine::Initiating { .. } => 0,
                LogLine::Crashed { .. } => 1,
                LogLine::Paused { .. } => 2,
                LogLine::Resumed { .. } => 3,
                LogLine::State { .. } => 4,
                LogLine::Watch { .. } => 5,
                LogLine::Message { .. } => 6,
                LogLine::TimedOut { .. } => 7,
                LogLine::Partitioned { .. } => 8,
                LogLine::Healed { .. } => 9,
                LogLine::Delay { .. } => 10,
                LogLine::Expiring { .. } => 11,
                LogLine::ServerStopped => 12,
                LogLine::ServerStarted => 13,
                LogLine::RecipeStarted { .. } => 14,
                LogLine::Rejected(_) => 15,
                LogLine::Violation { .. } => 16,
                LogLine::Status { .. } => 17,
            }
        }
        const LOG_VARIANTS: usize = 18;

        fn ensemble_lines() -> Vec<EnsembleLine> {
            vec![
                EnsembleLine::Peer {
                    from: 1,
                    to: 2,
                    summary: s("PROPOSAL 0x100000002 create"),
                },
                EnsembleLine::Client {
                    client: s("c1"),
                    server: 3,
                    to_server: true,
                    summary: summaries()[0].clone(),
                },
                EnsembleLine::Client {
                    client: s("c1"),
                    server: 3,
                    to_server: false,
                    summary: Summary::Ping,
                },
                EnsembleLine::State {
                    server: 2,
                    state: ServerState::Leading,
                    epoch: 1,
                },
                EnsembleLine::Crashed { server: 2 },
                EnsembleLine::Started { server: 2 },
                EnsembleLine::Dropped {
                    message: Box::new(EnsembleLine::Peer {
                        from: 1,
                        to: 3,
                        summary: s("PING"),
                    }),
                    server: 3,
                },
                EnsembleLine::Peer {
                    from: 2,
                    to: 3,
                    summary: s("CLOSED"),
                },
                EnsembleLine::ClientTimer { client: s("c1") },
                EnsembleLine::Timer {
                    server: 2,
                    kind: zkplay_core::ensemble::TimerKind::Ping,
                },
                EnsembleLine::Timer {
                    server: 2,
                    kind: zkplay_core::ensemble::TimerKind::SyncLimit,
                },
                EnsembleLine::Timer {
                    server: 2,
                    kind: zkplay_core::ensemble::TimerKind::InitLimit,
                },
                EnsembleLine::Timer {
                    server: 2,
                    kind: zkplay_core::ensemble::TimerKind::ElectionFinalize,
                },
                EnsembleLine::Timer {
                    server: 2,
                    kind: zkplay_core::ensemble::TimerKind::ElectionPoll,
                },
                EnsembleLine::Dropped {
                    message: Box::new(EnsembleLine::Client {
                        client: s("c1"),
                        server: 3,
                        to_server: true,
                        summary: Summary::Ping,
                    }),
                    server: 3,
                },
            ]
        }

        fn quiet_lines() -> Vec<Quiet> {
            vec![
                Quiet::ServerTick { server_up: true },
                Quiet::ServerTick { server_up: false },
                Quiet::ClientTimer {
                    client: s("c1"),
                    sent: Some(Summary::Ping),
                },
                Quiet::ClientTimer {
                    client: s("c1"),
                    sent: None,
                },
                Quiet::Dropped {
                    client: s("c1"),
                    to_server: true,
                    summary: Summary::Ping,
                },
                Quiet::Dropped {
                    client: s("c1"),
                    to_server: false,
                    summary: summaries()[0].clone(),
                },
                Quiet::Buffered {
                    client: s("c1"),
                    summary: Summary::Ping,
                },
                Quiet::Stale {
                    client: s("c1"),
                    summary: Summary::Ping,
                },
                Quiet::RecipeTimer { client: s("c1") },
                Quiet::Resume { client: s("c1") },
            ]
        }

        fn quiet_variant(q: &Quiet) -> usize {
            match q {
                Quiet::ServerTick { .. } => 0,
                Quiet::ClientTimer { .. } => 1,
                Quiet::Dropped { .. } => 2,
                Quiet::Buffered { .. } => 3,
                Quiet::Stale { .. } => 4,
                Quiet::RecipeTimer { .. } => 5,
                Quiet::Resume { .. } => 6,
            }
        }

        fn ensemble_variant(e: &EnsembleLine) -> usize {
            match e {
                EnsembleLine::Peer { .. } => 0,
                EnsembleLine::Client { .. } => 1,
                EnsembleLine::State { .. } => 2,
                EnsembleLine::Crashed { .. } => 3,
                EnsembleLine::Started { .. } => 4,
                EnsembleLine::Dropped { .. } => 5,
                EnsembleLine::Timer { .. } => 6,
                EnsembleLine::ClientTimer { .. } => 7,
            }
        }

        fn board_lines() -> Vec<BoardLine> {
            vec![
                BoardLine::ItemsWaiting { items: names() },
                BoardLine::ItemsWaiting { items: vec![] },
                BoardLine::Master {
                    master: Some(s("m1")),
                    workers: names(),
                },
                BoardLine::Master {
                    master: None,
                    workers: vec![],
                },
                BoardLine::TasksWaiting {
                    tasks: vec![s("task-0000000002")],
                },
                BoardLine::AssignedTo {
                    worker: s("worker"),
                    tasks: vec![s("task-0000000001"), s("task-0000000003")],
                },
                BoardLine::TasksDone { count: 5 },
                BoardLine::Config {
                    config: Some((s("db=v1"), 0)),
                },
                BoardLine::Config { config: None },
                BoardLine::Servers { servers: names() },
                BoardLine::Node {
                    path: s("/hbase/master"),
                    data: Some(s("master")),
                },
                BoardLine::Node {
                    path: s("/kafka/controller_epoch"),
                    data: None,
                },
                BoardLine::Children {
                    path: s("/solr/live_nodes"),
                    children: names(),
                },
                BoardLine::Placement {
                    item: s("region-2"),
                    owner: s("regionserver"),
                },
            ]
        }

        fn board_variant(b: &BoardLine) -> usize {
            match b {
                BoardLine::ItemsWaiting { .. } => 0,
                BoardLine::Master { .. } => 1,
                BoardLine::TasksWaiting { .. } => 2,
                BoardLine::AssignedTo { .. } => 3,
                BoardLine::TasksDone { .. } => 4,
                BoardLine::Config { .. } => 5,
                BoardLine::Servers { .. } => 6,
                BoardLine::Node { .. } => 7,
                BoardLine::Children { .. } => 8,
                BoardLine::Placement { .. } => 9,
            }
        }
        const BOARD_VARIANTS: usize = 10;

        fn sim_errors() -> Vec<SimError> {
            vec![
                SimError::NoClient { name: s("c9") },
                SimError::AlreadyRunning { client: s("c1") },
                SimError::NotRunning { client: s("c1") },
                SimError::NotARecipePath { path: s("/") },
                SimError::PathTaken {
                    client: s("c1"),
                    kind: RecipeKind::Election,
                    path: s("/e"),
                },
                SimError::NoLiveSession { client: s("c1") },
                SimError::ServerAlreadyStopped,
                SimError::ServerAlreadyRunning,
                SimError::TimeBackwards,
            ]
        }

        fn sim_error_variant(e: &SimError) -> usize {
            match e {
                SimError::NoClient { .. } => 0,
                SimError::AlreadyRunning { .. } => 1,
                SimError::NotRunning { .. } => 2,
                SimError::NotARecipePath { .. } => 3,
                SimError::PathTaken { .. } => 4,
                SimError::NoLiveSession { .. } => 5,
                SimError::ServerAlreadyStopped => 6,
                SimError::ServerAlreadyRunning => 7,
                SimError::TimeBackwards => 8,
            }
        }

        fn line_errors() -> Vec<LineError> {
            let mut v: Vec<LineError> = sim_errors().into_iter().map(LineError::Sim).collect();
            v.extend([
                LineError::SessionOpen { name: s("c1") },
                LineError::NoSession { name: s("c1") },
                LineError::MustComeFirst { word: "clock" },
                LineError::OnlyInSimulator { word: "crash" },
                LineError::Said(s("usage: step [N]")),
                LineError::Bound(BoundError {
                    what: s("the tick"),
                    word: s("999999999999"),
                    min: 0,
                    max: 86_400_000,
                    unit: Unit::MsDay,
                }),
            ]);
            use zkplay_core::script::entry::EnsembleRefusal as R;
            v.extend(
                [
                    R::ServerAlready {
                        line: s("server 2 crash"),
                        server: 2,
                        running: false,
                    },
                    R::ServerAlready {
                        line: s("server 2 start"),
                        server: 2,
                        running: true,
                    },
                    R::NotReached {
                        server: 3,
                        wanted: "leader",
                        timeout_ms: 5000,
                        now: "follower",
                    },
                    R::CannotConnect { server: Some(1) },
                    R::CannotConnect { server: None },
                    R::NoEnsembleYet,
                    R::SecondEnsemble,
                    R::SetupAfterEnsemble { word: "seed" },
                    R::NotSimulated { word: "pause" },
                ]
                .map(LineError::Ensemble),
            );
            v
        }

        fn line_error_variant(e: &LineError) -> usize {
            match e {
                LineError::Sim(_) => 0,
                LineError::SessionOpen { .. } => 1,
                LineError::NoSession { .. } => 2,
                LineError::MustComeFirst { .. } => 3,
                LineError::OnlyInSimulator { .. } => 4,
                LineError::Said(_) => 5,
                LineError::Ensemble(_) => 6,
                LineError::Bound(_) => 7,
            }
        }

        fn option_errors() -> Vec<OptionError> {
            let bound = |unit, max| BoundError {
                what: s("hold"),
                word: s("-1"),
                min: 0,
                max,
                unit,
            };
            vec![
                OptionError::NotKeyValue { word: s("hold") },
                OptionError::Bound(bound(Unit::MsDay, 86_400_000)),
                OptionError::Bound(bound(Unit::Ms, 1000)),
                OptionError::Bound(bound(Unit::Count, 1000)),
                OptionError::Fencing { value: s("maybe") },
                OptionError::Unknown { key: s("colour") },
            ]
        }

        fn option_error_variant(e: &OptionError) -> usize {
            match e {
                OptionError::NotKeyValue { .. } => 0,
                OptionError::Bound(_) => 1,
                OptionError::Fencing { .. } => 2,
                OptionError::Unknown { .. } => 3,
            }
        }

        /// Every sample worded in both languages: (what, its English in core, English words,
        /// Chinese words).
        fn worded() -> Vec<(String, String, Words, Words)> {
            let mut out = Vec::new();
            let mut add = |what: String, english: String, w: &dyn Fn(Lang) -> Words| {
                out.push((what, english, w(Lang::En), w(Lang::Zh)));
            };
            for v in statuses() {
                add(format!("{v:?}"), v.to_string(), &|l| status(l, &v));
                let part = ConsolePart::Recipe {
                    session: s("c1"),
                    kind: RecipeKind::Lock,
                    status: v.clone(),
                };
                add(format!("{part:?}"), part.to_string(), &|l| {
                    console_recipe(l, "c1", RecipeKind::Lock, &v)
                });
            }
            for p in Property::ALL {
                add(format!("{p:?}"), p.to_string(), &|l| property(l, p));
            }
            for d in details() {
                add(format!("{d:?}"), d.to_string(), &|l| detail(l, &d));
                let v = Violation {
                    property: Property::AtMostOneMaster,
                    detail: d.clone(),
                    seed: 1,
                    step: 2,
                    time_ms: 3,
                };
                add(
                    format!("{v:?}"),
                    format!("{} — {}", v.property, v.detail),
                    &|l| violation(l, &v),
                );
            }
            for v in summaries() {
                add(format!("{v:?}"), v.to_string(), &|l| summary(l, &v));
            }
            for v in log_lines() {
                add(format!("{v:?}"), v.to_string(), &|l| log_line(l, &v));
            }
            for v in ensemble_lines() {
                add(format!("{v:?}"), v.to_string(), &|l| ensemble_line(l, &v));
            }
            for v in quiet_lines() {
                add(format!("{v:?}"), v.to_string(), &|l| quiet_line(l, &v));
            }
            for v in board_lines() {
                add(format!("{v:?}"), v.to_string(), &|l| board_line(l, &v));
            }
            for v in sim_errors() {
                add(format!("{v:?}"), v.to_string(), &|l| sim_error(l, &v));
            }
            for v in line_errors() {
                add(format!("{v:?}"), v.to_string(), &|l| line_error(l, &v));
                let r = RunError {
                    line: s("recipe lock / on c1"),
                    why: v.clone(),
                };
                add(format!("{r:?}"), r.to_string(), &|l| run_error(l, &r));
            }
            for v in option_errors() {
                add(format!("{v:?}"), v.to_string(), &|l| option_error(l, &v));
            }
            for v in [
                PathRefused::Root,
                PathRefused::Invalid {
                    message: s("Path must start with / character"),
                },
            ] {
                add(format!("{v:?}"), v.to_string(), &|l| path_refused(l, &v));
            }
            let q = QuoteError::BothQuotes(s("it's \"x\""));
            add(format!("{q:?}"), q.to_string(), &|l| quote_error(l, &q));
            // zkplay's hints in a console (console).
            {
                use zkplay_core::script::hint::Hint;
                for h in [
                    Hint::Removed {
                        command: "rmr",
                        instead: "deleteall",
                    },
                    Hint::DidYouMean { command: "create" },
                    Hint::NeedsClient,
                ] {
                    add(format!("{h:?}"), h.to_string(), &|l| hint(l, &h));
                }
            }
            out
        }

        #[test]
        fn every_variant_has_a_sample() {
            let count = |v: Vec<usize>| v.into_iter().collect::<BTreeSet<_>>().len();
            assert_eq!(
                count(statuses().iter().map(status_variant).collect()),
                STATUS_VARIANTS
            );
            assert_eq!(count(details().iter().map(detail_variant).collect()), 13);
            assert_eq!(
                count(summaries().iter().map(summary_variant).collect()),
                SUMMARY_VARIANTS
            );
            assert_eq!(
                count(log_lines().iter().map(log_variant).collect()),
                LOG_VARIANTS
            );
            assert_eq!(
                count(ensemble_lines().iter().map(ensemble_variant).collect()),
                8
            );
            assert_eq!(count(quiet_lines().iter().map(quiet_variant).collect()), 7);
            assert_eq!(
                count(board_lines().iter().map(board_variant).collect()),
                BOARD_VARIANTS
            );
            assert_eq!(
                count(sim_errors().iter().map(sim_error_variant).collect()),
                9
            );
            assert_eq!(
                count(line_errors().iter().map(line_error_variant).collect()),
                8
            );
            assert_eq!(
                count(option_errors().iter().map(option_error_variant).collect()),
                4
            );
        }

        /// In English every value reads exactly as core writes it in the transcripts.
        #[test]
        fn in_english_every_value_reads_as_the_transcripts() {
            for (what, english, en, _) in worded() {
                assert_eq!(en.plain(), english, "{what}");
            }
        }

        /// In Chinese the page's words hold no English word; ZooKeeper's own (paths, names, op
        /// and event names, data) stand apart, and are what they are in English.
        #[test]
        fn in_chinese_every_value_is_chinese_but_zookeepers_words() {
            for (what, _, en, zh) in worded() {
                for piece in &zh.0 {
                    if let Piece::Text(text) = piece {
                        let english = english_words(text);
                        assert!(english.is_empty(), "{what}: {english:?} in {}", zh.plain());
                    }
                }
                // The same in both only when it is all ZooKeeper's words and numbers (`ping`).
                let prose = |w: &Words| -> String {
                    w.0.iter()
                        .filter_map(|p| match p {
                            Piece::Text(t) => Some(t.as_str()),
                            Piece::Zk(_) => None,
                        })
                        .collect()
                };
                assert!(
                    zh.plain() != en.plain() || english_words(&prose(&en)).is_empty(),
                    "{what} is not translated"
                );
                // The line the parser could not read is shown as the user wrote it; its
                // words are the only ones that may be left out.
                if !what.contains("Said") {
                    assert_eq!(en.zk_words(), zh.zk_words(), "{what}");
                }
            }
        }
    }

    // Cards: what a client card, the lock board and the protected resource say.
    #[test]
    fn card_words_keep_zookeepers_apart_in_both_languages() {
        use zkplay_core::recipes::Rejected;
        use zkplay_core::sandbox::{ChainLink, Stand};
        use zkplay_core::watch::{ClientEvent, EventType, KeeperState};
        assert_eq!(
            watched_event(&ClientEvent::Watch {
                kind: EventType::NodeCreated,
                path: "/leader".into()
            }),
            "WatchedEvent state:SyncConnected type:NodeCreated path:/leader"
        );
        assert_eq!(
            watched_event(&ClientEvent::State(KeeperState::Disconnected)),
            "WatchedEvent state:Disconnected type:None path:null"
        );
        let link = |stand| ChainLink {
            node: "c2-lock-0000000001".into(),
            owner: "c2".into(),
            stand,
        };
        let behind = Stand::WaitsBehind {
            behind: "c1".into(),
        };
        let request = zkplay_core::sim::RequestSummary::Op {
            op: "delete",
            target: "/l/x".into(),
            watch: false,
        };
        let rejected = Rejected {
            resource: "/locks/fenced".into(),
            client: "c3".into(),
            token: 14,
            best: 18,
        };
        let samples = |l: Lang| {
            vec![
                chain_link(l, false, &link(Stand::Holds)),
                chain_link(l, true, &link(Stand::Holds)),
                chain_link(l, false, &link(behind.clone())),
                chain_link(l, false, &link(Stand::Other)),
                pending(l, &request, 0),
                pending(l, &request, 2),
                refusal(l, &rejected),
                accepted(l, &(18, "c4".into())),
            ]
        };
        assert_eq!(
            samples(Lang::En)[2].plain(),
            "c2 waits behind c1 · c2-lock-0000000001"
        );
        assert_eq!(
            samples(Lang::En)[6].plain(),
            "refused c3's write: stale token 0xe < 0x12"
        );
        for (en, zh) in samples(Lang::En).iter().zip(samples(Lang::Zh).iter()) {
            assert_eq!(en.zk_words(), zh.zk_words());
            for piece in &zh.0 {
                if let Piece::Text(text) = piece {
                    assert!(english_words(text).is_empty(), "{}", zh.plain());
                }
            }
        }
    }
}
