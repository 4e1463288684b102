//! Recipes: start one on new clients; see who holds and who waits on whom, the herd effect per
//! hand-off, and safety violations, loudly.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zkplay_core::recipes::kinds::{OptionName, KINDS};
use zkplay_core::recipes::RecipeKind;
use zkplay_core::recipes::Violation;
use zkplay_core::sandbox::RecipeView;
use zkplay_core::tutorial::Lang;

use crate::messages::{self, Msg};
use crate::state::Action;

/// A recipe kind's name and what it shows, in the page's words (the kinds themselves, their
/// paths and options are core's `recipes::kinds` table).
fn kind_words(kind: RecipeKind) -> (Msg, Msg) {
    match kind {
        RecipeKind::Lock => (Msg::KindLock, Msg::KindLockWhat),
        RecipeKind::LockNaive => (Msg::KindLockNaive, Msg::KindLockNaiveWhat),
        RecipeKind::Election => (Msg::KindElection, Msg::KindElectionWhat),
        RecipeKind::ElectionNaive => (Msg::KindElectionNaive, Msg::KindElectionNaiveWhat),
        RecipeKind::RwRead => (Msg::KindRwlockRead, Msg::KindRwlockReadWhat),
        RecipeKind::RwWrite => (Msg::KindRwlockWrite, Msg::KindRwlockWriteWhat),
        RecipeKind::QueueProducer => (Msg::KindQueueProducer, Msg::KindQueueProducerWhat),
        RecipeKind::QueueConsumer => (Msg::KindQueueConsumer, Msg::KindQueueConsumerWhat),
        RecipeKind::Barrier => (Msg::KindBarrier, Msg::KindBarrierWhat),
        RecipeKind::DoubleBarrier => (Msg::KindDoubleBarrier, Msg::KindDoubleBarrierWhat),
        RecipeKind::ConfigWorker => (Msg::KindConfigWorker, Msg::KindConfigWorkerWhat),
        RecipeKind::ConfigManager => (Msg::KindConfigManager, Msg::KindConfigManagerWhat),
        RecipeKind::Naming => (Msg::KindNaming, Msg::KindNamingWhat),
        RecipeKind::LbServer => (Msg::KindLbServer, Msg::KindLbServerWhat),
        RecipeKind::LbClient => (Msg::KindLbClient, Msg::KindLbClientWhat),
        RecipeKind::MwMaster => (Msg::KindMwMaster, Msg::KindMwMasterWhat),
        RecipeKind::MwWorker => (Msg::KindMwWorker, Msg::KindMwWorkerWhat),
        RecipeKind::MwClient => (Msg::KindMwClient, Msg::KindMwClientWhat),
        RecipeKind::HBaseMaster => (Msg::KindHBaseMaster, Msg::KindHBaseMasterWhat),
        RecipeKind::HBaseRegionServer => {
            (Msg::KindHBaseRegionServer, Msg::KindHBaseRegionServerWhat)
        }
        RecipeKind::KafkaBroker => (Msg::KindKafkaBroker, Msg::KindKafkaBrokerWhat),
        RecipeKind::SolrNode => (Msg::KindSolrNode, Msg::KindSolrNodeWhat),
        RecipeKind::ShardMaster => (Msg::KindShardMaster, Msg::KindShardMasterWhat),
        RecipeKind::ShardServer => (Msg::KindShardServer, Msg::KindShardServerWhat),
    }
}

/// A recipe kind's name in words (the script's word if it is not a kind).
pub fn kind_name(l: Lang, kind: &str) -> String {
    RecipeKind::parse(kind)
        .map_or_else(|| kind.to_string(), |k| kind_words(k).0.text(l).to_string())
}

