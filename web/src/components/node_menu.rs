//! The znode tree's context menu: what a user can do to a node (create a child, set its data,
//! delete it or its subtree, copy its path, watch it). Each action is a zkCli command the
//! selected client runs, so it shows in its console and in the script.

use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;
use zkplay_core::script::NodeCommand;
use zkplay_core::tutorial::Lang;

use crate::messages::Msg;

/// Where the menu opened, and for which node.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuAt {
    pub path: String,
    /// Viewport coordinates of the click (or of the row's menu button).
    pub x: i32,
    pub y: i32,
}

/// The step the menu is at: the list of actions, or one action's small form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Actions,
    CreateChild,
    SetData,
    ConfirmDeleteSubtree,
}

#[derive(Properties, PartialEq)]
pub struct NodeMenuProps {
    pub at: MenuAt,
    pub lang: Lang,
    pub on_command: Callback<NodeCommand>,
    pub on_close: Callback<()>,
}

fn value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[function_component(NodeMenu)]
pub fn node_menu(p: &NodeMenuProps) -> Html {
    let form = use_state(|| Form::Actions);
    let menu_ref = use_node_ref();
    let (name_ref, data_ref) = (use_node_ref(), use_node_ref());
    // Placed through the CSSOM: the page's Content-Security-Policy forbids inline styles.
    // Kept inside the window (a click near its edge would clip it): at most its widest and
    // its tallest (style.css) from the window's right and bottom edges.
    {
        let (menu_ref, at) = (menu_ref.clone(), p.at.clone());
        use_effect_with(at, move |at| {
            if let Some(el) = menu_ref.cast::<HtmlElement>() {
                let style = el.style();
                let _ = style.set_property("left", &format!("min({}px, 100vw - 324px)", at.x));
                let _ = style.set_property("top", &format!("min({}px, 100vh - 22rem)", at.y));
                let _ = el.focus();
            }
        });
    }
    let l = p.lang;
    let t = |m: Msg| m.text(l);
    let path = p.at.path.clone();
    let run = |make: fn(String) -> NodeCommand| {
        let (on_command, on_close, path) = (p.on_command.clone(), p.on_close.clone(), path.clone());
        Callback::from(move |_: MouseEvent| {
            on_command.emit(make(path.clone()));
            on_close.emit(());
        })
    };
    let show = |f: Form| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| form.set(f))
    };
    let copy = {
        let (on_close, path) = (p.on_close.clone(), path.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&path);
            }
            on_close.emit(());
        })
    };
    let submit = {
        let (on_command, on_close, path) = (p.on_command.clone(), p.on_close.clone(), path.clone());
        let (name_ref, data_ref, form) = (name_ref.clone(), data_ref.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let command = match *form {
                Form::CreateChild => NodeCommand::CreateChild {
                    parent: path.clone(),
                    name: value(&name_ref),
                    data: value(&data_ref),
                },
                Form::SetData => NodeCommand::SetData {
                    path: path.clone(),
                    data: value(&data_ref),
                },
                _ => return,
            };
            on_command.emit(command);
            on_close.emit(());
        })
    };
    let on_keydown = {
        let on_close = p.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let cancel = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="node-menu" role="menu" tabindex="-1" ref={menu_ref} data-testid="node-menu"
            aria-label={t(Msg::NodeMenu)} onkeydown={on_keydown}>
            <div class="node-menu-path" data-zk="">{ &p.at.path }</div>
            { match *form {
                Form::Actions => html! { <>
                    <button role="menuitem" data-testid="menu-create-child" onclick={show(Form::CreateChild)}>{ t(Msg::MenuCreateChild) }</button>
                    <button role="menuitem" data-testid="menu-set-data" onclick={show(Form::SetData)}>{ t(Msg::MenuSetData) }</button>
                    <button role="menuitem" data-testid="menu-delete" onclick={run(|path| NodeCommand::Delete { path })}>{ t(Msg::MenuDelete) }</button>
                    <button role="menuitem" data-testid="menu-delete-subtree" onclick={show(Form::ConfirmDeleteSubtree)}>{ t(Msg::MenuDeleteSubtree) }</button>
                    <button role="menuitem" data-testid="menu-copy-path" onclick={copy}>{ t(Msg::MenuCopyPath) }</button>
                    <button role="menuitem" data-testid="menu-watch-data" onclick={run(|path| NodeCommand::WatchData { path })}>{ t(Msg::MenuWatchData) }</button>
                    <button role="menuitem" data-testid="menu-watch-children" onclick={run(|path| NodeCommand::WatchChildren { path })}>{ t(Msg::MenuWatchChildren) }</button>
                    <button role="menuitem" data-testid="menu-watch-recursive" onclick={run(|path| NodeCommand::WatchRecursive { path })}>{ t(Msg::MenuWatchRecursive) }</button>
                    <button role="menuitem" onclick={cancel.clone()}>{ t(Msg::Cancel) }</button>
                </> },
                Form::CreateChild | Form::SetData => html! {
                    <form onsubmit={submit}>
                        if *form == Form::CreateChild {
                            <label>{ t(Msg::MenuChildName) }
                                <input ref={name_ref} data-testid="menu-name" spellcheck="false" /></label>
                        }
                        <label>{ t(Msg::MenuData) }
                            <input ref={data_ref} data-testid="menu-data" spellcheck="false" /></label>
                        <div class="row">
                            <button type="submit" data-testid="menu-ok">{ t(Msg::MenuRun) }</button>
                            <button type="button" onclick={cancel.clone()}>{ t(Msg::Cancel) }</button>
                        </div>
                    </form>
                },
                Form::ConfirmDeleteSubtree => html! { <>
                    <p>{ t(Msg::MenuConfirmDeleteSubtree) }</p>
                    <div class="row">
                        <button class="danger" data-testid="menu-confirm-delete-subtree"
                            onclick={run(|path| NodeCommand::DeleteSubtree { path })}>{ t(Msg::MenuDeleteSubtree) }</button>
                        <button onclick={cancel.clone()}>{ t(Msg::Cancel) }</button>
                    </div>
                </> },
            } }
        </div>
    }
}
