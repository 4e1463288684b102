//! The clients as the simulation hosts them, written once for both worlds: closing, crashing,
//! pausing and resuming one, its requests, what it does with each message its connection
//! brings, its timer (pings, read timeouts, connection attempts), losing a connection and
//! opening the next. The world (`Sim`, whatever its servers) is a [`ClientWorld`]:
//! it lends its clients and its clock (as a `RecipeWorld`), numbers connections and chooses
//! their server, carries what a client sends, draws the Java client's random wait, drops its
//! side of a connection the client gave up, and records what the host reports (the moments of
//! a session's start, its checks); the host writes the client's lines of the event log itself.
//! These functions, over `&mut dyn ClientWorld` as the recipe host's are, do the rest, so a
//! client behaves the same on one server and on an ensemble.
use crate::error::ZkError;
use crate::request::Request;
use crate::sim::client::{ClientEvent, ConnState, TimerAction};
use crate::sim::clients::ClientId;
use crate::sim::log::LogLine;
use crate::sim::message::Payload;
use crate::sim::recipe_host::{self, RecipeWorld};
use crate::watch::KeeperState;

/// What the host tells its world of a client, beyond the event log's lines (which it writes
/// itself, the same in both worlds: the watcher's events, a crash, a read timeout, a pause),
/// for the world to observe or check.
#[derive(Debug)]
pub(crate) enum Record<'a> {
    /// ① The client begins a session (its log line just written).
    Initiating,
    /// ② and ③: a connection attempt went out (the socket opened, the ConnectRequest sent).
    Connecting,
    /// ④ The server accepted the connection (its ConnectResponse arrived).
    Connected,
    /// The session is over: the server ended it (Expired) or closed it as asked, or the
    /// client closed it without a connection.
    SessionOver,
    /// The client's watcher is told this (its log line just written; ⑤ for SyncConnected).
    Event(&'a ClientEvent),
    /// The client's process died.
    Crashed,
    /// A reply came with this zxid, after the client had seen `before`; the request it answers
    /// and its result when the client knows them (a simulated client's own request).
    Reply {
        before: crate::stat::Zxid,
        zxid: crate::stat::Zxid,
        answered: Option<Answered<'a>>,
    },
    /// The client issues `request` as `xid` (it goes out now or once connected).
    Request { xid: u64, request: &'a Request },
}

/// A reply's request and result.
#[derive(Debug)]
pub(crate) struct Answered<'a> {
    pub xid: u64,
    pub request: &'a Request,
    pub result: &'a Result<crate::request::Response, ZkError>,
}

