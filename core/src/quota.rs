//! Quotas as ZooKeeper 3.8's server keeps them: the index of quota'd paths (`DataTree.pTrie`),
//! the live `zookeeper_stats` nodes under `/zookeeper/quota` (`updateQuotaStat`,
//! `updateQuotaForPath`), and `StatsTrack`, the text limits and stats are written in.
//!
//! The server calls three hooks after it changes the tree (`on_create`, `on_delete`,
//! `on_set_data`). A stats node is rewritten in place, as ZooKeeper does: its data (so its
//! `dataLength`) changes, its version, mzxid and mtime do not, and no watch fires.
//!
//! Quotas are not enforced: `zookeeper.enforceQuota` defaults to false in 3.8, so a hard limit
//! (`-N`, `-B`) only shows in `listquota`, as the real server does (golden 044).
//!
//! Where the real server's commit fails on odd input, it stops serving (the client sees
//! ConnectionLoss): a stats node whose text does not parse; a `zookeeper_limits` node created
//! directly under `/zookeeper/quota` or deleted under a parent shorter than `/zookeeper/quota`.
//! The engine cannot stop, so it applies the write and leaves the quota bookkeeping unchanged.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::path;
use crate::tree::DataTree;

/// `Quotas.quotaZookeeper`: the root of the quota tree.
pub const QUOTA_ROOT: &str = "/zookeeper/quota";
/// `Quotas.limitNode`.
pub const LIMIT_NODE: &str = "zookeeper_limits";
/// `Quotas.statNode`.
pub const STAT_NODE: &str = "zookeeper_stats";
/// `Quotas.procZookeeper`: deleting a limits node anywhere under it updates the index.
const PROC_ROOT: &str = "/zookeeper";

/// `Quotas.quotaPath`: plain concatenation, as zkCli builds it (a relative path stays relative).
pub fn quota_path(p: &str) -> String {
    format!("{QUOTA_ROOT}{p}")
}

/// `Quotas.limitPath`.
pub fn limit_path(p: &str) -> String {
    format!("{QUOTA_ROOT}{p}/{LIMIT_NODE}")
}

/// `Quotas.statPath`.
pub fn stat_path(p: &str) -> String {
    format!("{QUOTA_ROOT}{p}/{STAT_NODE}")
}

/// `Quotas.trimQuotaPath`: Java's `substring(16)`, counted in UTF-16 units. `None` where Java
/// throws (shorter strings) or would cut a character in two (no real path can match that).
pub fn trim_quota_path(p: &str) -> Option<&str> {
    let mut units = 0;
    for (i, c) in p.char_indices() {
        if units == QUOTA_ROOT.len() {
            return Some(&p[i..]);
        }
        units += c.len_utf16();
    }
    (units == QUOTA_ROOT.len()).then_some("")
}

/// The quota'd paths (ZooKeeper's `pTrie`). A path is marked when a `zookeeper_limits` node is
/// created under `/zookeeper/quota<path>` and unmarked when one is deleted; writes count toward
/// the deepest marked prefix of their path. Paths are kept as `PathTrie` splits them: components
/// that are empty or all whitespace are dropped, so `/ /a` counts as `/a`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quotas {
    marked: BTreeSet<String>,
}

/// An empty index hashes as nothing, so the state hashes of histories without quotas are what
/// they were before the engine kept quotas.
impl Hash for Quotas {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if !self.marked.is_empty() {
            self.marked.hash(state);
        }
    }
}

/// `PathTrie.split`: the components Java keeps (`trim()` drops chars up to U+0020).
fn components(p: &str) -> impl Iterator<Item = &str> {
    p.split('/').filter(|c| !c.chars().all(|ch| ch <= ' '))
}

/// The path the index keeps for `p` (`/a/b`); empty for the trie's root.
fn normalized(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in components(p) {
        out.push('/');
        out.push_str(c);
    }
    out
}

