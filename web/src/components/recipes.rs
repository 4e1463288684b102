//! Recipes: start one on new clients; see who holds and who waits on whom, the herd effect per
//! hand-off, and safety violations, loudly.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zkplay_core::recipes::kinds::{Meaning, OptionName, RecipeFamily, KINDS};
use zkplay_core::recipes::RecipeKind;
use zkplay_core::recipes::Violation;
use zkplay_core::sandbox::{RecipeView, Stand};
use zkplay_core::tutorial::Lang;

use crate::components::words::render;
use crate::messages::{self, kind_words, Msg};
use crate::state::{Action, Field, Problem, RecipeForm};

/// A recipe kind's name in words.
pub fn kind_name(l: Lang, kind: RecipeKind) -> &'static str {
    kind_words(kind).0.text(l)
}

#[derive(Properties, PartialEq)]
pub struct RecipesProps {
    pub views: std::rc::Rc<Vec<RecipeView>>,
    pub violations: std::rc::Rc<Vec<Violation>>,
    pub dispatch: Callback<Action>,
    pub lang: Lang,
    /// What the form starts with (the page keys the component on it: a new one, a new form).
    pub form: RecipeForm,
}

/// What an option means for a kind, in the page's words.
pub(crate) fn meaning_words(m: Meaning) -> Msg {
    match m {
        Meaning::HoldRole => Msg::MeaningHoldRole,
        Meaning::Rounds => Msg::MeaningRounds,
        Meaning::Fencing => Msg::MeaningFencing,
        Meaning::ItemsProduced => Msg::MeaningItemsProduced,
        Meaning::IntervalProduce => Msg::MeaningIntervalProduce,
        Meaning::IntervalConsume => Msg::MeaningIntervalConsume,
        Meaning::HoldBarrierWork => Msg::MeaningHoldBarrierWork,
        Meaning::SizeBarrier => Msg::MeaningSizeBarrier,
        Meaning::ItemsConfigVersions => Msg::MeaningItemsConfigVersions,
        Meaning::IntervalConfig => Msg::MeaningIntervalConfig,
        Meaning::ItemsNames => Msg::MeaningItemsNames,
        Meaning::ItemsLoadUpdates => Msg::MeaningItemsLoadUpdates,
        Meaning::IntervalLoad => Msg::MeaningIntervalLoad,
        Meaning::HoldTaskWork => Msg::MeaningHoldTaskWork,
        Meaning::ItemsTasks => Msg::MeaningItemsTasks,
        Meaning::ItemsRegions => Msg::MeaningItemsRegions,
        Meaning::ItemsPartitions => Msg::MeaningItemsPartitions,
        Meaning::ItemsSolrShards => Msg::MeaningItemsSolrShards,
        Meaning::ItemsShards => Msg::MeaningItemsShards,
        Meaning::ItemsSegments => Msg::MeaningItemsSegments,
    }
}

/// An option's label (the form's starting value for it is core's, `OptionName::default_value`).
fn option_label(o: OptionName) -> Msg {
    match o {
        OptionName::Hold => Msg::OptHold,
        OptionName::Rounds => Msg::OptRounds,
        OptionName::Fencing => Msg::OptFencing,
        OptionName::Items => Msg::OptItems,
        OptionName::Interval => Msg::OptInterval,
        OptionName::Size => Msg::OptSize,
    }
}

const OPTIONS: [OptionName; 6] = OptionName::ALL;

