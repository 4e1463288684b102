//! Clients outside the world: real programs on real sockets (`zkplay serve`). Each of their
//! connections is a client of the world, attached to the server it connected to, whose side
//! of the link the host plays: what the program sends goes on the simulated link like any
//! client's message (`remote_send`), and what reaches its end waits in a mailbox
//! (`take_remote_out`) instead of being read by the Java client's state machine — the program
//! runs its own. The world mirrors what it can see of the connection (its session, state and
//! last zxid) so faults, checks and views name it like any client, and runs no timer for it.

use crate::ensemble::PeerId;
use crate::sim::client::{Client, ConnState};
use crate::sim::client_host::{ClientWorld, Record};
use crate::sim::clients::ClientId;
use crate::sim::message::Payload;
use crate::sim::servers::{ens, sa, sa_ref};
use crate::sim::{Servers, Sim};
use crate::stat::{SessionId, Zxid};

/// What a control line does to a program's session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionFault {
    /// The server expires the session now.
    Expire,
    /// The program's link is cut (its messages held until the heal, as TCP retransmits).
    Partition,
    Heal,
    /// Every later message on its link takes this much longer.
    Delay(u64),
}

impl Sim {
    /// A program opened a connection to `server` (a standalone world has one server and
    /// ignores it): a new client called `name`, whose messages the caller sends with
    /// [`Sim::remote_send`] and receives with [`Sim::take_remote_out`].
    pub fn remote_open(&mut self, name: &str, server: PeerId) -> ClientId {
        let mut c = Client::new(name, 0);
        c.remote = true;
        c.reconnect_at_ms = None;
        if let Servers::Ensemble(e) = &mut self.servers {
            c.connect.hosts = vec![server];
            e.touched.touch(self.clients.len());
        }
        let id = self.clients.push(c);
        if let Some((conn, _)) = self.open_connection(id) {
            if let Some(c) = self.clients.get_mut(id) {
                c.conn = conn;
            }
        }
        id
    }

    /// The program sent `payload` on its connection; `last_zxid_seen` is what its connect
    /// request says it saw (a server behind it refuses the connection, as ZooKeeper does).
    pub fn remote_send(&mut self, id: ClientId, payload: Payload, last_zxid_seen: Zxid) {
        let Some(c) = self.clients.get_mut(id) else {
            return;
        };
        if !c.remote || !c.is_active() {
            return;
        }
        if let Payload::Connect { timeout_ms, .. } = &payload {
            c.requested_timeout_ms = *timeout_ms;
            c.last_zxid_seen = last_zxid_seen;
            let conn = c.conn;
            // An ensemble's server checks the packet's zxid itself; the standalone server
            // closes the connection here ("client has seen zxid … our last zxid is …").
            if let Servers::Standalone(s) = &self.servers {
                if last_zxid_seen > s.server.last_zxid() {
                    self.remote_out.push((id, Payload::Hangup));
                    if let Some(c) = self.clients.get_mut(id) {
                        c.state = ConnState::Closed;
                        c.conn = conn;
                    }
                    return;
                }
            }
        }
        if let Payload::Close { xid } = &payload {
            c.closing_xid = Some(*xid);
        }
        self.send_to_server(id, payload);
        self.check_properties();
    }

    /// The program's socket closed: its server drops the connection and the watches on it
    /// (`removeCnxn`); the session lives on until it expires or another connection takes it.
    pub fn remote_hangup(&mut self, id: ClientId) {
        if !self.clients.get(id).is_some_and(|c| c.remote) {
            return;
        }
        match &self.servers {
            Servers::Standalone(_) => {
                self.held.remove(&id);
                if let Some((_, session)) = sa!(self).conns.remove(id) {
                    sa!(self).server.remove_connection(session);
                }
            }
            Servers::Ensemble(_) => self.ensemble_connection_dropped(id),
        }
        if let Some(c) = self.clients.get_mut(id) {
            if c.is_active() {
                c.state = ConnState::Closed;
            }
        }
        if let Servers::Ensemble(_) = &self.servers {
            ens!(self).touched.touch(id.0 as usize);
        }
        self.check_properties();
    }