impl Quotas {
    /// No quota anywhere: every hook returns at once.
    pub fn is_empty(&self) -> bool {
        self.marked.is_empty()
    }

    /// The quota'd paths, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.marked.iter().map(String::as_str)
    }

    /// `PathTrie.addPath`. Marking the trie's root has no effect: no lookup ever returns it.
    fn mark(&mut self, p: &str) {
        let n = normalized(p);
        if !n.is_empty() {
            self.marked.insert(n);
        }
    }

    /// `PathTrie.deletePath`.
    fn unmark(&mut self, p: &str) {
        self.marked.remove(normalized(p).as_str());
    }

    /// `DataTree.getMaxPrefixWithQuota`: the deepest quota'd prefix of `p`.
    pub fn max_prefix(&self, p: &str) -> Option<String> {
        if self.marked.is_empty() {
            return None;
        }
        let mut prefix = String::with_capacity(p.len());
        let mut deepest = None;
        for c in components(p) {
            prefix.push('/');
            prefix.push_str(c);
            if self.marked.contains(prefix.as_str()) {
                deepest = Some(prefix.len());
            }
        }
        deepest.map(|len| {
            prefix.truncate(len);
            prefix
        })
    }

    /// After `DataTree.createNode`: a limits node marks its path, a stats node is filled with
    /// its subtree's counts, then the new node counts toward its quota.
    pub fn on_create(&mut self, tree: &mut DataTree, p: &str, data_bytes: i64) {
        let parent = path::parent(p);
        if parent.starts_with(QUOTA_ROOT) {
            let real = trim_quota_path(parent).unwrap_or("");
            match path::name(p) {
                // An empty path makes the real server's commit fail (module doc).
                LIMIT_NODE if !real.is_empty() => self.mark(real),
                STAT_NODE => fill_stats(tree, real),
                _ => {}
            }
        }
        self.count(tree, p, data_bytes, 1);
    }

    /// After `DataTree.deleteNode`: a deleted limits node unmarks its path, then the node stops
    /// counting toward its quota. `data_bytes` is the deleted node's data length.
    pub fn on_delete(&mut self, tree: &mut DataTree, p: &str, data_bytes: i64) {
        let parent = path::parent(p);
        if path::name(p) == LIMIT_NODE && parent.starts_with(PROC_ROOT) {
            // Java cuts 16 units off any parent under /zookeeper, so /zookeeper/configX/… would
            // unmark "X"; shorter parents make the real server's commit fail (module doc).
            if let Some(real) = trim_quota_path(parent).filter(|r| !r.is_empty()) {
                self.unmark(real);
            }
        }
        self.count(tree, p, data_bytes.wrapping_neg(), -1);
    }

    /// After `DataTree.setData`: the change in data length counts toward the quota.
    pub fn on_set_data(&mut self, tree: &mut DataTree, p: &str, bytes_diff: i64) {
        self.count(tree, p, bytes_diff, 0);
    }

    /// `updateQuotaStat`: adds to the stats node of `p`'s quota, if it has one. The text is
    /// rewritten even when nothing changes, so it comes back in `StatsTrack`'s own form.
    fn count(&self, tree: &mut DataTree, p: &str, bytes_diff: i64, count_diff: i64) {
        let Some(prefix) = self.max_prefix(p) else {
            return;
        };
        let stats = stat_path(&prefix);
        // A missing stats node is logged and skipped by ZooKeeper too.
        let Some(node) = tree.get(&stats) else {
            return;
        };
        let Ok(mut track) = StatsTrack::from_data(node.data.as_deref()) else {
            return;
        };
        track.set_count(track.count().wrapping_add(count_diff));
        track.set_bytes(track.bytes().wrapping_add(bytes_diff));
        tree.replace_data(&stats, Rc::from(track.to_string().into_bytes()));
    }

    /// Every marked path has a `zookeeper_limits` node that marked it.
    pub fn check_invariants(&self, tree: &DataTree) -> Result<(), String> {
        if self.marked.is_empty() {
            return Ok(());
        }
        let mut limited = BTreeSet::new();
        let mut stack: Vec<String> = tree
            .get(PROC_ROOT)
            .map(|n| {
                n.children
                    .iter()
                    .filter(|c| c.starts_with("quota"))
                    .map(|c| path::join(PROC_ROOT, c))
                    .collect()
            })
            .unwrap_or_default();
        while let Some(p) = stack.pop() {
            let Some(node) = tree.get(&p) else {
                continue;
            };
            if node.children.contains(LIMIT_NODE) {
                if let Some(real) = trim_quota_path(&p) {
                    limited.insert(normalized(real));
                }
            }
            stack.extend(node.children.iter().map(|c| path::join(&p, c)));
        }
        match self.marked.iter().find(|m| !limited.contains(*m)) {
            Some(m) => Err(format!("quota index marks {m} but no limits node says so")),
            None => Ok(()),
        }
    }
}

