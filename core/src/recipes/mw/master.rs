//! The master, and the backups waiting to take over: one holds `master` (ephemeral), assigns
//! each task to a live worker atomically and moves a dead worker's tasks back.

use super::{create, sub};
use crate::error::ZkError;
use crate::fast_hash::FastMap;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Note, Purpose, Role, RoleCore, Status};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, OpResult, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

/// The master (or a backup waiting to take over).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MwMaster {
    pub client: String,
    pub core: RoleCore,
    leading: bool,
    workers: Vec<String>,
    next_worker: u64,
    /// Tasks being assigned now (not to assign twice while a multi is in flight).
    assigning: Vec<String>,
}

/// The directories the master makes sure of before it runs for master.
const MASTER_DIRS: [&str; 4] = ["workers", "tasks", "assign", "status"];

impl MwMaster {
    pub fn new(client: &str, path: &str) -> MwMaster {
        MwMaster {
            client: client.to_string(),
            core: RoleCore::new(path),
            leading: false,
            workers: Vec::new(),
            next_worker: 0,
            assigning: Vec::new(),
        }
    }

    pub fn leading(&self) -> bool {
        self.leading
    }

    /// Another client is the master: watch it, to run again when it is gone.
    fn back_up(&mut self, fx: &mut Effects) {
        let m = sub(&self.core.path, "master");
        self.core.set_status(fx, Status::BackupWatchesMaster);
        fx.send(
            Purpose::Watch(m.clone()),
            Request::Exists {
                path: m,
                watch: true,
            },
        );
    }

    /// It stops acting as the master (if it was).
    fn step_down(&mut self, fx: &mut Effects) {
        if self.leading {
            fx.notes.push(Note::Released {
                resource: sub(&self.core.path, "master"),
            });
        }
        self.leading = false;
    }

    fn run_for_master(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::Create,
            Request::Write(create(
                sub(&self.core.path, "master"),
                Some(self.client.as_bytes().to_vec()),
                CreateMode::Ephemeral,
            )),
        );
    }

    fn list(&mut self, fx: &mut Effects, dir: &str) {
        fx.send(
            Purpose::Read(dir.to_string()),
            Request::GetChildren {
                path: sub(&self.core.path, dir),
                watch: dir != "assign",
            },
        );
    }

    fn show(&mut self, fx: &mut Effects) {
        let s = Status::Master {
            workers: self.workers.clone(),
        };
        self.core.set_status(fx, s);
    }

    /// `task` is assigned (or cannot be). Each task is in `assigning` once, and replies come in
    /// the order the requests went, so it is found at the front: a scan of the whole list for
    /// each of a thousand tasks was quadratic.
    fn assigned(&mut self, task: &str) {
        if let Some(i) = self.assigning.iter().position(|t| t == task) {
            self.assigning.remove(i);
        }
    }

    fn assign(&mut self, fx: &mut Effects, task: String) {
        if self.workers.is_empty() {
            self.core.set_status(fx, Status::MasterNoWorkers);
            return;
        }
        self.assigning.push(task.clone());
        let p = sub(&sub(&self.core.path, "tasks"), &task);
        fx.send(
            Purpose::ReadTask(task),
            Request::GetData {
                path: p,
                watch: false,
            },
        );
    }

    fn assign_read(&mut self, fx: &mut Effects, task: String, data: Option<Vec<u8>>) {
        if self.workers.is_empty() {
            self.assigned(&task);
            return;
        }
        let worker = self.workers[(self.next_worker % self.workers.len() as u64) as usize].clone();
        self.next_worker += 1;
        let target = sub(&sub(&sub(&self.core.path, "assign"), &worker), &task);
        fx.send(
            Purpose::Write(task.clone()),
            Request::Multi(vec![
                create(target, data, CreateMode::Persistent),
                Op::Delete {
                    path: sub(&sub(&self.core.path, "tasks"), &task),
                    version: -1,
                },
            ]),
        );
        let s = Status::Assigns {
            task: task.clone(),
            worker,
        };
        self.core.set_status(fx, s);
    }
}

impl Role for MwMaster {
    role_core!();

