//! The ensemble as a ring: its servers on a circle, coloured by role, each LOOKING one with its
//! vote inside and every running timer as an arc that fills; their clients beside them; the
//! messages between them on the chords where they are between sending and arrival, the next
//! few labelled (`vote (2, 0x100000003, round 3)`, `LEADERINFO epoch=2`); the quorum; a card
//! per server (epoch, last zxid, vote, timer, its log's tail, its lag, its clients, its faults,
//! its buttons, which record stepwise lines: a crash is one event, and Step ▶ delivers what it
//! set off one message at a time); and the messages listed.
//! Plain functions, not components: the page's size budget counts every component, and the
//! network view they sit in is drawn again on every step anyway.

use yew::prelude::*;
use zkplay_core::ensemble::{PeerSummary, PeerTimer, Proposal, ServerState, TimerKind};
use zkplay_core::sandbox::{EnsembleView, ServerView};
use zkplay_core::script::ensemble_lines::{ServerAction, ServerCommand};
use zkplay_core::script::ScriptLine;
use zkplay_core::sim::ensemble::{PeerMessageView, PeerState};
use zkplay_core::tutorial::Lang;

use crate::components::network::px;
use crate::components::words::render;
use crate::messages::{self, Msg, Words};
use crate::state::Action;

const W: f64 = 480.0;
const H: f64 = 300.0;
const RADIUS: f64 = 100.0;
/// A server's circle, and its timer's arc just outside it.
const PEER_R: f64 = 22.0;
/// How many messages carry a label: the next to arrive, one per link (the rest are dots).
const LABELS_MAX: usize = 4;
/// A label's length at most, in characters (a PROPOSAL's path is cut).
const LABEL_CHARS_MAX: usize = 30;
/// How many of a server's clients the ring draws beside it.
const CLIENTS_DRAWN_MAX: usize = 3;
/// How many of a server's clients its card names (the rest are counted).
const CLIENTS_NAMED_MAX: usize = 8;
/// The delays a server's delay button goes through, in ms, then back to none.
const DELAYS_MS: [u64; 3] = [100, 500, 2000];

/// A point `r` from the ring's centre, `i`/`n` of a turn from the top, clockwise.
fn at_radius(i: usize, n: usize, r: f64) -> (f64, f64) {
    let (cos, sin) = crate::geometry::turn(i, n);
    (W / 2.0 + r * cos, H / 2.0 + r * sin)
}

/// A label's box in the ring's coordinates, to keep labels from covering each other.
#[derive(Clone, Copy)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    /// The box of `text` written at (`x`, `y`) (its baseline) in `font_px`, anchored at its
    /// start, middle or end: a monospace Latin letter is 0.6 of the font wide, a Chinese
    /// character the whole font.
    fn of_text(text: &str, x: f64, y: f64, font_px: f64, anchor: &str) -> Box2 {
        let w: f64 = text
            .chars()
            .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
            .sum::<f64>()
            * font_px;
        let x0 = match anchor {
            "start" => x,
            "end" => x - w,
            _ => x - w / 2.0,
        };
        Box2 {
            x0,
            y0: y - font_px * 0.85,
            x1: x0 + w,
            y1: y + font_px * 0.25,
        }
    }

    fn overlaps(&self, o: &Box2) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self) -> bool {
        self.x0 >= 0.0 && self.x1 <= W && self.y0 >= 0.0 && self.y1 <= H
    }
}

/// A message as drawn: where its dot is, whether a partition holds it, and its label (text,
/// whether it is ZooKeeper's, above or below the dot, its anchor), if one fits.
type Drawn = (
    f64,
    f64,
    bool,
    Option<(String, Option<&'static str>, f64, &'static str)>,
);

/// The font sizes of the ring's labels in its own units (style.css says the same: `.ring
/// .label`, `.ring .msg-label`); the ring is drawn at least at its own size at 1366×768.
const ROLE_FONT_PX: f64 = 12.0;
const MSG_FONT_PX: f64 = 11.0;

/// A message between servers in words: `server 1 → server 2: PROPOSAL 0x100000002 create`.
fn peer_message(l: Lang, m: &PeerMessageView) -> Words {
    messages::peer_line(l, m.from, m.to, &m.summary)
}

/// A vote in words: `vote (2, 0x100000003, round 3)`, and the sender's role when it is out
/// of the election (`· leader`): the page's words only, so a label is one plain text.
fn vote_words(l: Lang, p: &Proposal, round: i64, state: ServerState) -> String {
    let leader = p
        .leader
        .map_or_else(|| "-".to_string(), |id| id.to_string());
    let mut w = Msg::VoteLabel.fill(l, &[&leader, &format!("{:#x}", p.zxid), &round]);
    if state != ServerState::Looking {
        w.push_str(" · ");
        w.push_str(messages::role(l, PeerState::Up(state)));
    }
    w
}

