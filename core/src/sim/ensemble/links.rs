//! The ensemble's network: a link per ordered pair of peers and per (client, peer) direction,
//! each in sending order (TCP keeps it) with a latency, plus on peer links any delay of either
//! server (`delay server K`: a lagging follower, whose clients still reach it at once). A
//! partition is silent: a cut link holds what it carries until healed. `partition server K`
//! cuts K's peer links and its clients' links; `partition servers A | B` cuts the peer links
//! between the groups; a partitioned client's links are held too.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::ensemble::{Envelope, PeerId};
use crate::sim::message::Payload;

/// A message between a client and a peer: the client's connection it belongs to, what it
/// carries, and, on a connect request, the last zxid the client saw (`ConnectRequest`'s
/// `lastZxidSeen`, which a server behind it refuses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientPacket {
    pub conn: u64,
    pub payload: Payload,
    pub last_zxid_seen: i64,
}

/// How many messages' room an empty link keeps (beyond, it frees it).
const EMPTY_CAPACITY_KEPT: usize = 4;

/// A directed link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkKey {
    Peer(PeerId, PeerId),
    /// Client index → peer.
    ToPeer(usize, PeerId),
    /// Peer → client index.
    ToClient(usize, PeerId),
}

/// What a link carries.
#[derive(Clone, Debug)]
pub enum Carried {
    Peer(Envelope),
    Client(ClientPacket),
}

/// A message between a client and a server on its way, as a view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientMessage {
    /// Its number among every message sent (stable while it travels).
    pub id: u64,
    /// The client's index.
    pub client: usize,
    pub server: PeerId,
    pub to_server: bool,
    pub sent_ms: u64,
    pub arrive_ms: u64,
    /// A partition holds it.
    pub held: bool,
    pub summary: crate::sim::Summary,
}

/// A message's number among every message sent and its times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sent {
    pub id: u64,
    pub sent_ms: u64,
    pub arrive_ms: u64,
}

/// A message on its way: when it arrives, when it was sent, its number, what it carries.
#[derive(Clone, Debug)]
struct Queued {
    at: u64,
    sent_ms: u64,
    id: u64,
    what: Carried,
}

/// Every link and fault.
///
/// Links are numbered as they are first used and keep their number (`index` finds it by key,
/// in key order for the views). Every open link with a message is in one of two places:
/// `due`, the links whose first message has arrived by the time of the latest step, in key
/// order (the order the seed picks among); or `fronts`, a heap of the first message's arrival
/// time, in which an entry that no longer matches its link (delivered, dropped, held) is
/// stale and skipped. So no event scans every link.
#[derive(Clone, Debug, Default)]
pub struct Links {
    index: BTreeMap<LinkKey, usize>,
    keys: Vec<LinkKey>,
    queues: Vec<VecDeque<Queued>>,
    /// The last arrival time per link, so a later message never overtakes.
    last_arrival_ms: Vec<u64>,
    fronts: BinaryHeap<Reverse<(u64, usize)>>,
    due: BTreeSet<LinkKey>,
    /// The time `due` was last brought up to.
    due_at: u64,
    /// Numbers every message sent, so a view can tell them apart while they travel.
    sent: u64,
    /// How many of them went between a client and a server.
    client_sent: u64,
    /// Directed peer links a partition cuts.
    cut: BTreeSet<(PeerId, PeerId)>,
    /// Servers whose client links are cut too (`partition server K`).
    isolated: BTreeSet<PeerId>,
    /// Partitioned clients.
    clients_cut: BTreeSet<usize>,
    /// Extra latency per server (`delay server K MS`).
    delay_ms: BTreeMap<PeerId, u64>,
}

impl Links {
    pub fn is_cut(&self, from: PeerId, to: PeerId) -> bool {
        self.cut.contains(&(from, to))
    }

    fn held(&self, key: &LinkKey) -> bool {
        if self.cut.is_empty() && self.isolated.is_empty() && self.clients_cut.is_empty() {
            return false;
        }
        match *key {
            LinkKey::Peer(a, b) => self.cut.contains(&(a, b)),
            LinkKey::ToPeer(c, p) | LinkKey::ToClient(c, p) => {
                self.isolated.contains(&p) || self.clients_cut.contains(&c)
            }
        }
    }

    /// Whether a client and a peer cannot reach each other now.
    pub fn client_cut(&self, client: usize, peer: PeerId) -> bool {
        self.held(&LinkKey::ToClient(client, peer))
    }

    fn delay(&self, id: PeerId) -> u64 {
        self.delay_ms.get(&id).copied().unwrap_or(0)
    }

