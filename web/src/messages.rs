//! The page's own messages about loading scripts, one function per message, in English and
//! 简体中文 side by side (the tutorial's text lives with its lessons in `zkplay_core::tutorial`).

use zkplay_core::load::{Estimate, Progress};
use zkplay_core::tutorial::Lang;

use crate::state::LoadSource;

/// What a load's source is called in a sentence.
fn source(l: Lang, s: LoadSource) -> &'static str {
    match (l, s) {
        (Lang::En, LoadSource::Link) => "share link",
        (Lang::En, LoadSource::File) => "scenario",
        (Lang::En, LoadSource::Saved) => "saved sandbox",
        (Lang::Zh, LoadSource::Link) => "分享链接",
        (Lang::Zh, LoadSource::File) => "场景",
        (Lang::Zh, LoadSource::Saved) => "保存的沙盒",
    }
}

/// The question before a big link or file runs: what it is about to do.
pub fn load_prompt(l: Lang, s: LoadSource, e: &Estimate) -> String {
    let (sessions, lines, events) = (
        count(e.sessions as u64),
        count(e.lines as u64),
        count(e.events),
    );
    let time = duration(l, e.simulated_ms);
    match l {
        Lang::En => format!(
            "This {} opens {sessions} sessions, lets {time} of simulated time pass and runs {lines} lines: about {events} simulation events, which can take a while. Run it?",
            source(l, s)
        ),
        Lang::Zh => format!(
            "此{}将打开 {sessions} 个会话，让模拟时间流逝 {time}，共 {lines} 行：约 {events} 个模拟事件，可能需要一些时间。要运行吗？",
            source(l, s)
        ),
    }
}

/// The line beside the progress bar.
pub fn load_progress(l: Lang, s: LoadSource, p: &Progress) -> String {
    let (done, total) = (count(p.lines_done as u64), count(p.lines_total as u64));
    let time = duration(l, p.now_ms);
    match l {
        Lang::En => format!(
            "Loading the {}: line {done} of {total}, {time} simulated",
            source(l, s)
        ),
        Lang::Zh => format!(
            "正在加载{}：第 {done} 行，共 {total} 行，已模拟 {time}",
            source(l, s)
        ),
    }
}

pub fn run(l: Lang) -> &'static str {
    match l {
        Lang::En => "Run",
        Lang::Zh => "运行",
    }
}

pub fn cancel(l: Lang) -> &'static str {
    match l {
        Lang::En => "Cancel",
        Lang::Zh => "取消",
    }
}

/// The Cancel button's tooltip while loading.
pub fn cancel_keeps(l: Lang) -> &'static str {
    match l {
        Lang::En => "Stop here and keep what was simulated so far",
        Lang::Zh => "在此停止，保留已模拟的部分",
    }
}

/// Why an action did nothing while a script loads.
pub fn busy(l: Lang) -> String {
    match l {
        Lang::En => {
            "a scenario is loading or waiting for your answer: let it finish, or cancel it first"
                .into()
        }
        Lang::Zh => "场景正在加载或等待你的确认：请等它完成，或先取消".into(),
    }
}

/// A whole number with thousands separators (1,234,567).
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Simulated time in the largest unit that still reads well.
pub fn duration(l: Lang, ms: u64) -> String {
    const UNITS: [(u64, &str, &str, &str); 4] = [
        (86_400_000, "day", "days", "天"),
        (3_600_000, "hour", "hours", "小时"),
        (60_000, "minute", "minutes", "分钟"),
        (1_000, "second", "seconds", "秒"),
    ];
    let (size, one, many, zh) = UNITS
        .iter()
        .copied()
        .find(|(size, ..)| ms >= 2 * size)
        .unwrap_or(UNITS[3]);
    let n = ms / size;
    match l {
        Lang::En => format!("{} {}", count(n), if n == 1 { one } else { many }),
        Lang::Zh => format!("{} {zh}", count(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_durations_read_well() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(56_164_000), "56,164,000");
        assert_eq!(duration(Lang::En, 100 * 86_400_000), "100 days");
        assert_eq!(duration(Lang::En, 86_400_000), "24 hours");
        assert_eq!(duration(Lang::En, 1_500), "1 second");
        assert_eq!(duration(Lang::En, 0), "0 seconds");
        assert_eq!(duration(Lang::Zh, 100 * 86_400_000), "100 天");
    }

    #[test]
    fn the_prompt_says_what_a_script_will_do_in_both_languages() {
        let e = Estimate {
            lines: 120,
            sessions: 20,
            simulated_ms: 100 * 86_400_000,
            events: 56_164_000,
        };
        let en = load_prompt(Lang::En, LoadSource::Link, &e);
        for part in [
            "share link",
            "20 sessions",
            "100 days",
            "120 lines",
            "56,164,000",
        ] {
            assert!(en.contains(part), "{en}");
        }
        let zh = load_prompt(Lang::Zh, LoadSource::Link, &e);
        for part in ["分享链接", "20 个会话", "100 天", "120 行"] {
            assert!(zh.contains(part), "{zh}");
        }
    }
}
