//! The world `zkplay serve` hosts: one simulation (`Sim`) whose clock follows the wall clock,
//! the real connections as its clients (`Sim::remote_open`), and what goes back to each
//! socket. Every input — a frame from a program, a control line, a wake-up of the clock —
//! brings the world up to the wall clock first, then hands it the input, then sends every
//! program what reached its end of its link. The bytes are `zkplay_wire`'s; this file keeps
//! the one thing the world does not: which reply answers which of the program's xids.

use std::cell::Cell;
use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;
use zkplay_core::ensemble::PeerId;
use zkplay_core::request::Response;
use zkplay_core::sim::{ClientId, Payload, RecipeReport, Sim};
use zkplay_core::stat::{SessionId, Zxid};
use zkplay_core::ZkError;
use zkplay_wire::{ConnectRequest, ConnectResponse, Packet};

use crate::serve::record::Recorder;

/// What the host sends a connection's writer.
#[derive(Debug)]
pub enum Outgoing {
    Frame(Vec<u8>),
    /// A frame that goes this long from now at the soonest (and the frames after it behind it).
    Delayed(Vec<u8>, std::time::Duration),
    /// Close the socket (after the frames before it).
    Close,
}

/// What a waiting request is, for the reply's shape.
#[derive(Clone, Debug)]
enum Kind {
    /// A request the engine answers, with its opcode (and a multi's ops' own codes); a
    /// getChildren names its node, whose children go back in the server's order.
    Plain {
        op: i32,
        multi_ops: Vec<i32>,
        children_of: Option<String>,
        /// How long writing its transaction to the log takes (a big write's answer waits).
        log_ms: u64,
    },
    /// An AuthPacket (xid -4).
    Auth,
    SetWatches,
    Close,
    /// A multiRead: its reads go to the world one by one; the answer holds them all.
    /// Each getChildren read's node, whose children go back in the server's order.
    MultiRead(Vec<Option<String>>),
    /// What the world never sees, answered in its turn: a record that did not decode (its
    /// error), or a reconfig a standalone server with reconfigEnabled does not do.
    Refused {
        op: i32,
        error: ZkError,
    },
    /// An opcode ZooKeeper does not know: UNIMPLEMENTED, then the connection is closed.
    Unknown {
        op: i32,
    },
}

/// A request the program sent that waits for its answer, in the order sent.
#[derive(Clone, Debug)]
struct Waiting {
    xid: i32,
    kind: Kind,
    /// The world's numbers of its messages whose answers are still to come (none for a
    /// refused one; a setWatches' answer carries none, it is the one of its kind).
    left: Vec<u64>,
    /// Answers come so far (a multiRead's reads).
    results: Vec<Result<Response, ZkError>>,
}

/// The host's side of one program's connection.
struct Conn {
    tx: UnboundedSender<Outgoing>,
    waiting: VecDeque<Waiting>,
    next_seq: u64,
    /// The highest zxid sent to the program (a ping's answer carries it).
    last_zxid: i64,
    session: Option<SessionId>,
    /// The program's address (`cons`, maxClientCnxns) and the server it connected to.
    addr: SocketAddr,
    server: PeerId,
    /// Frames read and written, when it connected (wall ms since the start), its last
    /// request's xid and ZooKeeper's short name for its operation (`cons`).
    received: u64,
    sent: u64,
    established_ms: u64,
    last_cxid: i32,
    last_op: &'static str,
    /// The session timeout the program asked for.
    requested_timeout_ms: u32,
    /// Frames that came before the handshake was answered, read once it is.
    held: Vec<Packet>,
    /// Frames handed to the writer and not yet written.
    queued: Rc<Cell<usize>>,
}

/// A program's connection, as the four-letter words show it.
#[derive(Clone, Debug)]
pub struct ConnectionInfo {
    pub server: PeerId,
    pub addr: SocketAddr,
    pub session: Option<SessionId>,
    pub queued: usize,
    pub received: u64,
    pub sent: u64,
    pub established_ms: u64,
    pub last_cxid: i32,
    pub last_op: &'static str,
    pub last_zxid: i64,
}

