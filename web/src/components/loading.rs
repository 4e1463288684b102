//! A script loading in slices: the question before a big one runs (what it is about to do, Run
//! or Cancel), then its progress with a Cancel that keeps what ran.

use yew::prelude::*;
use zkplay_core::load::{Estimate, Progress};
use zkplay_core::tutorial::Lang;

use crate::messages::{self, Msg};
use crate::state::{Action, LoadSource};

/// What the panel shows.
pub struct LoadingProps<'a> {
    pub source: LoadSource,
    pub estimate: &'a Estimate,
    pub progress: &'a Progress,
    pub confirmed: bool,
    pub lang: Lang,
    pub dispatch: &'a Callback<Action>,
}

/// A plain function, not a component: it has no state of its own, and a component's machinery
/// costs the page's first load more than drawing this banner again.
pub fn loading_panel(p: LoadingProps) -> Html {
    let l = p.lang;
    let cancel = p.dispatch.reform(|_| Action::CancelLoad);
    if !p.confirmed {
        return html! {
            <div class="banner load" role="alertdialog" aria-label={Msg::LoadDialog.text(l)} data-testid="load-confirm">
                <span>{ messages::load_prompt(l, p.source, p.estimate) }</span>
                <button data-testid="load-run" onclick={p.dispatch.reform(|_| Action::RunLoad)}>{ Msg::Run.text(l) }</button>
                <button data-testid="load-cancel" onclick={cancel}>{ Msg::Cancel.text(l) }</button>
            </div>
        };
    }
    // The bar counts estimated events, so a day's tick moves it as smoothly as a line does.
    let total = p.progress.events_total.max(1);
    html! {
        <div class="banner load" role="status" data-testid="load-progress">
            <span>{ messages::load_progress(l, p.source, p.progress) }</span>
            <progress max={total.to_string()} value={p.progress.events_done.to_string()}
                data-testid="load-bar" aria-label={Msg::LoadBar.text(l)} />
            <button data-testid="load-cancel" title={Msg::CancelKeeps.text(l)} onclick={cancel}>{ Msg::Cancel.text(l) }</button>
        </div>
    }
}
