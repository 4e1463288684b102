//! A simulated ZooKeeper client's connection: its state machine as the Java client's
//! `ClientCnxn` behaves (connect, ping at a third of the timeout, Disconnected after two thirds
//! without hearing from the server, reconnect with the same session, Expired, Closed), with
//! the two things a reconnect carries over: the last zxid seen and the client's own watches.

use crate::sorted::SortedMap as BTreeMap;
use crate::stat::Zxid;

use crate::error::ZkError;
use crate::request::SetWatches;
use crate::request::{Request, Response};
use crate::sim::client_watches::ClientWatches;
use crate::sim::message::Payload;
use crate::stat::SessionId;

/// The shortest a client waits for a connection attempt to be answered.
const CONNECT_WAIT_MS_MIN: u64 = 1000;

/// What a client's timer finds to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerAction {
    /// Nothing now (it is not running, or nothing is due).
    Nothing,
    /// Nothing heard for two thirds of the timeout (for this long): the connection is lost.
    TimedOut { silent_ms: u64 },
    /// A third of the timeout since it last sent anything: a ping.
    Ping,
    /// Its reconnect delay or its connection attempt's deadline is over: connect again.
    Connect,
}

/// Where the client's connection stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnState {
    /// Trying to (re)connect; `Disconnected` was reported if it had been connected before.
    Connecting,
    Connected,
    Expired,
    Closed,
}

/// A client's state as users see it (its card, the tutorial's checks): ZooKeeper's own
/// `KeeperState` names, and zkplay's `Connecting` (a first attempt) and `Crashed` (its process
/// is gone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientState {
    Connecting,
    SyncConnected,
    Disconnected,
    Expired,
    Closed,
    Crashed,
}

impl ClientState {
    /// The name shown (ZooKeeper's for its own states).
    pub fn name(self) -> &'static str {
        match self {
            ClientState::Connecting => "Connecting",
            ClientState::SyncConnected => "SyncConnected",
            ClientState::Disconnected => "Disconnected",
            ClientState::Expired => "Expired",
            ClientState::Closed => "Closed",
            ClientState::Crashed => "Crashed",
        }
    }

    /// Whether its session can still be used: not expired, closed or crashed.
    pub fn is_alive(self) -> bool {
        !matches!(
            self,
            ClientState::Expired | ClientState::Closed | ClientState::Crashed
        )
    }

    /// Whether its server hears nothing from it (a paused or partitioned client aside).
    pub fn is_silent(self) -> bool {
        matches!(
            self,
            ClientState::Crashed | ClientState::Disconnected | ClientState::Connecting
        )
    }
}

impl std::fmt::Display for ClientState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

pub use crate::watch::ClientEvent;

/// One simulated client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub name: String,
    pub requested_timeout_ms: u32,
    /// The negotiated timeout once connected (the requested one before).
    pub timeout_ms: u32,
    pub session: Option<SessionId>,
    pub state: ConnState,
    /// Whether it has ever been connected (so a lost connection reports Disconnected).
    pub was_connected: bool,
    /// The current connection's id; 0 when there is none.
    pub conn: u64,
    pub last_heard_ms: u64,
    pub last_sent_ms: u64,
    /// When the current connection attempt gives up, or the next one starts.
    pub connect_deadline_ms: u64,
    pub reconnect_at_ms: Option<u64>,
    pub next_xid: u64,
    /// Sent, waiting for a reply.
    pub outstanding: BTreeMap<u64, Request>,
    /// Waiting for a connection to be sent.
    pub queued: Vec<(u64, Request)>,
    pub completed: BTreeMap<u64, Result<Response, ZkError>>,
    pub closing_xid: Option<u64>,
    pub crashed: bool,
    pub partitioned: bool,
    pub paused_until_ms: Option<u64>,
    pub extra_delay_ms: u64,
    /// `ClientCnxn.lastZxid`: the highest zxid it has seen in a reply header. Notifications carry
    /// none (-1), so they never move it. A reconnect's setWatches is relative to it.
    pub last_zxid_seen: Zxid,
    /// Its `ZKWatchManager`: the watches it believes it holds, sent again on every reconnect.
    pub watches: ClientWatches,
    pub events: Vec<ClientEvent>,
    /// The recipe roles its session runs, in the order they started (as one Curator client
    /// runs several recipes), and which of its requests are whose: xid → (role, purpose).
    pub roles: Vec<crate::recipes::Recipe>,
    pub recipe_pending: BTreeMap<u64, (u32, crate::recipes::Purpose)>,
    /// Its connect string and where it is in it (a standalone world's clients have none: they
    /// know their one server).
    pub connect: ConnectString,
    /// A client outside the simulation (a real program on a socket, `zkplay serve`): the world
    /// carries its messages and mirrors its connection's state, and runs no timer for it —
    /// the program pings, times out and reconnects by itself.
    pub remote: bool,
}

