//! The engine alone as a script backend: requests go straight to the server, with no network,
//! clock or connection states (the network simulation is `script::SimulationBackend`).

use crate::sorted::SortedMap as BTreeMap;

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::{Backend, ReceivedEvent};
use crate::server::{Server, ServerConfig};
use crate::stat::SessionId;

/// Runs scripts on the in-memory engine.
#[derive(Clone, Debug)]
pub struct EngineBackend {
    pub server: Server,
    names: Vec<(String, SessionId)>,
    zxid_base: Option<i64>,
    pending: Vec<ReceivedEvent>,
}

impl Default for EngineBackend {
    fn default() -> Self {
        EngineBackend::new(ServerConfig::default())
    }
}

impl EngineBackend {
    pub fn new(config: ServerConfig) -> EngineBackend {
        EngineBackend {
            server: Server::new(config),
            names: Vec::new(),
            zxid_base: None,
            pending: Vec::new(),
        }
    }

    pub fn session_id(&self, name: &str) -> Option<SessionId> {
        self.names
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    fn id(&self, name: &str) -> Result<SessionId, ZkError> {
        self.session_id(name).ok_or(ZkError::SessionExpired)
    }

    fn collect(&mut self) {
        let by_id: BTreeMap<SessionId, String> =
            self.names.iter().map(|(n, id)| (*id, n.clone())).collect();
        for n in self.server.take_notifications() {
            if let Some(name) = by_id.get(&n.session) {
                self.pending
                    .push(ReceivedEvent::watch(name, n.kind, &n.path));
            }
        }
    }
}

impl Backend for EngineBackend {
    fn server_child_order(&self, parent: &str, names: Vec<String>) -> Vec<String> {
        let order = self.server.tree().children_in_server_order(parent);
        crate::script::backend::reorder_like(names, &order)
    }

    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        let (id, _) = self.server.open_session(timeout_ms);
        if self.zxid_base.is_none() {
            self.zxid_base = Some(self.server.last_zxid().0);
        }
        self.names.retain(|(n, _)| n != name);
        self.names.push((name.to_string(), id));
        Ok(())
    }

    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        let id = self.id(name)?;
        let r = self.server.handle(id, request);
        self.collect();
        r
    }

    fn close_session(&mut self, name: &str) -> Result<(), ZkError> {
        let id = self.id(name)?;
        let r = self.server.close_session(id);
        self.collect();
        r
    }

    fn expire_session(&mut self, name: &str) -> Result<(), ZkError> {
        self.close_session(name)
    }

    fn sleep(&mut self, ms: u64) {
        self.server.advance(ms);
        self.collect();
    }

    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        self.collect();
        std::mem::take(&mut self.pending)
    }

    fn session_name(&self, session_id: i64) -> Option<String> {
        self.names
            .iter()
            .find(|(_, id)| id.0 == session_id)
            .map(|(n, _)| n.clone())
    }

    fn zxid_base(&self) -> i64 {
        self.zxid_base.unwrap_or(0)
    }

    fn session_names(&self) -> Vec<String> {
        self.names.iter().map(|(n, _)| n.clone()).collect()
    }
}