/// A timer in words: what it waits for, how far it is.
fn timer_words(l: Lang, t: &PeerTimer, now_ms: u64) -> String {
    let what = match t.kind {
        TimerKind::ElectionPoll => Msg::TimerPoll,
        TimerKind::ElectionFinalize => Msg::TimerFinalize,
        TimerKind::InitLimit => Msg::TimerInitLimit,
        TimerKind::SyncLimit => Msg::TimerSyncLimit,
        TimerKind::Ping => Msg::TimerPing,
    };
    let total = t.until_ms - t.from_ms;
    let passed = now_ms.saturating_sub(t.from_ms).min(total);
    Msg::TimerLine.fill(l, &[&what.text(l), &passed, &total])
}

/// How far along a timer is, in hundredths.
fn timer_percent(t: &PeerTimer, now_ms: u64) -> u64 {
    let total = (t.until_ms - t.from_ms).max(1);
    now_ms.saturating_sub(t.from_ms).min(total) * 100 / total
}

/// A server's role and epoch under its circle; a proposed epoch not yet current shows as
/// `1→2` (a new leader's LEADERINFO, a learner that accepted it).
fn role_label(l: Lang, s: &ServerView) -> String {
    let p = &s.peer;
    let epoch = if p.state.is_up() && p.accepted_epoch > p.epoch {
        format!("{}→{}", p.epoch, p.accepted_epoch)
    } else {
        p.epoch.to_string()
    };
    Msg::RoleEpoch.fill(l, &[&messages::role(l, p.state), &epoch])
}

