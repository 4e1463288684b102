//! The page: toolbar, tree and inspector, client cards, the selected client's console, and the
//! network view. Also the effects: saving, playing, keyboard shortcuts.

use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;
use zkplay_core::share;
use zkplay_core::tutorial::Lang;

use crate::components::cases::Cases;
use crate::components::clients::Clients;
use crate::components::console::Console;
use crate::components::inspector::Inspector;
use crate::components::loading::LoadingPanel;
use crate::components::network::Network;
use crate::components::recipes::Recipes;
use crate::components::toolbar::Toolbar;
use crate::components::tree::{Rows, Tree};
use crate::components::tutorial::Tutorial;
use crate::lang;
use crate::messages::{self, Msg};
use crate::slices;
use crate::state::{Action, AppState, Load, LoadSource, Problem, RecipeForm};
use crate::storage;

/// How many transcript entries a console shows (the whole history is in the export).
const CONSOLE_ENTRIES_MAX: usize = 400;

/// The most often a changing sandbox is saved to localStorage.
const SAVE_INTERVAL_MS: u32 = 500;

type SandboxRef = std::rc::Rc<std::cell::RefCell<zkplay_core::sandbox::Sandbox>>;

/// How often "play" delivers the next event.
const PLAY_INTERVAL_MS: u32 = 120;

fn initial_state() -> AppState {
    let link = storage::from_location();
    let link_lang = link.as_ref().and_then(|l| l.as_ref().ok()?.lang);
    let mut st = restored_state(link);
    st.lang = lang::initial(link_lang, storage::saved_lang(), &lang::browser_preferred());
    st.done = storage::lessons_done().into_iter().collect();
    st.progress = storage::lesson_steps().into_iter().collect();
    // A reload mid-lesson goes on where it was: the saved sandbox is the lesson's, and the
    // step is the one saved for it. A share link is a sandbox of its own, without a lesson.
    if storage::from_location().is_none() {
        st.resume_lesson(storage::current_lesson().as_deref());
    }
    // The free play kept while the lesson is followed, and the recipe form as it was left.
    if st.lesson.is_some() {
        st.freeplay = storage::freeplay().map(Into::into);
    }
    if let Some(form) = storage::recipe_form().and_then(|f| RecipeForm::from_saved(&f)) {
        st.recipe_form = form;
    }
    st
}

/// The share link's script, or else the saved one, loading over a fresh sandbox (at once when
/// small; a big link asks first, and if the answer is no the saved sandbox loads instead).
fn restored_state(link: Option<Result<share::Link, share::ShareError>>) -> AppState {
    let mut st = AppState::fresh();
    let saved = storage::load();
    if let Some(link) = link {
        let load = link.map_err(Problem::Link).and_then(|link| {
            Load::new(&link.script, LoadSource::Link).map_err(Problem::LinkScript)
        });
        match load {
            Ok(mut load) => {
                load.fallback = saved;
                st.start_load(load, slices::FIRST_SLICE_EVENTS);
            }
            Err(p) => st.error = Some(p),
        }
        return st;
    }
    match saved.map(|s| Load::new(&s, LoadSource::Saved)) {
        Some(Ok(load)) => st.start_load(load, slices::FIRST_SLICE_EVENTS),
        Some(Err(e)) => st.error = Some(Problem::Saved(e)),
        None => {}
    }
    st
}

