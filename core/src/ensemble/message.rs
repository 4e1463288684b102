//! What peers send each other: FLE notifications and Zab's quorum packets (`Leader.java`'s
//! packet types), and what a peer's handler returns for its driver to carry out.

use std::rc::Rc;

use crate::acl::Id;
use crate::ensemble::config::PeerId;
use crate::ensemble::log::{Entry, Txn};
use crate::ensemble::vote;
use crate::request::{Request, Response};
use crate::server::{Notification, Server};
use crate::stat::{SessionId, Zxid};
use crate::ZkError;

/// A message between two peers.
#[derive(Clone, Debug)]
pub enum Message {
    /// FLE, on the election port: the sender's vote, round and state.
    Notification(vote::Notification),
    /// Zab, on the quorum port; `conn` names the sender's connection (see [`Envelope`]).
    Zab(Packet),
}

/// A Zab packet (`QuorumPacket`), by its type.
#[derive(Clone, Debug)]
pub enum Packet {
    /// Learner → leader: `FOLLOWERINFO` or `OBSERVERINFO`, with `makeZxid(acceptedEpoch, 0)`.
    LearnerInfo {
        accepted_epoch: i64,
        observer: bool,
    },
    /// Leader → learner: the new epoch, as `makeZxid(newEpoch, 0)`.
    LeaderInfo {
        new_epoch: i64,
    },
    /// Learner → leader: its `currentEpoch` (-1 if it had already accepted this epoch) and its
    /// last logged zxid.
    AckEpoch {
        current_epoch: i64,
        last_zxid: Zxid,
    },
    /// Sync: send the proposals after the learner's zxid (each followed by a COMMIT).
    Diff {
        last_committed: Zxid,
    },
    /// Sync: drop every entry after `zxid`.
    Trunc {
        zxid: Zxid,
    },
    /// Sync: the leader's tree and committed history as of `zxid`.
    Snap {
        zxid: Zxid,
        tree: Rc<Server>,
        history: Rc<[Entry]>,
        /// How many of `history`'s entries the leader had committed.
        committed: usize,
    },
    /// Sync is sent; `zxid` is `makeZxid(newEpoch, 0)`.
    NewLeader {
        zxid: Zxid,
    },
    /// Learner → leader: for NEWLEADER, UPTODATE or a proposal.
    Ack {
        zxid: Zxid,
    },
    /// Leader → learner: start serving.
    UpToDate,
    Proposal(Rc<Txn>),
    Commit {
        zxid: Zxid,
    },
    /// Leader → observer: a committed transaction.
    Inform(Rc<Txn>),
    /// Every half tick from the leader; the learner answers with the sessions its clients
    /// touched since (session, timeout).
    Ping {
        touches: Vec<(SessionId, u32)>,
    },
    /// Learner → leader: a client's write (or sync) to prepare and propose (`Leader.REQUEST`).
    Request(Submitted),
    /// Leader → learner: the answer to a forwarded sync (`Leader.SYNC`).
    Sync {
        origin: Origin,
    },
    /// Learner → leader: is this session still valid? (`Learner.validateSession`, when a
    /// client re-attaches a session at the learner.) The leader answers with `Revalidated`.
    Revalidate {
        session: SessionId,
    },
    /// Leader → learner: the answer (`checkIfValidGlobalSession`; a valid session is touched).
    Revalidated {
        session: SessionId,
        valid: bool,
    },
    /// The connection closed (the peer left its role, or its process died and the operating
    /// system reset the socket).
    Closed,
}

impl Message {
    /// The packet type as ZooKeeper names it (`NOTIFICATION` for FLE).
    pub fn name(&self) -> &'static str {
        match self {
            Message::Notification(_) => "NOTIFICATION",
            Message::Zab(p) => p.name(),
        }
    }
}

impl Message {
    /// A line for timelines: the type and what it carries, zxids in hex as ZooKeeper logs
    /// them (`NOTIFICATION leader=3 zxid=0x0 round=1 epoch=0 LOOKING`, `PROPOSAL 0x100000002
    /// create`).
    pub fn summary(&self) -> String {
        let name = self.name();
        match self {
            Message::Notification(v) => match v.proposal.leader {
                Some(leader) => format!(
                    "{name} leader={leader} zxid=0x{:x} round={} epoch={} {}",
                    v.proposal.zxid,
                    v.election_epoch,
                    v.proposal.peer_epoch,
                    v.state.name()
                ),
                // An observer proposes nobody.
                None => format!(
                    "{name} leader=none round={} {}",
                    v.election_epoch,
                    v.state.name()
                ),
            },
            Message::Zab(p) => match p {
                Packet::LearnerInfo { accepted_epoch, .. } => {
                    format!("{name} acceptedEpoch={accepted_epoch}")
                }
                Packet::LeaderInfo { new_epoch } => format!("{name} epoch={new_epoch}"),
                Packet::AckEpoch {
                    current_epoch,
                    last_zxid,
                } => format!("{name} currentEpoch={current_epoch} zxid=0x{last_zxid:x}"),
                Packet::Diff { last_committed } => format!("{name} 0x{last_committed:x}"),
                Packet::Trunc { zxid } | Packet::Snap { zxid, .. } => format!("{name} 0x{zxid:x}"),
                Packet::NewLeader { zxid } | Packet::Ack { zxid } | Packet::Commit { zxid } => {
                    format!("{name} 0x{zxid:x}")
                }
                Packet::Proposal(t) | Packet::Inform(t) => {
                    format!("{name} 0x{:x} {}", t.zxid, t.summary())
                }
                _ => name.to_string(),
            },
        }
    }
}

