//! One program's socket: ZooKeeper's framing (a 4-byte length, then the record), the
//! four-letter words a connection may send instead of a ConnectRequest, the handshake, then
//! every frame handed to the host in the order read; a writer task sends what the host
//! answers. A frame ZooKeeper would refuse (negative or over `jute.maxbuffer`, not a record
//! it can read) closes this connection only, as ZooKeeper closes it.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::sync::Notify;
use zkplay_core::ensemble::PeerId;

use crate::serve::host::{Host, Outgoing};
use crate::serve::Settings;

/// What a connection shares with every other: the host, its settings, and the clock's bell.
pub struct Shared {
    pub host: RefCell<Host>,
    pub settings: Settings,
    /// Rung after every input, so the clock's task looks again for the next event.
    pub bell: Notify,
    /// How many sockets each address holds now, handshake or not (maxClientCnxns).
    pub per_ip: RefCell<std::collections::BTreeMap<std::net::IpAddr, usize>>,
}

/// One accepted socket counted against its address until it is closed.
pub struct Counted {
    shared: Rc<Shared>,
    ip: std::net::IpAddr,
}

impl Counted {
    /// Counts a socket from `ip`, unless the address holds `max` already (0: no limit).
    pub fn new(shared: &Rc<Shared>, ip: std::net::IpAddr, max: usize) -> Option<Counted> {
        let mut per_ip = shared.per_ip.borrow_mut();
        let n = per_ip.entry(ip).or_default();
        if max > 0 && *n >= max {
            return None;
        }
        *n += 1;
        Some(Counted {
            shared: shared.clone(),
            ip,
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut per_ip = self.shared.per_ip.borrow_mut();
        if let Some(n) = per_ip.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                per_ip.remove(&self.ip);
            }
        }
    }
}

/// The four-letter word the first four bytes spell, if they spell one.
fn four_letter(head: &[u8; 4]) -> Option<&str> {
    let word = std::str::from_utf8(head).ok()?;
    crate::serve::four_letter::Word::parse(word.as_bytes()).map(|_| word)
}

/// Reads one frame's body; `None` when the socket closed or the length is one ZooKeeper
/// refuses ("Len error").
async fn read_frame(rd: &mut OwnedReadHalf, head: [u8; 4], max: usize) -> Option<Vec<u8>> {
    let len = i32::from_be_bytes(head);
    let len = usize::try_from(len).ok().filter(|&n| n <= max)?;
    let mut body = vec![0; len];
    rd.read_exact(&mut body).await.ok()?;
    Some(body)
}

async fn read_head(rd: &mut OwnedReadHalf) -> Option<[u8; 4]> {
    let mut head = [0; 4];
    rd.read_exact(&mut head).await.ok()?;
    Some(head)
}

/// How long a socket may take to send its ConnectRequest (or a four-letter word): ZooKeeper's
/// `zookeeper.nio.sessionlessCnxnTimeout` (10 s; measured, the real server closes an idle
/// socket that never sent its handshake after 10 to 20 s).
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Bytes of answers not yet written beyond which a connection's requests are no longer read,
/// until its program reads them: a program that sends and never reads makes the server hold
/// at most this much (and the kernel's buffers), as ZooKeeper stops reading from a connection
/// it throttles. Then its session, no longer heard, expires, and the connection is closed.
pub const UNWRITTEN_BYTES_MAX: usize = 4 << 20;

/// How long the writer keeps trying to write what came before a close (a program that never
/// reads gets its socket closed anyway).
const CLOSE_FLUSH_TIMEOUT: Duration = Duration::from_secs(1);

/// What the reader and the writer of one socket share.
#[derive(Default)]
struct Backlog {
    /// Bytes handed to the writer and not yet written.
    unwritten: Cell<usize>,
    /// Rung when the writer has written some, or stopped.
    progress: Notify,
    /// Set when the writer has stopped (the host said close, or the socket failed).
    stopped: Cell<bool>,
}

impl Backlog {
    /// Waits until the writer has written enough to read more, or has stopped; `false` then.
    async fn room(&self) -> bool {
        while !self.stopped.get() && self.unwritten.get() > UNWRITTEN_BYTES_MAX {
            self.progress.notified().await;
        }
        !self.stopped.get()
    }
}