#[function_component(Recipes)]
pub fn recipes(p: &RecipesProps) -> Html {
    let kind_ref = use_node_ref();
    let path_ref = use_node_ref();
    let count_ref = use_node_ref();
    // One input per option, shown only for the kinds that use it.
    let option_refs: [NodeRef; 6] = [
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    ];
    let kind = use_state(|| p.form.kind);
    // The path follows the kind (its suggested path) until the user types another.
    let path = use_state(|| p.form.path.clone());
    let on_kind = {
        let (kind_ref, kind, path) = (kind_ref.clone(), kind.clone(), path.clone());
        Callback::from(move |_| {
            let name = kind_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            if let Some(info) = KINDS.iter().find(|k| k.name == name) {
                path.set(info.default_path.to_string());
                kind.set(info.kind);
            }
        })
    };
    let on_path = {
        let path = path.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                path.set(i.value());
            }
        })
    };
    let start = {
        let (path_ref, count_ref, option_refs, kind) = (
            path_ref.clone(),
            count_ref.clone(),
            option_refs.clone(),
            *kind,
        );
        let d = p.dispatch.clone();
        Callback::from(move |_| {
            let input = |r: &NodeRef| r.cast::<HtmlInputElement>();
            let value = |r: &NodeRef| input(r).map(|i| i.value()).unwrap_or_default();
            let count = value(&count_ref).parse::<usize>().unwrap_or(3);
            // Each option's field, read by core's reader of a `recipe` line's values.
            let field = |o: OptionName| {
                let r = OPTIONS
                    .iter()
                    .position(|x| *x == o)
                    .map(|i| &option_refs[i]);
                if o == OptionName::Fencing {
                    Field::Checked(r.and_then(input).is_some_and(|c| c.checked()))
                } else {
                    Field::Text(r.map(value).unwrap_or_default())
                }
            };
            d.emit(
                match RecipeForm::read(kind, value(&path_ref), count, field) {
                    Ok(form) => Action::StartRecipe(form),
                    Err(e) => Action::ShowError(Problem::Options(e)),
                },
            );
        })
    };
    let l = p.lang;
    let t = |m: Msg| m.text(l);
    let info = kind.info();
    html! {
        <div class="recipes">
            <h2>{ t(Msg::Recipes) }</h2>
            <div class="recipe-form row" data-testid="recipe-form">
                <select ref={kind_ref} onchange={on_kind} aria-label={t(Msg::RecipeKind)} data-testid="recipe-kind">
                    { for KINDS.iter().map(|k| {
                        let (name, what) = kind_words(k.kind);
                        html! { <option value={k.name} title={t(what)} selected={k.kind == *kind}>{ t(name) }</option> }
                    }) }
                </select>
                <input ref={path_ref} class="path" value={(*path).clone()} oninput={on_path} aria-label={t(Msg::RecipePath)} data-testid="recipe-path" />
                <label class="muted">{ t(Msg::Times) }<input ref={count_ref} class="small" type="number" min="1" max="100" value={p.form.count.to_string()} aria-label={t(Msg::HowManyClients)} data-testid="recipe-count" /></label>
                <button onclick={start} data-testid="start-recipe">{ t(Msg::Start) }</button>
            </div>
            <p class="small-text muted" data-testid="recipe-what">{ t(kind_words(*kind).1) }</p>
            <dl class="recipe-options" data-testid="recipe-options">
                { for OPTIONS.iter().zip(option_refs.iter()).filter_map(|(o, r)| {
                    let meaning = info.options.iter().find(|(x, _)| x == o)?.1;
                    let label = option_label(*o);
                    let start = p.form.option_text(*o);
                    let testid = format!("recipe-{}", o.key());
                    let field = if *o == OptionName::Fencing {
                        html! { <input ref={r.clone()} type="checkbox" checked={start == "on"} aria-label={t(label)} data-testid={testid} /> }
                    } else {
                        html! { <input ref={r.clone()} class="small" type="number" min="0" value={start} aria-label={t(label)} data-testid={testid} /> }
                    };
                    Some(html! {
                        <div class="option" key={o.key()}>
                            <dt><label>{ t(label) }{ " " }{ field }</label></dt>
                            <dd class="small-text muted">{ t(meaning_words(meaning)) }</dd>
                        </div>
                    })
                }) }
            </dl>
            // The newest recipe first (the one a learner just started), then what broke.
            { for p.views.iter().rev().map(|v| view(l, v)) }
            if !p.violations.is_empty() {
                <div class="violations" role="alert" data-testid="violations">
                    <strong>{ Msg::Violations.fill(l, &[&p.violations.len()]) }</strong>
                    <ul>
                        { for p.violations.iter().map(|v| html! {
                            <li>
                                { render(&messages::violation(l, v)) }
                                { Msg::ViolationAt.fill(l, &[&v.seed, &v.step, &v.time_ms]) }
                            </li>
                        }) }
                    </ul>
                </div>
            }
        </div>
    }
}

fn view(l: Lang, v: &RecipeView) -> Html {
    let t = |m: Msg| m.text(l);
    let election = v.kind.family() == RecipeFamily::Election;
    html! {
        <section class="recipe-view" data-testid="recipe-view" data-path={v.path.clone()}>
            <h3><span data-zk="">{ &v.path }</span>{ " · " }{ messages::recipe_family(l, v.kind.family()) }</h3>
            if !v.chain.is_empty() {
                // Who holds, and who waits behind whom, as each contender's role says.
                <ol class="chain" aria-label={t(Msg::ChainLabel)}>
                    { for v.chain.iter().map(|c| html! {
                        <li class={classes!(matches!(c.stand, Stand::Holds).then_some("holder"))}>
                            { render(&messages::chain_link(l, election, c)) }
                        </li>
                    }) }
                </ol>
            }
            if let Some(r) = &v.resource {
                <div class="resource" data-testid="resource">
                    <strong>{ t(Msg::ResourceHeading) }</strong><span data-zk="">{ &v.path }</span>
                    if let Some(a) = &r.accepted {
                        <p class="small-text">{ render(&messages::accepted(l, a)) }</p>
                    }
                    { for r.refusals.iter().map(|x| html! {
                        <p class="small-text refusal" data-testid="refusal">{ render(&messages::refusal(l, x)) }</p>
                    }) }
                </div>
            }
            // What the recipe's znodes say, read from the tree.
            { for v.details.iter().map(|d| html! { <p class="small-text">{ render(&messages::board_line(l, d)) }</p> }) }
            if v.contender {
            <p class="muted">{ Msg::ContenderStats.fill(l, &[
                &v.acquisitions,
                &if v.acquire_ms.is_empty() { String::new() } else {
                    Msg::AcquireTimes.fill(l, &[&v.acquire_ms.iter().map(u64::to_string).collect::<Vec<_>>().join(" / ")])
                },
                &v.messages_sent,
            ]) }
                if v.handoffs.is_empty() {
                    { " " }{ t(Msg::NoHandoff) }
                } else {
                    { " " }<span data-testid="herd">{ v.handoffs.iter().map(u64::to_string).collect::<Vec<_>>().join(" · ") }</span>
                }
            </p>
            } else {
                <p class="muted">{ Msg::MessagesSent.fill(l, &[&v.messages_sent]) }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form's words for what an option means are core's own, in English.
    #[test]
    fn option_meanings_are_cores_in_english() {
        use zkplay_core::recipes::kinds::KINDS;
        for k in KINDS {
            for (_, m) in k.options {
                assert_eq!(meaning_words(*m).text(Lang::En), m.english(), "{}", k.name);
            }
        }
    }
}
