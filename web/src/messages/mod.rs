//! The page's message catalogue: every user-visible string of the page has a key ([`Msg`]) with
//! its English and its 简体中文 (the table is `catalogue.rs`), and the few messages composed
//! from several keys and the engine's values are composed here. What stays as ZooKeeper prints
//! it (zkCli output, paths, data, event and error names, Stat fields) never comes from here; the
//! tutorial's lessons keep their text with them in `zkplay_core::tutorial`.

mod catalogue;
mod engine;
#[cfg(test)]
pub(crate) mod english;
mod words;

use zkplay_core::ensemble::ServerState;
use zkplay_core::load::{Estimate, Progress};
use zkplay_core::recipes::kinds::RecipeFamily;
use zkplay_core::recipes::RecipeKind;
use zkplay_core::sandbox::ImportError;
use zkplay_core::share::ShareError;
use zkplay_core::sim::ensemble::PeerState;
use zkplay_core::sim::ClientState;
use zkplay_core::tutorial::Lang;
use zkplay_core::watch::WatchKind;

use crate::state::{LoadSource, Problem};
use crate::storage::StorageError;

pub use catalogue::Msg;
pub use engine::{
    accepted, board_line, chain_link, console_recipe, log_line, option_error, path_refused,
    peer_line, pending, quote_error, refusal, route, run_error, status, summary, violation,
    watched_event,
};
pub use engine::{hint, line_error, property, quiet_line};
pub use words::{Piece, Words};

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
        Problem::CaseUnavailable => said(Msg::CaseUnavailable),
        Problem::NoClient => said(Msg::NoClientSelected),
        Problem::Script(e) => after(Msg::CouldNotRun, run_error(l, e)),
        Problem::Options(e) => after(Msg::CouldNotRun, option_error(l, e)),
        Problem::RecipePath(e) => after(Msg::CouldNotRun, path_refused(l, e)),
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

/// A kind of watch in words.
pub fn watch_kind(l: Lang, kind: WatchKind) -> &'static str {
    match kind {
        WatchKind::Data => Msg::WatchData,
        WatchKind::Exists => Msg::WatchExists,
        WatchKind::Child => Msg::WatchChild,
        WatchKind::Persistent => Msg::WatchPersistent,
        WatchKind::PersistentRecursive => Msg::WatchPersistentRecursive,
    }
    .text(l)
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
    use super::*;
    use english::english_words;

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
        assert_eq!(watch_kind(Lang::Zh, WatchKind::Child), "子节点");
        assert_eq!(watch_kind(Lang::En, WatchKind::Child), "child");
        assert_eq!(
            recipe_family(Lang::Zh, RecipeKind::RwRead.family()),
            "读写锁"
        );
        assert_eq!(recipe_family(Lang::En, RecipeKind::MwMaster.family()), "mw");
    }
}
