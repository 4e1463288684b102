//! Master–worker, the example of "ZooKeeper: Distributed Process Coordination": under PATH,
//! `master` (ephemeral, one master and backups), `workers` (ephemeral registrations), `tasks`
//! (submitted, unassigned), `assign/<worker>` (assigned) and `status` (done). The master assigns
//! each task to a live worker atomically (multi: create the assignment, delete the task) and
//! moves a dead worker's tasks back; a worker runs its tasks and records each as done once.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::{ensure_path, stop, Effects, Note, Purpose, RecipeOptions, Role};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, OpResult, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

fn sub(base: &str, name: &str) -> String {
    path::join(base, name)
}

fn create(path: String, data: Option<Vec<u8>>, mode: CreateMode) -> Op {
    Op::Create {
        path,
        data,
        acl: Acl::open_unsafe(),
        mode,
        ttl_ms: -1,
    }
}

/// The master (or a backup waiting to take over).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MwMaster {
    pub client: String,
    pub path: String,
    pub status: String,
    ensured: u8,
    leading: bool,
    stopped: bool,
    workers: Vec<String>,
    next_worker: u64,
    /// Tasks being assigned now (not to assign twice while a multi is in flight).
    assigning: Vec<String>,
}

/// The directories each role creates before it goes on; a role counts the replies against
/// these, so what it asks for and what it waits for cannot drift apart.
const MASTER_DIRS: [&str; 4] = ["workers", "tasks", "assign", "status"];
const WORKER_DIRS: usize = 3;
const CLIENT_DIRS: [&str; 2] = ["tasks", "status"];

impl MwMaster {
    pub fn new(client: &str, path: &str) -> MwMaster {
        MwMaster {
            client: client.to_string(),
            path: path.to_string(),
            status: "starting".into(),
            ensured: 0,
            leading: false,
            stopped: false,
            workers: Vec::new(),
            next_worker: 0,
            assigning: Vec::new(),
        }
    }

    pub fn leading(&self) -> bool {
        self.leading
    }

    fn set(&mut self, fx: &mut Effects, s: String) {
        if s != self.status {
            self.status = s.clone();
            fx.status(s);
        }
    }

    fn run_for_master(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::Create,
            Request::Write(create(
                sub(&self.path, "master"),
                Some(self.client.as_bytes().to_vec()),
                CreateMode::Ephemeral,
            )),
        );
    }

    fn list(&mut self, fx: &mut Effects, dir: &str) {
        fx.send(
            Purpose::Read(dir.to_string()),
            Request::GetChildren {
                path: sub(&self.path, dir),
                watch: dir != "assign",
            },
        );
    }

    fn show(&mut self, fx: &mut Effects) {
        let s = format!(
            "master · workers: {}",
            if self.workers.is_empty() {
                "none".into()
            } else {
                self.workers.join(", ")
            }
        );
        self.set(fx, s);
    }

    fn assign(&mut self, fx: &mut Effects, task: String) {
        if self.workers.is_empty() {
            self.set(fx, "master · no workers: tasks wait".into());
            return;
        }
        self.assigning.push(task.clone());
        let p = sub(&sub(&self.path, "tasks"), &task);
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
            self.assigning.retain(|t| *t != task);
            return;
        }
        let worker = self.workers[(self.next_worker % self.workers.len() as u64) as usize].clone();
        self.next_worker += 1;
        let target = sub(&sub(&sub(&self.path, "assign"), &worker), &task);
        fx.send(
            Purpose::Write(task.clone()),
            Request::Multi(vec![
                create(target, data, CreateMode::Persistent),
                Op::Delete {
                    path: sub(&sub(&self.path, "tasks"), &task),
                    version: -1,
                },
            ]),
        );
        let s = format!("assigns {task} to {worker}");
        self.set(fx, s);
    }
}

impl Role for MwMaster {
    fn finished(&self) -> bool {
        self.stopped
    }

