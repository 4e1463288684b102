//! The recipe kinds as one table: each kind's script name, the path the page suggests, what it
//! shows, and the options it uses with what each means for it. The script parser, the
//! messages and the page's recipe form all read this table; nothing else lists the kinds.
//!
//! An option means the same wherever it applies, except where a row says otherwise:
//! `hold=0` keeps a leader or lock holder in its role for good, while a double barrier's or a
//! master–worker worker's work takes at least 1 ms.

use crate::recipes::RecipeKind;

/// A `key=value` option of a `recipe` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionName {
    Hold,
    Rounds,
    Fencing,
    Items,
    Interval,
    Size,
}

impl OptionName {
    /// Every option, in the order a `recipe` line writes them and the page's form lists them.
    pub const ALL: [OptionName; 6] = [
        OptionName::Hold,
        OptionName::Rounds,
        OptionName::Fencing,
        OptionName::Items,
        OptionName::Interval,
        OptionName::Size,
    ];

    /// The option a script's key names (`hold_ms` and `interval_ms` are other spellings of
    /// `hold` and `interval`); `server`, an ensemble's pin, is not one of the kinds' options.
    pub fn from_key(key: &str) -> Option<OptionName> {
        Some(match key {
            "hold" | "hold_ms" => OptionName::Hold,
            "rounds" => OptionName::Rounds,
            "fencing" => OptionName::Fencing,
            "items" => OptionName::Items,
            "interval" | "interval_ms" => OptionName::Interval,
            "size" => OptionName::Size,
            _ => return None,
        })
    }

    /// The key as a script writes it.
    pub fn key(self) -> &'static str {
        match self {
            OptionName::Hold => "hold",
            OptionName::Rounds => "rounds",
            OptionName::Fencing => "fencing",
            OptionName::Items => "items",
            OptionName::Interval => "interval",
            OptionName::Size => "size",
        }
    }

    /// The option's default, as a `recipe` line's value: what a line without the option
    /// runs with and what the page's recipe form starts with, the one place either is
    /// written (`RecipeOptions::default` reads it). Empty: none, as `size`'s is the clients
    /// on the line.
    pub fn default_value(self) -> &'static str {
        match self {
            OptionName::Hold => "1000",
            OptionName::Rounds => "1",
            OptionName::Fencing => "off",
            OptionName::Items => "5",
            OptionName::Interval => "200",
            OptionName::Size => "",
        }
    }
}

/// What an option means for a kind (its English is [`Meaning::english`]; the page words it
/// in its languages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Meaning {
    HoldRole,
    Rounds,
    Fencing,
    ItemsProduced,
    IntervalProduce,
    IntervalConsume,
    HoldBarrierWork,
    SizeBarrier,
    ItemsConfigVersions,
    IntervalConfig,
    ItemsNames,
    ItemsLoadUpdates,
    IntervalLoad,
    HoldTaskWork,
    ItemsTasks,
    ItemsRegions,
    ItemsPartitions,
    ItemsSolrShards,
    ItemsShards,
    ItemsSegments,
}

impl Meaning {
    pub fn english(self) -> &'static str {
        match self {
            Meaning::HoldRole => {
                "ms the holder keeps the role before releasing it (0: keeps it for good)"
            }
            Meaning::Rounds => {
                "how many times each client takes the role before it stops competing"
            }
            Meaning::Fencing => "on: the protected resource refuses a holder's stale fencing token",
            Meaning::ItemsProduced => "how many items it adds",
            Meaning::IntervalProduce => "ms between its items",
            Meaning::IntervalConsume => "ms of work per item taken",
            Meaning::HoldBarrierWork => "ms of work between entering and leaving (at least 1)",
            Meaning::SizeBarrier => {
                "how many clients it waits for (default: the clients on the line)"
            }
            Meaning::ItemsConfigVersions => "how many configuration versions it publishes",
            Meaning::IntervalConfig => "ms between versions (at least 1)",
            Meaning::ItemsNames => "how many names it takes",
            Meaning::ItemsLoadUpdates => "how many load updates it publishes",
            Meaning::IntervalLoad => "ms between load updates (at least 1)",
            Meaning::HoldTaskWork => "ms of work per task (at least 1)",
            Meaning::ItemsTasks => "how many tasks it submits",
            Meaning::ItemsRegions => "how many regions it assigns",
            Meaning::ItemsPartitions => "how many partitions the topic has",
            Meaning::ItemsSolrShards => "how many shards the collection has",
            Meaning::ItemsShards => "how many shards it assigns",
            Meaning::ItemsSegments => "how many crawl segments it assigns",
        }
    }
}

