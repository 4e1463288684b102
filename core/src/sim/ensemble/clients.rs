//! The ensemble's clients, each the Java client's state machine (`sim::client::Client`) with
//! its connect string (`StaticHostProvider`): it tries its servers in order, one connection
//! at a time, waits a random moment before each new attempt (and a second more once it went
//! round to the server that last took it), reports Disconnected once when a connection it had
//! breaks, and re-attaches its session to whichever server takes it. A server that is not
//! serving, or is behind the client's last zxid, closes the attempt and the client moves on.

use crate::ensemble::PeerId;
use crate::error::ZkError;
use crate::request::Request;
use crate::sim::client::{Client, ClientEvent, ConnState, TimerAction};
use crate::sim::ensemble::links::{Carried, ClientPacket, LinkKey};
use crate::sim::ensemble::{
    EnsembleClient, EnsembleEvent, EnsembleSim, RECONNECT_DELAY_MS_MAX, SPIN_DELAY_MS,
};
use crate::sim::message::Payload;
use crate::sim::{recipe_host, ClientId};

/// The shortest a connection attempt waits for its answer.
const CONNECT_WAIT_MS_MIN: u64 = 1000;
use crate::watch::KeeperState;

impl EnsembleSim {
    /// Opens a client on `server`, or on a seeded shuffle of every server; returns its index.
    pub fn open_client(&mut self, name: &str, timeout_ms: u32, server: Option<PeerId>) -> usize {
        let hosts = match server {
            Some(k) => vec![k],
            None => self.shuffled_hosts(),
        };
        let mut client = Client::new(name, timeout_ms);
        client.reconnect_at_ms = None;
        self.client_timers.touch(self.clients.len());
        self.clients.push(EnsembleClient {
            client,
            hosts,
            next_host: 0,
            last_host: None,
            server: None,
            answered: 0,
        });
        let c = self.clients.len() - 1;
        self.reconnect(c);
        c
    }

    /// Sends a request as client `c`; returns its xid.
    pub fn client_request(&mut self, c: usize, request: Request) -> Option<u64> {
        let (xid, now) = self.client_at_mut(c)?.client.submit(request);
        if let Some(payload) = now {
            self.send_to_server(c, payload);
        }
        Some(xid)
    }

    /// Closes client `c`'s session: by a closeSession request when connected, else locally.
    pub fn close_client(&mut self, c: usize) -> Option<u64> {
        let client = &mut self.client_at_mut(c)?.client;
        let xid = client.next_xid();
        if client.state == ConnState::Connected && !client.crashed {
            client.closing_xid = Some(xid);
            self.send_to_server(c, Payload::Close { xid });
        } else {
            client.on_closed(xid);
            self.emit(c, ClientEvent::State(KeeperState::Closed));
        }
        Some(xid)
    }

    /// The client's process dies: its connection goes silent and everything pending fails.
    pub fn crash_client(&mut self, c: usize) {
        // Its roles hear of it first (the page's last words of a dying process).
        recipe_host::recipe_call_all(self, ClientId(c as u32), |r, fx| r.on_crash(fx));
        self.paused_inbox.remove(&c);
        if let Some(ec) = self.client_at_mut(c) {
            ec.client.crashed = true;
            ec.client.fail_pending(ZkError::ConnectionLoss, true);
            if let Some(p) = ec.server.take() {
                self.links.drop_client_link(c, p);
            }
        }
    }

    pub fn partition_client(&mut self, c: usize) {
        self.links.partition_client(c);
        if let Some(ec) = self.client_at_mut(c) {
            ec.client.partitioned = true;
        }
    }

    pub fn heal_client(&mut self, c: usize) {
        self.links.heal_client(c);
        if let Some(ec) = self.client_at_mut(c) {
            ec.client.partitioned = false;
        }
    }

    /// Sends on the client's current connection.
    pub(super) fn send_to_server(&mut self, c: usize, payload: Payload) {
        let now = self.now_ms;
        let base = self.sim_config.client_latency_ms;
        let Some(ec) = self.client_at_mut(c) else {
            return;
        };
        let Some(peer) = ec.server else {
            return;
        };
        // Its ping timer counts from here, delivered or not.
        ec.client.last_sent_ms = now;
        let base = base.saturating_add(ec.client.extra_delay_ms);
        let packet = ClientPacket {
            conn: ec.client.conn,
            payload,
            last_zxid_seen: ec.client.last_zxid_seen,
        };
        self.links
            .send(now, base, LinkKey::ToPeer(c, peer), Carried::Client(packet));
    }

