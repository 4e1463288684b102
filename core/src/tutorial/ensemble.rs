//! Lessons 12–17: ZooKeeper as an ensemble — quorums, Fast Leader Election, a write's journey
//! through Zab, stale reads and `sync`, a leader's death, and a partition's minority side.

use super::{t, three, title, Check, Focus, Lesson, ServerButton, Step, Text};
use crate::script::ensemble_lines::ServerMode;
use crate::sim::ClientState;

pub const QUORUMS: Lesson = Lesson {
    id: "quorums",
    title: title!("12. Quorums: why 3 or 5 servers", "12. 仲裁：为什么是 3 台或 5 台服务器"),
    intro: t!(
        "An ensemble serves while more than half of its voters are up. Four voters and an observer: crash voters one by one and see when writes, then reads, stop.",
        "只要过半数的投票者在运行，集群就能提供服务。这里有四个投票者和一个观察者：逐个让投票者崩溃，看看写操作、然后读操作何时停止。"
    ),
    setup: "ensemble 4 observers=1\nwait server 4 leader\nwait server 1 follower\nwait server 2 follower\nwait server 3 follower\nwait server 5 observer\nsession c1 server=5",
    steps: &[
        Step {
            task: t!(
                "c1 is connected to server 5, an observer. Write through it: `create /q 1`.",
                "c1 连接在服务器 5 上，它是一个观察者。通过它写入：`create /q 1`。"
            ),
            focus: &[Focus::Console("c1"), Focus::Ring],
            show_me: "c1: create /q 1",
            checks: &[Check::Exists("/q"), Check::Log("INFORM 0x100000002 create")],
            explanation: t!(
                "Server 5 forwarded the write to the leader, server 4, which sent a `PROPOSAL` to the voters 1 to 3 only and committed once 3 of the 4 voters, itself included, had logged it: a quorum is more than half of the voters. The observer only hears the outcome (`INFORM`): it never votes, on writes or in elections.",
                "服务器 5 把写请求转发给群首服务器 4，群首只向投票者 1 到 3 发送 `PROPOSAL`，在 4 个投票者中有 3 个（包括它自己）记录了这个提议之后提交：仲裁就是投票者中的过半数。观察者只会得知结果（`INFORM`）：无论是写操作还是选举，它都不投票。"
            ),
        },
        Step {
            task: t!(
                "Crash server 1 (its Crash button), then change the data: `set /q 2`.",
                "让服务器 1 崩溃（它卡片上的「崩溃」按钮），然后修改数据：`set /q 2`。"
            ),
            focus: &[
                Focus::ServerControl(1, ServerButton::Power),
                Focus::Console("c1"),
            ],
            show_me: "server 1 crash\nc1: set /q 2",
            checks: &[Check::Mode(1, ServerMode::NotServing), Check::Data("/q", "2")],
            explanation: t!(
                "Three of the four voters are left, still more than half: the leader commits with the `ACK`s of servers 2 and 3. But four voters tolerate one failure, exactly as three do (a quorum of 4 is 3): an even count adds no tolerance, only one more server to wait for.",
                "四个投票者还剩三个，仍然过半：群首凭服务器 2 和 3 的 `ACK` 就能提交。但四个投票者只能容忍一台服务器故障，和三个投票者完全一样（4 的过半数是 3）：偶数台服务器不会增加容错能力，只是多了一台需要等待的服务器。"
            ),
        },
        Step {
            task: t!(
                "Crash server 2 as well.",
                "再让服务器 2 也崩溃。"
            ),
            focus: &[Focus::ServerControl(2, ServerButton::Power), Focus::Ring],
            show_me: "server 2 crash\nwait server 5 not serving",
            checks: &[
                Check::Mode(4, ServerMode::NotServing),
                Check::Mode(5, ServerMode::NotServing),
                Check::State("c1", ClientState::Disconnected),
            ],
            explanation: t!(
                "Three of five servers are up, but only two of four voters: no quorum. At its next check the leader finds too few synced followers and steps down; the others lose their leader, stop serving and drop their clients — c1 saw `Disconnected`. The observer stopped too: observers add read capacity, not availability.",
                "五台服务器中有三台在运行，但四个投票者只剩两个：没有仲裁。群首在下一次检查时发现同步的追随者不够，于是退位；其他服务器失去了群首，停止服务并断开客户端——c1 收到了 `Disconnected`。观察者也停止了服务：观察者增加的是读能力，而不是可用性。"
            ),
        },
        Step {
            task: t!("Try to read: `get /q`.", "尝试读取：`get /q`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: get /q",
            checks: &[Check::Console("c1", "ConnectionLoss")],
            explanation: t!(
                "No server takes c1's session, so even a read fails with `ConnectionLoss`: a server outside a quorum serves nothing (read-only mode is off by default). The session is not lost: its timeout runs on a serving leader, and there is none.",
                "没有服务器接受 c1 的会话，所以连读操作也以 `ConnectionLoss` 失败：不属于仲裁的服务器不提供任何服务（只读模式默认关闭）。会话并没有丢失：它的超时由正在服务的群首计算，而现在没有群首。"
            ),
        },
        Step {
            task: t!(
                "Restart server 2 and write again: `set /q 3`.",
                "重新启动服务器 2，再写一次：`set /q 3`。"
            ),
            focus: &[
                Focus::ServerControl(2, ServerButton::Power),
                Focus::Console("c1"),
            ],
            show_me: "server 2 restart\nwait server 5 observer\nc1: set /q 3",
            checks: &[
                Check::Data("/q", "3"),
                Check::EpochAtLeast(2),
                Check::State("c1", ClientState::SyncConnected),
            ],
            explanation: t!(
                "Three voters again: they elect a leader in a new epoch (2), the observer follows it, c1 re-attaches its session and writes work. Nothing committed was lost: any two quorums share a voter. Hence 3 servers to survive one failure, 5 to survive two.",
                "又有三个投票者了：它们在新的纪元（2）中选出群首，观察者跟随它，c1 重新连上原来的会话，写操作恢复。已提交的数据一条也没有丢：任意两个仲裁至少有一个共同的投票者。所以 3 台服务器可以容忍一台故障，5 台可以容忍两台。"
            ),
        },
    ],
};

pub const LEADER_ELECTION: Lesson = Lesson {
    id: "leader-election",
    title: title!("13. How Fast Leader Election picks a leader", "13. 快速群首选举如何选出群首"),
    intro: t!(
        "Servers exchange votes until a quorum agrees. Start the servers one at a time and step through the notifications: each is one Deliver ▶, drawn on the ring with the vote it carries.",
        "服务器之间交换选票，直到有一个仲裁达成一致。逐台启动服务器，逐个投递每一条通知：每按一次「投递 ▶」投递一条，环上画出它携带的选票。"
    ),
    setup: "ensemble 3 start=1",
    steps: &[
        Step {
            task: t!(
                "Only server 1 runs: alone it cannot win. Start server 2 (its Restart button).",
                "只有服务器 1 在运行：仅凭自己它赢不了选举。启动服务器 2（它卡片上的「重启」按钮）。"
            ),
            focus: &[Focus::ServerControl(2, ServerButton::Power), Focus::Ring],
            show_me: "server 2 start stepwise",
            checks: &[Check::Log("server 2 started")],
            explanation: t!(
                "A server starts LOOKING and votes for itself: inside its circle, `votes 2`. A notification carries its vote — the proposed leader, that leader's last `zxid`, its election round — and its state; the ring labels each, `vote (2, 0x0, round 1)`, on its way to every voter. The arc around a LOOKING server is its wait for the next notification.",
                "服务器启动时处于 `LOOKING` 状态，并投票给自己：它的圆圈里显示“投 2”。一条通知携带它的选票——提议的群首、该群首最后的 `zxid`、选举轮次——以及自己的状态；环上为每条通知标出“选票（2，0x0，第 1 轮）”，正发往每一个投票者。`LOOKING` 服务器外圈的弧线，是它等待下一条通知的计时。"
            ),
        },
        Step {
            task: t!(
                "Press Deliver ▶ until server 1 has received server 2's vote and sent out a new one of its own.",
                "按「投递 ▶」，直到服务器 1 收到服务器 2 的选票并发出自己的新选票。"
            ),
            focus: &[Focus::Control(super::Control::Step), Focus::Ring],
            show_me: "step 7",
            checks: &[Check::Log("server 1 → server 2: NOTIFICATION leader=2")],
            explanation: t!(
                "Server 1 first sends server 2 the vote it could not deliver while 2 was down (`leader=1`): a new connection starts with the notification waiting for it. Votes are ordered by epoch, then zxid, then myid. Both servers are fresh — epoch 0, zxid `0x0` — so the higher myid wins: server 1 adopts the vote for 2 (its circle now says `votes 2`) and sends it to everyone. This is why the highest myid leads after the whole ensemble starts fresh.",
                "服务器 1 先把服务器 2 宕机时没能送达的选票（`leader=1`）发给它：新连接建立时，先发出等待在队列里的那条通知。选票先比较纪元，再比较 `zxid`，最后比较 `myid`。两台服务器都是全新的——纪元为 0，`zxid` 为 `0x0`——所以 `myid` 大的获胜：服务器 1 改投服务器 2（它的圆圈里现在显示“投 2”），并把新选票发给所有服务器。这就是整个集群全新启动时 `myid` 最大的服务器成为群首的原因。"
            ),
        },
        Step {
            task: t!(
                "Let the election finish (Deliver ▶ on, or Play) and watch the messages that follow.",
                "让选举完成（继续投递，或按播放），观察随后的消息。"
            ),
            focus: &[Focus::Ring, Focus::EventLog],
            show_me: "wait server 1 follower",
            checks: &[Check::Mode(2, ServerMode::Leader), Check::Mode(1, ServerMode::Follower)],
            explanation: t!(
                "Two of three votes agree on server 2: a quorum. Each waits 200 ms for a better vote (the arc fills), then becomes LEADING or FOLLOWING. Before serving, Zab's discovery and sync run: `FOLLOWERINFO`, `LEADERINFO` with the new epoch 1, `ACKEPOCH`, `DIFF`, `NEWLEADER`, `UPTODATE`.",
                "三张选票中有两张投给了服务器 2：构成仲裁。每台服务器再等待 200 ms，看有没有更好的选票（弧线走满），然后成为 `LEADING` 或 `FOLLOWING`。在提供服务之前，还要运行 `Zab` 的发现和同步阶段：`FOLLOWERINFO`、带着新纪元 1 的 `LEADERINFO`、`ACKEPOCH`、`DIFF`、`NEWLEADER`、`UPTODATE`。"
            ),
        },
        Step {
            task: t!(
                "Start server 3, the highest myid.",
                "启动 `myid` 最大的服务器 3。"
            ),
            focus: &[Focus::ServerControl(3, ServerButton::Power), Focus::EventLog],
            show_me: "server 3 start\nwait server 3 follower",
            checks: &[Check::Mode(3, ServerMode::Follower), Check::Mode(2, ServerMode::Leader)],
            explanation: t!(
                "Server 3 votes for itself, but servers 1 and 2 answer with the leader they have (`leader=2`, FOLLOWING and LEADING, epoch 1). Once a quorum of them agree, server 3 follows server 2: a later joiner learns the established leader, whatever its own myid.",
                "服务器 3 投票给自己，但服务器 1 和 2 用它们已有的群首来回应（`leader=2`，状态分别为 `FOLLOWING` 和 `LEADING`，纪元 1）。当其中构成仲裁的服务器意见一致时，服务器 3 就跟随服务器 2：后加入的服务器会得知已经确立的群首，不论它自己的 `myid` 有多大。"
            ),
        },
        Step {
            task: t!(
                "Crash the leader, server 2 (its Crash button), and step through the new election.",
                "让群首服务器 2 崩溃（它卡片上的「崩溃」按钮），然后逐个投递，跟随新的选举。"
            ),
            focus: &[Focus::ServerControl(2, ServerButton::Power), Focus::Ring],
            show_me: "server 2 crash stepwise\nwait server 3 leader\nwait server 1 follower",
            checks: &[Check::Mode(3, ServerMode::Leader), Check::EpochAtLeast(2)],
            explanation: t!(
                "Servers 1 and 3 elect again, in a new round. Neither has seen a transaction, yet their zxids differ: server 1 was synced before the leader served and kept `0x0`; server 3 joined once it served and got a snapshot at the new epoch's `0x100000000`. Votes compare the epoch, then the zxid, so server 3 wins — it would with a lower myid too — and leads in epoch 2. A server that had seen a later write would win the same way: the new leader must hold every committed write.",
                "服务器 1 和 3 开始新一轮选举。它们都没有见过任何事务，`zxid` 却不同：服务器 1 在群首开始服务之前完成同步，保留了 `0x0`；服务器 3 在群首开始服务之后才加入，收到的是新纪元 `0x100000000` 的快照。选票先比较纪元，再比较 `zxid`，所以服务器 3 获胜——即使它的 `myid` 更小也一样——并在纪元 2 中成为群首。见过更新写操作的服务器也会以同样的方式获胜：新群首必须拥有每一个已提交的写操作。"
            ),
        },
    ],
};

pub const WRITE_JOURNEY: Lesson = Lesson {
    id: "write-journey",
    title: title!("14. A write's journey through Zab", "14. 一次写操作的旅程"),
    intro: t!(
        "Follow one write from a client through its follower to the leader, out to every server as a proposal, and back as a commit; then slow a follower down and watch it catch up.",
        "跟随一次写操作：从客户端经过它的追随者到达群首，作为提议发往每台服务器，再以提交的形式返回；然后让一个追随者变慢，看它如何赶上。"
    ),
    setup: three!("session c1 server=1"),
    steps: &[
        Step {
            task: t!(
                "As c1, connected to follower 1, create a znode: `create /a 1`, and follow it in the event log.",
                "以 c1 身份（它连接在追随者 1 上）创建一个 znode：`create /a 1`，并在事件日志中跟踪它。"
            ),
            focus: &[Focus::Console("c1"), Focus::EventLog],
            show_me: "c1: create /a 1",
            checks: &[
                Check::Exists("/a"),
                Check::Log("server 3 → server 1: COMMIT 0x100000002"),
            ],
            explanation: t!(
                "c1 → server 1, which cannot write alone: it forwards a `REQUEST` to the leader, server 3. The leader gives the write the next zxid and sends a `PROPOSAL` to both followers; each logs it and answers `ACK`. On a quorum — the leader and one follower — the leader sends `COMMIT`; server 1 applies it and answers c1.",
                "c1 → 服务器 1，追随者不能独自写入：它把 `REQUEST` 转发给群首服务器 3。群首为这次写操作分配下一个 `zxid`，向两个追随者发送 `PROPOSAL`；每个追随者记录下来并回复 `ACK`。收到仲裁（群首加一个追随者）的确认后，群首发送 `COMMIT`；服务器 1 应用这次写操作并回复 c1。"
            ),
        },
        Step {
            task: t!(
                "Slow follower 2 down a lot (`delay server 2 1000`) and follower 1 a little (`delay server 1 200`), then `create /b 2`.",
                "让追随者 2 变得很慢（`delay server 2 1000`），追随者 1 稍慢一点（`delay server 1 200`），然后 `create /b 2`。"
            ),
            focus: &[Focus::Console("c1"), Focus::InFlight],
            show_me: "delay server 1 200\ndelay server 2 1000\nc1: create /b 2",
            checks: &[Check::Exists("/b"), Check::NotOnServer(2, "/b")],
            explanation: t!(
                "c1 has its answer, yet server 2 has not even received the `PROPOSAL` (it is in flight): the leader and server 1 were a quorum. A follower may lag behind; Zab promises only that it applies the same writes in the same order.",
                "c1 已经收到了回复，而服务器 2 甚至还没收到 `PROPOSAL`（它还在传输中）：群首和服务器 1 已经构成仲裁。追随者可以落后；`Zab` 只保证它以相同的顺序应用相同的写操作。"
            ),
        },
        Step {
            task: t!(
                "Press Deliver ▶ until server 2 receives the `PROPOSAL` (the event log shows it).",
                "按「投递 ▶」，直到服务器 2 收到 `PROPOSAL`（事件日志中会显示）。"
            ),
            focus: &[
                Focus::Control(super::Control::Step),
                Focus::ServerControl(2, ServerButton::ShowTree),
            ],
            show_me: "sleep 500",
            checks: &[
                Check::Log("server 3 → server 2: PROPOSAL 0x100000003 create"),
                Check::NotOnServer(2, "/b"),
            ],
            explanation: t!(
                "Server 2 logs the proposal and acknowledges it, but does not apply it: a proposal is not yet a fact, and the leader may never commit it. Server 2's own tree (Show tree) still lacks `/b`.",
                "服务器 2 记录了这个提议并发出确认，但并不应用它：提议还不是既成事实，群首也可能永远不提交它。服务器 2 自己的节点树（「显示节点树」）里仍然没有 `/b`。"
            ),
        },
        Step {
            task: t!(
                "Step on until the `COMMIT` reaches it.",
                "继续投递，直到 `COMMIT` 到达它。"
            ),
            focus: &[
                Focus::Control(super::Control::Step),
                Focus::ServerControl(2, ServerButton::ShowTree),
            ],
            show_me: "sleep 400",
            checks: &[
                Check::Log("server 3 → server 2: COMMIT 0x100000003"),
                Check::OnServer(2, "/b"),
            ],
            explanation: t!(
                "Now server 2 applies the write. Every server applies the same transactions in zxid order, each when its `COMMIT` arrives — which is why a read from a lagging server can be stale.",
                "现在服务器 2 应用了这次写操作。每台服务器都按 `zxid` 顺序应用相同的事务，各自在 `COMMIT` 到达时应用——这也是从落后的服务器读到旧数据的原因。"
            ),
        },
        Step {
            task: t!("Look at its zxid: `stat /b`.", "查看它的 `zxid`：`stat /b`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: stat /b",
            checks: &[Check::Console("c1", "cZxid = 0x100000003")],
            explanation: t!(
                "A zxid is 64 bits: the epoch in the high 32, a counter in the low 32 (`epoch << 32 | counter`). `0x100000003` is epoch 1, counter 3: 1 was c1's `createSession`, 2 was `/a`. A new leader starts a new epoch with its counter at 0, so zxids only grow.",
                "`zxid` 共 64 位：高 32 位是纪元，低 32 位是计数器（`epoch << 32 | counter`）。`0x100000003` 表示纪元 1、计数器 3：1 是 c1 的 `createSession`，2 是 `/a`。新群首开始一个新纪元，计数器从 0 重新开始，所以 `zxid` 只增不减。"
            ),
        },
    ],
};

pub const STALE_READ: Lesson = Lesson {
    id: "stale-read-sync",
    title: title!("15. A stale read, and sync", "15. 过时的读与同步"),
    intro: t!(
        "Every server answers reads from its own copy. A follower that lags behind the leader, or is cut off from it for a while, answers with old data; `sync` makes a read reflect every write before it.",
        "每台服务器都用自己的副本回答读请求。落后于群首、或暂时与群首断开的追随者会用旧数据回答；`sync` 能让读操作反映它之前的所有写操作。"
    ),
    setup: three!("session w server=1\nsession r server=2\nw: create /cfg old"),
    steps: &[
        Step {
            task: t!(
                "As r, connected to server 2, read: `get /cfg`.",
                "以 r 身份（它连接在服务器 2 上）读取：`get /cfg`。"
            ),
            focus: &[Focus::Console("r")],
            show_me: "r: get /cfg",
            checks: &[Check::Console("r", "get /cfg\nold")],
            explanation: t!(
                "r's server answered from its own tree, without asking the leader: reads never leave the server a client is connected to. That is why reads scale with the number of servers.",
                "r 的服务器用自己的节点树回答，没有询问群首：读请求从不离开客户端所连接的服务器。这就是读性能随服务器数量增长的原因。"
            ),
        },
        Step {
            task: t!(
                "Make server 2 a lagging follower: slow its links to the other servers (`delay server 2 1000`; its clients still reach it at once). Then, as w, `set /cfg mid`, and right after, as r, `get /cfg`.",
                "让服务器 2 成为一个落后的追随者：让它与其他服务器之间的链路变慢（`delay server 2 1000`；它的客户端仍能立即连到它）。然后以 w 身份执行 `set /cfg mid`，紧接着以 r 身份执行 `get /cfg`。"
            ),
            focus: &[Focus::Server(2), Focus::Console("r")],
            show_me: "delay server 2 1000\nw: set /cfg mid\nr: get /cfg",
            checks: &[
                Check::Data("/cfg", "mid"),
                Check::AnyConsole("get /cfg\nold", 2),
            ],
            explanation: t!(
                "`old`, after w's `set` had succeeded: a stale read. The leader and server 1 were a quorum, so the write committed and w had its answer while the `COMMIT` was still on its way to server 2. ZooKeeper does not promise that all clients see a write at the same moment; it promises one order of writes, and that a client never sees the state go back in time.",
                "在 w 的 `set` 成功之后读到了 `old`：这是一次过时的读。群首和服务器 1 已经构成仲裁，写操作提交、w 得到回复时，`COMMIT` 还在发往服务器 2 的路上。ZooKeeper 并不保证所有客户端在同一时刻看到一次写操作；它保证所有写操作只有一个顺序，并且一个客户端看到的状态永远不会倒退。"
            ),
        },
        Step {
            task: t!(
                "As r, ask for the latest before reading: `sync /`, then `get /cfg`.",
                "以 r 身份在读之前先要求同步到最新：`sync /`，然后 `get /cfg`。"
            ),
            focus: &[Focus::Console("r")],
            show_me: "r: sync /\nr: get /cfg",
            checks: &[Check::Console("r", "get /cfg\nmid")],
            explanation: t!(
                "`sync` travels to the leader and back behind every write committed before it, so when it returns, server 2 has applied them: the read that follows sees `mid`. It took a round trip on the slow link; that is the price, paid only by the reads that need it.",
                "`sync` 经由群首往返，排在它之前提交的所有写操作后面，所以它返回时，服务器 2 已经应用了这些写操作：随后的读看到了 `mid`。它在慢链路上走了一个来回；这是代价，只由需要它的读来承担。"
            ),
        },
        Step {
            task: t!(
                "Now worse than slow: end the delay (`delay server 2 0`), cut server 2 off from the other servers, not from its clients (`partition servers 2 | 1,3`), and as w `set /cfg new`.",
                "现在比变慢更糟：取消延迟（`delay server 2 0`），把服务器 2 与其他服务器隔开，但不隔开它的客户端（`partition servers 2 | 1,3`），然后以 w 身份执行 `set /cfg new`。"
            ),
            focus: &[Focus::Ring, Focus::Console("w")],
            show_me: "delay server 2 0\npartition servers 2 | 1,3\nw: set /cfg new",
            checks: &[Check::Data("/cfg", "new"), Check::Behind(2, 1)],
            explanation: t!(
                "Servers 1 and 3 are a quorum: the write commits and w's `set` returns. Server 2 no longer hears from the leader, but it gives up on it only after `syncLimit` ticks (10 s here); until then it goes on serving its clients.",
                "服务器 1 和 3 构成仲裁：写操作提交，w 的 `set` 返回。服务器 2 已经收不到群首的消息，但要在 `syncLimit` 个时钟周期（这里是 10 秒）之后才会放弃它；在此之前它继续为客户端服务。"
            ),
        },
        Step {
            task: t!("As r, read again: `get /cfg`.", "以 r 身份再读一次：`get /cfg`。"),
            focus: &[Focus::Console("r")],
            show_me: "r: get /cfg",
            checks: &[Check::AnyConsole("get /cfg\nmid", 2)],
            explanation: t!(
                "`mid`: stale again, and this time for as long as the partition lasts, up to `syncLimit`. Had w told r through another channel that the value is `new`, r would have been misled.",
                "`mid`：又是过时的读，而且这次会持续到分区结束，最多持续 `syncLimit`。如果 w 通过别的渠道告诉 r 值已经是 `new`，r 就会被误导。"
            ),
        },
        Step {
            task: t!(
                "Ask for the latest before reading: `sync /`.",
                "读之前先要求同步到最新：`sync /`。"
            ),
            focus: &[Focus::Console("r")],
            show_me: "r: sync /",
            checks: &[Check::Console("r", "ConnectionLoss")],
            explanation: t!(
                "Cut off, server 2 cannot reach the leader to sync: when `syncLimit` runs out it stops serving, and r gets `ConnectionLoss` — never a stale answer to a `sync`.",
                "被隔开的服务器 2 无法联系群首完成同步：`syncLimit` 用完后它停止服务，r 得到 `ConnectionLoss`——`sync` 绝不会给出过时的回答。"
            ),
        },
        Step {
            task: t!(
                "Heal server 2 (its partition button), then as r `sync /` and `get /cfg`.",
                "恢复服务器 2 的网络（它的隔离按钮），然后以 r 身份执行 `sync /` 和 `get /cfg`。"
            ),
            focus: &[
                Focus::ServerControl(2, ServerButton::Partition),
                Focus::Console("r"),
            ],
            show_me: "heal server 2\nwait server 2 follower\nr: sync /\nr: get /cfg",
            checks: &[Check::Console("r", "get /cfg\nnew")],
            explanation: t!(
                "Server 2 rejoined the leader and caught up (a `DIFF`); r re-attached its session. `sync` then read is how a client reads what others have written: use it when a read must reflect writes made elsewhere.",
                "服务器 2 重新加入群首并赶上了进度（一个 `DIFF`）；r 重新连上了它的会话。先 `sync` 再读，就是客户端读取其他客户端所写内容的方法：当一次读必须反映别处的写操作时，就这样做。"
            ),
        },
    ],
};

pub const LEADER_DIES: Lesson = Lesson {
    id: "leader-failover",
    title: title!("16. The leader dies", "16. 群首崩溃"),
    intro: t!(
        "Kill the leader while a client with an ephemeral node is connected to it: the session moves to another server, a new epoch begins, and nothing is lost.",
        "在一个拥有临时节点的客户端正连接着群首时杀掉群首：会话转移到另一台服务器，新的纪元开始，什么都没有丢失。"
    ),
    setup: concat!("seed 3\n", three!("session c1")),
    steps: &[
        Step {
            task: t!(
                "c1 happened to connect to the leader, server 3. Create an ephemeral znode: `create -e /worker busy`.",
                "c1 碰巧连接到了群首服务器 3。创建一个临时节点：`create -e /worker busy`。"
            ),
            focus: &[Focus::Console("c1"), Focus::Server(3)],
            show_me: "c1: create -e /worker busy",
            checks: &[Check::Exists("/worker"), Check::ConnectedTo("c1", 3)],
            explanation: t!(
                "c1's connect string lists all three servers and it picked one at random: clients connect to any server, the leader included. The leader writes directly: no `REQUEST` to forward.",
                "c1 的连接串列出了全部三台服务器，它随机选中了一台：客户端可以连接任何服务器，包括群首。群首直接处理写操作：不需要转发 `REQUEST`。"
            ),
        },
        Step {
            task: t!(
                "Crash the leader (its Crash button), then Deliver ▶ (or Play) through the election that follows.",
                "让群首崩溃（它卡片上的「崩溃」按钮），然后用「投递 ▶」（或播放）跟随随后的选举。"
            ),
            focus: &[Focus::ServerControl(3, ServerButton::Power), Focus::Ring],
            show_me: "server 3 crash stepwise\nwait server 2 leader\nwait server 1 follower",
            checks: &[Check::Mode(2, ServerMode::Leader), Check::Mode(1, ServerMode::Follower)],
            explanation: t!(
                "The followers lost their leader: they went LOOKING, dropping their clients, and elected again. Both had seen the same writes, so server 2, the higher myid, leads — in a new epoch, 2.",
                "追随者失去了群首：它们进入 `LOOKING` 状态，断开各自的客户端，重新选举。两者看到的写操作相同，所以 `myid` 较大的服务器 2 成为群首——在新的纪元 2 中。"
            ),
        },
        Step {
            task: t!(
                "Let a few seconds pass: c1 looks for another server.",
                "让时间过去几秒：c1 会寻找另一台服务器。"
            ),
            focus: &[Focus::Client("c1"), Focus::Node("/worker")],
            show_me: "sleep 3000",
            checks: &[Check::ConnectedTo("c1", 2), Check::Exists("/worker")],
            explanation: t!(
                "c1 tried the next server of its connect string and re-attached the same session (`Disconnected`, then `SyncConnected`): sessions belong to the ensemble, not to one server. Its ephemeral node survives: a new leader starts every session's timeout afresh.",
                "c1 尝试了连接串中的下一台服务器，并重新连上了同一个会话（先 `Disconnected`，再 `SyncConnected`）：会话属于整个集群，而不是某一台服务器。它的临时节点依然存在：新群首会为每个会话重新开始计算超时。"
            ),
        },
        Step {
            task: t!(
                "Write again: `create /after x`, then `stat /after`.",
                "再写一次：`create /after x`，然后 `stat /after`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create /after x\nc1: stat /after",
            checks: &[Check::Console("c1", "cZxid = 0x200000001")],
            explanation: t!(
                "The first write of epoch 2 has zxid `0x200000001`: the epoch in the high bits jumped and the counter started again. Every write of the old epoch sorts before it.",
                "纪元 2 的第一个写操作的 `zxid` 是 `0x200000001`：高位的纪元增加了，计数器重新开始。旧纪元的所有写操作都排在它前面。"
            ),
        },
        Step {
            task: t!(
                "Restart server 3 (its Restart button) and ask it: `srvr 3`.",
                "重新启动服务器 3（它卡片上的「重启」按钮），然后询问它：`srvr 3`。"
            ),
            focus: &[Focus::ServerControl(3, ServerButton::Power), Focus::Server(3)],
            show_me: "server 3 restart\nwait server 3 follower\nsrvr 3",
            checks: &[
                Check::Mode(3, ServerMode::Follower),
                Check::OnServer(3, "/after"),
                Check::Srvr(3, ServerMode::Follower),
            ],
            explanation: t!(
                "The old leader came back as a follower — the others told it of the established leader — and synced what it missed: `srvr` reports `Mode: follower` and zxid `0x200000001`. A leader is never restored just because it returns.",
                "原来的群首以追随者身份回来了——其他服务器告诉了它已经确立的群首——并同步了它错过的内容：`srvr` 报告 `Mode: follower`，`zxid` 为 `0x200000001`。群首回来并不会让它恢复群首身份。"
            ),
        },
    ],
};

pub const MINORITY: Lesson = Lesson {
    id: "minority-partition",
    title: title!("17. A partition's minority side stops", "17. 网络分区中的少数派停止服务"),
    intro: t!(
        "Split the ensemble with the leader on the small side: the majority elects a new leader and goes on; the minority stops serving until the partition heals.",
        "把集群分成两部分，群首在少的一边：多数派选出新群首继续工作；少数派停止服务，直到分区恢复。"
    ),
    setup: three!("session c1 server=1\nsession c3 server=3\nc1: create /p 1"),
    steps: &[
        Step {
            task: t!(
                "Split the network: servers 1 and 2 on one side, server 3 — the leader — alone (`partition servers 1,2 | 3`).",
                "分割网络：服务器 1 和 2 在一边，群首服务器 3 单独在另一边（`partition servers 1,2 | 3`）。"
            ),
            focus: &[Focus::Ring, Focus::EventLog],
            show_me: "partition servers 1,2 | 3\nwait server 3 not serving\nwait server 2 leader",
            checks: &[Check::Mode(2, ServerMode::Leader), Check::Mode(3, ServerMode::NotServing)],
            explanation: t!(
                "The followers heard nothing from their leader for `syncLimit` ticks and gave it up; two of three, they elected server 2, in epoch 2. Server 3 lost its quorum of followers, so it stepped down and went LOOKING: alone it cannot win an election.",
                "追随者在 `syncLimit` 个时钟周期内没有收到群首的任何消息，于是放弃了它；它们是三台中的两台，选出了服务器 2，纪元为 2。服务器 3 失去了追随者构成的仲裁，于是退位并进入 `LOOKING` 状态：仅凭自己它无法赢得选举。"
            ),
        },
        Step {
            task: t!(
                "On the majority side, as c1: `set /p 2`.",
                "在多数派一边，以 c1 身份执行：`set /p 2`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: set /p 2",
            checks: &[Check::Data("/p", "2")],
            explanation: t!(
                "The majority goes on: server 1 follows the new leader, c1 re-attached its session there (`Disconnected`, then `SyncConnected`) and the write commits on servers 1 and 2.",
                "多数派继续工作：服务器 1 跟随新群首，c1 在那里重新连上了它的会话（先 `Disconnected`，再 `SyncConnected`），写操作在服务器 1 和 2 上提交。"
            ),
        },
        Step {
            task: t!(
                "On the minority side, as c3: `get /p`.",
                "在少数派一边，以 c3 身份执行：`get /p`。"
            ),
            focus: &[Focus::Console("c3"), Focus::Server(3)],
            show_me: "c3: get /p",
            checks: &[
                Check::Console("c3", "ConnectionLoss"),
                Check::State("c3", ClientState::Disconnected),
            ],
            explanation: t!(
                "Server 3 serves nothing without a quorum: c3 is `Disconnected` and even its read fails with `ConnectionLoss`. The minority stops rather than answer from a copy that may already be stale: ZooKeeper chooses consistency over availability.",
                "没有仲裁的服务器 3 不提供任何服务：c3 处于 `Disconnected` 状态，连读操作也以 `ConnectionLoss` 失败。少数派宁可停止，也不用可能已经过时的副本来回答：ZooKeeper 选择一致性而不是可用性。"
            ),
        },
        Step {
            task: t!(
                "Heal server 3 (its partition button).",
                "恢复服务器 3 的网络（它的隔离按钮）。"
            ),
            focus: &[Focus::ServerControl(3, ServerButton::Partition), Focus::Ring],
            show_me: "heal server 3\nwait server 3 follower",
            checks: &[Check::Mode(3, ServerMode::Follower), Check::OnServer(3, "/p")],
            explanation: t!(
                "Server 3 hears the others again; they answer its votes with the established leader, 2, so it follows, in epoch 2, and syncs the writes it missed.",
                "服务器 3 又能听到其他服务器了；它们用已经确立的群首 2 来回应它的选票，于是它在纪元 2 中成为追随者，并同步它错过的写操作。"
            ),
        },
        Step {
            task: t!("As c3, read again: `get /p`.", "以 c3 身份再读一次：`get /p`。"),
            focus: &[Focus::Console("c3")],
            show_me: "c3: get /p",
            checks: &[Check::Console("c3", "get /p\n2")],
            explanation: t!(
                "c3 re-attached its session — its 30 s timeout had not run out — and reads the new value from server 3, now caught up. Had the partition outlasted the timeout, the new leader would have expired c3's session, and its ephemeral nodes with it.",
                "c3 重新连上了它的会话——30 秒的超时还没有用完——并从已经赶上进度的服务器 3 读到了新值。如果分区持续得比超时更久，新群首就会让 c3 的会话过期，连同它的临时节点一起删除。"
            ),
        },
    ],
};
