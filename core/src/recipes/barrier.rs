//! Barriers (ZooKeeper's recipes). A simple barrier holds every client until the barrier node
//! is deleted. A double barrier lets `size` clients enter together (the last to join creates
//! `ready`), work, and leave together.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::{ensure_path, Effects, Note, Purpose, RecipeOptions, Role};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

/// Waits at `path` until someone deletes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Barrier {
    pub path: String,
    pub status: String,
    passed: bool,
    stopped: bool,
}

impl Barrier {
    pub fn new(path: &str) -> Barrier {
        Barrier {
            path: path.to_string(),
            status: "starting".into(),
            passed: false,
            stopped: false,
        }
    }

    fn watch(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::Watch(self.path.clone()),
            Request::Exists {
                path: self.path.clone(),
                watch: true,
            },
        );
    }

    fn pass(&mut self, fx: &mut Effects) {
        if !self.passed {
            self.passed = true;
            self.status = format!("passed the barrier {}", self.path);
            fx.status(self.status.clone());
        }
    }
}

impl Role for Barrier {
    fn finished(&self) -> bool {
        self.passed || self.stopped
    }

    fn on_start(&mut self, fx: &mut Effects) {
        ensure_path(&self.path, fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::EnsureBase, Ok(_) | Err(ZkError::NodeExists)) => self.watch(fx),
            (Purpose::Watch(_), Ok(_)) => {
                self.status = format!("waits at the barrier {}", self.path);
                fx.status(self.status.clone());
            }
            (Purpose::Watch(_), Err(ZkError::NoNode)) => self.pass(fx),
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeDeleted,
                path,
            } if *path == self.path => self.pass(fx),
            ClientEvent::State(KeeperState::SyncConnected) if !self.finished() => self.watch(fx),
            ClientEvent::State(KeeperState::Expired | KeeperState::Closed) => self.stopped = true,
            _ => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Phase {
    Joining,
    Entering,
    Working,
    Leaving,
    Left,
    Stopped,
}

/// Enter together, work `hold_ms`, leave together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DoubleBarrier {
    pub client: String,
    pub path: String,
    pub size: u32,
    pub work_ms: u64,
    pub status: String,
    phase: Phase,
}

impl DoubleBarrier {
    pub fn new(client: &str, path: &str, size: u32, o: &RecipeOptions) -> DoubleBarrier {
        DoubleBarrier {
            client: client.to_string(),
            path: path.to_string(),
            size: size.max(1),
            work_ms: o.hold_ms.max(1),
            status: "starting".into(),
            phase: Phase::Joining,
        }
    }

    fn ready(&self) -> String {
        path::join(&self.path, "ready")
    }

    fn mine(&self) -> String {
        path::join(&self.path, &self.client)
    }

    fn set(&mut self, fx: &mut Effects, s: String) {
        if s != self.status {
            self.status = s.clone();
            fx.status(s);
        }
    }

    fn list(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: self.path.clone(),
                watch: self.phase == Phase::Entering,
            },
        );
    }

    fn enter(&mut self, fx: &mut Effects) {
        if self.phase != Phase::Entering && self.phase != Phase::Joining {
            return;
        }
        self.phase = Phase::Working;
        fx.notes.push(Note::Entered {
            resource: self.path.clone(),
            size: self.size,
        });
        let s = format!("entered {}: working", self.path);
        self.set(fx, s);
        fx.timer_ms = Some(self.work_ms);
    }

    /// One round of ZooKeeper's leave algorithm.
    fn leave_step(&mut self, mut procs: Vec<String>, fx: &mut Effects) {
        procs.sort();
        let me = self.client.clone();
        if procs.is_empty() {
            self.left(fx);
        } else if !procs.contains(&me) {
            // We are gone already: wait for the others.
            let lowest = path::join(&self.path, &procs[0]);
            self.wait_on(fx, lowest);
        } else if procs.len() > 1 && procs[0] == me {
            let highest = path::join(&self.path, &procs[procs.len() - 1]);
            self.wait_on(fx, highest);
        } else {
            fx.send(
                Purpose::Delete(self.mine()),
                Request::Write(Op::Delete {
                    path: self.mine(),
                    version: -1,
                }),
            );
        }
    }

    fn wait_on(&mut self, fx: &mut Effects, target: String) {
        let s = format!("leaving: waits for {}", path::name(&target));
        self.set(fx, s);
        fx.send(
            Purpose::Watch(target.clone()),
            Request::Exists {
                path: target,
                watch: true,
            },
        );
    }

    fn left(&mut self, fx: &mut Effects) {
        self.phase = Phase::Left;
        let s = format!("left {} with everyone", self.path);
        self.set(fx, s);
    }
}