    /// Once connected and running, what client `c` queued goes out, in order.
    pub(super) fn flush_queued(&mut self, c: usize) {
        let queued = self
            .client_at_mut(c)
            .map(|ec| ec.client.take_queued())
            .unwrap_or_default();
        for p in queued {
            self.send_to_server(c, p);
        }
    }

    /// A new connection attempt to the next server of the connect string.
    fn reconnect(&mut self, c: usize) {
        self.next_conn = self.next_conn.saturating_add(1);
        let conn = self.next_conn;
        let now = self.now_ms;
        let Some(ec) = self.client_at_mut(c) else {
            return;
        };
        if ec.hosts.is_empty() {
            return;
        }
        let index = ec.next_host % ec.hosts.len();
        ec.next_host = (index + 1) % ec.hosts.len();
        ec.server = Some(ec.hosts[index]);
        let payload = ec.client.connect(conn, now);
        // `ClientCnxn`'s connectTimeout: the session timeout shared among the servers.
        let hosts = ec.hosts.len() as u64;
        let share = u64::from(ec.client.timeout_ms) / hosts.max(1);
        ec.client.connect_deadline_ms = now.saturating_add(share.max(CONNECT_WAIT_MS_MIN));
        self.send_to_server(c, payload);
    }

    /// The connection (or attempt) is gone: what was pending fails with CONNECTIONLOSS,
    /// Disconnected is reported once, and the next attempt waits a random moment (a second
    /// more when the next server is the one that last took it).
    fn lose_connection(&mut self, c: usize) {
        let mut delay = self
            .client_rng
            .range_inclusive(0, RECONNECT_DELAY_MS_MAX - 1);
        let now = self.now_ms;
        let Some(ec) = self.client_at_mut(c) else {
            return;
        };
        if ec.last_host == Some(ec.next_host) {
            delay = delay.saturating_add(SPIN_DELAY_MS);
        }
        ec.answered = ec.answered.saturating_add(1);
        let old = ec.server.take().map(|p| (p, ec.client.conn));
        let was_connected = ec.client.on_connection_lost(now.saturating_add(delay));
        if was_connected {
            self.emit(c, ClientEvent::State(KeeperState::Disconnected));
        }
        recipe_host::route_recipe_completions(self, ClientId(c as u32));
        if let Some((peer, conn)) = old {
            // The client closed its socket: the server drops the connection when it can
            // still hear of it.
            self.links.drop_client_link(c, peer);
            if let Some(i) = self.index(peer) {
                let reachable = !self.links.client_cut(c, peer) && self.peers[i].is_up();
                let same = self.serving[i]
                    .conns
                    .get(&c)
                    .is_some_and(|x| x.conn == conn);
                if reachable && same {
                    self.drop_conn(i, c);
                }
            }
        }
    }

    /// Client `c`'s timer: a read timeout, a ping, or the next connection attempt.
    pub(crate) fn client_timer(&mut self, c: usize) {
        let Some(ec) = self.clients.get(c) else {
            return;
        };
        match ec.client.timer_action(self.now_ms) {
            TimerAction::TimedOut { .. } => self.lose_connection(c),
            TimerAction::Ping => self.send_to_server(c, Payload::Ping),
            TimerAction::Connect if ec.client.reconnect_at_ms.is_none() => {
                // The attempt was not answered in time.
                self.lose_connection(c)
            }
            TimerAction::Connect => self.reconnect(c),
            TimerAction::Nothing => {
                // Woken early: make sure it is not woken again at once.
                let now = self.now_ms;
                if let Some(ec) = self.client_at_mut(c) {
                    if ec.client.next_wakeup_ms().is_some_and(|t| t <= now) {
                        ec.client.last_sent_ms = now;
                    }
                }
            }
        }
    }

