//! The clients as the simulation hosts them: opening, closing, crashing and pausing one, its
//! requests, what it does with each message it receives, its timer (pings, read timeouts,
//! reconnects) and the watcher events it reports.

use crate::error::ZkError;
use crate::request::Request;
use crate::sim::client::{Client, ClientEvent, ConnState, TimerAction};
use crate::sim::clients::ClientId;
use crate::sim::log::{Fate, LogLine};
use crate::sim::message::{Message, Payload};
use crate::sim::moments::Moment;
use crate::sim::recipe_host;
use crate::sim::world::{Event, Sim, SimError};
use crate::watch::KeeperState;

impl Sim {
    pub(super) fn open_client(
        &mut self,
        name: &str,
        timeout_ms: u32,
    ) -> Result<Option<u64>, SimError> {
        let running = self.clients.id(name).and_then(|id| self.clients.get(id));
        // The link outlives the process: a client started again on a cut link (`partition`
        // with no `heal` since) is still cut off, and what the partition held waits for the heal.
        let partitioned = running.is_some_and(|c| c.partitioned);
        if running.is_some_and(Client::is_active) {
            return Err(SimError::AlreadyRunning {
                client: name.to_string(),
            });
        }
        self.note(LogLine::Initiating {
            client: name.to_string(),
            timeout_ms,
        });
        let mut c = Client::new(name, timeout_ms);
        c.partitioned = partitioned;
        c.reconnect_at_ms = Some(self.now_ms);
        let id = self.clients.insert(c);
        self.observe(id, Moment::Initiating, true);
        self.reconnect(id);
        Ok(None)
    }

    /// A client closes its session (`close`): by a closeSession request when connected, else
    /// locally at once.
    pub(super) fn close_client(&mut self, id: ClientId) -> Result<Option<u64>, SimError> {
        let Some(c) = self.clients.get_mut(id) else {
            return Ok(None);
        };
        let xid = c.next_xid();
        if c.state == ConnState::Connected && !c.crashed {
            c.closing_xid = Some(xid);
            let conn = c.conn;
            self.send(id, true, conn, Payload::Close { xid });
        } else {
            // Closing without a connection: the client gives up locally.
            c.on_closed(xid);
            self.client_emit(id, ClientEvent::State(KeeperState::Closed));
            self.reschedule_client(id);
        }
        Ok(Some(xid))
    }

    /// The client's process dies: its roles hear of it first, then everything pending fails.
    pub(super) fn crash_client(&mut self, id: ClientId) -> Result<Option<u64>, SimError> {
        recipe_host::recipe_call_all(self, id, |r, fx| r.on_crash(fx));
        if let Some(c) = self.clients.get_mut(id) {
            c.crashed = true;
            c.fail_pending(ZkError::ConnectionLoss, true);
        }
        let name = self.clients.name(id).to_string();
        self.note(LogLine::Crashed { client: name });
        self.reschedule_client(id);
        Ok(None)
    }

    /// The client's process stops for `ms` (a GC pause); it resumes by an `Event::Resume`.
    pub(super) fn pause_client(&mut self, id: ClientId, ms: u64) -> Result<Option<u64>, SimError> {
        let until = self.now_ms.saturating_add(ms);
        if let Some(c) = self.clients.get_mut(id) {
            c.paused_until_ms = Some(until);
        }
        let name = self.clients.name(id).to_string();
        self.note(LogLine::Paused { client: name, ms });
        self.reschedule_client(id);
        self.schedule(until, Event::Resume(id));
        Ok(None)
    }

    /// A paused client wakes: its roles carry on, then what it queued goes out.
    pub(super) fn resume_client(&mut self, id: ClientId) {
        if let Some(c) = self.clients.get_mut(id) {
            if c.paused_until_ms.is_some_and(|t| t <= self.now_ms) {
                c.paused_until_ms = None;
                let name = c.name.clone();
                self.note(LogLine::Resumed { client: name });
                // A process back from a GC pause carries on where it was.
                recipe_host::recipe_call_all(self, id, |r, fx| r.on_resume(fx));
                self.flush_queued(id);
                self.reschedule_client(id);
            }
        }
    }

    pub(super) fn reschedule_client(&mut self, id: ClientId) {
        if let Some(key) = self.client_timers.remove(&id) {
            self.queue.remove(&key);
        }
        let Some(at) = self.clients.get(id).and_then(Client::next_wakeup_ms) else {
            return;
        };
        let key = self.schedule(at.max(self.now_ms), Event::ClientTimer(id));
        self.client_timers.insert(id, key);
    }

    pub(super) fn client_emit(&mut self, id: ClientId, e: ClientEvent) {
        let client = self.clients.name(id).to_string();
        let text = match &e {
            ClientEvent::State(state) => LogLine::State {
                client,
                state: *state,
            },
            ClientEvent::Watch { kind, path } => LogLine::Watch {
                client,
                kind: *kind,
                path: path.clone(),
            },
        };
        self.note(text);
        if e == ClientEvent::State(KeeperState::SyncConnected) {
            // The line just written is ⑤ (before any recipe role reacts and writes more).
            self.observe(id, Moment::SyncConnected, true);
        }
        if let Some(c) = self.clients.get_mut(id) {
            c.events.push(e.clone());
        }
        recipe_host::recipe_event(self, id, &e);
    }

