//! Lessons 18–20: the recipes on a replicated ZooKeeper — a lock whose holder's server dies,
//! ZooKeeper's leader against the application's master, and a double master that the real
//! election recipe and one partition make.

use super::{
    t, three, title, CardButton, Check, Control, Focus, Lesson, ServerButton, StatusLine, Step,
    Text,
};
use crate::script::ensemble_lines::ServerMode;
use crate::sim::ClientState;

pub const LOCK_SERVER_DIES: Lesson = Lesson {
    id: "lock-server-dies",
    title: title!("18. The lock holder's server dies", "18. 持锁者所连的服务器宕机"),
    intro: t!(
        "A lock on a replicated ZooKeeper: three clients, each connected to a server of its own. Crash the server the holder is connected to: its session moves, its lock stays, and nobody else takes it.",
        "在复制的 ZooKeeper 上使用锁：三个客户端，各自连接一台服务器。让持锁者所连的服务器崩溃：它的会话转移到别的服务器，锁仍然归它，也没有别人拿到锁。"
    ),
    setup: three!(""),
    steps: &[
        Step {
            task: t!(
                "Start lock on /locks/printer with 3 clients, holding 60000 ms.",
                "在 `/locks/printer` 上启动「锁」，3 个客户端，持有 60000 ms。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe lock /locks/printer on c1,c2,c3 hold=60000",
            checks: &[
                Check::AnyStatus(StatusLine::Holds("/locks/printer/…"), 1),
                Check::AnyStatus(StatusLine::WaitsFor, 2),
            ],
            explanation: t!(
                "Each client shuffled its connect string and connected to one server (its card says which): c1 and c2 to server 2, c3 to server 3. Their lock nodes were written through the leader and are in every server's tree. c3's node is the lowest: c3 holds the lock, c2 waits behind it, c1 behind c2.",
                "每个客户端都打乱了自己的连接串，连接到其中一台服务器（卡片上写着是哪台）：c1 和 c2 连接服务器 2，c3 连接服务器 3。它们的锁节点都经由群首写入，存在于每台服务器的节点树中。c3 的节点编号最小：c3 持有锁，c2 排在它后面等待，c1 排在 c2 后面。"
            ),
        },
        Step {
            task: t!(
                "c3 holds the lock through server 3, which is also ZooKeeper's leader. Crash server 3 (its Crash button).",
                "c3 通过服务器 3 持有锁，而服务器 3 也是 ZooKeeper 的群首。让服务器 3 崩溃（它卡片上的「崩溃」按钮）。"
            ),
            focus: &[
                Focus::ServerControl(3, ServerButton::Power),
                Focus::Client("c3"),
            ],
            show_me: "server 3 crash",
            checks: &[Check::Mode(3, ServerMode::NotServing)],
            explanation: t!(
                "c3's connection broke with the server. Servers 1 and 2 lost their leader and elect a new one; until then nobody serves, so c1 and c2 are disconnected too. c3 cannot know yet whether its session survives, so the recipe must treat the lock as lost while disconnected (Curator's SUSPENDED state): it stops using the printer.",
                "c3 的连接随服务器一起断了。服务器 1 和 2 失去了群首，开始选举新的群首；在此之前没有服务器提供服务，所以 c1 和 c2 也断开了。c3 还不知道自己的会话能否保住，所以在断开期间，配方必须把锁当作已经失去（即“挂起”状态）：它停止使用打印机。"
            ),
        },
        Step {
            task: t!("Let 5 s pass (+1 s, five times).", "让 5 秒过去（点五次「+1 秒」）。"),
            focus: &[Focus::Client("c3"), Focus::RecipeBoard],
            show_me: "tick 5000",
            checks: &[
                Check::EpochAtLeast(2),
                Check::State("c3", ClientState::SyncConnected),
                Check::AnyStatus(StatusLine::Holds("/locks/printer/…"), 2),
            ],
            explanation: t!(
                "Server 2 leads epoch 2. c3 tried the next server of its connect string and re-attached the same session: a session belongs to the ensemble (the leader keeps it), not to one server. Its lock node, an ephemeral of that session, stayed; the recipe listed the children again, found its node still the lowest, and holds the lock again. The waiters never saw a `NodeDeleted`: nobody else took the lock.",
                "服务器 2 成为纪元 2 的群首。c3 尝试了连接串中的下一台服务器，重新连上了原来的会话：会话属于整个集群（由群首维护），而不属于某一台服务器。它的锁节点是这个会话的临时节点，仍然存在；配方重新列出子节点，发现自己的节点仍然编号最小，于是重新持有锁。等待者从未收到 `NodeDeleted`：没有别人拿到锁。"
            ),
        },
        Step {
            task: t!(
                "Now the holder's process dies: Crash on c3's card, then let 35 s pass.",
                "现在让持锁者的进程死掉：点 c3 卡片上的「崩溃」，然后让 35 秒过去。"
            ),
            focus: &[Focus::Card("c3", CardButton::Crash), Focus::RecipeBoard],
            show_me: "crash c3\ntick 35000",
            checks: &[Check::Status("c2", StatusLine::Holds("/locks/printer/…"))],
            explanation: t!(
                "A dead process sends no pings: 30 s later the leader expired c3's session, the lock node went with it, and c2, watching exactly that node, took the lock. A server's death costs the holder a reconnect; its own death costs its session, and the lock.",
                "死掉的进程不再发送心跳：30 秒后群首让 c3 的会话过期，锁节点随之删除，正好监视着这个节点的 c2 拿到了锁。服务器宕机只让持锁者重连一次；持锁者自己的进程死掉，才会失去会话，也就失去了锁。"
            ),
        },
        Step {
            task: t!(
                "Restart server 3 and let 2 s pass (+1 s, twice).",
                "重新启动服务器 3，让 2 秒过去（点两次「+1 秒」）。"
            ),
            focus: &[Focus::ServerControl(3, ServerButton::Power), Focus::Ring],
            show_me: "server 3 restart\ntick 2000",
            checks: &[Check::Mode(3, ServerMode::Follower), Check::OnServer(3, "/locks/printer")],
            explanation: t!(
                "Server 3 comes back as a follower of server 2, though its myid is the highest: an established leader keeps leading. It synchronised with the leader before serving, so its tree shows the lock as it is now, c2's node first.",
                "服务器 3 回来后成为服务器 2 的追随者，尽管它的编号最大：已经确立的群首会继续担任群首。它在提供服务之前先与群首同步，所以它的节点树显示的是锁现在的样子，c2 的节点排在最前面。"
            ),
        },
    ],
};

pub const TWO_LEADERS: Lesson = Lesson {
    id: "two-leaders",
    title: title!("19. Two leaders, two meanings", "19. 两种「群首」，两种含义"),
    intro: t!(
        "ZooKeeper elects a leader among its servers; an application elects a master among its clients, through znodes. The two change independently: crash one, then the other.",
        "ZooKeeper 在它的服务器之间选出群首；应用程序通过 znode 在它的客户端之间选出主节点。两者各自变化、互不影响：先让一个崩溃，再让另一个崩溃。"
    ),
    setup: three!(""),
    steps: &[
        Step {
            task: t!(
                "Start election on /election with 3 clients, holding 0 ms (a master never resigns).",
                "在 `/election` 上启动「选举」，3 个客户端，持有 0 ms（主节点永不主动退位）。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe election /election on c1,c2,c3 hold=0",
            checks: &[Check::AnyStatus(StatusLine::LeaderOf("/election/…"), 1)],
            explanation: t!(
                "c3 created the lowest sequential node under `/election`: it is the application's master. c1 watches c3's node, c2 watches c1's.",
                "c3 在 `/election` 下创建了编号最小的有序节点：它是应用程序的主节点。c1 监视 c3 的节点，c2 监视 c1 的节点。"
            ),
        },
        Step {
            task: t!(
                "Ask ZooKeeper who leads it: `srvr 3` in c1's console. Then ask who is the application's master: `ls /election`.",
                "问问 ZooKeeper 谁是它的群首：在 c1 的控制台输入 `srvr 3`。再问问谁是应用程序的主节点：`ls /election`。"
            ),
            focus: &[Focus::Console("c1"), Focus::Server(3)],
            show_me: "srvr 3\nc1: ls /election",
            checks: &[
                Check::Mode(3, ServerMode::Leader),
                Check::Console("c1", "ls /election\n["),
            ],
            explanation: t!(
                "`Mode: leader`: server 3 orders every write of the ensemble (Zab). The lowest node under `/election` is c3's: c3 is master. Two elections at two layers: ZooKeeper's own among its servers (Fast Leader Election, by votes), the application's among its clients (by znodes, on top of ZooKeeper). Here c3 is both connected to server 3 and master — a coincidence, not a rule.",
                "`Mode: leader`：服务器 3 为整个集群的每个写操作排序（原子广播）。`/election` 下编号最小的节点属于 c3：c3 是主节点。这是两个层次上的两次选举：ZooKeeper 自己在服务器之间的选举（快速群首选举，靠投票），以及应用程序在客户端之间的选举（靠 znode，建立在 ZooKeeper 之上）。这里 c3 恰好既连接服务器 3 又是主节点——这是巧合，不是规律。"
            ),
        },
        Step {
            task: t!(
                "Crash ZooKeeper's leader, server 3, then let 5 s pass.",
                "让 ZooKeeper 的群首服务器 3 崩溃，然后让 5 秒过去。"
            ),
            focus: &[Focus::ServerControl(3, ServerButton::Power), Focus::RecipeBoard],
            show_me: "server 3 crash\ntick 5000",
            checks: &[
                Check::Mode(2, ServerMode::Leader),
                Check::State("c3", ClientState::SyncConnected),
                Check::AnyStatus(StatusLine::LeaderOf("/election/…"), 2),
            ],
            explanation: t!(
                "ZooKeeper's leader changed: server 2 leads epoch 2 (every client was disconnected meanwhile, as no server served). The application's master did not: c3's session moved to another server, its node stayed, and once reconnected the recipe found its node still the lowest (it had to stop acting as master while disconnected).",
                "ZooKeeper 的群首变了：服务器 2 成为纪元 2 的群首（其间没有服务器提供服务，所有客户端都断开过）。应用程序的主节点没有变：c3 的会话转移到另一台服务器，它的节点还在；重新连上之后，配方发现自己的节点仍然编号最小（断开期间它必须停止履行主节点职责）。"
            ),
        },
        Step {
            task: t!(
                "Now crash the application's master: Crash on c3's card, then let 35 s pass.",
                "现在让应用程序的主节点崩溃：点 c3 卡片上的「崩溃」，然后让 35 秒过去。"
            ),
            focus: &[Focus::Card("c3", CardButton::Crash), Focus::RecipeBoard],
            show_me: "crash c3\ntick 35000",
            checks: &[
                Check::Status("c1", StatusLine::LeaderOf("/election/…")),
                Check::Mode(2, ServerMode::Leader),
            ],
            explanation: t!(
                "The application's master changed: c3's session expired, its node went, and c1, watching it, is master. ZooKeeper's leader did not: server 2 still leads epoch 2, and no vote was cast. Neither election knows of the other.",
                "应用程序的主节点变了：c3 的会话过期，它的节点被删除，监视着它的 c1 成为主节点。ZooKeeper 的群首没有变：服务器 2 仍然是纪元 2 的群首，没有发生任何投票。两次选举互不知晓。"
            ),
        },
        Step {
            task: t!(
                "Restart server 3 and let 2 s pass (+1 s, twice).",
                "重新启动服务器 3，让 2 秒过去（点两次「+1 秒」）。"
            ),
            focus: &[Focus::ServerControl(3, ServerButton::Power), Focus::Ring],
            show_me: "server 3 restart\ntick 2000",
            checks: &[Check::Mode(3, ServerMode::Follower)],
            explanation: t!(
                "Server 3 follows server 2: a server joining a serving ensemble follows its leader, whatever its myid. An application master that comes back does the same: it creates a new node at the end of the line and waits its turn.",
                "服务器 3 跟随服务器 2：加入正在服务的集群的服务器会跟随现有群首，不论它的编号多大。回来的应用程序主节点也是一样：它在队尾创建一个新节点，等着轮到自己。"
            ),
        },
    ],
};

pub const PARTITIONED_MASTER: Lesson = Lesson {
    id: "partitioned-master",
    title: title!("20. Case: a double master from a partition", "20. 案例：网络分区造成两个主节点"),
    intro: t!(
        "The election recipe, a session timeout shorter than `syncLimit`, and one partition: the old master's server keeps serving it, and it never hears that it lost.",
        "选举配方、一个比 `syncLimit` 更短的会话超时，再加上一次网络分区：旧主节点所连的服务器继续为它服务，它永远听不到自己已经落选的消息。"
    ),
    setup: three!("session c1 timeout=4000 server=2\nsession c2 server=3\nrecipe election /election on c1 hold=0\ntick 500\nrecipe election /election on c2 hold=0\ntick 500"),
    steps: &[
        Step {
            task: t!(
                "c1 is master (the board); its session, with a 4 s timeout, is on server 2. As c2, look: `ls /election`.",
                "c1 是主节点（见看板）；它的会话超时为 4 秒，连接在服务器 2 上。以 c2 身份查看：`ls /election`。"
            ),
            focus: &[Focus::Console("c2"), Focus::RecipeBoard],
            show_me: "c2: ls /election",
            checks: &[Check::Console("c2", "[c1-n-0000000000, c2-n-0000000001]")],
            explanation: t!(
                "Two candidates: c1's node is first, so c1 is master; c2 watches c1's node.",
                "两个候选者：c1 的节点排在最前面，所以 c1 是主节点；c2 监视 c1 的节点。"
            ),
        },
        Step {
            task: t!(
                "Cut server 2 off from the other servers, but not from its clients: type `partition servers 2 | 1,3` in c2's console. Let 6 s pass.",
                "把服务器 2 与其他服务器隔开，但不隔开它的客户端：在 c2 的控制台输入 `partition servers 2 | 1,3`。让 6 秒过去。"
            ),
            focus: &[Focus::Console("c2"), Focus::RecipeBoard],
            show_me: "partition servers 2 | 1,3\ntick 6000",
            checks: &[Check::Violation, Check::Mode(2, ServerMode::Follower)],
            explanation: t!(
                "Server 2 still answers c1's pings, but it can no longer tell the leader that c1 is alive. After 4 s the leader expired c1's session and deleted its node; c2 was told and became master. c1, still connected, heard nothing: it still believes it is master. Two masters — the monitor says so. Nothing was hand-made: the real recipe and one partition.",
                "服务器 2 仍在回应 c1 的心跳，但它已经无法告诉群首 c1 还活着。4 秒后群首让 c1 的会话过期，删除了它的节点；c2 收到通知，成为主节点。c1 仍然连着，什么也没听到：它仍然相信自己是主节点。出现了两个主节点——监视器报告了这一点。没有任何人为安排：只是真实的配方加上一次分区。"
            ),
        },
        Step {
            task: t!(
                "Ask the two sides: `srvr 2`, and as c2 `ls /election`.",
                "分别问问两边：`srvr 2`，再以 c2 身份执行 `ls /election`。"
            ),
            focus: &[Focus::Console("c2"), Focus::Server(2)],
            show_me: "srvr 2\nc2: ls /election",
            checks: &[Check::Console("c2", "[c2-n-0000000001]")],
            explanation: t!(
                "Server 2 says `Mode: follower` and keeps serving from a tree that stopped at the partition, where c1's node is still first. The quorum's tree has only c2's node. Server 2 gives up on its leader only after `syncLimit` ticks (10 × 2 s here): longer than c1's 4 s session.",
                "服务器 2 说 `Mode: follower`，并继续用停在分区那一刻的节点树提供服务，在那里 c1 的节点仍然排在最前面。仲裁一方的节点树里只有 c2 的节点。服务器 2 要等 `syncLimit` 个时钟周期（这里是 10 × 2 秒）之后才放弃它的群首：比 c1 的 4 秒会话更长。"
            ),
        },
        Step {
            task: t!("Let 15 s pass.", "让 15 秒过去。"),
            focus: &[Focus::Client("c1"), Focus::Ring],
            show_me: "tick 15000",
            checks: &[
                Check::Mode(2, ServerMode::NotServing),
                Check::Status("c1", StatusLine::DisconnectedLost("/election")),
            ],
            explanation: t!(
                "Twenty seconds without its leader: server 2 gave up, went LOOKING, and closed its clients' connections. Only now is c1 `Disconnected`, and only now does the recipe stop acting as master — some 15 s after c2 started.",
                "二十秒没有群首的消息：服务器 2 放弃了，重新开始选举，并关闭了客户端连接。直到这时 c1 才 `Disconnected`，配方也直到这时才停止履行主节点职责——这时 c2 已经当了大约 15 秒的主节点。"
            ),
        },
        Step {
            task: t!(
                "Heal the partition: `heal server 2`. Let 5 s pass.",
                "恢复网络：`heal server 2`。让 5 秒过去。"
            ),
            focus: &[Focus::Console("c2"), Focus::Client("c1")],
            show_me: "heal server 2\ntick 5000",
            checks: &[Check::State("c1", ClientState::Expired), Check::Mode(2, ServerMode::Follower)],
            explanation: t!(
                "c1 reached a server of the quorum and learned `Expired`. The fixes: a session timeout longer than `syncLimit` × tickTime, so a cut-off server stops serving (and its clients hear `Disconnected`) before their sessions can expire; and fencing — every master write checks a znode that each new master changes, so a replaced master's writes fail whatever it believes.",
                "c1 连上了仲裁一方的服务器，得知 `Expired`。修复方法：让会话超时长于 `syncLimit` 个时钟周期，这样被隔开的服务器会先停止服务（它的客户端收到 `Disconnected`），会话才可能过期；再加上防护——主节点的每次写操作都检查一个由每任新主节点修改的 znode，这样被取代的主节点无论自己怎么认为，写操作都会失败。"
            ),
        },
    ],
};
