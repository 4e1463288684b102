//! Lesson 21: "can this lock ever fail?" — find a failure of the unfenced lock with a search,
//! load the shortest failing script into the timeline, turn fencing on, search again and find
//! none, and see why.

use super::{t, title, CardButton, Check, Control, Focus, Lesson, StatusLine, Step, Text};
use crate::recipes::monitor::Property;

pub const CAN_THIS_LOCK_FAIL: Lesson = Lesson {
    id: "find-a-failure",
    title: title!("21. Can this lock ever fail?", "21. 这把锁会出错吗？"),
    intro: t!(
        "One run that goes well proves little. Let zkplay search thousands of runs, each with a GC pause at another moment, for one where two clients hold the lock at once; step through the shortest such run; then turn fencing on and search again.",
        "一次运行顺利说明不了什么。让 zkplay 搜索成千上万次运行——每次在不同时刻插入一次垃圾回收停顿——找出两个客户端同时持有锁的那一次；逐步查看最短的失败过程；然后打开防护令牌再搜索一次。"
    ),
    setup: "",
    steps: &[
        Step {
            task: t!(
                "Start lock on /locks/db with 3 clients, each holding 20000 ms, fencing off.",
                "在 `/locks/db` 上启动「锁」，3 个客户端，每个持有 20000 ms，不勾选「防护令牌」。"
            ),
            focus: &[Focus::Control(Control::RecipeForm)],
            show_me: "recipe lock /locks/db on c1,c2,c3 hold=20000",
            checks: &[
                Check::AnyStatus(StatusLine::Holds("/locks/db/…"), 1),
                Check::AnyStatus(StatusLine::WaitsFor, 2),
            ],
            explanation: t!(
                "One client holds the lock, the other two wait in line. Nothing has gone wrong, and nothing will in this run: no fault happens unless someone makes it happen.",
                "一个客户端持有锁，另外两个排队等待。什么问题都没有出现，这次运行中也不会出现：除非有人制造故障，否则故障不会发生。"
            ),
        },
        Step {
            task: t!(
                "Open Find a failure (toolbar). Choose “at most one lock holder”, allow 1 GC pause and 0 of every other fault, and press Search.",
                "打开「寻找故障」（工具栏）。性质选择“至多一个锁持有者”，允许 1 次垃圾回收停顿，其他故障都设为 0，然后点「开始搜索」。"
            ),
            focus: &[Focus::Control(Control::Explore)],
            show_me: "",
            checks: &[Check::Searched {
                property: Property::AtMostOneLockHolder,
                found: true,
                runs: 1,
                fencing: false,
            }],
            explanation: t!(
                "The search replayed this scenario with other seeds, each time pausing one client at another moment, and stopped at the first run where two clients held the lock. Then it shrank that run: it dropped every fault and line it could while the failure remained, and moved what was left as early as it could. The script it shows is the shortest failure it found, and it replays exactly, on any machine.",
                "搜索用不同的种子反复重放这个场景，每次在不同时刻让某个客户端停顿，并在第一次出现两个客户端同时持锁时停下。随后它缩减这次运行：在失败依然出现的前提下去掉所有能去掉的故障和命令行，并把剩下的尽量提前。它给出的脚本就是找到的最短失败过程，在任何机器上都能原样重放。"
            ),
        },
        Step {
            task: t!(
                "Press Load into the timeline. Then press ⚠ Go to the violation (next to the timeline) and Deliver ▶ one event at a time to watch it happen.",
                "点「载入时间线」。然后点时间线旁的「⚠ 转到违规处」，再逐个点「投递 ▶」，看着违规发生。"
            ),
            focus: &[Focus::Control(Control::Explore), Focus::Timeline],
            show_me: "pause c1 40000\ntick 60000",
            checks: &[Check::Violation],
            explanation: t!(
                "The holder was paused longer than its session timeout. The server expired its session and deleted its lock node; the next client in line was told and took the lock. When the paused client woke, it still believed it held the lock and wrote: two holders at once, marked ⚠ on the timeline. ZooKeeper kept every promise it makes; the lock alone cannot stop a holder that does not know it stopped.",
                "持锁者的停顿超过了它的会话超时。服务器让它的会话过期并删除了它的锁节点；排在后面的客户端收到通知并获得了锁。停顿的客户端醒来后仍然以为自己持有锁，于是写入：同时出现了两个持锁者，时间线上用 ⚠ 标出。ZooKeeper 兑现了它的每一个承诺；单靠锁本身，挡不住一个不知道自己停过的持锁者。"
            ),
        },
        Step {
            task: t!(
                "Turn fencing on and search again: in Find a failure's scenario, add ` fencing=on` at the end of the lock's recipe line; keep “at most one lock holder” and 1 GC pause, set Runs to at least 2000, and Search.",
                "打开防护令牌，再搜索一次：在「寻找故障」的场景框中，在锁的那一行协调配方末尾加上 ` fencing=on`；保持“至多一个锁持有者”和 1 次垃圾回收停顿，把运行次数设为至少 2000，然后点「开始搜索」。"
            ),
            focus: &[Focus::Control(Control::Explore)],
            show_me: "",
            checks: &[Check::Searched {
                property: Property::AtMostOneLockHolder,
                found: false,
                runs: 2000,
                fencing: true,
            }],
            explanation: t!(
                "The search made all its runs and found no failure: within this budget, at most one holder's writes were ever accepted. A search is no proof, but it is much more than one good run. The next step shows why fencing holds.",
                "搜索完成了全部运行，没有找到失败：在这个预算内，被保护的资源从未接受两个持锁者的写入。搜索不是证明，但远比一次顺利的运行有说服力。下一步说明防护令牌为什么有效。"
            ),
        },
        Step {
            task: t!(
                "See why: start lock on /locks/fenced with fencing on, 1 client holding 20000 ms, then 1 more holding 5000 ms; pause the first one, c4, for 45000 ms and let a minute pass.",
                "看看原因：在 `/locks/fenced` 上启动「锁」并勾选「防护令牌」，先 1 个客户端持有 20000 ms，再 1 个持有 5000 ms；让第一个客户端 c4 停顿 45000 ms，再让一分钟过去。"
            ),
            focus: &[
                Focus::Control(Control::RecipeForm),
                Focus::Card("c4", CardButton::Pause),
            ],
            show_me: "recipe lock /locks/fenced on c4 hold=20000 fencing=on\nrecipe lock /locks/fenced on c5 hold=5000 fencing=on\npause c4 45000\ntick 60000",
            checks: &[Check::Log("with stale token")],
            explanation: t!(
                "Each holder carries a fencing token, its lock node's `czxid`, which only grows, and the protected resource refuses a write with a token older than one it has accepted. The paused holder woke and wrote with its old token: refused. Two clients may still believe they hold the lock, but only one can act on it — which is what the search checked, run after run.",
                "每个持锁者都带着防护令牌，也就是它的锁节点的 `czxid`，只增不减；被保护的资源拒绝令牌比已接受过的更旧的写入。停顿的持锁者醒来后用旧令牌写入：被拒绝。两个客户端仍可能都以为自己持有锁，但只有一个能真正据此行事——这正是搜索一次又一次检查的内容。"
            ),
        },
    ],
};
