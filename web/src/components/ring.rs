//! The ensemble as a ring: its servers on a circle, coloured by role, with the messages between
//! them drawn on the chords as they travel; the quorum; a card per server (epoch, last zxid,
//! its log's tail, its lag, its clients, its faults, its buttons); and the messages listed.
//! Plain functions, not components: the page's size budget counts every component, and the
//! network view they sit in is drawn again on every step anyway.

use yew::prelude::*;
use zkplay_core::sandbox::{EnsembleLine, EnsembleView, ServerView};
use zkplay_core::script::ensemble_lines::{ServerAction, ServerCommand};
use zkplay_core::script::ScriptLine;
use zkplay_core::sim::ensemble::MessageView;
use zkplay_core::tutorial::Lang;

use crate::components::network::px;
use crate::components::words::render;
use crate::messages::{self, Msg, Words};
use crate::state::Action;

const W: f64 = 420.0;
const H: f64 = 220.0;
const RADIUS: f64 = 80.0;
/// How many of a server's clients its card names (the rest are counted).
const CLIENTS_NAMED_MAX: usize = 8;
/// The delays a server's delay button goes through, in ms, then back to none.
const DELAYS_MS: [u64; 3] = [100, 500, 2000];

/// Where server `i` of `n` sits: on a circle, the first at the top.
fn position(i: usize, n: usize) -> (f64, f64) {
    let (cos, sin) = crate::geometry::turn(i, n);
    (W / 2.0 + RADIUS * cos, H / 2.0 - 10.0 + RADIUS * sin)
}

/// A message between servers in words: `server 1 → server 2: PROPOSAL 0x100000002 create`.
fn peer_message(l: Lang, m: &MessageView) -> Words {
    messages::ensemble_line(
        l,
        &EnsembleLine::Peer {
            from: m.from,
            to: m.to,
            summary: m.summary.clone(),
        },
    )
}