/// Frames a program may send before its handshake is answered.
const HELD_FRAMES_MAX: usize = 10_000;

/// Frames queued for one program beyond which it is taken for one that never reads, and its
/// connection is closed (every other program is still served).
pub const QUEUED_FRAMES_MAX: usize = 100_000;

/// The world and its programs' connections.
pub struct Host {
    pub sim: Sim,
    start: Instant,
    conns: BTreeMap<ClientId, Conn>,
    /// Connections opened so far (names the next one).
    opened: u64,
    /// A secret of this run, mixed into session passwords.
    secret: u64,
    /// `--record`: the run written as a script.
    pub recorder: Option<Recorder>,
    /// `reconfigEnabled`: a standalone server then answers a reconfig UNIMPLEMENTED.
    pub reconfig_enabled: bool,
    /// How many of the world's violations were printed.
    violations_reported: usize,
    /// `dataDir`: where the standalone server's journal is appended.
    pub data_dir: Option<crate::serve::data_dir::DataDir>,
    /// Connections whose handshake was just answered with frames held meanwhile.
    handshaken: Vec<ClientId>,
}

impl Host {
    pub fn new(sim: Sim, secret: u64) -> Host {
        Host {
            sim,
            start: Instant::now(),
            conns: BTreeMap::new(),
            opened: 0,
            secret,
            recorder: None,
            reconfig_enabled: false,
            violations_reported: 0,
            data_dir: None,
            handshaken: Vec::new(),
        }
    }

    /// The world's clock goes on from `elapsed_ms` (a server started again on its data).
    pub fn resume_clock_at(&mut self, elapsed_ms: u64) {
        let back = std::time::Duration::from_millis(elapsed_ms);
        self.start = Instant::now().checked_sub(back).unwrap_or(self.start);
    }

    /// The wall clock, in the world's milliseconds.
    pub fn wall_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    /// Brings the world to the wall clock and sends every program what reached it; what its
    /// virtual clients' recipes report (statuses, violations), and any property the servers'
    /// checks found broken (read once each), goes to standard output.
    pub fn pump(&mut self) {
        let now = self.wall_ms();
        self.sim.catch_up(now);
        // What the server did is logged before anyone hears of it, as ZooKeeper logs a
        // transaction before it answers.
        if let Some(d) = &mut self.data_dir {
            if let Err(e) = d.append(&self.sim.take_server_journal()) {
                eprintln!("zkplay serve: {e}; the data will not outlive this run");
                self.data_dir = None;
            }
        }
        for (id, payload) in self.sim.take_remote_out() {
            self.deliver(id, payload);
        }
        // What a program sent before its handshake was answered is read now, in order.
        for id in std::mem::take(&mut self.handshaken) {
            let held = self
                .conns
                .get_mut(&id)
                .map(|c| std::mem::take(&mut c.held))
                .unwrap_or_default();
            for p in held {
                self.packet(id, p);
            }
        }
        for r in self.sim.take_recipe_reports() {
            match r {
                RecipeReport::Status {
                    client,
                    kind,
                    status,
                } => println!("recipe {} {client}: {status}", kind.name()),
                RecipeReport::Violation(v) => println!(
                    "violation: {}: {} (at {} ms)",
                    v.property, v.detail, v.time_ms
                ),
            }
        }
        let found: Vec<String> = self
            .sim
            .properties()
            .found()
            .skip(self.violations_reported)
            .map(|(property, detail, time_ms, _)| {
                format!("violation: {property}: {detail} (at {time_ms} ms)")
            })
            .collect();
        self.violations_reported += found.len();
        for v in found {
            println!("{v}");
        }
    }

    /// When the world next has something to do, in wall-clock milliseconds since the start.
    pub fn next_event_ms(&mut self) -> Option<u64> {
        self.sim.next_event_ms()
    }