/// `updateQuotaForPath`: writes the node count and data bytes of `real`'s subtree into its stats
/// node. `real` is looked up as given: ZooKeeper's map finds the root under "" and nothing for a
/// relative path (counts 0).
fn fill_stats(tree: &mut DataTree, real: &str) {
    let (count, bytes) = subtree_counts(tree, if real.is_empty() { "/" } else { real });
    let mut track = StatsTrack::default();
    track.set_bytes(bytes);
    track.set_count(count);
    let stats = stat_path(real);
    if tree.get(&stats).is_some() {
        tree.replace_data(&stats, Rc::from(track.to_string().into_bytes()));
    }
}

/// `DataTree.getCounts`: nodes and data bytes in a subtree (walked with a stack, not recursion).
fn subtree_counts(tree: &DataTree, root: &str) -> (i64, i64) {
    let (mut count, mut bytes) = (0i64, 0i64);
    let mut stack = vec![root.to_string()];
    while let Some(p) = stack.pop() {
        let Some(node) = tree.get(&p) else {
            continue;
        };
        count += 1;
        bytes += node.data.as_ref().map_or(0, |d| d.len() as i64);
        stack.extend(node.children.iter().map(|c| path::join(&p, c)));
    }
    (count, bytes)
}

const COUNT: &str = "count";
const BYTES: &str = "bytes";
const COUNT_HARD_LIMIT: &str = "countHardLimit";
const BYTE_HARD_LIMIT: &str = "byteHardLimit";

/// `StatsTrack`: named longs, read from `key=value` pairs separated by runs of `,` or `;`, and
/// written `count=N,bytes=B`, then (when there are other keys) `=` and `;key=value` for each in
/// key order, the form ZooKeeper 3.8 writes so that 3.4 parsers still read the first two.
/// A missing key reads as -1.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsTrack {
    values: BTreeMap<String, i64>,
}

/// Why a `StatsTrack` text did not parse: the exception Java throws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatsTrackError {
    /// The node has no data (`new String(null)`).
    Null,
    /// A pair without `=` or with nothing around it (`kv[index]` out of bounds).
    MissingPart { index: usize, length: usize },
    /// A value `Long.parseLong` refuses.
    NotANumber(String),
}

impl StatsTrackError {
    /// Java's exception class.
    pub fn java_class(&self) -> &'static str {
        match self {
            StatsTrackError::Null => "java.lang.NullPointerException",
            StatsTrackError::MissingPart { .. } => "java.lang.ArrayIndexOutOfBoundsException",
            StatsTrackError::NotANumber(_) => "java.lang.NumberFormatException",
        }
    }

    /// `NumberFormatException` is an `IllegalArgumentException`, which zkCli's quota commands
    /// catch and print; the others end zkCli's main thread.
    pub fn is_illegal_argument(&self) -> bool {
        matches!(self, StatsTrackError::NotANumber(_))
    }
}

