//! The standalone world's side of its clients (the client host, `client_host.rs`, does the
//! rest): opening one, waking it after a pause, which arriving messages it reads, and the
//! standalone `Sim` as a [`ClientWorld`] — one server, a connection numbered per attempt, the
//! Java client's random wait, and what it records: the moments ① to ⑤ of a session's start.

use crate::sim::client::{Client, ClientEvent};
use crate::sim::client_host::{self, Record};
use crate::sim::clients::ClientId;
use crate::sim::log::Fate;
use crate::sim::message::{Message, Payload};
use crate::sim::moments::Moment;
use crate::sim::{Event, Sim, SimError};
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
        let mut c = Client::new(name, timeout_ms);
        c.partitioned = partitioned;
        c.reconnect_at_ms = Some(self.now_ms);
        let id = self.clients.insert(c);
        client_host::open(self, id);
        Ok(None)
    }

    /// The client's process stops for `ms` (a GC pause); it resumes by an `Event::Resume`.
    pub(super) fn pause_client(&mut self, id: ClientId, ms: u64) -> Result<Option<u64>, SimError> {
        client_host::pause(self, id, ms);
        self.schedule_at(self.now_ms.saturating_add(ms), Event::Resume(id));
        Ok(None)
    }

    pub(super) fn reschedule_client(&mut self, id: ClientId) {
        let at = self.clients.get(id).and_then(Client::next_wakeup_ms);
        self.schedule
            .reset_client(id, at.map(|at| at.max(self.now_ms)));
    }

    /// A message reached its client: read if it is on the client's current connection and
    /// the client runs.
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
        client_host::receive(self, id, m.payload);
    }
}

impl Sim {
    pub(crate) fn standalone_send_to_server(&mut self, id: ClientId, payload: Payload) {
        let conn = self.clients.get(id).map_or(0, |c| c.conn);
        self.send(id, true, conn, payload);
    }

    pub(crate) fn standalone_open_connection(&mut self, _id: ClientId) -> Option<(u64, usize)> {
        self.next_conn += 1;
        Some((self.next_conn, 1))
    }

    pub(crate) fn standalone_reconnect_wait_ms(&mut self, _id: ClientId) -> u64 {
        self.client_rng
            .range_inclusive(0, self.config.reconnect_delay_ms_max)
    }

    pub(crate) fn standalone_connection_dropped(&mut self, _id: ClientId) {
        // The server notices only when it next hears nothing (its session's expiry) or the
        // client's next connection for the session.
    }

    pub(crate) fn standalone_record(&mut self, id: ClientId, what: Record<'_>) {
        match what {
            Record::Initiating => self.observe(id, Moment::Initiating, true),
            Record::Connecting => {
                // The simulated socket connects at once: ② and ③ happen together, and the
                // server sets the session up when the ConnectRequest arrives.
                self.observe(id, Moment::OpeningSocket, false);
                self.observe(id, Moment::ConnectRequestSent, false);
            }
            // The log line of the ConnectResponse, just written, is ④.
            Record::Connected => self.observe(id, Moment::SessionEstablished, true),
            // The line just written is ⑤ (before any recipe role reacts and writes more).
            Record::Event(ClientEvent::State(KeeperState::SyncConnected)) => {
                self.observe(id, Moment::SyncConnected, true)
            }
            Record::Reply {
                before,
                zxid,
                answered,
            } => {
                let name = self.clients.name(id);
                self.properties.client_zxid(name, before, zxid, self.now_ms);
                if let Some(a) = answered {
                    let (xid, now) = (a.xid, self.now_ms);
                    self.properties
                        .client_replied(id.0, name, xid, a.request, a.result, zxid, false, now);
                }
            }
            Record::Event(ClientEvent::Watch { kind, path }) => {
                let name = self.clients.name(id);
                self.properties
                    .client_event(id.0, name, *kind, path, self.now_ms);
            }
            Record::Crashed | Record::SessionOver => self.properties.client_over(id.0),
            Record::Event(_) | Record::Request { .. } => {}
        }
    }

    pub(crate) fn standalone_reschedule(&mut self, id: ClientId) {
        self.reschedule_client(id);
    }

    pub(crate) fn standalone_read_buffered(&mut self, _id: ClientId) {
        // What reached a paused client was scheduled again for the end of its pause.
    }
}
