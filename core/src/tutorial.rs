//! The interactive tutorial as data: every lesson is text in English and Simplified Chinese, a
//! scenario to start from, the steps "show me" plays, and checks evaluated against the live
//! sandbox. Adding a lesson means adding an entry here.

use crate::sandbox::Sandbox;

/// The languages of the tutorial (and of the whole page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of a code as [`Lang::code`] writes it; anything else is English.
    pub fn from_code(s: &str) -> Lang {
        Lang::parse(s).unwrap_or(Lang::En)
    }

    /// The language of a code as [`Lang::code`] writes it, if it is one.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// Text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(&self, l: Lang) -> &'static str {
        match l {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// A piece of a lesson's text: prose, or code (a command, a path, ZooKeeper's own names),
/// which reads the same in every language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span<'a> {
    Prose(&'a str),
    Code(&'a str),
}

/// A lesson's text in pieces: what stands between backticks is code.
pub fn spans(text: &str) -> impl Iterator<Item = Span<'_>> {
    text.split('`')
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| {
            if i % 2 == 1 {
                Span::Code(piece)
            } else {
                Span::Prose(piece)
            }
        })
}

/// A live check against the sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The znode exists.
    Exists(&'static str),
    /// The znode does not exist.
    Missing(&'static str),
    /// The session's console (commands, results, events, recipe statuses) contains the text.
    Console(&'static str, &'static str),
    /// Some session's console contains the text.
    AnyConsole(&'static str),
    /// The event log contains the text.
    Log(&'static str),
    /// The client is in this state (SyncConnected, Disconnected, Expired, Closed, Crashed).
    State(&'static str, &'static str),
    /// At least one safety violation was reported.
    Violation,
}

/// One lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub id: &'static str,
    pub title: Text,
    pub explanation: Text,
    pub task: Text,
    pub hint: Text,
    /// The scenario the lesson starts from.
    pub setup: &'static str,
    /// What "show me" runs, one action per line.
    pub show_me: &'static str,
    /// What must hold for the lesson to be done, each with its label.
    pub checks: &'static [(Check, Text)],
}

/// Whether one check holds now.
pub fn holds(s: &Sandbox, c: &Check) -> bool {
    match c {
        Check::Exists(p) => s.node(p).is_some(),
        Check::Missing(p) => s.node(p).is_none(),
        Check::Console(who, text) => s.console_for(who).contains(text),
        Check::AnyConsole(text) => s.console_text().contains(text),
        Check::Log(text) => s.log().iter().any(|e| e.text.contains(text)),
        Check::State(who, state) => s
            .clients()
            .iter()
            .any(|c| c.name == *who && c.state == *state),
        Check::Violation => !s.violations().is_empty(),
    }
}

/// Each check's result, in order.
pub fn results(s: &Sandbox, l: &Lesson) -> Vec<bool> {
    l.checks.iter().map(|(c, _)| holds(s, c)).collect()
}

/// Whether every check of the lesson holds.
pub fn passed(s: &Sandbox, l: &Lesson) -> bool {
    results(s, l).iter().all(|b| *b)
}

/// Every lesson, in the seed's order.
pub fn lessons() -> &'static [Lesson] {
    LESSONS
}

macro_rules! t {
    ($en:expr, $zh:expr) => {
        Text { en: $en, zh: $zh }
    };
}

const LESSONS: &[Lesson] = &[
    Lesson {
        id: "first-session",
        title: t!("1. A first session", "1. 第一个会话"),
        explanation: t!(
            "When zkCli starts it (1) initiates a connection, (2) opens a socket to the server, (3) the connection is established and the server initialises a session, (4) the session is established with its id and negotiated timeout, and (5) the client receives a SyncConnected event. Watch these on the timeline and the event log.",
            "zkCli 启动时：①客户端启动程序来建立会话；②尝试连接服务器；③连接成功，服务器开始初始化会话；④会话初始化完成（会话 id 与协商的超时）；⑤服务器向客户端发送 `SyncConnected` 事件。在时间线和事件日志里可以看到这些步骤。"
        ),
        task: t!(
            "As c1, run `ls /`, `create /workers \"\"`, then `delete /workers`. Stop the server and start it again, and see c1 go Disconnected and back to SyncConnected. Finally `quit`.",
            "以 c1 身份执行 `ls /`、`create /workers \"\"`，再 `delete /workers`。停止并重新启动服务器，观察 c1 变为 `Disconnected` 再恢复 `SyncConnected`。最后执行 `quit`。"
        ),
        hint: t!(
            "Type the commands in c1's console. The server button is in the toolbar; use +1 s to let the client reconnect.",
            "在 c1 的控制台输入命令。服务器按钮在工具栏；点击 +1 秒让客户端重连。"
        ),
        setup: "session c1",
        show_me: "c1: ls /\nc1: create /workers \"\"\nc1: delete /workers\nserver stop\ntick 500\nserver start\ntick 3000\nc1: quit",
        checks: &[
            (Check::Console("c1", "[zookeeper]"), t!("ls / listed the root", "ls / 列出了根节点")),
            (Check::Console("c1", "Created /workers"), t!("/workers was created", "创建了 `/workers`")),
            (Check::Missing("/workers"), t!("/workers was deleted", "删除了 `/workers`")),
            (Check::Console("c1", "state:Disconnected"), t!("c1 saw Disconnected", "c1 看到了 `Disconnected`")),
            (Check::Log("server: started"), t!("the server was started again", "服务器已重新启动")),
            (Check::State("c1", "Closed"), t!("c1 quit", "c1 已退出")),
        ],
    },
    Lesson {
        id: "znodes-stat",
        title: t!("2. Znodes, versions and Stat", "2. znode、版本与 Stat"),
        explanation: t!(
            "Every znode has data and a Stat: czxid/mzxid (the transactions that created and last changed it), ctime/mtime, the data version, cversion, aclVersion, ephemeralOwner. `set -v` and `delete -v` succeed only if the version matches: optimistic concurrency.",
            "每个 znode 都有数据和 Stat：`czxid`/`mzxid`（创建和最后修改它的事务）、`ctime`/`mtime`、数据版本、`cversion`、`aclVersion`、`ephemeralOwner`。`set -v` 和 `delete -v` 只有版本匹配才会成功——乐观并发控制。"
        ),
        task: t!(
            "Create /app, look at `get -s /app`, change it with `set -v 0 /app v2`, then try the stale `set -v 0 /app v3` and see it refused.",
            "创建 `/app`，查看 `get -s /app`，用 `set -v 0 /app v2` 修改，再尝试过期的 `set -v 0 /app v3`，观察被拒绝。"
        ),
        hint: t!("The refusal reads `version No is not valid`.", "拒绝信息为 `version No is not valid`。"),
        setup: "session c1",
        show_me: "c1: create /app v1\nc1: get -s /app\nc1: set -v 0 /app v2\nc1: set -v 0 /app v3",
        checks: &[
            (Check::Console("c1", "dataVersion = 0"), t!("saw the Stat of /app", "查看了 `/app` 的 Stat")),
            (Check::Console("c1", "version No is not valid : /app"), t!("a stale version was refused", "过期版本被拒绝")),
        ],
    },
    Lesson {
        id: "sessions-ephemerals",
        title: t!("3. Sessions and ephemeral nodes", "3. 会话与临时节点"),
        explanation: t!(
            "An ephemeral znode lives as long as its session. A crashed client stops sending pings; the server expires its session after the timeout and deletes its ephemerals, and watchers are told. A partition shorter than the timeout does not lose the session.",
            "临时节点的生命周期与会话相同。客户端崩溃后不再发送心跳，服务器在超时后让会话过期并删除它的临时节点，监视点会收到通知。短于超时时间的网络分区不会丢失会话。"
        ),
        task: t!(
            "c1 creates ephemeral /alive, c2 watches it with `stat -w /alive`; crash c1 and let time pass until /alive vanishes and c2 hears NodeDeleted.",
            "c1 创建临时节点 `/alive`，c2 用 `stat -w /alive` 监视；让 c1 崩溃并推进时间，直到 `/alive` 消失且 c2 收到 `NodeDeleted`。"
        ),
        hint: t!("Crash is on c1's card; +10 s a few times passes the 30 s timeout.", "「崩溃」按钮在 c1 的卡片上；多点几次 +10 秒，超过 30 秒的会话超时。"),
        setup: "session c1\nsession c2",
        show_me: "c1: create -e /alive c1\nc2: stat -w /alive\ncrash c1\ntick 40000",
        checks: &[
            (Check::State("c1", "Crashed"), t!("c1 crashed", "c1 已崩溃")),
            (Check::Missing("/alive"), t!("/alive vanished", "`/alive` 消失了")),
            (Check::Console("c2", "type:NodeDeleted path:/alive"), t!("c2 heard NodeDeleted", "c2 收到 `NodeDeleted`")),
        ],
    },
    Lesson {
        id: "watches-pubsub",
        title: t!("4. Watches and publish/subscribe", "4. 监视点与发布/订阅"),
        explanation: t!(
            "A watch can be set before the node exists (`stat -w`), on a znode other clients change, on data (`get -w`) or on children (`ls -w`). Standard watches fire once; `addWatch` makes persistent ones. The seed's configuration scenario: work servers register under /servers and watch /config; the manage server publishes /config.",
            "监视点可以在节点创建之前设置（`stat -w`），可以设在其他客户端修改的节点上，可以监视数据（`get -w`）或子节点（`ls -w`）。标准监视点只触发一次；`addWatch` 创建持久监视点。种子文档的配置场景：工作服务器在 `/servers` 下注册并监视 `/config`，管理服务器发布 `/config`。"
        ),
        task: t!(
            "c2 runs `stat -w /config` before it exists; c1 creates /config, then c2 `get -w /config` and c1 changes it. Then run the config recipe: `recipe config-worker /app on w1,w2` and `recipe config-manager /app on m items=3`.",
            "c2 在 `/config` 存在前执行 `stat -w /config`；c1 创建 `/config`，然后 c2 执行 `get -w /config`，c1 修改它。再运行配置示例：`recipe config-worker /app on w1,w2` 与 `recipe config-manager /app on m items=3`。"
        ),
        hint: t!("Recipes can be started from the Recipes form (config-worker, config-manager).", "可以在「协调配方」表单中启动（「配置：工作服务器」`config-worker`、「配置：管理服务器」`config-manager`）。"),
        setup: "session c1\nsession c2",
        show_me: "c2: stat -w /config\nc1: create /config v1\nc2: get -w /config\nc1: set /config v2\nrecipe config-worker /app on w1,w2\nrecipe config-manager /app on m items=3 interval=500\ntick 3000",
        checks: &[
            (Check::Console("c2", "type:NodeCreated path:/config"), t!("a watch set before the node existed fired", "节点创建前设置的监视点被触发")),
            (Check::Console("c2", "type:NodeDataChanged path:/config"), t!("a data watch fired", "数据监视点被触发")),
            (Check::Console("w2", "db=v3"), t!("every work server got the third version", "每个工作服务器都收到了第三个版本")),
        ],
    },
    Lesson {
        id: "sequential",
        title: t!("5. Sequential nodes: a naming service", "5. 有序节点：命名服务"),
        explanation: t!(
            "`create -s` appends a ten-digit number from the parent's counter, unique and increasing: the basis of names, queues and locks.",
            "`create -s` 会在名称后追加来自父节点计数器的十位数字，唯一且递增：这是命名、队列和锁的基础。"
        ),
        task: t!("Create /names, then `create -s /names/id- x` three times.", "创建 `/names`，然后执行三次 `create -s /names/id- x`。"),
        hint: t!("The third one is /names/id-0000000002.", "第三个是 `/names/id-0000000002`。"),
        setup: "session c1",
        show_me: "c1: create /names \"\"\nc1: create -s /names/id- x\nc1: create -s /names/id- x\nc1: create -s /names/id- x",
        checks: &[(Check::Exists("/names/id-0000000002"), t!("three sequential names", "得到三个有序名称"))],
    },
    Lesson {
        id: "multi",
        title: t!("6. Multi: atomic transactions", "6. `multi`：原子事务"),
        explanation: t!(
            "A multi applies all its operations or none. A version check inside it makes a compare-and-set of several nodes.",
            "`multi` 中的操作要么全部生效，要么全部不生效。在其中加入版本检查即可对多个节点做比较并设置。"
        ),
        task: t!(
            "Create /m, then run a multi with `check /m 0` and `set /m changed`; then one with `check /m 0` again (now stale) and see nothing applied.",
            "创建 `/m`，执行包含 `check /m 0` 和 `set /m changed` 的 `multi`；再执行一次 `check /m 0`（已过期），观察什么都没有生效。"
        ),
        hint: t!("In the console: `multi`, then the ops, then `end`, each on its own line; or use Import.", "在脚本中 `c1: multi`，下面每行一个操作，最后 `end`；也可以用导入。"),
        setup: "session c1",
        show_me: "c1: create /m 0\nc1: multi\n  check /m 0\n  set /m changed\nend\nc1: multi\n  check /m 0\n  set /m again\nend\nc1: get /m",
        checks: &[
            (Check::Console("c1", "changed"), t!("the first multi applied", "第一个 `multi` 生效")),
            (Check::Console("c1", "KeeperErrorCode = BadVersion"), t!("the stale multi was refused", "过期的 `multi` 被拒绝")),
        ],
    },
    Lesson {
        id: "election",
        title: t!("7. Master election", "7. 主节点选举"),
        explanation: t!(
            "The seed's race: everyone creates ephemeral /master; the losers watch it, so every change wakes the whole herd. The herd-free recipe uses sequential nodes and watches only the predecessor.",
            "种子文档的竞争：所有节点争抢创建临时节点 `/master`；失败者监视它，因此每次变化都会唤醒所有节点（羊群效应）。无羊群效应的做法使用有序节点，只监视前一个节点。"
        ),
        task: t!(
            "Start `election-naive` on /master with 4 clients and hold 500; watch the herd chart; then start `election` on /election and compare.",
            "用 4 个客户端、持有时长 500 ms，在 `/master` 上启动「朴素选举」（`election-naive`），观察羊群图；再在 `/election` 上启动「选举」（`election`）对比。"
        ),
        hint: t!("Use the Recipes form, then +1 s a few times.", "使用「协调配方」表单，再多点几次 +1 秒。"),
        setup: "",
        show_me: "recipe election-naive /master on e1,e2,e3,e4 hold=500\ntick 4000\nrecipe election /election on f1,f2,f3,f4 hold=500\ntick 4000",
        checks: &[
            (Check::Console("e4", "leader of /master"), t!("the naive election went round", "朴素选举完成了一轮")),
            (Check::AnyConsole("leader of /election/"), t!("the herd-free election elected a leader", "无羊群效应的选举选出了主节点")),
        ],
    },
    Lesson {
        id: "lock",
        title: t!("8. Distributed locks, GC pauses and fencing", "8. 分布式锁、GC 停顿与防护令牌"),
        explanation: t!(
            "Each waiter creates an ephemeral sequential node and watches only its predecessor. The known unsafe case: a holder paused longer than its session timeout still believes it holds the lock when the next one takes it. A fencing token (the lock node's czxid) lets the protected resource refuse the stale holder.",
            "每个等待者创建临时有序节点，只监视前一个节点。已知的不安全情况：持锁者停顿超过会话超时后仍以为自己持有锁，而下一个客户端已获得锁。防护令牌（锁节点的 `czxid`）可以让被保护的资源拒绝过期的持锁者。"
        ),
        task: t!(
            "Start `lock` on /locks/db with 2 clients and hold 20000, pause the holder 45000 ms and let time pass: see the violation. Then do it again with fencing on.",
            "用 2 个客户端、持有时长 20000 ms，在 `/locks/db` 上启动「锁」（`lock`），让持锁者停顿 45000 毫秒并推进时间：观察违规。然后勾选「防护令牌」再做一次。"
        ),
        hint: t!("The pause length is set above the client cards.", "停顿时长在客户端卡片上方设置。"),
        setup: "",
        show_me: "recipe lock /locks/db on a hold=20000\ntick 100\nrecipe lock /locks/db on b hold=5000\ntick 100\npause a 45000\ntick 60000\nrecipe lock /locks/fenced on p hold=20000 fencing=on\ntick 100\nrecipe lock /locks/fenced on q hold=5000 fencing=on\ntick 100\npause p 45000\ntick 60000",
        checks: &[
            (Check::Violation, t!("the overlap was caught", "检测到了重叠持锁")),
            (Check::Log("rejected p's write with stale token"), t!("fencing refused the stale holder", "防护令牌拒绝了过期的持锁者")),
        ],
    },
    Lesson {
        id: "queue",
        title: t!("9. Distributed queue and barriers", "9. 分布式队列与屏障"),
        explanation: t!(
            "Producers add persistent-sequential items; consumers take the lowest by deleting it (NoNode means someone was faster). A double barrier lets a group enter and leave together.",
            "生产者添加持久有序节点；消费者删除序号最小的节点来获取它（`NoNode` 表示别人先取走了）。双屏障让一组客户端一起进入、一起离开。"
        ),
        task: t!(
            "Start `queue-producer` and `queue-consumer` on /queue, then `double-barrier` on /together with 3 clients.",
            "在 `/queue` 上启动「队列生产者」（`queue-producer`）与「队列消费者」（`queue-consumer`），再用 3 个客户端在 `/together` 上启动「双屏障」（`double-barrier`）。"
        ),
        hint: t!("Use the Recipes form.", "使用「协调配方」表单。"),
        setup: "",
        show_me: "recipe queue-producer /queue on p1 items=4 interval=100\nrecipe queue-consumer /queue on k1,k2 interval=100\ntick 3000\nrecipe double-barrier /together on d1,d2,d3 hold=300\ntick 3000",
        checks: &[
            (Check::AnyConsole("working on item-0000000003"), t!("all items were consumed", "所有条目都被消费")),
            (Check::Console("d3", "left /together with everyone"), t!("the group left together", "整组一起离开")),
        ],
    },
    Lesson {
        id: "load-balancing",
        title: t!("10. Load balancing and service discovery", "10. 负载均衡与服务发现"),
        explanation: t!(
            "Servers register ephemeral nodes carrying their load; clients watch the list and pick round robin or least loaded. A crashed server disappears from every list once its session expires.",
            "服务器注册携带负载信息的临时节点；客户端监视列表并按轮询或最小负载选择。崩溃的服务器在会话过期后从所有列表中消失。"
        ),
        task: t!(
            "Start `lb-server` on /svc with 3 clients and `lb-client` with 1; crash one server and let its session expire.",
            "用 3 个客户端在 `/svc` 上启动「负载均衡：服务器」（`lb-server`），1 个「负载均衡：客户端」（`lb-client`）；让一个服务器崩溃并等待其会话过期。"
        ),
        hint: t!("After the crash, +10 s four times.", "崩溃后点击四次 +10 秒。"),
        setup: "",
        show_me: "recipe lb-server /svc on s1,s2,s3 items=2 interval=400\nrecipe lb-client /svc on k1\ntick 2000\ncrash s2\ntick 40000",
        checks: &[
            (Check::Console("k1", "least loaded"), t!("the client chooses servers", "客户端在选择服务器")),
            (Check::Missing("/svc/s2"), t!("the crashed server left the list", "崩溃的服务器离开了列表")),
        ],
    },
    Lesson {
        id: "master-worker",
        title: t!("11. Capstone: master–worker", "11. 综合：主从模式"),
        explanation: t!(
            "The book's example: a master assigns tasks to live workers and reassigns a dead worker's tasks; a backup master takes over. Systems such as HBase (master election, cluster metadata), Kafka (crash detection, topic discovery), Solr (cluster metadata) and Facebook Messages (sharding, failover, service discovery) use exactly these patterns.",
            "书中的例子：主节点把任务分配给存活的工作节点，并重新分配已失效工作节点的任务；备份主节点会接管。HBase（主节点选举、集群元数据）、Kafka（崩溃检测、主题发现）、Solr（集群元数据）、Facebook 的消息服务（数据分片、故障恢复、服务发现）都使用这些模式。"
        ),
        task: t!(
            "Start `mw-master` with 2 clients, `mw-worker` with 2 and `mw-client` with 1 on /mw; crash a worker, then the master, and see every task done.",
            "在 `/mw` 上启动 2 个「主从：主节点」（`mw-master`）、2 个「主从：工作者」（`mw-worker`）和 1 个「主从：客户端」（`mw-client`）；让一个工作节点和主节点崩溃，观察所有任务完成。"
        ),
        hint: t!("The task board appears under Recipes.", "任务面板显示在「协调配方」下方。"),
        setup: "",
        show_me: "recipe mw-master /mw on m1,m2\nrecipe mw-worker /mw on w1,w2 hold=400\nrecipe mw-client /mw on c items=4\ntick 300\ncrash w1\ntick 40000\ncrash m1\ntick 40000",
        checks: &[
            (Check::Console("c", "4 of 4 tasks done"), t!("every task was done", "所有任务已完成")),
            (Check::State("m1", "Crashed"), t!("the first master is gone", "第一个主节点已失效")),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lesson's "show me" really completes it, from its own setup.
    #[test]
    fn show_me_completes_every_lesson() {
        for l in lessons() {
            let mut s = Sandbox::new();
            if !l.setup.is_empty() {
                s.run(l.setup);
            }
            assert!(!passed(&s, l), "{} passes before anything is done", l.id);
            let sandbox =
                Sandbox::import(&format!("{}\n{}\n", l.setup, l.show_me)).expect("show-me script");
            let r = results(&sandbox, l);
            assert!(r.iter().all(|b| *b), "{}: checks {:?}", l.id, r);
        }
    }

    #[test]
    fn every_text_exists_in_both_languages() {
        for l in lessons() {
            let checks = l.checks.iter().map(|(_, label)| *label);
            for t in [l.title, l.explanation, l.task, l.hint]
                .into_iter()
                .chain(checks)
            {
                assert!(!t.en.is_empty() && !t.zh.is_empty(), "{}", l.id);
                // Every code span is closed.
                for text in [t.en, t.zh] {
                    assert!(text.matches('`').count() % 2 == 0, "{}: {text}", l.id);
                }
            }
        }
    }

    #[test]
    fn code_is_what_stands_between_backticks() {
        let text = "run `ls /`, then `quit`.";
        assert_eq!(
            spans(text).collect::<Vec<_>>(),
            vec![
                Span::Prose("run "),
                Span::Code("ls /"),
                Span::Prose(", then "),
                Span::Code("quit"),
                Span::Prose("."),
            ]
        );
        assert_eq!(spans("`x`").collect::<Vec<_>>(), vec![Span::Code("x")]);
    }
}