/// A client's connect string, as the Java client's `StaticHostProvider` walks it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConnectString {
    /// The servers it may use, in the order it tries them (`server=K`, or a seeded shuffle).
    pub hosts: Vec<crate::ensemble::PeerId>,
    /// The index in `hosts` of the next server to try.
    pub next_host: usize,
    /// The index of the server that last took it (`StaticHostProvider.lastIndex`).
    pub last_host: Option<usize>,
    /// The server of its current connection or connection attempt.
    pub server: Option<crate::ensemble::PeerId>,
    /// How many of its connections or attempts ended or were accepted (for a barrier that
    /// waits for one attempt).
    pub answered: u64,
}

impl Client {
    pub fn new(name: &str, timeout_ms: u32) -> Client {
        Client {
            name: name.to_string(),
            requested_timeout_ms: timeout_ms,
            timeout_ms,
            session: None,
            state: ConnState::Connecting,
            was_connected: false,
            conn: 0,
            last_heard_ms: 0,
            last_sent_ms: 0,
            connect_deadline_ms: 0,
            reconnect_at_ms: Some(0),
            next_xid: 0,
            outstanding: BTreeMap::new(),
            queued: Vec::new(),
            completed: BTreeMap::new(),
            closing_xid: None,
            crashed: false,
            partitioned: false,
            paused_until_ms: None,
            extra_delay_ms: 0,
            last_zxid_seen: Zxid::ZERO,
            watches: ClientWatches::default(),
            events: Vec::new(),
            roles: Vec::new(),
            connect: ConnectString::default(),
            recipe_pending: BTreeMap::new(),
            remote: false,
        }
    }

    /// Whether it takes part in the simulation at all now.
    pub fn is_active(&self) -> bool {
        !self.crashed && !matches!(self.state, ConnState::Expired | ConnState::Closed)
    }

    pub fn is_paused(&self) -> bool {
        self.paused_until_ms.is_some()
    }

    /// Its state as users see it (`SyncConnected`, `Disconnected`, …, or `Crashed`).
    pub fn shown_state(&self) -> ClientState {
        match self.state {
            _ if self.crashed => ClientState::Crashed,
            ConnState::Connecting if self.was_connected => ClientState::Disconnected,
            ConnState::Connecting => ClientState::Connecting,
            ConnState::Connected => ClientState::SyncConnected,
            ConnState::Expired => ClientState::Expired,
            ConnState::Closed => ClientState::Closed,
        }
    }

    pub fn next_xid(&mut self) -> u64 {
        self.next_xid += 1;
        self.next_xid
    }

    /// Fails every request in flight or queued with `e` (ConnectionLoss on a lost connection,
    /// SessionExpired once the session is gone).
    pub fn fail_pending(&mut self, e: ZkError, queued_too: bool) {
        for (xid, _) in std::mem::take(&mut self.outstanding) {
            self.completed.insert(xid, Err(e));
        }
        if queued_too {
            for (xid, _) in std::mem::take(&mut self.queued) {
                self.completed.insert(xid, Err(e));
            }
        }
    }

