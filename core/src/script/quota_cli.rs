//! zkCli 3.8's quota commands — `setquota`, `listquota`, `delquota` — which the client runs as
//! sequences of ordinary requests (`SetQuotaCommand`, `ListQuotaCommand`, `DelQuotaCommand`),
//! with their option parsing as commons-cli 1.5's `DefaultParser` does it and their output
//! line for line.
//!
//! The caller prints zkCli's "Not connected" for a closed session before parsing, as
//! `ZooKeeperMain` does.

mod options;

use std::rc::Rc;

use crate::acl::Acl;
use crate::error::ZkError;
use crate::java_hash::string_hash;
use crate::path::validate_path;
use crate::quota::{
    limit_path, quota_path, stat_path, StatsTrack, StatsTrackError, LIMIT_NODE, QUOTA_ROOT,
    STAT_NODE,
};
use crate::request::{CreateMode, Op, Request, Response};
use options::{parse_options, DEL_OPTIONS, LIST_OPTIONS, SET_OPTIONS};

/// A parsed quota command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuotaCommand {
    Set {
        kind: QuotaKind,
        value: i64,
        path: String,
    },
    List {
        path: String,
    },
    Del {
        kind: Option<QuotaKind>,
        path: String,
    },
}

/// Which limit: `-n`, `-b`, `-N`, `-B`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaKind {
    Count,
    Bytes,
    HardCount,
    HardBytes,
}