/// The ring, in place of the standalone server's diagram.
pub fn ring(e: &EnsembleView, now_ms: u64, dispatch: &Callback<Action>, l: Lang) -> Html {
    let n = e.servers.len();
    let at = |id: u64| {
        e.servers
            .iter()
            .position(|s| s.peer.id == id)
            .map(|i| position(i, n))
    };
    // No sending time is kept: the message closest to arriving is drawn nearest its end.
    let span_ms = e
        .messages
        .iter()
        .map(|m| m.arrive_ms.saturating_sub(now_ms))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let serving = e.voters_up >= e.quorum;
    html! {
        <div class="ring" data-testid="ring" data-quorum={serving.to_string()}>
            <svg class="net" role="img" aria-label={Msg::RingLabel.text(l)} viewBox="0 0 420 220">
                { for (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).map(|(i, j)| {
                    let ((x1, y1), (x2, y2)) = (position(i, n), position(j, n));
                    let (a, b) = (e.servers[i].peer.id, e.servers[j].peer.id);
                    let cut = e.cut.contains(&(a.min(b), a.max(b)));
                    html! { <path class={if cut { "link cut" } else { "link" }} d={format!("M{} {}L{} {}", px(x1), px(y1), px(x2), px(y2))} /> }
                }) }
                { for e.servers.iter().enumerate().map(|(i, s)| {
                    let (x, y) = position(i, n);
                    html! {
                        <g data-state={s.peer.state} transform={format!("translate({} {})", px(x), px(y))}>
                            <circle class="peer" r="17" />
                            <text class="myid" y="5">{ s.peer.id }</text>
                            <text class="label" y="29">{ Msg::RoleEpoch.fill(l, &[&messages::role(l, s.peer.state), &s.peer.epoch]) }</text>
                        </g>
                    }
                }) }
                { for e.messages.iter().filter_map(|m| {
                    let ((fx, fy), (tx, ty)) = (at(m.from)?, at(m.to)?);
                    let left = m.arrive_ms.saturating_sub(now_ms) as f64 / span_ms;
                    let t = if m.held { 0.12 } else { 0.88 - 0.7 * left };
                    // What each is, the list below says (a tooltip per dot costs the page more).
                    Some(html! {
                        <circle class={if m.held { "msg held" } else { "msg up" }} r="4"
                            cx={px(fx + (tx - fx) * t)} cy={px(fy + (ty - fy) * t)} />
                    })
                }) }
            </svg>
            <p class={if serving { "quorum" } else { "quorum error" }} data-testid="quorum">
                { if serving { Msg::Quorum } else { Msg::NoQuorum }.fill(l, &[&e.quorum, &e.voters, &e.voters_up]) }
            </p>
            <div class="servers">
                { for e.servers.iter().map(|s| server_card(s, e.viewed == Some(s.peer.id), dispatch, l)) }
            </div>
            <h2>{ Msg::PeerMessages.fill(l, &[&e.messages.len()]) }</h2>
            <ul class="peer-messages" data-testid="peer-messages">
                { for e.messages.iter().map(|m| html! {
                    <li>
                        { render(&peer_message(l, m)) }
                        <span class="muted">{ if m.held { Msg::PeerHeld.text(l).to_string() } else { Msg::Arrives.fill(l, &[&m.arrive_ms]) } }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// One server's card: what it is, its log's tail (committed entries filled, proposed ones
/// dashed), its clients, and its buttons.
fn server_card(s: &ServerView, viewed: bool, d: &Callback<Action>, l: Lang) -> Html {
    let t = |m: Msg| m.text(l);
    let id = s.peer.id;
    let k = u32::try_from(id).unwrap_or(u32::MAX);
    let run = |c: ServerCommand| {
        let line = Action::Line(ScriptLine::Server(c));
        d.reform(move |_| line.clone())
    };
    let power = run(ServerCommand::Act {
        server: k,
        action: if s.peer.up {
            ServerAction::Crash
        } else {
            ServerAction::Restart
        },
    });
    let partition = run(if s.isolated {
        ServerCommand::Heal { server: k }
    } else {
        ServerCommand::Partition { server: k }
    });
    let delay_ms = DELAYS_MS
        .iter()
        .copied()
        .find(|ms| *ms > s.delay_ms)
        .unwrap_or(0);
    let clients = &s.peer.clients;
    let named = clients.len().min(CLIENTS_NAMED_MAX);
    html! {
        <article key={id.to_string()} class={if viewed { "server-card viewed" } else { "server-card" }}
            data-testid="ring-server" data-server={id.to_string()} data-state={s.peer.state} data-mode={s.mode.name()}>
            <strong>{ messages::server_summary(l, s) }</strong>
            if s.isolated { <span class="badge">{ t(Msg::Partitioned) }</span> }
            if s.delay_ms > 0 { <span class="badge">{ Msg::Delayed.fill(l, &[&s.delay_ms]) }</span> }
            <p>{ Msg::EpochZxid.fill(l, &[&s.peer.epoch, &format!("{:#x}", s.peer.last_zxid)]) }</p>
            <ol class="peer-log">
                { for s.peer.log_tail.iter().map(|(zxid, what, committed)| html! {
                    <li class={if *committed { "committed" } else { "proposed" }}
                        title={t(if *committed { Msg::Committed } else { Msg::Proposed })}>
                        <span data-zk="">{ format!("{zxid:#x} {what}") }</span>
                    </li>
                }) }
            </ol>
            if named > 0 {
                <p>{ t(Msg::ServerClients) }<span data-zk="">{ clients[..named].join(", ") }</span>
                    if named < clients.len() { { Msg::AndMore.fill(l, &[&(clients.len() - named)]) } }
                </p>
            }
            { button("server-power", t(if s.peer.up { Msg::Crash } else { Msg::Restart }).into(), power, false) }
            { button("server-partition", t(if s.isolated { Msg::Heal } else { Msg::Partition }).into(), partition, false) }
            { button("server-tree", t(Msg::ShowTree).into(), d.reform(move |_| Action::ViewServer(id)), viewed) }
            { button("server-delay", if delay_ms == 0 { t(Msg::NoDelay).to_string() } else { Msg::DelayOption.fill(l, &[&delay_ms]) },
                run(ServerCommand::Delay { server: k, ms: delay_ms }), false) }
        </article>
    }
}

/// One of a server card's buttons.
fn button(
    testid: &'static str,
    label: String,
    onclick: Callback<MouseEvent>,
    disabled: bool,
) -> Html {
    html! { <button data-testid={testid} {disabled} {onclick}>{ label }</button> }
}
