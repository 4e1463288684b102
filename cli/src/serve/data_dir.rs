//! `zkplay serve`'s `dataDir`: where a standalone server's data outlives its process. The
//! server's journal (`zkplay_core::server::journal`: the clock, sessions opened and closed,
//! writes) is appended to `dataDir/zkplay-journal` as it happens, one line each, as ZooKeeper
//! appends its transaction log; a server started again on the same `dataDir` replays it and
//! goes on with the same tree, zxids and sessions (and their passwords). An ensemble keeps
//! nothing yet: each of its servers starts empty.

use std::io::Write;
use std::path::{Path, PathBuf};

use zkplay_core::request::Request;
use zkplay_core::server::journal::JournalEntry;
use zkplay_core::stat::SessionId;

/// The journal's file in `dataDir`.
const FILE: &str = "zkplay-journal";
/// Its first line.
const HEADER: &str = "zkplay-journal 1";

/// What a previous run left: when its clock started, its password secret and its journal.
#[derive(Debug)]
pub struct Restored {
    pub epoch_ms: i64,
    pub secret: u64,
    pub entries: Vec<JournalEntry>,
}

/// The journal being written.
pub struct DataDir {
    file: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
}

fn bad(path: &Path, line: usize, why: &str) -> String {
    format!(
        "{}:{line}: {why} (not a journal zkplay serve wrote: move it away to start empty)",
        path.display()
    )
}

/// Reads what a previous run left in `dir`, if anything.
pub fn read(dir: &Path) -> Result<Option<Restored>, String> {
    let path = dir.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut lines = text.lines().enumerate();
    if lines.next().map(|(_, l)| l) != Some(HEADER) {
        return Err(bad(&path, 1, "no journal header"));
    }
    let mut epoch_ms = None;
    let mut secret = None;
    let mut entries = Vec::new();
    for (i, line) in lines {
        let words: Vec<&str> = line.split(' ').collect();
        let number = |w: &str| {
            w.parse::<i64>()
                .map_err(|_| bad(&path, i + 1, "not a number"))
        };
        let entry = match words.as_slice() {
            ["epoch", ms] => {
                epoch_ms = Some(number(ms)?);
                continue;
            }
            ["secret", s] => {
                secret = Some(number(s)? as u64);
                continue;
            }
            ["advance", ms] => JournalEntry::Advance(number(ms)? as u64),
            ["open", t] => JournalEntry::Open {
                timeout_ms: number(t)? as u32,
            },
            ["close", s] => JournalEntry::Close(SessionId(number(s)?)),
            ["restart", ms] => JournalEntry::Restart {
                elapsed_ms: number(ms)? as u64,
            },
            ["write", s, hex] => JournalEntry::Write {
                session: SessionId(number(s)?),
                request: request(hex).ok_or_else(|| bad(&path, i + 1, "not a request"))?,
            },
            // A line cut short by a crash mid-write is the journal's end.
            _ if i + 1 == text.lines().count() => break,
            _ => return Err(bad(&path, i + 1, "not a journal line")),
        };
        entries.push(entry);
    }
    match (epoch_ms, secret) {
        (Some(epoch_ms), Some(secret)) => Ok(Some(Restored {
            epoch_ms,
            secret,
            entries,
        })),
        _ => Err(bad(&path, 1, "no epoch or secret line")),
    }
}

/// A request as the journal writes it: its wire encoding, in hex.
fn request(hex: &str) -> Option<Request> {
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        })
        .collect();
    match zkplay_wire::decode_packet(&bytes?).ok()? {
        zkplay_wire::Packet::Request { request, .. } => Some(request),
        zkplay_wire::Packet::Auth { scheme, auth } => Some(Request::AddAuth { scheme, auth }),
        _ => None,
    }
}

fn line(e: &JournalEntry) -> String {
    match e {
        JournalEntry::Advance(ms) => format!("advance {ms}"),
        JournalEntry::Open { timeout_ms } => format!("open {timeout_ms}"),
        JournalEntry::Close(s) => format!("close {}", s.0),
        JournalEntry::Restart { elapsed_ms } => format!("restart {elapsed_ms}"),
        JournalEntry::Write { session, request } => {
            let bytes = zkplay_wire::encode_request(0, request);
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("write {} {hex}", session.0)
        }
    }
}

impl DataDir {
    /// Opens `dir`'s journal to go on with it, or starts one (with the run's clock and
    /// secret) when there is none.
    pub fn open(dir: &Path, epoch_ms: i64, secret: u64) -> Result<DataDir, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create dataDir {}: {e}", dir.display()))?;
        let path = dir.join(FILE);
        let fresh = !path.exists();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let mut d = DataDir {
            file: std::io::BufWriter::new(file),
            path,
        };
        if fresh {
            d.write(&format!(
                "{HEADER}\nepoch {epoch_ms}\nsecret {}\n",
                secret as i64
            ))?;
        }
        Ok(d)
    }

    fn write(&mut self, text: &str) -> Result<(), String> {
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }

    /// Appends the server's changes.
    pub fn append(&mut self, entries: &[JournalEntry]) -> Result<(), String> {
        if entries.is_empty() {
            return Ok(());
        }
        let text: String = entries.iter().map(|e| line(e) + "\n").collect();
        self.write(&text)
    }
}
