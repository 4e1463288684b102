//! What a peer does for the clients connected to it (`NIOServerCnxn` and the request
//! pipeline of a `ZooKeeperServer` in quorum): a connect request is refused by a peer that is
//! not serving or is behind the client's last zxid; a new session is a `createSession`
//! transaction through the leader, answered once the peer applied it; a session re-attaches
//! once the leader says it is still valid (`REVALIDATE`; else it is told it expired). Reads are
//! answered from the
//! peer's own tree (stale until it applies what was committed), writes and `closeSession` are
//! submitted to the model and answered by this peer once applied, `sync` once the model says
//! so. A session's requests are answered in the order they came (a read waits behind the
//! session's write). Pings touch the session. Watches live on the peer's own `Server` and fire
//! when it applies a transaction. A peer that stops serving, or changes its role, closes every
//! client connection.

use crate::sorted::SortedMap as BTreeMap;
use std::collections::VecDeque;

use crate::ensemble::{ClientWrite, Envelope, PeerId};
use crate::request::{Request, Response};
use crate::server::Notification;
use crate::sim::links::{Carried, ClientPacket, LinkKey};
use crate::sim::message::Payload;
use crate::sim::servers::{ens, ens_ref};
use crate::sim::Sim;
use crate::stat::SessionId;

/// One peer's client connections.
#[derive(Clone, Debug, Default)]
pub struct Serving {
    /// By client index.
    pub conns: BTreeMap<usize, PeerConn>,
    /// The peer's role number when these connections were accepted: a new role closes them.
    role: u64,
    /// Requests this peer submitted for its clients: request number → client index.
    pending: BTreeMap<u64, usize>,
}

/// A client's connection at a peer.
#[derive(Clone, Debug)]
pub struct PeerConn {
    pub conn: u64,
    pub session: SessionId,
    pub timeout_ms: u32,
    pub stage: ConnStage,
    queue: VecDeque<Item>,
}

/// Where a client's connection to a peer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnStage {
    /// A new session, until its createSession is applied here.
    Creating,
    /// A re-attached session, until the leader says it is still valid.
    Revalidating,
    /// The session exists and the connection serves it.
    Established,
}

impl PeerConn {
    fn new(conn: u64, session: SessionId, timeout_ms: u32, stage: ConnStage) -> PeerConn {
        PeerConn {
            conn,
            session,
            timeout_ms,
            stage,
            queue: VecDeque::new(),
        }
    }

    /// Whether the session exists and the connection serves it.
    pub fn established(&self) -> bool {
        self.stage == ConnStage::Established
    }
}

/// A request of the connection waiting for its answer, in arrival order.
#[derive(Clone, Debug)]
struct Item {
    request: Option<u64>,
    kind: ItemKind,
    answer: Option<Payload>,
}

#[derive(Clone, Debug)]
enum ItemKind {
    Connect,
    Write { xid: u64 },
    Sync { xid: u64, path: String },
    Close { xid: u64 },
    Read { xid: u64, request: Request },
}

impl Sim {
    /// Sends a peer's envelopes, then handles what the peer applied and synced and whether it
    /// still serves its clients.
    /// Peer `i` asks whether session `s` is still valid (see `Peer::revalidate`).
    fn revalidate_on(
        &mut self,
        i: usize,
        s: SessionId,
    ) -> Result<(Option<bool>, Vec<Envelope>), crate::ensemble::NotServing> {
        let now = self.now_ms;
        let crate::sim::Servers::Ensemble(e) = &mut self.servers else {
            return Err(crate::ensemble::NotServing::Crashed);
        };
        let r = e.peers[i].revalidate(now, s);
        e.touched.touch_peer(i);
        r
    }

    pub(crate) fn after_peer(&mut self, i: usize, out: Vec<Envelope>) {
        ens!(self).touched.touch_peer(i);
        let base = ens!(self).sim_config.peer_latency_ms;
        for env in out {
            let key = LinkKey::Peer(env.from, env.to);
            self.schedule
                .links
                .send(self.now_ms, base, key, Carried::Peer(env));
        }
        self.process_applied(i);
        self.process_revalidated(i);
        self.close_if_not_serving(i);
    }