    /// A program connected to `server` and sent its ConnectRequest.
    pub fn open(
        &mut self,
        server: PeerId,
        addr: SocketAddr,
        tx: UnboundedSender<Outgoing>,
        queued: Rc<Cell<usize>>,
        req: &ConnectRequest,
    ) -> ClientId {
        self.pump();
        self.opened += 1;
        let name = format!("conn{}", self.opened);
        let id = self.sim.remote_open(&name, server);
        let established_ms = self.wall_ms();
        self.conns.insert(
            id,
            Conn {
                tx,
                waiting: VecDeque::new(),
                next_seq: 0,
                last_zxid: req.last_zxid_seen,
                session: None,
                addr,
                server,
                received: 1,
                sent: 0,
                established_ms,
                last_cxid: 0,
                last_op: "NA",
                requested_timeout_ms: u32::try_from(req.timeout_ms.max(0)).unwrap_or(0),
                held: Vec::new(),
                queued,
            },
        );
        let session = (req.session_id != 0).then_some(SessionId(req.session_id));
        // ZooKeeper refuses a client that saw a zxid it never wrote before it looks at the
        // session ("Refusing session request for client … as it has seen zxid …").
        if req.last_zxid_seen > self.sim.last_zxid_of(server).0 {
            self.deliver(id, Payload::Hangup);
            return id;
        }
        if let Some(s) = session {
            if req.password != self.password(s) {
                // ZooKeeper answers a wrong password as an expired session.
                self.deliver(id, Payload::ConnectExpired);
                return id;
            }
        }
        let timeout_ms = u32::try_from(req.timeout_ms.max(0)).unwrap_or(0);
        let connect = Payload::Connect {
            session,
            timeout_ms,
        };
        self.sim.remote_send(id, connect, Zxid(req.last_zxid_seen));
        self.pump();
        id
    }

    /// A frame the program sent after its handshake.
    pub fn packet(&mut self, id: ClientId, packet: Packet) {
        self.pump();
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        if c.session.is_none() {
            // Not read until the handshake is answered (ZooKeeper's `disableRecv` while it
            // sets the session up); a program that floods meanwhile is closed.
            if c.held.len() >= HELD_FRAMES_MAX {
                let _ = c.tx.send(Outgoing::Close);
                return;
            }
            c.held.push(packet);
            return;
        }
        c.received += 1;
        let session = c.session;
        let now = self.start.elapsed().as_millis() as u64;
        let (xid, op) = header(&packet);
        c.last_op = crate::serve::four_letter::last_operation_name(op);
        if xid >= 0 {
            c.last_cxid = xid;
        }
        let mut payloads = Vec::new();
        match packet {
            Packet::Ping => payloads.push(Payload::Ping),
            Packet::Unsupported { xid, op } => {
                c.wait(xid, Kind::Unknown { op }, 0);
            }
            // A standalone 3.8 server with reconfigEnabled answers a reconfig UNIMPLEMENTED
            // (without it, the engine's RECONFIGDISABLED).
            Packet::Request {
                xid,
                op,
                request: zkplay_core::request::Request::Reconfig,
                ..
            } if self.reconfig_enabled && !self.sim.is_ensemble() => {
                let error = ZkError::Unimplemented;
                c.wait(xid, Kind::Refused { op, error }, 0);
            }
            Packet::Malformed { xid, op, error } => {
                let error = error.reply_error();
                c.wait(xid, Kind::Refused { op, error }, 0);
            }
            Packet::Auth { scheme, auth } => {
                let request = zkplay_core::request::Request::AddAuth { scheme, auth };
                let xid = c.wait(-4, Kind::Auth, 1);
                payloads.push(Payload::Request { xid, request });
            }
            Packet::SetWatches { xid, watches } => {
                c.wait(xid, Kind::SetWatches, 1);
                payloads.push(Payload::SetWatches(watches));
            }
            Packet::Close { xid } => {
                let xid = c.wait(xid, Kind::Close, 1);
                payloads.push(Payload::Close { xid });
            }
            Packet::Request {
                xid,
                op,
                request,
                multi_ops,
            } => {
                let children_of = match &request {
                    zkplay_core::request::Request::GetChildren { path, .. } => Some(path.clone()),
                    _ => None,
                };
                let kind = Kind::Plain {
                    op,
                    multi_ops,
                    children_of,
                    log_ms: log_write_ms(&request),
                };
                let xid = c.wait(xid, kind, 1);
                payloads.push(Payload::Request { xid, request });
            }
            Packet::MultiRead { xid, reads } => {
                let children_of = reads
                    .iter()
                    .map(|r| match r {
                        zkplay_core::request::Request::GetChildren { path, .. } => {
                            Some(path.clone())
                        }
                        _ => None,
                    })
                    .collect();
                let first = c.wait(xid, Kind::MultiRead(children_of), reads.len());
                for (k, request) in reads.into_iter().enumerate() {
                    payloads.push(Payload::Request {
                        xid: first + k as u64,
                        request,
                    });
                }
            }
        }
        if let (Some(r), Some(s)) = (&mut self.recorder, session) {
            for p in &payloads {
                match p {
                    Payload::Request { request, .. } => r.request(now, s, request),
                    Payload::Close { .. } => r.close(now, s),
                    _ => {}
                }
            }
        }
        for p in payloads {
            self.sim.remote_send(id, p, Zxid::ZERO);
        }
        self.answer_ready(id);
        self.pump();
    }

