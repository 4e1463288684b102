//! Lessons 1–3: a first session (the seed's session start, ① to ⑤, and its first commands),
//! znodes and their Stat, sessions and ephemeral nodes.

use super::{t, title, CardButton, Check, Control, Focus, Lesson, Step, Text};
use crate::sim::ClientState;

pub const FIRST_SESSION: Lesson = Lesson {
    id: "first-session",
    title: title!("1. A first session", "1. 第一个会话"),
    intro: t!(
        "Start zkCli as the seed does, watch the five moments of a session's start, run the first commands, and see the session survive a server restart.",
        "像种子文档里那样启动 zkCli，观察建立会话的五个时刻，执行最初几条命令，再看会话如何挺过服务器重启。"
    ),
    setup: "",
    steps: &[
        Step {
            task: t!(
                "Start zkCli: click + Spawn client. Client c1 opens a session; ① to ⑤ appear in the event log and on the timeline as they happen.",
                "启动 zkCli：点击「+ 新建客户端」。客户端 c1 会建立一个会话；①到⑤会在事件日志和时间线上依次标出。"
            ),
            focus: &[
                Focus::Control(Control::SpawnClient),
                Focus::Timeline,
                Focus::EventLog,
            ],
            show_me: "session c1",
            checks: &[Check::State("c1", ClientState::SyncConnected)],
            explanation: t!(
                "① c1 starts to establish a session with the timeout it asks for (30000 ms). ② Its send thread opens a socket to the server. ③ The socket is up: c1 sends a `ConnectRequest` (session id 0, meaning a new session) and the server sets the session up when it arrives. ④ The `ConnectResponse` brings the session id (on c1's card) and the negotiated timeout. ⑤ c1's watcher receives `SyncConnected`: from now on c1 can send requests.",
                "①客户端启动程序来建立一个会话，请求的超时为 30000 ms。②客户端的发送线程尝试连接到服务器。③连接成功，c1 发出 `ConnectRequest`（会话 id 为 0，表示新会话），服务器收到后开始初始化这个新会话。④会话初始化完成：`ConnectResponse` 带回会话 id（见 c1 的卡片）和协商后的超时。⑤服务器向客户端发送 `SyncConnected` 事件，此后 c1 就可以发送请求了。"
            ),
        },
        Step {
            task: t!(
                "Press Deliver ▶ (→) to deliver one event at a time until c1's `ping` is on its way to the server (in flight) and has arrived (in the event log); +10 s gets there at once.",
                "按「投递 ▶」（→）逐个投递事件，直到 c1 的 `ping` 出现在传输中的消息里，并到达服务器（出现在事件日志中）；点「+10 秒」可以一步到位。"
            ),
            focus: &[Focus::Control(Control::Step), Focus::InFlight],
            show_me: "step 8",
            checks: &[Check::Log("c1 → server ping")],
            explanation: t!(
                "The negotiated timeout of ④ rules the session. A client that has sent nothing for a third of it sends a `ping`; the server expires a session it has not heard from for the whole timeout. Every message, a request or a `ping`, renews the session.",
                "④中协商的超时决定了会话的生死。客户端在三分之一超时时间内没有发送任何消息时，就发送一个 `ping`；服务器若在整个超时时间内都没有收到某个会话的消息，就让它过期。每条消息（请求或 `ping`）都会为会话续期。"
            ),
        },
        Step {
            task: t!(
                "In c1's console, list the root: `ls /`.",
                "在 c1 的控制台中列出根节点：`ls /`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: ls /",
            checks: &[Check::Console("c1", "[zookeeper]")],
            explanation: t!(
                "`ls /` is a `getChildren` request on the root: it travels to the server as a message (see the event log) and the reply lists `zookeeper`, the server's own node for quotas and configuration.",
                "`ls /` 是对根节点的 `getChildren` 请求：它作为一条消息发往服务器（见事件日志），回复中列出了 `zookeeper`，这是服务器自己用来存放配额和配置信息的节点。"
            ),
        },
        Step {
            task: t!(
                "Create a znode called workers with empty data: `create /workers \"\"`.",
                "创建一个名为 `workers`、数据为空的 znode：`create /workers \"\"`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create /workers \"\"",
            checks: &[Check::Exists("/workers")],
            explanation: t!(
                "A write: the server gave it the next transaction id (`zxid`) and added `/workers` to the tree. It is a persistent znode: it stays until someone deletes it, whatever becomes of c1's session.",
                "这是一次写操作：服务器为它分配了下一个事务 id（`zxid`），并把 `/workers` 加入节点树。它是持久节点：无论 c1 的会话将来如何，它都会一直存在，直到有人删除它。"
            ),
        },
        Step {
            task: t!(
                "Delete it again: `delete /workers`.",
                "再把它删除：`delete /workers`。"
            ),
            focus: &[Focus::Node("/workers")],
            show_me: "c1: delete /workers",
            checks: &[Check::Missing("/workers")],
            explanation: t!(
                "`delete` removes a znode that has no children; without `-v` it accepts any version. Like every write it got its own `zxid`: all clients see the writes in that one order.",
                "`delete` 删除一个没有子节点的 znode；不带 `-v` 时接受任何版本。和所有写操作一样，它也有自己的 `zxid`：所有客户端看到的写操作都是这同一个顺序。"
            ),
        },
        Step {
            task: t!(
                "Stop the server (Server ● up in the toolbar), then let a second pass (+1 s).",
                "停止服务器（工具栏中的「服务器 ● 运行中」），再让时间过去一秒（「+1 秒」）。"
            ),
            focus: &[Focus::Control(Control::Server)],
            show_me: "server stop\ntick 1000",
            checks: &[Check::Console("c1", "state:Disconnected")],
            explanation: t!(
                "The server closed c1's connection: c1 told its watcher `Disconnected` and keeps trying to reconnect (each attempt is another ② and ③, refused while nothing listens). The session itself is not lost: it lives on the server, not in the connection.",
                "服务器关闭了 c1 的连接：c1 向它的监视器报告 `Disconnected`，并不断尝试重连（每次尝试都是新的②和③，服务器没有运行时连接被拒绝）。会话本身并没有丢失：它存在于服务器上，而不是存在于连接中。"
            ),
        },
        Step {
            task: t!(
                "Start the server again and let a second or two pass: c1 reconnects, ② to ⑤ once more.",
                "重新启动服务器，让时间过去一两秒：c1 重新连接，②到⑤再来一遍。"
            ),
            focus: &[
                Focus::Control(Control::Server),
                Focus::Client("c1"),
                Focus::Timeline,
            ],
            show_me: "server start\ntick 2000",
            checks: &[
                Check::Log("server: started"),
                Check::State("c1", ClientState::SyncConnected),
            ],
            explanation: t!(
                "This time the `ConnectRequest` carried c1's session id, so the server re-attached the session instead of creating one: ④ shows the same id. A restarted server restores its sessions, each with a fresh timeout; a session ends only when a running server hears nothing from it for the whole timeout, and then its client hears `Expired`.",
                "这一次 `ConnectRequest` 带上了 c1 的会话 id，因此服务器恢复了原来的会话，而不是新建一个：④中的 id 与之前相同。重新启动的服务器会恢复它的会话，并为每个会话重新开始计算超时；只有当运行中的服务器在整个超时时间内都没有收到某个会话的消息时，会话才会结束，它的客户端随后会收到 `Expired`。"
            ),
        },
        Step {
            task: t!("Finally leave zkCli: `quit`.", "最后退出 zkCli：`quit`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: quit",
            checks: &[Check::State("c1", ClientState::Closed)],
            explanation: t!(
                "`quit` sends `closeSession`: the server ends the session at once — deleting its ephemeral nodes, had it any — instead of waiting for the timeout, and the client reports `Closed`.",
                "`quit` 会发送 `closeSession`：服务器立即结束会话（如果会话有临时节点，也会一并删除），而不必等到超时，客户端随后报告 `Closed`。"
            ),
        },
    ],
};

pub const ZNODES_STAT: Lesson = Lesson {
    id: "znodes-stat",
    title: title!("2. Znodes, versions and Stat", "2. znode、版本与 Stat"),
    intro: t!(
        "Every znode has data and a Stat. Versions in the Stat make conditional writes: optimistic concurrency without locks.",
        "每个 znode 都有数据和一个 Stat。Stat 中的版本号让写操作可以带条件执行：不加锁的乐观并发控制。"
    ),
    setup: "session c1",
    steps: &[
        Step {
            task: t!("Create /app with data v1: `create /app v1`.", "创建数据为 v1 的 `/app`：`create /app v1`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create /app v1",
            checks: &[Check::Exists("/app")],
            explanation: t!(
                "The create got a `zxid`; it becomes both `czxid` (the transaction that created the node) and `mzxid` (the one that last changed it) in the node's Stat.",
                "这次创建得到了一个 `zxid`；它同时成为节点 Stat 中的 `czxid`（创建它的事务）和 `mzxid`（最后修改它的事务）。"
            ),
        },
        Step {
            task: t!("Look at its Stat: `get -s /app`.", "查看它的 Stat：`get -s /app`。"),
            focus: &[Focus::Node("/app")],
            show_me: "c1: get -s /app",
            checks: &[Check::Console("c1", "dataVersion = 0")],
            explanation: t!(
                "After the data comes the Stat: `czxid`/`mzxid`, `ctime`/`mtime`, `pzxid` (the last change to its children), `cversion` (how often its children changed), `dataVersion` (how often its data changed: 0), `aclVersion`, `ephemeralOwner` (0: not ephemeral), `dataLength` and `numChildren`. The inspector shows the same when you select the node.",
                "数据之后是 Stat：`czxid`/`mzxid`、`ctime`/`mtime`、`pzxid`（子节点的最后一次变化）、`cversion`（子节点变化的次数）、`dataVersion`（数据变化的次数：0）、`aclVersion`、`ephemeralOwner`（0 表示不是临时节点）、`dataLength` 和 `numChildren`。在节点树中选中该节点，右侧的检查面板也会显示这些信息。"
            ),
        },
        Step {
            task: t!(
                "Change it only if it is still at version 0: `set -v 0 /app v2`.",
                "仅当它仍是版本 0 时才修改：`set -v 0 /app v2`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: set -v 0 /app v2",
            checks: &[Check::DataVersion("/app", 1)],
            explanation: t!(
                "A conditional write: the server compared the version you gave with the node's `dataVersion`, found them equal, and applied it. `dataVersion` is now 1 and `mzxid` is this write's `zxid`.",
                "这是一次条件写：服务器把你给出的版本与节点的 `dataVersion` 比较，两者相等，于是执行了修改。现在 `dataVersion` 变为 1，`mzxid` 是这次写操作的 `zxid`。"
            ),
        },
        Step {
            task: t!(
                "Try it again with the version you read before: `set -v 0 /app v3`.",
                "用之前读到的版本再试一次：`set -v 0 /app v3`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: set -v 0 /app v3",
            checks: &[Check::Console("c1", "version No is not valid : /app")],
            explanation: t!(
                "Refused with `BadVersion`: the node changed since version 0 was read. This is optimistic concurrency: read the version, write only if nobody wrote in between, and otherwise read again and retry. Nobody holds a lock.",
                "被拒绝，错误为 `BadVersion`：自从读到版本 0 之后，节点已经被修改过。这就是乐观并发控制：先读出版本，只有在这期间没有别人写过时才写入，否则重新读取再重试。整个过程没有任何人持有锁。"
            ),
        },
        Step {
            task: t!(
                "Give /app a child and look at /app again: `create /app/child x`, then `stat /app`.",
                "给 `/app` 添加一个子节点，再查看 `/app`：`create /app/child x`，然后 `stat /app`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create /app/child x\nc1: stat /app",
            checks: &[Check::Console("c1", "numChildren = 1")],
            explanation: t!(
                "A new child changes the parent's children, not its data: `cversion` went up and `pzxid` became the child's `zxid`, while `dataVersion` stayed 1.",
                "新的子节点改变的是父节点的子节点列表，而不是它的数据：`cversion` 增加了，`pzxid` 变成了子节点的 `zxid`，而 `dataVersion` 仍然是 1。"
            ),
        },
        Step {
            task: t!("Try to delete /app: `delete /app`.", "尝试删除 `/app`：`delete /app`。"),
            focus: &[Focus::Node("/app")],
            show_me: "c1: delete /app",
            checks: &[Check::Console("c1", "Node not empty: /app")],
            explanation: t!(
                "ZooKeeper does not delete a znode that has children (`NotEmpty`): delete the children first, or use `deleteall`, which walks the subtree and deletes the leaves first.",
                "ZooKeeper 不会删除有子节点的 znode（`NotEmpty`）：需要先删除子节点，或者使用 `deleteall`，它会遍历整棵子树，从叶子节点开始删除。"
            ),
        },
    ],
};

pub const SESSIONS_EPHEMERALS: Lesson = Lesson {
    id: "sessions-ephemerals",
    title: title!("3. Sessions and ephemeral nodes", "3. 会话与临时节点"),
    intro: t!(
        "An ephemeral znode lives as long as its session. A partition shorter than the timeout loses nothing; a crash ends the session once the timeout runs out.",
        "临时节点的生命周期与会话相同。短于超时时间的网络分区不会丢失任何东西；客户端崩溃后，超时一到会话就结束。"
    ),
    setup: "session c1\nsession c2",
    steps: &[
        Step {
            task: t!(
                "As c1, create an ephemeral znode: `create -e /alive c1`.",
                "以 c1 身份创建一个临时节点：`create -e /alive c1`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create -e /alive c1",
            checks: &[Check::Exists("/alive")],
            explanation: t!(
                "An ephemeral znode belongs to the session that created it: its `ephemeralOwner` is c1's session id (the tree marks it with its owner), and it cannot have children.",
                "临时节点属于创建它的会话：它的 `ephemeralOwner` 就是 c1 的会话 id（节点树上标出了它的所有者），而且它不能有子节点。"
            ),
        },
        Step {
            task: t!(
                "As c2, watch it: `stat -w /alive`.",
                "以 c2 身份监视它：`stat -w /alive`。"
            ),
            focus: &[Focus::Console("c2")],
            show_me: "c2: stat -w /alive",
            checks: &[Check::Watching("c2", "/alive")],
            explanation: t!(
                "c2 read the Stat and left a watch on `/alive`: a one-time trigger the server fires when the node changes or goes. The server keeps it for c2's session (select `/alive` to see it in the inspector).",
                "c2 读取了 Stat，并在 `/alive` 上留下一个监视点：这是一个一次性触发器，节点发生变化或被删除时服务器会触发它。服务器为 c2 的会话保存这个监视点（选中 `/alive` 可以在检查面板中看到）。"
            ),
        },
        Step {
            task: t!(
                "Cut c1 off the network (Partition on its card) and let about 20 s pass (+10 s, two or three times).",
                "切断 c1 的网络（卡片上的「隔离网络」），让时间过去大约 20 秒（点两三次「+10 秒」）。"
            ),
            focus: &[Focus::Card("c1", CardButton::Partition)],
            show_me: "partition c1\ntick 25000",
            checks: &[
                Check::State("c1", ClientState::Disconnected),
                Check::Exists("/alive"),
            ],
            explanation: t!(
                "c1 heard nothing for two thirds of its timeout, so it reported `Disconnected` and tries to reconnect. The server has not heard from c1 for less than the whole timeout, so the session and `/alive` are still there.",
                "c1 在三分之二的超时时间内没有收到任何消息，于是报告 `Disconnected` 并尝试重连。服务器没有收到 c1 消息的时间还不到整个超时时间，所以会话和 `/alive` 都还在。"
            ),
        },
        Step {
            task: t!(
                "Heal c1's network (Heal) and let a second or two pass.",
                "恢复 c1 的网络（「恢复网络」），让时间过去一两秒。"
            ),
            focus: &[Focus::Card("c1", CardButton::Heal)],
            show_me: "heal c1\ntick 2000",
            checks: &[
                Check::State("c1", ClientState::SyncConnected),
                Check::Exists("/alive"),
            ],
            explanation: t!(
                "A partition shorter than the session timeout loses nothing: c1 reconnected with the same session id (② to ⑤ again), its ephemeral node is untouched, and any watches it held would have been sent again (`setWatches`).",
                "短于会话超时的网络分区不会丢失任何东西：c1 用同一个会话 id 重新连接（②到⑤又来一遍），它的临时节点完好无损；如果它持有监视点，也会重新发送给服务器（`setWatches`）。"
            ),
        },
        Step {
            task: t!(
                "Now crash c1 (Crash on its card): the process dies without closing its session.",
                "现在让 c1 崩溃（卡片上的「崩溃」）：进程终止，但没有关闭它的会话。"
            ),
            focus: &[Focus::Card("c1", CardButton::Crash)],
            show_me: "crash c1",
            checks: &[Check::State("c1", ClientState::Crashed)],
            explanation: t!(
                "A crashed client says nothing: to the server it looks exactly like a partitioned one. So the session, and `/alive`, stay until the timeout runs out — ZooKeeper cannot tell a dead client from a slow one any sooner.",
                "崩溃的客户端不会再发出任何消息：在服务器看来，它和被网络隔离的客户端一模一样。所以会话和 `/alive` 会一直保留到超时为止——ZooKeeper 无法更早地区分一个已经失效的客户端和一个很慢的客户端。"
            ),
        },
        Step {
            task: t!(
                "Let the timeout pass (+10 s a few times) until `/alive` vanishes.",
                "让超时时间过去（多点几次「+10 秒」），直到 `/alive` 消失。"
            ),
            focus: &[Focus::Node("/alive")],
            show_me: "tick 40000",
            checks: &[
                Check::Missing("/alive"),
                Check::Console("c2", "type:NodeDeleted path:/alive"),
            ],
            explanation: t!(
                "After 30 s without a word the server expired c1's session: it deleted every ephemeral node the session owned and fired the watches on them, so c2 heard `NodeDeleted`. This is how ZooKeeper detects crashes: each member registers an ephemeral node and the others watch it.",
                "在 30 秒没有任何消息之后，服务器让 c1 的会话过期：删除该会话拥有的所有临时节点，并触发它们上面的监视点，所以 c2 收到了 `NodeDeleted`。这就是 ZooKeeper 检测崩溃的方式：每个成员注册一个临时节点，其他成员监视它。"
            ),
        },
    ],
};