    pub(crate) fn send_to_client(&mut self, client: usize, peer: PeerId, conn: u64, p: Payload) {
        let slow = self.clients.at(client).map_or(0, |c| c.extra_delay_ms);
        let base = ens!(self).sim_config.client_latency_ms.saturating_add(slow);
        let packet = ClientPacket {
            conn,
            payload: p,
            last_zxid_seen: crate::stat::Zxid::ZERO,
        };
        self.schedule.links.send(
            self.now_ms,
            base,
            LinkKey::ToClient(client, peer),
            Carried::Client(packet),
        );
    }

    /// Removes a client's connection at peer `i`; the session's watches there go with it
    /// (`DataTree.removeCnxn`: a watch belongs to a connection).
    pub(crate) fn drop_conn(&mut self, i: usize, client: usize) -> Option<PeerConn> {
        let c = ens!(self).serving[i].conns.remove(&client)?;
        if c.established() {
            ens!(self).peers[i].server.remove_connection(c.session);
        }
        Some(c)
    }

    /// Closes every client connection of peer `i` (it stopped serving, changed its role, or
    /// its process died): each client hears its connection reset.
    pub(crate) fn close_client_connections(&mut self, i: usize) {
        let id = ens!(self).peers[i].id();
        ens!(self).serving[i].pending.clear();
        let clients: Vec<usize> = ens!(self).serving[i].conns.keys().copied().collect();
        for client in clients {
            if let Some(c) = self.drop_conn(i, client) {
                self.send_to_client(client, id, c.conn, Payload::Hangup);
            }
        }
    }

    fn close_if_not_serving(&mut self, i: usize) {
        if ens!(self).serving[i].conns.is_empty() {
            return;
        }
        let p = &ens!(self).peers[i];
        if !p.is_up() || !p.is_serving() || p.disk().connections != ens!(self).serving[i].role {
            self.close_client_connections(i);
        }
    }

    /// A client's packet reached peer `peer`.
    pub(crate) fn peer_receive(&mut self, client: usize, peer: PeerId, packet: ClientPacket) {
        let Some(i) = self.index(peer) else {
            return;
        };
        let ClientPacket {
            conn,
            payload,
            last_zxid_seen,
        } = packet;
        if let Payload::Connect {
            session,
            timeout_ms,
        } = payload
        {
            self.accept(i, client, conn, session, timeout_ms, last_zxid_seen);
            return;
        }
        if !ens!(self).peers[i].is_up() {
            return;
        }
        let Some(c) = ens!(self).serving[i].conns.get(&client) else {
            return;
        };
        if c.conn != conn || !c.established() {
            return;
        }
        let session = c.session;
        ens!(self).peers[i].touch(self.now_ms, session);
        ens!(self).touched.touch_peer(i);
        match payload {
            Payload::Request { xid, request } => self.take_request(i, client, xid, request),
            Payload::SetWatches(w) => {
                let _ = ens!(self).peers[i].server.set_watches(session, &w);
                let notes = ens!(self).peers[i].server.take_notifications();
                self.notify(i, notes);
                let zxid = ens!(self).peers[i].server().last_zxid();
                self.send_to_client(client, peer, conn, Payload::SetWatchesDone { zxid });
            }
            Payload::Ping => self.send_to_client(client, peer, conn, Payload::Pong),
            Payload::Close { xid } => {
                let write = ClientWrite::CloseSession { session };
                self.submit_for(i, client, ItemKind::Close { xid }, write);
            }
            _ => {}
        }
    }

