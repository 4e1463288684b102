//! The primitive jute archive: `Out` writes big-endian ints, longs, booleans, buffers, strings
//! and vectors as ZooKeeper's `BinaryOutputArchive`; `In` reads them back, bounds-checked, as
//! `BinaryInputArchive` does, plus the few records every other module shares (`Stat`, `ACL`).

use zkplay_core::acl::{Acl, Id};
use zkplay_core::stat::{Stat, Zxid};

use crate::error::WireError;

/// A record being written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Out(pub Vec<u8>);

impl Out {
    pub fn new() -> Out {
        Out::default()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    pub fn int(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    pub fn long(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    pub fn boolean(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }

    /// A buffer: its length then its bytes, or -1 for null.
    pub fn buffer(&mut self, v: Option<&[u8]>) {
        match v {
            None => self.int(-1),
            Some(b) => {
                self.int(len_i32(b.len()));
                self.0.extend_from_slice(b);
            }
        }
    }

    /// A `ustring`: its UTF-8 length then its bytes.
    pub fn string(&mut self, s: &str) {
        self.buffer(Some(s.as_bytes()));
    }

    /// A `vector<ustring>`.
    pub fn strings<S: AsRef<str>>(&mut self, v: &[S]) {
        self.int(len_i32(v.len()));
        for s in v {
            self.string(s.as_ref());
        }
    }

    pub fn stat(&mut self, s: &Stat) {
        self.long(s.czxid.0);
        self.long(s.mzxid.0);
        self.long(s.ctime);
        self.long(s.mtime);
        self.int(s.version);
        self.int(s.cversion);
        self.int(s.aversion);
        self.long(s.ephemeral_owner);
        self.int(s.data_length);
        self.int(s.num_children);
        self.long(s.pzxid.0);
    }

    /// A `vector<ACL>`.
    pub fn acl(&mut self, acl: &[Acl]) {
        self.int(len_i32(acl.len()));
        for a in acl {
            self.int(a.perms as i32);
            self.string(&a.id.scheme);
            self.string(&a.id.id);
        }
    }
}

/// A length as jute writes it; nothing this crate encodes comes near 2 GiB, and a larger one
/// saturates rather than wrapping negative.
fn len_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A record being read; every read is bounds-checked and never panics.
#[derive(Clone, Debug)]
pub struct In<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> In<'a> {
    pub fn new(bytes: &'a [u8]) -> In<'a> {
        In { bytes, at: 0 }
    }

    /// The offset of the next byte.
    pub fn position(&self) -> usize {
        self.at
    }

    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.at..).unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.rest().is_empty()
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let truncated = WireError::Truncated {
            at: self.at,
            needed: n,
        };
        let end = self.at.checked_add(n).ok_or(truncated)?;
        let s = self.bytes.get(self.at..end).ok_or(truncated)?;
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub fn int(&mut self) -> Result<i32, WireError> {
        Ok(i32::from_be_bytes(self.array()?))
    }

    pub fn long(&mut self) -> Result<i64, WireError> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    /// A boolean: any non-zero byte is true, as `DataInput.readBoolean`.
    pub fn boolean(&mut self) -> Result<bool, WireError> {
        Ok(self.array::<1>()?[0] != 0)
    }

    /// A length field: -1 is null (`None`), below it an error, above the bytes left too.
    fn len(&mut self) -> Result<Option<usize>, WireError> {
        let n = self.int()?;
        if n == -1 {
            return Ok(None);
        }
        if n < 0 {
            return Err(WireError::NegativeLength(n));
        }
        let n = n as usize;
        let left = self.rest().len();
        if n > left {
            return Err(WireError::Oversized { len: n, max: left });
        }
        Ok(Some(n))
    }

    /// A buffer, `None` for null.
    pub fn buffer(&mut self) -> Result<Option<&'a [u8]>, WireError> {
        match self.len()? {
            None => Ok(None),
            Some(n) => self.take(n).map(Some),
        }
    }

    /// A `ustring`, `None` for null. Bytes that are not UTF-8 become U+FFFD, as Java's
    /// `new String(bytes, UTF_8)` makes them: ZooKeeper takes such a path and answers for it
    /// (measured: `exists` on two invalid bytes answers NONODE), so decoding does not refuse it.
    pub fn nullable_string(&mut self) -> Result<Option<String>, WireError> {
        Ok(self
            .buffer()?
            .map(|b| String::from_utf8_lossy(b).into_owned()))
    }

    /// A `ustring` that must be there (a path, a scheme): null is `NullString`.
    pub fn string(&mut self) -> Result<String, WireError> {
        self.nullable_string()?.ok_or(WireError::NullString)
    }

    /// A vector's element count: null reads as empty (jute's null vector); a count larger
    /// than the bytes left is refused before anything is allocated.
    pub fn count(&mut self) -> Result<usize, WireError> {
        Ok(self.len()?.unwrap_or(0))
    }

    /// A `vector<ustring>`.
    pub fn strings(&mut self) -> Result<Vec<String>, WireError> {
        let n = self.count()?;
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(self.string()?);
        }
        Ok(v)
    }