    fn on_start(&mut self, fx: &mut Effects) {
        for d in MASTER_DIRS {
            ensure_path(&sub(&self.path, d), fx);
        }
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        match (p, r) {
            (Purpose::EnsureBase, Ok(_) | Err(ZkError::NodeExists)) => {
                self.ensured += 1;
                if usize::from(self.ensured) == MASTER_DIRS.len() {
                    self.run_for_master(fx);
                }
            }
            (Purpose::Create, Ok(_)) => {
                self.leading = true;
                fx.notes.push(Note::Acquired {
                    resource: sub(&self.path, "master"),
                    token: 0,
                    shared: false,
                });
                self.show(fx);
                self.list(fx, "workers");
            }
            (Purpose::Create, Err(ZkError::NodeExists)) => {
                let m = sub(&self.path, "master");
                self.set(fx, "backup: watches the master".into());
                fx.send(
                    Purpose::Watch(m.clone()),
                    Request::Exists {
                        path: m,
                        watch: true,
                    },
                );
            }
            // A task read that finds no node lands here too, as it always has (it reads as a
            // master that is gone).
            (
                Purpose::Watch(_) | Purpose::ReadTask(_) | Purpose::Recover(_),
                Err(ZkError::NoNode),
            ) => self.run_for_master(fx),
            (Purpose::Check, Ok(Response::GetData { data, .. })) => {
                if data.as_deref() == Some(self.client.as_bytes()) {
                    self.leading = true;
                    fx.notes.push(Note::Acquired {
                        resource: sub(&self.path, "master"),
                        token: 0,
                        shared: false,
                    });
                    self.list(fx, "workers");
                } else {
                    let m = sub(&self.path, "master");
                    self.set(fx, "backup: watches the master".into());
                    fx.send(
                        Purpose::Watch(m.clone()),
                        Request::Exists {
                            path: m,
                            watch: true,
                        },
                    );
                }
            }
            (Purpose::Check, Err(ZkError::NoNode)) => self.run_for_master(fx),
            (Purpose::Read(dir), Ok(Response::GetChildren { children, .. })) if self.leading => {
                let mut children = owned(children);
                children.sort();
                match dir.as_str() {
                    "workers" => {
                        self.workers = children;
                        self.show(fx);
                        // Recover the tasks of workers that are gone, then assign.
                        self.list(fx, "assign");
                        self.list(fx, "tasks");
                    }
                    "assign" => {
                        for w in children.into_iter().filter(|w| !self.workers.contains(w)) {
                            let d = sub(&sub(&self.path, "assign"), &w);
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
                        for t in children {
                            if !self.assigning.contains(&t) {
                                self.assign(fx, t);
                            }
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
                            sub(&sub(&self.path, "tasks"), &task),
                            data.map(|d| d.to_vec()),
                            CreateMode::Persistent,
                        ),
                        Op::Delete {
                            path: assigned,
                            version: -1,
                        },
                    ]),
                );
                let s = format!("moves {task} back from a dead worker");
                self.set(fx, s);
            }
            (Purpose::ReadTask(task), Ok(Response::GetData { data, .. })) if self.leading => {
                self.assign_read(fx, task, data.map(|d| d.to_vec()));
            }
            (Purpose::Write(task), Ok(Response::Multi(results))) => {
                self.assigning.retain(|t| *t != task);
                if OpResult::first_error(&results).is_some() {
                    // Taken meanwhile, or the worker's queue vanished: look again.
                    self.list(fx, "tasks");
                }
            }
            (Purpose::Write(task), Err(_)) => self.assigning.retain(|t| *t != task),
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeDeleted,
                path,
            } if !self.leading && *path == sub(&self.path, "master") => self.run_for_master(fx),
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                path,
            } if self.leading => {
                let dir = path::name(path).to_string();
                self.list(fx, &dir);
            }
            ClientEvent::State(KeeperState::Disconnected) => {
                if self.leading {
                    fx.notes.push(Note::Released {
                        resource: sub(&self.path, "master"),
                    });
                }
                self.leading = false;
                self.assigning.clear();
                self.set(fx, "disconnected: not acting as master".into());
            }
            ClientEvent::State(KeeperState::SyncConnected)
                if usize::from(self.ensured) == MASTER_DIRS.len() && !self.leading =>
            {
                fx.send(
                    Purpose::Check,
                    Request::GetData {
                        path: sub(&self.path, "master"),
                        watch: false,
                    },
                );
            }
            ClientEvent::State(KeeperState::Expired | KeeperState::Closed) => {
                if self.leading {
                    fx.notes.push(Note::Released {
                        resource: sub(&self.path, "master"),
                    });
                }
                self.leading = false;
                self.stopped = true;
                self.set(fx, "stopped: session gone".into());
            }
            _ => {}
        }
    }

    fn on_crash(&mut self, fx: &mut Effects) {
        if self.leading {
            fx.notes.push(Note::Released {
                resource: sub(&self.path, "master"),
            });
        }
        self.leading = false;
        self.stopped = true;
    }
}

/// A worker.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MwWorker {
    pub client: String,
    pub path: String,
    pub status: String,
    pub work_ms: u64,
    pub done: u32,
    ensured: u8,
    queue: Vec<String>,
    current: Option<String>,
    stopped: bool,
}

impl MwWorker {
    pub fn new(client: &str, path: &str, o: &RecipeOptions) -> MwWorker {
        MwWorker {
            client: client.to_string(),
            path: path.to_string(),
            status: "starting".into(),
            work_ms: o.hold_ms.max(1),
            done: 0,
            ensured: 0,
            queue: Vec::new(),
            current: None,
            stopped: false,
        }
    }

    fn inbox(&self) -> String {
        sub(&sub(&self.path, "assign"), &self.client)
    }

    /// What a worker needs before it registers: its inbox, and where workers and results go.
    fn dirs(&self) -> [String; WORKER_DIRS] {
        [
            self.inbox(),
            sub(&self.path, "workers"),
            sub(&self.path, "status"),
        ]
    }