impl Role for DoubleBarrier {
    fn finished(&self) -> bool {
        matches!(self.phase, Phase::Left | Phase::Stopped)
    }

    fn on_start(&mut self, fx: &mut Effects) {
        ensure_path(&self.path, fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        match (p, r) {
            (Purpose::EnsureBase, Ok(_) | Err(ZkError::NodeExists)) => {
                // Watch for `ready` first, then join: no wake-up can be missed. The monitor
                // counts the join when it is sent: its node exists from when the server
                // applies it, possibly before our reply arrives.
                fx.notes.push(Note::Joined {
                    resource: self.path.clone(),
                });
                let ready = self.ready();
                fx.send(
                    Purpose::Watch(ready.clone()),
                    Request::Exists {
                        path: ready,
                        watch: true,
                    },
                );
                fx.send(
                    Purpose::Create,
                    Request::Write(Op::Create {
                        path: self.mine(),
                        data: None,
                        acl: Acl::open_unsafe(),
                        mode: CreateMode::Ephemeral,
                        ttl_ms: -1,
                    }),
                );
            }
            (Purpose::Watch(w), Ok(_)) if w == self.ready() && self.phase != Phase::Leaving => {
                self.enter(fx)
            }
            (Purpose::Create, Ok(_) | Err(ZkError::NodeExists)) => {
                self.phase = Phase::Entering;
                self.list(fx);
            }
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                let procs: Vec<String> = owned(children)
                    .into_iter()
                    .filter(|c| c != "ready")
                    .collect();
                match self.phase {
                    Phase::Entering => {
                        if procs.len() as u32 >= self.size {
                            fx.send(
                                Purpose::Check,
                                Request::Write(Op::Create {
                                    path: self.ready(),
                                    data: None,
                                    acl: Acl::open_unsafe(),
                                    mode: CreateMode::Persistent,
                                    ttl_ms: -1,
                                }),
                            );
                        } else {
                            let s = format!("waits to enter ({}/{} here)", procs.len(), self.size);
                            self.set(fx, s);
                        }
                    }
                    Phase::Leaving => self.leave_step(procs, fx),
                    _ => {}
                }
            }
            (Purpose::Check, Ok(_) | Err(ZkError::NodeExists)) => self.enter(fx),
            (Purpose::Delete(_), _) => {
                fx.send(
                    Purpose::List,
                    Request::GetChildren {
                        path: self.path.clone(),
                        watch: false,
                    },
                );
            }
            (Purpose::Watch(w), Err(ZkError::NoNode))
                if self.phase == Phase::Leaving && w != self.ready() =>
            {
                self.list(fx);
            }
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeCreated,
                path,
            } if *path == self.ready() => self.enter(fx),
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                ..
            } if self.phase == Phase::Entering => self.list(fx),
            ClientEvent::Watch {
                kind: EventType::NodeDeleted,
                path,
            } if self.phase == Phase::Leaving && *path != self.ready() => self.list(fx),
            ClientEvent::State(KeeperState::Expired | KeeperState::Closed) => {
                self.phase = Phase::Stopped;
                self.set(fx, "stopped: session gone".into());
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        if self.phase == Phase::Working {
            self.phase = Phase::Leaving;
            self.set(fx, "leaving".into());
            self.list(fx);
        }
    }
}
