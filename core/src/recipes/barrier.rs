//! Barriers (ZooKeeper's recipes). A simple barrier holds every client until the barrier node
//! is deleted. A double barrier lets `size` clients enter together (the last to join creates
//! `ready`), work, and leave together.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Note, Purpose, RecipeOptions, Role, RoleCore, Status};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

/// Waits at `path` until someone deletes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Barrier {
    pub core: RoleCore,
    passed: bool,
}

impl Barrier {
    pub fn new(path: &str) -> Barrier {
        Barrier {
            core: RoleCore::new(path),
            passed: false,
        }
    }

    fn watch(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::Watch(self.core.path.clone()),
            Request::Exists {
                path: self.core.path.clone(),
                watch: true,
            },
        );
    }

    fn pass(&mut self, fx: &mut Effects) {
        if !self.passed {
            self.passed = true;
            self.core.status = Status::PassedBarrier {
                path: self.core.path.clone(),
            };
            fx.status(self.core.status.clone());
        }
    }
}

impl Role for Barrier {
    role_core!();

    fn finished(&self) -> bool {
        self.passed || self.core.stopped
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        self.watch(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::Watch(_), Ok(_)) => {
                self.core.status = Status::WaitsAtBarrier {
                    path: self.core.path.clone(),
                };
                fx.status(self.core.status.clone());
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
            } if *path == self.core.path => self.pass(fx),
            ClientEvent::State(KeeperState::SyncConnected) if !self.finished() => self.watch(fx),
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
}

/// Enter together, work `hold_ms`, leave together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DoubleBarrier {
    pub client: String,
    pub core: RoleCore,
    pub size: u32,
    pub work_ms: u64,
    phase: Phase,
}

impl DoubleBarrier {
    pub fn new(client: &str, path: &str, size: u32, o: &RecipeOptions) -> DoubleBarrier {
        DoubleBarrier {
            client: client.to_string(),
            core: RoleCore::new(path),
            size: size.max(1),
            work_ms: o.hold_ms.max(1),
            phase: Phase::Joining,
        }
    }

    fn ready(&self) -> String {
        path::join(&self.core.path, "ready")
    }

    fn mine(&self) -> String {
        path::join(&self.core.path, &self.client)
    }

    fn list(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: self.core.path.clone(),
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
            resource: self.core.path.clone(),
            size: self.size,
        });
        let s = Status::Entered {
            path: self.core.path.clone(),
        };
        self.core.set_status(fx, s);
        fx.timer_ms = Some(self.work_ms);
    }

    /// One round of ZooKeeper's leave algorithm.
    fn leave_step(&mut self, mut procs: Vec<String>, fx: &mut Effects) {
        crate::sorted::sort(&mut procs);
        let me = self.client.clone();
        if procs.is_empty() {
            self.left(fx);
        } else if !procs.contains(&me) {
            // We are gone already: wait for the others.
            let lowest = path::join(&self.core.path, &procs[0]);
            self.wait_on(fx, lowest);
        } else if procs.len() > 1 && procs[0] == me {
            let highest = path::join(&self.core.path, &procs[procs.len() - 1]);
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
        let s = Status::LeavingWaitsFor {
            name: path::name(&target).to_string(),
        };
        self.core.set_status(fx, s);
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
        let s = Status::Left {
            path: self.core.path.clone(),
        };
        self.core.set_status(fx, s);
    }
}

impl Role for DoubleBarrier {
    role_core!();

    fn finished(&self) -> bool {
        self.core.stopped || self.phase == Phase::Left
    }

    /// Watch for `ready` first, then join: no wake-up can be missed. The monitor counts the
    /// join when it is sent: its node exists from when the server applies it, possibly before
    /// our reply arrives.
    fn on_ready(&mut self, fx: &mut Effects) {
        fx.notes.push(Note::Joined {
            resource: self.core.path.clone(),
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

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        match (p, r) {
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
                            let s = Status::WaitsToEnter {
                                here: procs.len(),
                                size: self.size,
                            };
                            self.core.set_status(fx, s);
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
                        path: self.core.path.clone(),
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
            _ => {}
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        if self.phase == Phase::Working {
            self.phase = Phase::Leaving;
            self.core.set_status(fx, Status::Leaving);
            self.list(fx);
        }
    }
}