    /// A packet from peer `peer` reached client `c`.
    pub(crate) fn client_receive(&mut self, c: usize, peer: PeerId, packet: ClientPacket) {
        let now = self.now_ms;
        let Some(ec) = self.client_at_mut(c) else {
            return;
        };
        if ec.server != Some(peer) || packet.conn != ec.client.conn || !ec.client.is_active() {
            return;
        }
        if ec.client.is_paused() {
            // The socket buffers it; the client reads it when it resumes.
            self.paused_inbox.entry(c).or_default().push((peer, packet));
            return;
        }
        ec.client.last_heard_ms = now;
        match packet.payload {
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => {
                let set_watches = ec.client.on_connected(session, timeout_ms);
                ec.answered = ec.answered.saturating_add(1);
                ec.last_host = ec
                    .next_host
                    .checked_sub(1)
                    .or_else(|| ec.hosts.len().checked_sub(1));
                for w in set_watches {
                    self.send_to_server(c, Payload::SetWatches(w));
                }
                self.flush_queued(c);
                self.emit(c, ClientEvent::State(KeeperState::SyncConnected));
            }
            Payload::ConnectExpired => {
                ec.client.end_session(ConnState::Expired);
                ec.answered = ec.answered.saturating_add(1);
                ec.server = None;
                self.emit(c, ClientEvent::State(KeeperState::Expired));
            }
            Payload::Reply { xid, zxid, result } => {
                let seen = ec.client.last_zxid_seen;
                let name = ec.client.name.clone();
                ec.client.on_reply(xid, zxid, result);
                self.checks.client_zxid(&name, seen, zxid, now);
            }
            Payload::SetWatchesDone { zxid } => {
                ec.client.last_zxid_seen = ec.client.last_zxid_seen.max(zxid);
            }
            Payload::Notify { kind, path } => {
                ec.client.watches.on_event(kind, &path);
                self.emit(c, ClientEvent::Watch { kind, path });
            }
            Payload::Closed { xid } => {
                ec.client.on_closed(xid);
                ec.server = None;
                self.emit(c, ClientEvent::State(KeeperState::Closed));
            }
            Payload::Hangup => self.lose_connection(c),
            _ => {}
        }
        recipe_host::route_recipe_completions(self, ClientId(c as u32));
    }

    /// Delivers the first message of a link.
    pub(crate) fn deliver(&mut self, key: LinkKey) {
        let Some(what) = self.links.pop(key) else {
            return;
        };
        // Nothing listens on a dead peer's port: nothing arrives (the log says it was dropped).
        let down = match key {
            LinkKey::Peer(_, to) | LinkKey::ToPeer(_, to) => Some(to),
            LinkKey::ToClient(..) => None,
        }
        .filter(|to| !self.peer(*to).is_some_and(|p| p.is_up()));
        let logged = match (&key, &what) {
            (LinkKey::Peer(from, to), Carried::Peer(env)) => Some(EnsembleEvent::Peer {
                from: *from,
                to: *to,
                message: env.message.clone(),
            }),
            (LinkKey::ToPeer(c, p) | LinkKey::ToClient(c, p), Carried::Client(packet)) => {
                Some(EnsembleEvent::Client {
                    client: *c,
                    server: *p,
                    to_server: matches!(key, LinkKey::ToPeer(..)),
                    summary: packet.payload.summary(),
                })
            }
            _ => None,
        };
        if let Some(logged) = logged {
            let logged = match down {
                Some(server) => EnsembleEvent::Dropped {
                    server,
                    message: Box::new(logged),
                },
                None => logged,
            };
            self.log.push(self.events, self.now_ms, logged);
        }
        match (key, what) {
            (LinkKey::Peer(_, to), Carried::Peer(env)) => {
                let Some(i) = self.index(to) else {
                    return;
                };
                if self.peers[i].is_up() {
                    let out = self.peers[i].on_message(self.now_ms, env);
                    self.after_peer(i, out);
                } else if let crate::ensemble::Message::Zab(
                    crate::ensemble::Packet::LearnerInfo { .. },
                ) = env.message
                {
                    // Nothing listens on a dead peer's port: the connection is refused.
                    let refused = crate::ensemble::Envelope {
                        from: env.to,
                        to: env.from,
                        conn: env.conn,
                        message: crate::ensemble::Message::Zab(crate::ensemble::Packet::Closed),
                    };
                    self.after_peer(i, vec![refused]);
                }
            }
            (LinkKey::ToPeer(c, p), Carried::Client(packet)) => self.peer_receive(c, p, packet),
            (LinkKey::ToClient(c, p), Carried::Client(packet)) => self.client_receive(c, p, packet),
            _ => {}
        }
    }
}