/// A world the clients live in.
pub(crate) trait ClientWorld: RecipeWorld {
    /// Sends on the client's current connection (or attempt).
    fn send_to_server(&mut self, id: ClientId, payload: Payload);
    /// A new connection for the client: its number and how many servers its connect string
    /// lists, once the world chose the server to try; `None` when there is none.
    fn open_connection(&mut self, id: ClientId) -> Option<(u64, usize)>;
    /// How long the client waits before its next attempt.
    fn reconnect_wait_ms(&mut self, id: ClientId) -> u64;
    /// The client gave up its connection (or attempt): the world drops its side of it.
    fn connection_dropped(&mut self, id: ClientId);
    /// Something the world may log, observe or check.
    fn record(&mut self, id: ClientId, what: Record<'_>);
    /// The client's next wake-up may have changed.
    fn reschedule(&mut self, id: ClientId);
    /// A client back from a pause reads what its socket kept meanwhile (a world that delivers
    /// it later as events of its own has nothing to do).
    fn read_buffered(&mut self, id: ClientId);
}

/// A client the world just made begins its session: ①, then its first connection attempt.
pub(crate) fn open(w: &mut dyn ClientWorld, id: ClientId) {
    let Some(c) = w.role_client(id) else {
        return;
    };
    let (client, timeout_ms) = (c.name.clone(), c.requested_timeout_ms);
    w.recipe_note(LogLine::Initiating { client, timeout_ms });
    w.record(id, Record::Initiating);
    connect(w, id);
}

/// Queues or sends a request from a client; returns its xid.
pub(crate) fn request(w: &mut dyn ClientWorld, id: ClientId, request: Request) -> Option<u64> {
    // The xid `submit` gives it.
    let next = w.role_client(id)?.next_xid.saturating_add(1);
    w.record(
        id,
        Record::Request {
            xid: next,
            request: &request,
        },
    );
    let (xid, now) = w.role_client_mut(id)?.submit(request);
    debug_assert_eq!(xid, next);
    if let Some(payload) = now {
        w.send_to_server(id, payload);
        w.reschedule(id);
    }
    Some(xid)
}

/// A client closes its session (`close`): by a closeSession request when connected, else
/// locally at once.
pub(crate) fn close(w: &mut dyn ClientWorld, id: ClientId) -> Option<u64> {
    let c = w.role_client_mut(id)?;
    let xid = c.next_xid();
    if c.state == ConnState::Connected && !c.crashed {
        c.closing_xid = Some(xid);
        w.send_to_server(id, Payload::Close { xid });
    } else {
        // Closing without a connection: the client gives up locally.
        c.on_closed(xid);
        w.record(id, Record::SessionOver);
        emit(w, id, ClientEvent::State(KeeperState::Closed));
        w.reschedule(id);
    }
    Some(xid)
}

/// The client's process dies: its roles hear of it first (the page's last words of a dying
/// process), then everything pending fails and its connection goes silent.
pub(crate) fn crash(w: &mut dyn ClientWorld, id: ClientId) {
    recipe_host::recipe_call_all(w, id, |r, fx| r.on_crash(fx));
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    c.crashed = true;
    c.fail_pending(ZkError::ConnectionLoss, true);
    let client = c.name.clone();
    w.recipe_note(LogLine::Crashed { client });
    w.record(id, Record::Crashed);
    w.reschedule(id);
}

/// The client's process stops for `ms` (a GC pause): it sends nothing and its timers wait;
/// the world wakes it at the end (`resume`).
pub(crate) fn pause(w: &mut dyn ClientWorld, id: ClientId, ms: u64) {
    let until = w.at().time_ms.saturating_add(ms);
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    c.paused_until_ms = Some(until);
    let client = c.name.clone();
    w.recipe_note(LogLine::Paused { client, ms });
    w.reschedule(id);
}

/// A paused client wakes (once its pause is over): its roles carry on where they were, then it
/// reads what arrived meanwhile and sends what it queued.
pub(crate) fn resume(w: &mut dyn ClientWorld, id: ClientId) {
    let now = w.at().time_ms;
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    if c.paused_until_ms.is_none_or(|t| t > now) {
        return;
    }
    c.paused_until_ms = None;
    let client = c.name.clone();
    w.recipe_note(LogLine::Resumed { client });
    recipe_host::recipe_call_all(w, id, |r, fx| r.on_resume(fx));
    w.read_buffered(id);
    flush_queued(w, id);
    w.reschedule(id);
}

/// The client's watcher is told of a state change or a watch: the world records it, then the
/// client's roles react.
pub(crate) fn emit(w: &mut dyn ClientWorld, id: ClientId, e: ClientEvent) {
    if let Some(c) = w.role_client(id) {
        let client = c.name.clone();
        w.recipe_note(match &e {
            ClientEvent::State(state) => LogLine::State {
                client,
                state: *state,
            },
            ClientEvent::Watch { kind, path } => LogLine::Watch {
                client,
                kind: *kind,
                path: path.clone(),
            },
        });
    }
    w.record(id, Record::Event(&e));
    if let Some(c) = w.role_client_mut(id) {
        c.events.push(e.clone());
    }
    recipe_host::recipe_event(w, id, &e);
}

/// Once connected and running, what the client queued goes out, in order.
pub(crate) fn flush_queued(w: &mut dyn ClientWorld, id: ClientId) {
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    for payload in c.take_queued() {
        w.send_to_server(id, payload);
    }
}

/// A message of the client's current connection arrived (the world checked that it is that
/// connection's and that the client is running to read it).
pub(crate) fn receive(w: &mut dyn ClientWorld, id: ClientId, payload: Payload) {
    let now = w.at().time_ms;
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    c.last_heard_ms = now;
    match payload {
        Payload::ConnectOk {
            session,
            timeout_ms,
        } => {
            let set_watches = c.on_connected(session, timeout_ms);
            w.record(id, Record::Connected);
            // `primeConnection` queued the setWatches, then what the client queued meanwhile;
            // the watcher hears SyncConnected after, so what its roles ask goes behind them.
            for sw in set_watches {
                w.send_to_server(id, Payload::SetWatches(sw));
            }
            flush_queued(w, id);
            emit(w, id, ClientEvent::State(KeeperState::SyncConnected));
        }
        Payload::ConnectExpired => {
            c.end_session(ConnState::Expired);
            w.record(id, Record::SessionOver);
            emit(w, id, ClientEvent::State(KeeperState::Expired));
        }
        Payload::Reply { xid, zxid, result } => {
            let before = c.last_zxid_seen;
            let request = c.outstanding.remove(&xid);
            let answered = request.as_ref().map(|request| Answered {
                xid,
                request,
                result: &result,
            });
            w.record(
                id,
                Record::Reply {
                    before,
                    zxid,
                    answered,
                },
            );
            let Some(c) = w.role_client_mut(id) else {
                return;
            };
            c.on_reply_to(xid, zxid, request, result);
        }
        Payload::SetWatchesDone { zxid } => {
            c.last_zxid_seen = c.last_zxid_seen.max(zxid);
        }
        Payload::Notify { kind, path } => {
            c.watches.on_event(kind, &path);
            emit(w, id, ClientEvent::Watch { kind, path });
        }
        Payload::Closed { xid } => {
            c.on_closed(xid);
            w.record(id, Record::SessionOver);
            emit(w, id, ClientEvent::State(KeeperState::Closed));
        }
        Payload::Hangup => lose_connection(w, id),
        _ => {}
    }
    recipe_host::route_recipe_completions(w, id);
    w.reschedule(id);
}

/// The connection (or attempt) is gone: what was in flight fails with CONNECTIONLOSS,
/// Disconnected is reported once, and the next attempt waits the world's random moment.
pub(crate) fn lose_connection(w: &mut dyn ClientWorld, id: ClientId) {
    let wait = w.reconnect_wait_ms(id);
    let now = w.at().time_ms;
    w.connection_dropped(id);
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    if c.on_connection_lost(now.saturating_add(wait)) {
        emit(w, id, ClientEvent::State(KeeperState::Disconnected));
    }
    recipe_host::route_recipe_completions(w, id);
    w.reschedule(id);
}

/// A new connection attempt, to the server the world chooses.
pub(crate) fn connect(w: &mut dyn ClientWorld, id: ClientId) {
    let now = w.at().time_ms;
    let Some((conn, hosts)) = w.open_connection(id) else {
        return;
    };
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    let payload = c.connect(conn, now, hosts);
    w.record(id, Record::Connecting);
    w.send_to_server(id, payload);
    w.reschedule(id);
}

/// The client's timer: a read timeout, a ping, or the next connection attempt (an attempt
/// not answered in time is a lost connection, and the one after waits as after any).
pub(crate) fn timer(w: &mut dyn ClientWorld, id: ClientId) {
    let now = w.at().time_ms;
    let Some(c) = w.role_client_mut(id) else {
        return;
    };
    if !c.is_active() || c.is_paused() {
        return;
    }
    match c.timer_action(now) {
        TimerAction::TimedOut { silent_ms } => {
            let client = c.name.clone();
            w.recipe_note(LogLine::TimedOut { client, silent_ms });
            lose_connection(w, id);
            return;
        }
        TimerAction::Ping => w.send_to_server(id, Payload::Ping),
        TimerAction::Connect if c.reconnect_at_ms.is_none() => {
            lose_connection(w, id);
            return;
        }
        TimerAction::Connect => {
            connect(w, id);
            return;
        }
        TimerAction::Nothing => {
            // Woken early: make sure it is not woken again at once.
            if c.next_wakeup_ms().is_some_and(|t| t <= now) {
                c.last_sent_ms = now;
            }
        }
    }
    w.reschedule(id);
}