/// Serves one accepted socket of server `server` until either side closes it.
pub async fn serve(stream: TcpStream, addr: SocketAddr, server: PeerId, shared: Rc<Shared>) {
    let _ = stream.set_nodelay(true);
    let (mut rd, mut wr) = stream.into_split();
    // ZooKeeper refuses a frame longer than `jute.maxbuffer` itself ("Len error"; its
    // `extrasize` slack is for the records inside): measured on the real server, a body of
    // 0xfffff bytes is answered and one of 0x100000 closes the connection.
    let max = shared.settings.config.max_data_bytes;
    let Ok(Some(head)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, read_head(&mut rd)).await else {
        return;
    };
    if let Some(word) = four_letter(&head) {
        let text = {
            let mut host = shared.host.borrow_mut();
            host.pump();
            crate::serve::four_letter_answer(&host, &shared.settings, server, word)
        };
        // A program that never reads the answer does not hold the socket open.
        let answer = async {
            let _ = wr.write_all(text.as_bytes()).await;
            let _ = wr.shutdown().await;
        };
        let _ = tokio::time::timeout(HANDSHAKE_TIMEOUT, answer).await;
        return;
    }
    let connect = tokio::time::timeout(HANDSHAKE_TIMEOUT, read_frame(&mut rd, head, max));
    let Ok(Some(body)) = connect.await else {
        return;
    };
    let Ok(req) = zkplay_wire::decode_connect(&body) else {
        return;
    };
    let (tx, rx) = unbounded_channel();
    let queued = Rc::new(Cell::new(0));
    let id = shared
        .host
        .borrow_mut()
        .open(server, addr, tx, queued.clone(), &req);
    shared.bell.notify_one();
    let backlog = Rc::new(Backlog::default());
    tokio::task::spawn_local(write(wr, rx, queued, backlog.clone()));
    loop {
        let frame = tokio::select! {
            frame = async {
                if !backlog.room().await {
                    return None;
                }
                let head = read_head(&mut rd).await?;
                read_frame(&mut rd, head, max).await
            } => frame,
            _ = stopped(&backlog) => None,
        };
        let Some(body) = frame else {
            break;
        };
        let Ok(packet) = zkplay_wire::decode_packet(&body) else {
            break;
        };
        shared.host.borrow_mut().packet(id, packet);
        shared.bell.notify_one();
    }
    shared.host.borrow_mut().hangup(id);
    shared.bell.notify_one();
}

/// Returns once the writer has stopped.
async fn stopped(backlog: &Backlog) {
    while !backlog.stopped.get() {
        backlog.progress.notified().await;
    }
}

/// Writes what the host answers, in order, until it says close (or the socket fails). Frames
/// are taken from the host as they come, whether or not the program reads, so the reader
/// knows how much waits; a close is obeyed even when the program reads nothing.
async fn write(
    mut wr: OwnedWriteHalf,
    mut rx: UnboundedReceiver<Outgoing>,
    queued: Rc<Cell<usize>>,
    backlog: Rc<Backlog>,
) {
    // Each frame with the moment it may go (a big write's answer waits for its log write).
    let mut frames: VecDeque<(Vec<u8>, Option<tokio::time::Instant>)> = VecDeque::new();
    // Bytes of the front frame already written.
    let mut done = 0;
    let mut close_by: Option<tokio::time::Instant> = None;
    loop {
        if close_by.is_some() && frames.is_empty() {
            break;
        }
        tokio::select! {
            out = rx.recv(), if close_by.is_none() => match out {
                Some(Outgoing::Frame(body)) => {
                    let frame = zkplay_wire::frame(&body);
                    backlog.unwritten.set(backlog.unwritten.get() + frame.len());
                    frames.push_back((frame, None));
                }
                Some(Outgoing::Delayed(body, wait)) => {
                    let frame = zkplay_wire::frame(&body);
                    backlog.unwritten.set(backlog.unwritten.get() + frame.len());
                    frames.push_back((frame, Some(tokio::time::Instant::now() + wait)));
                }
                Some(Outgoing::Close) | None => {
                    close_by = Some(tokio::time::Instant::now() + CLOSE_FLUSH_TIMEOUT);
                }
            },
            // The front frame's moment (frames behind it wait too: answers keep their order).
            _ = async {
                match frames.front().and_then(|(_, at)| *at) {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            }, if frames.front().is_some_and(|(_, at)| at.is_some()) => {
                if let Some((_, at)) = frames.front_mut() {
                    *at = None;
                }
            },
            ready = wr.as_ref().writable(), if frames.front().is_some_and(|(_, at)| at.is_none()) => {
                if ready.is_err() {
                    break;
                }
                let Some((front, _)) = frames.front() else {
                    continue;
                };
                match wr.as_ref().try_write(&front[done..]) {
                    Ok(n) => {
                        done += n;
                        backlog.unwritten.set(backlog.unwritten.get().saturating_sub(n));
                        if done == front.len() {
                            frames.pop_front();
                            done = 0;
                            queued.set(queued.get().saturating_sub(1));
                        }
                        backlog.progress.notify_waiters();
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => break,
                }
            },
            _ = async {
                match close_by {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            } => break,
        }
    }
    backlog.stopped.set(true);
    backlog.progress.notify_waiters();
    let _ = wr.shutdown().await;
}
