//! The selected znode: data, full Stat, ACL and who watches it.

use yew::prelude::*;
use zkplay_core::sandbox::NodeDetail;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub node: Option<NodeDetail>,
}

#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let Some(n) = &p.node else {
        return html! { <div class="inspector muted">{ "Select a znode to see its data, Stat and watchers." }</div> };
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
    html! {
        <div class="inspector" data-testid="inspector">
            <h3>{ &n.path }</h3>
            <pre class="node-data">{ n.data.clone().unwrap_or_else(|| "null".into()) }</pre>
            <table class="stat">
                { for rows.iter().map(|(k, v)| html! { <tr><th>{ *k }</th><td>{ v }</td></tr> }) }
            </table>
            <p class="muted">{ format!("ACL: {}", n.acl.join(", ")) }</p>
            if n.watchers.is_empty() {
                <p class="muted">{ "No watches on this znode." }</p>
            } else {
                <ul class="watchers">
                    { for n.watchers.iter().map(|(who, kind)| html! { <li>{ format!("{who} — {kind} watch") }</li> }) }
                </ul>
            }
        </div>
    }
}
