//! The network: messages in flight (from, to, what, when) and the event log.

use yew::prelude::*;
use zkplay_core::sandbox::MessageView;
use zkplay_core::sim::LogEntry;

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub messages: Vec<MessageView>,
    pub log: Vec<LogEntry>,
    pub now_ms: u64,
}

#[function_component(Network)]
pub fn network(p: &NetworkProps) -> Html {
    html! {
        <div class="network">
            <h2>{ format!("In flight ({})", p.messages.len()) }</h2>
            <ul class="messages" data-testid="in-flight">
                { for p.messages.iter().map(|m| {
                    let span = m.arrive_ms.saturating_sub(m.sent_ms).max(1);
                    let done = (p.now_ms.saturating_sub(m.sent_ms) * 100 / span).min(100);
                    let (from, to) = if m.to_server { (m.client.clone(), "server".to_string()) } else { ("server".to_string(), m.client.clone()) };
                    html! {
                        <li class={classes!(if m.to_server { "up" } else { "down" })}>
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
                { for p.log.iter().rev().take(200).map(|e| html! {
                    <li><span class="muted">{ format!("#{} {:>7} ms ", e.step, e.time_ms) }</span>{ &e.text }</li>
                }) }
            </ol>
        </div>
    }
}