    fn list(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: self.inbox(),
                watch: true,
            },
        );
    }

    fn next(&mut self, fx: &mut Effects) {
        if self.current.is_some() || self.stopped {
            return;
        }
        if self.queue.is_empty() {
            self.status = format!("idle ({} done)", self.done);
            fx.status(self.status.clone());
            return;
        }
        let task = self.queue.remove(0);
        self.status = format!("runs {task}");
        fx.status(self.status.clone());
        self.current = Some(task);
        fx.timer_ms = Some(self.work_ms);
    }

    fn finish(&mut self, fx: &mut Effects, task: String) {
        let p = sub(&self.inbox(), &task);
        fx.send(
            Purpose::Delete(p.clone()),
            Request::Write(Op::Delete {
                path: p,
                version: -1,
            }),
        );
    }
}

impl Role for MwWorker {
    fn finished(&self) -> bool {
        self.stopped
    }

    fn on_start(&mut self, fx: &mut Effects) {
        for d in self.dirs() {
            ensure_path(&d, fx);
        }
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        match (p, r) {
            (Purpose::EnsureBase, Ok(_) | Err(ZkError::NodeExists)) => {
                self.ensured += 1;
                if usize::from(self.ensured) == WORKER_DIRS {
                    fx.send(
                        Purpose::Create,
                        Request::Write(create(
                            sub(&sub(&self.path, "workers"), &self.client),
                            Some(b"idle".to_vec()),
                            CreateMode::Ephemeral,
                        )),
                    );
                    self.list(fx);
                }
            }
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                let mut children = owned(children);
                children.sort();
                for t in children {
                    if !self.queue.contains(&t) && self.current.as_ref() != Some(&t) {
                        self.queue.push(t);
                    }
                }
                self.next(fx);
            }
            (Purpose::Write(task), Ok(_)) => {
                self.done += 1;
                fx.notes.push(Note::Completed { task: task.clone() });
                self.finish(fx, task);
            }
            // Someone finished it before us (we got it back after a hiccup): do not count it.
            (Purpose::Write(task), Err(ZkError::NodeExists)) => self.finish(fx, task),
            (Purpose::Delete(_), _) => {
                self.current = None;
                self.next(fx);
            }
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                ..
            } => self.list(fx),
            ClientEvent::State(KeeperState::Expired | KeeperState::Closed) => {
                stop(&mut self.stopped, &mut self.status, fx)
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        let Some(task) = self.current.clone() else {
            return;
        };
        fx.send(
            Purpose::Write(task.clone()),
            Request::Write(create(
                sub(&sub(&self.path, "status"), &task),
                Some(format!("done by {}", self.client).into_bytes()),
                CreateMode::Persistent,
            )),
        );
    }
}

/// A client submitting `items` tasks and waiting for each to be done.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MwClient {
    pub client: String,
    pub path: String,
    pub status: String,
    pub wanted: u32,
    submitted: Vec<String>,
    done: Vec<String>,
    ensured: u8,
    stopped: bool,
}

impl MwClient {
    pub fn new(client: &str, path: &str, o: &RecipeOptions) -> MwClient {
        MwClient {
            client: client.to_string(),
            path: path.to_string(),
            status: "starting".into(),
            wanted: o.items,
            submitted: Vec::new(),
            done: Vec::new(),
            ensured: 0,
            stopped: false,
        }
    }

    fn submit(&mut self, fx: &mut Effects) {
        for i in 0..self.wanted {
            fx.send(
                Purpose::Create,
                Request::Write(create(
                    sub(&sub(&self.path, "tasks"), "task-"),
                    Some(format!("job {} from {}", i + 1, self.client).into_bytes()),
                    CreateMode::PersistentSequential,
                )),
            );
        }
    }

    fn show(&mut self, fx: &mut Effects) {
        self.status = format!("{} of {} tasks done", self.done.len(), self.wanted);
        fx.status(self.status.clone());
    }
}

impl Role for MwClient {
    fn finished(&self) -> bool {
        self.stopped || (self.done.len() as u32 >= self.wanted)
    }

    fn on_start(&mut self, fx: &mut Effects) {
        for d in CLIENT_DIRS {
            ensure_path(&sub(&self.path, d), fx);
        }
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        match (p, r) {
            (Purpose::EnsureBase, Ok(_) | Err(ZkError::NodeExists)) => {
                self.ensured += 1;
                if usize::from(self.ensured) == CLIENT_DIRS.len() {
                    self.submit(fx);
                }
            }
            (Purpose::Create, Ok(Response::Create { path: p, .. })) => {
                let task = path::name(&p).to_string();
                self.submitted.push(task.clone());
                let s = sub(&sub(&self.path, "status"), &task);
                fx.send(
                    Purpose::Watch(s.clone()),
                    Request::Exists {
                        path: s,
                        watch: true,
                    },
                );
                self.show(fx);
            }
            (Purpose::Watch(s), Ok(_)) => {
                let task = path::name(&s).to_string();
                if !self.done.contains(&task) {
                    self.done.push(task);
                    self.show(fx);
                }
            }
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeCreated,
                path,
            } => {
                let task = path::name(path).to_string();
                if self.submitted.contains(&task) && !self.done.contains(&task) {
                    self.done.push(task);
                    self.show(fx);
                }
            }
            ClientEvent::State(KeeperState::Expired | KeeperState::Closed) => self.stopped = true,
            _ => {}
        }
    }
}
