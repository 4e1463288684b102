//! Who is in the ensemble and its timing: each peer's `myid`, voter or observer, `tickTime`,
//! `initLimit`, `syncLimit` (the sample `zoo.cfg`'s 2000, 10, 5), and the quorum rule of
//! ZooKeeper's `QuorumMaj`: more than half of the voters.

use crate::sorted::SortedSet as BTreeSet;

use crate::server::ServerConfig;

/// A server's `myid`.
pub type PeerId = u64;

/// `LearnerType`: a participant votes and acks; an observer only learns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LearnerType {
    Participant,
    Observer,
}

/// The static configuration every peer shares (no dynamic reconfig).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EnsembleConfig {
    pub tick_time_ms: u64,
    /// Ticks a learner has to connect and sync with a new leader.
    pub init_limit: u64,
    /// Ticks a learner may go without hearing from its leader (and the leader from it).
    pub sync_limit: u64,
    pub voters: BTreeSet<PeerId>,
    pub observers: BTreeSet<PeerId>,
    /// The settings of each peer's data tree.
    pub server: ServerConfig,
}

impl EnsembleConfig {
    /// `voters` voters with myid 1..=voters, then `observers` observers after them, with the
    /// sample `zoo.cfg`'s timing.
    pub fn new(voters: u64, observers: u64) -> EnsembleConfig {
        EnsembleConfig {
            tick_time_ms: 2000,
            init_limit: 10,
            sync_limit: 5,
            voters: (1..=voters).collect(),
            observers: (voters.saturating_add(1)..=voters.saturating_add(observers)).collect(),
            server: ServerConfig::default(),
        }
    }

    /// Every peer, voters first, in myid order.
    pub fn peers(&self) -> Vec<PeerId> {
        self.voters.iter().chain(&self.observers).copied().collect()
    }

    pub fn is_voter(&self, id: PeerId) -> bool {
        self.voters.contains(&id)
    }

    pub fn learner_type(&self, id: PeerId) -> LearnerType {
        if self.is_voter(id) {
            LearnerType::Participant
        } else {
            LearnerType::Observer
        }
    }

    /// `QuorumMaj.containsQuorum`: more than half of the voters are in `acks` (anyone else in
    /// the set does not count, as `SyncedLearnerTracker.addAck` skips non-voters).
    pub fn is_quorum<'a>(&self, acks: impl IntoIterator<Item = &'a PeerId>) -> bool {
        let voting = acks.into_iter().filter(|id| self.is_voter(**id)).count();
        voting > self.voters.len() / 2
    }

    /// `initLimit * tickTime`.
    pub fn init_timeout_ms(&self) -> u64 {
        self.init_limit.saturating_mul(self.tick_time_ms)
    }

    /// `syncLimit * tickTime`.
    pub fn sync_timeout_ms(&self) -> u64 {
        self.sync_limit.saturating_mul(self.tick_time_ms)
    }
}
