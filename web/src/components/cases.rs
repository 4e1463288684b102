//! The case studies: the seed's real systems (HBase, Kafka, Solr, sharded messages), each run
//! into a fresh sandbox from its script, with what it rests on and what to look at, in the
//! page's language.

use yew::prelude::*;
use zkplay_core::cases::{case, CASES};
use zkplay_core::tutorial::Lang;

use crate::components::tutorial::rich;

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
    html! {
        <details class="cases" data-testid="cases" aria-label={Msg::CasesHeading.text(l)}
            open={!p.folded || open.is_some()}>
            <summary><h2>{ Msg::CasesHeading.text(l) }</h2></summary>
            <p class="intro">{ Msg::CasesIntro.text(l) }</p>
            <ul class="case-list">
                { for CASES.iter().map(|c| {
                    let id = c.id;
                    let run = p.dispatch.reform(move |_| Action::OpenCase(id));
                    html! {
                        <li class={classes!((p.open == Some(id)).then_some("current"))}>
                            <button data-testid={format!("case-{id}")} onclick={run}
                                title={Msg::CaseRun.text(l)}>{ c.title.get(l) }</button>
                        </li>
                    }
                }) }
            </ul>
            if let Some(c) = open {
                <div class="case" data-testid="case" data-case={c.id}>
                    <h3>{ c.title.get(l) }</h3>
                    <p>{ rich(c.summary.get(l)) }</p>
                    <p class="features">{ Msg::CaseFeatures.text(l) }{ " " }
                        { for c.features.iter().map(|f| html! { <code data-zk="">{ *f }</code> }) }
                    </p>
                    <h4>{ Msg::CaseWhatHappened.text(l) }</h4>
                    <ol class="case-guide">
                        { for c.guide.iter().map(|t| html! { <li>{ rich(t.get(l)) }</li> }) }
                    </ol>
                    <p class="hint">{ Msg::CaseHint.text(l) }</p>
                    <button data-testid="case-close" onclick={p.dispatch.reform(|_| Action::CloseCase)}>
                        { Msg::CaseClose.text(l) }</button>
                </div>
            }
        </details>
    }
}
