//! A worker: registers under `workers`, runs the tasks assigned to it one at a time and
//! records each as done once.

use super::{create, sub};
use crate::error::ZkError;
use crate::fast_hash::FastMap;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Note, Purpose, RecipeOptions, Role, RoleCore, Status};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::EventType;

/// A worker.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MwWorker {
    pub client: String,
    pub core: RoleCore,
    pub work_ms: u64,
    pub done: u32,
    queue: Vec<String>,
    current: Option<String>,
}

impl MwWorker {
    pub fn new(client: &str, path: &str, o: &RecipeOptions) -> MwWorker {
        MwWorker {
            client: client.to_string(),
            core: RoleCore::new(path),
            work_ms: o.hold_ms.max(1),
            done: 0,
            queue: Vec::new(),
            current: None,
        }
    }

    fn inbox(&self) -> String {
        sub(&sub(&self.core.path, "assign"), &self.client)
    }

    /// What a worker needs before it registers: its inbox, and where workers and results go.
    fn dirs(&self) -> [String; 3] {
        [
            self.inbox(),
            sub(&self.core.path, "workers"),
            sub(&self.core.path, "status"),
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
        if self.current.is_some() || self.core.stopped {
            return;
        }
        if self.queue.is_empty() {
            self.core.status = Status::Idle { done: self.done };
            fx.status(self.core.status.clone());
            return;
        }
        let task = self.queue.remove(0);
        self.core.status = Status::Runs { task: task.clone() };
        fx.status(self.core.status.clone());
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
    role_core!();

    fn on_start(&mut self, fx: &mut Effects) {
        let dirs = self.dirs();
        let dirs: Vec<&str> = dirs.iter().map(String::as_str).collect();
        self.ensure(&dirs, fx);
    }

    /// Registers, then reads its inbox.
    fn on_ready(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::Create,
            Request::Write(create(
                sub(&sub(&self.core.path, "workers"), &self.client),
                Some(b"idle".to_vec()),
                CreateMode::Ephemeral,
            )),
        );
        self.list(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                // The new tasks, in name order: neither queued nor running, looked up by hash
                // and sorted once found, so a listing of an inbox of n tasks costs n lookups and
                // a sort of the few new ones, not n² comparisons (nothing iterates the map).
                let known: FastMap<&str, ()> = self
                    .queue
                    .iter()
                    .map(String::as_str)
                    .chain(self.current.as_deref())
                    .map(|t| (t, ()))
                    .collect();
                let mut fresh: Vec<String> = owned(children)
                    .into_iter()
                    .filter(|t| !known.contains_key(t.as_str()))
                    .collect();
                crate::sorted::sort(&mut fresh);
                self.queue.extend(fresh);
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
        if let ClientEvent::Watch {
            kind: EventType::NodeChildrenChanged,
            ..
        } = e
        {
            self.list(fx);
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        let Some(task) = self.current.clone() else {
            return;
        };
        fx.send(
            Purpose::Write(task.clone()),
            Request::Write(create(
                sub(&sub(&self.core.path, "status"), &task),
                Some(format!("done by {}", self.client).into_bytes()),
                CreateMode::Persistent,
            )),
        );
    }
}
