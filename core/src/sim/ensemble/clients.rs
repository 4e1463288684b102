//! The ensemble's clients, each the Java client's state machine (`sim::client::Client`) with
//! its connect string (`StaticHostProvider`): it tries its servers in order, one connection
//! at a time, waits a random moment before each new attempt (and a second more once it went
//! round to the server that last took it), reports Disconnected once when a connection it had
//! breaks, and re-attaches its session to whichever server takes it. A server that is not
//! serving, or is behind the client's last zxid, closes the attempt and the client moves on.

use crate::ensemble::PeerId;
use crate::request::Request;
use crate::sim::client::Client;
use crate::sim::client_host::{self, Record};
use crate::sim::ensemble::{EnsembleLine, RECONNECT_DELAY_MS_MAX, SPIN_DELAY_MS};
use crate::sim::links::{Carried, ClientPacket, LinkKey};
use crate::sim::message::Payload;
use crate::sim::recipe_host::Buffered;
use crate::sim::servers::ens;
use crate::sim::Sim;
use crate::sim::{ClientEvent, ClientId, Moment, SessionMoment};
use crate::watch::KeeperState;

/// The host's id of the ensemble's client `c`.
pub(crate) fn id(c: usize) -> ClientId {
    ClientId(c as u32)
}

impl Sim {
    /// Opens a client on `server`, or on a seeded shuffle of every server; returns its index.
    pub fn open_client_on(&mut self, name: &str, timeout_ms: u32, server: Option<PeerId>) -> usize {
        let hosts = match server {
            Some(k) => vec![k],
            None => self.shuffled_hosts(),
        };
        let mut client = Client::new(name, timeout_ms);
        client.reconnect_at_ms = None;
        client.connect.hosts = hosts;
        ens!(self).touched.touch(self.clients.len());
        let c = self.clients.push(client).0 as usize;
        client_host::open(self, id(c));
        c
    }

    /// Sends a request as client `c`; returns its xid.
    pub fn client_request(&mut self, c: usize, request: Request) -> Option<u64> {
        client_host::request(self, id(c), request)
    }

    /// Closes client `c`'s session: by a closeSession request when connected, else locally.
    pub fn close_client(&mut self, c: usize) -> Option<u64> {
        client_host::close(self, id(c))
    }

    /// The client's process dies: its connection goes silent and everything pending fails.
    pub fn crash_client(&mut self, c: usize) {
        client_host::crash(self, id(c));
    }

    pub fn partition_client(&mut self, c: usize) {
        self.schedule.links.partition_client(c);
        if let Some(ec) = self.client_at_mut(c) {
            ec.partitioned = true;
        }
    }

    pub fn heal_client(&mut self, c: usize) {
        self.schedule.links.heal_client(c);
        if let Some(ec) = self.client_at_mut(c) {
            ec.partitioned = false;
        }
    }

    /// A packet from peer `peer` reached client `c`: read if it is on the client's current
    /// connection and the client runs; a paused client's socket keeps it until it resumes.
    pub(crate) fn client_receive_from(&mut self, c: usize, peer: PeerId, packet: ClientPacket) {
        let Some(ec) = self.clients.at(c) else {
            return;
        };
        if ec.connect.server != Some(peer) || packet.conn != ec.conn || !ec.is_active() {
            return;
        }
        if ec.remote {
            return self.remote_receive(id(c), packet.conn, packet.payload);
        }
        if ec.is_paused() {
            ens!(self)
                .paused_inbox
                .entry(c)
                .or_default()
                .push(Buffered::Packet(peer, packet));
            return;
        }
        client_host::receive(self, id(c), packet.payload);
    }