/// Java's exception message (JDK 17).
impl fmt::Display for StatsTrackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatsTrackError::Null => {
                f.write_str("Cannot read the array length because \"bytes\" is null")
            }
            StatsTrackError::MissingPart { index, length } => {
                write!(f, "Index {index} out of bounds for length {length}")
            }
            StatsTrackError::NotANumber(s) => write!(f, "For input string: \"{s}\""),
        }
    }
}

/// Java's `String.split` with a limit of 0: pieces between separators (runs of them when
/// `runs`), the whole string when there is none, trailing empty pieces dropped.
fn java_split(s: &str, is_separator: fn(char) -> bool, runs: bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_separator(c) {
            continue;
        }
        pieces.push(&s[start..i]);
        start = i + c.len_utf8();
        if runs {
            while let Some(&(j, d)) = chars.peek().filter(|&&(_, d)| is_separator(d)) {
                start = j + d.len_utf8();
                chars.next();
            }
        }
    }
    if pieces.is_empty() {
        return vec![s];
    }
    pieces.push(&s[start..]);
    while pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    pieces
}

impl StatsTrack {
    /// Parses a node's data as ZooKeeper does (invalid UTF-8 decoded with replacement).
    pub fn from_data(data: Option<&[u8]>) -> Result<StatsTrack, StatsTrackError> {
        let data = data.ok_or(StatsTrackError::Null)?;
        StatsTrack::parse(&String::from_utf8_lossy(data))
    }

    /// `new StatsTrack(String)`. Values are read with Rust's integer parser, which differs from
    /// `Long.parseLong` only on non-ASCII digits.
    pub fn parse(text: &str) -> Result<StatsTrack, StatsTrackError> {
        let mut track = StatsTrack::default();
        if text.is_empty() {
            return Ok(track);
        }
        for pair in java_split(text, |c| c == ',' || c == ';', true) {
            let kv = java_split(pair, |c| c == '=', false);
            let missing = |index| StatsTrackError::MissingPart {
                index,
                length: kv.len(),
            };
            let key = kv.first().ok_or_else(|| missing(0))?;
            let value = kv.get(1).ok_or_else(|| missing(1))?;
            let value = if value.is_empty() {
                -1
            } else {
                value
                    .parse::<i64>()
                    .map_err(|_| StatsTrackError::NotANumber(value.to_string()))?
            };
            track.values.insert(key.to_string(), value);
        }
        Ok(track)
    }

    fn get(&self, key: &str) -> i64 {
        self.values.get(key).copied().unwrap_or(-1)
    }

    fn set(&mut self, key: &str, value: i64) {
        self.values.insert(key.to_string(), value);
    }

    pub fn count(&self) -> i64 {
        self.get(COUNT)
    }

    pub fn set_count(&mut self, value: i64) {
        self.set(COUNT, value);
    }

    pub fn bytes(&self) -> i64 {
        self.get(BYTES)
    }

    pub fn set_bytes(&mut self, value: i64) {
        self.set(BYTES, value);
    }

    pub fn count_hard_limit(&self) -> i64 {
        self.get(COUNT_HARD_LIMIT)
    }

    pub fn set_count_hard_limit(&mut self, value: i64) {
        self.set(COUNT_HARD_LIMIT, value);
    }

    pub fn byte_hard_limit(&self) -> i64 {
        self.get(BYTE_HARD_LIMIT)
    }

    pub fn set_byte_hard_limit(&mut self, value: i64) {
        self.set(BYTE_HARD_LIMIT, value);
    }
}