/// The page's clock, in milliseconds (only to size the slices of loading).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

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

    // Keep the sandbox across reloads (not while a script loads over it: the one shown is
    // about to be replaced, and the saved one may be what is loading). Building and storing
    // the script costs O(script), so a playing sandbox is saved at most once per
    // SAVE_INTERVAL_MS, and at once when the page is hidden or left.
    {
        let latest = use_mut_ref(|| None::<(SandboxRef, bool)>);
        *latest.borrow_mut() = Some((state.sandbox.clone(), state.load.is_some()));
        let pending = use_mut_ref(|| None::<Timeout>);
        let revision = (
            state.sandbox.borrow().revision(),
            std::rc::Rc::as_ptr(&state.sandbox) as usize,
            state.load.is_some(),
        );
        let save = {
            let (latest, dispatch) = (latest.clone(), dispatch.clone());
            move || {
                if let Some((sandbox, false)) = latest.borrow().as_ref() {
                    if let Err(e) = storage::save(&sandbox.borrow().script()) {
                        dispatch.emit(Action::ShowError(Problem::Storage(e)));
                    }
                }
            }
        };
        {
            let (pending, save) = (pending.clone(), save.clone());
            use_effect_with(revision, move |_| {
                if pending.borrow().is_none() {
                    // A weak handle: the timer must not keep its own slot alive, or it would
                    // outlive the page's component and save after it is gone.
                    let done = std::rc::Rc::downgrade(&pending);
                    *pending.borrow_mut() = Some(Timeout::new(SAVE_INTERVAL_MS, move || {
                        if let Some(done) = done.upgrade() {
                            done.borrow_mut().take();
                        }
                        save();
                    }));
                }
            });
        }
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "pagehide", move |_| {
                    if pending.borrow_mut().take().is_some() {
                        save();
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Load a script a slice at a time, each sized to take a few milliseconds with its render,
    // so the page draws and answers between slices.
    {
        let dispatch = dispatch.clone();
        let events_max = use_mut_ref(|| slices::FIRST_SLICE_EVENTS);
        let running = state.load.as_ref().is_some_and(|l| l.confirmed);
        use_effect_with((running, state.revision), move |(running, _)| {
            let timer = running.then(|| {
                Timeout::new(0, move || {
                    let events = *events_max.borrow();
                    let start = now_ms();
                    dispatch.emit(Action::LoadSlice(events));
                    *events_max.borrow_mut() = slices::next_events(events, now_ms() - start);
                })
            });
            move || drop(timer)
        });
    }

    // Keep the language and the tutorial's progress; the document speaks the language too.
    {
        let lesson = state.current_lesson().map(|l| l.id);
        // With the free play kept aside and the recipe form's values (one effect: each hook
        // of its own type costs the page's size).
        let key = (
            state.lang,
            state.done.clone(),
            state.progress.clone(),
            lesson,
            state.freeplay.clone(),
            state.recipe_form.clone(),
        );
        use_effect_with(
            key,
            move |(lang, done, progress, lesson, freeplay, form)| {
                storage::save_tutorial(
                    *lang,
                    &done.iter().cloned().collect::<Vec<_>>(),
                    progress,
                    *lesson,
                );
                storage::save_freeplay(freeplay.as_deref());
                storage::save_recipe_form(&form.to_line());
            },
        );
        use_effect_with(state.lang, |lang| {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(Msg::DocumentTitle.text(*lang));
                if let Some(html) = document.document_element() {
                    let tag = match lang {
                        Lang::En => "en",
                        Lang::Zh => "zh-CN",
                    };
                    let _ = html.set_attribute("lang", tag);
                }
            }
        });
    }

    // Play: `speed` events per interval while playing.
    {
        let dispatch = dispatch.clone();
        use_effect_with((state.playing, state.speed), move |(playing, speed)| {
            let speed = *speed;
            let timer = playing.then(|| {
                Interval::new(PLAY_INTERVAL_MS, move || {
                    dispatch.emit(Action::Steps(speed))
                })
            });
            move || drop(timer)
        });
    }

    // Keyboard: space play/pause, → step, ← step back (not while typing).
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let options = gloo_events::EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&w, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let typing = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                        .is_some_and(|el| {
                            matches!(
                                el.tag_name().as_str(),
                                "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
                            )
                        });
                    if typing {
                        return;
                    }
                    let action = match e.key().as_str() {
                        " " => Action::TogglePlay,
                        "ArrowRight" => Action::Step,
                        "ArrowLeft" => Action::StepBack,
                        _ => return,
                    };
                    e.prevent_default();
                    dispatch.emit(action);
                })
            });
            // The page answers keys from here on: a User Timing mark the page benchmark reads.
            if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
                let _ = perf.mark("zkplay-interactive");
            }
            move || drop(listener)
        });
    }

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
    // The state hash is computed only when the export dialog asks for it.
    let state_hash = {
        let sandbox = state.sandbox.clone();
        Callback::from(move |_: ()| format!("{:016x}", sandbox.borrow().state_hash()))
    };
    // Path completion looks at the tree only when Tab is pressed.
    let complete = {
        let sandbox = state.sandbox.clone();
        (*use_memo(std::rc::Rc::as_ptr(&state.sandbox) as usize, move |_| {
            Callback::from(move |line: String| sandbox.borrow().complete(&line))
        }))
        .clone()
    };
    let export = {
        let sandbox = state.sandbox.clone();
        Callback::from(move |_: ()| sandbox.borrow().export())
    };
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
        let unmet = step.map_or(0, |step| zkplay_core::tutorial::unmet(&s, step));
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
            <Toolbar
                seed={view.seed}
                marks={marks.clone()}
                now_ms={view.now_ms}
                steps={view.steps}
                playing={state.playing}
                speed={state.speed}
                server_up={view.server_up}
                mode={view.ensemble.as_ref().map_or((0, 0), |e| (e.voters as u32, (e.servers.len() - e.voters) as u32))}
                export={export}
                state_hash={state_hash}
                dispatch={dispatch.clone()}
                on_share={on_share}
                lang={state.lang} />
            if let Some(load) = &state.load {
                <LoadingPanel source={load.source} estimate={load.estimate.clone()}
                    progress={load.progress} confirmed={load.confirmed} lang={state.lang}
                    dispatch={dispatch.clone()} />
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
                    <Inspector node={(*node).clone()} lang={l} />
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
                        multi_draft={state.multi_draft.as_ref().filter(|(s, _)| Some(s) == selected.as_ref()).map(|(_, ops)| ops.clone())} />
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