impl Message {
    /// Its summary as the views carry it: ZooKeeper's words for it, or a connection's end.
    pub fn view_summary(&self) -> PeerSummary {
        match self {
            Message::Zab(Packet::Closed) => PeerSummary::Closed,
            _ => PeerSummary::Zk(self.summary()),
        }
    }
}

/// A message between servers as the views name it: ZooKeeper's words, or zkplay's own
/// `CLOSED`, which the page words in its language. `Display` is the log's English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerSummary {
    /// As ZooKeeper names it (`PROPOSAL 0x100000002 create`, `NOTIFICATION leader=3 …`).
    Zk(String),
    /// A connection closed under the message (`Packet::Closed`).
    Closed,
}

impl PeerSummary {
    /// Its English, as the log writes it.
    pub fn text(&self) -> &str {
        match self {
            PeerSummary::Zk(text) => text,
            PeerSummary::Closed => Packet::Closed.name(),
        }
    }
}

impl std::fmt::Display for PeerSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl Packet {
    /// `LearnerHandler.packetToString`'s names.
    pub fn name(&self) -> &'static str {
        match self {
            Packet::LearnerInfo {
                observer: false, ..
            } => "FOLLOWERINFO",
            Packet::LearnerInfo { observer: true, .. } => "OBSERVERINFO",
            Packet::LeaderInfo { .. } => "LEADERINFO",
            Packet::AckEpoch { .. } => "ACKEPOCH",
            Packet::Diff { .. } => "DIFF",
            Packet::Trunc { .. } => "TRUNC",
            Packet::Snap { .. } => "SNAP",
            Packet::NewLeader { .. } => "NEWLEADER",
            Packet::Ack { .. } => "ACK",
            Packet::UpToDate => "UPTODATE",
            Packet::Proposal(_) => "PROPOSAL",
            Packet::Commit { .. } => "COMMIT",
            Packet::Inform(_) => "INFORM",
            Packet::Ping { .. } => "PING",
            Packet::Request(_) => "REQUEST",
            Packet::Sync { .. } => "SYNC",
            Packet::Revalidate { .. } | Packet::Revalidated { .. } => "REVALIDATE",
            Packet::Closed => "CLOSED",
        }
    }
}

/// A message in flight with its addresses. Zab packets carry the sender's connection number, which
/// changes each time it takes a role, so a packet of an old connection is told from a new one.
#[derive(Clone, Debug)]
pub struct Envelope {
    pub from: PeerId,
    pub to: PeerId,
    pub conn: u64,
    pub message: Message,
}

/// A write a client asks of the ensemble.
#[derive(Clone, Debug)]
pub enum ClientWrite {
    /// `createSession`, with the id the serving peer chose and the negotiated timeout.
    CreateSession { session: SessionId, timeout_ms: u32 },
    /// `closeSession`.
    CloseSession { session: SessionId },
    /// A `Write`, `Multi` or `SetAcl` request of a session.
    Request {
        session: SessionId,
        request: Request,
    },
    /// `sync`: no transaction. The leader answers it in order with the writes before it
    /// (`LearnerSyncRequest`, `Leader.processSync`): a SYNC to the learner that asked, behind
    /// the COMMITs it had to see. The asking peer reports it in `Peer::take_synced`.
    Sync { session: SessionId },
}

/// A client's write as a peer took it: who asked, what, and the identities the client's
/// connection authenticated as on that peer (the leader checks ACLs with them).
#[derive(Clone, Debug)]
pub struct Submitted {
    pub origin: Origin,
    pub write: ClientWrite,
    pub auth: Option<Rc<[Id]>>,
}

/// Who asked for a write: the peer its client is connected to, and the number that peer gave
/// the request (ZooKeeper matches a committed request to its pending one by session and cxid).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub peer: PeerId,
    pub request: u64,
}

/// A committed transaction applied to one peer's tree, with what its client is answered (by
/// the peer named in `origin` only).
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub zxid: Zxid,
    pub origin: Origin,
    pub summary: &'static str,
    pub result: Result<Response, ZkError>,
    /// The watch notifications the transaction fired on this peer.
    pub notifications: Vec<Notification>,
}

/// Why a write could not be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotServing {
    /// The peer is looking for a leader or still syncing with one.
    NoLeader,
    /// The peer is down.
    Crashed,
}
