//! The tools' own words, English and 简体中文 side by side: fetched with the tools' bundle,
//! never part of the page's first load. `{0}`, `{1}` … are filled in by [`W::fill`].

use std::fmt::Display;

use zkplay_core::tutorial::Lang;

macro_rules! words {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// One message of the tools.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum W {
            $($key,)*
        }

        impl W {
            #[cfg(test)]
            const ALL: &'static [W] = &[$(W::$key),*];

            fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $(W::$key => ($en, $zh),)*
                }
            }
        }
    };
}

words! {
    Close => "Close", "关闭";
    ImportText => "Paste a scenario script. It replaces the current sandbox.", "粘贴一个场景脚本，它会替换当前的沙盒。";
    ImportPlaceholder => "session a\na: create /x 1", "在此粘贴场景脚本（导出的 .zk 文件内容）";
    Import => "Import", "导入";
    ExportText => "This scenario script rebuilds the sandbox exactly (same seed, same steps): state hash ", "此场景脚本能精确重建沙盒（相同的种子、相同的步骤）：状态哈希 ";
    ExportAs => "As", "导出为";
    AsScenario => "the scenario script (.zk)", "场景脚本（.zk）";
    AsJava => "Java, the official client", "Java（官方客户端）";
    AsCurator => "Java with Curator", "Java + Curator";
    AsPython => "Python with kazoo", "Python + kazoo";
    AsCodeText => "A program that does what this scenario does against a real ZooKeeper, and prints the transcript zkplay prints. Faults a program cannot cause (partitions, GC pauses, …) are refused, with the line.", "一个对真实 ZooKeeper 做与本场景相同操作的程序，输出与 zkplay 相同的记录。程序无法制造的故障（网络分区、垃圾回收停顿等）会被拒绝，并指出是哪一行。";
    CannotExport => "Line {0} cannot be written in this language: {1}", "第 {0} 行无法用这种语言写出：{1}";
    CannotExportZh => "Line {0} cannot be written in this language:", "第 {0} 行无法用这种语言写出：";
    CannotParse => "Line {0} of the scenario does not parse.", "场景的第 {0} 行无法解析。";
    NothingToExport => "The scenario has no line to export.", "场景中没有可以导出的行。";
    Download => "Download", "下载";
    Cancel => "Cancel", "取消";
    Explore => "Find a failure", "寻找故障";
    Intro => "Runs this scenario again and again, each time with other random choices (seeds) and faults at other moments, until a safety property breaks; then shrinks that run to the shortest script that still fails. It runs in the background: the page stays usable.", "一次又一次地运行这个场景，每次换一组随机选择（种子），并在不同时刻注入故障，直到某条安全性质被打破；然后把那次运行缩减成仍会失败的最短脚本。搜索在后台进行，页面照常可用。";
    Scenario => "Scenario (this sandbox's script; edit it to ask “what if…?” — the sandbox is not changed)", "场景（当前沙盒的脚本；可以修改它来试试“如果……会怎样”，沙盒本身不变）";
    Reread => "↺ This sandbox's script", "↺ 重新读取沙盒脚本";
    RereadTitle => "Put the sandbox's script, as it stands now, back in the scenario", "把沙盒当前的脚本重新放回场景框";
    Property => "Property", "性质";
    AnyProperty => "any property", "任意性质";
    Faults => "Faults per run (at most)", "每次运行的故障（上限）";
    Crashes => "client crashes", "客户端崩溃";
    Pauses => "GC pauses", "垃圾回收停顿";
    Partitions => "partitions", "网络分区";
    ServerCrashes => "server crashes", "服务器崩溃";
    Delays => "slow links", "慢速链路";
    Horizon => "Time per run (s)", "每次运行的时长（秒）";
    Runs => "Runs", "运行次数";
    Seed => "Search seed", "搜索种子";
    Workers => "Workers", "工作线程";
    WorkersTitle => "Web Workers searching side by side (this machine has {0} cores)", "并行搜索的网页工作线程数（本机有 {0} 个核心）";
    Start => "Search", "开始搜索";
    Again => "Search again", "再次搜索";
    Progress => "{0} runs of {1} · {2} faults tried · {3} workers · {4} runs/s", "已运行 {0} / {1} 次 · 尝试了 {2} 个故障 · {3} 个工作线程 · 每秒 {4} 次";
    LoadingWorkers => "Loading the search…", "正在加载搜索程序…";
    Found => "Found: “{0}” breaks at step {1} of the script below, after {2} runs ({3} s). Shrunk in {4} more runs to {5} fault(s).", "找到了：“{0}”在下面脚本的第 {1} 步被打破，共搜索 {2} 次运行（{3} 秒）；又用 {4} 次运行缩减到 {5} 个故障。";
    Load => "Load into the timeline", "载入时间线";
    LoadTitle => "Replace the sandbox with this script; the violation is marked ⚠ on the timeline", "用这个脚本替换当前沙盒；违规之处会在时间线上以 ⚠ 标出";
    NotFound => "No failure found in {0} runs ({1} faults tried, {2} s, {3} workers): within this budget, “{4}” held every time. A search is no proof: more runs or more faults may still find one.", "在 {0} 次运行中没有找到故障（尝试了 {1} 个故障，用时 {2} 秒，{3} 个工作线程）：在这个预算内，“{4}”每次都成立。搜索不是证明：更多的运行或故障仍可能找到问题。";
    Cancelled => "Cancelled after {0} runs ({1} faults tried).", "已在 {0} 次运行后取消（尝试了 {1} 个故障）。";
    WorkerFailed => "The search stopped: {0}", "搜索中止：{0}";
    ErrBadLine => "Line {0} of the scenario does not parse: {1}", "场景的第 {0} 行无法解析：{1}";
    ErrNoFaults => "No faults allowed: give at least one fault of some kind.", "没有允许任何故障：请至少为一种故障设置数量。";
    ErrNothingToFault => "Only client faults are allowed and the scenario opens no client session: start a client or a recipe, or allow server faults.", "只允许客户端故障，而场景中没有任何客户端会话：请启动一个客户端或协调配方，或者允许服务器故障。";
    ErrNotApplicable => "“{0}” is never checked in this scenario: start a recipe it is about (or an ensemble), or choose another property.", "这个场景从不检查“{0}”：请启动与之相关的协调配方（或集群），或选择其他性质。";
    ErrUnknown => "Unknown property: {0}", "未知的性质：{0}";
    ErrHorizon => "The time per run must be from 0.1 s to the simulation's bound, not {0} ms.", "每次运行的时长必须在 0.1 秒到模拟上限之间，而不是 {0} 毫秒。";
    ErrRuns => "The runs must be from 1 to 10,000,000, not {0}.", "运行次数必须在 1 到 10,000,000 之间，而不是 {0}。";
    ErrBudget => "At most 20 faults of one kind, not {0}.", "同一种故障最多 20 个，而不是 {0} 个。";
    ErrRequest => "The search worker did not understand the request.", "搜索工作线程无法理解这个请求。";
}

