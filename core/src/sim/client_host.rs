//! The clients as the simulation hosts them: opening, closing, crashing and pausing one, its
//! requests, what it does with each message it receives, its timer (pings, read timeouts,
//! reconnects) and the watcher events it reports.

use crate::error::ZkError;
use crate::request::Request;
use crate::sim::client::{Client, ClientEvent, ConnState, TimerAction};
use crate::sim::message::{Message, Payload};
use crate::sim::world::{Event, Sim, SimError};
use crate::watch::KeeperState;

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
            c.on_closed(xid);
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
        let (xid, now) = c.submit(request);
        if let Some(payload) = now {
            let conn = c.conn;
            self.send(name, true, conn, payload);
            self.reschedule_client(name);
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
                let set_watches = self
                    .clients
                    .get_mut(&name)
                    .map(|c| c.on_connected(session, timeout_ms))
                    .unwrap_or_default();
                for w in set_watches {
                    self.send(&name, true, m.conn, Payload::SetWatches(w));
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::SyncConnected));
                self.flush_queued(&name);
            }
            Payload::ConnectExpired => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.end_session(ConnState::Expired);
                }
                self.client_emit(&name, ClientEvent::State(KeeperState::Expired));
            }
            Payload::Reply { xid, zxid, result } => {
                if let Some(c) = self.clients.get_mut(&name) {
                    c.on_reply(xid, zxid, result);
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
                    c.on_closed(xid);
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
        let conn = c.conn;
        for payload in c.take_queued() {
            self.send(name, true, conn, payload);
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
        if c.on_connection_lost(now.saturating_add(delay)) {
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
        let payload = c.connect(conn, now);
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
        match c.timer_action(self.now_ms) {
            TimerAction::TimedOut { silent_ms } => {
                self.note(format!(
                    "{name}: Client session timed out, have not heard from server in {silent_ms}ms"
                ));
                self.lose_connection(name);
                return;
            }
            TimerAction::Ping => {
                let conn = c.conn;
                self.send(name, true, conn, Payload::Ping);
            }
            TimerAction::Connect => {
                self.reconnect(name);
                return;
            }
            TimerAction::Nothing => {}
        }
        self.reschedule_client(name);
    }
}
