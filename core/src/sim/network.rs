//! The standalone world's use of the network (`sim::links`, the model every world shares):
//! latency drawn per message from the seeded range, plus a client's extra delay; partitions
//! that hold a client's messages as they arrive and send them on, each with a new latency,
//! when it heals (TCP retransmitting); and where an arriving message goes (dropped, refused,
//! buffered by a paused client, or handled).

use crate::ensemble::PeerId;
use crate::sim::clients::ClientId;
use crate::sim::links::{Carried, ClientPacket, LinkKey, Queued};
use crate::sim::log::{Fate, LogLine};
use crate::sim::message::{Message, Payload};
use crate::sim::servers::sa;
use crate::sim::{Event, Sim};

/// The standalone server's end of every link.
const SERVER: PeerId = 0;

/// The link a message between `client` and the server takes.
fn link(client: ClientId, to_server: bool) -> LinkKey {
    let c = client.0 as usize;
    if to_server {
        LinkKey::ToPeer(c, SERVER)
    } else {
        LinkKey::ToClient(c, SERVER)
    }
}

/// The client at the other end of a link, and whether the link goes to the server.
pub(super) fn ends(key: LinkKey) -> (ClientId, bool) {
    match key {
        LinkKey::ToPeer(c, _) => (ClientId(c as u32), true),
        LinkKey::ToClient(c, _) => (ClientId(c as u32), false),
        // No standalone message takes a peer link.
        LinkKey::Peer(..) => (ClientId(u32::MAX), false),
    }
}

/// A message taken off a client's link, as the standalone world handles it (`None` for a
/// peer's, which a standalone world never sends).
pub(super) fn message(key: LinkKey, q: Queued) -> Option<Message> {
    let Carried::Client(packet) = q.what else {
        return None;
    };
    let (client, to_server) = ends(key);
    Some(Message {
        id: q.id,
        client,
        to_server,
        conn: packet.conn,
        sent_ms: q.sent_ms,
        arrive_ms: q.at,
        payload: packet.payload,
    })
}

impl Sim {
    pub(super) fn send(&mut self, client: ClientId, to_server: bool, conn: u64, payload: Payload) {
        let partitioned = self.clients.get(client).is_some_and(|c| c.partitioned);
        self.next_message_id += 1;
        let extra = self.clients.get(client).map_or(0, |c| c.extra_delay_ms);
        let latency = self
            .net_rng
            .range_inclusive(self.config.latency_ms_min, self.config.latency_ms_max)
            .saturating_add(extra);
        let link = link(client, to_server);
        // TCP keeps a link's messages in order.
        let arrive = self
            .now_ms
            .saturating_add(latency)
            .max(self.schedule.links.floor_ms(&link));
        let m = Message {
            id: self.next_message_id,
            client,
            to_server,
            conn,
            sent_ms: self.now_ms,
            arrive_ms: arrive,
            payload,
        };
        // The client did send it, whether or not the network delivers it: its ping timer
        // counts from here (else a partitioned client would ping in a busy loop).
        if to_server {
            if let Some(c) = self.clients.get_mut(client) {
                c.last_sent_ms = self.now_ms;
            }
        }
        self.messages_sent += 1;
        if partitioned {
            self.hold(m);
            return;
        }
        self.enqueue(m);
    }

    /// Puts a message on its link, to arrive at its `arrive_ms` (or after the one before it).
    fn enqueue(&mut self, m: Message) {
        let packet = ClientPacket {
            conn: m.conn,
            payload: m.payload,
            last_zxid_seen: crate::stat::Zxid::ZERO,
        };
        self.schedule.send(
            m.sent_ms,
            m.arrive_ms,
            link(m.client, m.to_server),
            m.id,
            Carried::Client(packet),
        );
    }

    /// The log's line for a message and what became of it.
    pub(super) fn message_line(&self, m: &Message, fate: Fate) -> LogLine {
        LogLine::Message {
            client: self.clients.name(m.client).to_string(),
            to_server: m.to_server,
            summary: m.summary(),
            fate,
        }
    }

    /// A partitioned link holds its messages, as TCP keeps retransmitting them: they arrive
    /// after the heal if their connection is still alive by then.
    pub(super) fn hold(&mut self, m: Message) {
        self.note(self.message_line(&m, Fate::Held));
        self.held.entry(m.client).or_default().push(m);
    }

    /// The network heals: held messages go on their way, in order.
    pub(super) fn release_held(&mut self, client: ClientId) {
        for m in self.held.remove(&client).unwrap_or_default() {
            let latency = self
                .net_rng
                .range_inclusive(self.config.latency_ms_min, self.config.latency_ms_max);
            let arrive = self.now_ms.saturating_add(latency);
            self.enqueue(Message {
                arrive_ms: arrive,
                ..m
            });
        }
    }

    /// A link is cut (`on`) or healed; a heal releases what the partition held.
    pub(super) fn set_partitioned(&mut self, id: ClientId, on: bool) {
        if let Some(c) = self.clients.get_mut(id) {
            c.partitioned = on;
        }
        if !on {
            self.release_held(id);
        }
        let client = self.clients.name(id).to_string();
        self.note(if on {
            LogLine::Partitioned { client }
        } else {
            LogLine::Healed { client }
        });
    }

    /// Every later message on the client's links takes `ms` longer.
    pub(super) fn set_delay(&mut self, id: ClientId, ms: u64) {
        if let Some(c) = self.clients.get_mut(id) {
            c.extra_delay_ms = ms;
        }
        let client = self.clients.name(id).to_string();
        self.note(LogLine::Delay { client, ms });
    }

    /// A message arrives at its end of the link.
    pub(super) fn deliver(&mut self, m: Message) {
        let client_state = self
            .clients
            .get(m.client)
            .map(|c| (c.partitioned, c.crashed, c.is_paused()));
        let Some((partitioned, crashed, paused)) = client_state else {
            return;
        };
        if partitioned {
            self.hold(m);
            return;
        }
        if m.to_server {
            if !sa!(self).up {
                self.messages_dropped += 1;
                if matches!(m.payload, Payload::Connect { .. }) {
                    // Nothing listens on the port: the connection is refused at once.
                    self.note(self.message_line(&m, Fate::Refused));
                    self.send(m.client, false, m.conn, Payload::Hangup);
                }
                return;
            }
            self.server_receive(m);
        } else {
            if self.clients.get(m.client).is_some_and(|c| c.remote) {
                self.note(self.message_line(&m, Fate::Arrived));
                return self.remote_receive(m.client, m.conn, m.payload);
            }
            if crashed {
                self.messages_dropped += 1;
                return;
            }
            if paused {
                // The socket buffers it; the client reads it when it resumes.
                let at = self
                    .clients
                    .get(m.client)
                    .and_then(|c| c.paused_until_ms)
                    .unwrap_or(self.now_ms);
                self.schedule_at(at, Event::Deliver(m));
                return;
            }
            self.client_receive(m);
        }
    }
}