    /// Queues or sends a request from a client; returns its xid.
    pub(super) fn client_request(&mut self, id: ClientId, request: Request) -> Option<u64> {
        let c = self.clients.get_mut(id)?;
        let (xid, now) = c.submit(request);
        if let Some(payload) = now {
            let conn = c.conn;
            self.send(id, true, conn, payload);
            self.reschedule_client(id);
        }
        Some(xid)
    }

    pub(super) fn client_receive(&mut self, m: Message) {
        let id = m.client;
        let Some(c) = self.clients.get(id) else {
            return;
        };
        if m.conn != c.conn || !c.is_active() {
            // The client closed that socket when it gave up on the connection: nothing more
            // arrives on it. A notification lost this way left its watch in the client's table,
            // so the setWatches of the next connection answers it.
            return;
        }
        self.note(self.message_line(&m, Fate::Arrived));
        let now = self.now_ms;
        if let Some(c) = self.clients.get_mut(id) {
            c.last_heard_ms = now;
        }
        match m.payload {
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => {
                let set_watches = self
                    .clients
                    .get_mut(id)
                    .map(|c| c.on_connected(session, timeout_ms))
                    .unwrap_or_default();
                // The log line of the ConnectResponse, just written, is ④.
                self.observe(id, Moment::SessionEstablished, true);
                for w in set_watches {
                    self.send(id, true, m.conn, Payload::SetWatches(w));
                }
                self.client_emit(id, ClientEvent::State(KeeperState::SyncConnected));
                self.flush_queued(id);
            }
            Payload::ConnectExpired => {
                if let Some(c) = self.clients.get_mut(id) {
                    c.end_session(ConnState::Expired);
                }
                self.client_emit(id, ClientEvent::State(KeeperState::Expired));
            }
            Payload::Reply { xid, zxid, result } => {
                if let Some(c) = self.clients.get_mut(id) {
                    c.on_reply(xid, zxid, result);
                }
            }
            Payload::SetWatchesDone { zxid } => {
                if let Some(c) = self.clients.get_mut(id) {
                    c.last_zxid_seen = c.last_zxid_seen.max(zxid);
                }
            }
            Payload::Notify { kind, path } => {
                if let Some(c) = self.clients.get_mut(id) {
                    c.watches.on_event(kind, &path);
                }
                self.client_emit(id, ClientEvent::Watch { kind, path });
            }
            Payload::Closed { xid } => {
                if let Some(c) = self.clients.get_mut(id) {
                    c.on_closed(xid);
                }
                self.client_emit(id, ClientEvent::State(KeeperState::Closed));
            }
            Payload::Hangup => self.lose_connection(id),
            _ => {}
        }
        recipe_host::route_recipe_completions(self, id);
        self.reschedule_client(id);
    }

    pub(super) fn flush_queued(&mut self, id: ClientId) {
        let Some(c) = self.clients.get_mut(id) else {
            return;
        };
        let conn = c.conn;
        for payload in c.take_queued() {
            self.send(id, true, conn, payload);
        }
    }

    /// The connection is gone: report Disconnected (once), fail what was in flight, and plan a
    /// reconnect after a random delay.
    pub(super) fn lose_connection(&mut self, id: ClientId) {
        let delay = self
            .client_rng
            .range_inclusive(0, self.config.reconnect_delay_ms_max);
        let now = self.now_ms;
        let Some(c) = self.clients.get_mut(id) else {
            return;
        };
        if c.on_connection_lost(now.saturating_add(delay)) {
            self.client_emit(id, ClientEvent::State(KeeperState::Disconnected));
        }
        recipe_host::route_recipe_completions(self, id);
        self.reschedule_client(id);
    }

    pub(super) fn reconnect(&mut self, id: ClientId) {
        self.next_conn += 1;
        let conn = self.next_conn;
        let now = self.now_ms;
        let Some(c) = self.clients.get_mut(id) else {
            return;
        };
        let payload = c.connect(conn, now);
        // The simulated socket connects at once: ② and ③ happen together, and the server
        // sets the session up when the ConnectRequest arrives.
        self.observe(id, Moment::OpeningSocket, false);
        self.observe(id, Moment::ConnectRequestSent, false);
        self.send(id, true, conn, payload);
        self.reschedule_client(id);
    }

    pub(super) fn client_timer(&mut self, id: ClientId) {
        let Some(c) = self.clients.get(id) else {
            return;
        };
        if !c.is_active() || c.is_paused() {
            return;
        }
        match c.timer_action(self.now_ms) {
            TimerAction::TimedOut { silent_ms } => {
                let client = c.name.clone();
                self.note(LogLine::TimedOut { client, silent_ms });
                self.lose_connection(id);
                return;
            }
            TimerAction::Ping => {
                let conn = c.conn;
                self.send(id, true, conn, Payload::Ping);
            }
            TimerAction::Connect => {
                self.reconnect(id);
                return;
            }
            TimerAction::Nothing => {}
        }
        self.reschedule_client(id);
    }
}
