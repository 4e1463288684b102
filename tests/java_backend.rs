//! The official ZooKeeper 3.8 Java client as a script backend: `java/ZkBridge.java` holds one
//! `org.apache.zookeeper.ZooKeeper` per script session and makes every request with the public
//! API; this side speaks its line protocol (described at the top of the Java file) and keeps
//! what the runner asks of a backend, as `zkplay_cli::live::LiveBackend` does for the wire
//! client: a barrier per session after every step (so every notification has arrived), session
//! names from session ids, zxids relative to the first session's creation, expiry through a
//! second connection to the session.
//!
//! One JVM ([`JavaBridge`]) serves many scripts: [`JavaBridge::backend`] resets it.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use zkplay_core::acl::{Acl, Id};
use zkplay_core::request::{ChildNames, Op, OpResult, Request, Response};
use zkplay_core::script::backend::{Backend, ReceivedEvent};
use zkplay_core::stat::{Stat, Zxid};
use zkplay_core::watch::{EventType, KeeperState, WatchMode};
use zkplay_core::ZkError;

/// Compiles `java/ZkBridge.java` (once per process) and returns its class directory.
fn bridge_classes() -> Result<PathBuf, String> {
    static BUILT: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| crate::javac("java/ZkBridge.java", "zk-bridge", &crate::classpath()))
        .clone()
}

/// A string field: `x` and its bytes in hex, `-` for none.
fn bytes_field(b: Option<&[u8]>) -> String {
    match b {
        None => "-".into(),
        Some(b) => {
            let mut s = String::with_capacity(1 + 2 * b.len());
            s.push('x');
            for byte in b {
                s.push_str(&format!("{byte:02x}"));
            }
            s
        }
    }
}

fn str_field(s: &str) -> String {
    bytes_field(Some(s.as_bytes()))
}

fn acl_fields(acl: &[Acl]) -> String {
    let mut s = acl.len().to_string();
    for a in acl {
        s.push_str(&format!(
            " {} {} {}",
            a.perms,
            str_field(&a.id.scheme),
            str_field(&a.id.id)
        ));
    }
    s
}

/// An op's fields, as `create`, `delete`, `set`, `check` take them.
fn op_fields(op: &Op) -> String {
    match op {
        Op::Create {
            path,
            data,
            acl,
            mode,
            ttl_ms,
        } => format!(
            "create {} {} {} {ttl_ms} {}",
            str_field(path),
            bytes_field(data.as_deref()),
            mode.flag(),
            acl_fields(acl)
        ),
        Op::Delete { path, version } => format!("delete {} {version}", str_field(path)),
        Op::SetData {
            path,
            data,
            version,
        } => format!(
            "set {} {} {version}",
            str_field(path),
            bytes_field(data.as_deref())
        ),
        Op::Check { path, version } => format!("check {} {version}", str_field(path)),
    }
}

/// A request's fields after `call NAME`.
fn request_fields(r: &Request) -> Result<String, ZkError> {
    let flag = |w: bool| u8::from(w);
    Ok(match r {
        // The Java API has no lone check: only a multi's op.
        Request::Write(Op::Check { .. }) | Request::Reconfig | Request::CheckWatches { .. } => {
            return Err(ZkError::Unimplemented)
        }
        Request::Write(op) => op_fields(op),
        Request::Multi(ops) => {
            let mut s = format!("multi {}", ops.len());
            for op in ops {
                s.push(' ');
                s.push_str(&op_fields(op));
            }
            s
        }
        Request::Exists { path, watch } => format!("exists {} {}", str_field(path), flag(*watch)),
        Request::GetData { path, watch } => format!("get {} {}", str_field(path), flag(*watch)),
        Request::GetChildren { path, watch } => {
            format!("ls {} {}", str_field(path), flag(*watch))
        }
        Request::GetAcl { path } => format!("getacl {}", str_field(path)),
        Request::SetAcl { path, acl, version } => {
            format!("setacl {} {version} {}", str_field(path), acl_fields(acl))
        }
        Request::Sync { path } => format!("sync {}", str_field(path)),
        Request::GetEphemerals { prefix } => format!("ephemerals {}", str_field(prefix)),
        Request::GetAllChildrenNumber { path } => format!("count {}", str_field(path)),
        Request::AddWatch { path, mode } => {
            let m = u8::from(*mode == WatchMode::PersistentRecursive);
            format!("addwatch {} {m}", str_field(path))
        }
        Request::RemoveWatches { path, kind } => {
            format!("rmwatches {} {}", str_field(path), kind.code())
        }
        Request::AddAuth { scheme, auth } => {
            format!("auth {} {}", str_field(scheme), bytes_field(Some(auth)))
        }
        Request::WhoAmI => "whoami".into(),
    })
}

