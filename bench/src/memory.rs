//! Heap bytes per znode: the live heap after building the workload's tree on a fresh server
//! (its requests already freed), minus the heap before, divided by the znodes built.

use crate::alloc::live_bytes;
use crate::engine::{prepared, server_with_sessions};
use crate::workload::Workload;

pub fn bytes_per_znode(w: &Workload) -> f64 {
    let (mut server, sessions) = server_with_sessions(w);
    let before = live_bytes();
    let [build, ops] = prepared(w, &sessions);
    drop(ops);
    for (s, r) in build {
        let _ = server.handle(s, &r);
        server.take_notifications();
    }
    let after = live_bytes();
    let bytes = after.saturating_sub(before) as f64 / w.build.len().max(1) as f64;
    drop(server);
    bytes
}