    /// The program's socket closed (or the host closed it).
    pub fn hangup(&mut self, id: ClientId) {
        self.pump();
        if self.conns.remove(&id).is_some() {
            self.sim.remote_hangup(id);
        }
        self.pump();
    }

    /// A session's password: what a program must show to re-attach to it.
    pub fn password(&self, s: SessionId) -> Vec<u8> {
        let mut x = (s.0 as u64) ^ self.secret ^ 0xB341_5C00;
        let mut out = Vec::with_capacity(16);
        for _ in 0..2 {
            // splitmix64
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            out.extend_from_slice(&z.to_be_bytes());
        }
        out
    }

    /// Every program's connection, as `cons` lists it.
    pub fn connections(&self) -> Vec<ConnectionInfo> {
        self.conns
            .values()
            .map(|c| ConnectionInfo {
                server: c.server,
                addr: c.addr,
                session: c.session,
                queued: c.queued.get(),
                received: c.received,
                sent: c.sent,
                established_ms: c.established_ms,
                last_cxid: c.last_cxid,
                last_op: c.last_op,
                last_zxid: c.last_zxid,
            })
            .collect()
    }

    /// Frames read from and written to server `server`'s programs, over the connections
    /// open now.
    pub fn packets(&self, server: PeerId) -> (u64, u64) {
        self.conns
            .values()
            .filter(|c| c.server == server)
            .fold((0, 0), |(r, w), c| (r + c.received, w + c.sent))
    }

    fn send(&mut self, i: ClientId, out: Outgoing) {
        let Some(c) = self.conns.get_mut(&i) else {
            return;
        };
        if matches!(out, Outgoing::Frame(_) | Outgoing::Delayed(..)) {
            c.sent += 1;
            let q = c.queued.get() + 1;
            c.queued.set(q);
            if q > QUEUED_FRAMES_MAX {
                // A program that never reads: closed, as ZooKeeper closes a connection whose
                // outgoing buffer it cannot write.
                let _ = c.tx.send(Outgoing::Close);
                return;
            }
        }
        let _ = c.tx.send(out);
    }

