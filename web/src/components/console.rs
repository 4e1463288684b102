//! A zkCli console: the transcript so far and an input line.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub output: String,
    pub on_run: Callback<String>,
}

#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let input = use_node_ref();
    let onkeydown = {
        let input = input.clone();
        let on_run = props.on_run.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" {
                return;
            }
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let line = el.value();
                if !line.trim().is_empty() {
                    on_run.emit(line.trim().to_string());
                    el.set_value("");
                }
            }
        })
    };
    html! {
        <div class="console">
            <pre class="console-output" data-testid="console-output" aria-live="polite">{ &props.output }</pre>
            <label class="prompt">
                <span aria-hidden="true">{ "[zk: a] " }</span>
                <input ref={input} {onkeydown} data-testid="console-input" spellcheck="false"
                    autocomplete="off" aria-label="zkCli command for client a"
                    placeholder="ls / · create /workers \"\" · get -s /workers" />
            </label>
        </div>
    }
}