/// Reads the fields of a reply in order.
struct Fields<'a> {
    words: std::str::SplitWhitespace<'a>,
}

impl<'a> Fields<'a> {
    fn new(text: &'a str) -> Fields<'a> {
        Fields {
            words: text.split_whitespace(),
        }
    }

    fn word(&mut self) -> Result<&'a str, String> {
        self.words.next().ok_or_else(|| "short reply".to_string())
    }

    fn int<T: std::str::FromStr>(&mut self) -> Result<T, String> {
        let w = self.word()?;
        w.parse().map_err(|_| format!("not a number: {w}"))
    }

    fn bytes(&mut self) -> Result<Option<Vec<u8>>, String> {
        decode_bytes(self.word()?)
    }

    fn string(&mut self) -> Result<String, String> {
        let b = self.bytes()?.unwrap_or_default();
        String::from_utf8(b).map_err(|e| e.to_string())
    }

    /// A Stat, or `None` for `-`.
    fn stat(&mut self) -> Result<Option<Stat>, String> {
        let first = self.word()?;
        if first == "-" {
            return Ok(None);
        }
        let czxid: i64 = first.parse().map_err(|_| format!("not a zxid: {first}"))?;
        Ok(Some(Stat {
            czxid: Zxid(czxid),
            mzxid: Zxid(self.int()?),
            ctime: self.int()?,
            mtime: self.int()?,
            version: self.int()?,
            cversion: self.int()?,
            aversion: self.int()?,
            ephemeral_owner: self.int()?,
            data_length: self.int()?,
            num_children: self.int()?,
            pzxid: Zxid(self.int()?),
        }))
    }

    fn some_stat(&mut self) -> Result<Stat, String> {
        self.stat()?.ok_or_else(|| "missing Stat".to_string())
    }

    fn acl(&mut self) -> Result<Vec<Acl>, String> {
        let n: usize = self.int()?;
        (0..n)
            .map(|_| {
                let perms = self.int()?;
                let scheme = self.string()?;
                let id = self.string()?;
                Ok(Acl {
                    perms,
                    id: Id { scheme, id },
                })
            })
            .collect()
    }

    fn strings(&mut self) -> Result<Vec<String>, String> {
        let n: usize = self.int()?;
        (0..n).map(|_| self.string()).collect()
    }
}

fn decode_bytes(w: &str) -> Result<Option<Vec<u8>>, String> {
    if w == "-" {
        return Ok(None);
    }
    let hex = w
        .strip_prefix('x')
        .ok_or_else(|| format!("not a string field: {w}"))?;
    if hex.len() % 2 != 0 {
        return Err(format!("odd hex: {w}"));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad hex: {w}"))
        })
        .collect::<Result<Vec<u8>, String>>()
        .map(Some)
}

fn op_results(f: &mut Fields) -> Result<Vec<OpResult>, String> {
    let n: usize = f.int()?;
    (0..n)
        .map(|_| {
            Ok(match f.word()? {
                "c" => OpResult::Create {
                    path: f.string()?,
                    // A create sent as create (1) answers its path alone.
                    stat: f.stat()?.unwrap_or_default(),
                },
                "d" => OpResult::Delete,
                "s" => OpResult::SetData {
                    stat: f.some_stat()?,
                },
                "k" => OpResult::Check,
                "e" => OpResult::Error { code: f.int()? },
                w => return Err(format!("unknown op result {w}")),
            })
        })
        .collect()
}

