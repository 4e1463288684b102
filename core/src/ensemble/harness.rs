//! A small deterministic driver for an ensemble, for tests: every message takes a fixed latency
//! on its link (in order per link, as TCP keeps it), and among the events due at the same
//! instant a seeded generator picks which happens first. It can crash a peer (its links drop
//! what they carry, its peers see the reset at once, and a connection to it is refused),
//! restart it (it recovers from its own disk), and cut links (a partition holds their
//! messages, silently, until healed). After every event it checks Zab's safety properties and
//! records any violation.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

use crate::ensemble::config::{EnsembleConfig, PeerId};
use crate::ensemble::log::Txn;
use crate::ensemble::message::{
    Applied, ClientWrite, Envelope, Message, NotServing, Origin, Packet,
};
use crate::ensemble::peer::Peer;
use crate::stat::SessionId;

/// How many events `run_until` handles at most before giving up (a bound, not a goal).
pub const EVENTS_MAX: usize = 2_000_000;

/// The ensemble under a seeded network.
pub struct Harness {
    now_ms: u64,
    config: Rc<EnsembleConfig>,
    peers: Vec<Peer>,
    latency_ms: u64,
    rng: u64,
    /// Messages in flight per directed link, in sending order, with their arrival time.
    links: BTreeMap<(PeerId, PeerId), VecDeque<(u64, Envelope)>>,
    /// Directed links a partition cuts.
    cut: BTreeSet<(PeerId, PeerId)>,
    /// Every transaction applied anywhere, per peer, since the last `take_applied`.
    applied: BTreeMap<PeerId, Vec<Applied>>,
    /// The established leaders seen for each epoch.
    leaders: BTreeMap<i64, BTreeSet<PeerId>>,
    /// The longest committed history seen on any peer.
    canon: Vec<Rc<Txn>>,
    violations: Vec<String>,
    events: usize,
    /// Requests submitted so far (each peer's request numbers come from this one counter).
    requests: u64,
    /// Deliveries (time, from, to, packet name), when tracing.
    trace: Option<Vec<Delivery>>,
}

/// One delivered message, as the trace keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub at_ms: u64,
    pub from: PeerId,
    pub to: PeerId,
    pub name: &'static str,
    /// The zxid a PROPOSAL, COMMIT, INFORM or ACK carries (0 otherwise).
    pub zxid: i64,
}

/// At most this many violations are kept (a broken run repeats itself).
pub const VIOLATIONS_MAX: usize = 100;

/// At most this many deliveries are traced.
pub const TRACE_MAX: usize = 1_000_000;

impl Harness {
    /// Peers for every id of `config`, all down; `latency_ms` per message.
    pub fn new(config: EnsembleConfig, seed: u64, latency_ms: u64) -> Harness {
        let config = Rc::new(config);
        let peers = config
            .peers()
            .into_iter()
            .map(|id| Peer::new(id, Rc::clone(&config)))
            .collect();
        Harness {
            now_ms: 0,
            config,
            peers,
            latency_ms,
            rng: seed ^ 0x5eed_e75e_b1e5,
            links: BTreeMap::new(),
            cut: BTreeSet::new(),
            applied: BTreeMap::new(),
            leaders: BTreeMap::new(),
            canon: Vec::new(),
            violations: Vec::new(),
            events: 0,
            requests: 0,
            trace: None,
        }
    }

    /// Starts keeping every delivery (for tests and timelines).
    pub fn trace(&mut self) {
        self.trace.get_or_insert_with(Vec::new);
    }

