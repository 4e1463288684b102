//! Global sessions, as the leader keeps them (`LeaderSessionTracker` over `SessionTrackerImpl`
//! and its `ExpiryQueue`): each session expires at the end of the tickTime bucket after its
//! timeout, counted from the last time it was heard from. A learner gathers the sessions its
//! clients touched and hands them to the leader in its PING reply (`LearnerSessionTracker`); a
//! new leader starts every session in its tree afresh, which is why a session outlives a
//! leader's death. An expired session is closed by a `closeSession` transaction the leader
//! proposes itself (its origin's request number is 0).

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};

use crate::ensemble::peer::{Peer, Role};
use crate::stat::SessionId;

/// When sessions expire, by session and by expiry time.
#[derive(Clone, Debug, Default)]
pub struct SessionTracker {
    /// (timeout, expiry time) of each live session.
    sessions: BTreeMap<SessionId, (u32, u64)>,
    /// The same sessions by expiry time, in buckets as `ExpiryQueue` keeps them: the next
    /// expiry without a scan (the peer asks for it after every event, and a leader tracks
    /// every client's session). A touch moves a session to a later bucket, one of the few
    /// ticks of a timeout ahead; its order in a bucket is not kept (expired sessions are
    /// taken in session order).
    by_expiry: BTreeMap<u64, Vec<SessionId>>,
}

/// Equal when they track the same sessions the same way (the buckets follow from that).
impl PartialEq for SessionTracker {
    fn eq(&self, other: &SessionTracker) -> bool {
        self.sessions == other.sessions
    }
}

impl Eq for SessionTracker {}

/// `ExpiryQueue.roundToNextInterval`: the end of the tick bucket holding `time_ms`.
fn bucket_end(time_ms: u64, tick_ms: u64) -> u64 {
    let tick = tick_ms.max(1);
    (time_ms / tick).saturating_add(1).saturating_mul(tick)
}

impl SessionTracker {
    /// A new leader's tracker: every session in its tree, each as if just heard from.
    pub fn from_sessions(
        sessions: impl IntoIterator<Item = (SessionId, u32)>,
        now_ms: u64,
        tick_ms: u64,
    ) -> SessionTracker {
        let mut t = SessionTracker::default();
        for (s, timeout_ms) in sessions {
            t.track(s, timeout_ms, now_ms, tick_ms);
        }
        t
    }

    /// Starts (or restarts) tracking a session as just heard from.
    pub fn track(&mut self, s: SessionId, timeout_ms: u32, now_ms: u64, tick_ms: u64) {
        let at = bucket_end(now_ms.saturating_add(u64::from(timeout_ms)), tick_ms);
        if self.sessions.get(&s) == Some(&(timeout_ms, at)) {
            // Heard from again within the same tick: it stays in its bucket.
            return;
        }
        if let Some((_, old)) = self.sessions.insert(s, (timeout_ms, at)) {
            self.unbucket(old, s);
        }
        self.by_expiry.entry_or_insert_with(at, Vec::new).push(s);
    }

    /// Takes a session out of the bucket of `at` (dropped once empty).
    fn unbucket(&mut self, at: u64, s: SessionId) {
        let Some(bucket) = self.by_expiry.get_mut(&at) else {
            return;
        };
        if let Some(i) = bucket.iter().position(|&b| b == s) {
            bucket.swap_remove(i);
        }
        if bucket.is_empty() {
            self.by_expiry.remove(&at);
        }
    }

    /// `touchSession`: a known session was heard from.
    pub fn touch(&mut self, s: SessionId, now_ms: u64, tick_ms: u64) {
        if let Some(&(timeout_ms, _)) = self.sessions.get(&s) {
            self.track(s, timeout_ms, now_ms, tick_ms);
        }
    }

    pub fn remove(&mut self, s: SessionId) {
        if let Some((_, at)) = self.sessions.remove(&s) {
            self.unbucket(at, s);
        }
    }

    /// When the next session expires.
    pub fn next_expiry_ms(&self) -> Option<u64> {
        self.by_expiry.first_key_value().map(|(at, _)| *at)
    }

    /// Takes the sessions expired by `now_ms`, in session order (`setSessionClosing`).
    pub fn take_expired(&mut self, now_ms: u64) -> Vec<SessionId> {
        let mut due: Vec<SessionId> = Vec::new();
        while let Some((&at, _)) = self.by_expiry.first_key_value() {
            if at > now_ms {
                break;
            }
            let Some((_, bucket)) = self.by_expiry.pop_first() else {
                break;
            };
            for s in bucket {
                self.sessions.remove(&s);
                due.push(s);
            }
        }
        crate::sorted::sort(&mut due);
        due
    }

    /// The expiry time of a session, if tracked.
    pub fn expiry_ms(&self, s: SessionId) -> Option<u64> {
        self.sessions.get(&s).map(|(_, at)| *at)
    }
}

impl Peer {
    /// A client of this peer was heard from (a request or a ping) on session `s`: the leader
    /// touches it at once, a learner with its next PING reply.
    pub fn touch(&mut self, now_ms: u64, s: SessionId) {
        let tick_ms = self.config.tick_time_ms;
        match &mut self.role {
            Role::Leading(l) => l.sessions.touch(s, now_ms, tick_ms),
            Role::Learning(_) => {
                self.touched.insert(s);
            }
            Role::Looking => {}
        }
    }

    /// The sessions touched since the last PING reply, with their timeouts from our tree.
    pub(crate) fn take_touches(&mut self) -> Vec<(SessionId, u32)> {
        let touched: BTreeSet<SessionId> = std::mem::take(&mut self.touched);
        touched
            .into_iter()
            .filter_map(|s| self.server.session_timeout(s).map(|t| (s, t)))
            .collect()
    }
}