    /// It opens connection `conn` (a first connect or a reconnect with its session) to one of
    /// the `hosts` servers of its connect string; returns the connect request to send on it.
    pub fn connect(&mut self, conn: u64, now_ms: u64, hosts: usize) -> Payload {
        self.conn = conn;
        self.reconnect_at_ms = None;
        // `ClientCnxn`'s connectTimeout: the session timeout (the negotiated one once it has
        // one) shared among the servers, but never less than a second: a tiny timeout must not
        // turn into a reconnect storm.
        let share = u64::from(self.timeout_ms) / (hosts.max(1) as u64);
        self.connect_deadline_ms = now_ms.saturating_add(share.max(CONNECT_WAIT_MS_MIN));
        self.last_heard_ms = now_ms;
        Payload::Connect {
            session: self.session,
            timeout_ms: self.requested_timeout_ms,
        }
    }

    /// The server accepted the connection for `session`; returns the setWatches to send first.
    pub fn on_connected(&mut self, session: SessionId, timeout_ms: u32) -> Vec<SetWatches> {
        self.session = Some(session);
        self.timeout_ms = timeout_ms;
        self.state = ConnState::Connected;
        self.was_connected = true;
        self.reconnect_at_ms = None;
        // `primeConnection` queued these right behind the connect request; the client writes
        // them once the connection is accepted, before anything else (its watch table cannot
        // change while it has no connection).
        self.watches.set_watches(self.last_zxid_seen)
    }

    /// Its session is over (`Expired` or `Closed`): what was pending fails with SessionExpired.
    pub fn end_session(&mut self, state: ConnState) {
        self.state = state;
        self.conn = 0;
        self.fail_pending(ZkError::SessionExpired, true);
    }

    /// The server closed the session as it asked (the reply to its closeSession `xid`).
    pub fn on_closed(&mut self, xid: u64) {
        self.completed.insert(xid, Ok(Response::Empty));
        self.end_session(ConnState::Closed);
    }

    /// A reply to request `xid`, with the zxid of its header.
    pub fn on_reply(&mut self, xid: u64, zxid: Zxid, result: Result<Response, ZkError>) {
        let request = self.outstanding.remove(&xid);
        self.on_reply_to(xid, zxid, request, result);
    }

    /// A reply to request `xid`, already taken out of `outstanding` (`None`: not one of its
    /// requests in flight).
    pub fn on_reply_to(
        &mut self,
        xid: u64,
        zxid: Zxid,
        request: Option<Request>,
        result: Result<Response, ZkError>,
    ) {
        if let Some(request) = request {
            self.watches.on_reply(&request, &result);
            self.completed.insert(xid, result);
        }
        self.last_zxid_seen = self.last_zxid_seen.max(zxid);
    }

    /// The connection is gone: fail what was in flight or queued (as the Java client's
    /// `cleanup()`) and plan a reconnect; returns whether it had been connected (so it reports
    /// Disconnected once).
    pub fn on_connection_lost(&mut self, reconnect_at_ms: u64) -> bool {
        let was_connected = self.state == ConnState::Connected;
        self.state = ConnState::Connecting;
        self.conn = 0;
        self.reconnect_at_ms = Some(reconnect_at_ms);
        self.fail_pending(ZkError::ConnectionLoss, true);
        was_connected
    }

    /// The application sends `request`; returns its xid and, when it can go out now, the
    /// message to send (else it is queued for the next connection, or fails at once when the
    /// process crashed or the session is over).
    pub fn submit(&mut self, request: Request) -> (u64, Option<Payload>) {
        let xid = self.next_xid();
        if self.crashed {
            self.completed.insert(xid, Err(ZkError::ConnectionLoss));
        } else if matches!(self.state, ConnState::Expired | ConnState::Closed) {
            self.completed.insert(xid, Err(ZkError::SessionExpired));
        } else if self.state == ConnState::Connected && !self.is_paused() {
            self.outstanding.insert(xid, request.clone());
            return (xid, Some(Payload::Request { xid, request }));
        } else {
            self.queued.push((xid, request));
        }
        (xid, None)
    }