impl QuotaKind {
    /// In the order of zkCli's option group (its error messages list them so).
    const ALL: [(char, QuotaKind, &'static str); 4] = [
        ('n', QuotaKind::Count, "num soft quota"),
        ('b', QuotaKind::Bytes, "bytes soft quota"),
        ('N', QuotaKind::HardCount, "num hard quota"),
        ('B', QuotaKind::HardBytes, "bytes hard quota"),
    ];

    fn from_letter(letter: char) -> Option<QuotaKind> {
        QuotaKind::ALL
            .iter()
            .find(|(l, _, _)| *l == letter)
            .map(|(_, k, _)| *k)
    }

    fn set(self, track: &mut StatsTrack, value: i64) {
        match self {
            QuotaKind::Count => track.set_count(value),
            QuotaKind::Bytes => track.set_bytes(value),
            QuotaKind::HardCount => track.set_count_hard_limit(value),
            QuotaKind::HardBytes => track.set_byte_hard_limit(value),
        }
    }
}

const SET_USAGE: &str = "setquota -n|-b|-N|-B val path";
const LIST_USAGE: &str = "listquota path";
const DEL_USAGE: &str = "delquota [-n|-b|-N|-B] path";

/// Parses the words after the command name as zkCli does, including the checks `setquota` makes
/// before its first request. `Err` is the one line zkCli prints (without its newline).
pub fn parse_quota(name: &str, args: &[String]) -> Result<QuotaCommand, String> {
    match name {
        "setquota" => {
            let parsed = parse_options(&SET_OPTIONS, args)?;
            let (Some(path), Some((letter, value))) = (parsed.args.first(), parsed.selected) else {
                return Err(SET_USAGE.into());
            };
            if path.starts_with(QUOTA_ROOT) {
                return Err(format!("cannot set a quota under the path: {QUOTA_ROOT}"));
            }
            let kind = QuotaKind::from_letter(letter).ok_or_else(|| SET_USAGE.to_string())?;
            let value = option_value(kind, value.as_deref().unwrap_or(""))?;
            Ok(QuotaCommand::Set {
                kind,
                value,
                path: path.clone(),
            })
        }
        "listquota" => {
            let parsed = parse_options(&LIST_OPTIONS, args)?;
            let path = parsed.args.first().ok_or_else(|| LIST_USAGE.to_string())?;
            Ok(QuotaCommand::List { path: path.clone() })
        }
        "delquota" => {
            let parsed = parse_options(&DEL_OPTIONS, args)?;
            let path = parsed.args.first().ok_or_else(|| DEL_USAGE.to_string())?;
            Ok(QuotaCommand::Del {
                kind: parsed
                    .selected
                    .and_then(|(letter, _)| QuotaKind::from_letter(letter)),
                path: path.clone(),
            })
        }
        _ => Err(format!("Command not found: Command not found {name}")),
    }
}

/// `SetQuotaCommand.checkOptionValue`: counts are Java ints above zero, bytes longs from zero.
fn option_value(kind: QuotaKind, text: &str) -> Result<i64, String> {
    const NOT_A_NUMBER: &str = "NumberFormatException happens when parsing the option value";
    match kind {
        QuotaKind::Count | QuotaKind::HardCount => match text.parse::<i32>() {
            Ok(v) if v > 0 => Ok(i64::from(v)),
            Ok(_) => Err("the num quota must be greater than zero".into()),
            Err(_) => Err(NOT_A_NUMBER.into()),
        },
        QuotaKind::Bytes | QuotaKind::HardBytes => match text.parse::<i64>() {
            Ok(v) if v >= 0 => Ok(v),
            Ok(_) => Err("the bytes quota must be greater than or equal to zero".into()),
            Err(_) => Err(NOT_A_NUMBER.into()),
        },
    }
}

/// Runs a quota command through `call` (one request at a time, as this session) and returns
/// everything zkCli prints for it, stdout and stderr in order, each line ending in '\n'.
pub fn run_quota(
    cmd: &QuotaCommand,
    call: &mut dyn FnMut(&Request) -> Result<Response, ZkError>,
) -> String {
    let mut c = Client {
        call,
        out: String::new(),
    };
    match cmd {
        QuotaCommand::Set { kind, value, path } => {
            if let Err(thrown) = set_quota(&mut c, path, *kind, *value) {
                let line = thrown.message();
                c.line(&line);
            }
        }
        QuotaCommand::List { path } => {
            c.line(&format!("absolute path is {}", limit_path(path)));
            if let Err(thrown) = list_quota(&mut c, path) {
                let line = thrown.message_or_no_quota(path);
                c.line(&line);
            }
        }
        QuotaCommand::Del { kind, path } => {
            if let Err(thrown) = del_quota(&mut c, path, *kind) {
                let line = thrown.message_or_no_quota(path);
                c.line(&line);
            }
        }
    }
    c.out
}

/// What a quota command can throw, by how zkCli reports it.
#[derive(Debug)]
enum Thrown {
    /// `IllegalArgumentException` (bad paths, refusals, `NumberFormatException`): its message.
    Illegal(String),
    /// A `KeeperException` from the request on `path`.
    Keeper(ZkError, String),
    /// Any other exception ends zkCli's main thread; the line is how the JVM reports it.
    Fatal(String),
}

impl Thrown {
    fn message(&self) -> String {
        match self {
            Thrown::Illegal(m) | Thrown::Fatal(m) => m.clone(),
            Thrown::Keeper(e, p) => crate::script::cli::wrapper_message(*e, p),
        }
    }

    /// `listquota` and `delquota` report a missing node as a missing quota.
    fn message_or_no_quota(&self, path: &str) -> String {
        match self {
            Thrown::Keeper(ZkError::NoNode, _) => format!("quota for {path} does not exist."),
            other => other.message(),
        }
    }
}

impl From<StatsTrackError> for Thrown {
    fn from(e: StatsTrackError) -> Thrown {
        if e.is_illegal_argument() {
            Thrown::Illegal(e.to_string())
        } else {
            Thrown::Fatal(format!(
                "Exception in thread \"main\" {}: {e}",
                e.java_class()
            ))
        }
    }
}

/// `KeeperException.toString()`: the first line of the stack trace zkCli prints for an error
/// it catches and goes on from (the frames that follow are the JVM's own). The exception
/// classes are named as the variants, but for two.
fn exception_line(e: ZkError, path: &str) -> String {
    let class = match e {
        ZkError::ApiError => "APIError".to_string(),
        ZkError::InvalidAcl => "InvalidACL".to_string(),
        other => format!("{other:?}"),
    };
    format!(
        "org.apache.zookeeper.KeeperException${class}Exception: {}",
        e.keeper_message(path)
    )
}

/// The session's requests, as the Java client makes them: paths checked on the client first.
struct Client<'a> {
    call: &'a mut dyn FnMut(&Request) -> Result<Response, ZkError>,
    out: String,
}

