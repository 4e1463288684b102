//! The virtual clients: spawn them, see their session and state, and break them.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use zkplay_core::sandbox::ClientView;
use zkplay_core::script::parse::SimCommand;
use zkplay_core::script::ScriptLine;
use zkplay_core::sim::Moment;
use zkplay_core::tutorial::Lang;

use crate::components::recipes;
use crate::components::tree::owner_colour;
use crate::components::words::render;
use crate::messages::{self, Msg};
use crate::state::Action;

/// The most clients one "spawn N" makes.
pub const SPAWN_AT_ONCE_MAX: usize = 100;

#[derive(Properties, PartialEq)]
pub struct ClientsProps {
    pub clients: std::rc::Rc<Vec<ClientView>>,
    pub selected: Option<String>,
    /// The GC pause length the Pause buttons use, in ms (the app keeps it).
    pub pause_ms: u64,
    pub dispatch: Callback<Action>,
    pub lang: Lang,
}

#[function_component(Clients)]
pub fn clients(p: &ClientsProps) -> Html {
    let count_ref = use_node_ref();
    // The answer to asking for more than the most at once, in words (a `String` state, as the
    // tree's filter: one more kind of state would cost the page's size).
    let capped = use_state(String::new);
    let spawn_many = {
        let (count_ref, capped, l) = (count_ref.clone(), capped.clone(), p.lang);
        let d = p.dispatch.clone();
        Callback::from(move |_| {
            let n = count_ref
                .cast::<HtmlInputElement>()
                .and_then(|i| i.value().parse::<usize>().ok())
                .unwrap_or(1);
            capped.set(if n > SPAWN_AT_ONCE_MAX {
                Msg::SpawnCapped.fill(l, &[&n, &SPAWN_AT_ONCE_MAX])
            } else {
                String::new()
            });
            d.emit(Action::Spawn(n.min(SPAWN_AT_ONCE_MAX)));
        })
    };
    // A length that is not a number leaves the one in use.
    let set_pause = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let field: HtmlInputElement = e.target_unchecked_into();
            if let Ok(ms) = field.value().trim().parse::<u64>() {
                d.emit(Action::SetPauseMs(ms));
            }
        })
    };
    let t = |m: Msg| m.text(p.lang);
    html! {
        <div class="clients">
            <div class="row">
                <h2>{ t(Msg::Clients) }</h2>
                <button data-testid="spawn-client" onclick={p.dispatch.reform(|_| Action::Spawn(1))}>{ t(Msg::SpawnClient) }</button>
                <label class="muted">{ t(Msg::Or) }
                    <input ref={count_ref} class="small" type="number" min="1" max="100" value="3" aria-label={t(Msg::HowManyClients)} data-testid="spawn-count" />
                </label>
                <button onclick={spawn_many} data-testid="spawn-many">{ t(Msg::SpawnN) }</button>
            </div>
            if !capped.is_empty() {
                <p class="muted small-text" role="status" data-testid="spawn-capped">{ (*capped).clone() }</p>
            }
            <label class="muted pause-ms">{ t(Msg::PauseLength) }
                <input class="small" type="number" min="1" value={p.pause_ms.to_string()} onchange={set_pause} aria-label={t(Msg::PauseLengthLabel)} data-testid="pause-ms" />
            </label>
            if p.clients.is_empty() {
                <p class="muted">{ t(Msg::NoClients) }</p>
            }
            { for p.clients.iter().map(|c| html! {
                <Card key={c.name.clone()} view={c.clone()} selected={p.selected.as_deref() == Some(c.name.as_str())}
                    dispatch={p.dispatch.clone()} pause_ms={p.pause_ms} lang={p.lang} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    view: ClientView,
    selected: bool,
    dispatch: Callback<Action>,
    /// The GC pause length its Pause button uses, in ms.
    pause_ms: u64,
    lang: Lang,
}

/// One client; a component of its own so a step re-renders only the cards that changed.
#[function_component(Card)]
fn card(p: &CardProps) -> Html {
    let (c, selected, d) = (&p.view, p.selected, &p.dispatch);
    let pause_ms = p.pause_ms;
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
        d.reform(move |_| Action::Line(ScriptLine::Sim(SimCommand::Pause(name.clone(), pause_ms))))
    };
    let reconnect = {
        let line = ScriptLine::Session { name: name.clone() };
        d.reform(move |_| Action::Line(line.clone()))
    };
    let select = {
        let name = name.clone();
        d.reform(move |_| Action::SelectClient(name.clone()))
    };
    // A click anywhere on the card but its controls makes its console the active one.
    let select_card = {
        let name = name.clone();
        let d = d.clone();
        Callback::from(move |e: MouseEvent| {
            let on_control = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|el| el.closest("button, input, select, a, label").ok().flatten())
                .is_some();
            if !on_control {
                d.emit(Action::SelectClient(name.clone()));
            }
        })
    };
    let alive = c.state.is_alive();
    // The server hears nothing from it: its session runs down to its expiry.
    let silent = c.partitioned || c.paused || c.state.is_silent();
    let l = p.lang;
    let t = |m: Msg| m.text(l);
    // ZooKeeper's own state names stay as ZooKeeper says them; zkplay's "Crashed" is translated.
    let name = c.state.name();
    let state = match messages::client_state(l, c.state) {
        Some(words) => {
            html! { <span class={classes!("state", name.to_ascii_lowercase())}>{ words }</span> }
        }
        None => {
            html! { <span class={classes!("state", name.to_ascii_lowercase())} data-zk="">{ name }</span> }
        }
    };
    html! {
        <article class={classes!("card", selected.then_some("selected"), owner_colour(&c.name))}
            data-testid="client-card" data-session={c.name.clone()} data-state={name}
            onclick={select_card}>
            // A flash each time an event lands: an element keyed by the card's event number, so
            // a new event is a new element and its CSS animation plays again (no timers).
            if c.event_seq > 0 {
                <span key={c.event_seq.to_string()} class="card-flash" data-testid="card-flash" aria-hidden="true" />
            }
            <header>
                <button class="client-name" onclick={select} title={t(Msg::UseConsole)}>{ &c.name }</button>
                { state }
                if c.partitioned { <span class="badge">{ t(Msg::Partitioned) }</span> }
                if c.paused { <span class="badge">{ t(Msg::Paused) }</span> }
                if let Some(k) = c.server { <span class="badge" data-testid="client-server">{ Msg::OnServer.fill(l, &[&k]) }</span> }
            </header>
            <p class="muted">
                if let Some(hex) = &c.session_hex {
                    <span data-zk="">{ hex }</span>
                } else {
                    { t(Msg::NoSessionYet) }
                }
                { Msg::SessionTimeout.fill(l, &[&c.timeout_ms]) }
            </p>
            { for c.roles.iter().map(|(kind, status)| html! {
                <p class="recipe-status" data-testid="recipe-status">
                    { Msg::RecipeRole.fill(l, &[&recipes::kind_name(l, *kind)]) }
                    { render(&messages::status(l, status)) }
                </p>
            }) }
            if !c.handshake.is_empty() {
                { handshake(l, &c.handshake) }
            }
            if let Some(s) = c.expires_in_s {
                <p class="small-text expiry" data-testid="expiry">{ Msg::fill(if silent { Msg::CardExpiresSilent } else { Msg::CardExpiresLive }, l, &[&s]) }</p>
            }
            if let Some(e) = &c.last_event {
                <p class="small-text last-event" data-testid="last-event">{ t(Msg::CardLastEvent) }<span data-zk="">{ messages::watched_event(e) }</span></p>
            }
            if let Some(r) = &c.pending {
                <p class="small-text" data-testid="pending">{ render(&messages::pending(l, r, c.pending_count.saturating_sub(1))) }</p>
            }
            if !c.ephemerals.is_empty() {
                <p class="small-text">{ t(Msg::Ephemerals) }<span data-zk="">{ c.ephemerals.join(", ") }</span></p>
            }
            if !c.watches.is_empty() {
                <p class="small-text">{ t(Msg::CardWaitsNotify) }
                    { for c.watches.iter().enumerate().map(|(i, (path, kind))| html! { <>
                        if i > 0 { { t(Msg::ListSeparator) } }
                        <span data-zk="">{ path }</span>
                        { Msg::InParens.fill(l, &[&messages::watch_kind(l, *kind)]) }
                    </> }) }
                </p>
            }
            <div class="actions">
                <button data-testid="crash" disabled={!alive} onclick={run(SimCommand::Crash)}>{ t(Msg::Crash) }</button>
                if c.partitioned {
                    <button data-testid="heal" onclick={run(SimCommand::Heal)}>{ t(Msg::Heal) }</button>
                } else {
                    <button data-testid="partition" disabled={!alive} onclick={run(SimCommand::Partition)}>{ t(Msg::Partition) }</button>
                }
                <button data-testid="pause" disabled={!alive} onclick={pause}>{ t(Msg::PauseClient) }</button>
                <button data-testid="close" disabled={!alive} onclick={close}>{ t(Msg::CloseSession) }</button>
                if !alive {
                    <button data-testid="reconnect" title={t(Msg::ReconnectTitle)} onclick={reconnect}>{ t(Msg::Reconnect) }</button>
                }
            </div>
        </article>
    }
}

/// The moments ① to ⑤ of the client's latest session start, those that happened marked: ①
/// and ② in the page's words, ③ to ⑤ by the names ZooKeeper gives them.
fn handshake(l: Lang, happened: &[Moment]) -> Html {
    // Each moment with its word: ① and ② the page's, ③ to ⑤ ZooKeeper's (so marked).
    let all = [
        (Moment::Initiating, Msg::HsInitiating.text(l)),
        (Moment::OpeningSocket, Msg::HsOpeningSocket.text(l)),
        (Moment::ConnectRequestSent, "ConnectRequest"),
        (Moment::SessionEstablished, "ConnectResponse"),
        (Moment::SyncConnected, "SyncConnected"),
    ];
    html! {
        <ol class="handshake" aria-label={Msg::CardHandshake.text(l)} data-testid="handshake">
            { for all.into_iter().map(|(m, word)| html! {
                <li class={happened.contains(&m).then_some("done")} title={word} data-zk={(m > Moment::OpeningSocket).then_some("")}>{ m.label() }{ word }</li>
            }) }
        </ol>
    }
}