/// The ring, in place of the standalone server's diagram.
pub fn ring(
    e: &EnsembleView,
    now_ms: u64,
    sessions: &[(String, &'static str, Option<u8>)],
    dispatch: &Callback<Action>,
    l: Lang,
) -> Html {
    let n = e.servers.len();
    let at = |id: u64| {
        e.servers
            .iter()
            .position(|s| s.peer.id == id)
            .map(|i| at_radius(i, n, RADIUS))
    };
    // Each message's place in its link's queue, and whether it is labelled: the head of its
    // link, among the LABELS_MAX of those to arrive first.
    let mut queued = Vec::with_capacity(e.messages.len());
    for (i, m) in e.messages.iter().enumerate() {
        let k = e.messages[..i]
            .iter()
            .filter(|o| (o.from, o.to) == (m.from, m.to))
            .count();
        queued.push(k);
    }
    let key = |m: &PeerMessageView| (m.held, m.arrive_ms, m.id);
    let labelled = |i: usize| {
        let m = &e.messages[i];
        queued[i] == 0
            && m.from != m.to
            && e.messages
                .iter()
                .zip(&queued)
                .filter(|(o, k)| **k == 0 && o.from != o.to && key(o) < key(m))
                .count()
                < LABELS_MAX
    };
    let serving = e.voters_up >= e.quorum;
    // Sub-steps of a turn for the clients beside their server (about 7.5° each).
    let sub = (48 / n.max(1)).max(2);
    // Where each server's role label goes: beside its circle, away from the chords (right of
    // a server on the right, left of one on the left, above or below one at the top or bottom).
    let role_at: Vec<(f64, f64, &'static str)> = (0..n)
        .map(|i| {
            let (x, y) = at_radius(i, n, RADIUS);
            let (cos, _) = crate::geometry::turn(i, n);
            if cos > 0.3 {
                (x + PEER_R + 6.0, y + 4.0, "start")
            } else if cos < -0.3 {
                (x - PEER_R - 6.0, y + 4.0, "end")
            } else if y < H / 2.0 {
                (x, y - PEER_R - 9.0, "middle")
            } else {
                (x, y + PEER_R + 15.0, "middle")
            }
        })
        .collect();
    // What labels may not cover: the circles and the role labels.
    let mut taken: Vec<Box2> = Vec::new();
    for (i, s) in e.servers.iter().enumerate() {
        let (x, y) = at_radius(i, n, RADIUS);
        let r = PEER_R + 5.0;
        taken.push(Box2 {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        });
        let (lx, ly, anchor) = role_at[i];
        taken.push(Box2::of_text(
            &role_label(l, s),
            lx,
            ly,
            ROLE_FONT_PX,
            anchor,
        ));
        for j in 0..s.peer.clients.len().min(CLIENTS_DRAWN_MAX) {
            let (cx, cy) = at_radius(i * sub + 3 + 2 * j, n * sub, RADIUS + 12.0);
            taken.push(Box2 {
                x0: cx - 14.0,
                y0: cy - 14.0,
                x1: cx + 14.0,
                y1: cy + 14.0,
            });
        }
    }
    // Each message's place (where it is between its sending and its arrival, from one circle's
    // edge to the other's; those queued behind it on its link wait behind it) and its label,
    // if it has one and it fits: above its dot, else below, else none (a dot only).
    let mut drawn: Vec<Option<Drawn>> = Vec::with_capacity(e.messages.len());
    for (i, m) in e.messages.iter().enumerate() {
        let (Some((fx, fy)), Some((tx, ty))) = (at(m.from), at(m.to)) else {
            drawn.push(None);
            continue;
        };
        if m.from == m.to {
            drawn.push(None);
            continue;
        }
        let span = m.arrive_ms.saturating_sub(m.sent_ms);
        let done = if m.held {
            0.0
        } else if span == 0 {
            1.0
        } else {
            (now_ms.saturating_sub(m.sent_ms).min(span)) as f64 / span as f64
        };
        let t = (0.2 + 0.6 * done - 0.1 * queued[i] as f64).max(0.15);
        let (x, y) = (fx + (tx - fx) * t, fy + (ty - fy) * t);
        // The label leans the way it travels, so two leaving one server part.
        let anchor = if tx > fx + 1.0 {
            "start"
        } else if tx < fx - 1.0 {
            "end"
        } else {
            "middle"
        };
        // A vote in the page's words, a packet as ZooKeeper names it (cut short).
        let label = labelled(i)
            .then(|| match &m.vote {
                Some(v) => (vote_words(l, &v.proposal, v.election_epoch, v.state), None),
                None => match &m.summary {
                    PeerSummary::Closed => (Msg::PacketClosed.text(l).to_string(), None),
                    PeerSummary::Zk(s) => (s.chars().take(LABEL_CHARS_MAX).collect(), Some("")),
                },
            })
            .and_then(|(text, zk)| {
                [-7.0, 15.0].into_iter().find_map(|dy| {
                    let b = Box2::of_text(&text, x, y + dy, MSG_FONT_PX, anchor);
                    (b.inside() && !taken.iter().any(|o| o.overlaps(&b))).then(|| {
                        taken.push(b);
                        (text.clone(), zk, dy, anchor)
                    })
                })
            });
        drawn.push(Some((x, y, m.held, label)));
    }
    html! {
        <>
        // The ring and its quorum stay put at the top of the network box (sticky) while the
        // cards, the lists and the log scroll under them.
        <div class="ring" data-testid="ring" data-quorum={serving.to_string()}>
            <svg class="net" role="img" aria-label={Msg::RingLabel.text(l)} viewBox="0 0 480 300">
                { for (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).map(|(i, j)| {
                    let ((x1, y1), (x2, y2)) = (at_radius(i, n, RADIUS), at_radius(j, n, RADIUS));
                    let (a, b) = (e.servers[i].peer.id, e.servers[j].peer.id);
                    let cut = e.cut.contains(&(a.min(b), a.max(b)));
                    html! { <path class={if cut { "link cut" } else { "link" }} d={format!("M{} {}L{} {}", px(x1), px(y1), px(x2), px(y2))} /> }
                }) }
                { for e.servers.iter().enumerate().map(|(i, s)| {
                    let (x, y) = at_radius(i, n, RADIUS);
                    let (lx, ly, anchor) = role_at[i];
                    let p = &s.peer;
                    let clients = &p.clients[..p.clients.len().min(CLIENTS_DRAWN_MAX)];
                    html! { <>
                        { for clients.iter().enumerate().map(|(j, name)| {
                            let (cx, cy) = at_radius(i * sub + 3 + 2 * j, n * sub, RADIUS + 12.0);
                            // Its session's timer: the arc is what is left of its timeout.
                            let left = sessions.iter().find(|(c, _, _)| c == name).and_then(|(_, _, left)| *left);
                            html! {
                                <g class="ring-client" data-testid="ring-client" data-client={name.clone()}>
                                    <circle class="client" cx={px(cx)} cy={px(cy)} r="11" />
                                    if let Some(left) = left {
                                        <circle class="session" data-testid="ring-session" data-left={left.to_string()} cx={px(cx)} cy={px(cy)} r="13.5" pathLength="100"
                                            transform={format!("rotate(-90 {} {})", px(cx), px(cy))} stroke-dasharray={format!("{left} 100")} />
                                    }
                                    <text class="label" x={px(cx)} y={px(cy + 4.0)} data-zk="">{ name.chars().take(3).collect::<String>() }</text>
                                </g>
                            }
                        }) }
                        <g data-state={p.state.name()} data-testid="ring-peer" data-server={p.id.to_string()} transform={format!("translate({} {})", px(x), px(y))}>
                            if let Some(t) = &p.timer {
                                <circle class="timer" r="26" pathLength="100" transform="rotate(-90)"
                                    stroke-dasharray={format!("{} 100", timer_percent(t, now_ms))} />
                            }
                            <circle class="peer" r="22" />
                            <text class="myid" y={if p.vote.is_some() { "0" } else { "5" }}>{ p.id }</text>
                            if let Some((vote, _)) = &p.vote {
                                <text class="vote" y="12" data-testid="ring-vote">{ Msg::VotesFor.fill(l, &[&vote.leader.map_or_else(|| "-".to_string(), |v| v.to_string())]) }</text>
                            }
                        </g>
                        <text class="label" x={px(lx)} y={px(ly)} text-anchor={anchor}>{ role_label(l, s) }</text>
                    </> }
                }) }
                { for e.messages.iter().zip(&drawn).filter_map(|(m, d)| {
                    let (x, y, held, label) = d.clone()?;
                    Some(html! {
                        <g key={m.id.to_string()} class={if held { "msg held" } else { "msg up" }}
                            data-testid="ring-message" data-id={m.id.to_string()} transform={format!("translate({} {})", px(x), px(y))}>
                            <circle r="4" />
                            if let Some((text, zk, dy, anchor)) = label {
                                <text class="msg-label" y={px(dy)} data-testid="ring-message-label" data-zk={zk}
                                    text-anchor={anchor}>{ text }</text>
                            }
                        </g>
                    })
                }) }
            </svg>
            <p class={if serving { "quorum" } else { "quorum error" }} data-testid="quorum" title={Msg::GlossQuorum.text(l)}>
                { if serving { Msg::Quorum } else { Msg::NoQuorum }.fill(l, &[&e.quorum, &e.voters, &e.voters_up]) }
            </p>
        </div>
            <div class="servers">
                { for e.servers.iter().map(|s| server_card(s, now_ms, e.viewed == Some(s.peer.id), dispatch, l)) }
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
        </>
    }
}

/// One server's card: what it is, its log's tail (committed entries filled, proposed ones
/// dashed), its clients, and its buttons.
fn server_card(s: &ServerView, now_ms: u64, viewed: bool, d: &Callback<Action>, l: Lang) -> Html {
    let t = |m: Msg| m.text(l);
    let id = s.peer.id;
    let k = id;
    // Stepwise: the click is one event, and what it set off waits for Step ▶.
    let run = |c: ServerCommand| {
        let line = Action::Line(ScriptLine::Server(c.stepwise()));
        d.reform(move |_| line.clone())
    };
    // A delay of the user's choosing (`delay server 1 300`), applied when the field changes.
    let set_delay = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let field: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(ms) = field.value().trim().parse::<u64>() {
                let c = ServerCommand::Delay { server: k, ms }.stepwise();
                d.emit(Action::Line(ScriptLine::Server(c)));
            }
        })
    };
    let power = run(ServerCommand::Act {
        server: k,
        action: if s.peer.state.is_up() {
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
            data-testid="ring-server" data-server={id.to_string()} data-state={s.peer.state.name()} data-mode={s.mode.name()}>
            <strong>{ messages::server_summary(l, s) }</strong>
            if s.isolated { <span class="badge">{ t(Msg::Partitioned) }</span> }
            if s.delay_ms > 0 { <span class="badge">{ Msg::Delayed.fill(l, &[&s.delay_ms]) }</span> }
            <p title={format!("{}\n{}", Msg::GlossEpoch.text(l), Msg::GlossZxid.text(l))}>{ Msg::EpochZxid.fill(l, &[&s.peer.epoch, &format!("{:#x}", s.peer.last_zxid)]) }</p>
            if let Some((vote, round)) = &s.peer.vote {
                <p data-testid="server-vote">{ vote_words(l, vote, *round, ServerState::Looking) }</p>
            }
            if let Some(timer) = &s.peer.timer {
                <p class="muted" data-testid="server-timer">{ timer_words(l, timer, now_ms) }</p>
            }
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
            { button("server-power", t(if s.peer.state.is_up() { Msg::Crash } else { Msg::Restart }).into(), power, false) }
            { button("server-partition", t(if s.isolated { Msg::Heal } else { Msg::Partition }).into(), partition, false) }
            { button("server-tree", t(Msg::ShowTree).into(), d.reform(move |_| Action::ViewServer(id)), viewed) }
            { button("server-delay", if delay_ms == 0 { t(Msg::NoDelay).to_string() } else { Msg::DelayOption.fill(l, &[&delay_ms]) },
                run(ServerCommand::Delay { server: k, ms: delay_ms }), false) }
            <input type="number" class="delay-ms" data-testid="server-delay-ms" min="0" max="60000" step="100"
                value={s.delay_ms.to_string()} aria-label={t(Msg::DelayMs)} title={t(Msg::DelayMs)} onchange={set_delay} />
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
