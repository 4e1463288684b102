//! The ensemble's live checks, after every event: at most one established leader per epoch;
//! every peer's committed log is a prefix of the longest committed log seen (the same
//! transactions, not only the same zxids); a client sees zxids only grow, across reconnects
//! too; a write acknowledged to a client is in the log of every leader established after it;
//! no peer saw an anomaly.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::rc::Rc;

use crate::ensemble::{Peer, PeerId, Txn};
use crate::recipes::monitor::{Detail, Property};
use crate::sim::ensemble::EnsembleSim;
use crate::stat::Zxid;

/// At most this many violations are kept (a broken run repeats itself).
pub const VIOLATIONS_MAX: usize = 100;

/// What the checks remember between events.
#[derive(Clone, Debug, Default)]
pub struct Checks {
    /// The established leaders seen per epoch.
    leaders: BTreeMap<i64, BTreeSet<PeerId>>,
    /// The longest committed history seen on any peer.
    canon: Vec<Rc<Txn>>,
    /// Zxids of the writes acknowledged to clients.
    acknowledged: BTreeSet<Zxid>,
    /// Per peer (by index): the log's `rewrites` count and how much of its committed prefix
    /// was found equal to `canon` then. The canon only ever grows (it is replaced only by a
    /// longer history that agrees with all of it), and the log's committed prefix only
    /// grows while `rewrites` stays, so that part needs no second look.
    agreed: Vec<(u64, usize)>,
    violations: Vec<String>,
    /// Each violation's property, what broke it and when it was found (simulated ms), in order.
    found: Vec<(Property, Detail, u64)>,
}

/// The properties, as violations name them.
pub const ONE_LEADER: Property = Property::OneLeaderPerEpoch;
pub const LOGS_AGREE: Property = Property::CommittedLogsAgree;
pub const ZXIDS_GROW: Property = Property::ClientZxidsGrow;
pub const WRITES_SURVIVE: Property = Property::AcknowledgedWritesSurvive;
pub const NO_ANOMALY: Property = Property::NoPeerAnomaly;

impl Checks {
    pub fn violations(&self) -> &[String] {
        &self.violations
    }

    /// Each violation with its property and when it was found.
    pub fn found(&self) -> impl Iterator<Item = (Property, &Detail, u64)> + '_ {
        self.found.iter().map(|(p, d, at)| (*p, d, *at))
    }

    fn record(&mut self, property: Property, d: Detail, now_ms: u64) {
        let v = d.to_string();
        if self.violations.len() < VIOLATIONS_MAX && !self.violations.contains(&v) {
            self.violations.push(v);
            self.found.push((property, d, now_ms));
        }
    }

    /// A client was answered the write (or the session) with this zxid.
    pub fn acknowledged(&mut self, zxid: Zxid) {
        self.acknowledged.insert(zxid);
    }

    /// The zxids of the writes acknowledged so far, ascending.
    pub fn acknowledged_zxids(&self) -> Vec<Zxid> {
        self.acknowledged.iter().copied().collect()
    }

    /// The longest committed history seen on any peer, as zxids.
    pub fn committed_zxids(&self) -> Vec<Zxid> {
        self.canon.iter().map(|t| t.zxid).collect()
    }

    /// How many writes were acknowledged so far.
    pub fn acknowledged_count(&self) -> usize {
        self.acknowledged.len()
    }

    /// A client whose last seen zxid was `seen` got a reply carrying `zxid`.
    pub fn client_zxid(&mut self, name: &str, seen: Zxid, zxid: Zxid, now_ms: u64) {
        if zxid < seen {
            let d = Detail::ZxidWentBack {
                client: name.to_string(),
                zxid,
                seen,
            };
            self.record(ZXIDS_GROW, d, now_ms);
        }
    }

    /// Checks the peers after an event.
    pub fn check(&mut self, peers: &[Peer], now_ms: u64) {
        let mut found: Vec<(Property, Detail)> = Vec::new();
        for p in peers {
            let Some(epoch) = p.established_epoch() else {
                continue;
            };
            let set = self.leaders.entry(epoch).or_default();
            if !set.insert(p.id()) {
                continue;
            }
            if set.len() > 1 {
                let leaders = set.iter().copied().collect();
                found.push((ONE_LEADER, Detail::TwoLeaders { epoch, leaders }));
            }
            // Established just now: it holds everything committed or acknowledged so far.
            let log = p.log().entries();
            if p.log().committed().len() < self.canon.len() {
                let leader = p.id();
                found.push((LOGS_AGREE, Detail::LeaderLacksCommitted { leader, epoch }));
            }
            for z in &self.acknowledged {
                if log.binary_search_by_key(z, |e| e.txn.zxid).is_err() {
                    let (leader, zxid) = (p.id(), *z);
                    let d = Detail::LeaderLacksAcknowledged {
                        leader,
                        epoch,
                        zxid,
                    };
                    found.push((WRITES_SURVIVE, d));
                }
            }
        }
        self.agreed.resize(peers.len(), (0, 0));
        for (p, agreed) in peers.iter().zip(self.agreed.iter_mut()) {
            found.extend(p.anomalies().iter().map(|a| {
                let anomaly = a.clone();
                (NO_ANOMALY, Detail::Anomaly { anomaly })
            }));
            let committed = p.log().committed();
            let shared = committed.len().min(self.canon.len());
            let rewrites = p.log().rewrites();
            let from = if agreed.0 == rewrites {
                agreed.1.min(shared)
            } else {
                0
            };
            let diverged = (from..shared).find(|&k| !Rc::ptr_eq(&committed[k].txn, &self.canon[k]));
            *agreed = (rewrites, diverged.unwrap_or(shared));
            if let Some(k) = diverged {
                let d = Detail::Diverged {
                    server: p.id(),
                    zxid: committed[k].txn.zxid,
                    other: self.canon[k].zxid,
                };
                found.push((LOGS_AGREE, d));
            } else if committed.len() > self.canon.len() {
                // It agrees on the common part (checked above): only the rest is new.
                let known = self.canon.len();
                self.canon
                    .extend(committed[known..].iter().map(|e| Rc::clone(&e.txn)));
            }
        }
        for (property, d) in found {
            self.record(property, d, now_ms);
        }
    }
}

impl EnsembleSim {
    pub(crate) fn check(&mut self) {
        if self.sim_config.observe {
            self.checks.check(&self.peers, self.now_ms);
        }
        self.note_states();
    }
}
