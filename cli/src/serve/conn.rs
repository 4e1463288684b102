//! One program's socket: ZooKeeper's framing (a 4-byte length, then the record), the
//! four-letter words a connection may send instead of a ConnectRequest, the handshake, then
//! every frame handed to the host in the order read; a writer task sends what the host
//! answers. A frame ZooKeeper would refuse (negative or over `jute.maxbuffer`, not a record
//! it can read) closes this connection only, as ZooKeeper closes it.

use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::rc::Rc;

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

/// Serves one accepted socket of server `server` until either side closes it.
pub async fn serve(stream: TcpStream, addr: SocketAddr, server: PeerId, shared: Rc<Shared>) {
    let _ = stream.set_nodelay(true);
    let (mut rd, mut wr) = stream.into_split();
    let max = shared.settings.max_frame_bytes;
    let Some(head) = read_head(&mut rd).await else {
        return;
    };
    if let Some(word) = four_letter(&head) {
        let text = {
            let mut host = shared.host.borrow_mut();
            host.pump();
            crate::serve::four_letter_answer(&host, &shared.settings, server, word)
        };
        let _ = wr.write_all(text.as_bytes()).await;
        let _ = wr.shutdown().await;
        return;
    }
    let Some(body) = read_frame(&mut rd, head, max).await else {
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
    let closed = Rc::new(Notify::new());
    tokio::task::spawn_local(write(wr, rx, queued, closed.clone()));
    loop {
        let frame = tokio::select! {
            head = read_head(&mut rd) => match head {
                Some(head) => read_frame(&mut rd, head, max).await,
                None => None,
            },
            _ = closed.notified() => None,
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

/// Writes what the host answers, in order, until it says close (or the socket fails).
async fn write(
    mut wr: OwnedWriteHalf,
    mut rx: UnboundedReceiver<Outgoing>,
    queued: Rc<Cell<usize>>,
    closed: Rc<Notify>,
) {
    while let Some(out) = rx.recv().await {
        match out {
            Outgoing::Frame(body) => {
                queued.set(queued.get().saturating_sub(1));
                let mut frame = Vec::with_capacity(body.len() + 4);
                frame.extend_from_slice(&(body.len() as i32).to_be_bytes());
                frame.extend_from_slice(&body);
                if wr.write_all(&frame).await.is_err() {
                    break;
                }
            }
            Outgoing::Close => break,
        }
    }
    let _ = wr.shutdown().await;
    closed.notify_one();
}