    /// `processConnectRequest`.
    fn accept(
        &mut self,
        i: usize,
        client: usize,
        conn: u64,
        session: Option<SessionId>,
        timeout_ms: u32,
        last_zxid_seen: crate::stat::Zxid,
    ) {
        let e = ens!(self);
        let id = e.peers[i].id();
        let p = &e.peers[i];
        // Not serving: the connection is closed right after it is accepted (or refused by
        // the operating system when the process is down). Behind the client: "Refusing
        // session request for client as it has seen zxid … our last zxid is …".
        if !p.is_up() || !p.is_serving() || last_zxid_seen > p.server().last_zxid() {
            self.send_to_client(client, id, conn, Payload::Hangup);
            return;
        }
        if e.serving[i].conns.is_empty() {
            e.serving[i].role = p.disk().connections;
        }
        self.drop_conn(i, client);
        let p = &ens!(self).peers[i];
        match session {
            None => {
                let timeout_ms = p.server().config().negotiate_timeout(timeout_ms);
                let next = ens!(self).next_session.entry(id).or_insert(1);
                let session = SessionId(*next);
                *next = next.saturating_add(1);
                ens!(self).serving[i].conns.insert(
                    client,
                    PeerConn::new(conn, session, timeout_ms, ConnStage::Creating),
                );
                let write = ClientWrite::CreateSession {
                    session,
                    timeout_ms,
                };
                self.submit_for(i, client, ItemKind::Connect, write);
            }
            // `reopenSession`: only the leader knows whether a session is still valid; a
            // learner asks it (`REVALIDATE`) and answers the client when it hears back.
            Some(s) => match self.revalidate_on(i, s) {
                Ok((Some(true), _)) => self.attach(i, client, conn, s, timeout_ms),
                Ok((None, out)) => {
                    let t = ens!(self).peers[i]
                        .server()
                        .session_timeout(s)
                        .unwrap_or(timeout_ms);
                    ens!(self).serving[i]
                        .conns
                        .insert(client, PeerConn::new(conn, s, t, ConnStage::Revalidating));
                    self.after_peer(i, out);
                }
                Ok((Some(false), _)) => {
                    self.send_to_client(client, id, conn, Payload::ConnectExpired)
                }
                // No leader to ask (cannot happen here: a peer that does not serve hung up
                // above): the connection closes, and the session is not said to be expired.
                Err(_) => self.send_to_client(client, id, conn, Payload::Hangup),
            },
        }
    }

    /// Re-attaches session `s` of `client` here (`finishSessionInit` of a valid session).
    fn attach(&mut self, i: usize, client: usize, conn: u64, s: SessionId, asked_ms: u32) {
        let id = ens!(self).peers[i].id();
        let t = ens!(self).peers[i]
            .server()
            .session_timeout(s)
            .unwrap_or_else(|| {
                ens!(self).peers[i]
                    .server()
                    .config()
                    .negotiate_timeout(asked_ms)
            });
        // The session's watches on this peer belonged to its old connection; the client's
        // setWatches brings back the ones it holds.
        ens!(self).peers[i].server.remove_connection(s);
        ens!(self).peers[i].touch(self.now_ms, s);
        ens!(self).touched.touch_peer(i);
        // Another client's connection to this peer for the session (a program re-attaching
        // it from a new socket) is closed, as ZooKeeper closes it.
        let others: Vec<(usize, u64)> = ens!(self).serving[i]
            .conns
            .iter()
            .filter(|(c, pc)| **c != client && pc.established() && pc.session == s)
            .map(|(c, pc)| (*c, pc.conn))
            .collect();
        for (other, other_conn) in others {
            ens!(self).serving[i].conns.remove(&other);
            self.send_to_client(other, id, other_conn, Payload::Hangup);
        }
        ens!(self).serving[i]
            .conns
            .insert(client, PeerConn::new(conn, s, t, ConnStage::Established));
        let ok = Payload::ConnectOk {
            session: s,
            timeout_ms: t,
        };
        self.send_to_client(client, id, conn, ok);
    }

