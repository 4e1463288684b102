//! The exporters' reasons for a refusal (`ExportError::Unsupported::why`, English), in 简体中文
//! for the page. `tests/tests/export_words.rs` holds that every reason the scenarios reach
//! has its line here.

/// The Chinese of an exporter's reason, if it has one.
pub fn why_zh(why: &str) -> Option<&'static str> {
    WHY_ZH.iter().find(|(en, _)| *en == why).map(|(_, zh)| *zh)
}

/// Each reason, English then Chinese.
pub const WHY_ZH: &[(&str, &str)] = &[
    (
        "'step' advances the simulation by single events: a real server has no such steps (use tick MS)",
        "`step` 逐个事件推进模拟：真实服务器没有这样的步进（请改用 `tick` 毫秒数）",
    ),
    (
        "Curator has only the herd-free recipe: the naive one (everyone watches one node) has no counterpart",
        "Curator 只有无羊群效应的协调配方：朴素版本（所有人监视同一个节点）没有对应物",
    ),
    (
        "Curator's InterProcessMutex hands out no fencing token: fencing=on has no counterpart",
        "Curator 的 `InterProcessMutex` 不发放防护令牌：`fencing=on` 没有对应物",
    ),
    (
        "a GC pause is simulated; a program cannot freeze one of its clients while the others run",
        "垃圾回收停顿是模拟出来的；程序无法在其他客户端运行时冻结其中一个客户端",
    ),
    (
        "a GC pause of a client is a simulated fault: a program cannot pause its own JVM on purpose",
        "客户端的垃圾回收停顿是模拟的故障：程序无法有意暂停自己的 `JVM`",
    ),
    (
        "a delay is a fault of zkplay's simulated network; a program cannot slow its own link",
        "延迟是 zkplay 模拟网络的故障；程序无法让自己的链路变慢",
    ),
    (
        "a network delay is a simulated fault: the client API cannot slow its own network",
        "网络延迟是模拟的故障：客户端 `API` 无法让自己的网络变慢",
    ),
    (
        "a network partition between a client and the server is a simulated fault: the client API cannot cut its own network",
        "客户端与服务器之间的网络分区是模拟的故障：客户端 `API` 无法切断自己的网络",
    ),
    (
        "a network partition is a fault of zkplay's simulated network; a program cannot cut its own link to the server",
        "网络分区是 zkplay 模拟网络的故障；程序无法切断自己到服务器的链路",
    ),
    (
        "an ensemble's servers are simulated: a program cannot start, crash or inspect them (run it on a real ensemble by hand)",
        "集群的服务器是模拟的：程序无法启动、弄崩或查看它们（请在真实集群上手动运行）",
    ),
    (
        "fencing tokens are checked by zkplay's simulated resource; kazoo's Lock hands out none",
        "防护令牌由 zkplay 模拟的资源检查；kazoo 的 `Lock` 不发放令牌",
    ),
    (
        "it runs the simulation event by event; a program has no simulated events to step through (use tick MS)",
        "它逐个事件运行模拟；程序没有可以逐步执行的模拟事件（请改用 `tick` 毫秒数）",
    ),
    (
        "kazoo 2.11 has no call that removes a watch (removeWatches)",
        "kazoo 2.11 没有移除监视点的调用（`removeWatches`）",
    ),
    (
        "kazoo 2.11 has no getAllChildrenNumber call",
        "kazoo 2.11 没有 `getAllChildrenNumber` 调用",
    ),
    (
        "kazoo 2.11 has no getEphemerals call",
        "kazoo 2.11 没有 `getEphemerals` 调用",
    ),
    (
        "kazoo 2.11 has no persistent watches (addWatch)",
        "kazoo 2.11 没有持久监视点（`addWatch`）",
    ),
    ("kazoo 2.11 has no whoAmI call", "kazoo 2.11 没有 `whoAmI` 调用"),
    (
        "kazoo 2.11's create has no TTL mode",
        "kazoo 2.11 的 `create` 没有 TTL 模式",
    ),
    (
        "kazoo 2.11's create has no container mode",
        "kazoo 2.11 的 `create` 没有容器节点模式",
    ),
    (
        "kazoo has no call that expires its own session; only the server expires it, after the client stops talking",
        "kazoo 没有让自己的会话过期的调用；只有服务器会在客户端不再通信后让它过期",
    ),
    (
        "kazoo's recursive delete walks the tree its own way (zkCli lists it breadth-first and deletes it deepest first in batches of multi, and says when a batch fails), so the watches fire in another order; the exporter does not write zkCli's walk",
        "kazoo 的递归删除按自己的方式遍历节点树（zkCli 按广度优先列出、从最深处开始分批用 `multi` 删除，并在某批失败时说明），所以监视点触发的顺序不同；导出器不会写出 zkCli 的遍历方式",
    ),
    (
        "only a lock's or an election's clients take their role again: rounds= is not exported here",
        "只有锁和选举的客户端会再次获取角色：这里不导出 `rounds=`",
    ),
    (
        "several lb-servers on one line: the order in which their loads reach a client is the real server's timing, not the scenario's",
        "同一行上有多个 `lb-server`：它们的负载以什么顺序到达客户端取决于真实服务器的时序，而不是场景本身",
    ),
    (
        "several mw-clients on one line: which of them gets which task-N is the real server's timing, not the scenario's",
        "同一行上有多个 `mw-client`：哪个客户端得到哪个 `task-N` 取决于真实服务器的时序，而不是场景本身",
    ),
    (
        "several mw-masters on one line: which of them becomes master is the real server's timing, not the scenario's",
        "同一行上有多个 `mw-master`：哪一个成为主节点取决于真实服务器的时序，而不是场景本身",
    ),
    (
        "several mw-workers on one line: whether the master hears of them one by one or together is the real server's timing, not the scenario's",
        "同一行上有多个 `mw-worker`：主节点是逐个还是同时得知它们，取决于真实服务器的时序，而不是场景本身",
    ),
    (
        "several naming clients on one line: which of them gets which id-N is the real server's timing, not the scenario's",
        "同一行上有多个命名服务客户端：哪个客户端得到哪个 `id-N` 取决于真实服务器的时序，而不是场景本身",
    ),
    (
        "several producers on one queue: which of them gets which item-N is the real server's timing, not the scenario's",
        "同一个队列有多个生产者：哪个生产者得到哪个 `item-N` 取决于真实服务器的时序，而不是场景本身",
    ),
    (
        "stopping and starting the server is a fault of zkplay's simulated server; a program cannot stop the server it is connected to",
        "停止和启动服务器是 zkplay 模拟服务器的故障；程序无法停止它所连接的服务器",
    ),
    (
        "stopping or starting the server is done outside a client program",
        "停止或启动服务器要在客户端程序之外进行",
    ),
    (
        "the crashed session has no 'session' line before it",
        "崩溃的会话之前没有对应的 `session` 行",
    ),
    (
        "the scenario runs no recipe: Curator adds nothing to it (export it with --lang java)",
        "这个场景没有运行协调配方：Curator 帮不上忙（请用 `--lang java` 导出）",
    ),
    (
        "the scenario runs on zkplay's simulated ensemble, whose servers it starts, crashes, pins clients to and waits for; a program only connects to the servers it is given",
        "这个场景运行在 zkplay 模拟的集群上，要启动、弄崩服务器、把客户端固定到某台服务器并等待它们；程序只能连接给定的服务器",
    ),
    (
        "this system's roles (brokers, region servers, Solr nodes…) have no Curator recipe",
        "这个系统的角色（代理节点、区域服务器、Solr 节点……）没有对应的 Curator 协调配方",
    ),
    (
        "zkCli complains about this ACL text before the call",
        "zkCli 在调用之前就对这段 ACL 文本报错",
    ),
    (
        "zkCli complains about this ACL text itself (an entry that is not scheme:id:perms, or an unknown permission) and sends what is left; the exporter writes only ACLs it reads whole",
        "zkCli 自己就对这段 ACL 文本报错（某一项不是 `scheme:id:perms`，或权限未知），然后发送剩下的部分；导出器只写出能完整读懂的 ACL",
    ),
    (
        "zkCli refuses this line before any call: there is no client call to write",
        "zkCli 在任何调用之前就拒绝了这一行：没有可写出的客户端调用",
    ),
    (
        "zkCli refuses this line itself (it makes no call on the server), so there is no call to write",
        "zkCli 自己就拒绝了这一行（不会调用服务器），所以没有可写出的调用",
    ),
    (
        "zkCli's client refuses this path itself before it makes a call; kazoo checks no paths and would send it to the server, which answers otherwise",
        "zkCli 的客户端在调用之前就拒绝了这个路径；kazoo 不检查路径，会把它发给服务器，而服务器的回答不同",
    ),
    (
        "zkplay's naive lock and election (every waiter watches one node: the herd) have no counterpart among kazoo's recipes, whose waiters each watch their predecessor",
        "zkplay 的朴素锁和朴素选举（所有等待者监视同一个节点：羊群效应）在 kazoo 的协调配方中没有对应物；kazoo 的等待者各自监视自己的前一个",
    ),
    (
        "zkplay's recipes run inside the simulation: plain Java has no such recipe (export with --lang curator for Curator's)",
        "zkplay 的协调配方运行在模拟之中：普通 Java 没有这样的协调配方（请用 `--lang curator` 导出为 Curator 的写法）",
    ),
    (
        "in zkplay's models of real systems, every Kafka broker and every Solr node runs for the coordinator at once: which one wins is settled by the simulation (its seed), which a program's threads racing on a real server do not follow, and the case study then crashes the winner",
        "在 zkplay 对真实系统的模型中，每个 Kafka 代理节点和每个 Solr 节点同时竞选协调者：谁获胜由模拟（它的种子）决定，而程序中在真实服务器上竞争的线程不会照此进行，案例随后又会弄崩获胜者",
    ),
    (
        "kazoo's LockingQueue keeps a queue's items under PATH/entries (and takes them through PATH/taken), where zkplay's queue keeps them as PATH's children: a zkCli line on the queue's nodes answers otherwise",
        "kazoo 的 `LockingQueue` 把队列项放在 `PATH/entries` 下（并通过 `PATH/taken` 取走），而 zkplay 的队列把它们作为 `PATH` 的子节点：对队列节点执行的 zkCli 命令会得到不同的回答",
    ),
    (
        "the crashed session is opened by no 'session' or 'recipe' line before it",
        "崩溃的会话之前没有打开它的 `session` 或 `recipe` 行",
    ),
];
