//! Heap bytes per znode: how much the live heap grows while the workload's tree is built on a
//! fresh server (its requests built and freed inside the window), divided by the znodes built.

use crate::alloc::heap_growth;
use crate::engine::{prepared, server_with_sessions};
use crate::workload::Workload;

pub fn bytes_per_znode(w: &Workload) -> f64 {
    let (mut server, sessions) = server_with_sessions(w);
    let ((), bytes) = heap_growth(|| {
        let [build, ops] = prepared(w, &sessions);
        drop(ops);
        for (s, r) in build {
            let _ = server.handle(s, &r);
            server.take_notifications();
        }
    });
    let per = bytes as f64 / w.build.len().max(1) as f64;
    drop(server);
    per
}