    /// The leader's answers to this learner's revalidations: each waiting client is attached,
    /// or told its session expired.
    fn process_revalidated(&mut self, i: usize) {
        let id = ens!(self).peers[i].id();
        for (s, valid) in ens!(self).peers[i].take_revalidated() {
            let waiting: Vec<(usize, u64, u32)> = ens!(self).serving[i]
                .conns
                .iter()
                .filter(|(_, c)| c.stage == ConnStage::Revalidating && c.session == s)
                .map(|(&client, c)| (client, c.conn, c.timeout_ms))
                .collect();
            for (client, conn, t) in waiting {
                if valid {
                    self.attach(i, client, conn, s, t);
                } else {
                    ens!(self).serving[i].conns.remove(&client);
                    self.send_to_client(client, id, conn, Payload::ConnectExpired);
                }
            }
        }
    }

    fn take_request(&mut self, i: usize, client: usize, xid: u64, request: Request) {
        match request {
            Request::Write(_) | Request::Multi(_) | Request::SetAcl { .. } => {
                let Some(session) = ens!(self).serving[i].conns.get(&client).map(|c| c.session)
                else {
                    return;
                };
                let write = ClientWrite::Request { session, request };
                self.submit_for(i, client, ItemKind::Write { xid }, write);
            }
            Request::Sync { path } => {
                let Some(session) = ens!(self).serving[i].conns.get(&client).map(|c| c.session)
                else {
                    return;
                };
                let write = ClientWrite::Sync { session };
                self.submit_for(i, client, ItemKind::Sync { xid, path }, write);
            }
            request => {
                if let Some(c) = ens!(self).serving[i].conns.get_mut(&client) {
                    c.queue.push_back(Item {
                        request: None,
                        kind: ItemKind::Read { xid, request },
                        answer: None,
                    });
                }
                self.flush(i, client);
            }
        }
    }

    /// Queues an item and submits its write to the model; a peer that cannot take it closes
    /// the connection.
    fn submit_for(&mut self, i: usize, client: usize, kind: ItemKind, write: ClientWrite) {
        ens!(self).requests = ens!(self).requests.saturating_add(1);
        let request = ens!(self).requests;
        let Some(c) = ens!(self).serving[i].conns.get_mut(&client) else {
            return;
        };
        c.queue.push_back(Item {
            request: Some(request),
            kind,
            answer: None,
        });
        ens!(self).serving[i].pending.insert(request, client);
        match ens!(self).peers[i].submit(self.now_ms, request, write) {
            Ok(out) => self.after_peer(i, out),
            Err(_) => {
                let id = ens!(self).peers[i].id();
                if let Some(c) = self.drop_conn(i, client) {
                    self.send_to_client(client, id, c.conn, Payload::Hangup);
                }
            }
        }
    }

    /// Sends each watch notification on its session's connection at this peer.
    fn notify(&mut self, i: usize, notes: Vec<Notification>) {
        let id = ens!(self).peers[i].id();
        for n in notes {
            let target = ens!(self).serving[i]
                .conns
                .iter()
                .find(|(_, c)| c.established() && c.session == n.session)
                .map(|(client, c)| (*client, c.conn));
            if let Some((client, conn)) = target {
                let p = Payload::Notify {
                    kind: n.kind,
                    path: n.path,
                };
                self.send_to_client(client, id, conn, p);
            }
        }
    }

