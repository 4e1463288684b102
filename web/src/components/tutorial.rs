//! The tutorial: every lesson with its state, the current lesson's text, task and live checks,
//! hints on request and "show me".

use std::collections::BTreeSet;

use yew::prelude::*;
use zkplay_core::tutorial::{lessons, spans, Lang, Lesson, Span};

use crate::messages::Msg;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct TutorialProps {
    pub lesson: Option<usize>,
    pub lang: Lang,
    pub done: BTreeSet<String>,
    /// The current lesson's check results.
    pub results: Vec<bool>,
    pub dispatch: Callback<Action>,
}

#[function_component(Tutorial)]
pub fn tutorial(p: &TutorialProps) -> Html {
    let hint = use_state(|| false);
    let l = p.lang;
    let current = p.lesson.and_then(|i| lessons().get(i));
    html! {
        <section class="tutorial" aria-label={Msg::Tutorial.text(l)}>
            <h2>{ Msg::Tutorial.text(l) }</h2>
            <ol class="lessons">
                { for lessons().iter().enumerate().map(|(i, lesson)| {
                    let done = p.done.contains(lesson.id);
                    let open = p.dispatch.reform(move |_| Action::OpenLesson(i));
                    html! {
                        <li data-testid="lesson" data-lesson={lesson.id} data-done={done.to_string()}
                            class={classes!(done.then_some("done"), (p.lesson == Some(i)).then_some("current"))}>
                            <button onclick={open}>{ if done { "✓ " } else { "" } }{ rich(lesson.title.get(l)) }</button>
                        </li>
                    }
                }) }
            </ol>
            if let Some(lesson) = current {
                { lesson_view(lesson, l, &p.results, *hint, {
                    let hint = hint.clone();
                    Callback::from(move |_| hint.set(!*hint))
                }, &p.dispatch) }
            }
        </section>
    }
}

fn lesson_view(
    lesson: &Lesson,
    l: Lang,
    results: &[bool],
    hint: bool,
    toggle_hint: Callback<MouseEvent>,
    d: &Callback<Action>,
) -> Html {
    let t = |m: Msg| m.text(l);
    let restart = {
        let i = lessons()
            .iter()
            .position(|x| x.id == lesson.id)
            .unwrap_or(0);
        d.reform(move |_| Action::OpenLesson(i))
    };
    html! {
        <div class="lesson" data-testid="lesson-view">
            <h3>{ rich(lesson.title.get(l)) }</h3>
            <p>{ rich(lesson.explanation.get(l)) }</p>
            <p class="task"><strong>{ t(Msg::Task) }</strong>{ rich(lesson.task.get(l)) }</p>
            <ul class="checks">
                { for lesson.checks.iter().zip(results.iter().chain(std::iter::repeat(&false))).map(|((_, label), ok)| html! {
                    <li class={classes!(ok.then_some("ok"))}>{ if *ok { "✓ " } else { "○ " } }{ rich(label.get(l)) }</li>
                }) }
            </ul>
            if hint {
                <p class="hint">{ rich(lesson.hint.get(l)) }</p>
            }
            <div class="row">
                <button onclick={toggle_hint}>{ t(Msg::Hint) }</button>
                <button data-testid="show-me" onclick={d.reform(|_| Action::ShowMe)}>{ t(Msg::ShowMe) }</button>
                <button onclick={restart}>{ t(Msg::RestartLesson) }</button>
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