/// The response the bridge's `ok` fields make for `r`.
fn response(r: &Request, f: &mut Fields) -> Result<Response, String> {
    Ok(match r {
        Request::Write(Op::Create { .. }) => Response::Create {
            path: f.string()?,
            stat: f.some_stat()?,
        },
        Request::Write(Op::Delete { .. }) => Response::Delete,
        Request::Write(Op::SetData { .. }) => Response::SetData {
            stat: f.some_stat()?,
        },
        Request::Write(Op::Check { .. }) => Response::Check,
        Request::Multi(_) => Response::Multi(op_results(f)?),
        Request::Exists { .. } => Response::Exists {
            stat: f.some_stat()?,
        },
        Request::GetData { .. } => {
            let data = f.bytes()?;
            Response::GetData {
                data: data.map(|d| d.into()),
                stat: f.some_stat()?,
            }
        }
        Request::GetChildren { .. } => {
            let stat = f.some_stat()?;
            let names = f.strings()?;
            Response::GetChildren {
                children: names.into_iter().map(|n| n.into()).collect::<ChildNames>(),
                stat,
            }
        }
        Request::GetAcl { .. } => {
            let stat = f.some_stat()?;
            Response::GetAcl {
                acl: f.acl()?,
                stat,
            }
        }
        Request::SetAcl { .. } => Response::SetAcl {
            stat: f.some_stat()?,
        },
        Request::Sync { .. } => Response::Sync { path: f.string()? },
        Request::GetEphemerals { .. } => Response::Ephemerals {
            paths: f.strings()?,
        },
        Request::GetAllChildrenNumber { .. } => Response::Count { count: f.int()? },
        Request::AddWatch { .. }
        | Request::RemoveWatches { .. }
        | Request::CheckWatches { .. }
        | Request::AddAuth { .. } => Response::Empty,
        Request::WhoAmI => {
            let n: usize = f.int()?;
            let ids = (0..n)
                .map(|_| Ok((f.string()?, f.string()?)))
                .collect::<Result<Vec<_>, String>>()?;
            Response::WhoAmI { ids }
        }
        Request::Reconfig => Response::Empty,
    })
}

fn event_type(name: &str) -> Option<EventType> {
    (-1..=7)
        .filter_map(EventType::from_code)
        .find(|t| t.name() == name)
}

fn keeper_state(name: &str) -> Option<KeeperState> {
    [
        KeeperState::SyncConnected,
        KeeperState::Disconnected,
        KeeperState::Expired,
        KeeperState::Closed,
        KeeperState::AuthFailed,
    ]
    .into_iter()
    .find(|s| s.name() == name)
}

/// `ev NAME TYPE STATE PATH`.
fn parse_event(line: &str) -> Result<ReceivedEvent, String> {
    let mut f = Fields::new(line);
    let (_, session, kind, state) = (f.word()?, f.word()?, f.word()?, f.word()?);
    let path = f.bytes()?.unwrap_or_default();
    Ok(ReceivedEvent {
        session: session.to_string(),
        kind: event_type(kind).ok_or_else(|| format!("event type {kind}"))?,
        state: keeper_state(state).ok_or_else(|| format!("keeper state {state}"))?,
        path: String::from_utf8(path).map_err(|e| e.to_string())?,
    })
}

/// The bridge's JVM, talked to one command at a time.
pub struct JavaBridge {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

/// A bridge reply: the lines before its last (`ev …`) and the last one's words.
struct Reply {
    before: Vec<String>,
    last: String,
}

impl JavaBridge {
    /// Compiles the bridge if needed and starts its JVM.
    pub fn start() -> Result<JavaBridge, String> {
        let classes = bridge_classes()?;
        let mut child = Command::new("java")
            .args([
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dzookeeper.sasl.client=false",
            ])
            .arg("-cp")
            .arg(format!("{}:{}", crate::classpath(), classes.display()))
            .arg("ZkBridge")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start java: {e}"))?;
        let input = child.stdin.take().ok_or("no stdin")?;
        let output = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(JavaBridge {
            child,
            input,
            output,
        })
    }

    fn ask(&mut self, line: &str) -> Result<Reply, String> {
        writeln!(self.input, "{line}")
            .and_then(|()| self.input.flush())
            .map_err(|e| format!("bridge: {e}"))?;
        let mut before = Vec::new();
        loop {
            let mut l = String::new();
            let n = self
                .output
                .read_line(&mut l)
                .map_err(|e| format!("bridge: {e}"))?;
            if n == 0 {
                return Err(format!("the bridge ended (after '{line}')"));
            }
            let l = l.trim_end().to_string();
            if l.starts_with("ev ") {
                before.push(l);
            } else if let Some(msg) = l.strip_prefix("fail ") {
                let text = decode_bytes(msg)?.unwrap_or_default();
                return Err(format!(
                    "bridge: {} (after '{line}')",
                    String::from_utf8_lossy(&text)
                ));
            } else {
                return Ok(Reply { before, last: l });
            }
        }
    }

    /// A backend for the server at `addr`, with none of the sessions of a script before.
    pub fn backend(&mut self, addr: &str) -> Result<JavaBackend<'_>, String> {
        self.ask(&format!("reset {addr}"))?;
        Ok(JavaBackend {
            bridge: self,
            addr: addr.to_string(),
            live: Vec::new(),
            ids: Vec::new(),
            zxid_base: None,
            fatal: None,
            notes: Vec::new(),
        })
    }
}

