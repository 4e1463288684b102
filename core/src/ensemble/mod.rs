//! ZooKeeper as a replicated service, as pure state machines: an ensemble of peers that elect a
//! leader with Fast Leader Election and replicate every write with Zab, each peer owning an
//! engine `Server` that applies the committed transactions in zxid order. ZooKeeper 3.8's rules
//! (`FastLeaderElection`, `Leader`, `LearnerHandler`, `Learner`, `Follower`, `Observer`,
//! `QuorumMaj`) are kept where they decide an outcome; what is simplified says so in its file.
//!
//! A peer never reads a clock or sends anything itself: `Peer::start`, `on_message`,
//! `on_timer`, `submit` take the time and return the envelopes to deliver, and
//! `Peer::deadline_ms` says when it next needs the clock. `sim::ensemble` drives the peers over
//! a seeded network, with clients or without (the peers' own tests live there, as this layer
//! cannot use it); the tests here take one `Election` or `Peer` by hand.

pub mod anomaly;
pub mod config;
pub mod election;
pub mod log;
pub mod message;
pub mod peer;
pub mod vote;
pub mod zab;

#[cfg(test)]
mod tests;

pub use anomaly::Anomaly;
pub use config::{EnsembleConfig, LearnerType, PeerId};
pub use log::{counter_of, epoch_of, make_zxid, Entry, Txn, TxnLog};
pub use message::{
    Applied, ClientWrite, Envelope, Message, NotServing, Origin, Packet, PeerSummary, Submitted,
};
pub use peer::{Disk, Peer, PeerTimer, TimerKind};
pub use vote::{Notification, Proposal, ServerState, Vote};
pub use zab::sync::SyncKind;
