//! The clients as the simulation hosts them: opening, closing, crashing and pausing one, its
//! requests, what it does with each message it receives, its timer (pings, read timeouts,
//! reconnects) and the watcher events it reports.

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::sim::client::{Client, ClientEvent, ConnState};
use crate::sim::message::{Message, Payload};
use crate::sim::world::{Event, Sim, SimError};
use crate::watch::KeeperState;

/// The shortest a client waits for a connection attempt to be answered.
const CONNECT_WAIT_MS_MIN: u32 = 1000;

impl Sim {
    pub(super) fn open_client(
        &mut self,
        name: &str,
        timeout_ms: u32,
    ) -> Result<Option<u64>, SimError> {
        if self.clients.get(name).is_some_and(Client::is_active) {
            return Err(SimError(format!("client {name} is already running")));
        }
        self.note(format!(
            "{name}: Initiating client connection, sessionTimeout={timeout_ms}"
        ));
        let mut c = Client::new(name, timeout_ms);
        c.reconnect_at_ms = Some(self.now_ms);
        self.clients.insert(name.to_string(), c);
        self.reconnect(name);
        Ok(None)
    }

    /// A client closes its session (`close`): by a closeSession request when connected, else
    /// locally at once.
    pub(super) fn close_client(&mut self, name: &str) -> Result<Option<u64>, SimError> {
        let Some(c) = self.clients.get_mut(name) else {
            return Ok(None);
        };
        let xid = c.next_xid();
        if c.state == ConnState::Connected && !c.crashed {
            c.closing_xid = Some(xid);
            let conn = c.conn;
            self.send(name, true, conn, Payload::Close { xid });
        } else {
            // Closing without a connection: the client gives up locally.
            c.completed.insert(xid, Ok(Response::Empty));
            c.state = ConnState::Closed;
            c.fail_pending(ZkError::SessionExpired, true);
            self.client_emit(name, ClientEvent::State(KeeperState::Closed));
            self.reschedule_client(name);
        }
        Ok(Some(xid))
    }

    /// The client's process dies: its roles hear of it first, then everything pending fails.
    pub(super) fn crash_client(&mut self, name: &str) -> Result<Option<u64>, SimError> {
        self.recipe_call_all(name, |r, fx| r.on_crash(fx));
        if let Some(c) = self.clients.get_mut(name) {
            c.crashed = true;
            c.fail_pending(ZkError::ConnectionLoss, true);
        }
        self.note(format!("{name}: crashed"));
        self.reschedule_client(name);
        Ok(None)
    }

    /// The client's process stops for `ms` (a GC pause); it resumes by an `Event::Resume`.
    pub(super) fn pause_client(&mut self, name: &str, ms: u64) -> Result<Option<u64>, SimError> {
        let until = self.now_ms.saturating_add(ms);
        if let Some(c) = self.clients.get_mut(name) {
            c.paused_until_ms = Some(until);
        }
        self.note(format!("{name}: paused for {ms} ms (e.g. a GC pause)"));
        self.reschedule_client(name);
        self.schedule(until, Event::Resume(name.to_string()));
        Ok(None)
    }

    /// A paused client wakes: its roles carry on, then what it queued goes out.
    pub(super) fn resume_client(&mut self, name: &str) {
        if let Some(c) = self.clients.get_mut(name) {
            if c.paused_until_ms.is_some_and(|t| t <= self.now_ms) {
                c.paused_until_ms = None;
                self.note(format!("{name}: resumed"));
                // A process back from a GC pause carries on where it was.
                self.recipe_call_all(name, |r, fx| r.on_resume(fx));
                self.flush_queued(name);
                self.reschedule_client(name);
            }
        }
    }

    pub(super) fn reschedule_client(&mut self, name: &str) {
        if let Some(key) = self.client_timers.remove(name) {
            self.queue.remove(&key);
        }
        let Some(at) = self.clients.get(name).and_then(Client::next_wakeup_ms) else {
            return;
        };
        let key = self.schedule(at.max(self.now_ms), Event::ClientTimer(name.to_string()));
        self.client_timers.insert(name.to_string(), key);
    }

    pub(super) fn client_emit(&mut self, name: &str, e: ClientEvent) {
        let text = match &e {
            ClientEvent::State(s) => format!(
                "{name}: WatchedEvent state:{} type:None path:null",
                s.name()
            ),
            ClientEvent::Watch { kind, path } => {
                format!(
                    "{name}: WatchedEvent state:SyncConnected type:{} path:{path}",
                    kind.name()
                )
            }
        };
        self.note(text);
        if let Some(c) = self.clients.get_mut(name) {
            c.events.push(e.clone());
        }
        self.recipe_event(name, &e);
    }

    /// Queues or sends a request from a client; returns its xid.
    pub(super) fn client_request(&mut self, name: &str, request: Request) -> Option<u64> {
        let c = self.clients.get_mut(name)?;
        let xid = c.next_xid();
        if c.crashed {
            c.completed.insert(xid, Err(ZkError::ConnectionLoss));
        } else if matches!(c.state, ConnState::Expired | ConnState::Closed) {
            c.completed.insert(xid, Err(ZkError::SessionExpired));
        } else if c.state == ConnState::Connected && !c.is_paused() {
            c.outstanding.insert(xid, request.clone());
            let conn = c.conn;
            self.send(name, true, conn, Payload::Request { xid, request });
            self.reschedule_client(name);
        } else {
            c.queued.push((xid, request));
        }
        Some(xid)
    }