    /// Once connected and running, what it queued goes out, in order.
    pub fn take_queued(&mut self) -> Vec<Payload> {
        if self.state != ConnState::Connected || self.is_paused() {
            return Vec::new();
        }
        let queued = std::mem::take(&mut self.queued);
        queued
            .into_iter()
            .map(|(xid, request)| {
                self.outstanding.insert(xid, request.clone());
                Payload::Request { xid, request }
            })
            .collect()
    }

    /// What its timer finds to do at `now_ms`.
    pub fn timer_action(&self, now_ms: u64) -> TimerAction {
        if !self.is_active() || self.is_paused() {
            return TimerAction::Nothing;
        }
        match self.state {
            ConnState::Connected => {
                let read_timeout = u64::from(self.timeout_ms) * 2 / 3;
                let ping_interval = (u64::from(self.timeout_ms) / 3).max(1);
                if now_ms >= self.last_heard_ms.saturating_add(read_timeout) {
                    TimerAction::TimedOut {
                        silent_ms: now_ms - self.last_heard_ms,
                    }
                } else if now_ms >= self.last_sent_ms.saturating_add(ping_interval) {
                    TimerAction::Ping
                } else {
                    TimerAction::Nothing
                }
            }
            ConnState::Connecting => {
                if self.reconnect_at_ms.is_some_and(|t| t <= now_ms)
                    || now_ms >= self.connect_deadline_ms
                {
                    TimerAction::Connect
                } else {
                    TimerAction::Nothing
                }
            }
            ConnState::Expired | ConnState::Closed => TimerAction::Nothing,
        }
    }

    /// When its timer must next run, if at all.
    pub fn next_wakeup_ms(&self) -> Option<u64> {
        if !self.is_active() || self.is_paused() || self.remote {
            return None;
        }
        match self.state {
            ConnState::Connected => {
                let read_timeout = u64::from(self.timeout_ms) * 2 / 3;
                let ping_interval = u64::from(self.timeout_ms) / 3;
                Some(
                    (self.last_heard_ms.saturating_add(read_timeout))
                        .min(self.last_sent_ms.saturating_add(ping_interval.max(1))),
                )
            }
            ConnState::Connecting => Some(match self.reconnect_at_ms {
                Some(t) => t,
                None => self.connect_deadline_ms,
            }),
            ConnState::Expired | ConnState::Closed => None,
        }
    }
}

/// The state hash leaves out `completed` and `events`: they are output buffers the driver
/// drains, not part of the simulated world, so replaying inputs reproduces the same hash.
/// A session with at most one role hashes as when a client held one optional role (the
/// first role as an `Option`, pending purposes without their role index 0), so the pinned
/// hashes of every one-role scenario stay; further roles and their indexes come after.
impl std::hash::Hash for Client {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.name.hash(h);
        self.requested_timeout_ms.hash(h);
        self.timeout_ms.hash(h);
        self.session.hash(h);
        self.state.hash(h);
        self.was_connected.hash(h);
        self.conn.hash(h);
        self.last_heard_ms.hash(h);
        self.last_sent_ms.hash(h);
        self.connect_deadline_ms.hash(h);
        self.reconnect_at_ms.hash(h);
        self.next_xid.hash(h);
        self.outstanding.hash(h);
        self.queued.hash(h);
        self.closing_xid.hash(h);
        self.crashed.hash(h);
        self.partitioned.hash(h);
        self.paused_until_ms.hash(h);
        self.extra_delay_ms.hash(h);
        self.last_zxid_seen.hash(h);
        self.watches.hash(h);
        self.roles.first().hash(h);
        // As `BTreeMap::hash`: the length, then each entry.
        h.write_usize(self.recipe_pending.len());
        for (xid, (role, purpose)) in &self.recipe_pending {
            xid.hash(h);
            purpose.hash(h);
            if *role != 0 {
                role.hash(h);
            }
        }
        if self.roles.len() > 1 {
            self.roles[1..].hash(h);
        }
        // Last and only when it has one, so a standalone client hashes as it always did.
        if self.connect != ConnectString::default() {
            self.connect.hash(h);
        }
        if self.remote {
            self.remote.hash(h);
        }
    }
}
