//! A distributed FIFO queue: producers add persistent-sequential items; consumers list the
//! queue, take the lowest item by deleting it (another consumer's NoNode means "taken, try the
//! next"), and wait for a child watch when the queue is empty.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Note, Purpose, RecipeOptions, Role, RoleCore, Status};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

/// Adds `items` items, one every `interval_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QueueProducer {
    pub client: String,
    pub core: RoleCore,
    pub items_left: u32,
    pub produced: u32,
    pub interval_ms: u64,
}

impl QueueProducer {
    pub fn new(client: &str, path: &str, o: &RecipeOptions) -> QueueProducer {
        QueueProducer {
            client: client.to_string(),
            core: RoleCore::new(path),
            items_left: o.items,
            produced: 0,
            interval_ms: o.interval_ms.max(1),
        }
    }

    fn produce(&mut self, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        fx.send(
            Purpose::Create,
            Request::Write(Op::Create {
                path: path::join(&self.core.path, "item-"),
                data: Some(format!("{}#{}", self.client, self.produced + 1).into_bytes()),
                acl: Acl::open_unsafe(),
                mode: CreateMode::PersistentSequential,
                ttl_ms: -1,
            }),
        );
    }
}

impl Role for QueueProducer {
    role_core!();

    fn finished(&self) -> bool {
        self.core.stopped || self.items_left == 0
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        self.produce(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::Create, Ok(Response::Create { path, .. })) => {
                self.items_left -= 1;
                self.produced += 1;
                self.core.status = Status::Produced {
                    item: path::name(&path).to_string(),
                    left: self.items_left,
                };
                fx.status(self.core.status.clone());
                if self.items_left > 0 {
                    fx.timer_ms = Some(self.interval_ms);
                }
            }
            // A lost reply: try again (the item may then be there twice, as in ZooKeeper).
            (Purpose::Create, Err(ZkError::ConnectionLoss)) => fx.timer_ms = Some(self.interval_ms),
            _ => {}
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        self.produce(fx);
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum ConsumerState {
    Listing,
    Taking(Vec<String>),
    Working,
    Idle,
}

/// Takes items in order, one at a time, spending `interval_ms` of work on each.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QueueConsumer {
    pub core: RoleCore,
    pub consumed: u32,
    pub work_ms: u64,
    state: ConsumerState,
    /// The queue changed while we were busy (the one-shot child watch is spent): look again.
    changed: bool,
}

fn sequence_of(name: &str) -> i64 {
    name[name.len().saturating_sub(10)..]
        .parse()
        .unwrap_or(i64::MAX)
}

impl QueueConsumer {
    pub fn new(path: &str, o: &RecipeOptions) -> QueueConsumer {
        QueueConsumer {
            core: RoleCore::new(path),
            consumed: 0,
            work_ms: o.interval_ms,
            state: ConsumerState::Idle,
            changed: false,
        }
    }

    fn list(&mut self, fx: &mut Effects) {
        self.state = ConsumerState::Listing;
        self.changed = false;
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: self.core.path.clone(),
                watch: true,
            },
        );
    }

    fn take_next(&mut self, mut candidates: Vec<String>, fx: &mut Effects) {
        if candidates.is_empty() {
            if self.changed {
                self.list(fx);
                return;
            }
            self.state = ConsumerState::Idle;
            self.core.status = Status::WaitingForItems {
                consumed: self.consumed,
            };
            fx.status(self.core.status.clone());
            return;
        }
        let next = candidates.remove(0);
        let p = path::join(&self.core.path, &next);
        self.state = ConsumerState::Taking(candidates);
        fx.send(
            Purpose::Read(p.clone()),
            Request::GetData {
                path: p,
                watch: false,
            },
        );
    }
}

impl Role for QueueConsumer {
    role_core!();

    fn on_ready(&mut self, fx: &mut Effects) {
        self.list(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                let mut children = owned(children);
                crate::sorted::sort_by_key(&mut children, |c| (sequence_of(c), c.clone()));
                self.take_next(children, fx);
            }
            (Purpose::Read(item), Ok(Response::GetData { .. })) => fx.send(
                Purpose::Delete(item.clone()),
                Request::Write(Op::Delete {
                    path: item,
                    version: -1,
                }),
            ),
            (Purpose::Delete(item), Ok(_)) => {
                self.consumed += 1;
                fx.notes.push(Note::Consumed { item: item.clone() });
                self.state = ConsumerState::Working;
                self.core.status = Status::WorkingOn {
                    item: path::name(&item).to_string(),
                };
                fx.status(self.core.status.clone());
                fx.timer_ms = Some(self.work_ms.max(1));
            }
            // Another consumer took it first: try the next one.
            (Purpose::Read(_) | Purpose::Delete(_), Err(ZkError::NoNode)) => {
                if let ConsumerState::Taking(rest) =
                    std::mem::replace(&mut self.state, ConsumerState::Idle)
                {
                    self.take_next(rest, fx);
                }
            }
            (_, Err(ZkError::ConnectionLoss)) => self.state = ConsumerState::Idle,
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::State(KeeperState::SyncConnected) if self.state == ConsumerState::Idle => {
                self.list(fx)
            }
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                ..
            } => {
                if self.state == ConsumerState::Idle {
                    self.list(fx);
                } else {
                    self.changed = true;
                }
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        if self.state == ConsumerState::Working {
            self.list(fx);
        }
    }
}
