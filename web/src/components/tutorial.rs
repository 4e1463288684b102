//! The tutorial: every lesson with its state, and the current lesson one step at a time — what
//! to do, "show me", the live check, and once it passes what just happened and why, then the
//! next step. What the step points at is highlighted by `use_focus_highlight`.

use zkplay_core::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};

use wasm_bindgen::JsCast;
use yew::prelude::*;
use zkplay_core::tutorial::{
    lessons, spans, CardButton, Control, Focus, Lang, Lesson, ServerButton, Span,
};

use crate::lesson_text::{use_lesson_texts, Texts};
use crate::messages::Msg;
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
    pub dispatch: Callback<Action>,
}

#[function_component(Tutorial)]
pub fn tutorial(p: &TutorialProps) -> Html {
    let l = p.lang;
    let current = p.lesson.and_then(|i| lessons().get(i));
    let texts = use_lesson_texts(l, current.is_some());
    html! {
        <section class="tutorial" aria-label={Msg::Tutorial.text(l)}>
            <h2>{ Msg::Tutorial.text(l) }</h2>
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
    // The words arrive with the lessons' file; until then the step's controls work already.
    let (intro, task, explanation) = match texts {
        Texts::Ready(w) => (
            rich(w.intro(i)),
            rich(w.task(i, p.step)),
            rich(w.explanation(i, p.step)),
        ),
        Texts::Loading => {
            let w = html! { <span class="muted">{ "…" }</span> };
            (w.clone(), w.clone(), w)
        }
        Texts::Unavailable => {
            let w = html! { <span class="muted">{ t(Msg::LessonTextUnavailable) }</span> };
            (w.clone(), w.clone(), w)
        }
    };
    if lesson.steps.get(p.step).is_none() {
        return html! {};
    }
    let count = lesson.steps.len();
    let last = p.step + 1 == count;
    html! {
        <div class="lesson" data-testid="lesson-view" data-lesson={lesson.id}
            data-step={p.step.to_string()} data-passed={p.passed.to_string()}>
            <h3>{ rich(lesson.title.get(l)) }</h3>
            <p class="intro">{ intro }</p>
            <ol class="step-dots" aria-label={Msg::StepOf.fill(l, &[&(p.step + 1), &count])}>
                { for (0..count).map(|i| html! {
                    <li class={classes!((i < p.step || (i == p.step && p.passed)).then_some("ok"), (i == p.step).then_some("now"))} />
                }) }
            </ol>
            <p class="task" data-testid="step-task">
                <strong>{ Msg::StepOf.fill(l, &[&(p.step + 1), &count]) }</strong>
                { task }
            </p>
            if p.passed {
                <p class="explanation" data-testid="step-explanation">
                    <strong>{ t(Msg::WhatHappened) }</strong>{ explanation }
                </p>
                if last {
                    <p class="lesson-done" data-testid="lesson-complete">{ t(Msg::LessonComplete) }</p>
                }
            } else {
                <p class="waiting muted" data-testid="step-waiting">{ t(Msg::StepWaiting) }</p>
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
                <button onclick={d.reform(|_| Action::CloseLesson)}>{ t(Msg::Close) }</button>
            </div>
        </div>
    }
}

/// A lesson's text with its code (commands, paths, ZooKeeper's names) as code, as it is.
fn rich(text: &str) -> Html {
    spans(text)
        .map(|span| match span {
            Span::Prose(words) => html! { { words } },
            Span::Code(code) => html! { <code data-zk="">{ code }</code> },
        })
        .collect()
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
pub fn use_focus_highlight(focus: &'static [Focus]) {
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
        for el in wanted {
            if !el.class_list().contains(FOCUS_CLASS) {
                let _ = el.class_list().add_1(FOCUS_CLASS);
            }
        }
    });
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