    pub fn stat(&mut self) -> Result<Stat, WireError> {
        Ok(Stat {
            czxid: Zxid(self.long()?),
            mzxid: Zxid(self.long()?),
            ctime: self.long()?,
            mtime: self.long()?,
            version: self.int()?,
            cversion: self.int()?,
            aversion: self.int()?,
            ephemeral_owner: self.long()?,
            data_length: self.int()?,
            num_children: self.int()?,
            pzxid: Zxid(self.long()?),
        })
    }

    /// A `vector<ACL>`.
    pub fn acl(&mut self) -> Result<Vec<Acl>, WireError> {
        let n = self.count()?;
        let mut v = Vec::new();
        for _ in 0..n {
            let perms = self.int()? as u32;
            let scheme = self.string()?;
            // kazoo writes an empty id as a null string (`auth`'s id, which ZooKeeper ignores).
            let id = self.nullable_string()?.unwrap_or_default();
            v.push(Acl {
                perms,
                id: Id { scheme, id },
            });
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acl_id_written_as_a_null_string_reads_as_empty() {
        // kazoo's CREATOR_ALL_ACL: Id("auth", "") with the empty string written as null.
        let mut o = Out::new();
        o.int(1);
        o.int(31);
        o.string("auth");
        o.buffer(None);
        let b = o.into_bytes();
        let acl = In::new(&b).acl().expect("an ACL");
        assert_eq!(acl[0].id.scheme, "auth");
        assert_eq!(acl[0].id.id, "");
    }

    #[test]
    fn primitives_round_trip() {
        let mut o = Out::new();
        o.int(-7);
        o.long(i64::MIN);
        o.boolean(true);
        o.buffer(None);
        o.buffer(Some(b"ab"));
        o.string("/x");
        o.strings(&["a", "b"]);
        let b = o.into_bytes();
        let mut i = In::new(&b);
        assert_eq!(i.int(), Ok(-7));
        assert_eq!(i.long(), Ok(i64::MIN));
        assert_eq!(i.boolean(), Ok(true));
        assert_eq!(i.buffer(), Ok(None));
        assert_eq!(i.buffer(), Ok(Some(&b"ab"[..])));
        assert_eq!(i.string().as_deref(), Ok("/x"));
        assert_eq!(i.strings(), Ok(vec!["a".to_string(), "b".to_string()]));
        assert!(i.is_empty());
    }

    #[test]
    fn lengths_are_checked_before_reading() {
        let b = [0x7f, 0xff, 0xff, 0xff, b'a'];
        assert_eq!(
            In::new(&b).buffer(),
            Err(WireError::Oversized {
                len: 0x7fff_ffff,
                max: 1
            })
        );
        let b = (-2i32).to_be_bytes();
        assert_eq!(In::new(&b).buffer(), Err(WireError::NegativeLength(-2)));
        let b = (-1i32).to_be_bytes();
        assert_eq!(In::new(&b).string(), Err(WireError::NullString));
        assert_eq!(
            In::new(&[0, 0]).int(),
            Err(WireError::Truncated { at: 0, needed: 4 })
        );
    }
}
