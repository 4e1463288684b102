//! Recipes: start one on new clients; see who holds and who waits on whom, the herd effect per
//! hand-off, and safety violations, loudly.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zkplay_core::recipes::kinds::{OptionName, KINDS};
use zkplay_core::recipes::Violation;
use zkplay_core::sandbox::RecipeView;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct RecipesProps {
    pub views: Vec<RecipeView>,
    pub violations: Vec<Violation>,
    pub dispatch: Callback<Action>,
}

#[function_component(Recipes)]
pub fn recipes(p: &RecipesProps) -> Html {
    let kind_ref = use_node_ref();
    let path_ref = use_node_ref();
    let count_ref = use_node_ref();
    let hold_ref = use_node_ref();
    let fencing_ref = use_node_ref();
    let on_kind = {
        let kind_ref = kind_ref.clone();
        let path_ref = path_ref.clone();
        Callback::from(move |_| {
            let kind = kind_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            if let (Some(input), Some(info)) = (
                path_ref.cast::<HtmlInputElement>(),
                KINDS.iter().find(|k| k.name == kind),
            ) {
                input.set_value(info.default_path);
            }
        })
    };
    let start = {
        let refs = (
            kind_ref.clone(),
            path_ref.clone(),
            count_ref.clone(),
            hold_ref.clone(),
            fencing_ref.clone(),
        );
        let d = p.dispatch.clone();
        Callback::from(move |_| {
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let kind = refs
                .0
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let count = value(&refs.2).parse::<usize>().unwrap_or(3);
            let hold = value(&refs.3);
            let fencing = refs
                .4
                .cast::<HtmlInputElement>()
                .is_some_and(|c| c.checked());
            // The kinds table says which options a kind uses.
            let info = KINDS.iter().find(|k| k.name == kind);
            let mut options = String::new();
            if info.is_some_and(|k| k.uses(OptionName::Hold)) {
                options = format!(
                    "hold={}",
                    if hold.is_empty() { "2000".into() } else { hold }
                );
            }
            if fencing && info.is_some_and(|k| k.uses(OptionName::Fencing)) {
                options.push_str(" fencing=on");
            }
            d.emit(Action::StartRecipe {
                kind,
                path: value(&refs.1),
                count,
                options,
            });
        })
    };
    html! {
        <div class="recipes">
            <h2>{ "Recipes" }</h2>
            <div class="recipe-form row">
                <select ref={kind_ref} onchange={on_kind} aria-label="recipe" data-testid="recipe-kind">
                    { for KINDS.iter().enumerate().map(|(i, k)| html! { <option value={k.name} title={k.what} selected={i == 0}>{ k.name }</option> }) }
                </select>
                <input ref={path_ref} class="path" value={KINDS[0].default_path} aria-label="recipe path" data-testid="recipe-path" />
                <label class="muted">{ "× " }<input ref={count_ref} class="small" type="number" min="1" max="100" value="3" aria-label="how many clients" data-testid="recipe-count" /></label>
                <label class="muted">{ "hold ms " }<input ref={hold_ref} class="small" type="number" min="0" value="4000" aria-label="hold time" /></label>
                <label class="muted"><input ref={fencing_ref} type="checkbox" aria-label="fencing" />{ " fencing" }</label>
                <button onclick={start} data-testid="start-recipe">{ "Start" }</button>
            </div>
            if !p.violations.is_empty() {
                <div class="violations" role="alert" data-testid="violations">
                    <strong>{ format!("⚠ {} safety violation(s)", p.violations.len()) }</strong>
                    <ul>
                        { for p.violations.iter().map(|v| html! {
                            <li>{ format!("{} — {} (seed {}, step {}, t = {} ms)", v.property, v.detail, v.seed, v.step, v.time_ms) }</li>
                        }) }
                    </ul>
                </div>
            }
            { for p.views.iter().map(view) }
        </div>
    }
}

fn view(v: &RecipeView) -> Html {
    let max = v.handoffs.iter().copied().max().unwrap_or(1).max(1);
    let bar_w = 18;
    let chart_h = 60u64;
    html! {
        <section class="recipe-view" data-testid="recipe-view" data-path={v.path.clone()}>
            <h3>{ format!("{} · {}", v.path, v.kind.split('-').next().unwrap_or(v.kind)) }</h3>
            if !v.chain.is_empty() {
                <ol class="chain" aria-label="who waits on whom">
                    { for v.chain.iter().enumerate().map(|(i, (node, owner))| html! {
                        <li class={classes!(if i == 0 { "holder" } else { "waiter" })}>
                            <span class="node">{ node }</span>
                            <span class="muted">{ format!(" {owner}") }</span>
                            if i == 0 { <span class="badge">{ "lowest: holds, or is next" }</span> }
                        </li>
                    }) }
                </ol>
            }
            { for v.details.iter().map(|l| html! { <p class="small-text">{ l }</p> }) }
            if v.contender {
            <p class="muted">{ format!(
                "{} acquisition(s){} · {} messages on the network · watch notifications per hand-off:",
                v.acquisitions,
                if v.acquire_ms.is_empty() { String::new() } else {
                    format!(", time to acquire {} ms", v.acquire_ms.iter().map(u64::to_string).collect::<Vec<_>>().join(" / "))
                },
                v.messages_sent
            ) }</p>
            if v.handoffs.is_empty() {
                <p class="muted small-text">{ "no hand-off yet" }</p>
            } else {
                <svg class="herd" role="img" aria-label="notifications per hand-off"
                    width={(v.handoffs.len() * (bar_w + 6) + 6).to_string()} height={(chart_h + 16).to_string()}>
                    { for v.handoffs.iter().enumerate().map(|(i, n)| {
                        let h = (n * chart_h / max).max(2);
                        let x = 6 + i * (bar_w + 6);
                        html! {
                            <g>
                                <rect x={x.to_string()} y={(chart_h - h).to_string()} width={bar_w.to_string()} height={h.to_string()} />
                                <text x={(x + bar_w / 2).to_string()} y={(chart_h + 12).to_string()} text-anchor="middle">{ n }</text>
                            </g>
                        }
                    }) }
                </svg>
            }
            } else {
                <p class="muted">{ format!("{} messages on the network", v.messages_sent) }</p>
            }
        </section>
    }
}
