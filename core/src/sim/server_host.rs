//! The server as the simulation hosts it: its connections, session expiry in tickTime
//! buckets (ZooKeeper's ExpiryQueue), what it sends (replies, notifications, hangups), and
//! stopping and starting it.

use crate::server::{Server, ServerConfig};
use crate::sim::clients::ClientId;
use crate::sim::conns::ServerConns;
use crate::sim::log::{Fate, LogLine};
use crate::sim::message::{Message, Payload};
use crate::sim::servers::sa;
use crate::sim::{Sim, SimError};
use crate::sorted::SortedMap;
use crate::stat::SessionId;

/// The standalone world's server: ZooKeeperServer's tree and sessions, whether its process
/// runs, its side of each client connection, and when each session expires.
#[derive(Clone, Debug, Hash)]
pub struct StandaloneServer {
    pub(super) server: Server,
    pub(super) up: bool,
    /// The server's side of each connection: client → (connection, session).
    pub(super) conns: ServerConns,
    /// When each session expires unless its client is heard from (ZooKeeper's ExpiryQueue).
    pub(super) session_expiry_ms: SortedMap<SessionId, u64>,
}

impl StandaloneServer {
    pub(super) fn new(config: &ServerConfig) -> StandaloneServer {
        StandaloneServer {
            server: Server::new(config.clone()),
            up: true,
            conns: ServerConns::default(),
            session_expiry_ms: SortedMap::new(),
        }
    }
}

impl Sim {
    pub(super) fn touch(&mut self, s: SessionId, timeout_ms: u32) {
        let tick = u64::from(self.config.server.tick_time_ms.max(1));
        let at = (self.now_ms.saturating_add(u64::from(timeout_ms)) / tick)
            .saturating_mul(tick)
            .saturating_add(tick);
        sa!(self).session_expiry_ms.insert(s, at);
    }

    /// Sends each notification on its session's connection. A watch lives on a connection
    /// (the server drops a session's watches when its connection goes), so every notification
    /// has one; were one without, it would have no watcher to go to, as in ZooKeeper.
    pub(super) fn flush_notifications(&mut self) {
        for n in sa!(self).server.take_notifications() {
            if let Some((client, conn)) = sa!(self).conns.of_session(n.session) {
                self.send(
                    client,
                    false,
                    conn,
                    Payload::Notify {
                        kind: n.kind,
                        path: n.path,
                    },
                );
            }
        }
    }

    pub(super) fn expire_session(&mut self, s: SessionId) {
        self.note(LogLine::Expiring { session: s });
        let _ = sa!(self).server.close_session(s);
        sa!(self).session_expiry_ms.remove(&s);
        self.flush_notifications();
        if let Some((client, c)) = sa!(self).conns.of_session(s) {
            sa!(self).conns.remove(client);
            self.send(client, false, c, Payload::Hangup);
        }
    }

    pub(super) fn server_tick(&mut self) {
        if !sa!(self).up {
            return;
        }
        let due: Vec<SessionId> = sa!(self)
            .session_expiry_ms
            .iter()
            .filter(|(_, at)| **at <= self.now_ms)
            .map(|(s, _)| *s)
            .collect();
        for s in due {
            self.expire_session(s);
        }
    }