#[derive(Properties, PartialEq)]
pub struct RecipesProps {
    pub views: std::rc::Rc<Vec<RecipeView>>,
    pub violations: std::rc::Rc<Vec<Violation>>,
    pub dispatch: Callback<Action>,
    pub lang: Lang,
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
    let l = p.lang;
    let t = |m: Msg| m.text(l);
    html! {
        <div class="recipes">
            <h2>{ t(Msg::Recipes) }</h2>
            <div class="recipe-form row" data-testid="recipe-form">
                <select ref={kind_ref} onchange={on_kind} aria-label={t(Msg::RecipeKind)} data-testid="recipe-kind">
                    { for KINDS.iter().enumerate().map(|(i, k)| {
                        let (name, what) = kind_words(k.kind);
                        html! { <option value={k.name} title={t(what)} selected={i == 0}>{ t(name) }</option> }
                    }) }
                </select>
                <input ref={path_ref} class="path" value={KINDS[0].default_path} aria-label={t(Msg::RecipePath)} data-testid="recipe-path" />
                <label class="muted">{ t(Msg::Times) }<input ref={count_ref} class="small" type="number" min="1" max="100" value="3" aria-label={t(Msg::HowManyClients)} data-testid="recipe-count" /></label>
                <label class="muted">{ t(Msg::HoldMs) }<input ref={hold_ref} class="small" type="number" min="0" value="4000" aria-label={t(Msg::HoldTime)} data-testid="recipe-hold" /></label>
                <label class="muted"><input ref={fencing_ref} type="checkbox" aria-label={t(Msg::FencingLabel)} data-testid="recipe-fencing" />{ t(Msg::Fencing) }</label>
                <button onclick={start} data-testid="start-recipe">{ t(Msg::Start) }</button>
            </div>
            if !p.violations.is_empty() {
                <div class="violations" role="alert" data-testid="violations">
                    <strong>{ Msg::Violations.fill(l, &[&p.violations.len()]) }</strong>
                    <ul>
                        // What was violated is the engine's, in English for now.
                        { for p.violations.iter().map(|v| html! {
                            <li>
                                <span data-untranslated="">{ format!("{} — {}", v.property, v.detail) }</span>
                                { Msg::ViolationAt.fill(l, &[&v.seed, &v.step, &v.time_ms]) }
                            </li>
                        }) }
                    </ul>
                </div>
            }
            { for p.views.iter().map(|v| view(l, v)) }
        </div>
    }
}

fn view(l: Lang, v: &RecipeView) -> Html {
    let t = |m: Msg| m.text(l);
    let max = v.handoffs.iter().copied().max().unwrap_or(1).max(1);
    let bar_w = 18;
    let chart_h = 60u64;
    html! {
        <section class="recipe-view" data-testid="recipe-view" data-path={v.path.clone()}>
            <h3><span data-zk="">{ &v.path }</span>{ " · " }{ messages::recipe_family(l, v.kind) }</h3>
            if !v.chain.is_empty() {
                <ol class="chain" aria-label={t(Msg::ChainLabel)}>
                    { for v.chain.iter().enumerate().map(|(i, (node, owner))| html! {
                        <li class={classes!(if i == 0 { "holder" } else { "waiter" })}>
                            if i > 0 { <span class="muted">{ t(Msg::WaitsForAbove) }</span> }
                            <span class="node" data-zk="">{ node }</span>
                            <span class="muted">{ format!(" {owner}") }</span>
                            if i == 0 { <span class="badge">{ t(Msg::Lowest) }</span> }
                        </li>
                    }) }
                </ol>
            }
            // What the recipe's znodes say is the engine's, in English for now.
            { for v.details.iter().map(|d| html! { <p class="small-text" data-untranslated="">{ d }</p> }) }
            if v.contender {
            <p class="muted">{ Msg::ContenderStats.fill(l, &[
                &v.acquisitions,
                &if v.acquire_ms.is_empty() { String::new() } else {
                    Msg::AcquireTimes.fill(l, &[&v.acquire_ms.iter().map(u64::to_string).collect::<Vec<_>>().join(" / ")])
                },
                &v.messages_sent,
            ]) }</p>
            if v.handoffs.is_empty() {
                <p class="muted small-text">{ t(Msg::NoHandoff) }</p>
            } else {
                <svg class="herd" role="img" aria-label={t(Msg::HerdChart)}
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
                <p class="muted">{ Msg::MessagesSent.fill(l, &[&v.messages_sent]) }</p>
            }
        </section>
    }
}