impl Drop for JavaBridge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs scripts through the Java client against one server.
pub struct JavaBackend<'a> {
    bridge: &'a mut JavaBridge,
    addr: String,
    /// Sessions open in the bridge.
    live: Vec<String>,
    ids: Vec<(String, i64)>,
    zxid_base: Option<i64>,
    fatal: Option<String>,
    notes: Vec<String>,
}

impl JavaBackend<'_> {
    /// What went wrong between here and the Java client, which makes the transcript meaningless.
    pub fn fatal(&self) -> Option<String> {
        self.fatal.clone()
    }

    fn failed(&mut self, e: String) -> ZkError {
        self.fatal.get_or_insert(e);
        ZkError::ConnectionLoss
    }

    /// What the server did differently from ZooKeeper 3.8 without changing the transcript.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    fn ended(&mut self, name: &str) {
        self.live.retain(|n| n != name);
    }
}

impl Backend for JavaBackend<'_> {
    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        let probe = u8::from(self.zxid_base.is_none());
        let reply = self
            .bridge
            .ask(&format!("open {name} {timeout_ms} {probe}"))
            .map_err(|e| format!("cannot connect to {}: {e}", self.addr))?;
        let mut f = Fields::new(&reply.last);
        if f.word()? != "ok" {
            return Err(format!("bridge: {}", reply.last));
        }
        let (id, zxid): (i64, i64) = (f.int()?, f.int()?);
        if self.zxid_base.is_none() {
            self.zxid_base = Some(zxid);
        }
        self.ids.retain(|(n, _)| n != name);
        self.ids.push((name.to_string(), id));
        self.ended(name);
        self.live.push(name.to_string());
        Ok(())
    }

    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        if !self.live.iter().any(|n| n == name) {
            return Err(ZkError::SessionExpired);
        }
        let fields = request_fields(request)?;
        let reply = match self.bridge.ask(&format!("call {name} {fields}")) {
            Ok(r) => r,
            Err(e) => return Err(self.failed(e)),
        };
        let mut f = Fields::new(&reply.last);
        match f.word() {
            Ok("ok") => response(request, &mut f).map_err(|e| self.failed(e)),
            Ok("err") => {
                let code: i32 = f.int().unwrap_or(-1);
                if code == ZkError::AuthFailed.code() {
                    self.ended(name);
                }
                Err(ZkError::from_code(code).unwrap_or(ZkError::SystemError))
            }
            // The Java client refused the arguments before sending anything.
            Ok("iae") => Err(ZkError::BadArguments),
            _ => Err(self.failed(format!("bridge: {}", reply.last))),
        }
    }

    fn close_session(&mut self, name: &str) -> Result<(), ZkError> {
        if !self.live.iter().any(|n| n == name) {
            return Err(ZkError::SessionExpired);
        }
        self.ended(name);
        match self.bridge.ask(&format!("close {name}")) {
            Ok(_) => Ok(()),
            Err(e) => Err(self.failed(e)),
        }
    }

    fn expire_session(&mut self, name: &str) -> Result<(), ZkError> {
        if !self.live.iter().any(|n| n == name) {
            return Err(ZkError::SessionExpired);
        }
        self.ended(name);
        match self.bridge.ask(&format!("expire {name}")) {
            Ok(r) => {
                if r.last == "ok kept" {
                    self.notes.push(format!(
                        "expire {name}: the server kept the session's first connection open after a second connection attached to the session and closed it (ZooKeeper 3.8 drops it when the second attaches); the client dropped it itself after 1 s"
                    ));
                }
                Ok(())
            }
            Err(e) => Err(self.failed(e)),
        }
    }

    fn sleep(&mut self, ms: u64) {
        // The Java client pings by itself.
        std::thread::sleep(Duration::from_millis(ms));
    }

    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        let names: Vec<&str> = self
            .ids
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| self.live.iter().any(|l| l == n))
            .collect();
        let line = format!("drain {}", names.join(" "));
        let reply = match self.bridge.ask(line.trim_end()) {
            Ok(r) => r,
            Err(e) => {
                self.failed(e);
                return Vec::new();
            }
        };
        let mut events = Vec::new();
        for l in &reply.before {
            match parse_event(l) {
                Ok(e) => events.push(e),
                Err(e) => {
                    self.failed(format!("bridge event '{l}': {e}"));
                }
            }
        }
        events
    }

    fn session_name(&self, session_id: i64) -> Option<String> {
        self.ids
            .iter()
            .find(|(_, id)| *id == session_id)
            .map(|(n, _)| n.clone())
    }

    fn zxid_base(&self) -> i64 {
        self.zxid_base.unwrap_or(0)
    }

    fn session_names(&self) -> Vec<String> {
        self.ids.iter().map(|(n, _)| n.clone()).collect()
    }
}
