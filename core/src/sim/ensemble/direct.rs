//! Writes and syncs submitted to a peer directly, for no client connection (what drives the
//! replicas without clients, such as the peers' own tests): numbered from the one counter the
//! clients' requests use too, a direct sync's answer kept until it is taken, and, once asked
//! for, a record of every transaction each peer applies, whoever submitted it.

use crate::sorted::SortedMap as BTreeMap;
use std::collections::VecDeque;

use crate::ensemble::{Applied, ClientWrite, NotServing, Origin, PeerId};
use crate::sim::servers::{ens, ens_ref};
use crate::sim::Sim;
use crate::stat::SessionId;

/// At most this many direct requests wait for their answer, and this many answered syncs
/// wait to be taken, per peer: the oldest go first.
pub const DIRECT_MAX: usize = 10_000;
/// At most this many applied transactions are recorded per peer until taken; later ones are
/// not.
pub const APPLIED_RECORD_MAX: usize = 1_000_000;

/// What the simulation keeps of the direct requests.
#[derive(Clone, Debug, Default)]
pub struct Direct {
    /// Request numbers submitted directly and not answered yet, per peer, oldest first.
    waiting: BTreeMap<PeerId, VecDeque<u64>>,
    /// The direct syncs answered, per peer, in order.
    synced: BTreeMap<PeerId, VecDeque<Origin>>,
    /// Every transaction each peer applied since last taken, when recording.
    applied: Option<BTreeMap<PeerId, Vec<Applied>>>,
}

impl Direct {
    /// Whether a peer's own request `request` was submitted directly; it is answered now.
    fn answered(&mut self, peer: PeerId, request: u64) -> bool {
        let Some(waiting) = self.waiting.get_mut(&peer) else {
            return false;
        };
        let Some(k) = waiting.iter().position(|&r| r == request) else {
            return false;
        };
        waiting.remove(k);
        true
    }

    /// Peer `peer` applied `a` (its own request or anyone's).
    pub(crate) fn applied(&mut self, peer: PeerId, a: &Applied) {
        if a.origin.peer == peer {
            self.answered(peer, a.origin.request);
        }
        if let Some(record) = self.applied.as_mut() {
            let kept = record.entry(peer).or_default();
            if kept.len() < APPLIED_RECORD_MAX {
                kept.push(a.clone());
            }
        }
    }

    /// Peer `peer` answered the sync `origin`, which no client of it asked for: kept if it
    /// was submitted directly.
    pub(crate) fn synced(&mut self, peer: PeerId, origin: Origin) {
        if origin.peer != peer || !self.answered(peer, origin.request) {
            return;
        }
        let kept = self.synced.entry(peer).or_default();
        if kept.len() >= DIRECT_MAX {
            kept.pop_front();
        }
        kept.push_back(origin);
    }

    /// A peer's process died: its requests will never be answered.
    pub(crate) fn crashed(&mut self, peer: PeerId) {
        self.waiting.remove(&peer);
    }
}

impl Sim {
    /// A write (or a sync, a session's creation or closing) submitted at peer `id` for no
    /// client: it goes through the peer as a client's would, and nobody is answered.
    pub fn submit(&mut self, id: PeerId, write: ClientWrite) -> Result<(), NotServing> {
        let i = self.index(id).ok_or(NotServing::Crashed)?;
        let now = self.now_ms;
        let crate::sim::Servers::Ensemble(e) = &mut self.servers else {
            return Err(NotServing::Crashed);
        };
        e.requests = e.requests.saturating_add(1);
        let request = e.requests;
        let out = e.peers[i].submit(now, request, write)?;
        let waiting = e.direct.waiting.entry(id).or_default();
        if waiting.len() >= DIRECT_MAX {
            waiting.pop_front();
        }
        waiting.push_back(request);
        self.after_peer(i, out);
        Ok(())
    }

    /// How many requests were submitted to peers so far (the latest one's number).
    pub fn requests_submitted(&self) -> u64 {
        ens_ref!(self).requests
    }

    /// Takes the direct syncs peer `id` answered since the last call, in order.
    pub fn take_synced(&mut self, id: PeerId) -> Vec<Origin> {
        ens!(self)
            .direct
            .synced
            .remove(&id)
            .map(Vec::from)
            .unwrap_or_default()
    }

    /// The client of a direct session at peer `id` was heard from (its ping).
    pub fn touch_session_on(&mut self, id: PeerId, session: SessionId) {
        let now = self.now_ms;
        if let Some(i) = self.index(id) {
            ens!(self).peers[i].touch(now, session);
            ens!(self).touched.touch_peer(i);
        }
    }

    /// Starts recording every transaction each peer applies (see `take_applied`).
    pub fn record_applied(&mut self) {
        ens!(self).direct.applied.get_or_insert_with(BTreeMap::new);
    }

    /// Takes what peer `id` applied since recording started or the last call, in order.
    pub fn take_applied(&mut self, id: PeerId) -> Vec<Applied> {
        ens!(self)
            .direct
            .applied
            .as_mut()
            .and_then(|record| record.remove(&id))
            .unwrap_or_default()
    }
}
