//! What a peer can notice that the protocol should never produce: each kind a value naming
//! the peer and the zxid, its `Display` the words the live checks report ("no peer anomaly").

use crate::ensemble::PeerId;
use crate::stat::Zxid;

/// Something a peer noticed that Zab should never let happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anomaly {
    /// The leader could not append its own proposal to its log (its zxid out of order).
    LeaderCouldNotLog { leader: PeerId, zxid: Zxid },
    /// A quorum acknowledged a proposal the leader's log cannot commit next.
    LeaderCannotCommit { leader: PeerId, zxid: Zxid },
    /// A learner's committed entries are not a prefix of the snapshot it was sent.
    SnapshotLacksCommitted { peer: PeerId },
    /// A learner was told to commit a transaction that is not its next pending one.
    CommitNotNext { peer: PeerId, zxid: Zxid },
    /// An observer's INFORM does not follow its log.
    InformOutOfOrder { peer: PeerId, zxid: Zxid },
    /// A COMMIT that arrived during sync does not follow the log once synced.
    EarlyCommitOutOfOrder { peer: PeerId, zxid: Zxid },
    /// A TRUNC would drop committed entries.
    TruncatedCommitted { peer: PeerId, zxid: Zxid },
}

impl std::fmt::Display for Anomaly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Anomaly::LeaderCouldNotLog { leader, zxid } => {
                write!(f, "leader {leader} could not log 0x{zxid:x}")
            }
            Anomaly::LeaderCannotCommit { leader, zxid } => {
                write!(f, "leader {leader} cannot commit 0x{zxid:x}")
            }
            Anomaly::SnapshotLacksCommitted { peer } => {
                write!(f, "peer {peer} had committed entries a snapshot lacks")
            }
            Anomaly::CommitNotNext { peer, zxid } => write!(
                f,
                "peer {peer}: committing 0x{zxid:x} but it is not the next pending txn"
            ),
            Anomaly::InformOutOfOrder { peer, zxid } => {
                write!(f, "peer {peer}: INFORM 0x{zxid:x} out of order")
            }
            Anomaly::EarlyCommitOutOfOrder { peer, zxid } => {
                write!(f, "peer {peer}: early commit 0x{zxid:x} out of order")
            }
            Anomaly::TruncatedCommitted { peer, zxid } => {
                write!(f, "peer {peer} truncated committed entries past 0x{zxid:x}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anomaly_says_which_peer_and_which_zxid() {
        let a = Anomaly::CommitNotNext {
            peer: 2,
            zxid: crate::stat::Zxid(0x1_0000_0003),
        };
        assert_eq!(
            a.to_string(),
            "peer 2: committing 0x100000003 but it is not the next pending txn"
        );
        let t = Anomaly::TruncatedCommitted {
            peer: 1,
            zxid: crate::stat::Zxid(0x2_0000_0000),
        };
        assert_eq!(
            t.to_string(),
            "peer 1 truncated committed entries past 0x200000000"
        );
    }
}
