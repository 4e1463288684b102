//! Time controls and the sandbox's file actions.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;
use zkplay_core::script::parse::SimCommand;
use zkplay_core::script::ScriptLine;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub seed: u64,
    pub now_ms: u64,
    pub steps: u64,
    pub playing: bool,
    pub speed: u32,
    pub server_up: bool,
    /// The scenario file, built only when the export dialog shows it (not on every step).
    pub export: Callback<(), String>,
    pub dispatch: Callback<Action>,
    pub on_share: Callback<MouseEvent>,
    pub lang: zkplay_core::tutorial::Lang,
    /// The simulation's state hash, shown with the export (equal after import or reload).
    pub state_hash: Callback<(), String>,
}

#[function_component(Toolbar)]
pub fn toolbar(p: &ToolbarProps) -> Html {
    let dialog = use_state(|| None::<&'static str>);
    let import_ref = use_node_ref();
    let d = &p.dispatch;
    let open = |which: &'static str| {
        let dialog = dialog.clone();
        Callback::from(move |_| dialog.set(Some(which)))
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_| dialog.set(None))
    };
    let do_import = {
        let dialog = dialog.clone();
        let import_ref = import_ref.clone();
        let d = d.clone();
        Callback::from(move |_| {
            if let Some(t) = import_ref.cast::<HtmlTextAreaElement>() {
                d.emit(Action::Load(t.value()));
            }
            dialog.set(None);
        })
    };
    let on_seek = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                if let Ok(v) = i.value().parse::<u64>() {
                    d.emit(Action::Seek(v));
                }
            }
        })
    };
    let on_lang = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                d.emit(Action::SetLang(zkplay_core::tutorial::Lang::from_code(
                    &s.value(),
                )));
            }
        })
    };
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                d.emit(Action::SetSpeed(s.value().parse().unwrap_or(1)));
            }
        })
    };
    let exported = (*dialog == Some("export")).then(|| p.export.emit(()));
    let download = exported
        .as_deref()
        .map(|script| format!("data:text/plain;charset=utf-8,{}", percent_encode(script)));
    html! {
        <header class="top">
            <h1>{ "zkplay" }</h1>
            <span class="tagline">{ "ZooKeeper 3.8, simulated" }</span>
            <div class="time" aria-label="simulation time">
                <button data-testid="step-back" title="Step back (←)" onclick={d.reform(|_| Action::StepBack)}>{ "◀ Back" }</button>
                <button data-testid="play" title="Play / pause (space)" onclick={d.reform(|_| Action::TogglePlay)}>
                    { if p.playing { "❚❚ Pause" } else { "▶▶ Play" } }
                </button>
                <button data-testid="step" title="Deliver the next event (→)" onclick={d.reform(|_| Action::Step)}>{ "Step ▶" }</button>
                <select aria-label="play speed" title="Events per tick while playing" onchange={on_speed}>
                    { for [1u32, 4, 20, 100].iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == p.speed}>{ format!("{s}×") }</option>
                    }) }
                </select>
                <button title="Let one second pass" onclick={d.reform(|_| Action::Tick(1000))}>{ "+1 s" }</button>
                <button title="Let ten seconds pass" onclick={d.reform(|_| Action::Tick(10_000))}>{ "+10 s" }</button>
                <input type="range" class="timeline" min="0" max={(p.steps + 50).to_string()} value={p.steps.to_string()}
                    aria-label="timeline: drag back to rewind, forward to step" data-testid="timeline" onchange={on_seek} />
                <span class="clock" data-testid="sim-time">{ format!("t = {:.3} s", p.now_ms as f64 / 1000.0) }</span>
                <span class="muted" data-testid="step-count">{ format!("step {} · seed {}", p.steps, p.seed) }</span>
                <button class={classes!("server", (!p.server_up).then_some("down"))}
                    onclick={d.reform({ let up = p.server_up; move |_| Action::Line(ScriptLine::Sim(if up { SimCommand::ServerStop } else { SimCommand::ServerStart })) })}>
                    { if p.server_up { "Server ● up" } else { "Server ○ down" } }
                </button>
            </div>
            <div class="files">
                <select data-testid="language" aria-label="language / 语言" onchange={on_lang}>
                    <option value="en" selected={p.lang == zkplay_core::tutorial::Lang::En}>{ "English" }</option>
                    <option value="zh" selected={p.lang == zkplay_core::tutorial::Lang::Zh}>{ "中文" }</option>
                </select>
                <button onclick={open("export")}>{ "Export" }</button>
                <button onclick={open("import")}>{ "Import" }</button>
                <button onclick={p.on_share.clone()} title="Put a link to this sandbox in the address bar">{ "Share link" }</button>
                <button onclick={d.reform(|_| Action::Reset)}>{ "Reset" }</button>
            </div>
            if *dialog == Some("export") {
                <div class="dialog" role="dialog" aria-label="Export scenario">
                    <p>{ "This scenario script rebuilds the sandbox exactly (same seed, same steps): state hash " }
                        <code data-testid="state-hash">{ p.state_hash.emit(()) }</code></p>
                    <textarea readonly=true rows="12" value={exported.clone().unwrap_or_default()} />
                    <div class="row">
                        <a class="button" href={download} download="zkplay-scenario.zk">{ "Download .zk" }</a>
                        <button onclick={close.clone()}>{ "Close" }</button>
                    </div>
                </div>
            }
            if *dialog == Some("import") {
                <div class="dialog" role="dialog" aria-label="Import scenario">
                    <p>{ "Paste a scenario script. It replaces the current sandbox." }</p>
                    <textarea ref={import_ref} rows="12" placeholder={"session a\na: create /x 1"} />
                    <div class="row">
                        <button onclick={do_import}>{ "Import" }</button>
                        <button onclick={close}>{ "Cancel" }</button>
                    </div>
                </div>
            }
        </header>
    }
}

/// Percent-encodes text for a data: URL.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
