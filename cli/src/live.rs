//! A live ZooKeeper as a script backend: one TCP session per script session, with a barrier
//! after every command so every notification it caused has arrived before the next.

use std::collections::BTreeMap;
use std::time::Duration;

use zkplay_core::request::{Request, Response};
use zkplay_core::script::backend::{Backend, ReceivedEvent};
use zkplay_core::watch::KeeperState;
use zkplay_core::ZkError;

use crate::wire::Conn;

/// Runs scripts against `host:port`.
pub struct LiveBackend {
    addr: String,
    conns: BTreeMap<String, Conn>,
    ids: Vec<(String, i64)>,
    zxid_base: Option<i64>,
    pending: Vec<ReceivedEvent>,
    fatal: Option<String>,
}

impl LiveBackend {
    pub fn new(addr: &str) -> LiveBackend {
        LiveBackend {
            addr: addr.to_string(),
            conns: BTreeMap::new(),
            ids: Vec::new(),
            zxid_base: None,
            pending: Vec::new(),
            fatal: None,
        }
    }

    /// A connection failure that makes the transcript meaningless, if one happened.
    pub fn fatal(&self) -> Option<String> {
        self.fatal.clone()
    }

    /// Closes every session still open.
    pub fn shutdown(&mut self) {
        let names: Vec<String> = self.conns.keys().cloned().collect();
        for n in names {
            if let Some(mut c) = self.conns.remove(&n) {
                let _ = c.close_session();
            }
        }
    }

    fn io_failed(&mut self, what: &str, e: std::io::Error) -> ZkError {
        self.fatal
            .get_or_insert_with(|| format!("{what}: {e} (is ZooKeeper running at {}?)", self.addr));
        ZkError::ConnectionLoss
    }

    fn take_events(&mut self, name: &str) {
        if let Some(c) = self.conns.get_mut(name) {
            for e in c.events.drain(..) {
                self.pending
                    .push(ReceivedEvent::watch(name, e.kind, &e.path));
            }
        }
    }
}

impl Backend for LiveBackend {
    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        let mut c = Conn::connect(&self.addr, timeout_ms, None)
            .map_err(|e| format!("cannot connect to {}: {e}", self.addr))?;
        if self.zxid_base.is_none() {
            // A read's reply header carries the server's last zxid: our session's creation.
            let (zxid, _) = c
                .call(&Request::Exists {
                    path: "/".into(),
                    watch: false,
                })
                .map_err(|e| format!("cannot read from {}: {e}", self.addr))?;
            self.zxid_base = Some(zxid);
        }
        self.ids.retain(|(n, _)| n != name);
        self.ids.push((name.to_string(), c.session_id));
        self.conns.insert(name.to_string(), c);
        // The Java client's watcher hears SyncConnected once the session is established.
        self.pending
            .push(ReceivedEvent::state(name, KeeperState::SyncConnected));
        Ok(())
    }

    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        let Some(c) = self.conns.get_mut(name) else {
            return Err(ZkError::SessionExpired);
        };
        match c.call(request) {
            Ok((_, r)) => r,
            Err(e) => Err(self.io_failed("request failed", e)),
        }
    }

    fn close_session(&mut self, name: &str) -> Result<(), ZkError> {
        let Some(c) = self.conns.get_mut(name) else {
            return Err(ZkError::SessionExpired);
        };
        let r = c.close_session();
        self.take_events(name);
        self.conns.remove(name);
        self.pending
            .push(ReceivedEvent::state(name, KeeperState::Closed));
        match r {
            Ok(_) => Ok(()),
            Err(e) => Err(self.io_failed("close failed", e)),
        }
    }

    fn expire_session(&mut self, name: &str) -> Result<(), ZkError> {
        let Some(c) = self.conns.get(name) else {
            return Err(ZkError::SessionExpired);
        };
        // As ZooKeeper's own tests expire a session: attach a second connection to it and
        // close it there; the first connection is then dropped by the server.
        let (sid, pw) = (c.session_id, c.password.clone());
        let mut other = match Conn::connect(&self.addr, 30_000, Some((sid, pw))) {
            Ok(o) => o,
            Err(e) => return Err(self.io_failed("expire: re-attach failed", e)),
        };
        if let Err(e) = other.close_session() {
            return Err(self.io_failed("expire: close failed", e));
        }
        if let Some(c) = self.conns.get_mut(name) {
            c.drain_until_closed();
        }
        self.take_events(name);
        // The client sees its connection drop, reconnects, and is told the session expired.
        self.pending
            .push(ReceivedEvent::state(name, KeeperState::Disconnected));
        let (sid, pw) = self
            .conns
            .remove(name)
            .map(|c| (c.session_id, c.password.clone()))
            .unwrap_or_default();
        match Conn::connect(&self.addr, 30_000, Some((sid, pw))) {
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                self.pending
                    .push(ReceivedEvent::state(name, KeeperState::Expired));
            }
            Err(e) => return Err(self.io_failed("expire: reconnect failed", e)),
            Ok(_) => {
                return Err(self.io_failed("expire", std::io::Error::other("session survived")))
            }
        }
        Ok(())
    }

    fn sleep(&mut self, ms: u64) {
        let mut left = ms;
        while left > 0 {
            let chunk = left.min(200);
            std::thread::sleep(Duration::from_millis(chunk));
            left -= chunk;
            let names: Vec<String> = self.conns.keys().cloned().collect();
            for n in names {
                if let Some(c) = self.conns.get_mut(&n) {
                    if let Err(e) = c.ping() {
                        self.io_failed("ping failed", e);
                    }
                }
            }
        }
    }

    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        let names: Vec<String> = self.ids.iter().map(|(n, _)| n.clone()).collect();
        for n in &names {
            if let Some(c) = self.conns.get_mut(n) {
                // Barrier: a reply after everything already committed means its notifications
                // for this session were sent before it.
                let r = c.call(&Request::Exists {
                    path: "/".into(),
                    watch: false,
                });
                if let Err(e) = r {
                    self.io_failed("barrier failed", e);
                }
            }
            self.take_events(n);
        }
        std::mem::take(&mut self.pending)
    }

    fn session_name(&self, session_id: i64) -> Option<String> {
        self.ids
            .iter()
            .find(|(_, id)| *id == session_id)
            .map(|(n, _)| n.clone())
    }

    fn zxid_base(&self) -> i64 {
        self.zxid_base.unwrap_or(0)
    }

    fn session_names(&self) -> Vec<String> {
        self.ids.iter().map(|(n, _)| n.clone()).collect()
    }
}