    /// Sends, in order, every waiting answer that is complete.
    fn answer_ready(&mut self, id: ClientId) {
        loop {
            let Some(c) = self.conns.get_mut(&id) else {
                return;
            };
            if c.waiting.front().is_none_or(|w| !w.left.is_empty()) {
                return;
            }
            let Some(w) = c.waiting.pop_front() else {
                return;
            };
            let zxid = c.last_zxid;
            let mut results = w.results;
            if let Kind::MultiRead(children_of) = &w.kind {
                let results: Vec<Result<Response, ZkError>> = results
                    .into_iter()
                    .zip(children_of)
                    .map(|(r, path)| self.in_server_order(id, path.as_deref(), r))
                    .collect();
                let frame = zkplay_wire::encode_multi_read_reply(w.xid, zxid, &results);
                self.send(id, Outgoing::Frame(frame));
                continue;
            }
            let result = results.pop();
            let frames = match (w.kind, result) {
                // The real server answers an opcode it does not know with zxid -1, then
                // closes the connection.
                (Kind::Unknown { op }, _) => {
                    let error = Err(ZkError::Unimplemented);
                    let reply = zkplay_wire::encode_reply(w.xid, op, -1, &error);
                    vec![Outgoing::Frame(reply), Outgoing::Close]
                }
                (Kind::Refused { op, error }, _) => {
                    vec![Outgoing::Frame(zkplay_wire::encode_reply(
                        w.xid,
                        op,
                        zxid,
                        &Err(error),
                    ))]
                }
                (Kind::MultiRead(_), _) => Vec::new(),
                (Kind::Auth, Some(r)) => {
                    let err = r.err();
                    let mut out = vec![Outgoing::Frame(zkplay_wire::encode_auth_reply(err))];
                    if err.is_some() {
                        out.push(Outgoing::Close);
                    }
                    out
                }
                (Kind::SetWatches, _) => {
                    vec![Outgoing::Frame(zkplay_wire::encode_set_watches_reply(zxid))]
                }
                (Kind::Close, _) => vec![
                    Outgoing::Frame(zkplay_wire::encode_close_reply(w.xid, zxid)),
                    Outgoing::Close,
                ],
                // Data over jute.maxbuffer: ZooKeeper closes the connection.
                (Kind::Plain { .. }, Some(Err(ZkError::ConnectionLoss))) => vec![Outgoing::Close],
                (
                    Kind::Plain {
                        op,
                        multi_ops,
                        children_of,
                        log_ms,
                    },
                    Some(r),
                ) => {
                    let r = self.in_server_order(id, children_of.as_deref(), r);
                    let frame = if op == zkplay_wire::opcode::MULTI {
                        zkplay_wire::encode_multi_reply(w.xid, zxid, &multi_ops, &r)
                    } else {
                        zkplay_wire::encode_reply(w.xid, op, zxid, &r)
                    };
                    match log_ms {
                        0 => vec![Outgoing::Frame(frame)],
                        ms => vec![Outgoing::Delayed(
                            frame,
                            std::time::Duration::from_millis(ms),
                        )],
                    }
                }
                (Kind::Auth | Kind::Plain { .. }, None) => Vec::new(),
            };
            for f in frames {
                self.send(id, f);
            }
        }
    }

    /// A getChildren's names in the order ZooKeeper's `HashSet` lists them, as the real
    /// server sends them (the engine answers them sorted).
    fn in_server_order(
        &self,
        id: ClientId,
        path: Option<&str>,
        r: Result<Response, ZkError>,
    ) -> Result<Response, ZkError> {
        let (Some(path), Ok(Response::GetChildren { stat, .. })) = (path, &r) else {
            return r;
        };
        let server = self.conns.get(&id).map_or(0, |c| c.server);
        let Some(tree) = self.server_tree(server) else {
            return r;
        };
        let names = std::rc::Rc::new(tree.tree().children_in_server_order(path));
        Ok(Response::GetChildren {
            children: zkplay_core::request::ChildNames::shared(&names),
            stat: *stat,
        })
    }

