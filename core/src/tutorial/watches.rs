//! Lessons 4–6: watches and publish/subscribe (the seed's configuration scenario), sequential
//! nodes as a naming service, and multi.

use super::{t, title, Check, Control, Focus, Lesson, StatusLine, Step, Text};

pub const WATCHES_PUBSUB: Lesson = Lesson {
    id: "watches-pubsub",
    title: title!("4. Watches and publish/subscribe", "4. 监视点与发布/订阅"),
    intro: t!(
        "A watch is a one-time trigger the server fires when a znode changes. The seed's three rules of watches, then its configuration scenario: work servers watch /app/config, a manage server publishes it.",
        "监视点是一个一次性触发器，znode 发生变化时由服务器触发。先看种子文档里关于监视点的三条规则，再运行它的配置场景：工作服务器监视 `/app/config`，管理服务器发布它。"
    ),
    setup: "session c1\nsession c2",
    steps: &[
        Step {
            task: t!(
                "As c2, watch a node that does not exist yet: `stat -w /config`.",
                "以 c2 身份监视一个还不存在的节点：`stat -w /config`。"
            ),
            focus: &[Focus::Console("c2")],
            show_me: "c2: stat -w /config",
            checks: &[Check::Watching("c2", "/config")],
            explanation: t!(
                "A watch can be set before the node exists: `stat` (the `exists` call) on a missing path leaves an exist watch, which fires when the node is created.",
                "监视点可以在节点创建之前设置：对不存在的路径执行 `stat`（即 `exists` 调用）会留下一个存在性监视点，节点被创建时它就会触发。"
            ),
        },
        Step {
            task: t!(
                "As c1, create it: `create /config v1`.",
                "以 c1 身份创建它：`create /config v1`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create /config v1",
            checks: &[Check::Console("c2", "type:NodeCreated path:/config")],
            explanation: t!(
                "c1's create fired c2's watch: the server sent c2 a notification, which it received as the event `NodeCreated` for `/config`. A watch set by one client fires on another client's change. The event carries no data: c2 must read `/config` to learn what it holds.",
                "c1 的创建操作触发了 c2 的监视点：服务器给 c2 发送了一条通知，c2 收到的事件是 `/config` 的 `NodeCreated`。一个客户端设置的监视点会因另一个客户端的修改而触发。事件本身不带数据：c2 必须读取 `/config` 才能知道它的内容。"
            ),
        },
        Step {
            task: t!(
                "As c2, read it and watch its data: `get -w /config`.",
                "以 c2 身份读取它并监视它的数据：`get -w /config`。"
            ),
            focus: &[Focus::Console("c2")],
            show_me: "c2: get -w /config",
            checks: &[Check::Watching("c2", "/config")],
            explanation: t!(
                "`get -w` returns the data and leaves a data watch. Watches are one-shot: the one that fired is gone, so a client that follows a node reads it again with a new watch each time.",
                "`get -w` 返回数据，并留下一个数据监视点。监视点是一次性的：已经触发的那个不再存在，所以想持续关注某个节点的客户端，每次都要带着新的监视点重新读取它。"
            ),
        },
        Step {
            task: t!(
                "As c1, publish a new version: `set /config v2`.",
                "以 c1 身份发布新版本：`set /config v2`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: set /config v2",
            checks: &[Check::Console("c2", "type:NodeDataChanged path:/config")],
            explanation: t!(
                "c2's data watch fired `NodeDataChanged`. This is publish/subscribe: the publisher writes a znode, every subscriber holding a watch hears of it, reads it again and sets a new watch.",
                "c2 的数据监视点触发了 `NodeDataChanged`。这就是发布/订阅：发布者写入一个 znode，每个持有监视点的订阅者都会收到通知，然后重新读取并设置新的监视点。"
            ),
        },
        Step {
            task: t!(
                "As c1, change it once more: `set /config v3`. This time c2 hears nothing.",
                "以 c1 身份再修改一次：`set /config v3`。这一次 c2 什么也收不到。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: set /config v3",
            checks: &[Check::Data("/config", "v3")],
            explanation: t!(
                "No event for c2: its watch fired already and it has not set a new one. Between a notification and its next read a client can miss changes, but never the latest state, because it reads the data as it is now.",
                "c2 没有收到事件：它的监视点已经触发过，而它还没有设置新的。在收到通知到下一次读取之间，客户端可能错过若干次变化，但不会错过最新状态，因为它读到的总是当前的数据。"
            ),
        },
        Step {
            task: t!(
                "The seed's scenario: with the Recipes form start config-worker on /app with 2 clients (the work servers).",
                "种子文档的场景：用「协调配方」表单在 `/app` 上启动「配置：工作服务器」，2 个客户端。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe config-worker /app on c3,c4",
            checks: &[Check::Children("/app/servers", 2)],
            explanation: t!(
                "Each work server registered an ephemeral node under `/app/servers` and set a watch on `/app/config`, which does not exist yet: they wait for a configuration.",
                "每个工作服务器都在 `/app/servers` 下注册了一个临时节点，并在 `/app/config` 上设置了监视点，而它此时还不存在：它们在等待配置。"
            ),
        },
        Step {
            task: t!(
                "Start config-manager on /app with 1 client (the manage server) and let a few seconds pass.",
                "在 `/app` 上启动「配置：管理服务器」，1 个客户端，再让时间过去几秒。"
            ),
            focus: &[Focus::RecipeBoard],
            show_me: "recipe config-manager /app on c5\ntick 3000",
            checks: &[Check::AnyStatus(StatusLine::RunsWithConfig("db=v5", 4), 2)],
            explanation: t!(
                "The manage server watched `/app/servers` and published five versions of `/app/config`. After each notification every work server read the new configuration and set its watch again, so each runs with the last version.",
                "管理服务器监视 `/app/servers`，并发布了五个版本的 `/app/config`。每次收到通知后，每个工作服务器都读取新的配置并重新设置监视点，所以它们都运行在最后一个版本上。"
            ),
        },
    ],
};

pub const SEQUENTIAL: Lesson = Lesson {
    id: "sequential",
    title: title!("5. Sequential nodes: a naming service", "5. 有序节点：命名服务"),
    intro: t!(
        "`create -s` appends a ten-digit number from the parent's counter: unique and increasing names, the basis of names, queues and locks.",
        "`create -s` 会在名称后追加一个来自父节点计数器的十位数字：唯一且递增的名字，这是命名服务、队列和锁的基础。"
    ),
    setup: "session c1",
    steps: &[
        Step {
            task: t!("Create the parent: `create /names \"\"`.", "创建父节点：`create /names \"\"`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create /names \"\"",
            checks: &[Check::Exists("/names")],
            explanation: t!(
                "A plain parent. Its `cversion` counts the changes to its children; sequential children take their numbers from it.",
                "一个普通的父节点。它的 `cversion` 记录子节点变化的次数；有序子节点的编号就来自它。"
            ),
        },
        Step {
            task: t!("Create a sequential child: `create -s /names/id- x`.", "创建一个有序子节点：`create -s /names/id- x`。"),
            focus: &[Focus::Node("/names")],
            show_me: "c1: create -s /names/id- x",
            checks: &[Check::Exists("/names/id-0000000000")],
            explanation: t!(
                "The server appended the parent's counter as ten digits: `id-0000000000`. The server applies requests one at a time, so even when many clients create at once, no two get the same number.",
                "服务器把父节点的计数器以十位数字追加到名称后面：`id-0000000000`。服务器逐个执行请求，所以即使许多客户端同时创建，也不会有两个得到相同的编号。"
            ),
        },
        Step {
            task: t!("Once more: `create -s /names/id- x`.", "再来一次：`create -s /names/id- x`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create -s /names/id- x",
            checks: &[Check::Exists("/names/id-0000000001")],
            explanation: t!(
                "The next number. The order of the numbers is the order in which the server applied the creates, the one order every client sees.",
                "得到下一个编号。编号的顺序就是服务器执行这些创建操作的顺序，也是每个客户端看到的同一个顺序。"
            ),
        },
        Step {
            task: t!(
                "Delete the first and create another: `delete /names/id-0000000000`, then `create -s /names/id- x`.",
                "删除第一个，再创建一个：`delete /names/id-0000000000`，然后 `create -s /names/id- x`。"
            ),
            focus: &[Focus::Node("/names/id-0000000000")],
            show_me: "c1: delete /names/id-0000000000\nc1: create -s /names/id- x",
            checks: &[
                Check::Missing("/names/id-0000000000"),
                Check::Exists("/names/id-0000000002"),
            ],
            explanation: t!(
                "`id-0000000002`: the number comes from the parent's counter, not from how many children it has now, and the counter only goes up. A number once given is never given again, even after its node is deleted.",
                "得到的是 `id-0000000002`：编号来自父节点的计数器，而不是它现在有几个子节点，而且计数器只增不减。一个编号发出后就不会再发给别人，即使对应的节点已被删除。"
            ),
        },
        Step {
            task: t!(
                "Make an ephemeral sequential node: `create -e -s /names/worker- c1`.",
                "创建一个临时有序节点：`create -e -s /names/worker- c1`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create -e -s /names/worker- c1",
            checks: &[Check::Exists("/names/worker-0000000003")],
            explanation: t!(
                "`-e -s` together: unique, ordered and tied to the session. A name's prefix does not matter to the counter, which is shared by all children. This pair is what locks, elections and queues are built from.",
                "`-e -s` 一起使用：唯一、有序，并且与会话绑定。名称的前缀与计数器无关，计数器由所有子节点共享。锁、选举和队列正是用这两个选项组合搭建起来的。"
            ),
        },
        Step {
            task: t!("List them: `ls /names`.", "列出它们：`ls /names`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: ls /names",
            checks: &[Check::Console("c1", "worker-0000000003]")],
            explanation: t!(
                "Every client sees the same names. A recipe sorts them by their sequence number to find the lowest: the lock holder, the leader, the head of the queue.",
                "每个客户端看到的名字都一样。协调配方按编号对它们排序，找出最小的那个：持锁者、领导者或队首。"
            ),
        },
    ],
};

pub const MULTI: Lesson = Lesson {
    id: "multi",
    title: title!("6. Multi: atomic transactions", "6. `multi`：原子事务"),
    intro: t!(
        "A `multi` applies all its operations or none. With a version check inside it is a compare-and-set over several znodes.",
        "`multi` 中的操作要么全部生效，要么全部不生效。在其中加入版本检查，就能对多个 znode 做比较并设置。"
    ),
    setup: "session c1",
    steps: &[
        Step {
            task: t!("Create /m: `create /m 0`.", "创建 `/m`：`create /m 0`。"),
            focus: &[Focus::Console("c1")],
            show_me: "c1: create /m 0",
            checks: &[Check::Exists("/m")],
            explanation: t!(
                "A plain node at `dataVersion` 0, to guard with a check.",
                "一个 `dataVersion` 为 0 的普通节点，下面用版本检查来保护它。"
            ),
        },
        Step {
            task: t!(
                "Run a multi in the console: `multi`, then `check /m 0`, `set /m changed` and `end`, each on its own line.",
                "在控制台中执行一个 `multi`：依次输入 `multi`、`check /m 0`、`set /m changed` 和 `end`，每行一个。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: multi\n  check /m 0\n  set /m changed\nend",
            checks: &[Check::Data("/m", "changed")],
            explanation: t!(
                "The check passed, so the set applied: both operations are one transaction with one `zxid`. `check` writes nothing; it only makes the transaction fail if the version differs.",
                "检查通过，所以 `set` 生效了：两个操作属于同一个事务，只有一个 `zxid`。`check` 本身不写任何东西，只在版本不符时让整个事务失败。"
            ),
        },
        Step {
            task: t!(
                "The same again, now stale: `multi`, `check /m 0`, `set /m again`, `end`.",
                "再执行一次同样的操作，此时版本已过期：`multi`、`check /m 0`、`set /m again`、`end`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: multi\n  check /m 0\n  set /m again\nend",
            checks: &[Check::Console("c1", "BadVersion")],
            explanation: t!(
                "`/m` is at version 1 now, so the check failed with `BadVersion` and the set was not applied either: `/m` still reads `changed`.",
                "`/m` 现在的版本是 1，所以检查以 `BadVersion` 失败，`set` 也没有生效：`/m` 的数据仍然是 `changed`。"
            ),
        },
        Step {
            task: t!(
                "Create two nodes in one multi: `multi`, `create /m/a 1`, `create /m/b 2`, `end`.",
                "在一个 `multi` 中创建两个节点：`multi`、`create /m/a 1`、`create /m/b 2`、`end`。"
            ),
            focus: &[Focus::Console("c1")],
            show_me: "c1: multi\n  create /m/a 1\n  create /m/b 2\nend",
            checks: &[Check::Exists("/m/b")],
            explanation: t!(
                "Both appeared together: no client could ever see `/m/a` without `/m/b`. A master assigning a task and recording it does exactly this.",
                "两个节点同时出现：任何客户端都不可能看到只有 `/m/a` 而没有 `/m/b` 的状态。主节点分配任务并同时记录分配情况，用的正是这种方式。"
            ),
        },
        Step {
            task: t!(
                "A multi that fails half-way: `multi`, `create /m/c 3`, `create /m/a 1`, `end`.",
                "一个中途失败的 `multi`：`multi`、`create /m/c 3`、`create /m/a 1`、`end`。"
            ),
            focus: &[Focus::Node("/m")],
            show_me: "c1: multi\n  create /m/c 3\n  create /m/a 1\nend",
            checks: &[Check::Console("c1", "NodeExists"), Check::Missing("/m/c")],
            explanation: t!(
                "The second create failed (`NodeExists`), so the first, which would have succeeded alone, was not applied either: `/m/c` does not exist. All or nothing.",
                "第二个创建失败了（`NodeExists`），所以第一个创建虽然单独执行会成功，也没有生效：`/m/c` 并不存在。要么全部，要么全不。"
            ),
        },
    ],
};
