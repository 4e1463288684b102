//! The server's sessions: ids as `SessionTrackerImpl` forms them, opening, closing (with the
//! session's ephemerals), restarting the tracker, and a connection's end with the watches it
//! takes and the setWatches that brings them back.

use std::rc::Rc;

use crate::acl::Id;
use crate::error::ZkError;
use crate::request::SetWatches;
use crate::server::journal::JournalEntry;
use crate::server::Server;
use crate::stat::{SessionId, CONTAINER_OWNER};
use crate::watch::{EventType, WatchMode};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Session {
    pub(super) timeout_ms: u32,
    /// Shared so a request borrows it without copying.
    pub(super) auth: Rc<[Id]>,
}

/// The server id a standalone server gives its session tracker
/// (`ZooKeeperServer.createSessionTrackerServerId`).
pub const STANDALONE_SERVER_ID: i64 = 1;

/// `SessionTrackerImpl.initializeNextSessionId`: the first session id a server starting at
/// `elapsed_ms` on its elapsed-time clock hands out; each later session takes the next number.
/// The server id fills the top byte, the clock's low 40 bits the next five bytes, and the low
/// two bytes count sessions from 0. ZooKeeper 3.8 reads `Time.currentElapsedTime()`
/// (`System.nanoTime`, on Linux the machine's uptime), not the wall clock: real ids look like
/// `0x100002969390000` (started 2,713,913 ms after boot). The simulation's elapsed clock is its
/// own time, which starts with the simulated server.
pub fn first_session_id(server_id: i64, elapsed_ms: u64) -> i64 {
    let clock_bits = ((elapsed_ms << 24) >> 8) as i64;
    let id = clock_bits | (server_id << 56);
    // ZooKeeper steps over the container marker, which `server_id` 0x80 would hit at time 0.
    if id == CONTAINER_OWNER {
        id + 1
    } else {
        id
    }
}

impl Server {
    /// `createSession`: a transaction of its own. Returns the id and the negotiated timeout.
    pub fn open_session(&mut self, requested_timeout_ms: u32) -> (SessionId, u32) {
        self.journal.push(JournalEntry::Open {
            timeout_ms: requested_timeout_ms,
        });
        let id = SessionId(self.next_session);
        self.next_session += 1;
        let timeout_ms = self.config.negotiate_timeout(requested_timeout_ms);
        self.next_zxid();
        self.sessions.insert(
            id,
            Box::new(Session {
                timeout_ms,
                auth: Rc::from(vec![Id::new("ip", &self.config.client_ip)]),
            }),
        );
        (id, timeout_ms)
    }

    /// A restarted server builds a new session tracker, whose ids start again from its clock
    /// (`initializeNextSessionId`). Restored sessions keep theirs. A real restart takes long
    /// enough for the clock to have moved past every id handed out; a simulated one can happen
    /// in the same millisecond, so ids never go back.
    pub fn restart_session_tracker(&mut self, elapsed_ms: u64) {
        self.journal.push(JournalEntry::Restart { elapsed_ms });
        let first = first_session_id(STANDALONE_SERVER_ID, elapsed_ms);
        self.next_session = self.next_session.max(first);
    }

    /// `closeSession` (a client's close, or the server's expiry): one transaction that deletes
    /// the session's ephemerals in ZooKeeper's order and drops its watches.
    pub fn close_session(&mut self, s: SessionId) -> Result<(), ZkError> {
        if self.sessions.remove(&s).is_none() {
            return Err(ZkError::SessionExpired);
        }
        self.journal.push(JournalEntry::Close(s));
        let zxid = self.next_zxid();
        for p in self.tree.ephemerals_close_order(s) {
            self.apply_delete(&p, zxid);
        }
        self.tree.drop_session(s);
        self.data_watches.remove_session(s);
        self.child_watches.remove_session(s);
        self.debug_check();
        Ok(())
    }

    pub(super) fn session(&self, s: SessionId) -> Result<&Session, ZkError> {
        self.sessions
            .get(&s)
            .map(|s| &**s)
            .ok_or(ZkError::SessionExpired)
    }

    /// `DataTree.removeCnxn`: the connection serving a session closed (the client reconnected,
    /// or the server stopped). Its watches go with it; the session lives on. In ZooKeeper a watch
    /// belongs to a connection, and only the client's `setWatches` carries it to the next one.
    pub fn remove_connection(&mut self, s: SessionId) {
        self.data_watches.remove_session(s);
        self.child_watches.remove_session(s);
    }

    /// `DataTree.setWatches`: answers each watch a reconnecting client still holds from the
    /// node's state now, relative to the last zxid the client saw. A watch whose change was
    /// missed fires once (into the outbox, in the order of the lists); any other is set again.
    /// Persistent watches are only set again: they have no catch-up events.
    pub fn set_watches(&mut self, s: SessionId, w: &SetWatches) -> Result<(), ZkError> {
        self.session(s)?;
        let relative = w.relative_zxid;
        for p in &w.data {
            let stat = self.tree.get(p).map(|n| n.stat.mzxid);
            match stat {
                None => self.notify_one(s, EventType::NodeDeleted, p),
                Some(mzxid) if mzxid > relative => {
                    self.notify_one(s, EventType::NodeDataChanged, p)
                }
                Some(_) => self.data_watches.add(p, s, WatchMode::Standard),
            }
        }
        for p in &w.exist {
            if self.tree.get(p).is_some() {
                self.notify_one(s, EventType::NodeCreated, p);
            } else {
                self.data_watches.add(p, s, WatchMode::Standard);
            }
        }
        for p in &w.child {
            let stat = self.tree.get(p).map(|n| n.stat.pzxid);
            match stat {
                None => self.notify_one(s, EventType::NodeDeleted, p),
                Some(pzxid) if pzxid > relative => {
                    self.notify_one(s, EventType::NodeChildrenChanged, p)
                }
                Some(_) => self.child_watches.add(p, s, WatchMode::Standard),
            }
        }
        for (paths, mode) in [
            (&w.persistent, WatchMode::Persistent),
            (&w.persistent_recursive, WatchMode::PersistentRecursive),
        ] {
            for p in paths {
                self.child_watches.add(p, s, mode);
                self.data_watches.add(p, s, mode);
            }
        }
        Ok(())
    }
}
