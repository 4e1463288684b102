//! A sentence of the page's words with ZooKeeper's own kept apart ([`Words`]), as markup: each
//! of ZooKeeper's words in a `data-zk` span, the rest as text.

use yew::prelude::*;

use crate::messages::{Piece, Words};

/// The sentence as markup.
pub fn render(w: &Words) -> Html {
    html! { <>
        { for w.0.iter().map(|p| match p {
            Piece::Text(t) => html! { { t.clone() } },
            Piece::Zk(z) => html! { <span data-zk="">{ z.clone() }</span> },
        }) }
    </> }
}
