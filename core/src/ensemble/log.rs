//! A peer's transaction log: zxids (`epoch << 32 | counter`, ZooKeeper's `ZxidUtils`), entries
//! proposed then committed, truncation, and the committed history a new leader syncs from.

use std::rc::Rc;

use crate::ensemble::message::Origin;
use crate::server::PreparedWrite;
use crate::stat::Zxid;

/// `ZxidUtils.makeZxid`.
pub fn make_zxid(epoch: i64, counter: i64) -> Zxid {
    Zxid::new(epoch, counter)
}

/// `ZxidUtils.getEpochFromZxid`.
pub fn epoch_of(zxid: Zxid) -> i64 {
    zxid.epoch()
}

/// `ZxidUtils.getCounterFromZxid`.
pub fn counter_of(zxid: Zxid) -> i64 {
    zxid.counter()
}

/// One transaction as the leader made it: its zxid, the wall-clock time it stamped (ctime,
/// mtime) and the prepared write. Shared by every log that holds it.
#[derive(Debug)]
pub struct Txn {
    pub zxid: Zxid,
    pub time_ms: i64,
    /// Who asked for it.
    pub origin: Origin,
    pub(crate) write: PreparedWrite,
}

impl Txn {
    /// `create`, `setData`, `multi`, `createSession`, `error`…
    pub fn summary(&self) -> &'static str {
        self.write.summary()
    }
}

/// A logged transaction (whether this peer knows it committed is its place in the log: the
/// committed entries are a prefix). One pointer: every replica's log shares the `Txn`.
#[derive(Clone, Debug)]
pub struct Entry {
    pub txn: Rc<Txn>,
}

/// The log, in zxid order. Committed entries form a prefix: a peer commits in order.
#[derive(Clone, Debug, Default)]
pub struct TxnLog {
    entries: Vec<Entry>,
    /// How many entries from the front are committed: a peer commits in order, so the
    /// committed entries are a prefix (this only grows, but by truncation and replacement).
    committed_len: usize,
    /// Counts the truncations and replacements: the committed prefix a reader saw is still
    /// the same while this is (entries are only appended and committed in between).
    rewrites: u64,
}

impl TxnLog {
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// `getLastLoggedZxid`: the last entry's zxid, 0 for an empty log.
    pub fn last_zxid(&self) -> Zxid {
        self.entries.last().map_or(Zxid::ZERO, |e| e.txn.zxid)
    }

    /// The last committed zxid, 0 when none.
    pub fn last_committed(&self) -> Zxid {
        self.committed().last().map_or(Zxid::ZERO, |e| e.txn.zxid)
    }

    /// The committed prefix.
    /// Whether some entry is logged and not committed yet.
    pub fn has_uncommitted(&self) -> bool {
        self.committed_len < self.entries.len()
    }

    pub fn committed(&self) -> &[Entry] {
        &self.entries[..self.committed_len.min(self.entries.len())]
    }

    /// Changes each time entries are truncated or replaced (never on append or commit).
    pub fn rewrites(&self) -> u64 {
        self.rewrites
    }

    /// The entries logged and not committed yet (after the committed prefix).
    pub fn uncommitted(&self) -> &[Entry] {
        &self.entries[self.committed_len.min(self.entries.len())..]
    }

    /// Appends a proposal; refused (false) unless its zxid is above the last.
    pub fn append(&mut self, txn: Rc<Txn>) -> bool {
        if txn.zxid <= self.last_zxid() {
            return false;
        }
        if self.entries.len() == self.entries.capacity() {
            // Grows by a quarter, not double: every replica keeps its whole log (the
            // simulation's disk), and half-empty logs would add a third to their memory.
            self.entries.reserve_exact(self.entries.len() / 4 + 16);
        }
        self.entries.push(Entry { txn });
        true
    }

    /// Marks the first uncommitted entry committed if it is `zxid`; returns it.
    pub fn commit_next(&mut self, zxid: Zxid) -> Option<Rc<Txn>> {
        let e = self.entries.get(self.committed_len)?;
        if e.txn.zxid != zxid {
            return None;
        }
        let txn = Rc::clone(&e.txn);
        self.committed_len += 1;
        Some(txn)
    }

    /// Marks every entry below `bound` committed, in order; returns those newly committed.
    /// A new epoch's initial history is committed this way once a quorum holds it.
    pub fn commit_below(&mut self, bound: Zxid) -> Vec<Rc<Txn>> {
        // The entries are in zxid order, so the search starts at the first uncommitted one
        // (a few proposals in flight, not the whole log, each entry behind a pointer). With a
        // committed entry at or above the bound, nothing is newly committed.
        let start = self.committed_len.min(self.entries.len());
        let below = match start.checked_sub(1).map(|last| &self.entries[last]) {
            Some(last) if last.txn.zxid >= bound => start,
            _ => start + self.entries[start..].partition_point(|e| e.txn.zxid < bound),
        };
        let from = self.committed_len.min(below);
        let out = self.entries[from..below]
            .iter()
            .map(|e| Rc::clone(&e.txn))
            .collect();
        self.committed_len = self.committed_len.max(below);
        out
    }

    /// `truncateLog(zxid)`: drops every entry above `zxid`; returns whether a committed one went.
    pub fn truncate(&mut self, zxid: Zxid) -> bool {
        let keep = self.entries.partition_point(|e| e.txn.zxid <= zxid);
        let lost_committed = self.committed_len > keep;
        self.entries.truncate(keep);
        self.committed_len = self.committed_len.min(keep);
        self.rewrites = self.rewrites.wrapping_add(1);
        lost_committed
    }

    /// Replaces the log with a leader's history (what a snapshot brings), sharing its entries;
    /// its first `committed` entries are committed.
    pub fn replace_with(&mut self, history: &[Entry], committed: usize) {
        self.entries = history.to_vec();
        self.committed_len = committed.min(self.entries.len());
        self.rewrites = self.rewrites.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::{make_zxid, Txn, TxnLog};
    use crate::ensemble::message::Origin;
    use crate::server::PreparedWrite;
    use crate::stat::SessionId;
    use std::rc::Rc;

    /// `commit_below` commits what a search of the whole log finds below the bound, from
    /// bounds below, within and above the committed prefix and the proposals after it.
    #[test]
    fn commit_below_commits_what_a_whole_search_finds() {
        let txn = |counter: i64| {
            Rc::new(Txn {
                zxid: make_zxid(1, counter * 2),
                time_ms: 0,
                origin: Origin {
                    peer: 1,
                    request: 0,
                },
                write: PreparedWrite::create_session(SessionId(counter), 1000),
            })
        };
        for committed in 0..6 {
            for bound in 0..16 {
                let mut log = TxnLog::default();
                for counter in 1..=6 {
                    log.append(txn(counter));
                }
                log.commit_below(make_zxid(1, committed * 2 + 1));
                let before = log.committed().len();
                let bound = make_zxid(1, bound);
                let below = log.entries().partition_point(|e| e.txn.zxid < bound);
                let want: Vec<_> = log.entries()[before.min(below)..below]
                    .iter()
                    .map(|e| e.txn.zxid)
                    .collect();
                let got: Vec<_> = log.commit_below(bound).iter().map(|t| t.zxid).collect();
                assert_eq!(got, want, "committed {before}, bound {bound:?}");
                assert_eq!(log.committed().len(), before.max(below));
            }
        }
    }
}
