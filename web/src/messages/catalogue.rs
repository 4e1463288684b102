//! The table of the page's messages: one key per message, its English and its 简体中文 side by
//! side. `{0}`, `{1}` … are filled in by [`Msg::fill`]; both languages use the same ones.

/// Declares [`Msg`] and its table from one list, so a key cannot lack a language or be left
/// out of [`Msg::ALL`].
macro_rules! catalogue {
    ($($(#[$doc:meta])* $key:ident => $en:literal, $zh:literal;)*) => {
        /// One message of the page.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg {
            $($(#[$doc])* $key,)*
        }

        impl Msg {
            /// Every key, for the tests.
            #[cfg(test)]
            #[allow(unused_doc_comments)]
            pub const ALL: &'static [Msg] = &[$($(#[$doc])* Msg::$key),*];

            /// (English, 简体中文).
            #[allow(unused_doc_comments)]
            pub(super) fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $($(#[$doc])* Msg::$key => ($en, $zh),)*
                }
            }
        }
    };
}

catalogue! {
    // The page.
    Brand => "zkplay", "zkplay";
    DocumentTitle => "zkplay — ZooKeeper in your browser", "zkplay — 浏览器里的 ZooKeeper";
    Tagline => "ZooKeeper 3.8, simulated", "模拟的 ZooKeeper 3.8";
    TreePane => "znode tree", "节点树";
    ClientsPane => "clients", "客户端";
    ConsolePane => "zkCli console", "zkCli 控制台";
    ZnodesHeading => "Znodes", "节点";
    /// The console's heading: the selected client.
    ConsoleHeading => "zkCli — {0}", "zkCli 控制台 — {0}";
    NoClient => "no client", "无客户端";
    /// The console's input line: {0} the client.
    ConsoleInput => "zkCli command for client {0}", "客户端 {0} 的 zkCli 命令";
    ConsolePlaceholder => "ls / · create /workers \"\" · get -w /workers · help · Tab completes commands and paths", "输入 zkCli 命令，例如 ls / ；↑/↓ 翻看历史，Tab 键补全命令和路径";
    /// Under a multi block being typed in the console, around the word that ends it.
    MultiDraftBefore => "A transaction: one op per line (check, create, delete, set), then ", "一个事务：每行输入一个操作（检查、创建、删除、设置），最后输入 ";
    MultiDraftAfter => " runs them all or none.", " 一次执行，要么全部生效，要么全不生效。";
    Dismiss => "Dismiss", "知道了";
    Cancel => "Cancel", "取消";

    // The toolbar.
    TimeControls => "simulation time", "模拟时间";
    StepBack => "◀ Back", "◀ 后退";
    StepBackTitle => "Undo the last event (←)", "撤销上一个事件（←）";
    Play => "▶▶ Play", "▶▶ 播放";
    Pause => "❚❚ Pause", "❚❚ 暂停";
    PlayTitle => "Play / pause (space)", "播放 / 暂停（空格键）";
    Step => "Deliver ▶", "投递 ▶";
    StepTitle => "Deliver the next event (→)", "投递下一个事件（→）";
    Speed => "play speed", "播放速度";
    SpeedTitle => "Events per tick while playing", "播放时每一拍投递的事件数";
    SpeedOption => "{0}×", "{0}×";
    TickOne => "+1 s", "+1 秒";
    TickOneTitle => "Let one second pass", "让模拟时间过去一秒";
    TickTen => "+10 s", "+10 秒";
    TickTenTitle => "Let ten seconds pass", "让模拟时间过去十秒";
    Timeline => "timeline: drag back to rewind, forward to deliver events", "时间线：向后拖动回退，向前拖动投递事件";
    /// The simulated clock, in seconds.
    Clock => "t = {0} s", "t = {0} 秒";
    StepAndSeed => "event {0} · seed {1}", "事件 {0} · 种子 {1}";
    ServerUp => "Server ● up", "服务器 ● 运行中";
    ServerDown => "Server ○ down", "服务器 ○ 已停止";
    ServerUpTitle => "Stop the server", "停止服务器";
    ServerDownTitle => "Start the server", "启动服务器";
    /// The language switch's label: in both languages while English, so a reader of either finds it.
    Language => "language / 语言", "语言";
    /// A language's name is written in that language.
    English => "English", "English";
    Chinese => "中文", "中文";
    Export => "Export", "导出";
    Import => "Import", "导入";
    ShareLink => "Share link", "分享链接";
    ShareLinkTitle => "Put a link to this sandbox in the address bar", "把指向此沙盒的链接放到地址栏";
    Reset => "Reset", "重置";

    // Loading a script.
    SourceLink => "share link", "分享链接";
    SourceFile => "scenario", "场景";
    SourceSaved => "saved sandbox", "保存的沙盒";
    /// {0} the source, {1} sessions, {2} simulated time, {3} lines, {4} events.
    LoadPrompt => "This {0} opens {1} sessions, lets {2} of simulated time pass and runs {3} lines: about {4} simulation events, which can take a while. Run it?", "此{0}将打开 {1} 个会话，让模拟时间流逝 {2}，共 {3} 行：约 {4} 个模拟事件，可能需要一些时间。要运行吗？";
    /// {0} the source, line {1} of {2}, {3} simulated time.
    LoadProgress => "Loading the {0}: line {1} of {2}, {3} simulated", "正在加载{0}：第 {1} 行，共 {2} 行，已模拟 {3}";
    LoadDialog => "load a big scenario", "加载大型场景";
    LoadBar => "loading progress", "加载进度";
    Run => "Run", "运行";
    CancelKeeps => "Stop here and keep what was simulated so far", "在此停止，保留已模拟的部分";
    Second => "{0} second", "{0} 秒";
    Seconds => "{0} seconds", "{0} 秒";
    Minute => "{0} minute", "{0} 分钟";
    Minutes => "{0} minutes", "{0} 分钟";
    Hour => "{0} hour", "{0} 小时";
    Hours => "{0} hours", "{0} 小时";
    Day => "{0} day", "{0} 天";
    Days => "{0} days", "{0} 天";

    // What went wrong (the banner).
    Busy => "a scenario is loading or waiting for your answer: let it finish, or cancel it first", "场景正在加载或等待你的确认：请等它完成，或先取消";
    NoClientSelected => "spawn a client first", "请先新建一个客户端";
    /// Before a line the engine could not run, shown in the engine's words.
    CouldNotRun => "could not run: ", "无法运行：";
    CouldNotImport => "could not import: ", "无法导入：";
    CouldNotOpenLink => "could not open the share link: ", "无法打开分享链接：";
    CouldNotRestore => "could not restore the saved sandbox: ", "无法恢复保存的沙盒：";
    NotALink => "this is not a zkplay share link", "这不是 zkplay 的分享链接";
    NewerLink => "this link was made by a newer zkplay (format {0}); this one reads v1", "此链接由更新版本的 zkplay 生成（格式 {0}）；当前版本只能读取 v1";
    LinkTooLong => "the link holds more than {0} bytes of script", "链接中的脚本超过 {0} 字节";
    LinkCorrupted => "the link is corrupted (unexpected character '{0}')", "链接已损坏（意外的字符“{0}”）";
    LinkTruncated => "the link is truncated", "链接不完整";
    LinkNotText => "the link is corrupted (not UTF-8 text)", "链接已损坏（不是有效的文本）";
    ScriptTooBig => "the script is {0} bytes; zkplay takes at most {1}", "脚本有 {0} 字节；zkplay 最多接受 {1} 字节";
    NewerScenario => "this scenario was written by a newer zkplay (format {0}); this one reads v1", "此场景由更新版本的 zkplay 写成（格式 {0}）；当前版本只能读取 v1";
    /// Before the script parser's own words about a line.
    BadLine => "line {0}: ", "第 {0} 行：";
    NoStorage => "this browser keeps no local storage: the sandbox will not survive a reload", "此浏览器不提供本地存储：重新加载页面后沙盒将丢失";
    StorageFull => "local storage is full: the sandbox will not survive a reload", "本地存储已满：重新加载页面后沙盒将丢失";

    // The tutorial.
    Tutorial => "Tutorial", "教程";
    /// Before a step's task: {0} the step, {1} how many there are.
    StepOf => "Step {0} of {1}: ", "第 {0} 步，共 {1} 步：";
    /// The lessons' texts are a file the page fetches when a lesson opens.
    LessonTextUnavailable => "The lesson's text could not be loaded: reload the page to try again.", "无法加载本课的文字：请重新加载页面再试。";
    StepWaiting => "Waiting for this step to happen in the sandbox…", "等待沙盒中完成这一步……";
    WhatHappened => "What happened: ", "发生了什么：";
    LessonComplete => "✓ Lesson complete.", "✓ 本课完成。";
    ShowMe => "Show me", "演示";
    ShowMeTitle => "Do this step for me, as I would (it shows in the console and the script)", "替我完成这一步，和我亲手操作一样（会显示在控制台和脚本中）";
    NextStep => "Next step ▶", "下一步 ▶";
    NextLesson => "Next lesson ▶", "下一课 ▶";
    RestartLesson => "Restart lesson", "重新开始本课";

    // The tree.
    TreeFilter => "filter {0} znodes by path", "按路径筛选 {0} 个节点";
    TreeFilterLabel => "filter znodes by path", "按路径筛选节点";
    /// The tree's context menu and multi-select.
    NodeMenu => "actions on this znode", "对此节点的操作";
    NodeMenuButton => "Actions on this znode (or right-click it)", "对此节点的操作（也可右键单击）";
    MenuCreateChild => "Create child…", "新建子节点…";
    MenuSetData => "Set data…", "设置数据…";
    MenuDelete => "Delete", "删除";
    MenuDeleteSubtree => "Delete subtree", "删除整个子树";
    MenuConfirmDeleteSubtree => "Delete this node and everything below it?", "删除此节点及其下的所有节点？";
    MenuCopyPath => "Copy path", "复制路径";
    MenuWatchData => "Watch its data (get -w)", "监视其数据";
    MenuWatchChildren => "Watch its children (ls -w)", "监视其子节点";
    MenuWatchRecursive => "Watch it and below, persistently (addWatch)", "持久监视它及其下所有节点";
    MenuChildName => "name", "名称";
    MenuData => "data", "数据";
    MenuRun => "Run", "运行";
    /// {0}: how many znodes are marked (ctrl- or ⌘-click).
    MarkedCount => "{0} marked", "已选 {0} 个";
    DeleteMarked => "Delete marked", "删除所选";
    ClearMarked => "Clear", "清除选择";
    MarkHint => "Ctrl- or ⌘-click znodes to mark several", "按住 Ctrl 或 ⌘ 单击可选择多个节点";
    Expand => "expand", "展开";
    Collapse => "collapse", "折叠";
    /// An ephemeral node's badge: its owner.
    EphemeralOf => "ephemeral · {0}", "临时 · {0}";
    Container => "container", "容器";
    Ttl => "ttl", "TTL";
    Sequential => "seq", "顺序";

    // The inspector.
    InspectorEmpty => "Select a znode to see its data, Stat and watchers.", "选择一个节点，查看它的数据、Stat 和监视者。";
    Acl => "ACL: ", "ACL：";
    NoWatches => "No watches on this znode.", "此节点上没有监视。";
    /// {0} the session, {1} the kind of watch.
    Watcher => "{0} — {1} watch", "{0} — {1}监视";
    WatchData => "data", "数据";
    WatchExists => "exists", "存在";
    WatchChild => "child", "子节点";
    WatchPersistent => "persistent", "持久";
    WatchPersistentRecursive => "persistent-recursive", "持久递归";

    // The clients.
    Clients => "Clients", "客户端";
    SpawnClient => "+ Spawn client", "+ 新建客户端";
    Or => "or ", "或 ";
    HowManyClients => "how many clients", "客户端数量";
    SpawnN => "Spawn N", "新建 N 个";
    PauseLength => "GC pause length (ms) ", "GC 停顿时长（ms） ";
    PauseLengthLabel => "pause length in milliseconds", "停顿时长（毫秒）";
    NoClients => "No clients yet: spawn one to get a session and a zkCli console.", "还没有客户端：新建一个，就有了会话和 zkCli 控制台。";
    UseConsole => "Use this client's console", "使用此客户端的控制台";
    /// A client zkplay crashed (the other states are ZooKeeper's own names).
    StateCrashed => "Crashed", "已崩溃";
    Partitioned => "partitioned", "网络已隔离";
    Paused => "paused", "已暂停";
    NoSessionYet => "no session yet", "尚无会话";
    SessionTimeout => " · timeout {0} ms", " · 超时 {0} ms";
    Ephemerals => "ephemerals: ", "临时节点：";
    /// What follows a path in a list: its kind of watch.
    InParens => " ({0})", "（{0}）";
    ListSeparator => ", ", "、";
    /// A client's recipe role before its status (the status is the engine's).
    RecipeRole => "{0}: ", "{0}：";
    Crash => "Crash", "崩溃";
    Heal => "Heal", "恢复网络";
    Partition => "Partition", "隔离网络";
    PauseClient => "Pause", "暂停";
    CloseSession => "Close", "关闭";
    Reconnect => "Reconnect", "重新连接";
    ReconnectTitle => "Start this client again with a new session", "用新的会话重新启动此客户端";

    // The recipes.
    Recipes => "Recipes", "协调配方";
    RecipeKind => "recipe", "配方";
    RecipePath => "recipe path", "配方路径";
    Times => "× ", "× ";
    Start => "Start", "启动";
    Violations => "⚠ {0} safety violation(s)", "⚠ {0} 个安全性违规";
    /// After a violation (in the engine's words): where it happened.
    ViolationAt => " (seed {0}, step {1}, t = {2} ms)", "（种子 {0}，第 {1} 步，t = {2} ms）";
    ChainLabel => "who waits on whom", "谁在等谁";
    /// {0} acquisitions, {1} [`Msg::AcquireTimes`] or nothing, {2} messages.
    ContenderStats => "{0} acquisition(s){1} · {2} messages on the network · watch notifications per hand-off:", "获取 {0} 次{1} · 网络上共 {2} 条消息 · 每次交接的监视通知数：";
    AcquireTimes => ", time to acquire {0} ms", "，获取耗时 {0} ms";
    NoHandoff => "no hand-off yet", "尚无交接";
    MessagesSent => "{0} messages on the network", "网络上共 {0} 条消息";

    // The recipes zkplay runs: the form's names (the script's words in English) and what each shows.
    KindLock => "lock", "锁";
    KindLockWhat => "exclusive lock, each waiter watches its predecessor", "互斥锁，每个等待者监视它的前一个";
    KindLockNaive => "lock-naive", "朴素锁";
    KindLockNaiveWhat => "exclusive lock, every waiter watches one node (herd)", "互斥锁，所有等待者监视同一个节点（羊群效应）";
    KindElection => "election", "选举";
    KindElectionWhat => "leader election without a herd", "没有羊群效应的领导者选举";
    KindElectionNaive => "election-naive", "朴素选举";
    KindElectionNaiveWhat => "the seed's race for /master (herd)", "种子文档里争当主节点的做法（羊群效应）";
    KindRwlockRead => "rwlock-read", "读写锁：读";
    KindRwlockReadWhat => "shared lock: readers wait only for earlier writers", "共享锁：读者只等待更早的写者";
    KindRwlockWrite => "rwlock-write", "读写锁：写";
    KindRwlockWriteWhat => "shared lock: a writer waits for everyone earlier", "共享锁：写者等待所有更早的参与者";
    KindQueueProducer => "queue-producer", "队列生产者";
    KindQueueProducerWhat => "adds sequential items", "添加顺序条目";
    KindQueueConsumer => "queue-consumer", "队列消费者";
    KindQueueConsumerWhat => "takes the lowest item", "取走序号最小的条目";
    KindBarrier => "barrier", "屏障";
    KindBarrierWhat => "waits until the barrier node is deleted", "等待屏障节点被删除";
    KindDoubleBarrier => "double-barrier", "双屏障";
    KindDoubleBarrierWhat => "enter together, leave together", "一起进入，一起离开";
    KindConfigWorker => "config-worker", "配置：工作服务器";
    KindConfigWorkerWhat => "work server: watches /app/config", "工作服务器：监视配置节点";
    KindConfigManager => "config-manager", "配置：管理服务器";
    KindConfigManagerWhat => "manage server: publishes /app/config", "管理服务器：发布配置节点";
    KindNaming => "naming", "命名服务";
    KindNamingWhat => "unique ordered names", "唯一且有序的名字";
    KindLbServer => "lb-server", "负载均衡：服务器";
    KindLbServerWhat => "registers with its load", "带着自己的负载注册";
    KindLbClient => "lb-client", "负载均衡：客户端";
    KindLbClientWhat => "picks a server", "挑选一台服务器";
    KindMwMaster => "mw-master", "主从：主节点";
    KindMwMasterWhat => "master–worker: the master (and backups)", "主从模式：主节点（及备份）";
    KindMwWorker => "mw-worker", "主从：工作者";
    KindMwWorkerWhat => "master–worker: a worker", "主从模式：一个工作者";
    KindMwClient => "mw-client", "主从：客户端";
    KindMwClientWhat => "master–worker: submits tasks", "主从模式：提交任务";
    // The recipe form: each option, and what it means for the chosen kind.
    OptHold => "hold (ms)", "持有（毫秒）";
    OptRounds => "rounds", "轮数";
    OptFencing => "fencing", "防护令牌";
    OptItems => "items", "数量";
    OptInterval => "interval (ms)", "间隔（毫秒）";
    OptSize => "size", "人数";
    MeaningHoldRole => "ms the holder keeps the role before releasing it (0: keeps it for good)", "持有者在释放前保持角色的毫秒数（0：一直保持）";
    MeaningRounds => "how many times each client takes the role before it stops competing", "每个客户端获得角色多少次后停止竞争";
    MeaningFencing => "on: the protected resource refuses a holder's stale fencing token", "开启：受保护的资源拒绝持有者过期的防护令牌";
    MeaningItemsProduced => "how many items it adds", "它添加多少个条目";
    MeaningIntervalProduce => "ms between its items", "两个条目之间的毫秒数";
    MeaningIntervalConsume => "ms of work per item taken", "每取出一个条目要工作的毫秒数";
    MeaningHoldBarrierWork => "ms of work between entering and leaving (at least 1)", "进入与离开之间工作的毫秒数（至少 1）";
    MeaningSizeBarrier => "how many clients it waits for (default: the clients on the line)", "它等待多少个客户端（默认：这一行上的客户端数）";
    MeaningItemsConfigVersions => "how many configuration versions it publishes", "它发布多少个配置版本";
    MeaningIntervalConfig => "ms between versions (at least 1)", "两个版本之间的毫秒数（至少 1）";
    MeaningItemsNames => "how many names it takes", "它取得多少个名字";
    MeaningItemsLoadUpdates => "how many load updates it publishes", "它发布多少次负载更新";
    MeaningIntervalLoad => "ms between load updates (at least 1)", "两次负载更新之间的毫秒数（至少 1）";
    MeaningHoldTaskWork => "ms of work per task (at least 1)", "每个任务工作的毫秒数（至少 1）";
    MeaningItemsTasks => "how many tasks it submits", "它提交多少个任务";
    MeaningItemsRegions => "how many regions it assigns", "它分配多少个区域";
    MeaningItemsPartitions => "how many partitions the topic has", "主题有多少个分区";
    MeaningItemsSolrShards => "how many shards the collection has", "集合有多少个分片";
    MeaningItemsShards => "how many shards it assigns", "它分配多少个分片";
    MeaningItemsSegments => "how many crawl segments it assigns", "它分配多少个抓取分段";
    // The case studies.
    CasesHeading => "Case studies", "案例研究";
    CasesIntro => "The real systems of the seed document, built from the recipes above: run one and follow it in the tree, the client cards, the recipe board and the event log.", "种子文档中的真实系统，由上面的协调配方搭建：运行一个，然后在节点树、客户端卡片、配方面板和事件日志中跟着看。";
    CaseRun => "Run this case in a fresh sandbox", "在新的沙盒中运行这个案例";
    CaseFeatures => "Rests on:", "依赖的特性：";
    CaseWhatHappened => "What happened, in order", "按顺序发生了什么";
    CaseHint => "Step back with ← or the timeline to watch each moment again.", "用 ← 键或时间轴后退，可以重看每个时刻。";
    CaseClose => "Close", "关闭";
    KindHBaseMaster => "hbase-master", "HBase：主节点";
    KindHBaseMasterWhat => "HBase: the active master (and backups) assigns regions", "HBase：活动主节点（及备用主节点）分配区域";
    KindHBaseRegionServer => "hbase-regionserver", "HBase：区域服务器";
    KindHBaseRegionServerWhat => "HBase: a region server registers under rs", "HBase：区域服务器登记自己";
    KindKafkaBroker => "kafka-broker", "Kafka：代理节点";
    KindKafkaBrokerWhat => "Kafka: a broker registers; one is the controller", "Kafka：代理节点登记自己，其中一个是控制器";
    KindSolrNode => "solr-node", "Solr：节点";
    KindSolrNodeWhat => "Solr: a live node; one is the Overseer", "Solr：存活节点，其中一个是总管（Overseer）";
    KindShardMaster => "shard-master", "分片：主节点";
    KindShardMasterWhat => "sharding: the master assigns shards to servers", "分片：主节点把分片分配给服务器";
    KindShardServer => "shard-server", "分片：服务器";
    KindShardServerWhat => "sharding: a server registers to serve shards", "分片：服务器登记以承载分片";
    KindFetchMaster => "fetch-master", "抓取服务：主节点";
    KindFetchMasterWhat => "Yahoo! Fetching Service: a master; the elected one assigns crawl segments", "Yahoo! 抓取服务：主节点；当选的那个分配抓取分段";
    KindFetcher => "fetcher", "抓取服务：抓取器";
    KindFetcherWhat => "Yahoo! Fetching Service: a fetcher registers its health", "Yahoo! 抓取服务：抓取器登记自己的健康状态";
    // A recipe path's heading names its family.
    FamilyLock => "lock", "锁";
    FamilyElection => "election", "选举";
    FamilyRwlock => "rwlock", "读写锁";
    FamilyQueue => "queue", "队列";
    FamilyBarrier => "barrier", "屏障";
    FamilyDouble => "double", "双屏障";
    FamilyConfig => "config", "配置";
    FamilyShard => "shards", "分片";
    FamilyFetching => "fetching service", "抓取服务";
    FamilyNaming => "naming", "命名服务";
    FamilyLb => "lb", "负载均衡";
    FamilyMw => "mw", "主从";

    // The ensemble: the mode control, the ring of servers, the messages between them.
    Mode => "servers: standalone or an ensemble", "服务器：单机或集群";
    ModeStandalone => "Standalone", "单机";
    ModeEnsemble => "{0} servers", "{0} 台服务器";
    ModeEnsembleObservers => "{0} + {1} observer(s)", "{0} 台 + {1} 个观察者";
    RingLabel => "the servers and the messages between them", "服务器及其间传输中的消息";
    ServerN => "server {0}", "服务器 {0}";
    RoleLeader => "leader", "群首";
    RoleFollower => "follower", "追随者";
    RoleObserver => "observer", "观察者";
    RoleLooking => "looking for a leader", "选举中";
    RoleDown => "down", "已宕机";
    /// A server in the ring: its role and epoch.
    RoleEpoch => "{0} · epoch {1}", "{0} · 纪元 {1}";
    /// A server's epoch and last zxid.
    EpochZxid => "epoch {0} · zxid {1}", "纪元 {0} · zxid {1}";
    TxnsBehind => "{0} txns behind", "落后 {0} 个事务";
    UpToDate => "up to date", "已是最新";
    Delayed => "delayed +{0} ms", "延迟 +{0} ms";
    Committed => "committed", "已提交";
    Proposed => "proposed, not committed yet", "已提议，尚未提交";
    ServerClients => "clients: ", "客户端：";
    AndMore => " +{0} more", " 等另外 {0} 个";
    Restart => "Restart", "重启";
    ShowTree => "Show tree", "查看节点树";
    NoDelay => "no delay", "取消延迟";
    DelayOption => "delay +{0} ms", "延迟 +{0} ms";
    /// {0} the quorum, {1} the voters, {2} those up.
    Quorum => "quorum: {0} of {1} voters · {2} up and connected", "法定人数：{1} 个投票者中的 {0} 个 · {2} 个在线且互通";
    NoQuorum => "no quorum: at most {2} of {1} voters up and connected, {0} needed; the ensemble cannot serve", "没有法定人数：{1} 个投票者中最多 {2} 个在线且互通，需要 {0} 个；集群无法提供服务";
    PeerMessages => "Between servers ({0})", "服务器之间（{0}）";
    PeerHeld => "held by a partition", "被网络隔离扣住";
    Arrives => "arrives {0} ms", "到达于 {0} ms";
    OnServer => "on server {0}", "连接服务器 {0}";
    // The ensemble's event log.
    LogPeer => "server {0} → server {1}: {2}", "服务器 {0} → 服务器 {1}：{2}";
    LogToServer => "{0} → server {1}: {2}", "{0} → 服务器 {1}：{2}";
    LogFromServer => "server {1} → {0}: {2}", "服务器 {1} → {0}：{2}";
    /// {0} the server, {1} ZooKeeper's state name, {2} the epoch.
    LogPeerState => "server {0} is {1} (epoch {2})", "服务器 {0} 进入 {1} 状态（纪元 {2}）";
    LogPeerCrashed => "server {0} crashed", "服务器 {0} 崩溃了";
    LogPeerStarted => "server {0} started", "服务器 {0} 已启动";

    // The network.
    DiagramLabel => "messages travelling between the clients and the server", "客户端与服务器之间传输中的消息";
    /// The server in the diagram.
    ServerShort => "ZK", "ZK";
    Server => "server", "服务器";
    Route => "{0} → {1}", "{0} → {1}";
    /// {0} a server's myid.
    ServerNumbered => "server {0}", "服务器 {0}";
    InFlight => "In flight ({0})", "传输中（{0}）";
    MessageProgress => "progress of this message", "此消息的传输进度";
    SentArrives => "sent {0} ms, arrives {1} ms", "发出于 {0} ms，到达于 {1} ms";
    EventLog => "Event log — newest first; the simulator keeps the last {0} entries", "事件日志 — 最新的在最前；模拟器保留最近 {0} 条";
    /// A log line's step and time.
    LogAt => "#{0} {1} ms ", "#{0} {1} ms ";

    // The engine's values in words (messages/engine.rs). In English each reads exactly as core's
    // `Display` of the value (the transcripts' text); ZooKeeper's words are placeholders.
    /// An empty list.
    None => "none", "无";
    // A role's status.
    StStarting => "starting", "正在启动";
    StStoppedSessionGone => "stopped: session gone", "已停止：会话已结束";
    /// {0} the path, {1} ZooKeeper's error code.
    StStoppedCannotCreate => "stopped: cannot create {0}: {1}", "已停止：无法创建 {0}：{1}";
    StCrashed => "crashed", "已崩溃";
    StCompeting => "competing for {0}", "正在争夺 {0}";
    StReadsUnder => "reads under {0}", "在 {0} 下持有读锁";
    StWritesUnder => "writes under {0}", "在 {0} 下持有写锁";
    StHolds => "holds {0}", "持有 {0}";
    StLeaderOf => "leader of {0}", "是 {0} 的领导者";
    StWaitsWithHerd => "waits for {0} (watches it with the whole herd)", "等待 {0}（和整个羊群一起监视它）";
    StWaitsFor => "waits for {0}", "等待 {0}";
    StReleasing => "releasing {0}", "正在释放 {0}";
    StDone => "done", "已完成";
    StExpiredLost => "session expired: lost {0}", "会话已过期：失去了 {0}";
    StDisconnectedLost => "disconnected: must treat {0} as lost", "连接已断开：必须当作已失去 {0}";
    StClosed => "closed", "已关闭";
    StPassedBarrier => "passed the barrier {0}", "已通过屏障 {0}";
    StWaitsAtBarrier => "waits at the barrier {0}", "在屏障 {0} 处等待";
    /// {0} here, {1} the barrier's size.
    StWaitsToEnter => "waits to enter ({0}/{1} here)", "等待进入（已到 {0}/{1}）";
    StEntered => "entered {0}: working", "已进入 {0}：工作中";
    StLeaving => "leaving", "正在离开";
    StLeavingWaitsFor => "leaving: waits for {0}", "正在离开：等待 {0}";
    StLeft => "left {0} with everyone", "已与所有参与者一起离开 {0}";
    /// {0} the configuration, {1} its version, {2} the Stat field's name.
    StRunsWithConfig => "runs with config \"{0}\" ({2} {1})", "使用配置“{0}”运行（{2} {1}）";
    StWaitsForConfig => "waits for a configuration", "等待配置发布";
    /// {0} versions, {1} the servers.
    StPublished => "published {0} version(s) · servers: {1}", "已发布 {0} 个版本 · 服务器：{1}";
    StProduced => "produced {0} ({1} left)", "已生产 {0}（还剩 {1} 个）";
    StWaitingForItems => "waiting for items ({0} consumed)", "等待条目（已消费 {0} 个）";
    StWorkingOn => "working on {0}", "正在处理 {0}";
    /// {0} the name, {1} how many so far, {2} how many wanted.
    StGotName => "got {0} ({1} of {2})", "得到 {0}（第 {1} 个，共 {2} 个）";
    StServing => "serving, load {0}", "服务中，负载 {0}";
    StNoServers => "no servers", "没有服务器";
    /// {0} each server with its load, {1} the next by round robin, {2} the least loaded.
    StServers => "servers {0} · next round-robin {1} · least loaded {2}", "服务器 {0} · 轮询的下一个 {1} · 负载最低 {2}";
    StBackupWatchesMaster => "backup: watches the master", "备份：监视主节点";
    StMaster => "master · workers: {0}", "主节点 · 工作者：{0}";
    StMasterNoWorkers => "master · no workers: tasks wait", "主节点 · 没有工作者：任务等待中";
    StAssigns => "assigns {0} to {1}", "把 {0} 分配给 {1}";
    StMovesBack => "moves {0} back from a dead worker", "把 {0} 从失效的工作者那里收回";
    StDisconnectedNotMaster => "disconnected: not acting as master", "连接已断开：不再充当主节点";
    StIdle => "idle ({0} done)", "空闲（已完成 {0} 个）";
    StRuns => "runs {0}", "正在执行 {0}";
    StTasksDone => "{0} of {1} tasks done", "已完成 {0} / {1} 个任务";
    StBackupWatches => "backup: watches {0}", "备份：监视 {0}";
    /// {0} the coordinator's title, {1} live members, {2} how many, {3} of what.
    StCoordinating => "{0}: {1} live, {2} {3}", "{0}：{1} 个存活，{2} {3}";
    /// The same, with Kafka's controller epoch {4}.
    StCoordinatingEpoch => "{0} (epoch {4}): {1} live, {2} {3}", "{0}（纪元 {4}）：{1} 个存活，{2} {3}";
    StDisconnectedNotCoordinating => "disconnected: not coordinating", "连接已断开：不再协调";
    StLiveHostsNone => "live: hosts no shard", "存活：没有承载分片";
    StLiveHosts => "live: hosts {0}", "存活：承载 {0}";
    StRegisteredAt => "registered at {0}", "已登记在 {0}";
    TitleActiveMaster => "active master", "活动主节点";
    TitleController => "controller", "控制器";
    TitleOverseer => "overseer", "总管";
    TitleShardMaster => "shard master", "分片主节点";
    TitleFetchingMaster => "fetching master", "抓取主节点";
    ItemsRegions => "regions", "个区域";
    ItemsPartitions => "partitions", "个分区";
    ItemsShards => "shards", "个分片";
    ItemsSegments => "crawl segments", "个抓取分段";

    // Safety properties and what broke them.
    PropAtMostOneWriter => "at most one writer", "至多一个写者";
    PropNoWriterWithReader => "no writer alongside a reader", "写者不与读者并存";
    PropAtMostOneMaster => "at most one master", "至多一个主节点";
    PropAtMostOneLockHolder => "at most one lock holder", "至多一个锁持有者";
    PropQueueItemsOnce => "every queue item consumed at most once", "每个队列条目至多被消费一次";
    PropNoEarlyEntry => "no one enters a double barrier early", "没有人提前进入双屏障";
    PropUniqueNames => "names are unique", "名字是唯一的";
    PropTasksOnce => "every task completed once", "每个任务只完成一次";
    PropOneLeaderPerEpoch => "one leader per epoch", "每个纪元只有一个群首";
    PropCommittedLogsAgree => "committed logs agree", "已提交的日志一致";
    PropClientZxidsGrow => "a client's zxids only grow", "客户端看到的 zxid 只增不减";
    PropAcknowledgedWritesSurvive => "acknowledged writes survive", "已确认的写入不会丢失";
    PropNoPeerAnomaly => "no peer anomaly", "服务器没有异常";
    PropReadsSeeAcknowledgedWrites => "reads see acknowledged writes (without sync, a follower may lag)", "读取能看到已确认的写入（未先调用同步时，追随者可能落后）";
    PropNoLostOrDoubledWatchEvent => "no lost or doubled watch event", "监视事件不丢失也不重复";
    /// {0} the property, {1} what happened.
    ViolationLine => "{0} — {1}", "{0} — {1}";
    /// {0} the resource, {1} the holders.
    DetHoldTogether => "{0}: {1} hold it together", "{0}：{1} 同时持有它";
    DetAllLead => "{0}: {1} all believe they lead", "{0}：{1} 都认为自己是领导者";
    /// {0} the resource, {1} the client and {2} its token, {3} who wrote before with {4}.
    DetStaleWrite => "{0}: {1} wrote with token {2} after {3} wrote with {4}", "{0}：{1} 用令牌 {2} 写入，而此前 {3} 已用令牌 {4} 写入";
    DetConsumedAgain => "{0} consumed again by {1}", "{0} 被 {1} 再次消费";
    /// {0} the client, {1} the barrier, {2} joined, {3} its size.
    DetEnteredEarly => "{0} entered {1} with {2} of {3} joined", "{0} 在只有 {2}/{3} 个参与者加入时进入了 {1}";
    DetHandedOutTwice => "{0} handed out twice", "{0} 被分配了两次";
    DetCompletedAgain => "{0} completed again by {1}", "{0} 被 {1} 再次完成";
    /// {0} the epoch, {1} the servers.
    DetTwoLeaders => "two leaders in epoch {0}: {1}", "纪元 {0} 有两个群首：{1}";
    DetLeaderLacksCommitted => "leader {0} of epoch {1} lacks committed entries", "纪元 {1} 的群首 {0} 缺少已提交的条目";
    DetLeaderLacksAcknowledged => "leader {0} of epoch {1} lacks acknowledged {2}", "纪元 {1} 的群首 {0} 缺少已确认的 {2}";
    DetDiverged => "peer {0} committed {1} where another committed {2}", "服务器 {0} 提交了 {1}，而另一台在同一位置提交了 {2}";
    DetZxidWentBack => "client {0} saw zxid {1} after {2}", "客户端 {0} 看到了 zxid {1}，而它之前已看到 {2}";
    /// {0} the client, {1} the path, {2} the answering server's zxid, {3} the acknowledged write's.
    #[cfg(feature = "client-checks")]
    DetStaleRead => "client {0} read {1} at {2}, behind {3} acknowledged before the read (no sync: ZooKeeper allows it)", "客户端 {0} 读取 {1} 时得到的是 {2} 的状态，落后于读取之前已确认的 {3}（未先调用同步：ZooKeeper 允许这种情况）";
    #[cfg(feature = "client-checks")]
    DetStaleReadSynced => "client {0} read {1} at {2}, behind {3} acknowledged before the read (after its sync: a bug)", "客户端 {0} 读取 {1} 时得到的是 {2} 的状态，落后于读取之前已确认的 {3}（在它自己调用同步之后：这是缺陷）";
    /// {0} the client, {1} the watch's table (data, exist, child), {2} the path, {3} the zxid it was set at, {4} the change's.
    #[cfg(feature = "client-checks")]
    DetLostWatchEvent => "client {0}'s {1} watch on {2} (set at {3}) missed the change at {4}", "客户端 {0} 的 {1} 监视（路径 {2}，设于 {3}）漏掉了 {4} 的变更";
    #[cfg(feature = "client-checks")]
    DetLostWatchDeletion => "client {0}'s {1} watch on {2} (set at {3}) missed the node's deletion", "客户端 {0} 的 {1} 监视（路径 {2}，设于 {3}）漏掉了节点的删除";
    /// {0} the client, {1} the event type, {2} the path.
    #[cfg(feature = "client-checks")]
    DetUnexpectedWatchEvent => "client {0} got {1} on {2} with no watch left to fire", "客户端 {0} 收到了 {1}（路径 {2}），但已没有可触发它的监视";
    /// The model's own words.
    DetAnomaly => "{0}", "{0}";

    // What a message is (ZooKeeper's op, event and error names stay as they are).
    /// {0} the timeout, {1} ZooKeeper's name of the request.
    SumConnect => "{1} (timeout {0} ms)", "{1}（超时 {0} ms）";
    /// {0} the timeout, {1} the session.
    SumReconnect => "reconnect {1} (timeout {0} ms)", "重新连接 {1}（超时 {0} ms）";
    /// {0} the session, {1} the negotiated timeout.
    SumEstablished => "session established {0}, negotiated timeout {1} ms", "会话已建立 {0}，协商超时 {1} ms";
    SumSessionExpired => "session expired", "会话已过期";
    /// {0} the request's number, {1} what it is.
    SumXid => "#{0} {1}", "#{0} {1}";
    /// {0} setWatches or setWatches2, {7} the field's name with {1} its zxid, then how many watches of each kind.
    SumSetWatches => "{0} {7} {1}: {2} data, {3} exist, {4} child, {5} persistent, {6} recursive", "{0} {7} {1}：数据 {2}、存在 {3}、子节点 {4}、持久 {5}、递归 {6}";
    SumSetWatchesOk => "{0} ok", "{0} 完成";
    SumReplyOk => "#{0} ok", "#{0} 成功";
    SumSessionClosed => "#{0} session closed", "#{0} 会话已关闭";
    SumConnectionClosed => "connection closed", "连接已关闭";
    /// {0} ZooKeeper's name of the operation, {1} what it is on.
    ReqOp => "{0} {1}", "{0} {1}";
    ReqOpWatch => "{0} {1} +watch", "{0} {1} +监视";
    /// {0} how many operations, {1} the request's name.
    ReqMulti => "{1} ({0} ops)", "{1}（{0} 个操作）";

    // The event log.
    /// {0} the client, {1} the timeout as the Java client logs it.
    LogInitiating => "{0}: Initiating client connection, {1}", "{0}：正在发起客户端连接，{1}";
    LogCrashed => "{0}: crashed", "{0}：已崩溃";
    LogPaused => "{0}: paused for {1} ms (e.g. a GC pause)", "{0}：暂停 {1} ms（例如一次 GC 停顿）";
    LogResumed => "{0}: resumed", "{0}：已恢复运行";
    /// {0} the client, {1} what its watcher received, as ZooKeeper writes it.
    LogClientSaid => "{0}: {1}", "{0}：{1}";
    /// {0} the route, {1} the message.
    LogMessage => "{0} {1}", "{0} {1}";
    LogMessageHeld => "{0} {1} — held: partitioned", "{0} {1} — 被扣留：网络已隔离";
    LogMessageRefused => "{0} {1} — refused: server down", "{0} {1} — 被拒绝：服务器已停止";
    LogTimedOut => "{0}: Client session timed out, have not heard from server in {1}ms", "{0}：客户端会话超时，已有 {1}ms 没有收到服务器的消息";
    LogPartitioned => "{0}: partitioned from the server", "{0}：与服务器之间的网络被隔离";
    LogHealed => "{0}: network healed", "{0}：网络已恢复";
    LogDelay => "{0}: link delay set to {1} ms", "{0}：链路延迟设为 {1} ms";
    LogExpiring => "server: expiring session {0}", "服务器：使会话 {0} 过期";
    LogServerStopped => "server: stopped", "服务器：已停止";
    LogServerStarted => "server: started", "服务器：已启动";
    /// {0} the client, {1} the recipe, {2} its path.
    LogRecipeStarted => "{0}: runs {1} on {2}", "{0}：在 {2} 上运行“{1}”";
    /// {0} the resource, {1} the client, {2} its stale token, {3} the newest seen.
    LogRejected => "resource: {0}: rejected {1}'s write with stale token {2} (saw {3})", "受保护的资源：{0}：拒绝了 {1} 用过期令牌 {2} 的写入（已见过 {3}）";
    LogViolation => "VIOLATION {0}: {1}", "违反“{0}”：{1}";
    /// {0} the client, {1} the recipe, {2} its status.
    LogStatus => "{0} [{1}]: {2}", "{0} [{1}]：{2}";
    /// A client's console: {0} the session, {1} the recipe, {2} its status (and a line break).
    ConsoleRecipe => "[{0} · {1}] {2}\n", "[{0} · {1}] {2}\n";

    // A recipe's board, read from the tree.
    BrdItemsWaiting => "items waiting: {0}", "等待中的条目：{0}";
    /// {0} the master, {1} the workers.
    BrdMaster => "master: {0} · workers: {1}", "主节点：{0} · 工作者：{1}";
    BrdTasksWaiting => "tasks waiting: {0}", "等待中的任务：{0}";
    BrdAssignedTo => "assigned to {0}: {1}", "分配给 {0}：{1}";
    BrdTasksDone => "done: {0}", "已完成：{0}";
    /// {0} the configuration, {1} its version, {2} the Stat field's name.
    BrdConfig => "config: \"{0}\" ({2} {1})", "配置：“{0}”（{2} {1}）";
    BrdConfigNone => "config: not published", "配置：尚未发布";
    BrdServers => "servers: {0}", "服务器：{0}";
    /// {0} a znode, {1} its data or children.
    BrdNode => "{0}: {1}", "{0}：{1}";
    BrdPlacement => "{0} → {1}", "{0} → {1}";

    // Why a line could not run.
    /// {0} the line, {1} why.
    RunErrorLine => "{0}: {1}", "{0}：{1}";
    /// What stands for the script parser's own English words about a line.
    LineNotRead => "zkplay cannot read this line", "zkplay 读不懂这一行";
    /// {0} a line's syntax.
    LineUsage => "usage: {0}", "用法：{0}";
    ErrNoClient => "no client named {0}", "没有名为 {0} 的客户端";
    ErrAlreadyRunning => "client {0} is already running", "客户端 {0} 已在运行";
    ErrNotRunning => "client {0} is not running", "客户端 {0} 没有在运行";
    ErrNotARecipePath => "'{0}' is not a path a recipe can use", "“{0}”不是协调配方可以使用的路径";
    /// {0} the client, {1} its recipe, {2} the path.
    ErrPathTaken => "{0} already runs {1} on {2}; a session's roles each need their own path", "{0} 已在 {2} 上运行“{1}”；同一会话的每个角色都需要自己的路径";
    ErrNoLiveSession => "{0} has no live session on a running server", "{0} 在运行中的服务器上没有存活的会话";
    ErrServerAlreadyStopped => "the server is already stopped", "服务器已经停止了";
    ErrServerAlreadyRunning => "the server is already running", "服务器已经在运行了";
    ErrTimeBackwards => "time cannot go backwards", "时间不能倒流";
    ErrWhichServer => "an ensemble has several servers: name one ('{0}')", "集群有多台服务器：请指明是哪一台（“{0}”）";
    ErrSessionOpen => "session {0} is already open", "会话 {0} 已经打开";
    /// {0} the session, {1} the line that opens it.
    ErrNoSession => "no session named {0}: open it first with '{1}'", "没有名为 {0} 的会话：请先用“{1}”打开它";
    ErrMustComeFirst => "{0} must come before anything else in the script", "{0} 必须写在脚本的最前面";
    ErrOnlyInSimulator => "'{0}' works only in the simulator", "“{0}”只能在模拟器中使用";
    /// {0} the line, {1} the server.
    ErrServerRunning => "'{0}': server {1} is already running", "“{0}”：服务器 {1} 已经在运行";
    ErrServerNotRunning => "'{0}': server {1} is already not running", "“{0}”：服务器 {1} 本来就没有运行";
    /// {0} the server, {1} the mode wanted, {2} the time, {3} the mode it is in.
    ErrNotReached => "server {0} was not {1} within {2} ms (it is {3})", "服务器 {0} 在 {2} ms 内没有成为 {1}（它现在是 {3}）";
    ErrCannotConnectTo => "cannot connect to server {0}", "无法连接到服务器 {0}";
    ErrCannotConnectAny => "cannot connect to any server", "无法连接到任何一台服务器";
    ErrNoEnsembleYet => "an ensemble script begins with its '{0}' line", "集群脚本必须以“{0}”这一行开头";
    ErrSecondEnsemble => "the script has one {0} line", "一个脚本只能有一行“{0}”";
    ErrSetupAfterEnsemble => "{0} must come before the '{1}' line", "{0} 必须写在“{1}”这一行之前";
    /// {0} the standalone server's command, {1} and {2} an ensemble's.
    ErrNotOnEnsemble => "on an ensemble, '{0}' must name its server: '{1}' or '{2}'", "集群模式下，“{0}”必须指明服务器：“{1}”或“{2}”";
    /// {0} what, {1} to {2}, {3} the unit, {4} the word given.
    ErrBound => "{0} must be a whole number from {1} to {2}{3}, not '{4}'", "{0} 必须是 {1} 到 {2}{3} 之间的整数，而不是“{4}”";
    UnitMs => " ms", " ms";
    UnitMsDay => " ms (one day)", " ms（一天）";
    /// {0} the word given, {1} the form expected.
    ErrNotKeyValue => "expected {1}, got '{0}'", "应为 {1} 的形式，而不是“{0}”";
    /// {0} the value given, {1} the option, {2} and {3} its values.
    ErrFencing => "{1} must be {2} or {3}, not '{0}'", "{1} 必须是 {2} 或 {3}，而不是“{0}”";
    /// {0} the key, {1} the options there are.
    ErrUnknownOption => "unknown option '{0}' ({1})", "未知的选项“{0}”（可用的有：{1}）";
    ErrRecipeRoot => "a recipe needs a path of its own, not /", "协调配方需要一个自己的路径，不能是 /";
    ErrBothQuotes => "zkCli cannot read {0} as one word: it holds both ' and \"", "zkCli 无法把 {0} 读作一个词：它同时含有 ' 和 \"";
    // The moments of a session's start (① to ⑤ in the log and on the timeline), in the seed's words.
    MomentInitiating => "① the client starts to establish a session", "①客户端启动程序来建立一个会话";
    MomentOpeningSocket => "② the client opens a connection to the server", "②客户端尝试连接到服务器";
    MomentConnectRequest => "③ connected: the ConnectRequest goes out, the server initialises the session", "③客户端连接成功，服务器开始初始化这个新会话";
    MomentEstablished => "④ the session is established: its id and negotiated timeout", "④会话初始化成功完成：会话 id 与协商后的超时";
    MomentSyncConnected => "⑤ the client receives the SyncConnected event", "⑤服务器向客户端发送一个同步连接事件";
    TimelineMarks => "where the selected client's session starts happened, ① to ⑤", "所选客户端每次建立会话的①到⑤各时刻在时间线上的位置";
    // The consoles' simulator lines, the command box and zkplay's hints (console).
    /// The mark before each of zkplay's own lines in a console.
    ZkplayNoteMark => "zkplay", "zkplay";
    CommandBoxPrompt => "simulator ›", "模拟器 ›";
    CommandBoxInput => "a simulator line (no client selected): servers, network, time, sessions", "模拟器命令（未选择客户端）：服务器、网络、时间、会话";
    CommandBoxPlaceholder => "srvr 1 · server 1 crash · delay server 1 300 · tick 1000 · session c1", "模拟器命令：服务器、网络、时间、会话；↑/↓ 翻看历史";
    /// {0} the command zkCli 3.4 had, {1} what 3.8 has instead.
    HintRemoved => "hint: {0} was zkCli 3.4's; ZooKeeper 3.8 removed it: use {1}", "提示：{0} 是 zkCli 3.4 的命令，ZooKeeper 3.8 已将其移除：请改用 {1}";
    /// {0} the command meant.
    HintDidYouMean => "hint: did you mean {0}?", "提示：你是不是想输入 {0}？";
    /// {0} how many events.
    NoteCapped => "stopped after {0} events, the most one line runs; the rest are still in flight (Step delivers them)", "已运行 {0} 个事件（一行命令最多运行这么多）后停止；其余消息仍在传输中（单步可逐个送达）";
    /// {0} "no client".
    CommandBoxHeading => "Simulator — {0}", "模拟器 — {0}";
    HintNeedsClient => "hint: zkCli commands run in a client's console: open a client first", "提示：zkCli 命令要在客户端的控制台中运行：请先打开一个客户端";

    // Cards: every notification seen where it lands (the client cards, the lock board, the
    // protected resource, the event log's latest step).
    /// Before the latest event delivered to a client (zkCli's `WatchedEvent` line follows).
    CardLastEvent => "latest event: ", "最新事件：";
    /// {0} the request (and how many more).
    CardWaitsReply => "waits for the reply to {0}", "等待 {0} 的回复";
    CardWaitsNotify => "waits to be notified about: ", "等待通知：";
    /// {0} simulated seconds.
    CardExpiresLive => "session expires in {0} s without a heartbeat or request", "若无心跳或请求，会话 {0} 秒后过期";
    CardExpiresSilent => "the server hears nothing from it: session expires in {0} s", "服务器收不到它的消息：会话 {0} 秒后过期";
    CardHandshake => "session start, ① to ⑤", "会话建立过程，①到⑤";
    HsInitiating => "start", "启动";
    HsOpeningSocket => "socket", "连接";
    /// {0}, {1} how many asked, the most at once.
    SpawnCapped => "asked for {0}: at most {1} at once, so {1} were made", "要求 {0} 个：一次最多 {1} 个，所以创建了 {1} 个";
    /// {0} the owner, {1} its node.
    ChainHolds => "{0} holds it · {1}", "{0} 持有 · {1}";
    ChainLeads => "{0} leads · {1}", "{0} 是领导者 · {1}";
    /// {0} the waiter, {1} the one ahead of it, {2} its node.
    ChainWaitsBehind => "{0} waits behind {1} · {2}", "{0} 排在 {1} 后面等待 · {2}";
    ChainOther => "{0} is checking its place · {1}", "{0} 正在确认自己的位置 · {1}";
    ResourceHeading => "protected resource: ", "受保护的资源：";
    /// {0} the token, {1} who wrote with it.
    ResourceAccepted => "highest fencing token accepted: {0} (from {1})", "接受过的最大防护令牌：{0}（来自 {1}）";
    /// {0} the client, {1} its token, {2} the highest accepted.
    ResourceRefused => "refused {0}'s write: stale token {1} < {2}", "拒绝了 {0} 的写入：过期令牌 {1} < {2}";
    LogLastStep => "delivered by the latest step", "最近一步投递的事件";

    // The election on the ring (votes, timers, a delay of one's choosing).
    /// {0} the proposed leader, {1} its zxid, {2} the round.
    VoteLabel => "vote ({0}, {1}, round {2})", "选票（{0}，{1}，第 {2} 轮）";
    /// Inside a LOOKING server's circle: {0} the leader it votes for.
    VotesFor => "votes {0}", "投 {0}";
    TimerPoll => "waiting for votes", "等待选票";
    TimerFinalize => "last wait for a better vote", "最后等一等更好的选票";
    TimerInitLimit => "initLimit", "初始化时限";
    TimerSyncLimit => "syncLimit", "同步时限";
    TimerPing => "next ping", "下次心跳";
    /// {0} the timer, {1} passed, {2} its length.
    TimerLine => "{0}: {1}/{2} ms", "{0}：{1}/{2} ms";
    DelayMs => "delay to the other servers, ms", "与其他服务器间的延迟，毫秒";

    // layout (issue 22): the lesson chooser, the folds, what a step still waits for, the glossary.
    /// The lesson chooser shown while a lesson is followed (it opens the chips).
    LessonChooser => "Lessons", "全部课程";
    /// Closes the lesson (not a session): back to free play.
    LeaveLesson => "Leave lesson", "退出课程";
    /// A step that needs simulated time, while it waits.
    NeedsTime => "Time must pass: press Play or +1 s.", "需要让时间流逝：按「播放」或「+1 秒」。";
    /// Before the list of what a step still waits for.
    StillMissing => "Still missing: ", "还差：";
    CheckExists => "{0} exists", "{0} 已存在";
    CheckMissing => "{0} is gone", "{0} 已不存在";
    CheckData => "{0} holds {1}", "{0} 的数据为 {1}";
    CheckDataVersion => "{0} has dataVersion {1}", "{0} 的数据版本为 {1}";
    CheckChildren => "{0} has {1} children", "{0} 有 {1} 个子节点";
    CheckConsole => "{0}'s console shows {1}", "{0} 的控制台显示 {1}";
    CheckAnyConsole => "the consoles show {0} {1} times", "控制台中 {0} 出现 {1} 次";
    CheckLog => "the event log shows {0}", "事件日志显示 {0}";
    /// A check on the event log, whose text is zkplay's English (the page shows those lines
    /// translated, so quoting the English would send a learner looking for words that are not
    /// there).
    CheckLogLine => "the event log shows the line this step is about", "事件日志中出现这一步所说的那一行";
    /// A recipe status a check waits for, worded as the consoles word it; {0} the client.
    CheckStatus => "{0}'s console shows “{1}”", "{0} 的控制台显示“{1}”";
    CheckAnyStatus => "the consoles show “{0}” {1} times", "控制台中“{0}”出现 {1} 次";
    CheckState => "{0} is {1}", "{0} 处于 {1} 状态";
    CheckWatching => "{0} watches {1}", "{0} 在监视 {1}";
    CheckViolation => "a safety violation is reported", "报告了一次安全性违规";
    CheckMode => "server {0} is {1}", "服务器 {0} 的模式为 {1}";
    CheckBehind => "server {0} lacks {1} committed transactions", "服务器 {0} 缺少 {1} 个已提交的事务";
    CheckOnServer => "server {0}'s tree has {1}", "服务器 {0} 的树中有 {1}";
    CheckNotOnServer => "server {0}'s tree lacks {1}", "服务器 {0} 的树中没有 {1}";
    CheckEpoch => "a serving server is in epoch {0} or later", "有一台提供服务的服务器处于纪元 {0} 或更晚";
    CheckConnectedTo => "{0} is connected to server {1}", "{0} 已连接到服务器 {1}";
    CheckSearchedFound => "a search finds “{0}” broken", "搜索发现“{0}”被打破";
    CheckSearchedNone => "a search of {1}+ runs finds “{0}” held", "至少 {1} 次运行的搜索发现“{0}”成立";
    /// The recipe form, folded outside the recipe lessons.
    RecipeFormFold => "Start a recipe", "启动协调配方";
    /// The glossary, on hover.
    GlossSeed => "seed: the source of every random choice; same seed, same run", "种子：所有随机选择的来源；种子相同，运行就相同";
    GlossRecipes => "recipes: election, locks, queues… built from znodes and watches", "协调配方：用节点和监视点搭建的选举、锁、队列等";
    GlossEpoch => "epoch: a leader's term; each new leader starts a higher one", "纪元：群首的任期编号；每个新群首开启更大的纪元";
    GlossZxid => "zxid: a change's id (epoch, counter); they order all changes", "zxid：变更的编号（纪元、计数器），给所有变更排序";
    GlossQuorum => "quorum: more than half of the voters; a write commits once a quorum has it", "法定人数：过半数的投票者；写入被法定人数收到即提交";
    // seeing (a learner's walk, issue 22). Every Step says what it did: a row for a step the
    // simulation's log has none for.
    LogQuietTick => "server: tick — sessions checked, none expired", "服务器：定时检查 — 已检查各会话，没有会话过期";
    LogQuietTickDown => "server: tick — the server is down, nothing checked", "服务器：定时检查 — 服务器已停止，未做检查";
    LogQuietTimerSends => "{0}: timer — sends {1}", "{0}：定时器 — 发送 {1}";
    LogQuietTimerIdle => "{0}: timer — nothing due yet", "{0}：定时器 — 暂时没有要做的事";
    LogQuietDroppedAtServer => "{0} {1} — dropped: server is down", "{0} {1} — 已丢弃：服务器已停止";
    LogQuietDroppedAtClient => "{0} {1} — dropped: {2} is down", "{0} {1} — 已丢弃：{2} 已崩溃";
    LogQuietBuffered => "{0} {1} — buffered: {2} is paused", "{0} {1} — 暂存于套接字：{2} 正在暂停";
    LogQuietStale => "{0} {1} — dropped: that connection is closed", "{0} {1} — 已丢弃：该连接已关闭";
    LogQuietRecipeTimer => "{0}: recipe timer", "{0}：协调配方的定时器";
    LogQuietResume => "{0}: wake-up (already resumed)", "{0}：唤醒（已恢复运行）";
    LogPeerDropped => "{0} — dropped: server {1} is down", "{0} — 已丢弃：服务器 {1} 已宕机";
    /// A check that the learner asked {0} (`srvr 3`) and its answer showed {1} (`Mode: follower`).
    CheckSrvr => "{0} answers {1}", "{0} 的回答为 {1}";
    /// A client card's state once the learner closed its session.
    StateClosed => "Closed", "已关闭";
    /// zkplay's name for a connection between servers closed under a message (not ZooKeeper's).
    PacketClosed => "CLOSED", "已关闭";
    LogPeerTimerPoll => "server {0}: no new vote in time — sends its vote again", "服务器 {0}：超时未收到新选票 — 再次发出自己的选票";
    LogPeerTimerFinalize => "server {0}: finalize wait over — decides on its vote", "服务器 {0}：最后的等待结束 — 按手中的选票作出决定";
    LogPeerTimerInitLimit => "server {0}: initLimit over", "服务器 {0}：初始化时限已到";
    LogPeerTimerSyncLimit => "server {0}: syncLimit over", "服务器 {0}：同步时限已到";
    LogPeerTimerPing => "server {0}: the leader's half tick", "服务器 {0}：群首的半拍定时";
    LogClientTimer => "{0}: client timer", "{0}：客户端定时器";
    /// The tooltip of a log line's number: the same count as the toolbar's "event {0}".
    LogAtTitle => "event {0}: the event that made this line (the toolbar's count once it was handled)", "事件 {0}：产生这一行的事件（处理它之后工具栏显示的事件数）";

    // Find a failure (issue 24): the toolbar's button; the panel's own words are the tools'
    // bundle's (`tools/words.rs`), fetched with it.
    Explore => "Find a failure", "寻找故障";
    /// The export's and the import's panels (drawn by the tools' bundle), as screen readers
    /// name them.
    ExportDialog => "Export scenario", "导出场景";
    ImportDialog => "Import scenario", "导入场景";
    /// While the tools' bundle is fetched the first time a tool opens, and if it cannot be.
    ToolsLoading => "Loading…", "正在加载…";
    ToolsUnavailable => "This tool could not be loaded: {0}", "无法加载这个工具：{0}";
    /// A case study whose script could not be fetched.
    CaseUnavailable => "This case study could not be loaded: its script did not arrive. Reload the page and try again.", "无法加载这个案例：它的脚本没有取到。请刷新页面后重试。";
    /// The console's "show code" toggle.
    ShowCode => "</> code", "</> 代码";
    ShowCodeTitle => "Show code: the Java and the Python (kazoo) call each zkCli line makes", "显示代码：每条 zkCli 命令对应的 Java 与 Python（kazoo）调用";
    ExploreTitle => "Search many runs with faults for one that breaks a property", "在大量带故障的运行中搜索打破某条性质的一次";
    /// The timeline's mark of a reported violation, and the button that goes to it.
    ViolationMark => "⚠ event {0}: “{1}” broken", "⚠ 第 {0} 个事件：“{1}”被打破";
    GoToViolation => "⚠ Go to the violation", "⚠ 转到违规处";
    GoToViolationTitle => "To the event before it; then Deliver ▶", "转到它之前的那个事件；然后点「投递 ▶」";
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::english::english_words;
    use super::super::words::next_placeholder;
    use super::*;

    /// The numbers of a message's placeholders.
    fn placeholders(text: &str) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some((_, n, after)) = next_placeholder(rest) {
            out.insert(n);
            rest = after;
        }
        out
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
}
