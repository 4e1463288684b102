//! The case studies: the seed's real systems (HBase, Kafka, Solr, sharded messages), each run
//! into a fresh sandbox from its script, with what it rests on and what to look at, in the
//! page's language.

use yew::prelude::*;
use zkplay_core::cases::{case, CASES};
use zkplay_core::tutorial::Lang;

use crate::components::tutorial::rich;
use crate::lesson_text::{fetch_text, use_lesson_texts, Texts};
use wasm_bindgen_futures::spawn_local;

use crate::messages::Msg;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct CasesProps {
    /// The id of the case that was run, if any.
    pub open: Option<&'static str>,
    /// Folded to its heading (during a lesson, so the lesson keeps the room).
    pub folded: bool,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
}

#[function_component(Cases)]
pub fn cases(p: &CasesProps) -> Html {
    let l = p.lang;
    let open = p.open.and_then(case);
    // The summary and guide arrive with the lessons' file (`lesson_text`), as a lesson's do.
    let texts = use_lesson_texts(l, open.is_some());
    let index = p.open.and_then(|id| CASES.iter().position(|c| c.id == id));
    let words = |text: &str| match &texts {
        Texts::Ready(_) => rich(text),
        Texts::Loading => html! { <span class="muted">{ "…" }</span> },
        Texts::Unavailable => {
            html! { <span class="muted">{ Msg::LessonTextUnavailable.text(l) }</span> }
        }
    };
    let (summary, guide): (String, Vec<String>) = match (&texts, index) {
        (Texts::Ready(w), Some(i)) => (w.case_summary(i).to_string(), w.case_guide(i).to_vec()),
        _ => (String::new(), Vec::new()),
    };
    let words_state = match &texts {
        Texts::Ready(_) => "ready",
        Texts::Loading => "loading",
        Texts::Unavailable => "unavailable",
    };
    html! {
        <details class="cases" data-testid="cases" aria-label={Msg::CasesHeading.text(l)}
            open={!p.folded || open.is_some()}>
            <summary><h2>{ Msg::CasesHeading.text(l) }</h2></summary>
            <p class="intro">{ Msg::CasesIntro.text(l) }</p>
            <ul class="case-list">
                { for CASES.iter().map(|c| {
                    let id = c.id;
                    let d = p.dispatch.clone();
                    // Its script arrives as a file of the page's (`core/cases/ID.zks`).
                    let run = Callback::from(move |_| {
                        let d = d.clone();
                        spawn_local(async move {
                            let script = fetch_text(&format!("cases/{id}.zks")).await;
                            d.emit(Action::OpenCase(id, script));
                        });
                    });
                    html! {
                        <li class={classes!((p.open == Some(id)).then_some("current"))}>
                            <button data-testid={format!("case-{id}")} onclick={run}
                                title={Msg::CaseRun.text(l)}>{ c.title.get(l) }</button>
                        </li>
                    }
                }) }
            </ul>
            if let Some(c) = open {
                <div class="case" data-testid="case" data-case={c.id} data-words={words_state}>
                    <h3>{ c.title.get(l) }</h3>
                    <p>{ words(&summary) }</p>
                    <p class="features">{ Msg::CaseFeatures.text(l) }{ " " }
                        { for c.features.iter().map(|f| html! { <code data-zk="">{ *f }</code> }) }
                    </p>
                    <h4>{ Msg::CaseWhatHappened.text(l) }</h4>
                    <ol class="case-guide">
                        { for guide.iter().map(|t| html! { <li>{ words(t) }</li> }) }
                    </ol>
                    <p class="hint">{ Msg::CaseHint.text(l) }</p>
                    <button data-testid="case-close" onclick={p.dispatch.reform(|_| Action::CloseCase)}>
                        { Msg::CaseClose.text(l) }</button>
                </div>
            }
        </details>
    }
}
