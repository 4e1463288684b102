//! A live ZooKeeper as a script backend: one TCP session per script session, with a barrier
//! after every command so every notification it caused has arrived before the next.
//!
//! The address is a connect string, `host:port[,host:port…]`. With one server (the
//! conformance suite's standalone server) a broken connection is fatal: the transcript would
//! mean nothing. In ensemble mode ([`LiveBackend::ensemble`]: the string's servers are myid
//! 1, 2, … in order) a broken connection is what the script is about, and the client does what
//! the Java client does, deterministically: it reports `Disconnected`, and re-attaches its
//! session to the first server of its own connect string (all of them in order, or the one of
//! `session NAME server=K`) that takes it (`SyncConnected`), or learns it has `Expired`.
//! When it looks is what makes this deterministic: a client notices a broken connection only
//! when it is used — a command on the session (which re-attaches first, or fails with
//! `CONNECTIONLOSS` when no server takes it) and the barrier at the end of a client line's step —
//! never at the end of a server line (`server K crash`, `wait`, `srvr`), when the other servers
//! may still be reacting. Scripts wait for the servers they need before using a session.

use std::collections::BTreeMap;
use std::time::Duration;
use zkplay_core::script::LineError;

use zkplay_core::request::{Request, Response};
use zkplay_core::script::backend::{Backend, ReceivedEvent};
use zkplay_core::script::ensemble_lines::{EnsembleConfig, ServerCommand, SrvrReport};
use zkplay_core::watch::KeeperState;
use zkplay_core::ZkError;

use crate::wire::{is_session_expired, Conn};

/// A session whose connection broke: what re-attaching it needs.
struct Detached {
    session_id: i64,
    password: Vec<u8>,
    timeout_ms: u32,
    last_zxid_seen: i64,
}

/// Runs scripts against a connect string.
pub struct LiveBackend {
    addr: String,
    servers: Vec<String>,
    conns: BTreeMap<String, Conn>,
    /// Each session's own connect string (ensemble mode).
    homes: BTreeMap<String, Vec<String>>,
    /// Sessions whose connection broke and that have not re-attached yet (ensemble mode).
    detached: BTreeMap<String, Detached>,
    ids: Vec<(String, i64)>,
    zxid_base: Option<i64>,
    pending: Vec<ReceivedEvent>,
    fatal: Option<String>,
    ensemble: bool,
    /// Set by the ensemble's harness after a step that changed servers: the end of that step
    /// does not look at connections.
    hold_checks: bool,
}

impl LiveBackend {
    /// A backend for `connect` (`host:port[,host:port…]`).
    pub fn new(connect: &str) -> LiveBackend {
        LiveBackend {
            addr: connect.to_string(),
            servers: connect
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            conns: BTreeMap::new(),
            homes: BTreeMap::new(),
            detached: BTreeMap::new(),
            ids: Vec::new(),
            zxid_base: None,
            pending: Vec::new(),
            fatal: None,
            ensemble: false,
            hold_checks: false,
        }
    }

    /// A backend for an ensemble whose servers (myid 1, 2, …) listen at `servers`: lost
    /// connections are events, `server=K` pins a session, zxids print absolute.
    pub fn ensemble(servers: &[String]) -> LiveBackend {
        let mut b = LiveBackend::new(&servers.join(","));
        b.ensemble = true;
        b
    }

    /// The end of the current step does not look at connections (see the module's notes).
    pub fn hold_connection_checks(&mut self) {
        self.hold_checks = true;
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

    /// A session's connection broke (ensemble mode): the client reports Disconnected.
    fn lose(&mut self, name: &str) {
        if let Some(c) = self.conns.remove(name) {
            for e in &c.events {
                self.pending
                    .push(ReceivedEvent::watch(name, e.kind, &e.path));
            }
            self.detached.insert(
                name.to_string(),
                Detached {
                    session_id: c.session_id,
                    password: c.password.clone(),
                    timeout_ms: u32::try_from(c.negotiated_timeout_ms).unwrap_or(30_000),
                    last_zxid_seen: c.last_zxid_seen,
                },
            );
            self.pending
                .push(ReceivedEvent::state(name, KeeperState::Disconnected));
        }
    }

    /// Tries to re-attach a detached session to the servers of its connect string, in order.
    /// Returns whether it is connected again.
    fn reattach(&mut self, name: &str) -> bool {
        let Some(d) = self.detached.get(name) else {
            return self.conns.contains_key(name);
        };
        let home = self
            .homes
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.servers.clone());
        for addr in &home {
            match Conn::reconnect(
                addr,
                d.timeout_ms,
                Some((d.session_id, d.password.clone())),
                d.last_zxid_seen,
            ) {
                Ok(c) => {
                    self.detached.remove(name);
                    self.conns.insert(name.to_string(), c);
                    self.pending
                        .push(ReceivedEvent::state(name, KeeperState::SyncConnected));
                    return true;
                }
                Err(e) if is_session_expired(&e) => {
                    self.detached.remove(name);
                    self.pending
                        .push(ReceivedEvent::state(name, KeeperState::Expired));
                    return false;
                }
                Err(_) => {}
            }
        }
        false
    }

    fn take_events(&mut self, name: &str) {
        if let Some(c) = self.conns.get_mut(name) {
            for e in c.events.drain(..) {
                self.pending
                    .push(ReceivedEvent::watch(name, e.kind, &e.path));
            }
        }
    }

