//! Raw requests built from bytes against the server: any path, data, version, ACL, mode or
//! multi; nothing panics and the tree's invariants hold after every request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zkplay_core::acl::{Acl, Id};
use zkplay_core::request::{CreateMode, Op, Request, WatcherKind};
use zkplay_core::watch::WatchMode;
use zkplay_core::{Server, ServerConfig};

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn int(&mut self) -> i32 {
        i32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }
    fn text(&mut self) -> String {
        let n = (self.byte() % 12) as usize;
        let take = n.min(self.0.len());
        let (s, rest) = self.0.split_at(take);
        self.0 = rest;
        let s = String::from_utf8_lossy(s).into_owned();
        if self.byte() % 4 == 0 { s } else { format!("/{}", s.replace('\0', "")) }
    }
    fn op(&mut self) -> Op {
        let path = self.text();
        match self.byte() % 4 {
            0 => {
                let mode = [
                    CreateMode::Persistent,
                    CreateMode::PersistentSequential,
                    CreateMode::Ephemeral,
                    CreateMode::EphemeralSequential,
                    CreateMode::Container,
                    CreateMode::PersistentWithTtl,
                    CreateMode::PersistentSequentialWithTtl,
                ][(self.byte() % 7) as usize];
                let acl = match self.byte() % 4 {
                    0 => Vec::new(),
                    1 => vec![Acl { perms: u32::from(self.byte()), id: Id::new("digest", &self.text()) }],
                    2 => vec![Acl { perms: u32::from(self.byte()), id: Id::new("ip", &self.text()) }],
                    _ => Acl::open_unsafe(),
                };
                Op::Create {
                    path,
                    data: (self.byte() % 2 == 0).then(|| self.text().into_bytes()),
                    acl,
                    mode,
                    ttl_ms: i64::from(self.int()),
                }
            }
            1 => Op::Delete { path, version: self.int() },
            2 => Op::SetData { path, data: Some(vec![self.byte()]), version: self.int() },
            _ => Op::Check { path, version: self.int() },
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let mut server = Server::new(ServerConfig::default());
    let sessions: Vec<_> = (0..3).map(|_| server.open_session(30_000).0).collect();
    for _ in 0..64 {
        if b.0.is_empty() {
            break;
        }
        let s = sessions[(b.byte() % 3) as usize];
        let req = match b.byte() % 10 {
            0 => Request::Multi((0..(b.byte() % 4)).map(|_| b.op()).collect()),
            1 => Request::GetData { path: b.text(), watch: b.byte() % 2 == 0 },
            2 => Request::Exists { path: b.text(), watch: b.byte() % 2 == 0 },
            3 => Request::GetChildren { path: b.text(), watch: b.byte() % 2 == 0 },
            4 => Request::AddWatch { path: b.text(), mode: if b.byte() % 2 == 0 { WatchMode::Persistent } else { WatchMode::PersistentRecursive } },
            5 => Request::RemoveWatches { path: b.text(), kind: WatcherKind::Any },
            6 => Request::SetAcl { path: b.text(), acl: Acl::read_unsafe(), version: b.int() },
            7 => Request::AddAuth { scheme: "digest".into(), auth: b.text().into_bytes() },
            8 => {
                server.advance(u64::from(b.byte()) * 50);
                continue;
            }
            _ => Request::Write(b.op()),
        };
        let _ = server.handle(s, &req);
        let _ = server.take_notifications();
        assert_eq!(server.tree().check_invariants(), Ok(()));
    }
    let _ = server.close_session(sessions[0]);
    assert_eq!(server.tree().check_invariants(), Ok(()));
});