/// A family of kinds: the recipe they take part in together (a lock and its naive variant,
/// a queue's producer and consumer, a master–worker's three roles, …). A recipe's board is
/// titled by its family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecipeFamily {
    Lock,
    Election,
    Rwlock,
    Queue,
    Barrier,
    DoubleBarrier,
    Config,
    Naming,
    LoadBalancing,
    MasterWorker,
    HBase,
    Kafka,
    Solr,
    Shard,
    Fetching,
}

impl RecipeFamily {
    /// The first word of its kinds' script names (`lock`, `rwlock`, `mw`, …; the fetcher's is
    /// `fetch`).
    pub fn name(self) -> &'static str {
        match self {
            RecipeFamily::Lock => "lock",
            RecipeFamily::Election => "election",
            RecipeFamily::Rwlock => "rwlock",
            RecipeFamily::Queue => "queue",
            RecipeFamily::Barrier => "barrier",
            RecipeFamily::DoubleBarrier => "double",
            RecipeFamily::Config => "config",
            RecipeFamily::Naming => "naming",
            RecipeFamily::LoadBalancing => "lb",
            RecipeFamily::MasterWorker => "mw",
            RecipeFamily::HBase => "hbase",
            RecipeFamily::Kafka => "kafka",
            RecipeFamily::Solr => "solr",
            RecipeFamily::Shard => "shard",
            RecipeFamily::Fetching => "fetch",
        }
    }

    /// Whether its clients contend for one role through a chain of sequential nodes (a
    /// lock's, an election's, a read-write lock's): its board draws the chain.
    pub fn is_contender(self) -> bool {
        matches!(
            self,
            RecipeFamily::Lock | RecipeFamily::Election | RecipeFamily::Rwlock
        )
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: RecipeKind,
    /// The script name (`recipe lock …`).
    pub name: &'static str,
    pub family: RecipeFamily,
    /// The path the page suggests for it.
    pub default_path: &'static str,
    /// What it shows, in a few words.
    pub what: &'static str,
    /// The options it uses, each with what it means for this kind. Others are parsed (and
    /// bounded) but change nothing for it.
    pub options: &'static [(OptionName, Meaning)],
}

impl KindInfo {
    pub fn uses(&self, option: OptionName) -> bool {
        self.options.iter().any(|(o, _)| *o == option)
    }
}

const HOLD_ROLE: (OptionName, Meaning) = (OptionName::Hold, Meaning::HoldRole);
const ROUNDS: (OptionName, Meaning) = (OptionName::Rounds, Meaning::Rounds);
const FENCING: (OptionName, Meaning) = (OptionName::Fencing, Meaning::Fencing);
const CONTENDER: &[(OptionName, Meaning)] = &[HOLD_ROLE, ROUNDS];
const LOCK: &[(OptionName, Meaning)] = &[HOLD_ROLE, ROUNDS, FENCING];

