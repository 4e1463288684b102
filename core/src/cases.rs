//! The seed's real systems as case studies: each a scenario script (`core/cases/*.zks`, also
//! run by `zkplay run`), the ZooKeeper features it rests on, and a short guided explanation in
//! both languages. The page lists them and loads a case into a fresh sandbox; the tests check
//! each story (`core/tests/cases.rs`).

use crate::tutorial::Lang;

/// Text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// A case's words. With the `lesson-text` feature they are built in; without it (the page's
/// build) they are empty, and the page reads them from the lessons' files, which carry them
/// after the lessons (`tutorial::text_file`). Titles are always built in.
#[cfg(feature = "lesson-text")]
macro_rules! words {
    ($en:expr, $zh:expr) => {
        Text { en: $en, zh: $zh }
    };
}
#[cfg(not(feature = "lesson-text"))]
macro_rules! words {
    ($en:expr, $zh:expr) => {
        Text { en: "", zh: "" }
    };
}

/// One case study.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseStudy {
    /// Its file name under `core/cases/` without `.zks`, and its id in the page.
    pub id: &'static str,
    pub title: Text,
    /// What the system uses ZooKeeper for.
    pub summary: Text,
    /// The ZooKeeper features it rests on, as ZooKeeper's API names them (the same in both
    /// languages). In the texts, what stands between backticks is ZooKeeper's own text (paths,
    /// events, calls), shown as code.
    pub features: &'static [&'static str],
    /// What to look at, in order, once it ran.
    pub guide: &'static [Text],
    /// Its scenario. Built in with the `lesson-text` feature; the page's build leaves it out
    /// and fetches `cases/ID.zks` when the case opens.
    #[cfg(feature = "lesson-text")]
    pub script: &'static str,
}

