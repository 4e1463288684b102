//! Every command in every lesson step's task, typed where the page types it: in the console of
//! the client the step means, or in the command box when there is none. A usage listing,
//! `Command not found` or an error the lesson does not mean fails the test.

use super::*;
use crate::script::hint::{is_simulator_word, is_zkcli_command};
use crate::script::line::MultiBlock;
use crate::tutorial::{self, Focus, Span};

/// Spans a lesson means to fail, each with why: (lesson id, step from 1, span, reason). The
/// test fails on any other failing span and on an entry here whose span no longer fails.
const MEANT_TO_FAIL: &[(&str, usize, &str, &str)] = &[
    (
        "znodes-stat",
        4,
        "set -v 0 /app v3",
        "a stale version: the lesson shows BadVersion",
    ),
    (
        "znodes-stat",
        6,
        "delete /app",
        "a znode with a child: the lesson shows NotEmpty",
    ),
    (
        "multi",
        3,
        "end",
        "its check of a changed version fails: the lesson shows BadVersion",
    ),
    (
        "multi",
        5,
        "end",
        "its second create fails, so the whole block does: all or nothing",
    ),
    (
        "quorums",
        4,
        "get /q",
        "no quorum: the lesson shows ConnectionLoss even for a read",
    ),
    (
        "stale-read-sync",
        6,
        "sync /",
        "a cut-off follower cannot sync: the lesson shows ConnectionLoss",
    ),
    (
        "minority-partition",
        3,
        "get /p",
        "the minority serves nothing: the lesson shows ConnectionLoss",
    ),
];

/// The client whose console a step means: the one it focuses, the one its "show me" types as,
/// or the only (else the first) client; `None` when there is no client (the command box).
fn console_of(s: &Sandbox, step: &tutorial::Step) -> Option<String> {
    let focused = step.focus.iter().find_map(|f| match f {
        Focus::Console(c) => Some(c.to_string()),
        _ => None,
    });
    let shown = || {
        step.show_me.lines().find_map(|l| {
            let (name, _) = l.split_once(':')?;
            let name = name.trim();
            s.clients()
                .iter()
                .any(|c| c.name == name)
                .then(|| name.to_string())
        })
    };
    focused
        .or_else(shown)
        .or_else(|| s.clients().first().map(|c| c.name.clone()))
}

/// Whether a code span is something to type (not a path, a name or an output).
fn is_command(span: &str, in_multi: bool) -> bool {
    let first = span.split_whitespace().next().unwrap_or("");
    is_zkcli_command(first)
        || is_simulator_word(first)
        || first == "multi"
        || (in_multi && matches!(first, "check" | "end"))
}

/// What went wrong with a span typed at `console`, if anything.
fn typed(
    s: &mut Sandbox,
    console: Option<&str>,
    span: &str,
    multi: &mut Option<Vec<String>>,
) -> Option<String> {
    // The page keeps a multi block's lines until `end`, then runs the block (web `state.rs`).
    if let (Some(ops), Some(client)) = (multi.as_mut(), console) {
        if span != "end" {
            ops.push(span.to_string());
            return None;
        }
        let block = MultiBlock {
            session: client.to_string(),
            ops: std::mem::take(ops),
        };
        *multi = None;
        let before = s.runner.entries.len();
        let errors = s.run(&block.to_string());
        return failure(s, before, errors.is_empty());
    }
    if span == "multi" && console.is_some() {
        *multi = Some(Vec::new());
        return None;
    }
    let before = s.runner.entries.len();
    let notes_before = s.notes.len();
    s.console_line(console, span);
    let noted: Vec<&Note> = s.notes[notes_before.min(s.notes.len())..]
        .iter()
        .map(|n| &n.note)
        .filter(|n| matches!(n, Note::Refused(_) | Note::Hint(_)))
        .collect();
    if let Some(n) = noted.first() {
        return Some(n.to_string());
    }
    failure(s, before, true)
}

fn failure(s: &Sandbox, before: usize, ran: bool) -> Option<String> {
    if !ran {
        return Some("the line could not run".into());
    }
    s.runner.entries[before..].iter().find_map(|e| {
        let bad = matches!(e.kind, EntryKind::Failed(_) | EntryKind::ScriptError(_))
            || e.output.contains("ZooKeeper -server host:port")
            || e.output.contains("Command not found");
        bad.then(|| e.output.clone())
    })
}

/// The command spans of a task, in order.
fn commands(task: &str) -> Vec<&str> {
    let mut in_multi = false;
    let mut out = Vec::new();
    for span in tutorial::spans(task) {
        let Span::Code(span) = span else { continue };
        if is_command(span, in_multi) {
            in_multi = (in_multi || span == "multi") && span != "end";
            out.push(span);
        }
    }
    out
}

/// What the learner does besides typing: the "show me" actions that are not the task's own
/// spans (a button's `server 2 restart`, time passing), run before the spans are typed.
fn other_actions(step: &tutorial::Step, spans: &[&str]) -> Vec<String> {
    super::super::actions(step.show_me)
        .into_iter()
        .filter(|action| {
            let text = action.split_once(": ").map_or(action.as_str(), |(_, t)| t);
            let first = text.lines().next().unwrap_or("").trim();
            !spans.contains(&first)
        })
        .collect()
}

#[test]
fn every_command_of_every_lesson_step_runs_where_the_page_types_it() {
    let mut failed: Vec<(&str, usize, &str, String)> = Vec::new();
    let mut typed_count = 0;
    for lesson in tutorial::lessons() {
        for (si, step) in lesson.steps.iter().enumerate() {
            let en = commands(step.task.en);
            // The code to type reads the same in both languages (a word named twice in a row,
            // `multi` first as a name, counts once).
            let (mut en_once, mut zh_once) = (en.clone(), commands(step.task.zh));
            en_once.dedup();
            zh_once.dedup();
            assert_eq!(en_once, zh_once, "{} step {}", lesson.id, si + 1);
            let mut s = Sandbox::from_script(&tutorial::script_before(lesson, si))
                .unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
            for action in other_actions(step, &en) {
                s.run(&action);
            }
            let console = console_of(&s, step);
            let mut multi = None;
            for span in en {
                typed_count += 1;
                if let Some(what) = typed(&mut s, console.as_deref(), span, &mut multi) {
                    let at = console.clone().unwrap_or_else(|| "the command box".into());
                    failed.push((lesson.id, si + 1, span, format!("at {at}: {what}")));
                }
            }
        }
    }
    assert!(typed_count > 50, "only {typed_count} spans typed");
    let unexpected: Vec<String> = failed
        .iter()
        .filter(|(id, step, span, _)| {
            !MEANT_TO_FAIL
                .iter()
                .any(|(i, st, sp, _)| (i, st, sp) == (id, step, span))
        })
        .map(|(id, step, span, what)| format!("{id} step {step}: `{span}` {what}"))
        .collect();
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    let stale: Vec<_> = MEANT_TO_FAIL
        .iter()
        .filter(|(i, st, sp, _)| {
            !failed
                .iter()
                .any(|(id, step, span, _)| (i, st, sp) == (id, step, span))
        })
        .collect();
    assert!(stale.is_empty(), "meant to fail but did not: {stale:?}");
}