    fn on_start(&mut self, fx: &mut Effects) {
        let dirs = MASTER_DIRS.map(|d| sub(&self.core.path, d));
        let dirs: Vec<&str> = dirs.iter().map(String::as_str).collect();
        self.ensure(&dirs, fx);
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        self.run_for_master(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::Create, Ok(_)) => {
                self.leading = true;
                fx.notes.push(Note::Acquired {
                    resource: sub(&self.core.path, "master"),
                    token: 0,
                    shared: false,
                });
                self.show(fx);
                self.list(fx, "workers");
            }
            (Purpose::Create, Err(ZkError::NodeExists)) => self.back_up(fx),
            // The master node went before the watch was set: run again.
            (Purpose::Watch(_), Err(ZkError::NoNode)) => self.run_for_master(fx),
            // Another master took the task meanwhile: nothing to assign.
            (Purpose::ReadTask(task), Err(ZkError::NoNode)) => self.assigned(&task),
            (Purpose::Check, Ok(Response::GetData { data, .. })) => {
                if data.as_deref() == Some(self.client.as_bytes()) {
                    self.leading = true;
                    fx.notes.push(Note::Acquired {
                        resource: sub(&self.core.path, "master"),
                        token: 0,
                        shared: false,
                    });
                    self.list(fx, "workers");
                } else {
                    self.back_up(fx);
                }
            }
            (Purpose::Check, Err(ZkError::NoNode)) => self.run_for_master(fx),
            (Purpose::Read(dir), Ok(Response::GetChildren { children, .. })) if self.leading => {
                // Each list in name order, sorted after what is already known is left out (a
                // listing of a thousand tasks mostly being assigned sorts only the new ones).
                let children = owned(children);
                let sorted = |mut names: Vec<String>| {
                    crate::sorted::sort(&mut names);
                    names
                };
                match dir.as_str() {
                    "workers" => {
                        self.workers = sorted(children);
                        self.show(fx);
                        // Recover the tasks of workers that are gone, then assign.
                        self.list(fx, "assign");
                        self.list(fx, "tasks");
                    }
                    "assign" => {
                        let gone: Vec<String> = children
                            .into_iter()
                            .filter(|w| !self.workers.contains(w))
                            .collect();
                        for w in sorted(gone) {
                            let d = sub(&sub(&self.core.path, "assign"), &w);
                            fx.send(
                                Purpose::Delete(d.clone()),
                                Request::GetChildren {
                                    path: d,
                                    watch: false,
                                },
                            );
                        }
                    }
                    "tasks" => {
                        // Those not being assigned already, looked up by hash (n lookups for n
                        // tasks, not n² comparisons; nothing iterates it).
                        let busy: FastMap<&str, ()> =
                            self.assigning.iter().map(|t| (t.as_str(), ())).collect();
                        let fresh: Vec<String> = children
                            .into_iter()
                            .filter(|t| !busy.contains_key(t.as_str()))
                            .collect();
                        for t in sorted(fresh) {
                            self.assign(fx, t);
                        }
                    }
                    _ => {}
                }
            }
            // The tasks of a dead worker: read each, then move it back to /tasks.
            (Purpose::Delete(dir), Ok(Response::GetChildren { children, .. })) if self.leading => {
                for t in owned(children) {
                    let p = path::join(&dir, &t);
                    fx.send(
                        Purpose::Recover(p.clone()),
                        Request::GetData {
                            path: p,
                            watch: false,
                        },
                    );
                }
            }
            (Purpose::Recover(assigned), Ok(Response::GetData { data, .. })) if self.leading => {
                let task = path::name(&assigned).to_string();
                fx.send(
                    Purpose::Check,
                    Request::Multi(vec![
                        create(
                            sub(&sub(&self.core.path, "tasks"), &task),
                            data.map(|d| d.to_vec()),
                            CreateMode::Persistent,
                        ),
                        Op::Delete {
                            path: assigned,
                            version: -1,
                        },
                    ]),
                );
                let s = Status::MovesBack { task };
                self.core.set_status(fx, s);
            }
            (Purpose::ReadTask(task), Ok(Response::GetData { data, .. })) if self.leading => {
                self.assign_read(fx, task, data.map(|d| d.to_vec()));
            }
            (Purpose::Write(task), Ok(Response::Multi(results))) => {
                self.assigned(&task);
                if OpResult::first_error(&results).is_some() {
                    // Taken meanwhile, or the worker's queue vanished: look again.
                    self.list(fx, "tasks");
                }
            }
            (Purpose::Write(task), Err(_)) => self.assigned(&task),
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeDeleted,
                path,
            } if !self.leading && *path == sub(&self.core.path, "master") => {
                self.run_for_master(fx)
            }
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                path,
            } if self.leading => {
                let dir = path::name(path).to_string();
                self.list(fx, &dir);
            }
            ClientEvent::State(KeeperState::Disconnected) => {
                self.step_down(fx);
                self.assigning.clear();
                self.core.set_status(fx, Status::DisconnectedNotMaster);
            }
            ClientEvent::State(KeeperState::SyncConnected) if !self.leading => {
                fx.send(
                    Purpose::Check,
                    Request::GetData {
                        path: sub(&self.core.path, "master"),
                        watch: false,
                    },
                );
            }
            _ => {}
        }
    }

    fn on_session_end(&mut self, _state: KeeperState, fx: &mut Effects) {
        self.step_down(fx);
        self.core.stop(fx, Status::StoppedSessionGone);
    }

    fn on_crash(&mut self, fx: &mut Effects) {
        self.step_down(fx);
        self.core.stopped = true;
    }
}