    /// Delivers the first message of a link.
    pub(crate) fn deliver_link(&mut self, key: LinkKey) {
        let Some(what) = self.schedule.links.pop(key) else {
            return;
        };
        // Nothing listens on a dead peer's port: nothing arrives (the log says it was dropped).
        let down = match key {
            LinkKey::Peer(_, to) | LinkKey::ToPeer(_, to) => Some(to),
            LinkKey::ToClient(..) => None,
        }
        .filter(|to| !self.peer(*to).is_some_and(|p| p.is_up()));
        let logged = match (&key, &what) {
            _ if !self.log.keeps() => None,
            (LinkKey::Peer(from, to), Carried::Peer(env)) => Some(EnsembleLine::Peer {
                from: *from,
                to: *to,
                message: env.message.clone(),
            }),
            (LinkKey::ToPeer(c, p) | LinkKey::ToClient(c, p), Carried::Client(packet)) => {
                Some(EnsembleLine::Client {
                    client: self.client_label(*c),
                    server: *p,
                    to_server: matches!(key, LinkKey::ToPeer(..)),
                    summary: packet.payload.summary(),
                })
            }
            _ => None,
        };
        if let Some(logged) = logged {
            let logged = match down {
                Some(server) => EnsembleLine::Dropped {
                    server,
                    message: Box::new(logged),
                },
                None => logged,
            };
            self.note(logged.into());
        }
        match (key, what) {
            (LinkKey::Peer(_, to), Carried::Peer(env)) => {
                let Some(i) = self.index(to) else {
                    return;
                };
                if ens!(self).peers[i].is_up() {
                    let out = ens!(self).peers[i].on_message(self.now_ms, env);
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
            (LinkKey::ToClient(c, p), Carried::Client(packet)) => {
                self.client_receive_from(c, p, packet)
            }
            _ => {}
        }
    }
}

impl Sim {
    /// Records a moment of client `c`'s session start, at this event (a moment labels the
    /// client's log line of that event, or, `labels_line` false, has none of its own).
    fn observe_at(&mut self, c: usize, moment: Moment, labels_line: bool) {
        let Some(ec) = self.clients.at(c) else {
            return;
        };
        let at = (self.steps, self.now_ms);
        let m = SessionMoment::new(id(c), ec, moment, at, None, labels_line);
        self.moments.record(m, crate::sim::ensemble::LOG_MAX);
    }
}

impl Sim {
    pub(crate) fn ensemble_send_to_server(&mut self, id: ClientId, payload: Payload) {
        let c = id.0 as usize;
        let now = self.now_ms;
        let base = ens!(self).sim_config.client_latency_ms;
        let Some(ec) = self.client_at_mut(c) else {
            return;
        };
        let Some(peer) = ec.connect.server else {
            return;
        };
        // Its ping timer counts from here, delivered or not.
        ec.last_sent_ms = now;
        let base = base.saturating_add(ec.extra_delay_ms);
        let packet = ClientPacket {
            conn: ec.conn,
            payload,
            last_zxid_seen: ec.last_zxid_seen,
        };
        self.schedule
            .links
            .send(now, base, LinkKey::ToPeer(c, peer), Carried::Client(packet));
    }

    /// The next server of the connect string.
    pub(crate) fn ensemble_open_connection(&mut self, id: ClientId) -> Option<(u64, usize)> {
        self.next_conn = self.next_conn.saturating_add(1);
        let conn = self.next_conn;
        let ec = self.client_at_mut(id.0 as usize)?;
        if ec.connect.hosts.is_empty() {
            return None;
        }
        let index = ec.connect.next_host % ec.connect.hosts.len();
        ec.connect.next_host = (index + 1) % ec.connect.hosts.len();
        ec.connect.server = Some(ec.connect.hosts[index]);
        Some((conn, ec.connect.hosts.len()))
    }

    /// A random moment, and a second more when the next server is the one that last took it
    /// (`StaticHostProvider`'s spin delay once round).
    pub(crate) fn ensemble_reconnect_wait_ms(&mut self, id: ClientId) -> u64 {
        let wait = self
            .client_rng
            .range_inclusive(0, RECONNECT_DELAY_MS_MAX - 1);
        match self.clients.at(id.0 as usize) {
            Some(ec) if ec.connect.last_host == Some(ec.connect.next_host) => {
                wait.saturating_add(SPIN_DELAY_MS)
            }
            _ => wait,
        }
    }

    /// The client closed its socket: the server drops the connection when it can still hear
    /// of it.
    pub(crate) fn ensemble_connection_dropped(&mut self, id: ClientId) {
        // What the client had sent or queued fails with the connection.
        self.properties.client_connection_lost(id.0);
        let c = id.0 as usize;
        let Some(ec) = self.client_at_mut(c) else {
            return;
        };
        ec.connect.answered = ec.connect.answered.saturating_add(1);
        let Some(peer) = ec.connect.server.take() else {
            return;
        };
        let conn = ec.conn;
        self.schedule.links.drop_client_link(c, peer);
        if let Some(i) = self.index(peer) {
            let reachable = !self.schedule.links.client_cut(c, peer) && ens!(self).peers[i].is_up();
            let same = ens!(self).serving[i]
                .conns
                .get(&c)
                .is_some_and(|x| x.conn == conn);
            if reachable && same {
                self.drop_conn(i, c);
            }
        }
    }

    pub(crate) fn ensemble_record(&mut self, id: ClientId, what: Record<'_>) {
        let c = id.0 as usize;
        match what {
            Record::Initiating => self.observe_at(c, Moment::Initiating, true),
            Record::Connecting => {
                self.observe_at(c, Moment::OpeningSocket, false);
                self.observe_at(c, Moment::ConnectRequestSent, false);
            }
            Record::Event(ClientEvent::State(KeeperState::SyncConnected)) => {
                self.observe_at(c, Moment::SyncConnected, true)
            }
            Record::Connected => {
                self.observe_at(c, Moment::SessionEstablished, true);
                if let Some(ec) = self.client_at_mut(c) {
                    ec.connect.answered = ec.connect.answered.saturating_add(1);
                    ec.connect.last_host = ec
                        .connect
                        .next_host
                        .checked_sub(1)
                        .or_else(|| ec.connect.hosts.len().checked_sub(1));
                }
            }
            Record::SessionOver => {
                self.properties.client_over(id.0);
                if let Some(ec) = self.client_at_mut(c) {
                    ec.connect.answered = ec.connect.answered.saturating_add(1);
                    ec.connect.server = None;
                }
            }
            Record::Crashed => {
                self.properties.client_over(id.0);
                ens!(self).paused_inbox.remove(&c);
                if let Some(ec) = self.client_at_mut(c) {
                    if let Some(p) = ec.connect.server.take() {
                        self.schedule.links.drop_client_link(c, p);
                    }
                }
            }
            Record::Reply {
                before,
                zxid,
                answered,
            } => {
                let now = self.now_ms;
                let reads = ens!(self).sim_config.observe;
                if let Some(ec) = self.clients.at(c) {
                    let name = &ec.name;
                    self.properties.client_zxid(name, before, zxid, now);
                    if let Some(a) = answered {
                        let (xid, request, result) = (a.xid, a.request, a.result);
                        self.properties
                            .client_replied(id.0, name, xid, request, result, zxid, reads, now);
                    }
                }
            }
            Record::Request { xid, request } => {
                if ens!(self).sim_config.observe {
                    self.properties.client_issued(id.0, xid, request);
                }
            }
            Record::Event(ClientEvent::Watch { kind, path }) => {
                let now = self.now_ms;
                if let Some(ec) = self.clients.at(c) {
                    self.properties
                        .client_event(id.0, &ec.name, *kind, path, now);
                }
            }
            Record::Event(_) => {}
        }
    }

    pub(crate) fn ensemble_reschedule(&mut self, _id: ClientId) {
        // Whatever changes a client goes through `client_at_mut`, which marks its timer.
    }

    pub(crate) fn ensemble_read_buffered(&mut self, id: ClientId) {
        let c = id.0 as usize;
        for item in ens!(self).paused_inbox.remove(&c).unwrap_or_default() {
            match item {
                Buffered::Packet(peer, packet) => self.client_receive_from(c, peer, packet),
                // A timer the role set since replaces the one put off (as it would in the
                // world's queue).
                Buffered::Timer(key) if !self.schedule.has_role(&key) => {
                    crate::sim::recipe_host::recipe_timer(self, &key)
                }
                Buffered::Timer(_) => {}
            }
        }
    }
}
