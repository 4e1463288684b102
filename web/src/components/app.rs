//! The page: toolbar, tree and inspector, client cards, the selected client's console, and the
//! network view. It renders the state and dispatches actions; its effects (saving, loading in
//! slices, keeping the page's choices, playing, the keyboard) are the hooks of `hooks/`.

use yew::prelude::*;
use zkplay_core::tutorial::Lang;

use crate::components::cases::Cases;
use crate::components::clients::Clients;
use crate::components::console::Console;
use crate::components::inspector::inspector;
use crate::components::loading::{loading_panel, LoadingProps};
use crate::components::network::Network;
use crate::components::recipes::Recipes;
use crate::components::toolbar::{toolbar, ToolbarProps};
use crate::components::tree::{Rows, Tree};
use crate::components::tutorial::Tutorial;
use crate::hooks;
use crate::initial_state::initial_state;
use crate::messages::{self, Msg};
use crate::state::{Action, Problem, RecipeForm};
use crate::storage;

/// How many transcript entries a console shows (the whole history is in the export).
const CONSOLE_ENTRIES_MAX: usize = 400;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    // Stable callbacks: a component whose props did not change is not rendered again.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |a: Action| dispatcher.dispatch(a))
        }))
        .clone()
    };
    let on_select_node = {
        let d = dispatch.clone();
        (*use_memo((), move |_| d.reform(Action::SelectNode))).clone()
    };
    let on_node_command = {
        let d = dispatch.clone();
        (*use_memo((), move |_| d.reform(Action::Node))).clone()
    };
    let on_console = {
        let d = dispatch.clone();
        (*use_memo((), move |_| d.reform(Action::Console))).clone()
    };

    // The effects: saving, loading in slices, keeping the page's choices, playing, the
    // keyboard.
    hooks::use_autosave(&state.sandbox, state.load.is_some(), &dispatch);
    let loading = state.load.as_ref().is_some_and(|l| l.confirmed);
    hooks::use_load_slices(loading, state.revision, &dispatch);
    hooks::use_persistence(&state);
    hooks::use_play(state.playing, state.speed, &dispatch);
    hooks::use_keyboard(&dispatch);

    // What the current step points at is highlighted.
    crate::components::tutorial::use_focus_highlight(
        state.current_step().map_or(&[][..], |s| s.focus),
        (state.lesson, state.step, state.step_passed),
    );

    // The tree's rows are rebuilt only when the tree changed (most steps are pings).
    let rows = {
        let sandbox = state.sandbox.clone();
        // Keyed by the sandbox too: a reset or an import starts a new one.
        let version = (
            state.sandbox.borrow().tree_version(),
            std::rc::Rc::as_ptr(&state.sandbox) as usize,
        );
        use_memo(version, move |_| {
            Rows(std::rc::Rc::new(sandbox.borrow().tree_rows()))
        })
    };
    // One snapshot of the views per change of the sandbox; a render for anything else (a
    // click, a selection, the language) reads the same one. What depends on a selection is
    // built once per change of the sandbox or of the selection.
    let revision = (
        std::rc::Rc::as_ptr(&state.sandbox) as usize,
        state.sandbox.borrow().revision(),
    );
    let view = {
        let sandbox = state.sandbox.clone();
        use_memo(revision, move |_| sandbox.borrow().snapshot())
    };
    let selected = state.selected_client.clone();
    let console_text = {
        let sandbox = state.sandbox.clone();
        use_memo((revision, selected.clone()), move |(_, selected)| {
            // With no client selected, the command box's own lines.
            std::rc::Rc::new(
                sandbox
                    .borrow()
                    .console_parts(selected.as_deref(), CONSOLE_ENTRIES_MAX),
            )
        })
    };
    // The timeline marks the selected client's session starts, ① to ⑤.
    let marks = {
        let sandbox = state.sandbox.clone();
        use_memo((revision, selected.clone()), move |(_, selected)| {
            selected
                .as_deref()
                .map(|c| sandbox.borrow().timeline_marks(c))
                .unwrap_or_default()
        })
    };
    let node = {
        let sandbox = state.sandbox.clone();
        use_memo((revision, state.selected_node.clone()), move |(_, path)| {
            path.as_deref().and_then(|p| sandbox.borrow().node(p))
        })
    };
    let client_states = {
        let clients = view.clients.clone();
        use_memo(revision, move |_| {
            std::rc::Rc::new(
                clients
                    .iter()
                    .map(|c| {
                        // How much of its session's timeout is left (the ring's session arc).
                        let left = c.expires_in_s.map(|s| {
                            (s.saturating_mul(100_000) / u64::from(c.timeout_ms.max(1))).min(100)
                                as u8
                        });
                        (c.name.clone(), c.state.name(), left)
                    })
                    .collect::<Vec<(String, &'static str, Option<u8>)>>(),
            )
        })
    };
    // Path completion looks at the tree only when Tab is pressed.
    let complete = {
        let sandbox = state.sandbox.clone();
        (*use_memo(std::rc::Rc::as_ptr(&state.sandbox) as usize, move |_| {
            Callback::from(move |line: String| sandbox.borrow().complete(&line))
        }))
        .clone()
    };
    // "Find a failure" searches the script as it stands when a search starts.
    let search_script = {
        let sandbox = state.sandbox.clone();
        Callback::from(move |_: ()| sandbox.borrow().script())
    };
    // "Find a failure" opens outside the page's tree, drawn by the tools' bundle.
    {
        let sandbox = state.sandbox.clone();
        let wanted = crate::tools_host::Wanted {
            tool: state.tool,
            lang: state.lang,
            script: search_script,
            export: Callback::from(move |_: ()| {
                let s = sandbox.borrow();
                (s.export(), format!("{:016x}", s.state_hash()))
            }),
            request: state.search_request.clone(),
            dispatch: dispatch.clone(),
        };
        let key = (
            state.tool,
            state.lang,
            state.search_request.as_ref().map(|r| r.0),
        );
        use_effect_with(key, move |_| crate::tools_host::sync(wanted));
    }
    let on_share = {
        let (sandbox, lang) = (state.sandbox.clone(), state.lang);
        Callback::from(move |_| storage::set_share_link(&sandbox.borrow().script(), lang))
    };
    // The current step's checks not holding yet, and the recipe it starts next (the recipe
    // form shows it; otherwise the form keeps what was last started).
    // Not memoised: a lesson's step has few checks, and a hook of its own type costs the page
    // more than computing them per render.
    let (unmet, recipe_form) = {
        let s = state.sandbox.borrow();
        let step = state.current_step();
        let unmet = step.map_or(0, |step| {
            zkplay_core::tutorial::unmet_with(&s, step, state.search_fact)
        });
        let form = step
            .and_then(|step| zkplay_core::tutorial::next_recipe(&s, step))
            .and_then(|line| RecipeForm::from_line(&line))
            .unwrap_or_else(|| state.recipe_form.clone());
        (unmet, form)
    };
    // During a lesson the recipe form folds while no recipe runs, but for a step that points
    // at it (in free play it is open); the case studies fold during a lesson.
    let recipes_open = state
        .current_step()
        .is_none_or(zkplay_core::tutorial::points_at_recipes)
        || !view.recipes.is_empty()
        || !view.violations.is_empty();
    let l = state.lang;
    html! {
        <div class={classes!("app", state.load.is_some().then_some("loading"))}>
            { toolbar(&ToolbarProps {
                seed: view.seed,
                marks: marks.clone(),
                now_ms: view.now_ms,
                steps: view.steps,
                playing: state.playing,
                speed: state.speed,
                server_up: view.server_up,
                mode: view.ensemble.as_ref().map_or((0, 0), |e| (e.voters as u32, (e.servers.len() - e.voters) as u32)),
                dispatch: dispatch.clone(),
                on_share,
                violations: view.violations.clone(),
                found: state.found_mark,
                lang: state.lang,
            }) }

            if let Some(load) = &state.load {
                { loading_panel(LoadingProps { source: load.source, estimate: &load.estimate,
                    progress: &load.progress, confirmed: load.confirmed, lang: state.lang,
                    dispatch: &dispatch }) }
            }
            if let Some(p) = &state.error {
                <div class="banner error" role="alert">
                    { problem(l, p) }
                    <button onclick={dispatch.reform(|_| Action::DismissError)}>{ Msg::Dismiss.text(l) }</button>
                </div>
            }
            <main class="panes">
                <section class="pane tree-pane" aria-label={Msg::TreePane.text(l)}>
                    <Tutorial lesson={state.lesson} step={state.step} passed={state.step_passed}
                        lang={state.lang} done={state.done.clone()} progress={state.progress.clone()}
                        unmet={unmet} dispatch={dispatch.clone()} />
                    <Cases open={state.case} folded={state.lesson.is_some()} lang={l} dispatch={dispatch.clone()} />
                    <h2>{ Msg::ZnodesHeading.text(l) }</h2>
                    // On an ensemble, whose tree this is.
                    if let Some(s) = view.ensemble.as_ref().and_then(|e| e.servers.iter().find(|s| Some(s.peer.id) == e.viewed)) {
                        <p class="muted" data-testid="tree-server" data-server={s.peer.id.to_string()} title={Msg::GlossEpoch.text(l)}>{ messages::server_summary(l, s) }</p>
                    }
                    <Tree rows={(*rows).clone()} selected={state.selected_node.clone()}
                        on_select={on_select_node} lang={l} on_command={on_node_command} />
                    { inspector(node.as_ref().as_ref(), l) }
                </section>
                <section class={classes!("pane", "clients-pane", view.ensemble.is_some().then_some("ensemble"))} aria-label={Msg::ClientsPane.text(l)}>
                    <details class="recipes-fold" data-testid="recipes-fold" open={recipes_open}>
                        // Open because a step fills it or a recipe runs: a click on its
                        // heading does not fold what the learner is filling in.
                        <summary title={Msg::GlossRecipes.text(l)} data-testid="recipes-fold-summary"
                            onclick={Callback::from(move |e: MouseEvent| if recipes_open { e.prevent_default() })}>{ Msg::RecipeFormFold.text(l) }</summary>
                        // A new form (keyed on its values) when a step fills it.
                        <Recipes key={recipe_form.to_line()} form={recipe_form.clone()} views={view.recipes.clone()} violations={view.violations.clone()} dispatch={dispatch.clone()} lang={l} />
                    </details>
                    <Clients clients={view.clients.clone()} selected={selected.clone()} pause_ms={state.pause_ms} dispatch={dispatch.clone()} lang={l} />
                    if view.ensemble.is_some() {
                        <div class="ensemble-log" data-testid="ensemble-log">
                            { crate::components::network::log_box(&view.log, true, l) }
                        </div>
                    }
                </section>
                <section class={classes!("pane", "console-pane", view.ensemble.is_some().then_some("ensemble"), selected.is_none().then_some("no-client"))} aria-label={Msg::ConsolePane.text(l)}>
                    <h2>{ selected.as_ref().map_or_else(|| Msg::CommandBoxHeading.fill(l, &[&Msg::NoClient.text(l)]), |c| Msg::ConsoleHeading.fill(l, &[c])) }</h2>
                    <Console client={selected.clone().unwrap_or_default()} output={(*console_text).clone()}
                        on_run={on_console} complete={complete} lang={l}
                        multi_draft={state.multi_draft.as_ref().filter(|b| Some(&b.session) == selected.as_ref()).map(|b| b.ops.clone())} />
                    <Network messages={view.in_flight.clone()} log={view.log.clone()} now_ms={view.now_ms}
                        clients={(*client_states).clone()} ensemble={view.ensemble.clone()}
                        dispatch={dispatch.clone()} lang={l} />
                </section>
            </main>
        </div>
    }
}

/// A problem in the banner, in the page's words (ZooKeeper's and the user's own marked).
fn problem(l: Lang, p: &Problem) -> Html {
    html! { <span>{ crate::components::words::render(&messages::problem(l, p)) }</span> }
}