    pub(super) fn client_receive(&mut self, m: Message) {
        let name = m.client.clone();
        let Some(c) = self.clients.get(&name) else {
            return;
        };
        if m.conn != c.conn || !c.is_active() {
            // The client closed that socket when it gave up on the connection: nothing more
            // arrives on it. A notification lost this way left its watch in the client's table,
            // so the setWatches of the next connection answers it.
            return;
        }
        self.note(format!("{} {}", m.route(), m.summary()));
        let now = self.now_ms;
        if let Some(c) = self.clients.get_mut(&name) {
            c.last_heard_ms = now;
        }
        match m.payload {
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => {
                let mut set_watches = Vec::new();
                if let Some(c) = self.clients.get_mut(&name) {
                    c.session = Some(session);
                    c.timeout_ms = timeout_ms;
                    c.state = ConnState::Connected;
                    c.was_connected = true;
                    c.reconnect_at_ms = None;
                    // `primeConnection` queued these right behind the connect request; the
                    // client writes them once the connection is accepted, before anything else
                    // (its watch table cannot change while it has no connection).
                    set_watches = c.watches.set_watches(c.last_zxid_seen);
                }
                for w in set_watches {
                    self.send(&name, true, m.conn, Payload::SetWatches(w));
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::SyncConnected));
                self.flush_queued(&name);
            }
            Payload::ConnectExpired => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.state = ConnState::Expired;
                    c.conn = 0;
                    c.fail_pending(ZkError::SessionExpired, true);
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::Expired));
            }
            Payload::Reply { xid, zxid, result } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    if let Some(request) = c.outstanding.remove(&xid) {
                        c.watches.on_reply(&request, &result);
                        c.completed.insert(xid, result);
                    }
                    c.last_zxid_seen = c.last_zxid_seen.max(zxid);
                }
            }
            Payload::SetWatchesDone { zxid } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.last_zxid_seen = c.last_zxid_seen.max(zxid);
                }
            }
            Payload::Notify { kind, path } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.watches.on_event(kind, &path);
                }
                self.client_emit(&name, ClientEvent::Watch { kind, path });
            }
            Payload::Closed { xid } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.state = ConnState::Closed;
                    c.conn = 0;
                    c.completed.insert(xid, Ok(Response::Empty));
                    c.fail_pending(ZkError::SessionExpired, true);
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::Closed));
            }
            Payload::Hangup => self.lose_connection(&name),
            _ => {}
        }
        self.route_recipe_completions(&name);
        self.reschedule_client(&name);
    }

    pub(super) fn flush_queued(&mut self, name: &str) {
        let Some(c) = self.clients.get_mut(name) else {
            return;
        };
        if c.state != ConnState::Connected || c.is_paused() {
            return;
        }
        let conn = c.conn;
        let queued = std::mem::take(&mut c.queued);
        for (xid, request) in queued {
            if let Some(c) = self.clients.get_mut(name) {
                c.outstanding.insert(xid, request.clone());
            }
            self.send(name, true, conn, Payload::Request { xid, request });
        }
    }

    /// The connection is gone: report Disconnected (once), fail what was in flight, and plan a
    /// reconnect after a random delay.
    pub(super) fn lose_connection(&mut self, name: &str) {
        let delay = self
            .client_rng
            .range_inclusive(0, self.config.reconnect_delay_ms_max);
        let now = self.now_ms;
        let Some(c) = self.clients.get_mut(name) else {
            return;
        };
        let was_connected = c.state == ConnState::Connected;
        c.state = ConnState::Connecting;
        c.conn = 0;
        c.reconnect_at_ms = Some(now.saturating_add(delay));
        // As the Java client's cleanup(): everything sent or waiting to be sent fails.
        c.fail_pending(ZkError::ConnectionLoss, true);
        if was_connected {
            self.client_emit(name, ClientEvent::State(KeeperState::Disconnected));
        }
        self.route_recipe_completions(name);
        self.reschedule_client(name);
    }

    pub(super) fn reconnect(&mut self, name: &str) {
        self.next_conn += 1;
        let conn = self.next_conn;
        let now = self.now_ms;
        let Some(c) = self.clients.get_mut(name) else {
            return;
        };
        c.conn = conn;
        c.reconnect_at_ms = None;
        // A connection attempt waits for the session timeout, but never less than a second:
        // a tiny requested timeout must not turn into a reconnect storm.
        c.connect_deadline_ms =
            now.saturating_add(u64::from(c.requested_timeout_ms.max(CONNECT_WAIT_MS_MIN)));
        c.last_heard_ms = now;
        let payload = Payload::Connect {
            session: c.session,
            timeout_ms: c.requested_timeout_ms,
        };
        self.send(name, true, conn, payload);
        self.reschedule_client(name);
    }

    pub(super) fn client_timer(&mut self, name: &str) {
        let Some(c) = self.clients.get(name) else {
            return;
        };
        if !c.is_active() || c.is_paused() {
            return;
        }
        let now = self.now_ms;
        match c.state {
            ConnState::Connected => {
                let read_timeout = u64::from(c.timeout_ms) * 2 / 3;
                let ping_interval = (u64::from(c.timeout_ms) / 3).max(1);
                if now >= c.last_heard_ms.saturating_add(read_timeout) {
                    self.note(format!(
                        "{name}: Client session timed out, have not heard from server in {}ms",
                        now - c.last_heard_ms
                    ));
                    self.lose_connection(name);
                    return;
                }
                if now >= c.last_sent_ms.saturating_add(ping_interval) {
                    let conn = c.conn;
                    self.send(name, true, conn, Payload::Ping);
                }
            }
            ConnState::Connecting => {
                if c.reconnect_at_ms.is_some_and(|t| t <= now) || now >= c.connect_deadline_ms {
                    self.reconnect(name);
                    return;
                }
            }
            ConnState::Expired | ConnState::Closed => return,
        }
        self.reschedule_client(name);
    }
}
