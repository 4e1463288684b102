//! Master–worker, the example of "ZooKeeper: Distributed Process Coordination": under PATH,
//! `master` (ephemeral, one master and backups), `workers` (ephemeral registrations), `tasks`
//! (submitted, unassigned), `assign/<worker>` (assigned) and `status` (done). The master assigns
//! each task to a live worker atomically (multi: create the assignment, delete the task) and
//! moves a dead worker's tasks back; a worker runs its tasks and records each as done once.

mod client;
mod master;
mod worker;

pub use client::MwClient;
pub use master::MwMaster;
pub use worker::MwWorker;

use crate::acl::Acl;
use crate::path;
use crate::request::{CreateMode, Op};

pub(super) fn sub(base: &str, name: &str) -> String {
    path::join(base, name)
}

pub(super) fn create(path: String, data: Option<Vec<u8>>, mode: CreateMode) -> Op {
    Op::Create {
        path,
        data,
        acl: Acl::open_unsafe(),
        mode,
        ttl_ms: -1,
    }
}