    /// The servers a new session may use, in the order it tries them.
    fn home_of(
        &self,
        server: Option<zkplay_core::ensemble::PeerId>,
    ) -> Result<Vec<String>, String> {
        match server {
            None => Ok(self.servers.clone()),
            Some(k) => (k as usize)
                .checked_sub(1)
                .and_then(|i| self.servers.get(i))
                .map(|a| vec![a.clone()])
                .ok_or_else(|| format!("server={k}: the connect string has no server {k}")),
        }
    }
}

impl Backend for LiveBackend {
    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        self.open_session_on(name, timeout_ms, None)
            .map_err(|e| e.to_string())
    }

    fn open_session_on(
        &mut self,
        name: &str,
        timeout_ms: u32,
        server: Option<zkplay_core::ensemble::PeerId>,
    ) -> Result<(), LineError> {
        let mut said = || -> Result<(), String> {
            let home = self.home_of(server)?;
            let mut failures = Vec::new();
            let mut conn = None;
            for addr in &home {
                match Conn::connect(addr, timeout_ms, None) {
                    Ok(c) => {
                        conn = Some(c);
                        break;
                    }
                    Err(e) => failures.push(format!("{addr}: {e}")),
                }
            }
            let Some(mut c) = conn else {
                return Err(format!("cannot connect to {}", failures.join("; ")));
            };
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
            self.detached.remove(name);
            self.homes.insert(name.to_string(), home);
            // The Java client's watcher hears SyncConnected once the session is established.
            self.pending
                .push(ReceivedEvent::state(name, KeeperState::SyncConnected));
            Ok(())
        };
        said().map_err(LineError::Said)
    }

    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        if self.ensemble && self.conns.get_mut(name).is_some_and(Conn::closed_by_peer) {
            self.lose(name);
        }
        if self.ensemble && self.detached.contains_key(name) && !self.reattach(name) {
            return Err(if self.detached.contains_key(name) {
                ZkError::ConnectionLoss
            } else {
                ZkError::SessionExpired
            });
        }
        let Some(c) = self.conns.get_mut(name) else {
            return Err(ZkError::SessionExpired);
        };
        match c.call(request) {
            Ok((_, r)) => r,
            Err(_) if self.ensemble => {
                self.lose(name);
                Err(ZkError::ConnectionLoss)
            }
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
        let addr = self
            .homes
            .get(name)
            .and_then(|h| h.first())
            .cloned()
            .unwrap_or_else(|| self.addr.clone());
        // As ZooKeeper's own tests expire a session: attach a second connection to it and
        // close it there; the first connection is then dropped by the server.
        let (sid, pw) = (c.session_id, c.password.clone());
        let mut other = match Conn::connect(&addr, 30_000, Some((sid, pw))) {
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
        match Conn::connect(&addr, 30_000, Some((sid, pw))) {
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
                        if self.ensemble {
                            self.lose(&n);
                        } else {
                            self.io_failed("ping failed", e);
                        }
                    }
                }
            }
        }
    }

    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        let names: Vec<String> = self.ids.iter().map(|(n, _)| n.clone()).collect();
        let check = self.ensemble && !std::mem::take(&mut self.hold_checks);
        for n in &names {
            if self.ensemble && !check {
                self.take_events(n);
                continue;
            }
            if check && self.conns.get_mut(n).is_some_and(Conn::closed_by_peer) {
                self.lose(n);
            }
            if let Some(c) = self.conns.get_mut(n) {
                // Barrier: a reply after everything already committed means its notifications
                // for this session were sent before it.
                let r = c.call(&Request::Exists {
                    path: "/".into(),
                    watch: false,
                });
                match r {
                    Err(_) if self.ensemble => self.lose(n),
                    Err(e) => {
                        self.io_failed("barrier failed", e);
                    }
                    Ok(_) => {}
                }
            }
            self.take_events(n);
            if check && self.detached.contains_key(n) {
                self.reattach(n);
            }
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

    fn absolute_zxids(&self) -> bool {
        self.ensemble
    }

    /// An ensemble already running at the connect string (its servers in myid order): the
    /// script's `ensemble` line must name as many servers. Starting and stopping them is the
    /// test harness's (`zkplay-tests`); `srvr` and `wait` work here.
    fn start_ensemble(&mut self, config: &EnsembleConfig) -> Result<(), LineError> {
        let mut said = || -> Result<(), String> {
            if self.servers.len() != config.servers() as usize {
                return Err(format!(
                    "'{config}' names {} servers but the connect string has {}",
                    config.servers(),
                    self.servers.len()
                ));
            }
            self.ensemble = true;
            Ok(())
        };
        said().map_err(LineError::Said)
    }

    fn server_command(&mut self, cmd: &ServerCommand) -> Result<Option<SrvrReport>, LineError> {
        let mut said = || -> Result<Option<SrvrReport>, String> {
            self.hold_checks = true;
            let addr = |k: zkplay_core::ensemble::PeerId| -> Result<String, String> {
                self.home_of(Some(k))
                    .map(|h| h.into_iter().next().unwrap_or_default())
            };
            match cmd {
            ServerCommand::Srvr { server } => Ok(Some(crate::srvr::srvr(&addr(*server)?))),
            ServerCommand::Wait {
                server,
                target,
                timeout_ms,
            } => crate::srvr::wait_for(&addr(*server)?, *target, *timeout_ms)
                .map(|()| None)
                .map_err(|mode| {
                    format!(
                        "server {server} was not {} within {timeout_ms} ms (it is {})",
                        target.name(),
                        mode.name()
                    )
                }),
            _ => Err(format!(
                "'{cmd}' cannot be done to a server over its client port (the test suite's harness starts and stops real servers)"
            )),
        }
        };
        said().map_err(LineError::Said)
    }
}
