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
use crate::messages::{Msg, Words};
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
    /// The current step's checks that do not hold yet.
    pub unmet: std::rc::Rc<Vec<Check>>,
    pub dispatch: Callback<Action>,
}

#[function_component(Tutorial)]
pub fn tutorial(p: &TutorialProps) -> Html {
    let l = p.lang;
    let current = p.lesson.and_then(|i| lessons().get(i));
    // The current step stays in view: its buttons, then its task (the task wins when both do
    // not fit), whenever the step changes or passes.
    use_effect_with((p.lesson, p.step, p.passed), |_| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            for selector in ["[data-testid=lesson-view] .row", "[data-testid=step-task]"] {
                if let Ok(Some(el)) = document.query_selector(selector) {
                    scroll_into_view(&el);
                }
            }
        }
    });
    html! {
        <section class="tutorial" aria-label={Msg::Tutorial.text(l)}>
            <h2>{ Msg::Tutorial.text(l) }</h2>
            // During a lesson the chips fold into a chooser, so the step and the page it
            // points at keep the room.
            if current.is_some() {
                <select class="lesson-chooser" data-testid="lesson-chooser" aria-label={Msg::LessonChooser.text(l)}
                    onchange={p.dispatch.reform(|e: Event| {
                        let i = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                            .and_then(|s| s.value().parse().ok());
                        i.map_or(Action::DismissError, Action::OpenLesson)
                    })}>
                    { for lessons().iter().enumerate().map(|(i, lesson)| {
                        let done = p.done.contains(lesson.id);
                        let at = p.progress.get(lesson.id).copied().filter(|at| *at > 0 && !done);
                        // An option holds text only: ZooKeeper's words in its title are listed.
                        let title = lesson.title.get(l);
                        let zk: Vec<&str> = spans(title).filter_map(|s| match s {
                            Span::Code(c) => Some(c),
                            Span::Prose(_) => None,
                        }).collect();
                        html! {
                            <option data-testid="lesson" data-lesson={lesson.id} data-done={done.to_string()}
                                data-zk-words={(!zk.is_empty()).then(|| zk.join(" "))}
                                value={i.to_string()} selected={p.lesson == Some(i)}>
                                { if done { "✓ " } else { "" } }{ title.replace('`', "") }
                                { at.map(|at| format!(" {}/{}", at + 1, lesson.steps.len())).unwrap_or_default() }
                            </option>
                        }
                    }) }
                </select>
            } else {
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
                                { if done { "✓ " } else { "" } }{ rich(lesson.title.get(l), l) }
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
            }
            if let Some(lesson) = current {
                { lesson_view(lesson, p) }
            }
        </section>
    }
}

fn lesson_view(lesson: &Lesson, p: &TutorialProps) -> Html {
    let (l, d) = (p.lang, &p.dispatch);
    let t = |m: Msg| m.text(l);
    let Some(step) = lesson.steps.get(p.step) else {
        return html! {};
    };
    let count = lesson.steps.len();
    let last = p.step + 1 == count;
    html! {
        <div class="lesson" data-testid="lesson-view" data-lesson={lesson.id}
            data-step={p.step.to_string()} data-passed={p.passed.to_string()}>
            <h3>{ rich(lesson.title.get(l), l) }</h3>
            if p.step == 0 {
                <p class="intro">{ rich(lesson.intro.get(l), l) }</p>
            }
            <ol class="step-dots" aria-label={Msg::StepOf.fill(l, &[&(p.step + 1), &count])}>
                { for (0..count).map(|i| html! {
                    <li class={classes!((i < p.step || (i == p.step && p.passed)).then_some("ok"), (i == p.step).then_some("now"))} />
                }) }
            </ol>
            <p class="task" data-testid="step-task">
                <strong>{ Msg::StepOf.fill(l, &[&(p.step + 1), &count]) }</strong>
                { rich(step.task.get(l), l) }
            </p>
            if p.passed {
                <p class="explanation" data-testid="step-explanation">
                    <strong>{ t(Msg::WhatHappened) }</strong>{ rich(step.explanation.get(l), l) }
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
                if !p.unmet.is_empty() {
                    <p class="muted small" data-testid="step-missing">{ t(Msg::StillMissing) }
                        { for p.unmet.iter().enumerate().map(|(i, c)| html! { <>
                            if i > 0 { { t(Msg::ListSeparator) } }
                            { render(&check_words(l, c)) }
                        </> }) }
                    </p>
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
                <button data-testid="leave-lesson" title={t(Msg::LeaveLessonTitle)}
                    onclick={d.reform(|_| Action::CloseLesson)}>{ t(Msg::LeaveLesson) }</button>
            </div>
        </div>
    }
}

/// A lesson's text with its code (commands, paths, ZooKeeper's own names) as code, as it is;
/// the glossary's terms explain themselves on hover.
fn rich(text: &str, l: Lang) -> Html {
    spans(text)
        .map(|span| match span {
            Span::Prose(words) => glossed(words, l),
            Span::Code(code) => html! {
                <code data-zk="" title={(code == "zxid").then(|| Msg::GlossZxid.text(l))}>{ code }</code>
            },
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

/// Prose with each glossary term in it marked, its meaning on hover. The seed document
/// (种子文档, "the seed's") is not the simulation's seed.
fn glossed(text: &str, l: Lang) -> Html {
    let found = GLOSSARY
        .iter()
        .filter_map(|(en, zh, m)| {
            let term = if l == Lang::Zh { *zh } else { *en };
            text.match_indices(term)
                .find(|(i, _)| {
                    let rest = &text[*i + term.len()..];
                    !rest.starts_with("文档")
                        && !rest.starts_with("'s")
                        && !rest.starts_with(" document")
                })
                .map(|(i, _)| (i, term, *m))
        })
        .min_by_key(|(i, _, _)| *i);
    match found {
        None => html! { { text.to_string() } },
        Some((i, term, m)) => html! { <>
            { text[..i].to_string() }
            <dfn title={m.text(l)}>{ term }</dfn>
            { glossed(&text[i + term.len()..], l) }
        </> },
    }
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
        Check::Log(text) => Msg::CheckLog.words(l, &[z(text)]),
        Check::State(who, state) => Msg::CheckState.words(l, &[z(who), z(state)]),
        Check::Watching(who, p) => Msg::CheckWatching.words(l, &[z(who), z(p)]),
        Check::Violation => Words::text(Msg::CheckViolation.text(l)),
        Check::Mode(k, mode) => Msg::CheckMode.words(l, &[n(&k), z(mode)]),
        Check::Behind(k, b) => Msg::CheckBehind.words(l, &[n(&k), n(&b)]),
        Check::OnServer(k, p) => Msg::CheckOnServer.words(l, &[n(&k), z(p)]),
        Check::NotOnServer(k, p) => Msg::CheckNotOnServer.words(l, &[n(&k), z(p)]),
        Check::EpochAtLeast(e) => Msg::CheckEpoch.words(l, &[n(&e)]),
        Check::ConnectedTo(who, k) => Msg::CheckConnectedTo.words(l, &[z(who), n(&k)]),
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
pub fn use_focus_highlight(focus: &'static [Focus], step: (Option<usize>, usize)) {
    // The step (lesson, step) last scrolled for: a new step scrolls to what it points at even
    // when the step before pointed at the same element.
    let scrolled_for = use_mut_ref(|| None::<(Option<usize>, usize)>);
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
        if !scroll.is_empty() {
            *scrolled_for.borrow_mut() = Some(step);
        }
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
