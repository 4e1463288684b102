//! A zkCli console for the selected client: its transcript and an input line with history
//! (↑/↓) and completion of command names and paths (Tab). `help` is zkCli's own. A line the
//! simulator knows (`srvr 3`, `server 1 crash`, `tick 1000`) runs as a script line, its output
//! and zkplay's hints marked as zkplay's. With no client selected it is the command box: the
//! same pane, for the simulator's lines only.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use zkplay_core::sandbox::{ConsolePart, Note};
use zkplay_core::tutorial::Lang;

use crate::components::words::render;
use crate::messages::{self, Msg, Words};
use crate::tools_host::{tools_code, tools_load};

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The selected client; empty for the command box.
    pub client: String,
    /// zkCli's output, and the lines zkplay adds for the session's recipe roles.
    pub output: Rc<Vec<ConsolePart>>,
    pub on_run: Callback<String>,
    /// Tab completion: the line completed (a command name, or a path of the tree), if it can be.
    pub complete: Callback<String, Option<String>>,
    /// The op lines of a multi block being typed, if one is open.
    pub multi_draft: Option<Vec<String>>,
    pub lang: Lang,
}

#[function_component(Console)]
pub fn console(p: &ConsoleProps) -> Html {
    let input = use_node_ref();
    let history = use_mut_ref(Vec::<String>::new);
    let cursor = use_mut_ref(|| 0usize);
    let output_ref = use_node_ref();
    // Keep the newest output in view, as a terminal does.
    {
        let output_ref = output_ref.clone();
        use_effect_with(p.output.clone(), move |_| {
            if let Some(el) = output_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let onkeydown = {
        let input = input.clone();
        let on_run = p.on_run.clone();
        let complete = p.complete.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            match e.key().as_str() {
                "Enter" => {
                    let line = el.value().trim().to_string();
                    if line.is_empty() {
                        return;
                    }
                    history.borrow_mut().push(line.clone());
                    *cursor.borrow_mut() = history.borrow().len();
                    el.set_value("");
                    on_run.emit(line);
                }
                "Tab" => {
                    if let Some(done) = complete.emit(el.value()) {
                        e.prevent_default();
                        el.set_value(&done);
                    }
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let h = history.borrow();
                    let mut c = cursor.borrow_mut();
                    if e.key() == "ArrowUp" {
                        *c = c.saturating_sub(1);
                    } else {
                        *c = (*c + 1).min(h.len());
                    }
                    el.set_value(h.get(*c).map(String::as_str).unwrap_or(""));
                }
                _ => {}
            }
        })
    };
    let command_box = p.client.is_empty();
    // "Show code": the Java and Python call beside each zkCli line, from the tools' bundle
    // (fetched when first asked for; the console draws again once it is there).
    let code = use_state_eq(|| false);
    let redraw = use_force_update();
    let toggle = {
        let code = code.clone();
        Callback::from(move |_| {
            if !*code {
                let redraw = redraw.clone();
                tools_load(&Closure::once_into_js(move || redraw.force_update()).into());
            }
            code.set(!*code);
        })
    };
    html! {
        <div class="console">
            <pre ref={output_ref} class="console-output" data-testid="console-output" aria-live="polite">
                { for p.output.iter().map(|part| match part {
                    ConsolePart::Printed(text) => printed(text, *code),
                    ConsolePart::Recipe { session, kind, status } => html! {
                        <span class="console-recipe">{ render(&messages::console_recipe(p.lang, session, *kind, status)) }</span>
                    },
                    ConsolePart::Zkplay(note) => note_line(p.lang, note),
                }) }
            </pre>
            if let Some(ops) = &p.multi_draft {
                <div class="multi-draft" data-testid="multi-draft">
                    <pre data-zk="">{ "multi" }{ for ops.iter().map(|op| format!("\n  {op}")) }</pre>
                    <p class="muted">{ Msg::MultiDraftBefore.text(p.lang) }<code data-zk="">{ "end" }</code>{ Msg::MultiDraftAfter.text(p.lang) }</p>
                </div>
            }
            <label class="prompt">
                if command_box {
                    <span aria-hidden="true" class="console-zkplay-mark">{ Msg::CommandBoxPrompt.text(p.lang) }{ " " }</span>
                } else {
                    <span aria-hidden="true" data-zk="">{ format!("[zk: {}] ", p.client) }</span>
                }
                <input ref={input} {onkeydown} data-testid="console-input" spellcheck="false"
                    data-box={command_box.then_some("simulator")} autocomplete="off"
                    aria-label={if command_box { Msg::CommandBoxInput.text(p.lang).to_string() } else { Msg::ConsoleInput.fill(p.lang, &[&p.client]) }}
                    // Cut short in a narrow column: the whole of it on hover.
                    title={(if command_box { Msg::CommandBoxPlaceholder } else { Msg::ConsolePlaceholder }).text(p.lang)}
                    placeholder={(if command_box { Msg::CommandBoxPlaceholder } else { Msg::ConsolePlaceholder }).text(p.lang)} />
                if !command_box {
                    <button class="code-toggle" aria-pressed={code.to_string()} onclick={toggle}
                        title={Msg::ShowCodeTitle.text(p.lang)} data-testid="show-code">{ Msg::ShowCode.text(p.lang) }</button>
                }
            </label>
        </div>
    }
}

/// zkCli's output; with "show code", each zkCli line's Java and Python call under it.
fn printed(text: &str, code: bool) -> Html {
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, line) in text.match_indices('\n').scan(0, |start, (at, _)| {
        let line = &text[*start..at];
        *start = at + 1;
        Some((at + 1, line))
    }) {
        let call = line
            .strip_prefix("[zk: ")
            .and_then(|r| r.split_once("] "))
            .filter(|_| code)
            .and_then(|(_, c)| tools_code(c.trim()))
            .filter(|c| !c.is_empty());
        if let Some(call) = call {
            parts.push(html! { <span data-zk="">{ &text[from..at] }</span> });
            let (java, python) = call.split_once('\0').unwrap_or((&call, ""));
            parts.push(html! { <span class="code" data-zk="" data-testid="line-code">{ format!("Java    {java}\nPython  {python}\n") }</span> });
            from = at;
        }
    }
    parts.push(html! { <span data-zk="">{ &text[from..] }</span> });
    parts.into_iter().collect()
}

/// One of zkplay's own lines in a console, marked as zkplay's: a simulator line as typed, what
/// ZooKeeper printed for it (its own words), why it could not run, or a hint.
fn note_line(l: Lang, note: &Note) -> Html {
    let (kind, words) = match note {
        Note::Ran(line) => ("ran", Words::zk(line)),
        Note::Printed(text) => ("printed", Words::zk(text.trim_end())),
        Note::Refused(why) => ("refused", messages::line_error(l, why)),
        Note::Hint(h) => ("hint", messages::hint(l, h)),
        Note::Capped { events } => ("capped", Words::text(Msg::NoteCapped.fill(l, &[events]))),
    };
    html! {
        <span class="console-zkplay" data-note={kind}>
            <span class="console-zkplay-mark">{ Msg::ZkplayNoteMark.text(l) }{ " " }</span>
            { render(&words) }{ "\n" }
        </span>
    }
}
