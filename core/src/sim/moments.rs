//! The five moments of a session's start, as the Java client logs them and the seed numbers
//! them: ① `Initiating client connection`, ② `Opening socket connection to server`,
//! ③ `Socket connection established, initiating session` (the ConnectRequest goes out),
//! ④ `Session establishment complete` (the session id and the negotiated timeout) and ⑤ the
//! `SyncConnected` event. A reconnect goes through ② to ⑤ again with the same session.
//!
//! They are *observations* for the views (the event log and the timeline label them), kept
//! beside the simulation's state but not part of it: they are not hashed, so recording them
//! changes no state hash, golden or transcript. They are as deterministic as everything else:
//! the same inputs record the same moments.

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

use crate::sim::client::Client;
use crate::sim::clients::ClientId;
use crate::stat::SessionId;

/// One of the five moments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Moment {
    /// ① The client (zkCli's `ZooKeeper` object) starts to establish a session.
    Initiating,
    /// ② Its send thread opens a socket to the server.
    OpeningSocket,
    /// ③ The socket is connected; the ConnectRequest goes out and the server sets up the
    /// session when it arrives.
    ConnectRequestSent,
    /// ④ The ConnectResponse arrived: the session id and the negotiated timeout.
    SessionEstablished,
    /// ⑤ The client's watcher receives `SyncConnected`.
    SyncConnected,
}

impl Moment {
    /// ① to ⑤.
    pub fn label(self) -> &'static str {
        match self {
            Moment::Initiating => "①",
            Moment::OpeningSocket => "②",
            Moment::ConnectRequestSent => "③",
            Moment::SessionEstablished => "④",
            Moment::SyncConnected => "⑤",
        }
    }
}

/// A moment as it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionMoment {
    pub moment: Moment,
    pub client: ClientId,
    pub step: u64,
    pub time_ms: u64,
    /// The session: none yet at ① to ③ of a first connection.
    pub session: Option<SessionId>,
    /// The requested timeout (① to ③), the negotiated one (④, ⑤).
    pub timeout_ms: u32,
    /// The number of the log line it labels (counting every line the simulation ever wrote), or,
    /// for a moment the log has no line of its own for (② and ③), the line it follows.
    pub log_line: Option<u64>,
    /// Whether it labels that line (①, ④, ⑤) or stands after it (②, ③).
    pub labels_line: bool,
}

impl SessionMoment {
    /// Moment `moment` of client `id`'s session start, at event `step` and `time_ms`, with
    /// the session and timeout `client` has now: what every world
    /// record alike. Only `log_line` is each world's own: where its log places the moment.
    pub(crate) fn new(
        id: ClientId,
        client: &Client,
        moment: Moment,
        (step, time_ms): (u64, u64),
        log_line: Option<u64>,
        labels_line: bool,
    ) -> SessionMoment {
        SessionMoment {
            moment,
            client: id,
            step,
            time_ms,
            session: client.session,
            timeout_ms: client.timeout_ms,
            log_line,
            labels_line,
        }
    }
}

/// The moments recorded so far (the latest `moments_max`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Moments {
    pub(super) entries: VecDeque<SessionMoment>,
}

/// Observations are not state: two simulations in the same state hash the same, whatever
/// they observed on the way.
impl Hash for Moments {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl Moments {
    /// Every moment kept, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &SessionMoment> {
        self.entries.iter()
    }

    pub(super) fn record(&mut self, m: SessionMoment, moments_max: usize) {
        self.entries.push_back(m);
        while self.entries.len() > moments_max {
            self.entries.pop_front();
        }
    }
}
