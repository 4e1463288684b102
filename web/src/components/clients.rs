//! The virtual clients: spawn them, see their session and state, and break them.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use zkplay_core::sandbox::ClientView;
use zkplay_core::script::parse::SimCommand;
use zkplay_core::script::ScriptLine;

use crate::components::tree::owner_colour;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ClientsProps {
    pub clients: Vec<ClientView>,
    pub selected: Option<String>,
    pub dispatch: Callback<Action>,
}

#[function_component(Clients)]
pub fn clients(p: &ClientsProps) -> Html {
    let count_ref = use_node_ref();
    let pause_ref = use_node_ref();
    let spawn_many = {
        let count_ref = count_ref.clone();
        let d = p.dispatch.clone();
        Callback::from(move |_| {
            let n = count_ref
                .cast::<HtmlInputElement>()
                .and_then(|i| i.value().parse::<usize>().ok())
                .unwrap_or(1);
            d.emit(Action::Spawn(n));
        })
    };
    html! {
        <div class="clients">
            <div class="row">
                <h2>{ "Clients" }</h2>
                <button data-testid="spawn-client" onclick={p.dispatch.reform(|_| Action::Spawn(1))}>{ "+ Spawn client" }</button>
                <label class="muted">{ "or " }
                    <input ref={count_ref} class="small" type="number" min="1" max="100" value="3" aria-label="how many clients" />
                </label>
                <button onclick={spawn_many}>{ "Spawn N" }</button>
            </div>
            <label class="muted pause-ms">{ "GC pause length (ms) " }
                <input ref={pause_ref.clone()} class="small" type="number" min="1" value="5000" aria-label="pause length in milliseconds" />
            </label>
            if p.clients.is_empty() {
                <p class="muted">{ "No clients yet: spawn one to get a session and a zkCli console." }</p>
            }
            { for p.clients.iter().map(|c| html! {
                <Card key={c.name.clone()} view={c.clone()} selected={p.selected.as_deref() == Some(c.name.as_str())}
                    dispatch={p.dispatch.clone()} pause_ref={pause_ref.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    view: ClientView,
    selected: bool,
    dispatch: Callback<Action>,
    /// The shared "GC pause length" input.
    pause_ref: NodeRef,
}

/// One client; a component of its own so a step re-renders only the cards that changed.
#[function_component(Card)]
fn card(p: &CardProps) -> Html {
    let (c, selected, d) = (&p.view, p.selected, &p.dispatch);
    let pause_ref = p.pause_ref.clone();
    let pause_ms = move || {
        pause_ref
            .cast::<HtmlInputElement>()
            .and_then(|i| i.value().parse::<u64>().ok())
            .unwrap_or(5000)
    };
    let name = c.name.clone();
    let run = |fault: fn(String) -> SimCommand| {
        let line = ScriptLine::Sim(fault(name.clone()));
        d.reform(move |_| Action::Line(line.clone()))
    };
    let close = {
        let line = ScriptLine::Console {
            session: name.clone(),
            command: "close".into(),
        };
        d.reform(move |_| Action::Line(line.clone()))
    };
    let pause = {
        let name = name.clone();
        d.reform(move |_| {
            Action::Line(ScriptLine::Sim(SimCommand::Pause(name.clone(), pause_ms())))
        })
    };
    let reconnect = {
        let line = ScriptLine::Session { name: name.clone() };
        d.reform(move |_| Action::Line(line.clone()))
    };
    let select = {
        let name = name.clone();
        d.reform(move |_| Action::SelectClient(name.clone()))
    };
    let alive = !matches!(c.state, "Expired" | "Closed" | "Crashed");
    html! {
        <article class={classes!("card", selected.then_some("selected"), owner_colour(&c.name))}
            data-testid="client-card" data-session={c.name.clone()} data-state={c.state}>
            <header>
                <button class="client-name" onclick={select} title="Use this client's console">{ &c.name }</button>
                <span class={classes!("state", c.state.to_lowercase())}>{ c.state }</span>
                if c.partitioned { <span class="badge">{ "partitioned" }</span> }
                if c.paused { <span class="badge">{ "paused" }</span> }
            </header>
            <p class="muted">
                { c.session_hex.clone().unwrap_or_else(|| "no session yet".into()) }
                { format!(" · timeout {} ms", c.timeout_ms) }
            </p>
            { for c.roles.iter().map(|(kind, status)| html! {
                <p class="recipe-status" data-testid="recipe-status">{ format!("{kind}: {status}") }</p>
            }) }
            if !c.ephemerals.is_empty() {
                <p class="small-text">{ format!("ephemerals: {}", c.ephemerals.join(", ")) }</p>
            }
            if !c.watches.is_empty() {
                <p class="small-text">{ format!("watches: {}", c.watches.iter().map(|(p, k)| format!("{p} ({k})")).collect::<Vec<_>>().join(", ")) }</p>
            }
            <div class="actions">
                <button data-testid="crash" disabled={!alive} onclick={run(SimCommand::Crash)}>{ "Crash" }</button>
                if c.partitioned {
                    <button data-testid="heal" onclick={run(SimCommand::Heal)}>{ "Heal" }</button>
                } else {
                    <button data-testid="partition" disabled={!alive} onclick={run(SimCommand::Partition)}>{ "Partition" }</button>
                }
                <button data-testid="pause" disabled={!alive} onclick={pause}>{ "Pause" }</button>
                <button data-testid="close" disabled={!alive} onclick={close}>{ "Close" }</button>
                if !alive {
                    <button data-testid="reconnect" title="Start this client again with a new session" onclick={reconnect}>{ "Reconnect" }</button>
                }
            </div>
        </article>
    }
}
