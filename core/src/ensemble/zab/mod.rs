//! Zab, the atomic broadcast a peer runs once the election chose a leader: the leader's side
//! (`leader`: discovery of the new epoch, syncing each learner, proposing and committing, the
//! tick that checks it still has a quorum), the learner's side (`learner`: registering,
//! accepting the epoch, syncing, logging and acking proposals, applying commits), and how a
//! learner is synced (`sync`).

pub mod broadcast;
pub mod leader;
pub mod learner;
pub mod sessions;
pub mod sync;

use crate::ensemble::message::{Envelope, Packet};
use crate::ensemble::peer::{Peer, Role};

impl Peer {
    /// The role ends: every Zab connection it had is closed.
    pub(crate) fn close_connections(&mut self, out: &mut Vec<Envelope>) {
        match &self.role {
            Role::Looking => {}
            Role::Leading(l) => {
                for (&id, h) in &l.learners {
                    self.send_zab(id, h.conn, Packet::Closed, out);
                }
            }
            Role::Learning(l) => {
                self.send_zab(l.leader, self.disk.connections, Packet::Closed, out);
            }
        }
    }
}

impl Peer {
    /// The operating system reset our connection to `from` (its process died): a learner
    /// whose leader it was looks for a leader again; a leader drops that learner's handler.
    pub fn on_connection_reset(
        &mut self,
        now_ms: u64,
        from: crate::ensemble::config::PeerId,
    ) -> Vec<Envelope> {
        let mut out = Vec::new();
        if !self.up {
            return out;
        }
        self.links.reset(from);
        match &mut self.role {
            Role::Looking => {}
            Role::Leading(l) => {
                l.learners.remove(&from);
            }
            Role::Learning(l) => {
                if l.leader == from {
                    self.look(now_ms, &mut out);
                }
            }
        }
        out
    }
}