    pub(super) fn server_receive(&mut self, m: Message) {
        self.note(self.message_line(&m, Fate::Arrived));
        let client = m.client;
        if let Payload::Connect {
            session,
            timeout_ms,
        } = &m.payload
        {
            let (payload, registered) = match session {
                None => {
                    let (s, t) = sa!(self).server.open_session(*timeout_ms);
                    (
                        Payload::ConnectOk {
                            session: s,
                            timeout_ms: t,
                        },
                        Some((s, t)),
                    )
                }
                Some(s) => match sa!(self).server.session_timeout(*s).map(|t| (*s, t)) {
                    Some((s, t)) => (
                        Payload::ConnectOk {
                            session: s,
                            timeout_ms: t,
                        },
                        Some((s, t)),
                    ),
                    None => (Payload::ConnectExpired, None),
                },
            };
            if let Some((s, t)) = registered {
                if session.is_some() {
                    // `processConnectRequest` closes the session's old connection, and its
                    // watches with it; the client's setWatches brings them to this one.
                    sa!(self).server.remove_connection(s);
                    // Held by another client (a program re-attaching the session from a new
                    // socket): that connection is closed, as ZooKeeper closes it.
                    if let Some((old, old_conn)) = sa!(self).conns.of_session(s) {
                        if old != client {
                            sa!(self).conns.remove(old);
                            self.send(old, false, old_conn, Payload::Hangup);
                        }
                    }
                }
                sa!(self).conns.insert(client, m.conn, s);
                self.touch(s, t);
                // The client learns its session: the server's history so far must last.
                self.properties.acknowledged(sa!(self).server.last_zxid());
            }
            self.send(client, false, m.conn, payload);
            return;
        }
        let Some((conn, session)) = sa!(self).conns.get(client) else {
            return;
        };
        if conn != m.conn {
            return;
        }
        if let Some(t) = sa!(self).server.session_timeout(session) {
            self.touch(session, t);
        }
        match m.payload {
            Payload::Request { xid, request } => {
                let result = sa!(self).server.handle(session, &request);
                self.flush_notifications();
                let zxid = sa!(self).server.last_zxid();
                if result.is_ok() {
                    self.properties.acknowledged(zxid);
                }
                self.send(client, false, conn, Payload::Reply { xid, zxid, result });
            }
            Payload::SetWatches(w) => {
                // A session that was closed meanwhile has no watches to set.
                let _ = sa!(self).server.set_watches(session, &w);
                self.flush_notifications();
                let zxid = sa!(self).server.last_zxid();
                self.send(client, false, conn, Payload::SetWatchesDone { zxid });
            }
            Payload::Ping => self.send(client, false, conn, Payload::Pong),
            Payload::Close { xid } => {
                let _ = sa!(self).server.close_session(session);
                sa!(self).session_expiry_ms.remove(&session);
                self.flush_notifications();
                sa!(self).conns.remove(client);
                self.send(client, false, conn, Payload::Closed { xid });
            }
            _ => {}
        }
    }

    /// The server expires a client's session now (a script's `expire`).
    pub(super) fn expire_client_session(&mut self, id: ClientId) -> Result<Option<u64>, SimError> {
        let session = self.clients.get(id).and_then(|c| c.session);
        let name = self.clients.name(id).to_string();
        if self.is_ensemble() {
            return match self.ensemble_expire_session(id.0 as usize) {
                true => Ok(None),
                false => Err(SimError::NoLiveSession { client: name }),
            };
        }
        match session {
            Some(s) if self.server_up() => {
                self.expire_session(s);
                Ok(None)
            }
            _ => Err(SimError::NoLiveSession { client: name }),
        }
    }

    pub(super) fn server_stop(&mut self) -> Result<Option<u64>, SimError> {
        if !sa!(self, Err(SimError::WhichServer)).up {
            return Err(SimError::ServerAlreadyStopped);
        }
        sa!(self, Err(SimError::WhichServer)).up = false;
        self.note(LogLine::ServerStopped);
        // Watches live in memory with the connections: a restarted server has none
        // until each client's setWatches.
        let sessions: Vec<SessionId> = sa!(self, Err(SimError::WhichServer))
            .server
            .sessions()
            .map(|(s, _)| s)
            .collect();
        for s in sessions {
            sa!(self, Err(SimError::WhichServer))
                .server
                .remove_connection(s);
        }
        // Hangups go out in client-name order, as they always have (the order draws latencies).
        let mut conns = sa!(self, Err(SimError::WhichServer)).conns.drain();
        // One connection per client: the names are distinct.
        crate::sorted::sort_by(&mut conns, |(a, _), (b, _)| {
            self.clients.name(*a).cmp(self.clients.name(*b))
        });
        for (client, c) in conns {
            self.send(client, false, c, Payload::Hangup);
        }
        Ok(None)
    }

    pub(super) fn server_start(&mut self) -> Result<Option<u64>, SimError> {
        if sa!(self, Err(SimError::WhichServer)).up {
            return Err(SimError::ServerAlreadyRunning);
        }
        sa!(self, Err(SimError::WhichServer)).up = true;
        sa!(self, Err(SimError::WhichServer))
            .server
            .restart_session_tracker(self.now_ms);
        // A restarted standalone server restores its sessions with fresh timeouts.
        let sessions: Vec<(SessionId, u32)> = sa!(self, Err(SimError::WhichServer))
            .server
            .sessions()
            .collect();
        for (s, t) in sessions {
            self.touch(s, t);
        }
        self.note(LogLine::ServerStarted);
        Ok(None)
    }
}
