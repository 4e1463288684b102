//! The tutorial: every lesson with its state, and the current lesson one step at a time — what
//! to do, "show me", the live check, and once it passes what just happened and why, then the
//! next step. What the step points at is highlighted by `use_focus_highlight`.

use zkplay_core::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};

use wasm_bindgen::JsCast;
use yew::prelude::*;
use zkplay_core::tutorial::{
    lessons, needs_time, spans, CardButton, Check, Control, Focus, Lang, Lesson, ServerButton, Span,
};

use crate::components::words::render;
use crate::lesson_text::{use_lesson_texts, Texts};
use crate::messages::{self, Msg, Words};
use crate::state::Action;

/// The class the page's highlighted elements carry.
const FOCUS_CLASS: &str = "tutorial-focus";

#[derive(Properties, PartialEq)]
pub struct TutorialProps {
    pub lesson: Option<usize>,
    pub step: usize,
    /// Whether the current step's checks have passed.
    pub passed: bool,
    pub lang: Lang,
    pub done: BTreeSet<String>,
    /// The step each lesson was left at, by id.
    pub progress: BTreeMap<String, usize>,
    /// The current step's checks that do not hold yet, a bit per check (a mask, not the
    /// checks: comparing props stays cheap).
    pub unmet: u32,
    pub dispatch: Callback<Action>,
}

#[function_component(Tutorial)]
pub fn tutorial(p: &TutorialProps) -> Html {
    let l = p.lang;
    let current = p.lesson.and_then(|i| lessons().get(i));
    let texts = use_lesson_texts(l, current.is_some());
    let chips = html! {
        <ol class="lessons">
            { for lessons().iter().enumerate().map(|(i, lesson)| {
                let done = p.done.contains(lesson.id);
                let open = p.dispatch.reform(move |_| Action::OpenLesson(i));
                // A lesson left part-way says where: the step it will open at.
                let at = p.progress.get(lesson.id).copied().filter(|at| *at > 0 && !done);
                html! {
                    <li data-testid="lesson" data-lesson={lesson.id} data-done={done.to_string()}
                        class={classes!(done.then_some("done"), (p.lesson == Some(i)).then_some("current"))}>
                        <button onclick={open}>
                            { if done { "✓ " } else { "" } }{ rich(lesson.title.get(l)) }
                            if let Some(at) = at {
                                <span class="muted" title={Msg::StepOf.fill(l, &[&(at + 1), &lesson.steps.len()])}>
                                    { format!(" {}/{}", at + 1, lesson.steps.len()) }
                                </span>
                            }
                        </button>
                    </li>
                }
            }) }
        </ol>
    };
    html! {
        <section class="tutorial" aria-label={Msg::Tutorial.text(l)}>
            <h2>{ Msg::Tutorial.text(l) }</h2>
            // During a lesson the chips fold into a chooser (a menu over the page, closed again
            // with each lesson: keyed on it), so the step and what it points at keep the room.
            if current.is_some() {
                <details class="lesson-chooser" data-testid="lesson-chooser" key={p.lesson.unwrap_or(0)}>
                    <summary>{ Msg::LessonChooser.text(l) }</summary>
                    { chips }
                </details>
            } else {
                { chips }
            }
            if let Some(lesson) = current {
                { lesson_view(lesson, p, &texts) }
            }
        </section>
    }
}