/// Every kind, in the order the page lists them.
pub const KINDS: &[KindInfo] = &[
    KindInfo {
        kind: RecipeKind::Lock,
        name: "lock",
        family: RecipeFamily::Lock,
        default_path: "/locks/printer",
        what: "exclusive lock, each waiter watches its predecessor",
        options: LOCK,
    },
    KindInfo {
        kind: RecipeKind::LockNaive,
        name: "lock-naive",
        family: RecipeFamily::Lock,
        default_path: "/lock",
        what: "exclusive lock, every waiter watches one node (herd)",
        options: LOCK,
    },
    KindInfo {
        kind: RecipeKind::Election,
        name: "election",
        family: RecipeFamily::Election,
        default_path: "/election",
        what: "leader election without a herd",
        options: CONTENDER,
    },
    KindInfo {
        kind: RecipeKind::ElectionNaive,
        name: "election-naive",
        family: RecipeFamily::Election,
        default_path: "/master",
        what: "the seed's race for /master (herd)",
        options: CONTENDER,
    },
    KindInfo {
        kind: RecipeKind::RwRead,
        name: "rwlock-read",
        family: RecipeFamily::Rwlock,
        default_path: "/rw",
        what: "shared lock: readers wait only for earlier writers",
        options: CONTENDER,
    },
    KindInfo {
        kind: RecipeKind::RwWrite,
        name: "rwlock-write",
        family: RecipeFamily::Rwlock,
        default_path: "/rw",
        what: "shared lock: a writer waits for everyone earlier",
        options: CONTENDER,
    },
    KindInfo {
        kind: RecipeKind::QueueProducer,
        name: "queue-producer",
        family: RecipeFamily::Queue,
        default_path: "/queue",
        what: "adds sequential items",
        options: &[
            (OptionName::Items, Meaning::ItemsProduced),
            (OptionName::Interval, Meaning::IntervalProduce),
        ],
    },
    KindInfo {
        kind: RecipeKind::QueueConsumer,
        name: "queue-consumer",
        family: RecipeFamily::Queue,
        default_path: "/queue",
        what: "takes the lowest item",
        options: &[(OptionName::Interval, Meaning::IntervalConsume)],
    },
    KindInfo {
        kind: RecipeKind::Barrier,
        name: "barrier",
        family: RecipeFamily::Barrier,
        default_path: "/gate",
        what: "waits until the barrier node is deleted",
        options: &[],
    },
    KindInfo {
        kind: RecipeKind::DoubleBarrier,
        name: "double-barrier",
        family: RecipeFamily::DoubleBarrier,
        default_path: "/together",
        what: "enter together, leave together",
        options: &[
            (OptionName::Hold, Meaning::HoldBarrierWork),
            (OptionName::Size, Meaning::SizeBarrier),
        ],
    },
    KindInfo {
        kind: RecipeKind::ConfigWorker,
        name: "config-worker",
        family: RecipeFamily::Config,
        default_path: "/app",
        what: "work server: watches /app/config",
        options: &[],
    },
    KindInfo {
        kind: RecipeKind::ConfigManager,
        name: "config-manager",
        family: RecipeFamily::Config,
        default_path: "/app",
        what: "manage server: publishes /app/config",
        options: &[
            (OptionName::Items, Meaning::ItemsConfigVersions),
            (OptionName::Interval, Meaning::IntervalConfig),
        ],
    },
    KindInfo {
        kind: RecipeKind::Naming,
        name: "naming",
        family: RecipeFamily::Naming,
        default_path: "/ids",
        what: "unique ordered names",
        options: &[(OptionName::Items, Meaning::ItemsNames)],
    },
    KindInfo {
        kind: RecipeKind::LbServer,
        name: "lb-server",
        family: RecipeFamily::LoadBalancing,
        default_path: "/svc",
        what: "registers with its load",
        options: &[
            (OptionName::Items, Meaning::ItemsLoadUpdates),
            (OptionName::Interval, Meaning::IntervalLoad),
        ],
    },
    KindInfo {
        kind: RecipeKind::LbClient,
        name: "lb-client",
        family: RecipeFamily::LoadBalancing,
        default_path: "/svc",
        what: "picks a server",
        options: &[],
    },
    KindInfo {
        kind: RecipeKind::MwMaster,
        name: "mw-master",
        family: RecipeFamily::MasterWorker,
        default_path: "/mw",
        what: "master–worker: the master (and backups)",
        options: &[],
    },
    KindInfo {
        kind: RecipeKind::MwWorker,
        name: "mw-worker",
        family: RecipeFamily::MasterWorker,
        default_path: "/mw",
        what: "master–worker: a worker",
        options: &[(OptionName::Hold, Meaning::HoldTaskWork)],
    },
    KindInfo {
        kind: RecipeKind::MwClient,
        name: "mw-client",
        family: RecipeFamily::MasterWorker,
        default_path: "/mw",
        what: "master–worker: submits tasks",
        options: &[(OptionName::Items, Meaning::ItemsTasks)],
    },
    KindInfo {
        kind: RecipeKind::HBaseMaster,
        name: "hbase-master",
        family: RecipeFamily::HBase,
        default_path: "/hbase",
        what: "HBase: the active master (and backups) assigns regions",
        options: &[(OptionName::Items, Meaning::ItemsRegions)],
    },
    KindInfo {
        kind: RecipeKind::HBaseRegionServer,
        name: "hbase-regionserver",
        family: RecipeFamily::HBase,
        default_path: "/hbase",
        what: "HBase: a region server registers under rs",
        options: &[],
    },
    KindInfo {
        kind: RecipeKind::KafkaBroker,
        name: "kafka-broker",
        family: RecipeFamily::Kafka,
        default_path: "/kafka",
        what: "Kafka: a broker registers; one is the controller",
        options: &[(OptionName::Items, Meaning::ItemsPartitions)],
    },
    KindInfo {
        kind: RecipeKind::SolrNode,
        name: "solr-node",
        family: RecipeFamily::Solr,
        default_path: "/solr",
        what: "Solr: a live node; one is the Overseer",
        options: &[(OptionName::Items, Meaning::ItemsSolrShards)],
    },
    KindInfo {
        kind: RecipeKind::ShardMaster,
        name: "shard-master",
        family: RecipeFamily::Shard,
        default_path: "/messages",
        what: "sharding: the master assigns shards to servers",
        options: &[(OptionName::Items, Meaning::ItemsShards)],
    },
    KindInfo {
        kind: RecipeKind::ShardServer,
        name: "shard-server",
        family: RecipeFamily::Shard,
        default_path: "/messages",
        what: "sharding: a server registers to serve shards",
        options: &[],
    },
    KindInfo {
        kind: RecipeKind::FetchMaster,
        name: "fetch-master",
        family: RecipeFamily::Fetching,
        default_path: "/fetching",
        what: "Yahoo! Fetching Service: a master; the elected one assigns crawl segments",
        options: &[(OptionName::Items, Meaning::ItemsSegments)],
    },
    KindInfo {
        kind: RecipeKind::Fetcher,
        name: "fetcher",
        family: RecipeFamily::Fetching,
        default_path: "/fetching",
        what: "Yahoo! Fetching Service: a fetcher registers its health",
        options: &[],
    },
];

