//! Contenders for one role: master election and exclusive locks, each the naive way (everyone
//! races for one ephemeral node and watches it: the herd) and ZooKeeper's way (ephemeral
//! sequential nodes, the lowest wins, each other watches only its predecessor; Curator's
//! LeaderLatch and InterProcessMutex). Disconnected means the role may be lost, Expired that it is.

use std::rc::Rc;

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{
    Effects, Holding, Note, Purpose, RecipeKind, RecipeOptions, Role, RoleCore, Status,
};
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContenderState {
    Starting,
    Creating,
    Listing,
    Waiting(String),
    Holding,
    Releasing,
    /// Disconnected: neither holding nor waiting until the session is back.
    Suspended,
    Checking,
    Done,
    Expired,
}

/// What a contender reads in a listing of the children.
struct Scan<'a> {
    /// Its own node is among them.
    present: bool,
    /// The node it must wait for.
    blocker: Option<&'a Rc<str>>,
}

/// One client competing for leadership or a lock.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Contender {
    pub kind: RecipeKind,
    pub client: String,
    pub core: RoleCore,
    pub hold_ms: u64,
    pub rounds_left: u32,
    pub state: ContenderState,
    /// Our sequential node (sequential kinds).
    pub my_node: Option<String>,
    /// The fencing token: the czxid of the node that gave us the role.
    pub token: i64,
}

fn sequence_of(name: &str) -> i64 {
    // The common case without a loop: a waiter reads every child's number.
    if let Some(last) = name.as_bytes().last_chunk::<10>() {
        if let Some(n) = ten_digits(last) {
            return n;
        }
    }
    let digits = name.get(name.len().saturating_sub(10)..).unwrap_or("");
    digits.parse().unwrap_or(i64::MAX)
}

/// Ten ASCII digits as their number, eight of them at once (a word per step, not a byte);
/// `None` if any is not a digit.
fn ten_digits(bytes: &[u8; 10]) -> Option<i64> {
    let [a, b, c, d, e, f, g, h, i, j] = *bytes;
    // The first eight, the first digit in the lowest byte.
    let word = u64::from_le_bytes([a, b, c, d, e, f, g, h]).wrapping_sub(0x3030_3030_3030_3030);
    // A byte below '0' wraps to 0xD0 or more, one above '9' has a high nibble, or gets one
    // when 6 is added; the bytes never carry into each other once every nibble is low.
    let high = 0xF0F0_F0F0_F0F0_F0F0;
    let (i, j) = (i.wrapping_sub(b'0'), j.wrapping_sub(b'0'));
    if word & high != 0 || word.wrapping_add(0x0606_0606_0606_0606) & high != 0 || i > 9 || j > 9 {
        return None;
    }
    // Pairs, then fours, then the eight: each step joins neighbours (the earlier one is the
    // higher digit).
    let pairs = (word.wrapping_mul(10) + (word >> 8)) & 0x00FF_00FF_00FF_00FF;
    let fours = (pairs.wrapping_mul(100) + (pairs >> 16)) & 0x0000_FFFF_0000_FFFF;
    let eight = (fours.wrapping_mul(10_000) + (fours >> 32)) & 0xFFFF_FFFF;
    Some(eight as i64 * 100 + i64::from(i) * 10 + i64::from(j))
}

/// Contenders queue by sequence number (their names start with the client's name).
fn order_key(name: &str) -> (i64, &str) {
    (sequence_of(name), name)
}

impl Contender {
    pub fn new(kind: RecipeKind, client: &str, path: &str, o: &RecipeOptions) -> Contender {
        Contender {
            kind,
            client: client.to_string(),
            core: RoleCore::new(path),
            hold_ms: o.hold_ms,
            rounds_left: o.rounds,
            state: ContenderState::Starting,
            my_node: None,
            token: 0,
        }
    }

    fn naive(&self) -> bool {
        matches!(self.kind, RecipeKind::ElectionNaive | RecipeKind::LockNaive)
    }

    fn is_lock(&self) -> bool {
        matches!(self.kind, RecipeKind::LockNaive | RecipeKind::Lock)
    }

    fn prefix(&self) -> String {
        let what = match self.kind {
            RecipeKind::RwRead => "read",
            RecipeKind::RwWrite => "write",
            RecipeKind::Lock | RecipeKind::LockNaive => "lock",
            _ => "n",
        };
        format!("{}-{what}-", self.client)
    }

    /// Whether the role is shared (read locks) rather than exclusive.
    fn shared(&self) -> bool {
        self.kind == RecipeKind::RwRead
    }

