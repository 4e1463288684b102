//! The znode tree: one row per znode, indented by depth, with badges for its kind; a click
//! selects it for the inspector.

use yew::prelude::*;
use zkplay_core::sandbox::TreeRow;

/// style.css defines `.depth-0` … `.depth-16`; deeper nodes share the last indent.
const DEPTH_CLASSES_MAX: usize = 16;

#[derive(Properties, PartialEq)]
pub struct TreeProps {
    pub rows: Vec<TreeRow>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

#[function_component(Tree)]
pub fn tree(p: &TreeProps) -> Html {
    html! {
        <ul class="tree" role="tree">
            { for p.rows.iter().map(|r| row(r, p.selected.as_deref() == Some(r.path.as_str()), &p.on_select)) }
        </ul>
    }
}

fn row(r: &TreeRow, selected: bool, on_select: &Callback<String>) -> Html {
    // Depth as a class: the CSP forbids inline style attributes.
    let depth = format!("depth-{}", r.depth.min(DEPTH_CLASSES_MAX));
    let badge = match (r.kind, &r.ephemeral_owner) {
        ("ephemeral", Some(owner)) => html! {
            <span class={classes!("badge", "ephemeral", owner_colour(owner))}>{ format!("ephemeral · {owner}") }</span>
        },
        ("persistent", _) => html! {},
        (kind, _) => html! { <span class={classes!("badge", kind)}>{ kind }</span> },
    };
    let path = r.path.clone();
    let onclick = on_select.reform(move |_| path.clone());
    html! {
        <li class={classes!("tree-row", depth, selected.then_some("selected"))} role="treeitem"
            aria-selected={selected.to_string()}
            data-testid="tree-node"
            data-path={r.path.clone()}
            data-ephemeral-owner={r.ephemeral_owner.clone()}>
            <button class="node-name" {onclick}>{ &r.name }</button>
            { badge }
            if r.sequential { <span class="badge sequential">{ "seq" }</span> }
            if !r.data_preview.is_empty() {
                <span class="data">{ &r.data_preview }</span>
            }
        </li>
    }
}

/// One of eight colours per session name, so each owner's ephemerals look alike.
pub fn owner_colour(name: &str) -> String {
    let h = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    format!("owner-{}", h % 8)
}
