//! What a world has scheduled, one structure for every world: the network's links (each
//! message stamped with the world's sequence number) and the timers — each client's, each
//! recipe role's, and the world's own (the standalone server's tick, a paused client's
//! wake-up, what a paused client's socket keeps) — in one queue by `(time, seq)`, a client
//! and a role holding at most one timer each. Nothing here scans every client or link.
//!
//! A world chooses the order among what is due. The standalone world takes the earliest
//! `(time, seq)` of the links' first messages and the timers (`first`, `pop_first`); the
//! ensemble lets its seed pick among everything due at the instant — the links due, its
//! peers' own deadlines, then the clients' and roles' timers due (`due_timers`), each in a
//! fixed order — so equal-time events interleave as the seed says.

use crate::sim::clients::ClientId;
use crate::sim::links::{Carried, LinkKey, Links, Queued};
use crate::sim::queue::{EventQueue, Key};
use crate::sim::recipe_host::RoleKey;
use crate::sim::world::Event;

#[derive(Clone, Debug, Default)]
pub struct Schedule {
    pub links: Links,
    queue: EventQueue,
    /// Each client's timer, by the key it is queued under, by client id (ids are dense).
    clients: Vec<Option<Key>>,
    /// Each role's timer, by the key it is queued under, by client id and role.
    roles: Vec<Vec<Option<Key>>>,
    /// Each of an ensemble's peers' timer, by the key it is queued under, by peer index.
    peers: Vec<Option<Key>>,
    /// The world's sequence number: every timer and message takes the next one.
    seq: u64,
}

/// Hashed as before peers had timers here: a standalone world (no peers) keeps its recorded
/// state hashes.
impl std::hash::Hash for Schedule {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.links.hash(h);
        self.queue.hash(h);
        self.clients.hash(h);
        self.roles.hash(h);
        if !self.peers.is_empty() {
            self.peers.hash(h);
        }
        self.seq.hash(h);
    }
}

