//! A peer's transaction log: zxids (`epoch << 32 | counter`, ZooKeeper's `ZxidUtils`), entries
//! proposed then committed, truncation, and the committed history a new leader syncs from.

use std::rc::Rc;

use crate::ensemble::message::Origin;
use crate::server::PreparedWrite;
use crate::stat::Zxid;

/// `ZxidUtils.makeZxid`.
pub fn make_zxid(epoch: i64, counter: i64) -> Zxid {
    (epoch << 32) | (counter & 0xffff_ffff)
}

/// `ZxidUtils.getEpochFromZxid`.
pub fn epoch_of(zxid: Zxid) -> i64 {
    zxid >> 32
}

/// `ZxidUtils.getCounterFromZxid`.
pub fn counter_of(zxid: Zxid) -> i64 {
    zxid & 0xffff_ffff
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

/// A logged transaction and whether this peer knows it committed.
#[derive(Clone, Debug)]
pub struct Entry {
    pub txn: Rc<Txn>,
    pub committed: bool,
}

/// The log, in zxid order. Committed entries form a prefix: a peer commits in order.
#[derive(Clone, Debug, Default)]
pub struct TxnLog {
    entries: Vec<Entry>,
}

impl TxnLog {
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// `getLastLoggedZxid`: the last entry's zxid, 0 for an empty log.
    pub fn last_zxid(&self) -> Zxid {
        self.entries.last().map_or(0, |e| e.txn.zxid)
    }

    /// The last committed zxid, 0 when none.
    pub fn last_committed(&self) -> Zxid {
        self.committed().last().map_or(0, |e| e.txn.zxid)
    }

    /// The committed prefix.
    pub fn committed(&self) -> &[Entry] {
        let n = self.entries.iter().take_while(|e| e.committed).count();
        &self.entries[..n]
    }

    /// Appends a proposal; refused (false) unless its zxid is above the last.
    pub fn append(&mut self, txn: Rc<Txn>) -> bool {
        if txn.zxid <= self.last_zxid() {
            return false;
        }
        self.entries.push(Entry {
            txn,
            committed: false,
        });
        true
    }

    /// Marks the first uncommitted entry committed if it is `zxid`; returns it.
    pub fn commit_next(&mut self, zxid: Zxid) -> Option<Rc<Txn>> {
        let i = self.entries.iter().position(|e| !e.committed)?;
        let e = &mut self.entries[i];
        if e.txn.zxid != zxid {
            return None;
        }
        e.committed = true;
        Some(Rc::clone(&e.txn))
    }

    /// Marks every entry below `bound` committed, in order; returns those newly committed.
    /// A new epoch's initial history is committed this way once a quorum holds it.
    pub fn commit_below(&mut self, bound: Zxid) -> Vec<Rc<Txn>> {
        let mut out = Vec::new();
        for e in self.entries.iter_mut().take_while(|e| e.txn.zxid < bound) {
            if !e.committed {
                e.committed = true;
                out.push(Rc::clone(&e.txn));
            }
        }
        out
    }

    /// `truncateLog(zxid)`: drops every entry above `zxid`; returns whether a committed one went.
    pub fn truncate(&mut self, zxid: Zxid) -> bool {
        let keep = self
            .entries
            .iter()
            .take_while(|e| e.txn.zxid <= zxid)
            .count();
        let lost_committed = self.entries[keep..].iter().any(|e| e.committed);
        self.entries.truncate(keep);
        lost_committed
    }

    /// Replaces the log with a leader's history (what a snapshot brings), sharing its entries.
    pub fn replace_with(&mut self, history: &[Entry]) {
        self.entries = history.to_vec();
    }
}
