//! The server's journal: every call that changed its durable state (the clock, sessions
//! opened and closed, writes), kept only when asked for (`zkplay serve` with a `dataDir`), so
//! a server started again on the same data is rebuilt by replaying it — as ZooKeeper rebuilds
//! its tree and sessions from its transaction log. The server is deterministic: the same calls
//! in the same order give the same tree, zxids, session ids and times.

use crate::request::Request;
use crate::server::{Server, ServerConfig};
use crate::stat::SessionId;

/// One call that changed the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JournalEntry {
    /// The clock moved on this many ms (consecutive moves are one entry).
    Advance(u64),
    /// `createSession` with the timeout the client asked for.
    Open { timeout_ms: u32 },
    /// `closeSession` (a client's close or the server's expiry).
    Close(SessionId),
    /// A request of a session that may change the server (a failed write too: it consumed a
    /// zxid): everything but reads and watches.
    Write {
        session: SessionId,
        request: Request,
    },
    /// A restarted session tracker (its clock then).
    Restart { elapsed_ms: u64 },
}

/// The entries not yet taken, when the server keeps a journal. Not the server's state: it
/// neither hashes nor compares.
#[derive(Clone, Debug, Default)]
pub struct Journal(Option<Vec<JournalEntry>>);

impl std::hash::Hash for Journal {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl PartialEq for Journal {
    fn eq(&self, _: &Journal) -> bool {
        true
    }
}

impl Eq for Journal {}

impl Journal {
    /// Whether the server keeps one.
    pub(super) fn on(&self) -> bool {
        self.0.is_some()
    }

    pub(super) fn push(&mut self, e: JournalEntry) {
        let Some(entries) = &mut self.0 else {
            return;
        };
        if let (JournalEntry::Advance(ms), Some(JournalEntry::Advance(last))) =
            (&e, entries.last_mut())
        {
            *last = last.saturating_add(*ms);
            return;
        }
        entries.push(e);
    }
}

impl Server {
    /// Keeps a journal of every change from now on (see [`Server::take_journal`]).
    pub fn keep_journal(&mut self) {
        if self.journal.0.is_none() {
            self.journal.0 = Some(Vec::new());
        }
    }

    /// The changes since last asked, in order.
    pub fn take_journal(&mut self) -> Vec<JournalEntry> {
        self.journal
            .0
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// A server rebuilt from its journal: each call made again, in order.
    pub fn replay(config: ServerConfig, entries: &[JournalEntry]) -> Server {
        let mut s = Server::new(config);
        for e in entries {
            s.replay_one(e);
        }
        // A restored server's watches belong to connections that are gone.
        s.take_notifications();
        s
    }

    fn replay_one(&mut self, e: &JournalEntry) {
        match e {
            JournalEntry::Advance(ms) => self.advance(*ms),
            JournalEntry::Open { timeout_ms } => {
                self.open_session(*timeout_ms);
            }
            JournalEntry::Close(s) => {
                let _ = self.close_session(*s);
            }
            JournalEntry::Write { session, request } => {
                let _ = self.handle(*session, request);
            }
            JournalEntry::Restart { elapsed_ms } => self.restart_session_tracker(*elapsed_ms),
        }
    }
}