fn lesson_view(lesson: &Lesson, p: &TutorialProps, texts: &Texts) -> Html {
    let (l, d) = (p.lang, &p.dispatch);
    let i = p.lesson.unwrap_or_default();
    let t = |m: Msg| m.text(l);
    let Some(step) = lesson.steps.get(p.step) else {
        return html! {};
    };
    // The words arrive with the lessons' file; until then the step's controls work already.
    let ready = match texts {
        Texts::Ready(w) => Some(w.clone()),
        _ => None,
    };
    let (intro, task, explanation) = ready.as_ref().map_or(("", "", ""), |w| {
        (w.intro(i), w.task(i, p.step), w.explanation(i, p.step))
    });
    let words = |text: &str| match texts {
        Texts::Ready(_) => rich(text),
        Texts::Loading => html! { <span class="muted">{ "…" }</span> },
        Texts::Unavailable => {
            html! { <span class="muted">{ t(Msg::LessonTextUnavailable) }</span> }
        }
    };
    let words_state = match texts {
        Texts::Ready(_) => "ready",
        Texts::Loading => "loading",
        Texts::Unavailable => "unavailable",
    };
    let count = lesson.steps.len();
    let last = p.step + 1 == count;
    html! {
        <div class="lesson" data-testid="lesson-view" data-lesson={lesson.id}
            data-step={p.step.to_string()} data-passed={p.passed.to_string()} data-words={words_state}>
            <h3>{ rich(lesson.title.get(l)) }</h3>
            if p.step == 0 {
                <p class="intro" title={glossary(l, intro)}>{ words(intro) }</p>
            }
            <ol class="step-dots" aria-label={Msg::StepOf.fill(l, &[&(p.step + 1), &count])}>
                { for (0..count).map(|i| html! {
                    <li class={classes!((i < p.step || (i == p.step && p.passed)).then_some("ok"), (i == p.step).then_some("now"))} />
                }) }
            </ol>
            <p class="task" data-testid="step-task" title={glossary(l, task)}>
                <strong>{ Msg::StepOf.fill(l, &[&(p.step + 1), &count]) }</strong>
                { words(task) }
            </p>
            if p.passed {
                <p class="explanation" data-testid="step-explanation" title={glossary(l, explanation)}>
                    <strong>{ t(Msg::WhatHappened) }</strong>{ words(explanation) }
                </p>
                if last {
                    <p class="lesson-done" data-testid="lesson-complete">{ t(Msg::LessonComplete) }</p>
                }
            } else {
                <p class="waiting muted" data-testid="step-waiting">{ t(Msg::StepWaiting) }</p>
                // What time and which checks the step still waits for.
                if needs_time(step) {
                    <p class="hint" data-testid="step-needs-time">{ t(Msg::NeedsTime) }</p>
                }
                if p.unmet != 0 {
                    <p class="muted small" data-testid="step-missing">{ render(&missing(l, step, p.unmet)) }</p>
                }
            }
            <div class="row">
                <button data-testid="show-me" disabled={p.passed} onclick={d.reform(|_| Action::ShowMe)}
                    title={t(Msg::ShowMeTitle)}>{ t(Msg::ShowMe) }</button>
                if !last {
                    <button data-testid="next-step" class="primary" disabled={!p.passed}
                        onclick={d.reform(|_| Action::NextStep)}>{ t(Msg::NextStep) }</button>
                }
                if last && p.passed {
                    if let Some(next) = p.lesson.map(|i| i + 1).filter(|i| *i < lessons().len()) {
                        <button data-testid="next-lesson" class="primary"
                            onclick={d.reform(move |_| Action::OpenLesson(next))}>{ t(Msg::NextLesson) }</button>
                    }
                }
                <button data-testid="restart-lesson" onclick={d.reform(|_| Action::RestartLesson)}>{ t(Msg::RestartLesson) }</button>
                <button data-testid="leave-lesson"
                    onclick={d.reform(|_| Action::CloseLesson)}>{ t(Msg::LeaveLesson) }</button>
            </div>
        </div>
    }
}

/// A lesson's text with its code (commands, paths, ZooKeeper's own names) as code, as it is;
/// the glossary's terms explain themselves on hover.
pub(crate) fn rich(text: &str) -> Html {
    spans(text)
        .map(|span| match span {
            Span::Prose(words) => html! { { words } },
            Span::Code(code) => html! { <code data-zk="">{ code }</code> },
        })
        .collect()
}

/// The glossary: each term as the page writes it in English and in Chinese, and what it means.
const GLOSSARY: [(&str, &str, Msg); 5] = [
    ("seed", "种子", Msg::GlossSeed),
    ("recipe", "协调配方", Msg::GlossRecipes),
    ("epoch", "纪元", Msg::GlossEpoch),
    ("zxid", "zxid", Msg::GlossZxid),
    ("quorum", "法定人数", Msg::GlossQuorum),
];

