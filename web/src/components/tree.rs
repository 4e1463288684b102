//! The znode tree: one row per znode, indented by depth, with badges for its kind; a click
//! selects it for the inspector. The list is virtual: only the rows in view (and a margin) are
//! in the page, between two spacers, so a tree of any size scrolls and renders quickly.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;
use zkplay_core::sandbox::TreeRow;
use zkplay_core::tutorial::Lang;

use crate::messages::Msg;

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
    pub lang: Lang,
}

/// Every row is this tall (style.css `.tree-row`), so the list can render only what is in view.
const ROW_PX: i32 = 24;
/// Rows rendered above and below the visible ones: scrolling stays smooth, and a tree this
/// small is rendered whole.
const OVERSCAN_ROWS: i32 = 60;

/// The rows to render for a scroll position: `first..last` of `total`.
fn window(total: usize, scroll_top: i32, height: i32) -> (usize, usize) {
    let total_px = total as i64 * i64::from(ROW_PX);
    let top = i64::from(scroll_top.max(0)).min((total_px - i64::from(height)).max(0));
    let first = (top / i64::from(ROW_PX) - i64::from(OVERSCAN_ROWS)).max(0) as usize;
    let last = ((top + i64::from(height.max(0))) / i64::from(ROW_PX) + 1 + i64::from(OVERSCAN_ROWS))
        .max(0) as usize;
    (first.min(total), last.min(total))
}

/// Reads the scrolling list's position and height into the view state.
fn measure(scroll_ref: &NodeRef, view: &UseStateHandle<(i32, i32)>) {
    if let Some(el) = scroll_ref.cast::<Element>() {
        view.set((el.scroll_top(), el.client_height()));
    }
}

/// Sets an element's height through the CSSOM (the CSP forbids inline style attributes).
fn set_height(r: &NodeRef, px: usize) {
    if let Some(el) = r.cast::<HtmlElement>() {
        let _ = el
            .style()
            .set_property("height", &format!("{}px", px * ROW_PX as usize));
    }
}

#[function_component(Tree)]
pub fn tree(p: &TreeProps) -> Html {
    let filter = use_state(String::new);
    let collapsed = use_state(BTreeSet::<String>::new);
    // (scrollTop, clientHeight) of the scrolling list.
    let view = use_state(|| (0, 600));
    let scroll_ref = use_node_ref();
    let (top_ref, bottom_ref) = (use_node_ref(), use_node_ref());
    let on_scroll = {
        let (view, scroll_ref) = (view.clone(), scroll_ref.clone());
        Callback::from(move |_: Event| measure(&scroll_ref, &view))
    };
    {
        let (view, scroll_ref) = (view.clone(), scroll_ref.clone());
        use_effect_with((), move |_| measure(&scroll_ref, &view));
    }
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
    let (first, last) = window(visible.len(), view.0, view.1);
    {
        let (top_ref, bottom_ref) = (top_ref.clone(), bottom_ref.clone());
        let below = visible.len() - last;
        use_effect_with((first, below), move |(first, below)| {
            set_height(&top_ref, *first);
            set_height(&bottom_ref, *below);
        });
    }
    html! {
        <div class="tree-wrap">
            <input class="filter" type="search" placeholder={Msg::TreeFilter.fill(p.lang, &[&p.rows.0.len()])}
                aria-label={Msg::TreeFilterLabel.text(p.lang)} value={(*filter).clone()} oninput={on_filter} />
            <div class="tree-scroll" ref={scroll_ref} onscroll={on_scroll} data-testid="tree-scroll">
            <div class="tree-spacer" ref={top_ref} />
            <ul class="tree" role="tree" aria-rowcount={visible.len().to_string()}>
                { for visible[first..last].iter().map(|r| row(
                    r,
                    p.selected.as_deref() == Some(r.path.as_str()),
                    collapsed.contains(&r.path),
                    &p.on_select,
                    &toggle,
                    p.lang,
                )) }
            </ul>
            <div class="tree-spacer" ref={bottom_ref} />
            </div>
        </div>
    }
}

fn row(
    r: &TreeRow,
    selected: bool,
    collapsed: bool,
    on_select: &Callback<String>,
    on_toggle: &Callback<String>,
    l: Lang,
) -> Html {
    // Depth as a class: the CSP forbids inline style attributes.
    let depth = format!("depth-{}", r.depth.min(DEPTH_CLASSES_MAX));
    let badge = match (r.kind, &r.ephemeral_owner) {
        ("ephemeral", Some(owner)) => html! {
            <span class={classes!("badge", "ephemeral", owner_colour(owner))}>{ Msg::EphemeralOf.fill(l, &[owner]) }</span>
        },
        ("container", _) => {
            html! { <span class="badge container">{ Msg::Container.text(l) }</span> }
        }
        ("ttl", _) => html! { <span class="badge ttl">{ Msg::Ttl.text(l) }</span> },
        // Persistent: no badge.
        _ => html! {},
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
                <button class="toggle" onclick={ontoggle} aria-label={if collapsed { Msg::Expand.text(l) } else { Msg::Collapse.text(l) }}>
                    { if collapsed { "▸" } else { "▾" } }
                </button>
            } else {
                <span class="toggle-space" />
            }
            <button class="node-name" {onclick} data-zk="">{ &r.name }</button>
            { badge }
            if r.sequential { <span class="badge sequential">{ Msg::Sequential.text(l) }</span> }
            if !r.data_preview.is_empty() {
                <span class="data" data-zk="">{ &r.data_preview }</span>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_view_and_a_margin() {
        // A small tree is rendered whole.
        assert_eq!(window(50, 0, 600), (0, 50));
        // Scrolled into a big one: the rows in view plus the margin on each side.
        let (first, last) = window(10_000, 5_000 * ROW_PX, 600);
        assert_eq!(first, 5_000 - OVERSCAN_ROWS as usize);
        assert_eq!(
            last,
            5_000 + 600 / ROW_PX as usize + 1 + OVERSCAN_ROWS as usize
        );
        // A scroll position past the end (the list just shrank) shows the end.
        assert_eq!(window(100, 1_000_000, 600).1, 100);
        assert_eq!(window(0, 500, 600), (0, 0));
    }
}
