//! A path as a map key, stored inline when it is short (most are): looking a node up then reads
//! the key where the hash table already is, instead of following a pointer to the heap, and
//! creating a node allocates no key.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// Paths up to this many bytes live inside the key.
const INLINE_MAX: usize = 22;

#[derive(Clone)]
pub enum PathKey {
    Inline(u8, [u8; INLINE_MAX]),
    Heap(Box<str>),
}

impl PathKey {
    pub fn new(p: &str) -> PathKey {
        if p.len() <= INLINE_MAX {
            let mut buf = [0u8; INLINE_MAX];
            buf[..p.len()].copy_from_slice(p.as_bytes());
            PathKey::Inline(p.len() as u8, buf)
        } else {
            PathKey::Heap(p.into())
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            PathKey::Inline(len, buf) => &buf[..usize::from(*len)],
            PathKey::Heap(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Always valid: the bytes were copied from a `&str`.
            PathKey::Inline(..) => std::str::from_utf8(self.bytes()).unwrap_or_default(),
            PathKey::Heap(s) => s,
        }
    }
}

/// Hashes exactly as `str` does, so a map keyed by `PathKey` is searched with a `&str`.
impl Hash for PathKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(self.bytes());
        state.write_u8(0xff);
    }
}

impl PartialEq for PathKey {
    fn eq(&self, other: &PathKey) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for PathKey {}

impl PartialOrd for PathKey {
    fn partial_cmp(&self, other: &PathKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PathKey {
    fn cmp(&self, other: &PathKey) -> Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl Borrow<str> for PathKey {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for PathKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast_hash::FastHasher;
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn short_and_long_paths_behave_as_their_strings() {
        let b = BuildHasherDefault::<FastHasher>::default();
        for p in [
            "/",
            "/a",
            "/exactly/22/bytes/long",
            "/twenty-three/bytes/long",
            "/ünïcode/路径",
        ] {
            let k = PathKey::new(p);
            assert_eq!(k.as_str(), p);
            assert_eq!(b.hash_one(&k), b.hash_one(p));
        }
        assert!(matches!(
            PathKey::new("/exactly/22/bytes/long"),
            PathKey::Inline(22, _)
        ));
        assert!(matches!(
            PathKey::new("/twenty-three/bytes/long"),
            PathKey::Heap(_)
        ));
        assert!(PathKey::new("/a/b") < PathKey::new("/a/b/c-and-more-than-22-bytes"));
    }
}
