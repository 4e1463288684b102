//! The page: header, the znode tree and the console of client `a`.

use yew::prelude::*;

use crate::components::console::Console;
use crate::components::tree::Tree;
use crate::state::{Action, SandboxState};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(SandboxState::default);
    let on_run = {
        let state = state.clone();
        Callback::from(move |line: String| state.dispatch(Action::Run(format!("a: {line}"))))
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Reset))
    };
    html! {
        <div class="app">
            <header class="top">
                <h1>{ "zkplay" }</h1>
                <span class="tagline">{ "Apache ZooKeeper 3.8, simulated in your browser" }</span>
                <button class="reset" onclick={on_reset}>{ "Reset" }</button>
            </header>
            <main class="panes">
                <section class="pane tree-pane" aria-label="znode tree">
                    <h2>{ "Znodes" }</h2>
                    <Tree rows={state.sandbox.tree_rows()} />
                </section>
                <section class="pane console-pane" aria-label="zkCli console">
                    <h2>{ "zkCli — client a" }</h2>
                    <Console output={state.sandbox.console_text()} on_run={on_run} />
                </section>
            </main>
        </div>
    }
}
