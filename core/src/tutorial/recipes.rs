//! Lessons 7–11: the coordination recipes built on lessons 1–6 — master election, locks with
//! the GC-pause case and fencing, queues and barriers, load balancing, and master–worker.

use super::{t, title, CardButton, Check, Control, Focus, Lesson, StatusLine, Step, Text};
use crate::sim::ClientState;

pub const ELECTION: Lesson = Lesson {
    id: "election",
    title: title!("7. Master election", "7. 主节点选举"),
    intro: t!(
        "The seed's race for /master, and its herd effect; then the herd-free election with sequential nodes, where each candidate watches only its predecessor.",
        "种子文档里争抢 `/master` 的做法及其羊群效应；然后是使用有序节点、每个候选者只监视前一个节点、没有羊群效应的选举。"
    ),
    setup: "",
    steps: &[
        Step {
            task: t!(
                "With the Recipes form start election-naive on /master with 4 clients, holding 500 ms.",
                "用「协调配方」表单在 `/master` 上启动「朴素选举」，4 个客户端，持有 500 ms。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe election-naive /master on c1,c2,c3,c4 hold=500",
            // Four clients: the fourth is there.
            checks: &[Check::Exists("/master"), Check::State("c4", ClientState::SyncConnected)],
            explanation: t!(
                "Everyone tried to create the ephemeral `/master`; exactly one create succeeded and the others got `NodeExists`. The winner is the master; the losers set a watch on `/master`.",
                "所有客户端都尝试创建临时节点 `/master`；只有一个创建成功，其余的都得到 `NodeExists`。成功者就是主节点；失败者在 `/master` 上设置监视点。"
            ),
        },
        Step {
            task: t!("Let a second pass (+1 s).", "让时间过去一秒（「+1 秒」）。"),
            focus: &[Focus::RecipeBoard],
            show_me: "tick 1000",
            checks: &[Check::AnyStatus(StatusLine::LeaderOf("/master"), 2)],
            explanation: t!(
                "The master's term ended and it deleted `/master`: every waiting client's watch fired at once and they all raced again. That is the herd effect: one change, N−1 notifications (see the chart).",
                "主节点的任期结束，它删除了 `/master`：所有等待者的监视点同时触发，它们又一起争抢。这就是羊群效应：一次变化，N−1 条通知（见图表）。"
            ),
        },
        Step {
            task: t!(
                "Let the election go round until everyone has led (+1 s, a few times).",
                "让选举轮转下去，直到每个客户端都当过主节点（多点几次「+1 秒」）。"
            ),
            focus: &[Focus::RecipeBoard],
            show_me: "tick 3000",
            checks: &[Check::AnyStatus(StatusLine::LeaderOf("/master"), 4)],
            explanation: t!(
                "N clients, N hand-offs, each waking everyone left: about N²/2 notifications. Harmless for four clients, a storm for a thousand.",
                "N 个客户端，N 次交接，每次都唤醒剩下的所有客户端：大约 N²/2 条通知。四个客户端时无伤大雅，一千个时就是一场风暴。"
            ),
        },
        Step {
            task: t!(
                "Now the herd-free recipe: start election on /election with 4 clients, holding 500 ms.",
                "现在换成没有羊群效应的做法：在 `/election` 上启动「选举」，4 个客户端，持有 500 ms。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe election /election on c5,c6,c7,c8 hold=500",
            checks: &[
                Check::AnyStatus(StatusLine::LeaderOf("/election/…"), 1),
                Check::State("c8", ClientState::SyncConnected),
            ],
            explanation: t!(
                "Each candidate created an ephemeral sequential node under `/election`; the lowest number leads. Every other candidate watches only the node just before its own (see who waits on whom).",
                "每个候选者都在 `/election` 下创建了一个临时有序节点；编号最小的成为领导者。其他候选者只监视紧挨在自己前面的那个节点（见「谁在等谁」）。"
            ),
        },
        Step {
            task: t!("Let it go round (+1 s, a few times).", "让它轮转下去（多点几次「+1 秒」）。"),
            focus: &[Focus::RecipeBoard],
            show_me: "tick 4000",
            checks: &[Check::AnyStatus(StatusLine::LeaderOf("/election/…"), 4)],
            explanation: t!(
                "Each hand-off woke exactly one client: one notification per hand-off. A woken candidate checks that it is now the lowest, since its predecessor may have died while others still wait ahead of it.",
                "每次交接只唤醒一个客户端：每次交接一条通知。被唤醒的候选者会确认自己现在是否编号最小，因为它的前一个节点可能是中途失效的，前面还可能有别人在等。"
            ),
        },
    ],
};

pub const LOCK: Lesson = Lesson {
    id: "lock",
    title: title!("8. Distributed locks, GC pauses and fencing", "8. 分布式锁、GC 停顿与防护令牌"),
    intro: t!(
        "A lock with ephemeral sequential nodes, the known unsafe case of a holder paused longer than its session timeout, and the fencing token that makes it harmless.",
        "用临时有序节点实现的锁；持锁者停顿时间超过会话超时这一已知的不安全情况；以及让它变得无害的防护令牌。"
    ),
    setup: "",
    steps: &[
        Step {
            task: t!(
                "Start lock on /locks/db with 1 client, holding 20000 ms.",
                "在 `/locks/db` 上启动「锁」，1 个客户端，持有 20000 ms。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe lock /locks/db on c1 hold=20000",
            checks: &[Check::AnyStatus(StatusLine::Holds("/locks/db/…"), 1)],
            explanation: t!(
                "The client created an ephemeral sequential node under `/locks/db`; it is the lowest, so it holds the lock.",
                "该客户端在 `/locks/db` 下创建了一个临时有序节点；它的编号最小，所以它持有锁。"
            ),
        },
        Step {
            task: t!(
                "Start lock on /locks/db with 1 more client, holding 5000 ms.",
                "在 `/locks/db` 上再启动一个「锁」客户端，持有 5000 ms。"
            ),
            focus: &[Focus::RecipeBoard],
            show_me: "recipe lock /locks/db on c2 hold=5000",
            checks: &[Check::AnyStatus(StatusLine::WaitsFor, 1)],
            explanation: t!(
                "The second node comes second: its client watches only the holder's node and waits. No polling: it will be told when that node goes.",
                "第二个节点排在第二位：它的客户端只监视持锁者的节点并等待。无需轮询：那个节点消失时它会收到通知。"
            ),
        },
        Step {
            task: t!(
                "Pause the holder, c1, for 45000 ms (the GC pause length above the cards, then Pause on its card).",
                "让持锁者 c1 停顿 45000 ms（先在客户端卡片上方设置 GC 停顿时长，再点它卡片上的「暂停」）。"
            ),
            focus: &[
                Focus::Control(Control::PauseLength),
                Focus::Card("c1", CardButton::Pause),
            ],
            show_me: "pause c1 45000",
            checks: &[Check::Log("(e.g. a GC pause)")],
            explanation: t!(
                "The holder's process is frozen, as in a long stop-the-world garbage collection. It still believes it holds the lock, and it cannot know that time passes.",
                "持锁者的进程被冻结了，就像一次漫长的全停顿垃圾回收。它仍然以为自己持有锁，也无从知道时间在流逝。"
            ),
        },
        Step {
            task: t!("Let a minute pass (+10 s, six times).", "让一分钟过去（点六次「+10 秒」）。"),
            focus: &[Focus::RecipeBoard],
            show_me: "tick 60000",
            checks: &[Check::Violation],
            explanation: t!(
                "Silent for 30 s, the holder's session expired: the server deleted its lock node and the waiter took the lock. Then the paused client woke, still sure it held the lock, and wrote: two holders at once. ZooKeeper did nothing wrong; a lock alone cannot guard against a holder that stops.",
                "持锁者 30 秒没有消息，它的会话过期了：服务器删除了它的锁节点，等待者获得了锁。随后停顿的客户端醒来，仍然确信自己持有锁，并执行了写入：同时出现了两个持锁者。ZooKeeper 并没有做错什么；单靠锁本身，无法防范一个停下来的持锁者。"
            ),
        },
        Step {
            task: t!(
                "Again with fencing: start lock on /locks/fenced with fencing on, 1 client holding 20000 ms, then 1 more holding 5000 ms.",
                "再做一次，这次打开防护令牌：在 `/locks/fenced` 上启动「锁」并勾选「防护令牌」，先 1 个客户端持有 20000 ms，再 1 个持有 5000 ms。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe lock /locks/fenced on c3 hold=20000 fencing=on\nrecipe lock /locks/fenced on c4 hold=5000 fencing=on",
            // Both clients: the second one waits (until then the next step cannot happen).
            checks: &[
                Check::AnyStatus(StatusLine::Holds("/locks/fenced/…"), 1),
                Check::Status("c4", StatusLine::WaitsFor),
            ],
            explanation: t!(
                "Every holder now carries a fencing token, its lock node's `czxid`, which only grows. The protected resource remembers the highest token it has accepted.",
                "现在每个持锁者都带着一个防护令牌，也就是它的锁节点的 `czxid`，它只会增大。被保护的资源记住自己接受过的最大令牌。"
            ),
        },
        Step {
            task: t!(
                "Pause the fenced holder, c3, for 45000 ms and let a minute pass.",
                "让带防护令牌的持锁者 c3 停顿 45000 ms，再让一分钟过去。"
            ),
            focus: &[
                Focus::Control(Control::PauseLength),
                Focus::Card("c3", CardButton::Pause),
            ],
            show_me: "pause c3 45000\ntick 60000",
            checks: &[Check::Log("with stale token")],
            explanation: t!(
                "The next holder took the lock with a newer token and wrote. When the paused client woke and wrote with its older token, the resource refused it: the overlap did no harm.",
                "下一个持锁者用更新的令牌获得锁并写入。停顿的客户端醒来后用旧令牌写入，被资源拒绝了：这次重叠没有造成任何危害。"
            ),
        },
    ],
};

pub const QUEUE: Lesson = Lesson {
    id: "queue",
    title: title!("9. Distributed queue and barriers", "9. 分布式队列与屏障"),
    intro: t!(
        "A queue from persistent sequential nodes, where a delete is the take; then a double barrier that lets a group enter and leave together.",
        "用持久有序节点实现的队列，删除即取走；然后是让一组客户端一起进入、一起离开的双屏障。"
    ),
    setup: "",
    steps: &[
        Step {
            task: t!(
                "Start queue-producer on /queue with 1 client.",
                "在 `/queue` 上启动「队列生产者」，1 个客户端。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe queue-producer /queue on c1",
            checks: &[Check::Exists("/queue/item-0000000000")],
            explanation: t!(
                "Each item is a persistent sequential node: the sequence number orders the queue, and the items outlive the producer's session.",
                "每个条目都是一个持久有序节点：编号决定了队列的顺序，条目的生命周期也比生产者的会话更长。"
            ),
        },
        Step {
            task: t!("Let a second pass (+1 s).", "让时间过去一秒（「+1 秒」）。"),
            focus: &[Focus::Node("/queue")],
            show_me: "tick 1000",
            checks: &[Check::Exists("/queue/item-0000000004")],
            explanation: t!(
                "The producer added all five items, one every 200 ms.",
                "生产者每 200 ms 添加一个条目，五个都加好了。"
            ),
        },
        Step {
            task: t!(
                "Start queue-consumer on /queue with 2 clients.",
                "在 `/queue` 上启动「队列消费者」，2 个客户端。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe queue-consumer /queue on c2,c3",
            checks: &[
                Check::AnyStatus(StatusLine::WorkingOn("item-…"), 1),
                Check::State("c3", ClientState::SyncConnected),
            ],
            explanation: t!(
                "A consumer lists the children and takes the lowest by deleting it. Only one delete of a node can succeed: the other consumer gets `NoNode` and tries the next item. The delete is the take.",
                "消费者列出子节点，通过删除序号最小的那个来取走它。同一个节点只有一次删除能成功：另一个消费者得到 `NoNode`，转而尝试下一个条目。删除就是取走。"
            ),
        },
        Step {
            task: t!("Let a few seconds pass until the queue is empty.", "让时间过去几秒，直到队列变空。"),
            focus: &[Focus::Node("/queue")],
            show_me: "tick 3000",
            checks: &[
                Check::Children("/queue", 0),
                Check::AnyStatus(StatusLine::WorkingOn("item-0000000004"), 1),
            ],
            explanation: t!(
                "Every item was consumed exactly once (the simulator checks it after every step), shared between the two consumers without any lock.",
                "每个条目都恰好被消费了一次（模拟器每一步都会检查），两个消费者之间没有用任何锁就分担了工作。"
            ),
        },
        Step {
            task: t!(
                "Start double-barrier on /together with 3 clients, holding 300 ms.",
                "在 `/together` 上启动「双屏障」，3 个客户端，持有 300 ms。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe double-barrier /together on c4,c5,c6 hold=300",
            checks: &[Check::AnyStatus(StatusLine::Entered("/together"), 3)],
            explanation: t!(
                "Each client registered under `/together` and waited until all three were there; the last to arrive created `ready`, whose creation the others were watching for. Nobody entered early.",
                "每个客户端都在 `/together` 下注册，并等待三个客户端全部到齐；最后到达的那个创建了 `ready`，其他客户端正在监视它的创建。没有人提前进入。"
            ),
        },
        Step {
            task: t!("Let a few seconds pass.", "让时间过去几秒。"),
            focus: &[Focus::RecipeBoard],
            show_me: "tick 3000",
            checks: &[Check::AnyStatus(StatusLine::Left("/together"), 3)],
            explanation: t!(
                "To leave, each deleted its own node and waited for the others' nodes to go: the group left together.",
                "离开时，每个客户端删除自己的节点，并等待其他人的节点消失：整组一起离开了。"
            ),
        },
    ],
};

pub const LOAD_BALANCING: Lesson = Lesson {
    id: "load-balancing",
    title: title!("10. Load balancing and service discovery", "10. 负载均衡与服务发现"),
    intro: t!(
        "Servers register ephemeral nodes carrying their load; a client watches the list and picks one. A crashed server leaves every list once its session expires.",
        "服务器注册携带自身负载的临时节点；客户端监视这个列表并从中挑选。崩溃的服务器在会话过期后会从所有列表中消失。"
    ),
    setup: "",
    steps: &[
        Step {
            task: t!("Start lb-server on /svc with 3 clients.", "在 `/svc` 上启动「负载均衡：服务器」，3 个客户端。"),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe lb-server /svc on c1,c2,c3",
            checks: &[Check::Children("/svc", 3)],
            explanation: t!(
                "Each server registered an ephemeral node under `/svc` with its load as data: the list of live servers is the list of children.",
                "每个服务器都在 `/svc` 下注册了一个临时节点，数据是它的负载：存活的服务器列表就是子节点列表。"
            ),
        },
        Step {
            task: t!("Start lb-client on /svc with 1 client.", "在 `/svc` 上启动「负载均衡：客户端」，1 个客户端。"),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe lb-client /svc on c4",
            checks: &[Check::AnyStatus(StatusLine::Servers, 1)],
            explanation: t!(
                "The client listed `/svc` with a child watch, read each server's load with a data watch, and picks round robin or the least loaded.",
                "客户端带着子节点监视点列出 `/svc`，带着数据监视点读取每个服务器的负载，然后按轮询或最小负载进行选择。"
            ),
        },
        Step {
            task: t!("Let two seconds pass.", "让时间过去两秒。"),
            focus: &[Focus::EventLog],
            show_me: "tick 2000",
            checks: &[Check::Log("type:NodeDataChanged path:/svc/")],
            explanation: t!(
                "The servers updated their loads; each update fired the client's data watch, and it read the new load and watched again.",
                "服务器更新了自己的负载；每次更新都触发客户端的数据监视点，客户端读取新的负载后再次设置监视。"
            ),
        },
        Step {
            task: t!("Crash server c2 (Crash on its card).", "让服务器 c2 崩溃（卡片上的「崩溃」）。"),
            focus: &[Focus::Card("c2", CardButton::Crash)],
            show_me: "crash c2",
            checks: &[Check::State("c2", ClientState::Crashed)],
            explanation: t!(
                "Its node is still in the list: the server cannot tell yet that the process is gone.",
                "它的节点仍在列表中：服务器暂时还无法知道那个进程已经不在了。"
            ),
        },
        Step {
            task: t!("Let 40 s pass.", "让 40 秒过去。"),
            focus: &[Focus::Node("/svc")],
            show_me: "tick 40000",
            checks: &[Check::Children("/svc", 2)],
            explanation: t!(
                "Its session expired, its ephemeral node was deleted and the client's child watch fired: the crashed server left the list by itself. This is service discovery with crash detection, as Kafka and HBase use it.",
                "它的会话过期了，临时节点被删除，客户端的子节点监视点随之触发：崩溃的服务器自动离开了列表。这就是带崩溃检测的服务发现，Kafka 和 HBase 都是这样用的。"
            ),
        },
    ],
};

pub const MASTER_WORKER: Lesson = Lesson {
    id: "master-worker",
    title: title!("11. Capstone: master–worker", "11. 综合：主从模式"),
    intro: t!(
        "The book's example: a master assigns tasks to live workers and moves a dead worker's tasks; a backup master takes over. HBase, Kafka, Solr and Facebook Messages rest on these same patterns.",
        "书中的例子：主节点把任务分配给存活的工作者，并转移已失效工作者的任务；备份主节点会接管。HBase、Kafka、Solr 和 Facebook 的消息服务都建立在同样的模式之上。"
    ),
    setup: "",
    steps: &[
        Step {
            task: t!("Start mw-master on /mw with 2 clients.", "在 `/mw` 上启动「主从：主节点」，2 个客户端。"),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe mw-master /mw on c1,c2",
            checks: &[Check::AnyStatus(StatusLine::BackupWatchesMaster, 1)],
            explanation: t!(
                "One became master by creating the ephemeral `/mw/master`; the other is a backup watching it.",
                "其中一个通过创建临时节点 `/mw/master` 成为主节点；另一个作为备份监视着它。"
            ),
        },
        Step {
            task: t!(
                "Start mw-worker on /mw with 2 clients, holding 400 ms.",
                "在 `/mw` 上启动「主从：工作者」，2 个客户端，持有 400 ms。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe mw-worker /mw on c3,c4 hold=400",
            checks: &[Check::Children("/mw/workers", 2)],
            explanation: t!(
                "Each worker registered an ephemeral node under `/mw/workers` and watches its own assignment list; the master watches `/mw/workers`.",
                "每个工作者都在 `/mw/workers` 下注册了一个临时节点，并监视分配给自己的任务列表；主节点则监视 `/mw/workers`。"
            ),
        },
        Step {
            task: t!("Start mw-client on /mw with 1 client.", "在 `/mw` 上启动「主从：客户端」，1 个客户端。"),
            focus: &[Focus::RecipeBoard],
            show_me: "recipe mw-client /mw on c5",
            checks: &[Check::AnyStatus(StatusLine::Assigns("task-…"), 1)],
            explanation: t!(
                "The client added tasks under `/mw/tasks`; the master assigned each to a live worker with a `multi`, so a task is never both waiting and assigned.",
                "客户端在 `/mw/tasks` 下添加任务；主节点用 `multi` 把每个任务分配给一个存活的工作者，因此一个任务不会既在等待又已分配。"
            ),
        },
        Step {
            task: t!(
                "Crash worker c3 and let 40 s pass.",
                "让工作者 c3 崩溃，再让 40 秒过去。"
            ),
            focus: &[Focus::Card("c3", CardButton::Crash)],
            show_me: "crash c3\ntick 40000",
            checks: &[Check::State("c3", ClientState::Crashed), Check::Children("/mw/workers", 1)],
            explanation: t!(
                "The worker's session expired and its node left `/mw/workers`; the master's watch fired, and any task it had not finished went back to be assigned again.",
                "该工作者的会话过期，它的节点从 `/mw/workers` 中消失；主节点的监视点随之触发，它尚未完成的任务会被收回并重新分配。"
            ),
        },
        Step {
            task: t!(
                "Crash the master, c1, and let 40 s pass.",
                "让主节点 c1 崩溃，再让 40 秒过去。"
            ),
            focus: &[Focus::Card("c1", CardButton::Crash)],
            show_me: "crash c1\ntick 40000",
            checks: &[
                Check::State("c1", ClientState::Crashed),
                Check::AnyStatus(StatusLine::TasksDone(5, 5), 1),
            ],
            explanation: t!(
                "The master's `/mw/master` vanished with its session; the backup's watch fired, it became master, read the state from ZooKeeper and carried on. Every task was done exactly once.",
                "主节点的 `/mw/master` 随会话一起消失；备份节点的监视点触发，它成为新的主节点，从 ZooKeeper 中读取状态并继续工作。每个任务都恰好完成了一次。"
            ),
        },
    ],
};