impl Client<'_> {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn send(&mut self, p: &str, req: Request) -> Result<Response, Thrown> {
        validate_path(p, false).map_err(|e| Thrown::Illegal(e.message))?;
        (self.call)(&req).map_err(|e| Thrown::Keeper(e, p.to_string()))
    }

    /// `exists`: `None` for a missing node.
    fn exists(&mut self, p: &str) -> Result<Option<()>, Thrown> {
        let req = Request::Exists {
            path: p.to_string(),
            watch: false,
        };
        match self.send(p, req) {
            Ok(_) => Ok(Some(())),
            Err(Thrown::Keeper(ZkError::NoNode, _)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn get_data(&mut self, p: &str) -> Result<Option<Rc<[u8]>>, Thrown> {
        let req = Request::GetData {
            path: p.to_string(),
            watch: false,
        };
        match self.send(p, req)? {
            Response::GetData { data, .. } => Ok(data),
            _ => Err(Thrown::Keeper(ZkError::MarshallingError, p.to_string())),
        }
    }

    /// `new StatsTrack(getData(p))`.
    fn get_track(&mut self, p: &str) -> Result<StatsTrack, Thrown> {
        let data = self.get_data(p)?;
        Ok(StatsTrack::from_data(data.as_deref())?)
    }

    /// Child names in the order the server sends them.
    fn get_children(&mut self, p: &str) -> Result<Vec<String>, Thrown> {
        let req = Request::GetChildren {
            path: p.to_string(),
            watch: false,
        };
        match self.send(p, req)? {
            Response::GetChildren { children, .. } => {
                Ok(children.iter().map(|c| c.to_string()).collect())
            }
            _ => Err(Thrown::Keeper(ZkError::MarshallingError, p.to_string())),
        }
    }

    /// A persistent node open to everyone (`OPEN_ACL_UNSAFE`).
    fn create(&mut self, p: &str, data: Option<Vec<u8>>) -> Result<(), Thrown> {
        let op = Op::Create {
            path: p.to_string(),
            data,
            acl: Acl::open_unsafe(),
            mode: CreateMode::Persistent,
            ttl_ms: -1,
        };
        self.send(p, Request::Write(op)).map(drop)
    }

    /// `create` where another client may have been first: `NodeExists` is fine.
    fn ensure(&mut self, p: &str) -> Result<(), Thrown> {
        match self.create(p, None) {
            Err(Thrown::Keeper(ZkError::NodeExists, _)) => Ok(()),
            other => other,
        }
    }

    fn delete(&mut self, p: &str) -> Result<(), Thrown> {
        let op = Op::Delete {
            path: p.to_string(),
            version: -1,
        };
        self.send(p, Request::Write(op)).map(drop)
    }

    fn set_data(&mut self, p: &str, data: Vec<u8>) -> Result<(), Thrown> {
        let op = Op::SetData {
            path: p.to_string(),
            data: Some(data),
            version: -1,
        };
        self.send(p, Request::Write(op)).map(drop)
    }
}

/// Java's `path.split("/")`: trailing empty pieces dropped.
fn split_path(p: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = p.split('/').collect();
    while parts.last().is_some_and(|s| s.is_empty()) {
        parts.pop();
    }
    parts
}

/// `SetQuotaCommand.createQuota`.
fn set_quota(c: &mut Client, path: &str, kind: QuotaKind, value: i64) -> Result<(), Thrown> {
    if c.exists(path)?.is_none() {
        return Err(Thrown::Illegal(format!("{path} does not exist.")));
    }
    check_no_child_quota(c, path)?;
    check_no_parent_quota(c, path)?;
    if c.exists(QUOTA_ROOT)?.is_none() {
        // One try around both creates: if the first exists, the second is not attempted.
        match c.create("/zookeeper", None) {
            Ok(()) => c.ensure(QUOTA_ROOT)?,
            Err(Thrown::Keeper(ZkError::NodeExists, _)) => {}
            Err(e) => return Err(e),
        }
    }
    let mut node = QUOTA_ROOT.to_string();
    for part in split_path(path).into_iter().skip(1) {
        node.push('/');
        node.push_str(part);
        if c.exists(&node)?.is_none() {
            c.ensure(&node)?;
        }
    }
    let stats = format!("{node}/{STAT_NODE}");
    let limits = format!("{node}/{LIMIT_NODE}");
    if c.exists(&limits)?.is_none() {
        // Every limit -1 but the one given.
        let mut quota = StatsTrack::default();
        quota.set_count(-1);
        quota.set_bytes(-1);
        quota.set_count_hard_limit(-1);
        quota.set_byte_hard_limit(-1);
        kind.set(&mut quota, value);
        c.create(&limits, Some(quota.to_string().into_bytes()))?;
        let mut zero = StatsTrack::default();
        zero.set_count(0);
        zero.set_bytes(0);
        c.create(&stats, Some(zero.to_string().into_bytes()))?;
        let limit_track = c.get_track(&limits)?;
        let stat_track = c.get_track(&stats)?;
        warn_below_usage(c, &limit_track, &stat_track);
    } else {
        // The limit given replaces its old value; the others stay as they are.
        let mut limit_track = c.get_track(&limits)?;
        kind.set(&mut limit_track, value);
        let stat_track = c.get_track(&stats)?;
        warn_below_usage(c, &limit_track, &stat_track);
        c.set_data(&limits, limit_track.to_string().into_bytes())?;
    }
    Ok(())
}

/// `SetQuotaCommand.checkQuota`: a limit below what the subtree already holds is only a warning.
fn warn_below_usage(c: &mut Client, quota: &StatsTrack, stats: &StatsTrack) {
    let below = |limit: i64, used: i64| limit > -1 && limit < used;
    if below(quota.count(), stats.count()) || below(quota.count_hard_limit(), stats.count()) {
        c.line(&format!(
            "[Warning]: the count quota you create is less than the existing count:{}",
            stats.count()
        ));
    }
    if below(quota.bytes(), stats.bytes()) || below(quota.byte_hard_limit(), stats.bytes()) {
        c.line(&format!(
            "[Warning]: the bytes quota you create is less than the existing bytes:{}",
            stats.bytes()
        ));
    }
}

/// `checkIfChildQuota`: walks the quota subtree of `path` as `ZKUtil.visitSubTreeDFS` does
/// (each node visited, then its sorted children, depth first) and refuses when a node below
/// has a limits node.
fn check_no_child_quota(c: &mut Client, path: &str) -> Result<(), Thrown> {
    let root = quota_path(path);
    validate_path(&root, false).map_err(|e| Thrown::Illegal(e.message))?;
    match c.get_data(&root) {
        Err(Thrown::Keeper(ZkError::NoNode, _)) => return Ok(()),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    visit_for_child_quota(c, &root, path)?;
    let mut stack = vec![root];
    while let Some(p) = stack.pop() {
        let mut children = match c.get_children(&p) {
            Err(Thrown::Keeper(ZkError::NoNode, _)) => continue,
            other => other?,
        };
        crate::sorted::sort_by(&mut children, |a, b| a.encode_utf16().cmp(b.encode_utf16()));
        for child in &children {
            visit_for_child_quota(c, &format!("{p}/{child}"), path)?;
        }
        stack.extend(children.iter().rev().map(|child| format!("{p}/{child}")));
    }
    Ok(())
}

/// The visitor of `checkIfChildQuota`, for one node of the quota subtree.
fn visit_for_child_quota(c: &mut Client, node: &str, path: &str) -> Result<(), Thrown> {
    let children = match c.get_children(node) {
        Ok(children) => children,
        Err(Thrown::Keeper(ZkError::NoNode, _)) => return Ok(()),
        // zkCli prints the stack trace and goes on as if the node had no children.
        Err(Thrown::Keeper(e, p)) => {
            c.line(&exception_line(e, &p));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    if node != quota_path(path) && children.iter().any(|child| child == LIMIT_NODE) {
        let below = node.get(QUOTA_ROOT.len()..).unwrap_or("");
        return Err(Thrown::Illegal(format!(
            "{path} has a child {below} which has a quota"
        )));
    }
    Ok(())
}

/// `checkIfParentQuota`: each quota node above `path` is listed until one is missing or empty;
/// one with a limits node refuses.
fn check_no_parent_quota(c: &mut Client, path: &str) -> Result<(), Thrown> {
    let parts = split_path(path);
    let mut node = QUOTA_ROOT.to_string();
    for part in parts.iter().take(parts.len().saturating_sub(1)).skip(1) {
        node.push('/');
        node.push_str(part);
        let children = match c.get_children(&node) {
            Err(Thrown::Keeper(ZkError::NoNode, _)) => return Ok(()),
            other => other?,
        };
        if children.is_empty() {
            return Ok(());
        }
        if node != quota_path(path) && children.iter().any(|child| child == LIMIT_NODE) {
            let above = node.get(QUOTA_ROOT.len()..).unwrap_or("");
            return Err(Thrown::Illegal(format!(
                "{path} has a parent {above} which has a quota"
            )));
        }
    }
    Ok(())
}

/// `ListQuotaCommand.listQuota`.
fn list_quota(c: &mut Client, path: &str) -> Result<(), Thrown> {
    let limits = c.get_track(&limit_path(path))?;
    let stats = c.get_track(&stat_path(path))?;
    c.line(&format!("Output quota for {path} {limits}"));
    c.line(&format!("Output stat for {path} {stats}"));
    Ok(())
}

/// `DelQuotaCommand.delQuota`: one limit back to -1, or the limits and stats nodes deleted and
/// the quota tree trimmed of the nodes left empty.
fn del_quota(c: &mut Client, path: &str, kind: Option<QuotaKind>) -> Result<(), Thrown> {
    let parent = quota_path(path);
    let limits = limit_path(path);
    if c.exists(&limits)?.is_none() {
        c.line(&format!("Quota does not exist for {path}"));
        return Ok(());
    }
    let mut track = c.get_track(&limits)?;
    match kind {
        Some(kind) => {
            kind.set(&mut track, -1);
            c.set_data(&limits, track.to_string().into_bytes())
        }
        None => {
            for child in java_children_order(c.get_children(&parent)?) {
                c.delete(&format!("{parent}/{child}"))?;
            }
            // trimProcQuotas: up from the quota's node while nodes are left empty.
            let mut node = parent;
            while node != QUOTA_ROOT {
                if !c.get_children(&node)?.is_empty() {
                    break;
                }
                c.delete(&node)?;
                let Some(slash) = node.rfind('/') else {
                    break;
                };
                node.truncate(slash);
            }
            Ok(())
        }
    }
}

/// The order ZooKeeper sends a node's children in: its `HashSet`'s, created with 8 buckets and
/// doubled past three quarters full. The engine lists children sorted; `delquota` deletes in
/// the server's order, which shows when a delete fails half way. Names sharing a bucket stay
/// sorted (ZooKeeper keeps them in insertion order, which the client cannot know).
fn java_children_order(names: Vec<String>) -> Vec<String> {
    let mut buckets = 8usize;
    while names.len() > buckets / 4 * 3 {
        buckets *= 2;
    }
    let mask = buckets as u32 - 1;
    // Within a bucket, the order they came in (the bucket's chain): the index breaks ties.
    let mut keyed: Vec<(u32, usize, String)> = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let h = string_hash(&name) as u32;
            ((h ^ (h >> 16)) & mask, i, name)
        })
        .collect();
    crate::sorted::sort(&mut keyed);
    keyed.into_iter().map(|(_, _, name)| name).collect()
}

#[cfg(test)]
mod tests;