/// The five case studies, in the seed's order.
pub const CASES: &[CaseStudy] = &[
    CaseStudy {
        id: "hbase",
        title: Text {
            en: "HBase: master election and region servers",
            zh: "HBase：主节点选举与区域服务器",
        },
        summary: words!(
                "HBase elects its active master with ZooKeeper, tracks live region servers as ephemeral znodes, and the master reassigns a dead server's regions.",
                "HBase 用 ZooKeeper 选出活动主节点，用临时节点跟踪存活的区域服务器；某个服务器崩溃后，主节点把它的区域重新分配出去。"
            ),
        features: &["CreateMode.EPHEMERAL", "exists(path, watch)", "getChildren(path, watch)", "setData"],
        guide: &[
            words!(
                "m1 created the ephemeral `/hbase/master` first: it is the active master. m2 got `NodeExists`, registered under `/hbase/backup-masters` and set an exists watch on `/hbase/master`.",
                "m1 最先创建了临时节点 `/hbase/master`，成为活动主节点。m2 收到 `NodeExists`，在 `/hbase/backup-masters` 下登记自己，并对 `/hbase/master` 设置了存在监视点。"
            ),
            words!(
                "Each region server created an ephemeral znode under `/hbase/rs`; the master lists `/hbase/rs` with a child watch and writes each region's server under `/hbase/region-assignment`.",
                "每个区域服务器在 `/hbase/rs` 下创建了临时节点；主节点带子节点监视点读取 `/hbase/rs`，并把每个区域所在的服务器写到 `/hbase/region-assignment` 下。"
            ),
            words!(
                "m1 crashed. Once its session expired, ZooKeeper deleted `/hbase/master`; m2's watch fired (`NodeDeleted`), m2 created `/hbase/master` and became the active master, reading the assignment m1 left.",
                "m1 崩溃了。它的会话过期后，ZooKeeper 删除了 `/hbase/master`；m2 的监视点触发（`NodeDeleted`），m2 创建 `/hbase/master` 成为活动主节点，并读取 m1 留下的分配。"
            ),
            words!(
                "rs2 crashed. Its ephemeral `/hbase/rs/rs2` vanished with its session, the master's child watch fired (`NodeChildrenChanged`), and rs2's regions moved to the live region servers.",
                "rs2 崩溃了。它的临时节点 `/hbase/rs/rs2` 随会话消失，主节点的子节点监视点触发（`NodeChildrenChanged`），rs2 的区域被移到存活的区域服务器上。"
            ),
        ],
        #[cfg(feature = "lesson-text")]
        script: include_str!("../cases/hbase.zks"),
    },
    CaseStudy {
        id: "kafka",
        title: Text {
            en: "Kafka: brokers, the controller and its epoch",
            zh: "Kafka：代理节点、控制器与控制器纪元",
        },
        summary: words!(
                "Kafka (ZooKeeper mode) registers brokers under `/brokers/ids`, elects one controller at `/controller`, counts controllers in `/controller_epoch`, and keeps each partition's leader under `/brokers/topics`.",
                "Kafka（ZooKeeper 模式）在 `/brokers/ids` 下登记代理节点，在 `/controller` 选出一个控制器，用 `/controller_epoch` 给控制器计数，并在 `/brokers/topics` 下保存每个分区的领导者。"
            ),
        features: &["CreateMode.EPHEMERAL", "exists(path, watch)", "getChildren(path, watch)", "setData(path, data, version)", "chroot"],
        guide: &[
            words!(
                "Every broker registered an ephemeral znode under `/kafka/brokers/ids` and tried to create the ephemeral `/kafka/controller`; b3's create was applied first, so b3 is the controller and the others watch `/kafka/controller`.",
                "每个代理节点都在 `/kafka/brokers/ids` 下登记了临时节点，并尝试创建临时节点 `/kafka/controller`；b3 的创建最先被执行，所以 b3 是控制器，其他代理节点监视 `/kafka/controller`。"
            ),
            words!(
                "The controller read `/kafka/controller_epoch` and set it to 1 with a conditional `setData` (the version it read), then wrote each partition's leader and the epoch under `/kafka/brokers/topics/orders/partitions`.",
                "控制器读取 `/kafka/controller_epoch`，用带版本号的条件写入把它设为 1，然后在 `/kafka/brokers/topics/orders/partitions` 下写入每个分区的领导者和纪元。"
            ),
            words!(
                "b3 crashed. When its session expired `/kafka/controller` was deleted and b1 and b2 raced to create it again: the winner (on the standalone server b1; on an ensemble whichever create the leader applied first) bumped the controller epoch to 2, so a broker can now refuse orders from the old controller's epoch.",
                "b3 崩溃了。会话过期后 `/kafka/controller` 被删除，b1 和 b2 竞争重新创建它：胜者（单机服务器上是 b1；在集群上是群首最先执行其创建的那个）把控制器纪元增加到 2，代理节点从此可以拒绝旧纪元控制器的命令。"
            ),
            words!(
                "b2 crashed. If b1 was the controller, its child watch on `/kafka/brokers/ids` fired and b2's partitions got a new leader, written with epoch 2; if b2 was, `/kafka/controller` went with its session, b1 became the controller at epoch 3 and moved them. Either way every partition now names b1, with the epoch of the controller that moved it.",
                "b2 崩溃了。如果控制器是 b1，它在 `/kafka/brokers/ids` 上的子节点监视点触发，b2 的分区换了新的领导者，并带着纪元 2 写入；如果控制器是 b2，`/kafka/controller` 随它的会话消失，b1 以纪元 3 成为控制器并迁移这些分区。无论哪种情况，每个分区现在都指向 b1，并带着迁移它的控制器的纪元。"
            ),
        ],
        #[cfg(feature = "lesson-text")]
        script: include_str!("../cases/kafka.zks"),
    },
    CaseStudy {
        id: "solr",
        title: Text {
            en: "Solr: live_nodes and the cluster state",
            zh: "Solr：存活节点与集群状态",
        },
        summary: words!(
                "SolrCloud keeps its live nodes as ephemeral znodes under `/live_nodes` and the shard placement in `/clusterstate.json`, which every node watches; the Overseer updates it.",
                "Solr 云模式把存活节点作为临时节点保存在 `/live_nodes` 下，把分片位置保存在 `/clusterstate.json` 中，每个节点都监视它；总管（Overseer）负责更新它。"
            ),
        features: &["CreateMode.EPHEMERAL", "getData(path, watch)", "getChildren(path, watch)", "setData"],
        guide: &[
            words!(
                "Each node created an ephemeral znode under `/solr/live_nodes` and read `/solr/clusterstate.json` with a watch (an exists watch while it did not exist yet).",
                "每个节点都在 `/solr/live_nodes` 下创建了临时节点，并带监视点读取 `/solr/clusterstate.json`（它还不存在时用 存在监视点）。"
            ),
            words!(
                "n3 became the Overseer and wrote the placement of shard1–shard3; the `NodeCreated` event told every node, and each read which shards it hosts.",
                "n3 成为 总管（Overseer），写入了 三个分片 的位置；`NodeCreated` 事件通知了每个节点，每个节点都读出了自己承载的分片。"
            ),
            words!(
                "n2 crashed. Its live node vanished with its session, the Overseer moved shard2 and updated clusterstate.json, and every node's data watch fired (`NodeDataChanged`).",
                "n2 崩溃了。它的存活节点随会话消失，总管（Overseer） 把 第二个分片 移走并更新了 `/solr/clusterstate.json`，每个节点的数据监视点都触发了（`NodeDataChanged`）。"
            ),
        ],
        #[cfg(feature = "lesson-text")]
        script: include_str!("../cases/solr.zks"),
    },
    CaseStudy {
        id: "fetching",
        title: Text {
            en: "Yahoo! Fetching Service: masters, fetchers and the crawl's metadata",
            zh: "Yahoo! 抓取服务：主节点、抓取器与抓取元数据",
        },
        summary: words!(
                "Yahoo!'s crawler ran its page fetchers with ZooKeeper: the masters elect one of them, ZooKeeper detects a fetcher's crash when its session ends, and the crawl's metadata — which fetcher crawls which segment — lives in znodes that outlive any master.",
                "Yahoo! 的爬虫用 ZooKeeper 管理页面抓取器：主节点之间选出一个，抓取器的会话结束时 ZooKeeper 就检测到它崩溃了，而抓取元数据（哪个抓取器抓取哪个分段）保存在节点里，比任何一个主节点活得更久。"
            ),
        features: &["CreateMode.EPHEMERAL", "exists(path, watch)", "getChildren(path, watch)", "setData"],
        guide: &[
            words!(
                "fm1 created the ephemeral `/fetching/master` first and leads; fm2 got `NodeExists` and watches it. Each fetcher registered its health in an ephemeral znode under `/fetching/fetchers`, and fm1 wrote each crawl segment's fetcher under `/fetching/crawl`.",
                "fm1 最先创建了临时节点 `/fetching/master`，成为主节点；fm2 收到 `NodeExists`，对它设置了监视点。每个抓取器在 `/fetching/fetchers` 下用一个临时节点登记自己的健康状态，fm1 把每个抓取分段的抓取器写到 `/fetching/crawl` 下。"
            ),
            words!(
                "The crawler does not ask the fetchers whether they are alive: it lists `/fetching/fetchers` with a child watch, and reads each fetcher's health there.",
                "爬虫不去问抓取器是否存活：它带着子节点监视点列出 `/fetching/fetchers`，并在那里读取每个抓取器的健康状态。"
            ),
            words!(
                "f2 crashed. When its session expired its znode vanished: both the master's and the crawler's child watches fired (`NodeChildrenChanged`), and the master gave f2's segments to f1 and f3.",
                "f2 崩溃了。它的会话过期后，它的节点消失：主节点和爬虫的子节点监视点都触发了（`NodeChildrenChanged`），主节点把 f2 的分段交给了 f1 和 f3。"
            ),
            words!(
                "fm1 crashed too. fm2's watch on `/fetching/master` fired (`NodeDeleted`); it became the master and found the crawl's metadata in `/fetching/crawl` as fm1 left it: no segment moved.",
                "fm1 也崩溃了。fm2 在 `/fetching/master` 上的监视点触发（`NodeDeleted`）；它成为主节点，并在 `/fetching/crawl` 中找到了 fm1 留下的抓取元数据：没有分段移动。"
            ),
        ],
        #[cfg(feature = "lesson-text")]
        script: include_str!("../cases/fetching.zks"),
    },
    CaseStudy {
        id: "messages",
        title: Text {
            en: "Facebook Messages: shards and failover",
            zh: "Facebook Messages：分片与故障转移",
        },
        summary: words!(
                "A sharded service (as Facebook Messages used ZooKeeper) assigns user shards to live servers; a master elected through ZooKeeper moves a dead server's shards.",
                "一个分片服务（正如 Facebook Messages 使用 ZooKeeper 那样）把用户分片分配给存活的服务器；通过 ZooKeeper 选出的主节点会移走崩溃服务器的分片。"
            ),
        features: &["CreateMode.EPHEMERAL", "getChildren(path, watch)", "exists(path, watch)", "setData"],
        guide: &[
            words!(
                "The servers registered under `/messages/servers`; master1 holds `/messages/master` and wrote each shard's server under `/messages/shards`.",
                "服务器在 `/messages/servers` 下登记；master1 持有 `/messages/master`，并把每个分片所在的服务器写到 `/messages/shards` 下。"
            ),
            words!(
                "s1 crashed. Its session expired, the master's child watch fired, and s1's shards moved to s2 and s3.",
                "s1 崩溃了。它的会话过期，主节点的子节点监视点触发，s1 的分片被移到 s2 和 s3。"
            ),
            words!(
                "master1 crashed too. master2's watch on `/messages/master` fired; it took over and read the assignment as master1 left it, so no shard moved.",
                "master1 也崩溃了。master2 在 `/messages/master` 上的监视点触发；它接管后读取了 master1 留下的分配，所以没有分片移动。"
            ),
        ],
        #[cfg(feature = "lesson-text")]
        script: include_str!("../cases/messages.zks"),
    },
];

/// The case with this id.
pub fn case(id: &str) -> Option<&'static CaseStudy> {
    CASES.iter().find(|c| c.id == id)
}