/// What the glossary's terms in a text mean, one per line, for the text's tooltip (none when
/// it has none). The seed document (种子文档, "the seed's") is not the simulation's seed.
fn glossary(l: Lang, text: &str) -> Option<String> {
    let lines: Vec<&str> = GLOSSARY
        .iter()
        .filter(|(en, zh, _)| {
            let term = if l == Lang::Zh { *zh } else { *en };
            text.match_indices(term).any(|(i, _)| {
                let rest = &text[i + term.len()..];
                !rest.starts_with("文档") && !rest.starts_with("'s") && !rest.starts_with(" doc")
            })
        })
        .map(|(_, _, m)| m.text(l))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// What the step still waits for: its checks in the mask, in words, one sentence.
fn missing(l: Lang, step: &zkplay_core::tutorial::Step, unmet: u32) -> Words {
    let mut out = Words::text(Msg::StillMissing.text(l));
    let mut first = true;
    for (i, c) in step.checks.iter().enumerate() {
        if unmet & (1 << i.min(31)) != 0 {
            if !first {
                out = out.then(Words::text(Msg::ListSeparator.text(l)));
            }
            first = false;
            out = out.then(check_words(l, c));
        }
    }
    out
}

/// A check the step still waits for, in words (what it looks for kept as ZooKeeper's).
fn check_words(l: Lang, c: &Check) -> Words {
    let z = |s: &str| Words::zk(s);
    let n = |x: &dyn std::fmt::Display| Words::text(x.to_string());
    match *c {
        Check::Exists(p) => Msg::CheckExists.words(l, &[z(p)]),
        Check::Missing(p) => Msg::CheckMissing.words(l, &[z(p)]),
        Check::Data(p, d) => Msg::CheckData.words(l, &[z(p), z(d)]),
        Check::DataVersion(p, v) => Msg::CheckDataVersion.words(l, &[z(p), n(&v)]),
        Check::Children(p, k) => Msg::CheckChildren.words(l, &[z(p), n(&k)]),
        Check::Console(who, text) => Msg::CheckConsole.words(l, &[z(who), z(text)]),
        Check::AnyConsole(text, k) => Msg::CheckAnyConsole.words(l, &[z(text), n(&k)]),
        Check::Status(who, line) => {
            Msg::CheckStatus.words(l, &[z(who), messages::status(l, &line.status())])
        }
        Check::AnyStatus(line, k) => {
            Msg::CheckAnyStatus.words(l, &[messages::status(l, &line.status()), n(&k)])
        }
        Check::Log(_) if l == Lang::Zh => Words::text(Msg::CheckLogLine.text(l)),
        Check::Log(text) => Msg::CheckLog.words(l, &[z(text)]),
        Check::State(who, state) => Msg::CheckState.words(l, &[z(who), z(state.name())]),
        Check::Watching(who, p) => Msg::CheckWatching.words(l, &[z(who), z(p)]),
        Check::Violation => Words::text(Msg::CheckViolation.text(l)),
        Check::Mode(k, mode) => Msg::CheckMode.words(l, &[n(&k), z(mode.name())]),
        Check::Srvr(k, mode) => Msg::CheckSrvr.words(
            l,
            &[
                z(&format!("srvr {k}")),
                z(&format!("Mode: {}", mode.name())),
            ],
        ),
        Check::Behind(k, b) => Msg::CheckBehind.words(l, &[n(&k), n(&b)]),
        Check::OnServer(k, p) => Msg::CheckOnServer.words(l, &[n(&k), z(p)]),
        Check::NotOnServer(k, p) => Msg::CheckNotOnServer.words(l, &[n(&k), z(p)]),
        Check::EpochAtLeast(e) => Msg::CheckEpoch.words(l, &[n(&e)]),
        Check::ConnectedTo(who, k) => Msg::CheckConnectedTo.words(l, &[z(who), n(&k)]),
        Check::Searched {
            property,
            found,
            runs,
            ..
        } => {
            if found {
                Msg::CheckSearchedFound.words(l, &[crate::messages::property(l, property)])
            } else {
                Msg::CheckSearchedNone.words(l, &[crate::messages::property(l, property), n(&runs)])
            }
        }
    }
}

/// Where on the page a focus is: a CSS selector over the page's test ids.
pub fn selector(f: &Focus) -> String {
    match f {
        Focus::Node(path) => format!("[data-testid=tree-node][data-path=\"{path}\"]"),
        Focus::Client(name) => format!("[data-testid=client-card][data-session=\"{name}\"]"),
        Focus::Card(name, button) => {
            let id = match button {
                CardButton::Crash => "crash",
                CardButton::Partition => "partition",
                CardButton::Heal => "heal",
                CardButton::Pause => "pause",
            };
            format!("[data-testid=client-card][data-session=\"{name}\"] [data-testid={id}]")
        }
        Focus::Console(_) => "[data-testid=console-input]".into(),
        // The form is its first row and its options below.
        Focus::Control(Control::RecipeForm) => {
            "[data-testid=recipe-form], [data-testid=recipe-options]".into()
        }
        Focus::Control(c) => format!(
            "[data-testid={}]",
            match c {
                Control::SpawnClient => "spawn-client",
                Control::Server => "server",
                Control::TickOneSecond => "tick-1s",
                Control::TickTenSeconds => "tick-10s",
                Control::Step => "step",
                Control::PauseLength => "pause-ms",
                Control::RecipeForm => "recipe-form",
                Control::EnsembleMode => "ensemble-mode",
                Control::Explore => "explore",
            }
        ),
        // The list is empty (and so invisible) until a message travels: the diagram too.
        Focus::InFlight => "[data-testid=network-diagram], [data-testid=in-flight]".into(),
        Focus::EventLog => "[data-testid=event-log]".into(),
        Focus::Timeline => "[data-testid=timeline]".into(),
        Focus::RecipeBoard => "[data-testid=recipe-view]".into(),
        Focus::Server(k) => format!("[data-testid=ring-server][data-server=\"{k}\"]"),
        Focus::ServerControl(k, button) => format!(
            "[data-testid=ring-server][data-server=\"{k}\"] [data-testid={}]",
            match button {
                ServerButton::Power => "server-power",
                ServerButton::Partition => "server-partition",
                ServerButton::ShowTree => "server-tree",
            }
        ),
        Focus::Ring => "[data-testid=ring]".into(),
    }
}

/// Highlights what the current step points at, after every render (an element drawn again
/// may have lost the class; one drawn anew needs it).
#[hook]
pub fn use_focus_highlight(focus: &'static [Focus], step: (Option<usize>, usize, bool)) {
    // The step (lesson, step, passed) last scrolled for: a new step scrolls to what it points
    // at even when the step before pointed at the same element.
    let scrolled_for = use_mut_ref(|| None::<(Option<usize>, usize, bool)>);
    use_effect(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let wanted: Vec<web_sys::Element> = focus
            .iter()
            .flat_map(|f| elements(&document, &selector(f)))
            .collect();
        for el in elements(&document, &format!(".{FOCUS_CLASS}")) {
            if !wanted.contains(&el) {
                let _ = el.class_list().remove_1(FOCUS_CLASS);
            }
        }
        // What is newly highlighted (everything, on a new step) is scrolled into view, the
        // least needed: an element already in view does not move the page. The first of the
        // step's elements is scrolled last, so where two share a scroller it is the one seen.
        let new_step = *scrolled_for.borrow() != Some(step);
        // The current step stays in view: its buttons, then its task (the task wins when both
        // do not fit), whenever the step changes or passes.
        if new_step {
            for selector in ["[data-testid=lesson-view] .row", "[data-testid=step-task]"] {
                if let Ok(Some(el)) = document.query_selector(selector) {
                    scroll_into_view(&el);
                }
            }
        }
        let mut scroll = Vec::new();
        for el in wanted {
            let newly = !el.class_list().contains(FOCUS_CLASS);
            if newly {
                let _ = el.class_list().add_1(FOCUS_CLASS);
            }
            if newly || new_step {
                scroll.push(el);
            }
        }
        *scrolled_for.borrow_mut() = Some(step);
        for el in scroll.iter().rev() {
            scroll_into_view(el);
        }
    });
}

/// Scrolls an element into view the least needed: not at all when it is in view.
pub fn scroll_into_view(el: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Every element a selector finds.
fn elements(document: &web_sys::Document, selector: &str) -> Vec<web_sys::Element> {
    let Ok(list) = document.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::english::english_words;
    use crate::messages::Piece;

    /// A status check is worded as the consoles word the status: in English its transcript
    /// text, in Chinese no English outside ZooKeeper's words (paths, nodes).
    #[test]
    fn status_checks_are_worded_in_the_page_language() {
        let mut seen = 0;
        for c in lessons()
            .iter()
            .flat_map(|l| l.steps)
            .flat_map(|s| s.checks)
        {
            let (Check::Status(_, line) | Check::AnyStatus(line, _)) = c else {
                continue;
            };
            seen += 1;
            let en = check_words(Lang::En, c).plain();
            assert!(en.contains(&line.status().to_string()), "{c:?}: {en}");
            for piece in &check_words(Lang::Zh, c).0 {
                if let Piece::Text(text) = piece {
                    assert!(english_words(text).is_empty(), "{c:?}: {text}");
                }
            }
        }
        assert!(seen > 0, "no lesson checks a status");
    }
}