    pub fn deliveries(&self) -> &[Delivery] {
        self.trace.as_deref().unwrap_or(&[])
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    pub fn config(&self) -> &EnsembleConfig {
        &self.config
    }

    pub fn peers(&self) -> &[Peer] {
        &self.peers
    }

    pub fn peer(&self, id: PeerId) -> Option<&Peer> {
        self.peers.iter().find(|p| p.id() == id)
    }

    fn index(&self, id: PeerId) -> Option<usize> {
        self.peers.iter().position(|p| p.id() == id)
    }

    /// Safety violations seen so far (empty in a correct run).
    pub fn violations(&self) -> &[String] {
        &self.violations
    }

    /// The established leader of the highest epoch, if any peer leads one now.
    pub fn leader(&self) -> Option<PeerId> {
        self.peers
            .iter()
            .filter_map(|p| p.established_epoch().map(|e| (e, p.id())))
            .max()
            .map(|(_, id)| id)
    }

    /// The longest committed history seen on any peer, as zxids.
    pub fn committed_zxids(&self) -> Vec<i64> {
        self.canon.iter().map(|t| t.zxid).collect()
    }

    /// Starts (or restarts, from its disk) a peer.
    pub fn start(&mut self, id: PeerId) {
        if let Some(i) = self.index(id) {
            let out = self.peers[i].start(self.now_ms);
            self.send_all(out);
        }
    }

    pub fn start_all(&mut self) {
        for id in self.config.peers() {
            self.start(id);
        }
    }

    /// Kills a peer's process: what its links carry is lost and every peer it can reach sees
    /// its connections reset.
    pub fn crash(&mut self, id: PeerId) {
        let Some(i) = self.index(id) else {
            return;
        };
        if !self.peers[i].is_up() {
            return;
        }
        self.peers[i].crash();
        self.links.retain(|(from, to), _| *from != id && *to != id);
        for j in 0..self.peers.len() {
            let other = self.peers[j].id();
            if other == id || self.cut.contains(&(id, other)) {
                continue;
            }
            let out = self.peers[j].on_connection_reset(self.now_ms, id);
            self.send_all(out);
        }
        self.check();
    }

    /// Cuts every link between the groups (a silent partition).
    pub fn partition(&mut self, groups: &[&[PeerId]]) {
        for (gi, a) in groups.iter().enumerate() {
            for (gj, b) in groups.iter().enumerate() {
                if gi == gj {
                    continue;
                }
                for &x in a.iter() {
                    for &y in b.iter() {
                        self.cut.insert((x, y));
                    }
                }
            }
        }
    }

    /// Cuts one peer off from all others.
    pub fn isolate(&mut self, id: PeerId) {
        for other in self.config.peers() {
            if other != id {
                self.cut.insert((id, other));
                self.cut.insert((other, id));
            }
        }
    }

    /// Restores every link; held messages flow again.
    pub fn heal(&mut self) {
        self.cut.clear();
    }

    /// A client's write submitted at peer `id`.
    pub fn submit(&mut self, id: PeerId, write: ClientWrite) -> Result<(), NotServing> {
        let i = self.index(id).ok_or(NotServing::Crashed)?;
        self.requests = self.requests.wrapping_add(1);
        let out = self.peers[i].submit(self.now_ms, self.requests, write)?;
        self.send_all(out);
        Ok(())
    }

    /// Takes what each peer applied since the last call.
    pub fn take_applied(&mut self, id: PeerId) -> Vec<Applied> {
        self.applied.remove(&id).unwrap_or_default()
    }

    /// A client of peer `id` was heard from on session `s` (a ping).
    pub fn touch(&mut self, id: PeerId, s: SessionId) {
        if let Some(i) = self.index(id) {
            self.peers[i].touch(self.now_ms, s);
        }
    }

    /// Takes the syncs answered at peer `id` since the last call.
    pub fn take_synced(&mut self, id: PeerId) -> Vec<Origin> {
        match self.index(id) {
            Some(i) => self.peers[i].take_synced(),
            None => Vec::new(),
        }
    }

    fn send_all(&mut self, out: Vec<Envelope>) {
        for env in out {
            let latency = if env.from == env.to {
                0
            } else {
                self.latency_ms
            };
            let at = self.now_ms.saturating_add(latency);
            self.links
                .entry((env.from, env.to))
                .or_default()
                .push_back((at, env));
        }
        for p in &mut self.peers {
            let applied = p.take_applied();
            if !applied.is_empty() {
                self.applied.entry(p.id()).or_default().extend(applied);
            }
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Every message in flight, by link and in order, with when it arrives and whether a
    /// partition holds it.
    pub fn in_flight(&self) -> Vec<(u64, &Envelope, bool)> {
        let mut out = Vec::new();
        for (link, q) in &self.links {
            let held = self.cut.contains(link);
            for (at, env) in q {
                out.push((*at, env, held));
            }
        }
        out
    }

    /// When the next event is due: a message on an open link or a peer's deadline.
    pub fn next_event_ms(&self) -> Option<u64> {
        let messages = self
            .links
            .iter()
            .filter(|(link, _)| !self.cut.contains(link))
            .filter_map(|(_, q)| q.front().map(|(at, _)| (*at).max(self.now_ms)));
        let timers = self
            .peers
            .iter()
            .filter_map(|p| p.deadline_ms().map(|d| d.max(self.now_ms)));
        messages.chain(timers).min()
    }

    /// Handles one event (a delivery or a timer), chosen by the seed among those due first.
    /// Returns false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        let Some(at) = self.next_event_ms() else {
            return false;
        };
        self.now_ms = at;
        let mut due: Vec<Option<(PeerId, PeerId)>> = self
            .links
            .iter()
            .filter(|(link, q)| {
                !self.cut.contains(link) && q.front().is_some_and(|(t, _)| (*t).max(at) == at)
            })
            .map(|(link, _)| Some(*link))
            .collect();
        let timers: Vec<usize> = (0..self.peers.len())
            .filter(|&i| self.peers[i].deadline_ms().is_some_and(|d| d.max(at) == at))
            .collect();
        let n_links = due.len();
        due.extend(timers.iter().map(|_| None));
        let pick = (self.next_u64() % due.len().max(1) as u64) as usize;
        if pick < n_links {
            let Some(Some(link)) = due.get(pick).copied() else {
                return false;
            };
            let Some((_, env)) = self.links.get_mut(&link).and_then(VecDeque::pop_front) else {
                return false;
            };
            if self.links.get(&link).is_some_and(VecDeque::is_empty) {
                self.links.remove(&link);
            }
            if let Some(trace) = self.trace.as_mut().filter(|t| t.len() < TRACE_MAX) {
                let zxid = match &env.message {
                    Message::Zab(Packet::Proposal(t) | Packet::Inform(t)) => t.zxid,
                    Message::Zab(Packet::Commit { zxid } | Packet::Ack { zxid }) => *zxid,
                    _ => 0,
                };
                trace.push(Delivery {
                    at_ms: at,
                    from: env.from,
                    to: env.to,
                    name: env.message.name(),
                    zxid,
                });
            }
            if let Some(i) = self.index(env.to) {
                if !self.peers[i].is_up() {
                    // Nothing listens on a dead peer's port: the operating system refuses a
                    // new connection at once.
                    if let Message::Zab(Packet::LearnerInfo { .. }) = env.message {
                        let refused = Envelope {
                            from: env.to,
                            to: env.from,
                            conn: env.conn,
                            message: Message::Zab(Packet::Closed),
                        };
                        self.send_all(vec![refused]);
                    }
                } else {
                    let out = self.peers[i].on_message(at, env);
                    self.send_all(out);
                }
            }
        } else if let Some(&i) = timers.get(pick - n_links) {
            let out = self.peers[i].on_timer(at);
            self.send_all(out);
        }
        self.events = self.events.saturating_add(1);
        self.check();
        true
    }

    /// Runs every event due up to `until_ms`, then sets the clock there.
    pub fn run_until(&mut self, until_ms: u64) {
        let mut handled = 0;
        while handled < EVENTS_MAX {
            match self.next_event_ms() {
                Some(at) if at <= until_ms => {
                    self.step();
                    handled += 1;
                }
                _ => break,
            }
        }
        self.now_ms = self.now_ms.max(until_ms);
    }

    pub fn run_for(&mut self, ms: u64) {
        self.run_until(self.now_ms.saturating_add(ms));
    }

    /// The safety checks: at most one established leader per epoch; every peer's committed
    /// history is a prefix of the longest one seen (same transactions, not only same zxids);
    /// a leader, when established, holds everything committed before; no peer saw an anomaly.
    fn check(&mut self) {
        let mut found: Vec<String> = Vec::new();
        for p in &self.peers {
            if let Some(epoch) = p.established_epoch() {
                let set = self.leaders.entry(epoch).or_default();
                if !set.insert(p.id()) {
                    continue;
                }
                if set.len() > 1 {
                    let v = format!("two leaders in epoch {epoch}: {set:?}");
                    found.push(v);
                }
                // Established just now: it must hold everything committed so far.
                let committed = p.log().committed();
                if committed.len() < self.canon.len() {
                    found.push(format!(
                        "leader {} of epoch {epoch} lacks committed 0x{:x}",
                        p.id(),
                        self.canon[committed.len()].zxid
                    ));
                }
            }
        }
        for p in &self.peers {
            for a in p.anomalies() {
                found.push(a.clone());
            }
        }
        for p in &self.peers {
            let committed = p.log().committed();
            let shared = committed.len().min(self.canon.len());
            let diverged = (0..shared).find(|&k| !Rc::ptr_eq(&committed[k].txn, &self.canon[k]));
            if let Some(k) = diverged {
                found.push(format!(
                    "peer {} committed 0x{:x} where another committed 0x{:x}",
                    p.id(),
                    committed[k].txn.zxid,
                    self.canon[k].zxid
                ));
            } else if committed.len() > self.canon.len() {
                self.canon = committed.iter().map(|e| Rc::clone(&e.txn)).collect();
            }
        }
        for v in found {
            if self.violations.len() < VIOLATIONS_MAX && !self.violations.contains(&v) {
                self.violations.push(v);
            }
        }
    }
}