    /// What peer `i` applied and synced since it was last asked: notifications go out, the
    /// requests it submitted get their answers (its direct ones are noted: see `direct`),
    /// sessions closed elsewhere lose their connection here.
    fn process_applied(&mut self, i: usize) {
        let id = ens!(self).peers[i].id();
        let applied = ens!(self).peers[i].take_applied();
        let synced = ens!(self).peers[i].take_synced();
        if applied.is_empty() && synced.is_empty() {
            return;
        }
        let mut touched: Vec<usize> = Vec::new();
        // Only a closed session can leave a connection here without its session.
        let closed = applied.iter().any(|a| a.summary == "closeSession");
        let observe = ens_ref!(self).sim_config.observe;
        for a in applied {
            ens!(self).direct.applied(id, &a);
            self.notify(i, a.notifications);
            if a.origin.peer != id {
                continue;
            }
            let Some(client) = ens!(self).serving[i].pending.remove(&a.origin.request) else {
                continue;
            };
            let Some(c) = ens!(self).serving[i].conns.get_mut(&client) else {
                continue;
            };
            let Some(item) = c
                .queue
                .iter_mut()
                .find(|it| it.request == Some(a.origin.request))
            else {
                continue;
            };
            let answer = match &item.kind {
                ItemKind::Connect => {
                    c.stage = ConnStage::Established;
                    Payload::ConnectOk {
                        session: c.session,
                        timeout_ms: c.timeout_ms,
                    }
                }
                ItemKind::Write { xid } => Payload::Reply {
                    xid: *xid,
                    zxid: a.zxid,
                    result: a.result,
                },
                ItemKind::Close { xid } => Payload::Closed { xid: *xid },
                ItemKind::Sync { xid, .. } | ItemKind::Read { xid, .. } => Payload::Reply {
                    xid: *xid,
                    zxid: a.zxid,
                    result: a.result,
                },
            };
            let acked = matches!(answer, Payload::ConnectOk { .. }) || is_ok_reply(&answer);
            if acked && observe {
                self.properties.acknowledged(a.zxid);
            }
            item.answer = Some(answer);
            touched.push(client);
        }
        let zxid = ens!(self).peers[i].server().last_zxid();
        for origin in synced {
            let Some(client) = ens!(self).serving[i].pending.remove(&origin.request) else {
                ens!(self).direct.synced(id, origin);
                continue;
            };
            let Some(c) = ens!(self).serving[i].conns.get_mut(&client) else {
                continue;
            };
            if let Some(item) = c
                .queue
                .iter_mut()
                .find(|it| it.request == Some(origin.request))
            {
                if let ItemKind::Sync { xid, path } = &item.kind {
                    item.answer = Some(Payload::Reply {
                        xid: *xid,
                        zxid,
                        result: Ok(Response::Sync { path: path.clone() }),
                    });
                }
            }
            touched.push(client);
        }
        crate::sorted::sort(&mut touched);
        touched.dedup();
        for client in touched {
            self.flush(i, client);
        }
        // A session closed by another peer's client or expired by the leader: its connection
        // here is closed.
        if !closed {
            return;
        }
        let e = ens_ref!(self);
        let gone: Vec<(usize, u64)> = e.serving[i]
            .conns
            .iter()
            .filter(|(_, c)| {
                c.established() && e.peers[i].server().session_timeout(c.session).is_none()
            })
            .map(|(client, c)| (*client, c.conn))
            .collect();
        for (client, conn) in gone {
            self.drop_conn(i, client);
            self.send_to_client(client, id, conn, Payload::Hangup);
        }
    }

    /// Answers a connection's requests from the front while each is answered or a read.
    fn flush(&mut self, i: usize, client: usize) {
        let id = ens!(self).peers[i].id();
        loop {
            let Some(c) = ens!(self).serving[i].conns.get_mut(&client) else {
                return;
            };
            let conn = c.conn;
            let session = c.session;
            let ready = c
                .queue
                .front()
                .is_some_and(|it| it.answer.is_some() || matches!(it.kind, ItemKind::Read { .. }));
            if !ready {
                return;
            }
            let Some(item) = c.queue.pop_front() else {
                return;
            };
            let answer = match (item.answer, item.kind) {
                (Some(a), _) => a,
                (None, ItemKind::Read { xid, request }) => {
                    let result = ens!(self).peers[i].server.handle(session, &request);
                    let notes = ens!(self).peers[i].server.take_notifications();
                    self.notify(i, notes);
                    let zxid = ens!(self).peers[i].server().last_zxid();
                    Payload::Reply { xid, zxid, result }
                }
                (None, _) => continue,
            };
            let closed = matches!(answer, Payload::Closed { .. });
            self.send_to_client(client, id, conn, answer);
            if closed {
                self.drop_conn(i, client);
                return;
            }
        }
    }
}

fn is_ok_reply(p: &Payload) -> bool {
    matches!(p, Payload::Reply { result: Ok(_), .. })
}