    /// What reached the programs' ends of their links since last asked, in the order it
    /// arrived.
    pub fn take_remote_out(&mut self) -> Vec<(ClientId, Payload)> {
        std::mem::take(&mut self.remote_out)
    }

    /// The connection a program now holds for `session` (its latest one still open).
    pub fn remote_of_session(&self, session: SessionId) -> Option<ClientId> {
        let all = self.clients.all();
        all.iter()
            .rposition(|c| c.remote && c.session == Some(session) && c.is_active())
            .map(|i| ClientId(i as u32))
    }

    /// A message reached a program's end of its link (the world checked the link is not cut
    /// and the client is one of the programs'): mirrored, then kept for the host.
    pub(crate) fn remote_receive(&mut self, id: ClientId, conn: u64, payload: Payload) {
        let now = self.now_ms;
        let Some(c) = self.clients.get_mut(id) else {
            return;
        };
        if c.conn != conn || !c.is_active() {
            // The program closed that socket: nothing more arrives on it.
            return;
        }
        c.last_heard_ms = now;
        let mut reply = None;
        match &payload {
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => {
                c.session = Some(*session);
                c.timeout_ms = *timeout_ms;
                c.state = ConnState::Connected;
                c.was_connected = true;
            }
            Payload::ConnectExpired => c.state = ConnState::Expired,
            Payload::Closed { .. } | Payload::Hangup => c.state = ConnState::Closed,
            Payload::Reply { zxid, .. } | Payload::SetWatchesDone { zxid } => {
                reply = Some((c.last_zxid_seen, *zxid));
                c.last_zxid_seen = c.last_zxid_seen.max(*zxid);
            }
            _ => {}
        }
        if let Some((before, zxid)) = reply {
            self.record(
                id,
                Record::Reply {
                    before,
                    zxid,
                    answered: None,
                },
            );
        }
        self.remote_out.push((id, payload));
    }

    /// Handles every event due by `t` and sets the clock there, as `run_until` does, but
    /// without logging the clock's move as an input: a world following the wall clock wakes
    /// thousands of times a second, and what it replays is its programs' messages.
    pub fn catch_up(&mut self, t: u64) {
        if self.is_ensemble() {
            return self.run_until_seeded(t);
        }
        while self.next_event_ms().is_some_and(|at| at <= t) {
            self.step();
        }
        self.now_ms = self.now_ms.max(t);
    }

    /// The last zxid server `server` applied (a standalone world's one server whatever the id;
    /// zero for a server it does not have).
    pub fn last_zxid_of(&self, server: PeerId) -> Zxid {
        match &self.servers {
            Servers::Standalone(s) => s.server.last_zxid(),
            Servers::Ensemble(_) => self
                .peer(server)
                .map_or(Zxid::ZERO, |p| p.server().last_zxid()),
        }
    }

    /// A fault aimed at a program's session from outside (`zkplay serve`'s control lines);
    /// false when nothing has that session.
    pub fn session_fault(&mut self, session: SessionId, fault: SessionFault) -> bool {
        let id = self.remote_of_session(session);
        match (fault, id) {
            (SessionFault::Expire, _) if !self.is_ensemble() => {
                let live =
                    sa_ref!(self).up && sa_ref!(self).server.session_timeout(session).is_some();
                if live {
                    self.expire_session(session);
                }
                live
            }
            (SessionFault::Expire, Some(id)) => self.ensemble_expire_session(id.0 as usize),
            (SessionFault::Partition | SessionFault::Heal, Some(id)) => {
                let on = fault == SessionFault::Partition;
                match self.is_ensemble() {
                    true if on => self.partition_client(id.0 as usize),
                    true => self.heal_client(id.0 as usize),
                    false => self.set_partitioned(id, on),
                }
                true
            }
            (SessionFault::Delay(ms), Some(id)) => {
                self.set_delay(id, ms);
                true
            }
            (_, None) => false,
        }
    }

    /// Whether client `id` is a program outside the world.
    pub fn is_remote(&self, id: ClientId) -> bool {
        self.clients.get(id).is_some_and(|c| c.remote)
    }
}
