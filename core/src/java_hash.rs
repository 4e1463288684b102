//! The iteration order of Java's `HashSet<String>`, which ZooKeeper exposes when it deletes a
//! closed session's ephemeral nodes; reproduced so the watch events come in the same order.

use std::hash::{Hash, Hasher};

use crate::fast_hash::FastMap;

/// Java's `String.hashCode` over UTF-16 code units.
pub fn string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// `HashMap.hash`: the high bits folded into the low ones.
fn spread(h: i32) -> u32 {
    let h = h as u32;
    h ^ (h >> 16)
}

/// The bucket of a hash in a `HashMap` table of `capacity` (a power of two).
fn bucket_of(hash: i32, capacity: u32) -> u32 {
    spread(hash) & capacity.max(1).wrapping_sub(1)
}

/// The bucket of a string in a `HashMap` table of `capacity` (a power of two).
pub fn bucket(s: &str, capacity: u32) -> u32 {
    bucket_of(string_hash(s), capacity)
}

/// A set of strings that remembers what Java's `HashSet` would need to iterate like it:
/// insertion stamps and the table capacity (which grows, never shrinks).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JavaHashSet {
    /// Each element with its insertion stamp (found by hash: a session may own thousands).
    entries: FastMap<String, u64>,
    next_stamp: u64,
    capacity: usize,
}

/// Hashes as the insertion-ordered list it once was.
impl Hash for JavaHashSet {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut v: Vec<(&String, &u64)> = self.entries.iter().collect();
        crate::sorted::sort_by_key(&mut v, |(_, stamp)| **stamp);
        state.write_usize(v.len());
        for (s, stamp) in v {
            s.hash(state);
            stamp.hash(state);
        }
        self.next_stamp.hash(state);
        self.capacity.hash(state);
    }
}

impl JavaHashSet {
    pub fn new() -> JavaHashSet {
        JavaHashSet::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, s: &str) -> bool {
        self.entries.contains_key(s)
    }

    pub fn insert(&mut self, s: &str) -> bool {
        if self.contains(s) {
            return false;
        }
        if self.capacity == 0 {
            self.capacity = 16;
        }
        self.entries.insert(s.to_string(), self.next_stamp);
        self.next_stamp += 1;
        if self.entries.len() > self.capacity / 4 * 3 {
            self.capacity *= 2;
        }
        true
    }

    pub fn remove(&mut self, s: &str) -> bool {
        self.entries.remove(s).is_some()
    }

    fn stamped(&self) -> Vec<(String, u64)> {
        self.entries.iter().map(|(s, t)| (s.clone(), *t)).collect()
    }

    fn ordered(mut v: Vec<(String, u64)>, capacity: usize) -> Vec<(String, u64)> {
        // Stamps are distinct: the order is total.
        crate::sorted::sort_by_key(&mut v, |(s, stamp)| (bucket(s, capacity as u32), *stamp));
        v
    }

    /// Iteration order of this set.
    pub fn iter_order(&self) -> Vec<String> {
        Self::ordered(self.stamped(), self.capacity)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    /// Iteration order of `HashSet.clone()` of this set: a table sized for the current size,
    /// filled in this set's iteration order.
    pub fn clone_iter_order(&self) -> Vec<String> {
        let n = self.entries.len();
        if n == 0 {
            return Vec::new();
        }
        let wanted = (n as f32 / 0.75 + 1.0) as usize;
        let capacity = wanted.next_power_of_two();
        let source = Self::ordered(self.stamped(), self.capacity);
        let restamped: Vec<(String, u64)> = source
            .into_iter()
            .enumerate()
            .map(|(i, (s, _))| (s, i as u64))
            .collect();
        Self::ordered(restamped, capacity)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }
}

/// Iteration order (indexes into `hashes`, given in insertion order) of a small
/// `ConcurrentHashMap` key set: by bucket of the spread hash, then insertion order. ZooKeeper
/// keeps a connection's identities in one, so `whoami` lists them in this order.
pub fn concurrent_hash_map_order(hashes: &[i32]) -> Vec<usize> {
    let mut capacity: usize = 16;
    while hashes.len() >= capacity - capacity / 4 {
        capacity *= 2;
    }
    let mut order: Vec<usize> = (0..hashes.len()).collect();
    crate::sorted::sort_by_key(&mut order, |&i| (bucket_of(hashes[i], capacity as u32), i));
    order
}

/// The jute-generated `hashCode` of an ACL `Id` (scheme, id).
pub fn id_hash(scheme: &str, id: &str) -> i32 {
    let mut result: i32 = 17;
    result = result.wrapping_mul(37).wrapping_add(string_hash(scheme));
    result.wrapping_mul(37).wrapping_add(string_hash(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_matches_java() {
        assert_eq!(string_hash(""), 0);
        assert_eq!(string_hash("a"), 97);
        assert_eq!(string_hash("/eph"), 1_500_814);
    }

    #[test]
    fn whoami_order_matches_zookeeper() {
        // Recorded from a real 3.8 server: ip first, then alice and bob added in that order,
        // listed as bob, ip, alice.
        let ids = [
            ("ip", "127.0.0.1".to_string()),
            ("digest", crate::acl::generate_digest("alice:pw")),
            ("digest", crate::acl::generate_digest("bob:pw2")),
        ];
        let hashes: Vec<i32> = ids.iter().map(|(s, i)| id_hash(s, i)).collect();
        assert_eq!(concurrent_hash_map_order(&hashes), vec![2, 0, 1]);
    }

    #[test]
    fn order_is_by_bucket_then_insertion() {
        let mut s = JavaHashSet::new();
        for p in ["/b", "/a", "/c"] {
            s.insert(p);
        }
        // "/a" = 1536, "/b" = 1537, "/c" = 1538: buckets 0, 1, 2 of 16.
        assert_eq!(s.iter_order(), vec!["/a", "/b", "/c"]);
    }
}