    /// Something reached a program's end of its link: the bytes it gets.
    fn deliver(&mut self, id: ClientId, payload: Payload) {
        let i = id;
        let Some(c) = self.conns.get_mut(&i) else {
            return;
        };
        if let Payload::Reply { zxid, .. } | Payload::SetWatchesDone { zxid } = &payload {
            c.last_zxid = c.last_zxid.max(zxid.0);
        }
        match payload {
            Payload::ConnectOk {
                session,
                timeout_ms,
            } => {
                c.session = Some(session);
                let (asked, server) = (c.requested_timeout_ms, c.server);
                let pinned = self.sim.is_ensemble().then_some(server);
                let now = self.wall_ms();
                if let Some(r) = &mut self.recorder {
                    r.session(now, session, asked, pinned);
                }
                let r = ConnectResponse {
                    protocol_version: 0,
                    timeout_ms: timeout_ms as i32,
                    session_id: session.0,
                    password: self.password(session),
                    read_only: false,
                };
                self.send(i, Outgoing::Frame(zkplay_wire::encode_connect_response(&r)));
                if self.conns.get(&i).is_some_and(|c| !c.held.is_empty()) {
                    self.handshaken.push(i);
                }
            }
            Payload::ConnectExpired => {
                let r = ConnectResponse {
                    protocol_version: 0,
                    timeout_ms: 0,
                    session_id: 0,
                    password: vec![0; 16],
                    read_only: false,
                };
                self.send(i, Outgoing::Frame(zkplay_wire::encode_connect_response(&r)));
                self.send(i, Outgoing::Close);
            }
            // Each answer goes to the request the world numbered it for.
            Payload::Reply { xid, result, .. } => {
                if let Some(w) = c.waiting.iter_mut().find(|w| w.left.contains(&xid)) {
                    w.left.retain(|&n| n != xid);
                    w.results.push(result);
                }
                self.answer_ready(id);
            }
            Payload::Closed { xid } => {
                if let Some(w) = c.waiting.iter_mut().find(|w| w.left.contains(&xid)) {
                    w.left.clear();
                }
                self.answer_ready(id);
            }
            Payload::SetWatchesDone { .. } => {
                let setting = c
                    .waiting
                    .iter_mut()
                    .find(|w| matches!(w.kind, Kind::SetWatches) && !w.left.is_empty());
                if let Some(w) = setting {
                    w.left.clear();
                }
                self.answer_ready(id);
            }
            Payload::Pong => {
                let frame = zkplay_wire::encode_ping_reply(c.last_zxid);
                self.send(i, Outgoing::Frame(frame));
            }
            Payload::Notify { kind, path } => {
                let frame = zkplay_wire::encode_notification(kind, &path);
                self.send(i, Outgoing::Frame(frame));
            }
            Payload::Hangup => self.send(i, Outgoing::Close),
            // What only a client sends never reaches one.
            Payload::Connect { .. }
            | Payload::Request { .. }
            | Payload::SetWatches(_)
            | Payload::Ping
            | Payload::Close { .. } => {}
        }
    }
}

impl Conn {
    /// Remembers a request the program sent, answered once the world answered its `answers`
    /// messages (numbered from the one returned, in order).
    fn wait(&mut self, xid: i32, kind: Kind, answers: usize) -> u64 {
        let first = self.next_seq + 1;
        self.next_seq += answers.max(1) as u64;
        self.waiting.push_back(Waiting {
            xid,
            kind,
            left: (first..first + answers as u64).collect(),
            results: Vec::new(),
        });
        first
    }
}

/// A packet's xid and opcode, as its header said.
fn header(p: &Packet) -> (i32, i32) {
    match p {
        Packet::Ping => (-2, 11),
        Packet::Auth { .. } => (-4, 100),
        Packet::SetWatches { xid, .. } => (*xid, 101),
        Packet::Close { xid } => (*xid, -11),
        Packet::Request { xid, op, .. }
        | Packet::Unsupported { xid, op }
        | Packet::Malformed { xid, op, .. } => (*xid, *op),
        Packet::MultiRead { xid, .. } => (*xid, 22),
    }
}

/// What the simulated server's transaction log writes per millisecond: a write's answer goes
/// once its transaction is logged, so a megabyte of data is answered about 16 ms later, as
/// ZooKeeper 3.8 answers it here (small writes go at once).
const LOG_BYTES_PER_MS: usize = 64 << 10;

/// How long logging a write's data takes.
fn log_write_ms(r: &zkplay_core::request::Request) -> u64 {
    use zkplay_core::request::{Op, Request};
    let bytes = |op: &Op| match op {
        Op::Create { data, .. } | Op::SetData { data, .. } => data.as_ref().map_or(0, Vec::len),
        Op::Delete { .. } | Op::Check { .. } => 0,
    };
    let total: usize = match r {
        Request::Write(op) => bytes(op),
        Request::Multi(ops) => ops.iter().map(bytes).sum(),
        _ => 0,
    };
    (total / LOG_BYTES_PER_MS) as u64
}
