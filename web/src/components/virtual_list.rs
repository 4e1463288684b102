//! A virtual list: only the rows in view (and a margin) are in the page, between two spacers
//! sized through the CSSOM (the CSP forbids inline styles), so a list of any length scrolls and
//! renders quickly. Every row of such a list has the same height.

use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// What a list renders: the refs to put on its scroller and spacers, and its rows `first..last`.
pub struct VirtualWindow {
    pub scroll_ref: NodeRef,
    pub top_ref: NodeRef,
    pub bottom_ref: NodeRef,
    pub on_scroll: Callback<Event>,
    pub first: usize,
    pub last: usize,
}

/// The rows to render for a scroll position: `first..last` of `total`.
pub fn window(
    total: usize,
    scroll_top: i32,
    height: i32,
    row_px: i32,
    overscan_rows: i32,
) -> (usize, usize) {
    let row = i64::from(row_px.max(1));
    let total_px = total as i64 * row;
    let top = i64::from(scroll_top.max(0)).min((total_px - i64::from(height)).max(0));
    let first = (top / row - i64::from(overscan_rows)).max(0) as usize;
    let last =
        ((top + i64::from(height.max(0))) / row + 1 + i64::from(overscan_rows)).max(0) as usize;
    (first.min(total), last.min(total))
}

/// Reads the scrolling list's position and height into the view state.
fn measure(scroll_ref: &NodeRef, view: &UseStateHandle<(i32, i32)>) {
    if let Some(el) = scroll_ref.cast::<Element>() {
        view.set((el.scroll_top(), el.client_height()));
    }
}

/// Sets a spacer's height to `rows` rows.
fn set_height(r: &NodeRef, rows: usize, row_px: i32) {
    if let Some(el) = r.cast::<HtmlElement>() {
        let _ = el
            .style()
            .set_property("height", &format!("{}px", rows * row_px.max(0) as usize));
    }
}

/// The window of a list of `total` rows of `row_px` pixels, with `overscan_rows` above and
/// below what is in view.
#[hook]
pub fn use_virtual_window(total: usize, row_px: i32, overscan_rows: i32) -> VirtualWindow {
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
    let (first, last) = window(total, view.0, view.1, row_px, overscan_rows);
    {
        let (top_ref, bottom_ref) = (top_ref.clone(), bottom_ref.clone());
        let below = total - last;
        use_effect_with((first, below), move |(first, below)| {
            set_height(&top_ref, *first, row_px);
            set_height(&bottom_ref, *below, row_px);
        });
    }
    VirtualWindow {
        scroll_ref,
        top_ref,
        bottom_ref,
        on_scroll,
        first,
        last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_view_and_a_margin() {
        assert_eq!(window(50, 0, 600, 24, 60), (0, 50));
        let (first, last) = window(10_000, 5_000 * 24, 600, 24, 60);
        assert_eq!(first, 5_000 - 60);
        assert_eq!(last, 5_000 + 600 / 24 + 1 + 60);
        // A scroll position past the end (the list just shrank) shows the end.
        assert_eq!(window(100, 1_000_000, 600, 24, 60).1, 100);
        assert_eq!(window(0, 500, 600, 24, 60), (0, 0));
    }
}
