//! Votes as Fast Leader Election exchanges them (`Vote`, the wire `Notification`), the peer
//! states, and FLE's two comparisons: `totalOrderPredicate` (which proposal is better) and
//! `Vote.equals` (which votes agree).

use crate::ensemble::config::PeerId;
use crate::stat::Zxid;

/// `QuorumPeer.ServerState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServerState {
    Looking,
    Following,
    Leading,
    Observing,
}

impl ServerState {
    /// The name ZooKeeper logs and `srvr` shows in upper case.
    pub fn name(self) -> &'static str {
        match self {
            ServerState::Looking => "LOOKING",
            ServerState::Following => "FOLLOWING",
            ServerState::Leading => "LEADING",
            ServerState::Observing => "OBSERVING",
        }
    }
}

/// A proposal: who should lead, with its last zxid and epoch. An observer proposes nobody
/// (`Long.MIN_VALUE` in ZooKeeper): `leader` is `None` and zxid and epoch are `i64::MIN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Proposal {
    pub leader: Option<PeerId>,
    pub zxid: Zxid,
    pub peer_epoch: i64,
}

impl Proposal {
    /// What an observer proposes.
    pub const NOBODY: Proposal = Proposal {
        leader: None,
        zxid: Zxid(i64::MIN),
        peer_epoch: i64::MIN,
    };

    /// `totalOrderPredicate(new, current)`: `self` beats `current` by epoch, then zxid, then
    /// myid. A proposal for nobody never wins: its `Long.MIN_VALUE` epoch, zxid and id are the
    /// lowest there are (every voter weighs 1 in `QuorumMaj`).
    pub fn beats(&self, current: &Proposal) -> bool {
        let Some(id) = self.leader else {
            return false;
        };
        (self.peer_epoch, self.zxid, Some(id)) > (current.peer_epoch, current.zxid, current.leader)
    }
}

/// `Vote`: a proposal with the election round it was made in and the voter's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Vote {
    pub proposal: Proposal,
    pub election_epoch: i64,
    pub state: ServerState,
}

impl Vote {
    /// `Vote.equals`: when either side is LOOKING, leader, zxid, round and epoch must match;
    /// between peers out of election only the leader and its epoch (ZOOKEEPER-1732, -1805).
    pub fn agrees_with(&self, other: &Vote) -> bool {
        let (a, b) = (&self.proposal, &other.proposal);
        if self.state == ServerState::Looking || other.state == ServerState::Looking {
            a.leader == b.leader
                && a.zxid == b.zxid
                && self.election_epoch == other.election_epoch
                && a.peer_epoch == b.peer_epoch
        } else {
            a.leader == b.leader && a.peer_epoch == b.peer_epoch
        }
    }
}

/// The FLE notification on the wire: the sender's vote, its round and its state.
pub type Notification = Vote;
