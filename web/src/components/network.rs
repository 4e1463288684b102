//! The network: messages in flight (from, to, what, when) and the event log.

use yew::prelude::*;
use zkplay_core::sandbox::MessageView;
use zkplay_core::sim::LogEntry;

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub messages: Vec<MessageView>,
    pub log: Vec<LogEntry>,
    pub now_ms: u64,
    /// Client names, in the order they were opened, with their connection state.
    pub clients: Vec<(String, &'static str)>,
}

const W: f64 = 420.0;
const H: f64 = 200.0;

/// Where each client sits: on an ellipse around the server in the middle.
fn position(i: usize, n: usize) -> (f64, f64) {
    let a = std::f64::consts::TAU * (i as f64) / (n.max(1) as f64) - std::f64::consts::FRAC_PI_2;
    (
        W / 2.0 + (W / 2.0 - 40.0) * a.cos(),
        H / 2.0 + (H / 2.0 - 22.0) * a.sin(),
    )
}

/// The server, the clients, and every message in flight drawn where it is on its way.
fn diagram(p: &NetworkProps) -> Html {
    let (sx, sy) = (W / 2.0, H / 2.0);
    let n = p.clients.len();
    let at = |name: &str| {
        p.clients
            .iter()
            .position(|(c, _)| c == name)
            .map(|i| position(i, n))
    };
    html! {
        <svg class="net" role="img" aria-label="messages travelling between the clients and the server"
            viewBox={format!("0 0 {W} {H}")} data-testid="network-diagram">
            // Each list in a group of its own, keyed by client: a step moves no client's
            // drawing, it only updates what changed.
            <g class="net-links">
                { for p.clients.iter().enumerate().map(|(i, (name, state))| {
                    let (x, y) = position(i, n);
                    html! { <line key={name.clone()} class={classes!("link", state.to_lowercase())} x1={sx.to_string()} y1={sy.to_string()} x2={x.to_string()} y2={y.to_string()} /> }
                }) }
            </g>
            <circle class="server" cx={sx.to_string()} cy={sy.to_string()} r="16" />
            <text class="label" x={sx.to_string()} y={(sy + 4.0).to_string()} text-anchor="middle">{ "ZK" }</text>
            <g class="net-clients">
                { for p.clients.iter().enumerate().map(|(i, (name, state))| {
                    let (x, y) = position(i, n);
                    html! {
                        <g key={name.clone()}>
                            <circle class={classes!("client", state.to_lowercase())} cx={x.to_string()} cy={y.to_string()} r="11" />
                            <text class="label" x={x.to_string()} y={(y + 4.0).to_string()} text-anchor="middle">{ name }</text>
                        </g>
                    }
                }) }
            </g>
            <g class="net-messages">
            { for p.messages.iter().filter_map(|m| {
                let (cx, cy) = at(&m.client)?;
                let span = m.arrive_ms.saturating_sub(m.sent_ms).max(1) as f64;
                let t = (p.now_ms.saturating_sub(m.sent_ms) as f64 / span).clamp(0.0, 1.0);
                let (fx, fy, tx, ty) = if m.to_server { (cx, cy, sx, sy) } else { (sx, sy, cx, cy) };
                let (x, y) = (fx + (tx - fx) * t, fy + (ty - fy) * t);
                Some(html! {
                    <circle key={m.id.to_string()} class={classes!("msg", if m.to_server { "up" } else { "down" })} cx={x.to_string()} cy={y.to_string()} r="4">
                        <title>{ format!("{} → {}: {}", if m.to_server { m.client.as_str() } else { "server" }, if m.to_server { "server" } else { m.client.as_str() }, m.summary) }</title>
                    </circle>
                })
            }) }
            </g>
        </svg>
    }
}

#[function_component(Network)]
pub fn network(p: &NetworkProps) -> Html {
    html! {
        <div class="network">
            { diagram(p) }
            <h2>{ format!("In flight ({})", p.messages.len()) }</h2>
            <ul class="messages" data-testid="in-flight">
                { for p.messages.iter().map(|m| {
                    let span = m.arrive_ms.saturating_sub(m.sent_ms).max(1);
                    let done = (p.now_ms.saturating_sub(m.sent_ms) * 100 / span).min(100);
                    let (from, to) = if m.to_server { (m.client.clone(), "server".to_string()) } else { ("server".to_string(), m.client.clone()) };
                    html! {
                        <li key={m.id.to_string()} class={classes!(if m.to_server { "up" } else { "down" })}>
                            <span class="route">{ format!("{from} → {to}") }</span>
                            <span class="what">{ &m.summary }</span>
                            <progress max="100" value={done.to_string()} aria-label="progress of this message" />
                            <span class="muted">{ format!("sent {} ms, arrives {} ms", m.sent_ms, m.arrive_ms) }</span>
                        </li>
                    }
                }) }
            </ul>
            <h2>{ format!("Event log — newest first; the simulator keeps the last {} entries", zkplay_core::sim::SimConfig::default().log_entries_max) }</h2>
            <ol class="log" data-testid="event-log">
                { for keyed(&p.log).into_iter().rev().take(200).map(|(key, e)| html! {
                    <li {key}><span class="muted">{ format!("#{} {:>7} ms ", e.step, e.time_ms) }</span>{ &e.text }</li>
                }) }
            </ol>
        </div>
    }
}

/// Each log line keyed by its step and its place within the step, so a new line at the top
/// moves no other line: the page inserts one element instead of rewriting two hundred.
fn keyed(log: &[LogEntry]) -> Vec<(String, &LogEntry)> {
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
