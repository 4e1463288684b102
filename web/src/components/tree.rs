//! The znode tree: one row per znode, indented by depth, with badges for its kind; a click
//! selects it for the inspector. The list is virtual: only the rows in view (and a margin) are
//! in the page, between two spacers, so a tree of any size scrolls and renders quickly.

use std::rc::Rc;
use zkplay_core::sorted::SortedSet as BTreeSet;

use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;
use zkplay_core::sandbox::{NodeKind, TreeRow};
use zkplay_core::script::NodeCommand;
use zkplay_core::tutorial::Lang;

use crate::components::node_menu::{MenuAt, NodeMenu};
use crate::components::virtual_list::{use_virtual_window, VirtualWindow};
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
    /// A zkCli command from the context menu, for the selected client to run.
    pub on_command: Callback<NodeCommand>,
    pub lang: Lang,
}

/// What a row can ask of the tree.
struct RowActions<'a> {
    on_select: &'a Callback<String>,
    on_toggle: &'a Callback<String>,
    on_menu: &'a Callback<MenuAt>,
    on_mark: &'a Callback<String>,
}

/// Every row is this tall (style.css `.tree-row`), so the list can render only what is in view.
const ROW_PX: i32 = 24;
/// Rows rendered above and below the visible ones: scrolling stays smooth, and a tree this
/// small is rendered whole.
const OVERSCAN_ROWS: i32 = 60;

#[function_component(Tree)]
pub fn tree(p: &TreeProps) -> Html {
    let filter = use_state(String::new);
    let collapsed = use_state(BTreeSet::<String>::new);
    // The context menu, where it opened; the znodes marked with ctrl- or ⌘-click.
    let menu = use_state(|| None::<MenuAt>);
    let marked = use_state(BTreeSet::<String>::new);
    let on_menu = {
        let menu = menu.clone();
        Callback::from(move |at: MenuAt| menu.set(Some(at)))
    };
    let close_menu = {
        let menu = menu.clone();
        Callback::from(move |_: ()| menu.set(None))
    };
    let on_mark = {
        let marked = marked.clone();
        Callback::from(move |path: String| {
            let mut m = (*marked).clone();
            if !m.remove(&path) {
                m.insert(path);
            }
            marked.set(m);
        })
    };
    // Deepest first, so a marked child goes before its marked parent.
    let delete_marked = {
        let (marked, on_command) = (marked.clone(), p.on_command.clone());
        Callback::from(move |_: MouseEvent| {
            let mut paths: Vec<String> = marked.iter().cloned().collect();
            // Marked paths come sorted: among the same depth they stay so.
            zkplay_core::sorted::sort_by_key(&mut paths, |p| {
                (std::cmp::Reverse(p.matches('/').count()), p.clone())
            });
            for path in paths {
                on_command.emit(NodeCommand::Delete { path });
            }
            marked.set(BTreeSet::new());
        })
    };
    let clear_marked = {
        let marked = marked.clone();
        Callback::from(move |_: MouseEvent| marked.set(BTreeSet::new()))
    };
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
    let VirtualWindow {
        scroll_ref,
        top_ref,
        bottom_ref,
        on_scroll,
        first,
        last,
    } = use_virtual_window(visible.len(), ROW_PX, OVERSCAN_ROWS);
    html! {
        <div class="tree-wrap">
            <input class="filter" type="search" placeholder={Msg::TreeFilter.fill(p.lang, &[&p.rows.0.len()])}
                aria-label={Msg::TreeFilterLabel.text(p.lang)} value={(*filter).clone()} oninput={on_filter} />
            if !marked.is_empty() {
                <div class="marked-bar row" data-testid="marked-bar">
                    <span>{ Msg::MarkedCount.fill(p.lang, &[&marked.len()]) }</span>
                    <button data-testid="delete-marked" onclick={delete_marked}>{ Msg::DeleteMarked.text(p.lang) }</button>
                    <button onclick={clear_marked}>{ Msg::ClearMarked.text(p.lang) }</button>
                </div>
            }
            if let Some(at) = (*menu).clone() {
                <NodeMenu {at} lang={p.lang} on_command={p.on_command.clone()} on_close={close_menu} />
            }
            <div class="tree-scroll" ref={scroll_ref} onscroll={on_scroll} data-testid="tree-scroll"
                title={Msg::MarkHint.text(p.lang)}>
            <div class="tree-spacer" ref={top_ref} />
            <ul class="tree" role="tree" aria-rowcount={visible.len().to_string()}>
                { for visible[first..last].iter().map(|r| row(
                    r,
                    p.selected.as_deref() == Some(r.path.as_str()),
                    collapsed.contains(&r.path),
                    marked.contains(&r.path),
                    &RowActions { on_select: &p.on_select, on_toggle: &toggle, on_menu: &on_menu, on_mark: &on_mark },
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
    marked: bool,
    act: &RowActions,
    l: Lang,
) -> Html {
    // Depth as a class: the CSP forbids inline style attributes.
    let depth = format!("depth-{}", r.depth.min(DEPTH_CLASSES_MAX));
    let badge = match &r.kind {
        NodeKind::Ephemeral { owner } => html! {
            <span class={classes!("badge", "ephemeral", owner_colour(owner))}>{ Msg::EphemeralOf.fill(l, &[owner]) }</span>
        },
        NodeKind::Container => {
            html! { <span class="badge container">{ Msg::Container.text(l) }</span> }
        }
        NodeKind::Ttl => html! { <span class="badge ttl">{ Msg::Ttl.text(l) }</span> },
        NodeKind::Persistent => html! {},
    };
    // A click selects (ctrl or ⌘ marks, for deleting several at once).
    let onclick = {
        let (path, on_select, on_mark) =
            (r.path.clone(), act.on_select.clone(), act.on_mark.clone());
        Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() {
                on_mark.emit(path.clone());
            } else {
                on_select.emit(path.clone());
            }
        })
    };
    let path = r.path.clone();
    let ontoggle = act.on_toggle.reform(move |_| path.clone());
    let oncontextmenu = {
        let (path, on_menu) = (r.path.clone(), act.on_menu.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on_menu.emit(MenuAt {
                path: path.clone(),
                x: e.client_x(),
                y: e.client_y(),
            });
        })
    };
    // The same menu from a button, for the keyboard: placed below the button.
    let onmenubutton = {
        let (path, on_menu) = (r.path.clone(), act.on_menu.clone());
        Callback::from(move |e: MouseEvent| {
            let (x, y) = e
                .target_dyn_into::<Element>()
                .map(|el| el.get_bounding_client_rect())
                .map_or((e.client_x(), e.client_y()), |b| {
                    (b.left() as i32, b.bottom() as i32)
                });
            on_menu.emit(MenuAt {
                path: path.clone(),
                x,
                y,
            });
        })
    };
    html! {
        <li class={classes!("tree-row", depth, selected.then_some("selected"), marked.then_some("marked"), r.just_changed.then_some("flash"))} role="treeitem"
            aria-selected={selected.to_string()} aria-expanded={r.has_children.then(|| (!collapsed).to_string())}
            data-testid="tree-node"
            data-path={r.path.clone()}
            data-ephemeral-owner={r.kind.owner().map(str::to_string)} {oncontextmenu}>
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
            <button class="row-menu" data-testid="node-menu-button" onclick={onmenubutton}
                aria-label={Msg::NodeMenuButton.text(l)} title={Msg::NodeMenuButton.text(l)}>{ "⋯" }</button>
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
