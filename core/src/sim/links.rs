//! The simulated network, one model for every world: a link per ordered pair of peers and per
//! (client, server) direction, each in sending order (TCP keeps it: a message never overtakes
//! the one before it), each message numbered and stamped with the world's sequence number.
//! What a world chooses: the latency of each message (the standalone world draws it from a
//! seeded range, the ensemble's is fixed, plus on peer links any delay of either server —
//! `delay server K`: a lagging follower, whose clients still reach it at once), and the order
//! among what is due: the standalone world takes the earliest `(time, seq)` of every link head
//! and timer (`first`, `pop_first`), the ensemble lets its seed pick among the links due
//! (`due_count`, `due_nth`, `pop`). In the ensemble a partition is silent: a cut link holds
//! what it carries until healed. `partition server K` cuts K's peer links and its clients'
//! links; `partition servers A | B` cuts the peer links between the groups; a partitioned
//! client's links are held too. (The standalone world holds a partitioned client's messages
//! itself, as they arrive: see `sim::network`.)

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::hash::{Hash, Hasher};

use crate::ensemble::{Envelope, PeerId};
use crate::sim::message::Payload;
use blocks::BlockSet;

mod blocks;

/// A message between a client and a peer: the client's connection it belongs to, what it
/// carries, and, on a connect request, the last zxid the client saw (`ConnectRequest`'s
/// `lastZxidSeen`, which a server behind it refuses).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientPacket {
    pub conn: u64,
    pub payload: Payload,
    pub last_zxid_seen: crate::stat::Zxid,
}

/// How many messages' room an empty link keeps (beyond, it frees it).
const EMPTY_CAPACITY_KEPT: usize = 4;

/// A directed link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// A message on its way: when it arrives, when it was sent, its number, the world's sequence
/// number when it was sent (what orders it among events due at the same time), what it
/// carries.
#[derive(Clone, Debug)]
pub struct Queued {
    pub at: u64,
    pub sent_ms: u64,
    pub id: u64,
    pub seq: u64,
    pub what: Carried,
}