impl W {
    pub fn text(self, l: Lang) -> &'static str {
        let (en, zh) = self.pair();
        match l {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The text with `{0}`, `{1}` … replaced by the arguments.
    pub fn fill(self, l: Lang, args: &[&dyn Display]) -> String {
        fill(self.text(l), args)
    }
}

fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}');
        let index = close.and_then(|c| after[..c].parse::<usize>().ok());
        match (close, index.and_then(|i| args.get(i))) {
            (Some(c), Some(arg)) => {
                out.push_str(&rest[..open]);
                out.push_str(&arg.to_string());
                rest = &after[c + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::english::english_words;

    fn placeholders(t: &str) -> Vec<usize> {
        let mut v: Vec<usize> = (0..10)
            .filter(|i| t.contains(&format!("{{{i}}}")))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_word_is_in_both_languages_with_the_same_placeholders() {
        for w in W::ALL {
            let (en, zh) = w.pair();
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{w:?}");
            assert_eq!(placeholders(en), placeholders(zh), "{w:?}");
            assert!(
                english_words(zh).is_empty(),
                "{w:?}: English in its Chinese: {zh}"
            );
        }
    }

    #[test]
    fn placeholders_are_filled_in_order_and_others_kept() {
        assert_eq!(fill("{1} of {0}", &[&"a", &2]), "2 of a");
        assert_eq!(fill("{x} and {3}", &[&1]), "{x} and {3}");
    }
}
