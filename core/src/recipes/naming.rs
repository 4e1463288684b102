//! Naming service: unique, ordered names from persistent-sequential nodes.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Note, Purpose, RecipeOptions, Role, RoleCore};
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::KeeperState;

/// Asks for `items` names under PATH.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Naming {
    pub client: String,
    pub core: RoleCore,
    pub wanted: u32,
    pub names: Vec<String>,
}

impl Naming {
    pub fn new(client: &str, path: &str, o: &RecipeOptions) -> Naming {
        Naming {
            client: client.to_string(),
            core: RoleCore::new(path),
            wanted: o.items,
            names: Vec::new(),
        }
    }

    fn ask(&mut self, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        fx.send(
            Purpose::Create,
            Request::Write(Op::Create {
                path: path::join(&self.core.path, "id-"),
                data: Some(self.client.as_bytes().to_vec()),
                acl: Acl::open_unsafe(),
                mode: CreateMode::PersistentSequential,
                ttl_ms: -1,
            }),
        );
    }
}

impl Role for Naming {
    role_core!();

    fn finished(&self) -> bool {
        self.core.stopped || self.names.len() as u32 >= self.wanted
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        self.ask(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::Create, Ok(Response::Create { path, .. })) => {
                let name = path::name(&path).to_string();
                fx.notes.push(Note::NameTaken { name: path.clone() });
                self.names.push(name.clone());
                self.core.status = format!("got {name} ({} of {})", self.names.len(), self.wanted);
                fx.status(self.core.status.clone());
                self.ask(fx);
            }
            (Purpose::Create, Err(ZkError::ConnectionLoss)) => {}
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::State(KeeperState::SyncConnected) if !self.finished() => self.ask(fx),

            _ => {}
        }
    }
}