/// `StatsTrack.toString`; extra keys in Java's `String` order (UTF-16 units).
impl fmt::Display for StatsTrack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{COUNT}={},{BYTES}={}", self.count(), self.bytes())?;
        let mut extra: Vec<(&String, &i64)> = self
            .values
            .iter()
            .filter(|(k, _)| *k != COUNT && *k != BYTES)
            .collect();
        if extra.is_empty() {
            return Ok(());
        }
        // Keys of a map: distinct.
        crate::sorted::sort_by(&mut extra, |a, b| {
            a.0.encode_utf16().cmp(b.0.encode_utf16())
        });
        f.write_str("=")?;
        for (k, v) in extra {
            write!(f, ";{k}={v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_track_writes_the_first_two_fields_then_the_rest_in_key_order() {
        let mut t = StatsTrack::default();
        t.set_count(5);
        t.set_bytes(-1);
        t.set_count_hard_limit(-1);
        t.set_byte_hard_limit(-1);
        assert_eq!(
            t.to_string(),
            "count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1"
        );
        let mut plain = StatsTrack::default();
        plain.set_bytes(0);
        plain.set_count(0);
        assert_eq!(plain.to_string(), "count=0,bytes=0");
        assert_eq!(StatsTrack::default().to_string(), "count=-1,bytes=-1");
    }

    #[test]
    fn stats_track_reads_as_java_does() {
        let read = |s: &str| StatsTrack::parse(s).map(|t| t.to_string());
        // Recorded from the real server: a stats node set by hand, then rewritten by a create.
        assert_eq!(
            read("bytes=7,count=1,zz=5"),
            Ok("count=1,bytes=7=;zz=5".into())
        );
        assert_eq!(
            read("count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=2"),
            Ok("count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=2".into())
        );
        assert_eq!(
            read("count=7;;zz=1,aa=2,=4,b=3"),
            Ok("count=7,bytes=-1=;=4;aa=2;b=3;zz=1".into())
        );
        assert_eq!(read("a==5"), Ok("count=-1,bytes=-1=;a=-1".into()));
        assert_eq!(read(""), Ok("count=-1,bytes=-1".into()));
        // The exceptions zkCli shows for each (recorded with the real zkCli).
        let error = |s: &str| StatsTrack::parse(s).map_err(|e| e.to_string()).err();
        assert_eq!(
            error("abc").as_deref(),
            Some("Index 1 out of bounds for length 1")
        );
        assert_eq!(
            error(",count=1").as_deref(),
            Some("Index 1 out of bounds for length 1")
        );
        assert_eq!(
            error("==").as_deref(),
            Some("Index 0 out of bounds for length 0")
        );
        assert_eq!(error("count=x").as_deref(), Some("For input string: \"x\""));
        assert_eq!(
            StatsTrack::from_data(None).map_err(|e| e.java_class()),
            Err("java.lang.NullPointerException")
        );
    }

    #[test]
    fn the_index_finds_the_deepest_quota_above_a_path() {
        let mut q = Quotas::default();
        assert_eq!(q.max_prefix("/a/b"), None);
        q.mark("/a");
        q.mark("/a/b/c");
        assert_eq!(q.max_prefix("/a").as_deref(), Some("/a"));
        assert_eq!(q.max_prefix("/a/b/c/d").as_deref(), Some("/a/b/c"));
        assert_eq!(q.max_prefix("/a/b").as_deref(), Some("/a"));
        assert_eq!(q.max_prefix("/ab"), None);
        // PathTrie drops blank components on both sides.
        assert_eq!(q.max_prefix("/ /a/ /x").as_deref(), Some("/a"));
        q.unmark("/a");
        assert_eq!(q.max_prefix("/a/b"), None);
        q.mark(" ");
        assert_eq!(q.paths().collect::<Vec<_>>(), ["/a/b/c"]);
    }

    #[test]
    fn trimming_counts_utf16_units_and_refuses_short_paths() {
        assert_eq!(trim_quota_path("/zookeeper/quota/a"), Some("/a"));
        assert_eq!(trim_quota_path("/zookeeper/quotaX"), Some("X"));
        assert_eq!(trim_quota_path("/zookeeper/quota"), Some(""));
        assert_eq!(trim_quota_path("/zookeeper/config"), Some("g"));
        assert_eq!(trim_quota_path("/zookeeper"), None);
        assert_eq!(trim_quota_path("/zookeeper€€€€€€x"), Some("x"));
    }
}
