//! The network: messages in flight (from, to, what, when) and the event log.

use yew::prelude::*;
use zkplay_core::sandbox::{ClientMessageView, EnsembleView, LogRow, LogText};
use zkplay_core::sim::Moment;
use zkplay_core::tutorial::Lang;

use crate::components::virtual_list::{use_virtual_window, VirtualWindow};
use crate::components::words::render;
use crate::messages::{self, Msg, Words};
use crate::state::Action;

#[derive(Properties)]
pub struct NetworkProps {
    pub messages: std::rc::Rc<Vec<ClientMessageView>>,
    pub log: std::rc::Rc<Vec<LogRow>>,
    pub now_ms: u64,
    /// Client names, in the order they were opened, with their connection state and how much
    /// of their session's timeout is left, in percent.
    pub clients: std::rc::Rc<Vec<(String, &'static str, Option<u8>)>>,
    /// The ensemble, drawn as a ring instead of the standalone server's diagram.
    pub ensemble: Option<std::rc::Rc<EnsembleView>>,
    pub dispatch: Callback<Action>,
    pub lang: Lang,
}

/// The views are built once per change of the sandbox (the app's snapshot): the same pointers
/// are the same views, and comparing them costs nothing (nor the page's size a comparison of
/// each kind of view).
impl PartialEq for NetworkProps {
    fn eq(&self, other: &Self) -> bool {
        use std::rc::Rc;
        let ensemble = match (&self.ensemble, &other.ensemble) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        ensemble
            && Rc::ptr_eq(&self.messages, &other.messages)
            && Rc::ptr_eq(&self.log, &other.log)
            && Rc::ptr_eq(&self.clients, &other.clients)
            && self.now_ms == other.now_ms
            && self.dispatch == other.dispatch
            && self.lang == other.lang
    }
}

const W: f64 = 420.0;

/// A coordinate for the SVG, to a tenth of a pixel, written without the float formatter (which
/// would add kilobytes to the page for nothing).
pub(crate) fn px(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

const H: f64 = 200.0;

/// Where each client sits: on an ellipse around the server in the middle.
fn position(i: usize, n: usize) -> (f64, f64) {
    let (cos, sin) = crate::geometry::turn(i, n);
    (
        W / 2.0 + (W / 2.0 - 40.0) * cos,
        H / 2.0 + (H / 2.0 - 22.0) * sin,
    )
}

#[derive(Properties, PartialEq)]
struct ClientsLayerProps {
    clients: std::rc::Rc<Vec<(String, &'static str, Option<u8>)>>,
    server: &'static str,
}

/// The server and the clients around it, each with its link; each list in a group of its own,
/// keyed by client, so a change moves no other client's drawing.
#[function_component(ClientsLayer)]
fn clients_layer(p: &ClientsLayerProps) -> Html {
    let (sx, sy) = (W / 2.0, H / 2.0);
    let n = p.clients.len();
    html! { <>
        <g class="net-links">
            { for p.clients.iter().enumerate().map(|(i, (name, state, _))| {
                let (x, y) = position(i, n);
                html! { <line key={name.clone()} class={classes!("link", state.to_ascii_lowercase())} x1={px(sx)} y1={px(sy)} x2={px(x)} y2={px(y)} /> }
            }) }
        </g>
        <circle class="server" cx={px(sx)} cy={px(sy)} r="16" />
        <text class="label" x={px(sx)} y={px(sy + 4.0)} text-anchor="middle">{ p.server }</text>
        <g class="net-clients">
            { for p.clients.iter().enumerate().map(|(i, (name, state, _))| {
                let (x, y) = position(i, n);
                html! {
                    <g key={name.clone()}>
                        <circle class={classes!("client", state.to_ascii_lowercase())} cx={px(x)} cy={px(y)} r="11" />
                        <text class="label" x={px(x)} y={px(y + 4.0)} text-anchor="middle">{ name }</text>
                    </g>
                }
            }) }
        </g>
    </> }
}

/// The server, the clients, and every message in flight drawn where it is on its way.
fn diagram(p: &NetworkProps) -> Html {
    let l = p.lang;
    let (sx, sy) = (W / 2.0, H / 2.0);
    let n = p.clients.len();
    let at = |name: &str| {
        p.clients
            .iter()
            .position(|(c, _, _)| c == name)
            .map(|i| position(i, n))
    };
    html! {
        <svg class="net" role="img" aria-label={Msg::DiagramLabel.text(l)}
            viewBox="0 0 420 200" data-testid="network-diagram">
            // The clients' drawing is a component of its own: it is drawn again only when a
            // client comes, goes or changes state, not on every step.
            <ClientsLayer clients={p.clients.clone()} server={Msg::ServerShort.text(l)} />
            <g class="net-messages">
            { for p.messages.iter().filter_map(|m| {
                let (cx, cy) = at(&m.client)?;
                let span = m.arrive_ms.saturating_sub(m.sent_ms).max(1) as f64;
                // A partition holds a message halfway, where the link is cut.
                let t = if m.held { 0.5 } else { (p.now_ms.saturating_sub(m.sent_ms) as f64 / span).clamp(0.0, 1.0) };
                let (fx, fy, tx, ty) = if m.to_server { (cx, cy, sx, sy) } else { (sx, sy, cx, cy) };
                let (x, y) = (fx + (tx - fx) * t, fy + (ty - fy) * t);
                // A tooltip is text only: it lists the ZooKeeper words it holds, which the page's
                // checks allow in it as they would in a data-zk element.
                let tip = route(l, m).then(Words::text(": ")).then(messages::summary(l, &m.summary));
                Some(html! {
                    <circle key={m.id.to_string()} class={classes!("msg", if m.to_server { "up" } else { "down" }, m.held.then_some("held"))} cx={px(x)} cy={px(y)} r="4">
                        <title data-zk-words={tip.zk_words().join(" ")}>{ tip.plain() }</title>
                    </circle>
                })
            }) }
            </g>
        </svg>
    }
}

/// From where to where a message travels, in words.
fn route(l: Lang, m: &ClientMessageView) -> Words {
    messages::route(l, &m.client, m.to_server, m.server)
}

#[function_component(Network)]
pub fn network(p: &NetworkProps) -> Html {
    let l = p.lang;
    html! {
        <div class="network">
            if let Some(e) = &p.ensemble {
                { crate::components::ring::ring(e, p.now_ms, &p.clients, &p.dispatch, l) }
            } else {
                { diagram(p) }
            }
            <h2>{ Msg::InFlight.fill(l, &[&p.messages.len()]) }</h2>
            <ul class="messages" data-testid="in-flight">
                { for p.messages.iter().map(|m| {
                    let span = m.arrive_ms.saturating_sub(m.sent_ms).max(1);
                    let done = if m.held { 50 } else { (p.now_ms.saturating_sub(m.sent_ms) * 100 / span).min(100) };
                    html! {
                        <li key={m.id.to_string()} class={classes!(if m.to_server { "up" } else { "down" })}>
                            <span class="route">{ render(&route(l, m)) }</span>
                            <span class="what">{ render(&messages::summary(l, &m.summary)) }</span>
                            <progress max="100" value={done.to_string()} aria-label={Msg::MessageProgress.text(l)} />
                            <span class="muted">{ if m.held { Msg::PeerHeld.text(l).to_string() } else { Msg::SentArrives.fill(l, &[&m.sent_ms, &m.arrive_ms]) } }</span>
                        </li>
                    }
                }) }
            </ul>
            // On an ensemble the ring takes this column's room, and the log stands in the
            // clients' column (app.rs): both stay in view at 1366×768.
            if p.ensemble.is_none() {
                { log_box(&p.log, false, l) }
            }
        </div>
    }
}

/// The event log with its heading (a plain function: a component costs the page's size).
/// `ensemble`: an ensemble's log, which keeps a different number of lines.
pub fn log_box(log: &std::rc::Rc<Vec<LogRow>>, ensemble: bool, l: Lang) -> Html {
    let kept = if ensemble {
        zkplay_core::sim::ensemble::LOG_MAX
    } else {
        zkplay_core::sim::SimConfig::default().log_entries_max
    };
    html! { <>
        <h2>{ Msg::EventLog.fill(l, &[&kept]) }</h2>
        <EventLog log={log.clone()} lang={l} />
    </> }
}

/// Every log line is this tall (style.css `.log li`), so the log renders only what is in view.
const LOG_ROW_PX: i32 = 20;
/// Lines rendered above and below the visible ones.
const LOG_OVERSCAN_ROWS: i32 = 10;

#[derive(Properties, PartialEq)]
struct EventLogProps {
    log: std::rc::Rc<Vec<LogRow>>,
    lang: Lang,
}

/// The event log, newest first, as a virtual list: a step adds a line without laying out
/// two hundred.
#[function_component(EventLog)]
fn event_log(p: &EventLogProps) -> Html {
    let l = p.lang;
    let lines: Vec<(String, &LogRow)> = keyed(&p.log)
        .into_iter()
        .rev()
        .take(zkplay_core::sandbox::LOG_LINES_SHOWN_MAX)
        .collect();
    let VirtualWindow {
        scroll_ref,
        top_ref,
        bottom_ref,
        on_scroll,
        first,
        last,
    } = use_virtual_window(lines.len(), LOG_ROW_PX, LOG_OVERSCAN_ROWS);
    // The lines of the latest step (what the last Step delivered) are marked.
    let latest = p.log.last().map(|e| e.step);
    html! {
        <div class="log-scroll" ref={scroll_ref} onscroll={on_scroll}>
            <div class="log-spacer" ref={top_ref} />
            <ol class="log" data-testid="event-log">
                { for lines[first..last].iter().map(|(key, e)| html! {
                    <li key={key.clone()} class={classes!(e.moment.is_some().then_some("moment"), (Some(e.step) == latest).then_some("last-step"))}>
                        if Some(e.step) == latest {
                            <span class="last-step-mark" data-testid="last-step" title={Msg::LogLastStep.text(l)}>{ "▶" }</span>
                        }
                        <span class="muted" title={Msg::LogAtTitle.fill(l, &[&e.step])}>{ Msg::LogAt.fill(l, &[&e.step, &format!("{:>7}", e.time_ms)]) }</span>
                        // ① to ⑤: the moments of a session's start, as the seed numbers them.
                        if let Some(m) = e.moment {
                            <span class="moment-label" data-testid="moment" data-moment={m.label()}
                                title={moment_words(l, m)}>{ m.label() }</span>
                        }
                        { log_text(l, &e.text) }
                    </li>
                }) }
            </ol>
            <div class="log-spacer" ref={bottom_ref} />
        </div>
    }
}

/// A log row's words: the simulation's lines in the page's language; the Java client's own log
/// lines for ② and ③ as it writes them. One line each, cut short with an ellipsis when the
/// column is narrow: the whole line is its tooltip (which lists the ZooKeeper words it holds).
fn log_text(l: Lang, t: &LogText) -> Html {
    let words = match t {
        LogText::Sim(line) => messages::log_line(l, line),
        LogText::Quiet(q) => messages::quiet_line(l, q),
        own => {
            let own = own.to_string();
            return html! { <span class="log-text" data-zk="" title={own.clone()}>{ own }</span> };
        }
    };
    html! {
        <span class="log-text" title={words.plain()} data-zk-words={words.zk_words().join(" ")}>{ render(&words) }</span>
    }
}

/// What a moment of a session's start is, in the page's words.
pub fn moment_words(l: Lang, m: Moment) -> &'static str {
    match m {
        Moment::Initiating => Msg::MomentInitiating,
        Moment::OpeningSocket => Msg::MomentOpeningSocket,
        Moment::ConnectRequestSent => Msg::MomentConnectRequest,
        Moment::SessionEstablished => Msg::MomentEstablished,
        Moment::SyncConnected => Msg::MomentSyncConnected,
    }
    .text(l)
}

/// Each log line keyed by its step and its place within the step, so a new line at the top
/// moves no other line: the page inserts one element instead of rewriting two hundred.
fn keyed(log: &[LogRow]) -> Vec<(String, &LogRow)> {
    let mut within = 0;
    log.iter()
        .enumerate()
        .map(|(i, e)| {
            within = match i.checked_sub(1).and_then(|j| log.get(j)) {
                Some(prev) if prev.step == e.step => within + 1,
                _ => 0,
            };
            (format!("{}.{within}", e.step), e)
        })
        .collect()
}