/// The earliest of what is scheduled (see `Schedule::first`).
#[derive(Clone, Copy, Debug)]
pub enum First<'a> {
    Link(LinkKey, &'a Queued),
    Timer(&'a Event),
}

/// The timers due at an instant, each kind in a fixed order (see `Schedule::due_timers`).
#[derive(Clone, Debug, Default)]
pub struct Due {
    pub peers: Vec<usize>,
    pub clients: Vec<ClientId>,
    pub roles: Vec<RoleKey>,
}

/// What `Schedule::pop_first` took.
#[derive(Clone, Debug)]
pub enum Popped {
    Link(LinkKey, Queued),
    Timer(u64, Event),
}

impl Schedule {
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Schedules a world's event (not a client's or a role's timer: see `set_client` and
    /// `set_role`) at `at_ms`.
    pub fn at(&mut self, at_ms: u64, e: Event) -> Key {
        let key = (at_ms, self.next_seq());
        self.queue.insert(key, e);
        key
    }

    /// Queues message `id` on `link`, to arrive at `at_ms` (or after the one before it);
    /// when it arrives.
    pub fn send(&mut self, now_ms: u64, at_ms: u64, link: LinkKey, id: u64, what: Carried) -> u64 {
        let seq = self.next_seq();
        self.links.send_at(now_ms, at_ms, link, id, seq, what)
    }

    /// Client `id`'s timer is due at `at_ms`, or (`None`) it has none. An unchanged time keeps
    /// its place.
    pub fn set_client(&mut self, id: ClientId, at_ms: Option<u64>) {
        let event = Event::ClientTimer(id);
        self.set_slot(|s| &mut s.clients, id.0 as usize, at_ms, event);
    }

    /// The timer in slot `i` of `slots` (a client's or a peer's) is due at `at_ms`, or
    /// (`None`) there is none; an unchanged time keeps its place.
    fn set_slot(
        &mut self,
        slots: fn(&mut Schedule) -> &mut Vec<Option<Key>>,
        i: usize,
        at_ms: Option<u64>,
        event: Event,
    ) {
        let old = slots(self).get(i).copied().flatten();
        if old.map(|(t, _)| t) == at_ms {
            return;
        }
        if let Some(old) = old {
            slots(self)[i] = None;
            self.queue.remove(&old);
        }
        if let Some(at) = at_ms {
            let key = self.at(at, event);
            let slots = slots(self);
            if slots.len() <= i {
                slots.resize(i + 1, None);
            }
            slots[i] = Some(key);
        }
    }

    /// Client `id`'s timer is due at `at_ms`, scheduled anew even at an unchanged time.
    pub fn reset_client(&mut self, id: ClientId, at_ms: Option<u64>) {
        self.set_client(id, None);
        self.set_client(id, at_ms);
    }

    /// Peer `i`'s timer is due at `at_ms`, or (`None`) it has none. An unchanged time keeps
    /// its place.
    pub fn set_peer(&mut self, i: usize, at_ms: Option<u64>) {
        self.set_slot(|s| &mut s.peers, i, at_ms, Event::PeerTimer(i as u32));
    }

    /// Role `key`'s timer is due at `at_ms`, replacing the one it had.
    pub fn set_role(&mut self, key: RoleKey, at_ms: u64) {
        self.remove_role(&key);
        let k = self.at(at_ms, Event::RecipeTimer(key));
        let (c, r) = (key.client.0 as usize, key.role as usize);
        if self.roles.len() <= c {
            self.roles.resize(c + 1, Vec::new());
        }
        if self.roles[c].len() <= r {
            self.roles[c].resize(r + 1, None);
        }
        self.roles[c][r] = Some(k);
    }

    /// Whether role `key` has a timer scheduled.
    pub fn has_role(&self, key: &RoleKey) -> bool {
        self.role_key(key).is_some()
    }

    pub fn remove_role(&mut self, key: &RoleKey) {
        if let Some(k) = self.role_slot(key).and_then(Option::take) {
            self.queue.remove(&k);
        }
    }

    fn role_slot(&mut self, key: &RoleKey) -> Option<&mut Option<Key>> {
        self.roles
            .get_mut(key.client.0 as usize)?
            .get_mut(key.role as usize)
    }

    fn client_key(&self, id: ClientId) -> Option<&Key> {
        self.clients.get(id.0 as usize)?.as_ref()
    }

    fn role_key(&self, key: &RoleKey) -> Option<&Key> {
        self.roles
            .get(key.client.0 as usize)?
            .get(key.role as usize)?
            .as_ref()
    }

    /// How many timers and world events are scheduled (what a check of them visits).
    pub fn timer_count(&self) -> usize {
        self.queue.len()
    }

    /// The timers and world events, in order.
    pub fn queue(&self) -> &EventQueue {
        &self.queue
    }

    /// The earliest message or timer by `(time, seq)`: exact for a world that takes messages
    /// with `pop_first` only (see `Links::first`).
    pub fn first(&self) -> Option<First<'_>> {
        let link = self.links.first();
        let timer = self.queue.first();
        match (link, timer) {
            (Some((key, q)), t) if t.is_none_or(|(k, _)| (q.at, q.seq) < *k) => {
                Some(First::Link(key, q))
            }
            (_, Some((_, e))) => Some(First::Timer(e)),
            _ => None,
        }
    }

    /// When the earliest message or timer is due (`first`'s).
    pub fn first_ms(&self) -> Option<u64> {
        let link = self.links.first().map(|(_, q)| q.at);
        link.into_iter().chain(self.queue.next_time()).min()
    }

    /// Takes the earliest message or timer (`first`); a client's or role's timer is theirs
    /// no longer.
    pub fn pop_first(&mut self) -> Option<Popped> {
        if let First::Link(..) = self.first()? {
            let (key, q) = self.links.pop_first()?;
            return Some(Popped::Link(key, q));
        }
        let ((at, seq), e) = self.queue.pop_first()?;
        self.forget(&(at, seq), &e);
        Some(Popped::Timer(at, e))
    }

    /// A timer taken off the queue is no longer its client's or role's.
    fn forget(&mut self, key: &Key, e: &Event) {
        match e {
            Event::ClientTimer(id) if self.client_key(*id) == Some(key) => {
                self.clients[id.0 as usize] = None;
            }
            Event::RecipeTimer(role) if self.role_key(role) == Some(key) => {
                if let Some(slot) = self.role_slot(role) {
                    *slot = None;
                }
            }
            Event::PeerTimer(i) if self.peers.get(*i as usize) == Some(&Some(*key)) => {
                self.peers[*i as usize] = None;
            }
            _ => {}
        }
    }

    /// When the earliest timer is due.
    pub fn timer_ms(&self) -> Option<u64> {
        self.queue.next_time()
    }

    /// The peers (in index order), the clients (in id order) and the roles (in role order)
    /// whose timers are due at `at` or earlier; the timers stay scheduled.
    pub fn due_timers(&self, at: u64) -> Due {
        let mut due = Due::default();
        for (_, e) in self.queue.iter().take_while(|((t, _), _)| *t <= at) {
            match e {
                Event::PeerTimer(i) => due.peers.push(*i as usize),
                Event::ClientTimer(id) => due.clients.push(*id),
                Event::RecipeTimer(key) => due.roles.push(*key),
                _ => {}
            }
        }
        crate::sorted::sort(&mut due.peers);
        crate::sorted::sort(&mut due.clients);
        crate::sorted::sort(&mut due.roles);
        due
    }

    /// Every client's and role's timer is queued under its key, and every queued timer is
    /// its owner's; the links hold their own invariants.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.queue.check_invariants()?;
        self.links.check_invariants()?;
        let client_timers = self.clients.iter().flatten().count();
        let role_timers = self.roles.iter().flatten().flatten().count();
        let peer_timers = self.peers.iter().flatten().count();
        let mut owned_timers = 0;
        for (key, e) in self.queue.iter() {
            let owned = match e {
                Event::ClientTimer(id) => self.client_key(*id) == Some(key),
                Event::RecipeTimer(role) => self.role_key(role) == Some(key),
                Event::PeerTimer(i) => self.peers.get(*i as usize) == Some(&Some(*key)),
                _ => true,
            };
            if matches!(
                e,
                Event::ClientTimer(_) | Event::RecipeTimer(_) | Event::PeerTimer(_)
            ) {
                owned_timers += 1;
            }
            if !owned {
                return Err(format!("a stale timer at {key:?}: {e:?}"));
            }
        }
        // Each queued timer is its owner's, and there are as many as owners hold: so every
        // owner's key names its own queued timer.
        if owned_timers != client_timers + role_timers + peer_timers {
            return Err(format!(
                "{owned_timers} timers queued, {client_timers} held by clients, {role_timers} by roles and {peer_timers} by peers"
            ));
        }
        Ok(())
    }
}