    /// Queues a message; `base_ms` is the link's latency before any server's delay.
    pub fn send(&mut self, now_ms: u64, base_ms: u64, key: LinkKey, what: Carried) {
        let latency = match key {
            LinkKey::Peer(a, b) if a == b => 0,
            LinkKey::Peer(a, b) => base_ms
                .saturating_add(self.delay(a))
                .saturating_add(self.delay(b)),
            // A delayed server is slow to the other servers (a lagging follower, a congested
            // link to the leader); its clients still reach it at once.
            LinkKey::ToPeer(..) | LinkKey::ToClient(..) => base_ms,
        };
        let i = self.link(key);
        let at = now_ms.saturating_add(latency).max(self.last_arrival_ms[i]);
        self.last_arrival_ms[i] = at;
        self.sent = self.sent.wrapping_add(1);
        if !matches!(key, LinkKey::Peer(..)) {
            self.client_sent = self.client_sent.saturating_add(1);
        }
        let queued = Queued {
            at,
            sent_ms: now_ms,
            id: self.sent,
            what,
        };
        if self.queues[i].is_empty() {
            self.fronts.push(Reverse((at, i)));
        }
        self.queues[i].push_back(queued);
    }

    /// The number of a link, made on its first use.
    fn link(&mut self, key: LinkKey) -> usize {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.keys.len();
        self.index.insert(key, i);
        self.keys.push(key);
        self.queues.push(VecDeque::new());
        self.last_arrival_ms.push(0);
        i
    }

    /// Whether a heap entry still stands for link `i`'s first message, on an open link.
    fn is_front(&self, at: u64, i: usize) -> bool {
        self.queues[i].front().is_some_and(|m| m.at == at) && !self.held(&self.keys[i])
    }

    /// Drops the stale entries at the top of the heap.
    fn clean_top(&mut self) {
        while let Some(&Reverse((at, i))) = self.fronts.peek() {
            if self.is_front(at, i) && !self.due.contains(&self.keys[i]) {
                break;
            }
            self.fronts.pop();
        }
    }

    /// Every open link with messages is looked at again (after a partition or a heal).
    fn refront(&mut self) {
        let fronts: Vec<Reverse<(u64, usize)>> = (0..self.queues.len())
            .filter(|&i| !self.held(&self.keys[i]))
            .filter_map(|i| self.queues[i].front().map(|m| Reverse((m.at, i))))
            .collect();
        self.fronts = BinaryHeap::from(fronts);
        self.due.clear();
    }

    /// How many messages went between a client and a server.
    pub fn client_messages_sent(&self) -> u64 {
        self.client_sent
    }

    /// When the first message on an open link arrives (at the latest step's time or before,
    /// for a link already due).
    pub fn next_arrival_ms(&mut self) -> Option<u64> {
        self.clean_top();
        let waiting = self.fronts.peek().map(|r| r.0 .0);
        let due = self
            .due
            .first()
            .and_then(|k| self.index.get(k))
            .and_then(|&i| self.queues[i].front())
            .map(|m| m.at);
        due.into_iter().chain(waiting).min()
    }

    /// How many open links have their first message due by `at` (which never goes back).
    pub fn due_count(&mut self, at: u64) -> usize {
        self.due_at = self.due_at.max(at);
        while let Some(&Reverse((t, i))) = self.fronts.peek() {
            if t > at {
                break;
            }
            self.fronts.pop();
            if self.is_front(t, i) {
                self.due.insert(self.keys[i]);
            }
        }
        self.due.len()
    }

    /// The links due by `at` found by scanning every link, as the index must find them
    /// (debug builds compare the two at every event).
    #[cfg(debug_assertions)]
    pub fn due_scanned(&self, at: u64) -> Vec<LinkKey> {
        self.index
            .iter()
            .filter(|(k, &i)| !self.held(k) && self.queues[i].front().is_some_and(|m| m.at <= at))
            .map(|(k, _)| *k)
            .collect()
    }

    /// How many links there are (what a scan of them visits).
    #[cfg(debug_assertions)]
    pub fn count(&self) -> usize {
        self.index.len()
    }

    /// The links due, in key order (after `due_count`).
    #[cfg(debug_assertions)]
    pub fn due_listed(&self) -> Vec<LinkKey> {
        self.due.iter().copied().collect()
    }

    /// The `n`th of the links due, in key order (after `due_count`).
    pub fn due_nth(&self, n: usize) -> Option<LinkKey> {
        self.due.iter().nth(n).copied()
    }