    /// In one pass over the children: whether `mine` is among them, and which earlier node
    /// this contender must wait for, if any: the predecessor for exclusive roles; for a
    /// reader, the last writer before it.
    fn scan<'a>(&self, children: &'a [Rc<str>], mine: (i64, &str)) -> Scan<'a> {
        let shared = self.shared();
        let mut present = false;
        let mut best: Option<((i64, &str), &Rc<str>)> = None;
        for c in children {
            // The number first: the names compare only when two numbers are equal.
            let seq = sequence_of(c);
            if seq == mine.0 && **c == *mine.1 {
                present = true;
                continue;
            }
            if seq > mine.0 || best.is_some_and(|((b, _), _)| seq < b) {
                continue;
            }
            if shared && !c.contains("-write-") {
                continue;
            }
            let key = (seq, &**c);
            if key < mine && best.is_none_or(|(b, _)| key > b) {
                best = Some((key, c));
            }
        }
        Scan {
            present,
            blocker: best.map(|(_, c)| c),
        }
    }

    pub fn waiting(&self) -> bool {
        !self.finished() && self.state != ContenderState::Holding
    }

    pub fn holding(&self) -> bool {
        self.state == ContenderState::Holding
    }

    fn role(&self) -> Holding {
        match self.kind {
            RecipeKind::RwRead => Holding::Reads,
            RecipeKind::RwWrite => Holding::Writes,
            RecipeKind::Lock | RecipeKind::LockNaive => Holding::Lock,
            _ => Holding::Leads,
        }
    }

    fn create_node(&mut self, fx: &mut Effects) {
        self.state = ContenderState::Creating;
        let (p, mode) = if self.naive() {
            (self.core.path.clone(), CreateMode::Ephemeral)
        } else {
            (
                path::join(&self.core.path, &self.prefix()),
                CreateMode::EphemeralSequential,
            )
        };
        fx.send(
            Purpose::Create,
            Request::Write(Op::Create {
                path: p,
                data: Some(self.client.as_bytes().to_vec()),
                acl: Acl::open_unsafe(),
                mode,
                ttl_ms: -1,
            }),
        );
    }

    fn base(&self) -> String {
        if self.naive() {
            path::parent(&self.core.path).to_string()
        } else {
            self.core.path.clone()
        }
    }

    fn list(&mut self, fx: &mut Effects) {
        self.state = ContenderState::Listing;
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: self.core.path.clone(),
                watch: false,
            },
        );
    }

    fn acquire(&mut self, fx: &mut Effects, token: i64) {
        self.state = ContenderState::Holding;
        self.token = token;
        let node = self
            .my_node
            .clone()
            .unwrap_or_else(|| self.core.path.clone());
        let s = Status::Holds {
            how: self.role(),
            node,
        };
        self.core.set_status(fx, s);
        fx.notes.push(Note::Acquired {
            resource: self.core.path.clone(),
            token,
            shared: self.shared(),
        });
        if self.is_lock() {
            fx.notes.push(Note::UseResource {
                resource: self.core.path.clone(),
                token,
            });
        }
        if self.hold_ms > 0 {
            fx.timer_ms = Some(self.hold_ms);
        }
    }

    fn lose(&mut self, fx: &mut Effects) {
        if self.state == ContenderState::Holding {
            fx.notes.push(Note::Released {
                resource: self.core.path.clone(),
            });
        }
    }

    fn watch(&mut self, fx: &mut Effects, target: String) {
        self.state = ContenderState::Waiting(target.clone());
        let shown = if self.naive() {
            Status::WaitsWithHerd {
                path: target.clone(),
            }
        } else {
            Status::WaitsFor {
                name: path::name(&target).to_string(),
            }
        };
        self.core.set_status(fx, shown);
        fx.send(
            Purpose::Watch(target.clone()),
            Request::Exists {
                path: target,
                watch: true,
            },
        );
    }

    fn after_release(&mut self, fx: &mut Effects) {
        self.my_node = None;
        self.rounds_left = self.rounds_left.saturating_sub(1);
        if self.rounds_left > 0 {
            self.on_start(fx);
        } else {
            self.state = ContenderState::Done;
            self.core.set_status(fx, Status::Done);
        }
    }

    fn expire(&mut self, fx: &mut Effects) {
        self.lose(fx);
        self.state = ContenderState::Expired;
        let s = Status::ExpiredLost {
            path: self.core.path.clone(),
        };
        self.core.set_status(fx, s);
    }
}