/// Every link and fault.
///
/// Links are numbered as they are first used and keep their number (`index` finds it by key,
/// in key order for the views). Every open link with a message is in one of two places:
/// `due`, the links whose first message has arrived by the time of the latest step, in key
/// order (the order the seed picks among); or `fronts`, a heap of the first message's arrival
/// time and sequence number, in which an entry that no longer matches its link (delivered,
/// dropped, held) is stale and skipped. So no event scans every link. A world that only
/// sends and takes the earliest message (`send_at`, `pop_first`: the standalone world)
/// leaves no stale entry, so `first` reads the heap's top as it is.
#[derive(Clone, Debug, Default)]
pub struct Links {
    index: BTreeMap<LinkKey, usize>,
    keys: Vec<LinkKey>,
    queues: Vec<VecDeque<Queued>>,
    /// The last arrival time per link, so a later message never overtakes.
    last_arrival_ms: Vec<u64>,
    fronts: BinaryHeap<Reverse<(u64, u64, usize)>>,
    due: BlockSet<LinkKey>,
    /// The time `due` was last brought up to.
    due_at: u64,
    /// Numbers every message sent, so a view can tell them apart while they travel.
    sent: u64,
    /// How many of them went between a client and a server.
    client_sent: u64,
    /// How many messages the links hold now.
    queued: usize,
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
        let id = self.sent.wrapping_add(1);
        self.send_at(now_ms, now_ms.saturating_add(latency), key, id, id, what);
    }

    /// When a message sent on `key` now with no latency would arrive at the soonest: the
    /// arrival of the last message on it (a later one never overtakes it).
    pub fn floor_ms(&self, key: &LinkKey) -> u64 {
        self.index.get(key).map_or(0, |&i| self.last_arrival_ms[i])
    }

    /// Queues a message numbered `id` that arrives at `at_ms` (or when the one before it on its
    /// link does, if later), with the world's sequence number `seq`; when it arrives.
    pub fn send_at(
        &mut self,
        now_ms: u64,
        at_ms: u64,
        key: LinkKey,
        id: u64,
        seq: u64,
        what: Carried,
    ) -> u64 {
        let i = self.link(key);
        let at = at_ms.max(self.last_arrival_ms[i]);
        self.last_arrival_ms[i] = at;
        self.sent = self.sent.max(id);
        if !matches!(key, LinkKey::Peer(..)) {
            self.client_sent = self.client_sent.saturating_add(1);
        }
        let queued = Queued {
            at,
            sent_ms: now_ms,
            id,
            seq,
            what,
        };
        if self.queues[i].is_empty() {
            self.fronts.push(Reverse((at, seq, i)));
        }
        self.queues[i].push_back(queued);
        self.queued += 1;
        at
    }

    /// The earliest message of every link by `(arrival, seq)`: when it arrives, its sequence
    /// number and its link. Exact for a world that only uses `send_at` and `pop_first`.
    pub fn first(&self) -> Option<(LinkKey, &Queued)> {
        let Reverse((_, _, i)) = *self.fronts.peek()?;
        Some((self.keys[i], self.queues[i].front()?))
    }

    /// Takes the earliest message (`first`) with its link.
    pub fn pop_first(&mut self) -> Option<(LinkKey, Queued)> {
        let Reverse((_, _, i)) = self.fronts.pop()?;
        let first = self.queues[i].pop_front()?;
        self.queued -= 1;
        match self.queues[i].front() {
            Some(next) => self.fronts.push(Reverse((next.at, next.seq, i))),
            None => self.free_if_large(i),
        }
        Some((self.keys[i], first))
    }

    /// How many messages the links hold (in flight or held by a partition).
    pub fn queued(&self) -> usize {
        self.queued
    }

    /// Every message on its way with its link, by link in key order and in order on each.
    pub fn iter(&self) -> impl Iterator<Item = (LinkKey, &Queued)> {
        self.index
            .iter()
            .flat_map(move |(k, &i)| self.queues[i].iter().map(move |m| (*k, m)))
    }

    /// The count of messages is theirs, each link's messages arrive in the order they were
    /// sent and never before the link's floor says, and every link whose first message may be
    /// taken has it in the heap or among the links due.
    pub fn check_invariants(&self) -> Result<(), String> {
        let count: usize = self.queues.iter().map(VecDeque::len).sum();
        let mut fronts: Vec<(u64, u64, usize)> = self.fronts.iter().map(|Reverse(f)| *f).collect();
        crate::sorted::sort(&mut fronts);
        if count != self.queued {
            return Err(format!("links: {count} messages, counted {}", self.queued));
        }
        for (i, q) in self.queues.iter().enumerate() {
            let key = self.keys[i];
            let ordered = q
                .iter()
                .zip(q.iter().skip(1))
                .all(|(a, b)| a.at <= b.at && a.seq < b.seq);
            if !ordered || q.back().is_some_and(|m| m.at > self.last_arrival_ms[i]) {
                return Err(format!("link {key:?}: messages out of order"));
            }
            if let Some(m) = q.front() {
                let listed =
                    self.due.contains(&key) || fronts.binary_search(&(m.at, m.seq, i)).is_ok();
                if !listed && !self.held(&key) {
                    return Err(format!("link {key:?}: its first message is not indexed"));
                }
            }
        }
        Ok(())
    }

    /// An empty link gives back what a burst made it hold.
    fn free_if_large(&mut self, i: usize) {
        if self.queues[i].capacity() > EMPTY_CAPACITY_KEPT {
            self.queues[i] = VecDeque::new();
        }
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
    fn is_front(&self, at: u64, seq: u64, i: usize) -> bool {
        self.queues[i]
            .front()
            .is_some_and(|m| m.at == at && m.seq == seq)
            && !self.held(&self.keys[i])
    }

    /// Drops the stale entries at the top of the heap.
    fn clean_top(&mut self) {
        while let Some(&Reverse((at, seq, i))) = self.fronts.peek() {
            if self.is_front(at, seq, i) && !self.due.contains(&self.keys[i]) {
                break;
            }
            self.fronts.pop();
        }
    }

    /// Every open link with messages is looked at again (after a partition or a heal).
    fn refront(&mut self) {
        let fronts: Vec<Reverse<(u64, u64, usize)>> = (0..self.queues.len())
            .filter(|&i| !self.held(&self.keys[i]))
            .filter_map(|i| self.queues[i].front().map(|m| Reverse((m.at, m.seq, i))))
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
        let waiting = self.fronts.peek().map(|Reverse((at, _, _))| *at);
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
        while let Some(&Reverse((t, seq, i))) = self.fronts.peek() {
            if t > at {
                break;
            }
            self.fronts.pop();
            if self.is_front(t, seq, i) {
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
        self.due.nth(n).copied()
    }

    /// Takes the first message of a link.
    pub fn pop(&mut self, key: LinkKey) -> Option<Carried> {
        let i = *self.index.get(&key)?;
        let first = self.queues[i].pop_front()?;
        self.queued -= 1;
        // Still due if its next message arrived by then; otherwise it waits in the heap.
        match self.queues[i].front() {
            Some(next) if next.at <= self.due_at => {}
            Some(next) => {
                self.due.remove(&key);
                self.fronts.push(Reverse((next.at, next.seq, i)));
            }
            None => {
                self.due.remove(&key);
                self.free_if_large(i);
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
                self.queued -= self.queues[i].len();
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
                self.queued -= self.queues[i].len();
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

/// The links' state: every message on its way (its link, times, numbers and, for a client's,
/// what it carries; a peer's envelope by its addresses and connection), the partitions and
/// delays. The indexes are derived from it.
impl Hash for Links {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for (key, m) in self.iter() {
            (key, m.at, m.sent_ms, m.id, m.seq).hash(state);
            match &m.what {
                Carried::Client(p) => p.hash(state),
                Carried::Peer(env) => (env.from, env.to, env.conn).hash(state),
            }
        }
        self.last_arrival_ms.hash(state);
        (self.sent, self.client_sent).hash(state);
        (&self.cut, &self.isolated, &self.clients_cut, &self.delay_ms).hash(state);
    }
}
