//! The znode tree: one row per znode, indented by depth, with badges for its kind; a click
//! selects it for the inspector.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;
use zkplay_core::sandbox::TreeRow;

/// style.css defines `.depth-0` … `.depth-16`; deeper nodes share the last indent.
const DEPTH_CLASSES_MAX: usize = 16;

/// The tree's rows, shared: comparing props compares the pointer, not ten thousand rows.
#[derive(Clone, Debug)]
pub struct Rows(pub Rc<Vec<TreeRow>>);

impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct TreeProps {
    pub rows: Rows,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

/// The most rows rendered at once; past it the user narrows the view with the filter.
const ROWS_SHOWN_MAX: usize = 500;

#[function_component(Tree)]
pub fn tree(p: &TreeProps) -> Html {
    let filter = use_state(String::new);
    let collapsed = use_state(BTreeSet::<String>::new);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                filter.set(i.value());
            }
        })
    };
    let toggle = {
        let collapsed = collapsed.clone();
        Callback::from(move |path: String| {
            let mut c = (*collapsed).clone();
            if !c.remove(&path) {
                c.insert(path);
            }
            collapsed.set(c);
        })
    };
    let hidden = |path: &str| {
        collapsed.iter().any(|c| {
            path != c
                && path.starts_with(c.as_str())
                && (c == "/" || path[c.len()..].starts_with('/'))
        })
    };
    let visible: Vec<&TreeRow> = p
        .rows
        .0
        .iter()
        .filter(|r| filter.is_empty() || r.path.contains(filter.as_str()))
        .filter(|r| !filter.is_empty() || !hidden(&r.path))
        .collect();
    let shown = visible.len().min(ROWS_SHOWN_MAX);
    html! {
        <div class="tree-wrap">
            <input class="filter" type="search" placeholder={format!("filter {} znodes by path", p.rows.0.len())}
                aria-label="filter znodes by path" value={(*filter).clone()} oninput={on_filter} />
            <ul class="tree" role="tree">
                { for visible.iter().take(ROWS_SHOWN_MAX).map(|r| row(
                    r,
                    p.selected.as_deref() == Some(r.path.as_str()),
                    collapsed.contains(&r.path),
                    &p.on_select,
                    &toggle,
                )) }
            </ul>
            if shown < visible.len() {
                <p class="muted">{ format!("{shown} of {} znodes shown: narrow the filter to see the rest", visible.len()) }</p>
            }
        </div>
    }
}

fn row(
    r: &TreeRow,
    selected: bool,
    collapsed: bool,
    on_select: &Callback<String>,
    on_toggle: &Callback<String>,
) -> Html {
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
    let path = r.path.clone();
    let ontoggle = on_toggle.reform(move |_| path.clone());
    html! {
        <li class={classes!("tree-row", depth, selected.then_some("selected"), r.just_changed.then_some("flash"))} role="treeitem"
            aria-selected={selected.to_string()} aria-expanded={r.has_children.then(|| (!collapsed).to_string())}
            data-testid="tree-node"
            data-path={r.path.clone()}
            data-ephemeral-owner={r.ephemeral_owner.clone()}>
            if r.has_children {
                <button class="toggle" onclick={ontoggle} aria-label={if collapsed { "expand" } else { "collapse" }}>
                    { if collapsed { "▸" } else { "▾" } }
                </button>
            } else {
                <span class="toggle-space" />
            }
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
