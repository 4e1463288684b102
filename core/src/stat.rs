//! `Stat`, the metadata ZooKeeper keeps for every znode, and the special ephemeral owners.

/// A zxid: the id of a committed transaction — its epoch in the high 32 bits, its counter
/// in the low 32 (ZooKeeper's `long`). `Display` is ZooKeeper's hex (`0x100000002`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zxid(pub i64);

impl Zxid {
    /// The zxid before any transaction.
    pub const ZERO: Zxid = Zxid(0);

    /// The zxid of transaction `counter` of `epoch`.
    pub fn new(epoch: i64, counter: i64) -> Zxid {
        Zxid((epoch << 32) | (counter & 0xffff_ffff))
    }

    /// The epoch it was proposed in.
    pub fn epoch(self) -> i64 {
        self.0 >> 32
    }

    /// Its number within its epoch.
    pub fn counter(self) -> i64 {
        self.0 & 0xffff_ffff
    }

    /// The zxid after it in the same epoch.
    pub fn next(self) -> Zxid {
        Zxid(self.0.wrapping_add(1))
    }
}

/// A zxid equals its raw value (ZooKeeper's `long`, as the wire and the tests write it).
impl PartialEq<i64> for Zxid {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

impl std::fmt::LowerHex for Zxid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::LowerHex::fmt(&self.0, f)
    }
}

impl std::fmt::Display for Zxid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{:x}", self.0)
    }
}

/// A session id; printed in hex like ZooKeeper (`0x100000000000000`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId(pub i64);

impl std::fmt::Display for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{:x}", self.0)
    }
}

/// `EphemeralType.CONTAINER_EPHEMERAL_OWNER`: the owner written into a container's Stat.
pub const CONTAINER_OWNER: i64 = i64::MIN;
/// `EphemeralType.TTL` marks a TTL node's owner with this top byte, the TTL in the low bits.
pub const TTL_OWNER_MASK: i64 = 0xFF00_0000_0000_0000_u64 as i64;
/// The largest TTL ZooKeeper accepts (`EphemeralType.TTL.maxValue()`).
pub const TTL_MAX_MS: i64 = 0x00FF_FFFF_FFFF;

/// What kind of node an `ephemeralOwner` value denotes (`EphemeralType.get`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerKind {
    Persistent,
    Ephemeral(SessionId),
    Container,
    Ttl(i64),
}

/// Decodes an `ephemeralOwner` with extended types enabled, as ZooKeeper does.
pub fn owner_kind(owner: i64) -> OwnerKind {
    if owner == 0 {
        OwnerKind::Persistent
    } else if owner == CONTAINER_OWNER {
        OwnerKind::Container
    } else if owner & TTL_OWNER_MASK == TTL_OWNER_MASK {
        OwnerKind::Ttl(owner & !TTL_OWNER_MASK)
    } else {
        OwnerKind::Ephemeral(SessionId(owner))
    }
}

/// The full `Stat` of a znode, field for field as ZooKeeper's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stat {
    pub czxid: Zxid,
    pub mzxid: Zxid,
    pub ctime: i64,
    pub mtime: i64,
    pub version: i32,
    pub cversion: i32,
    pub aversion: i32,
    pub ephemeral_owner: i64,
    pub data_length: i32,
    pub num_children: i32,
    pub pzxid: Zxid,
}
