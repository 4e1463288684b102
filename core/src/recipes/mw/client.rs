//! A client: submits tasks (persistent sequential) and waits for each to be done.

use super::{create, sub};
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Purpose, RecipeOptions, Role, RoleCore};
use crate::request::{CreateMode, Request, Response};
use crate::watch::{ClientEvent, EventType};

/// The directories a client makes sure of before it submits.
const CLIENT_DIRS: [&str; 2] = ["tasks", "status"];

/// A client submitting `items` tasks and waiting for each to be done.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MwClient {
    pub client: String,
    pub core: RoleCore,
    pub wanted: u32,
    submitted: Vec<String>,
    done: Vec<String>,
}

impl MwClient {
    pub fn new(client: &str, path: &str, o: &RecipeOptions) -> MwClient {
        MwClient {
            client: client.to_string(),
            core: RoleCore::new(path),
            wanted: o.items,
            submitted: Vec::new(),
            done: Vec::new(),
        }
    }

    fn submit(&mut self, fx: &mut Effects) {
        for i in 0..self.wanted {
            fx.send(
                Purpose::Create,
                Request::Write(create(
                    sub(&sub(&self.core.path, "tasks"), "task-"),
                    Some(format!("job {} from {}", i + 1, self.client).into_bytes()),
                    CreateMode::PersistentSequential,
                )),
            );
        }
    }

    fn show(&mut self, fx: &mut Effects) {
        self.core.status = format!("{} of {} tasks done", self.done.len(), self.wanted);
        fx.status(self.core.status.clone());
    }
}

impl Role for MwClient {
    role_core!();

    fn finished(&self) -> bool {
        self.core.stopped || (self.done.len() as u32 >= self.wanted)
    }

    fn on_start(&mut self, fx: &mut Effects) {
        let dirs = CLIENT_DIRS.map(|d| sub(&self.core.path, d));
        let dirs: Vec<&str> = dirs.iter().map(String::as_str).collect();
        self.ensure(&dirs, fx);
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        self.submit(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::Create, Ok(Response::Create { path: p, .. })) => {
                let task = path::name(&p).to_string();
                self.submitted.push(task.clone());
                let s = sub(&sub(&self.core.path, "status"), &task);
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
        if let ClientEvent::Watch {
            kind: EventType::NodeCreated,
            path,
        } = e
        {
            let task = path::name(path).to_string();
            if self.submitted.contains(&task) && !self.done.contains(&task) {
                self.done.push(task);
                self.show(fx);
            }
        }
    }
}
