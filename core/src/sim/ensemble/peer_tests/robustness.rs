//! No input makes a peer panic: random notifications and Zab packets, from any id, on any
//! connection, in any state, mixed into a running ensemble.

use std::rc::Rc;

use super::*;
use crate::ensemble::vote::{Proposal, Vote};
use crate::ensemble::{Envelope, Message, Origin, Packet, Peer, Submitted};
use crate::sim::rng::Rng;

/// Draws from the simulation's generator, shaped for the fuzzing.
struct Draw(Rng);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number near the interesting ones: small, an epoch boundary, or extreme.
    fn number(&mut self) -> i64 {
        match self.below(5) {
            0 => self.below(4) as i64 - 1,
            1 => ((self.below(4) as i64) << 32) | self.below(3) as i64,
            2 => i64::MAX,
            3 => i64::MIN,
            _ => self.next() as i64,
        }
    }
}

fn state(d: &mut Draw) -> ServerState {
    [
        ServerState::Looking,
        ServerState::Following,
        ServerState::Leading,
        ServerState::Observing,
    ][d.below(4) as usize]
}

fn packet(d: &mut Draw) -> Packet {
    match d.below(14) {
        0 => Packet::LearnerInfo {
            accepted_epoch: d.number(),
            observer: d.below(2) == 0,
        },
        1 => Packet::LeaderInfo {
            new_epoch: d.number(),
        },
        2 => Packet::AckEpoch {
            current_epoch: d.number(),
            last_zxid: crate::stat::Zxid(d.number()),
        },
        3 => Packet::Diff {
            last_committed: crate::stat::Zxid(d.number()),
        },
        4 => Packet::Trunc {
            zxid: crate::stat::Zxid(d.number()),
        },
        5 => Packet::NewLeader {
            zxid: crate::stat::Zxid(d.number()),
        },
        6 => Packet::Ack {
            zxid: crate::stat::Zxid(d.number()),
        },
        7 => Packet::UpToDate,
        8 => Packet::Commit {
            zxid: crate::stat::Zxid(d.number()),
        },
        9 => Packet::Ping {
            touches: vec![(SESSION, d.below(40_000) as u32)],
        },
        10 => Packet::Closed,
        11 => Packet::Sync {
            origin: Origin {
                peer: d.below(6),
                request: d.next(),
            },
        },
        12 => Packet::Request(Submitted {
            origin: Origin {
                peer: d.below(6),
                request: d.next(),
            },
            write: if d.below(2) == 0 {
                create("/fuzz", "x")
            } else {
                ClientWrite::Sync { session: SESSION }
            },
            auth: None,
        }),
        _ => Packet::Ping {
            touches: Vec::new(),
        },
    }
}

fn envelope(d: &mut Draw, to: PeerId) -> Envelope {
    let message = if d.below(3) == 0 {
        let leader = match d.below(3) {
            0 => None,
            _ => Some(d.below(7)),
        };
        Message::Notification(Vote {
            proposal: Proposal {
                leader,
                zxid: crate::stat::Zxid(d.number()),
                peer_epoch: d.number(),
            },
            election_epoch: d.number(),
            state: state(d),
        })
    } else {
        Message::Zab(packet(d))
    };
    Envelope {
        from: d.below(6),
        to,
        conn: d.below(12),
        message,
    }
}

#[test]
fn random_messages_never_make_a_peer_panic() {
    for seed in 0..30 {
        let mut d = Draw(Rng::derive(seed, "peer-fuzz"));
        let mut sim = elected(3, 1, seed);
        let _ = sim.submit(3, open_session());
        sim.run_for(500);
        // Copies of the peers in whatever state they are, fed garbage.
        let mut peers: Vec<Peer> = sim.peers().to_vec();
        peers.push(Peer::new(9, Rc::new(EnsembleConfig::new(3, 1))));
        for step in 0..3_000u64 {
            let i = d.below(peers.len() as u64) as usize;
            let now = sim.now_ms() + step;
            let to = peers[i].id();
            let env = envelope(&mut d, to);
            let _ = peers[i].on_message(now, env);
            match d.below(20) {
                0 => {
                    let _ = peers[i].on_timer(now + d.below(30_000));
                }
                1 => peers[i].crash(),
                2 => {
                    let _ = peers[i].start(now);
                }
                3 => {
                    let _ = peers[i].submit(now, step, create("/p", "x"));
                }
                4 => {
                    let _ = peers[i].on_connection_reset(now, d.below(6));
                }
                _ => {}
            }
        }
    }
}