    /// Takes the first message of a link.
    pub fn pop(&mut self, key: LinkKey) -> Option<Carried> {
        let i = *self.index.get(&key)?;
        let first = self.queues[i].pop_front()?;
        // Still due if its next message arrived by then; otherwise it waits in the heap.
        match self.queues[i].front() {
            Some(next) if next.at <= self.due_at => {}
            Some(next) => {
                self.due.remove(&key);
                self.fronts.push(Reverse((next.at, i)));
            }
            None => {
                self.due.remove(&key);
                // An empty link gives back what a burst made it hold.
                if self.queues[i].capacity() > EMPTY_CAPACITY_KEPT {
                    self.queues[i] = VecDeque::new();
                }
            }
        }
        Some(first.what)
    }

    /// A peer's process died: what its links carry (to and from it) is lost.
    pub fn drop_peer(&mut self, id: PeerId) {
        for (key, &i) in self.index.iter() {
            let touches = match *key {
                LinkKey::Peer(a, b) => a == id || b == id,
                LinkKey::ToPeer(_, p) | LinkKey::ToClient(_, p) => p == id,
            };
            if touches {
                self.queues[i] = VecDeque::new();
                self.due.remove(key);
            }
        }
    }

    /// A client's connection to a peer is gone: what is still in flight on it is dropped.
    pub fn drop_client_link(&mut self, client: usize, peer: PeerId) {
        for key in [
            LinkKey::ToPeer(client, peer),
            LinkKey::ToClient(client, peer),
        ] {
            if let Some(&i) = self.index.get(&key) {
                self.queues[i] = VecDeque::new();
                self.due.remove(&key);
            }
        }
    }

    /// `partition server K`: every link of K is cut.
    pub fn isolate(&mut self, id: PeerId, all: &[PeerId]) {
        for &other in all {
            if other != id {
                self.cut.insert((id, other));
                self.cut.insert((other, id));
            }
        }
        self.isolated.insert(id);
        self.refront();
    }

    /// `heal server K`: every link of K is restored; held messages flow again.
    pub fn heal(&mut self, id: PeerId) {
        self.cut.retain(|(a, b)| *a != id && *b != id);
        self.isolated.remove(&id);
        self.refront();
    }

    /// `partition servers A | B`: the peer links between the groups are cut.
    pub fn partition_groups(&mut self, left: &[PeerId], right: &[PeerId]) {
        for &a in left {
            for &b in right {
                self.cut.insert((a, b));
                self.cut.insert((b, a));
            }
        }
        self.refront();
    }

    /// Every partition of servers and clients is healed (delays stay).
    pub fn heal_all(&mut self) {
        self.cut.clear();
        self.isolated.clear();
        self.clients_cut.clear();
        self.refront();
    }

    pub fn partition_client(&mut self, client: usize) {
        self.clients_cut.insert(client);
        self.refront();
    }

    pub fn heal_client(&mut self, client: usize) {
        self.clients_cut.remove(&client);
        self.refront();
    }

    pub fn set_delay(&mut self, id: PeerId, ms: u64) {
        if ms == 0 {
            self.delay_ms.remove(&id);
        } else {
            self.delay_ms.insert(id, ms);
        }
    }

    /// Messages in flight between peers, each with its number and its times and whether a
    /// partition holds it, by link and in order.
    pub fn peer_messages_sent(&self) -> Vec<(Sent, &Envelope, bool)> {
        let mut out = Vec::new();
        for (k, &i) in self.index.iter() {
            let held = self.held(k);
            for m in &self.queues[i] {
                if let Carried::Peer(env) = &m.what {
                    let sent = Sent {
                        id: m.id,
                        sent_ms: m.sent_ms,
                        arrive_ms: m.at,
                    };
                    out.push((sent, env, held));
                }
            }
        }
        out
    }

    /// Messages in flight between clients and peers, by link and in order.
    pub fn client_messages(&self) -> Vec<ClientMessage> {
        let mut out = Vec::new();
        for (k, &i) in self.index.iter() {
            let (client, server, to_server) = match *k {
                LinkKey::ToPeer(c, p) => (c, p, true),
                LinkKey::ToClient(c, p) => (c, p, false),
                LinkKey::Peer(..) => continue,
            };
            let held = self.held(k);
            for m in &self.queues[i] {
                if let Carried::Client(packet) = &m.what {
                    out.push(ClientMessage {
                        id: m.id,
                        client,
                        server,
                        to_server,
                        sent_ms: m.sent_ms,
                        arrive_ms: m.at,
                        held,
                        summary: packet.payload.summary(),
                    });
                }
            }
        }
        out
    }

    pub fn is_client_cut(&self, client: usize) -> bool {
        self.clients_cut.contains(&client)
    }

    pub fn is_isolated(&self, id: PeerId) -> bool {
        self.isolated.contains(&id)
    }

    pub fn delay_of(&self, id: PeerId) -> u64 {
        self.delay(id)
    }
}
