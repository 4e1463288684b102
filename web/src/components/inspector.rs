//! The selected znode: data, full Stat, ACL and who watches it.

use yew::prelude::*;
use zkplay_core::sandbox::NodeDetail;
use zkplay_core::tutorial::Lang;

use crate::messages::{self, Msg};

/// A plain function, not a component: it has no state of its own, and a component's
/// machinery costs the page's first load more than drawing these few rows again.
pub fn inspector(node: Option<&NodeDetail>, l: Lang) -> Html {
    let Some(n) = node else {
        return html! { <div class="inspector muted">{ Msg::InspectorEmpty.text(l) }</div> };
    };
    let s = &n.stat;
    let rows = [
        ("cZxid", format!("0x{:x}", s.czxid)),
        ("mZxid", format!("0x{:x}", s.mzxid)),
        ("pZxid", format!("0x{:x}", s.pzxid)),
        ("ctime", format!("{} ms", s.ctime)),
        ("mtime", format!("{} ms", s.mtime)),
        ("dataVersion", s.version.to_string()),
        ("cversion", s.cversion.to_string()),
        ("aclVersion", s.aversion.to_string()),
        ("ephemeralOwner", format!("0x{:x}", s.ephemeral_owner)),
        ("dataLength", s.data_length.to_string()),
        ("numChildren", s.num_children.to_string()),
    ];
    // The path, the data (`null` as zkCli prints it), the Stat and the ACL are ZooKeeper's.
    html! {
        <div class="inspector" data-testid="inspector">
            <h3 data-zk="">{ &n.path }</h3>
            <pre class="node-data" data-zk="">{ n.data.clone().unwrap_or_else(|| "null".into()) }</pre>
            <table class="stat" data-zk="">
                { for rows.iter().map(|(k, v)| html! { <tr><th>{ *k }</th><td>{ v }</td></tr> }) }
            </table>
            <p class="muted">{ Msg::Acl.text(l) }<span data-zk="">{ n.acl.join(", ") }</span></p>
            if n.watchers.is_empty() {
                <p class="muted">{ Msg::NoWatches.text(l) }</p>
            } else {
                <ul class="watchers">
                    { for n.watchers.iter().map(|(who, kind)| html! {
                        <li>{ Msg::Watcher.fill(l, &[who, &messages::watch_kind(l, *kind)]) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}
