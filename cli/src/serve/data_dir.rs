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
    /// The settings it was written with (see [`settings_line`]).
    pub settings: Option<String>,
    pub entries: Vec<JournalEntry>,
    /// The bytes of the file that read; what follows (a line cut short) is cut off before
    /// the journal goes on.
    pub valid_len: u64,
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
    // Lines with their ends; one without its newline was cut short by a crash mid-write.
    let mut lines = text.split_inclusive('\n').enumerate();
    if lines.next().map(|(_, l)| l.trim_end()) != Some(HEADER) {
        return Err(bad(&path, 1, "no journal header"));
    }
    let count = text.split_inclusive('\n').count();
    let mut epoch_ms = None;
    let mut secret = None;
    let mut settings = None;
    let mut entries = Vec::new();
    let mut valid_len = text.split_inclusive('\n').next().map_or(0, str::len);
    for (i, raw) in lines {
        let last = i + 1 == count;
        let Some(line) = raw.strip_suffix('\n') else {
            break;
        };
        if let Some(text) = line.strip_prefix("settings ") {
            settings = Some(text.to_string());
            valid_len += raw.len();
            continue;
        }
        let words: Vec<&str> = line.split(' ').collect();
        let number = |w: &str| w.parse::<i64>().ok();
        let entry = match words.as_slice() {
            ["epoch", ms] => number(ms).map(|n| {
                epoch_ms = Some(n);
                None
            }),
            ["secret", s] => number(s).map(|n| {
                secret = Some(n as u64);
                None
            }),
            ["advance", ms] => number(ms).map(|n| Some(JournalEntry::Advance(n as u64))),
            ["open", t] => number(t).map(|n| {
                Some(JournalEntry::Open {
                    timeout_ms: n as u32,
                })
            }),
            ["close", s] => number(s).map(|n| Some(JournalEntry::Close(SessionId(n)))),
            ["restart", ms] => number(ms).map(|n| {
                Some(JournalEntry::Restart {
                    elapsed_ms: n as u64,
                })
            }),
            ["write", s, hex] => number(s).and_then(|n| {
                request(hex).map(|request| {
                    Some(JournalEntry::Write {
                        session: SessionId(n),
                        request,
                    })
                })
            }),
            _ => None,
        };
        match entry {
            Some(e) => entries.extend(e),
            // A last line that does not read was cut short by a crash: the journal ends before.
            None if last => break,
            None => return Err(bad(&path, i + 1, "not a journal line")),
        }
        valid_len += raw.len();
    }
    match (epoch_ms, secret) {
        (Some(epoch_ms), Some(secret)) => Ok(Some(Restored {
            epoch_ms,
            secret,
            settings,
            entries,
            valid_len: valid_len as u64,
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
    /// `valid_len` is what `read` found readable of an existing journal.
    pub fn open(
        dir: &Path,
        epoch_ms: i64,
        secret: u64,
        settings: &str,
        valid_len: Option<u64>,
    ) -> Result<DataDir, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create dataDir {}: {e}", dir.display()))?;
        let path = dir.join(FILE);
        let fresh = !path.exists();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if let Some(len) = valid_len {
            // A line a crash cut short goes before the journal goes on after it.
            if file.metadata().is_ok_and(|m| m.len() > len) {
                file.set_len(len)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
        }
        let mut d = DataDir {
            file: std::io::BufWriter::new(file),
            path,
        };
        if fresh {
            d.write(&format!(
                "{HEADER}\nepoch {epoch_ms}\nsecret {}\nsettings {settings}\n",
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

/// The settings a journal's replay depends on (what the server answers to the same requests):
/// a journal is replayed only with the same ones.
pub fn settings_line(c: &zkplay_core::server::ServerConfig) -> String {
    let timeouts = c
        .session_timeout_bounds_ms
        .map_or("default".to_string(), |(min, max)| format!("{min},{max}"));
    format!(
        "tickTime={} jute.maxbuffer={} extendedTypesEnabled={} znode.container.checkIntervalMs={} sessionTimeouts={timeouts} superDigest={}",
        c.tick_time_ms,
        c.max_data_bytes,
        c.extended_types,
        c.container_check_interval_ms,
        c.super_digest.as_deref().unwrap_or("none"),
    )
}