impl Role for Contender {
    role_core!();

    fn finished(&self) -> bool {
        matches!(self.state, ContenderState::Done | ContenderState::Expired)
    }

    fn on_start(&mut self, fx: &mut Effects) {
        self.state = ContenderState::Starting;
        fx.notes.push(Note::Started {
            resource: self.core.path.clone(),
        });
        let base = self.base();
        self.ensure(&[&base], fx);
        let s = Status::Competing {
            path: self.core.path.clone(),
        };
        self.core.set_status(fx, s);
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        self.create_node(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        if r == Err(ZkError::SessionExpired) {
            self.expire(fx);
            return;
        }
        // A lost connection failed this request; the reconnect re-checks everything.
        if r == Err(ZkError::ConnectionLoss) || self.state == ContenderState::Suspended {
            return;
        }
        match (p, r) {
            (Purpose::Create, Ok(Response::Create { path, stat })) => {
                if self.naive() {
                    self.acquire(fx, stat.czxid.0);
                } else {
                    self.my_node = Some(path);
                    self.token = stat.czxid.0;
                    self.list(fx);
                }
            }
            (Purpose::Create, Err(ZkError::NodeExists)) if self.naive() => {
                self.watch(fx, self.core.path.clone())
            }
            (Purpose::Create, Err(ZkError::NoNode)) => self.on_start(fx),
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                // One pass over the children, no sort: a waiter only needs its predecessor,
                // so a hand-off among N contenders costs O(N) here, not O(N log N).
                let prefix = self.prefix();
                if self.my_node.is_none() {
                    // After a lost connection: find the node we may have created (Curator's
                    // protection mode names nodes after their creator for this).
                    if let Some(found) = children
                        .iter()
                        .filter(|c| c.starts_with(&prefix))
                        .min_by_key(|c| order_key(c))
                    {
                        self.my_node = Some(path::join(&self.core.path, found));
                    }
                }
                let Some(node) = self.my_node.clone() else {
                    self.create_node(fx);
                    return;
                };
                let scan = self.scan(&children, order_key(path::name(&node)));
                if !scan.present {
                    self.my_node = None;
                    self.create_node(fx);
                    return;
                }
                match scan.blocker {
                    None => {
                        let token = self.token;
                        self.acquire(fx, token);
                    }
                    Some(b) => {
                        let pred = path::join(&self.core.path, b);
                        self.watch(fx, pred);
                    }
                }
            }
            (Purpose::Watch(target), Err(ZkError::NoNode)) => {
                // Gone before the watch was set: look again.
                if self.naive() {
                    self.create_node(fx);
                } else if self.state == ContenderState::Waiting(target) {
                    self.list(fx);
                }
            }
            (Purpose::Delete(_), Ok(_) | Err(ZkError::NoNode)) => self.after_release(fx),
            (Purpose::Check, Ok(Response::GetData { data, stat })) => {
                if data.as_deref() == Some(self.client.as_bytes()) {
                    self.acquire(fx, stat.czxid.0);
                } else {
                    self.watch(fx, self.core.path.clone());
                }
            }
            (Purpose::Check, Err(ZkError::NoNode)) => self.create_node(fx),
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        match e {
            ClientEvent::State(KeeperState::Disconnected) => {
                self.lose(fx);
                self.state = ContenderState::Suspended;
                let s = Status::DisconnectedLost {
                    path: self.core.path.clone(),
                };
                self.core.set_status(fx, s);
            }
            ClientEvent::State(KeeperState::SyncConnected)
                if self.state == ContenderState::Suspended =>
            {
                self.state = ContenderState::Checking;
                if self.naive() {
                    fx.send(
                        Purpose::Check,
                        Request::GetData {
                            path: self.core.path.clone(),
                            watch: false,
                        },
                    );
                } else {
                    self.list(fx);
                }
            }
            ClientEvent::Watch { kind, path }
                if self.state == ContenderState::Waiting(path.clone())
                    && matches!(kind, EventType::NodeDeleted) =>
            {
                if self.naive() {
                    self.create_node(fx);
                } else {
                    self.list(fx);
                }
            }
            _ => {}
        }
    }

    /// Expired: the role is lost. Closed: given up.
    fn on_session_end(&mut self, state: KeeperState, fx: &mut Effects) {
        if state == KeeperState::Expired {
            self.expire(fx);
        } else {
            self.lose(fx);
            self.state = ContenderState::Done;
            self.core.set_status(fx, Status::Closed);
        }
    }

    /// The hold time is over: finish the work and release.
    fn on_timer(&mut self, fx: &mut Effects) {
        if self.state != ContenderState::Holding {
            return;
        }
        if self.is_lock() {
            fx.notes.push(Note::UseResource {
                resource: self.core.path.clone(),
                token: self.token,
            });
        }
        // It stops acting as the holder before it asks for the release.
        fx.notes.push(Note::Released {
            resource: self.core.path.clone(),
        });
        self.state = ContenderState::Releasing;
        let node = self
            .my_node
            .clone()
            .unwrap_or_else(|| self.core.path.clone());
        let s = Status::Releasing { node: node.clone() };
        self.core.set_status(fx, s);
        fx.send(
            Purpose::Delete(node.clone()),
            Request::Write(Op::Delete {
                path: node,
                version: -1,
            }),
        );
    }

    /// The process died: it believes nothing any more.
    fn on_crash(&mut self, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        self.lose(fx);
        self.state = ContenderState::Done;
        self.core.set_status(fx, Status::Crashed);
    }

    /// Back from a pause still believing it holds the lock: it carries on with its work.
    fn on_resume(&mut self, fx: &mut Effects) {
        if self.state == ContenderState::Holding && self.is_lock() {
            fx.notes.push(Note::UseResource {
                resource: self.core.path.clone(),
                token: self.token,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{order_key, sequence_of, Contender};
    use crate::recipes::{RecipeKind, RecipeOptions};
    use std::rc::Rc;

    /// The scan finds what sorting every child by `(sequence number, name)` finds, over
    /// seeded listings that mix ten-digit names, short and odd ones, equal numbers and
    /// readers' and writers' nodes.
    #[test]
    fn a_scan_finds_what_a_sort_finds() {
        let names = [
            "c1-lock-0000000003",
            "c2-lock-0000000001",
            "c3-lock-0000000003",
            "c10-lock-0000000010",
            "c4-write-0000000002",
            "c5-read-0000000004",
            "c6-write-0000000007",
            "c7-read-9999999999",
            "x-+000000005",
            "x--000000002",
            "42",
            "7",
            "",
            "lock-",
            "é-0000000006",
            "c8-lock-00000000a1",
            "c9-lock-0000100000",
            "c11-lock-0000099999",
            "c12-write-0000100001",
            "c13-lock-0000000100",
        ];
        let mut x: u64 = 11;
        for kind in [RecipeKind::Lock, RecipeKind::RwRead, RecipeKind::RwWrite] {
            let c = Contender::new(kind, "c0", "/l", &RecipeOptions::default());
            for _ in 0..2_000 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let children: Vec<Rc<str>> = names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (x >> (8 + i)) & 1 == 1)
                    .map(|(_, n)| Rc::from(*n))
                    .collect();
                let mine = names[(x >> 40) as usize % names.len()];
                let scan = c.scan(&children, order_key(mine));
                let present = children.iter().any(|n| &**n == mine);
                let want = children
                    .iter()
                    .filter(|n| kind != RecipeKind::RwRead || n.contains("-write-"))
                    .filter(|n| order_key(n) < order_key(mine))
                    .max_by_key(|n| order_key(n));
                assert_eq!(scan.present, present, "{children:?} {mine:?}");
                assert_eq!(scan.blocker, want, "{kind:?} {children:?} {mine:?}");
            }
        }
    }

    #[test]
    fn a_sequence_number_reads_as_the_general_parser_reads_it() {
        let slow = |name: &str| -> i64 {
            let digits = name.get(name.len().saturating_sub(10)..).unwrap_or("");
            digits.parse().unwrap_or(i64::MAX)
        };
        for name in [
            "c1-lock-0000000000",
            "c12-lock-0000000042",
            "n-9999999999",
            "x-00000000a1",
            "x-/000000001",
            "x-:000000001",
            "0000000007",
            "42",
            "",
            "lock-",
            "é-0000000003",
            "c-+000000003",
        ] {
            assert_eq!(sequence_of(name), slow(name), "{name:?}");
        }
        // A byte just outside the digits at every place, and every digit at every place.
        for at in 0..10 {
            for b in [
                b'/', b':', b'?', b'@', b'J', b'`', b'p', 0x7f, b' ', b'0', b'5', b'9',
            ] {
                let mut name = *b"c-1234567890";
                name[2 + at] = b;
                let name = std::str::from_utf8(&name).unwrap_or_default();
                assert_eq!(sequence_of(name), slow(name), "{name:?}");
            }
        }
    }
}