/// The row of a kind.
pub fn info(kind: RecipeKind) -> &'static KindInfo {
    KINDS.iter().find(|k| k.kind == kind).unwrap_or(&KINDS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row_and_the_message_lists_them_all() {
        for k in KINDS {
            assert_eq!(KINDS.iter().filter(|x| x.kind == k.kind).count(), 1);
            assert_eq!(RecipeKind::parse(k.name), Some(k.kind));
            assert_eq!(info(k.kind).name, k.name);
            assert!(k.name.starts_with(k.family.name()), "{}", k.name);
        }
        let listed: Vec<&str> = RecipeKind::ALL.split(", ").collect();
        assert_eq!(listed.len(), KINDS.len());
        assert!(KINDS.iter().all(|k| listed.contains(&k.name)));
    }

    /// The defaults read as a line's values do, they are what a `recipe` line without
    /// options runs with (and so what the page's form starts with), and every option's text
    /// reads back as itself through the line's parser.
    #[test]
    fn defaults_are_the_table_s_and_read_back() {
        use crate::recipes::RecipeOptions;
        let defaults = RecipeOptions::default();
        for name in OptionName::ALL {
            let value = name.default_value();
            if !value.is_empty() {
                assert_eq!(RecipeOptions::default().set(name, value), Ok(()), "{value}");
            }
            assert_eq!(defaults.value_text(name).unwrap_or_default(), value);
            assert_eq!(OptionName::from_key(name.key()), Some(name));
        }
        assert_eq!(RecipeOptions::parse(&[]), Ok(defaults.clone()));
        assert_eq!(defaults.hold_ms, 1000);
        assert_eq!(defaults.server, None);
        let words: Vec<String> = OptionName::ALL
            .into_iter()
            .filter_map(|n| Some(format!("{}={}", n.key(), defaults.value_text(n)?)))
            .collect();
        assert_eq!(RecipeOptions::parse(&words), Ok(defaults));
    }
}
