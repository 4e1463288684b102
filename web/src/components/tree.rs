//! The znode tree: one row per znode, indented by depth, with a badge for its kind.

use yew::prelude::*;
use zkplay_core::sandbox::TreeRow;

/// style.css defines `.depth-0` … `.depth-16`; deeper nodes share the last indent.
const DEPTH_CLASSES_MAX: usize = 16;

#[derive(Properties, PartialEq)]
pub struct TreeProps {
    pub rows: Vec<TreeRow>,
}

#[function_component(Tree)]
pub fn tree(props: &TreeProps) -> Html {
    html! {
        <ul class="tree" role="tree">
            { for props.rows.iter().map(row) }
        </ul>
    }
}

fn row(r: &TreeRow) -> Html {
    // Depth as a class: the CSP forbids inline style attributes.
    let depth = format!("depth-{}", r.depth.min(DEPTH_CLASSES_MAX));
    let badge = match (r.kind, &r.ephemeral_owner) {
        ("ephemeral", Some(owner)) => {
            html! { <span class="badge ephemeral">{ format!("ephemeral · {owner}") }</span> }
        }
        ("persistent", _) => html! {},
        (kind, _) => html! { <span class={classes!("badge", kind)}>{ kind }</span> },
    };
    html! {
        <li class={classes!("tree-row", depth)} role="treeitem"
            data-testid="tree-node"
            data-path={r.path.clone()}
            data-ephemeral-owner={r.ephemeral_owner.clone()}>
            <span class="node-name">{ &r.name }</span>
            { badge }
            if !r.data_preview.is_empty() {
                <span class="data">{ &r.data_preview }</span>
            }
        </li>
    }
}
