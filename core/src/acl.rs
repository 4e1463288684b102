//! ACLs: permissions, ids, zkCli's ACL syntax, the digest scheme and ZooKeeper's permission checks.

use crate::error::ZkError;
use std::borrow::Cow;

/// Permission bits as `ZooDefs.Perms`.
pub mod perms {
    pub const READ: u32 = 1;
    pub const WRITE: u32 = 2;
    pub const CREATE: u32 = 4;
    pub const DELETE: u32 = 8;
    pub const ADMIN: u32 = 16;
    pub const ALL: u32 = READ | WRITE | CREATE | DELETE | ADMIN;
}

/// An identity: a scheme and an id within it (`world:anyone`, `digest:bob:<hash>`, `ip:127.0.0.1`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id {
    pub scheme: String,
    pub id: String,
}

impl Id {
    pub fn new(scheme: &str, id: &str) -> Id {
        Id {
            scheme: scheme.to_string(),
            id: id.to_string(),
        }
    }
}

/// One ACL entry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Acl {
    pub perms: u32,
    pub id: Id,
}

impl Acl {
    /// `world:anyone:cdrwa`, ZooKeeper's `OPEN_ACL_UNSAFE`.
    pub fn open_unsafe() -> Vec<Acl> {
        vec![Acl {
            perms: perms::ALL,
            id: Id::new("world", "anyone"),
        }]
    }

    /// `world:anyone:r`, ZooKeeper's `READ_ACL_UNSAFE`.
    pub fn read_unsafe() -> Vec<Acl> {
        vec![Acl {
            perms: perms::READ,
            id: Id::new("world", "anyone"),
        }]
    }
}

/// Permissions as zkCli prints them, in the order `cdrwa`.
pub fn perms_to_string(p: u32) -> String {
    let mut s = String::new();
    for (bit, c) in [
        (perms::CREATE, 'c'),
        (perms::DELETE, 'd'),
        (perms::READ, 'r'),
        (perms::WRITE, 'w'),
        (perms::ADMIN, 'a'),
    ] {
        if p & bit != 0 {
            s.push(c);
        }
    }
    s
}

/// Parses zkCli's ACL syntax, `scheme:id:perms[,scheme:id:perms…]`, as zkCli's `AclParser` does:
/// an entry without two colons is skipped and unknown permission letters are ignored.
pub fn parse_acl_list(text: &str) -> Vec<Acl> {
    parse_acl_list_noting(text).0
}

/// zkCli's `AclParser.parse`: the ACL entries, and the complaints it prints on the way (an entry
/// without two colons is skipped; an unknown permission letter is ignored).
pub fn parse_acl_list_noting(text: &str) -> (Vec<Acl>, String) {
    let mut out = Vec::new();
    let mut notes = String::new();
    for a in text.split(',') {
        let (Some(first), Some(last)) = (a.find(':'), a.rfind(':')) else {
            notes.push_str(&format!("{a} does not have the form scheme:id:perm\n"));
            continue;
        };
        if first == last {
            notes.push_str(&format!("{a} does not have the form scheme:id:perm\n"));
            continue;
        }
        let mut p = 0;
        for c in a[last + 1..].chars() {
            p |= match c {
                'r' => perms::READ,
                'w' => perms::WRITE,
                'c' => perms::CREATE,
                'd' => perms::DELETE,
                'a' => perms::ADMIN,
                other => {
                    notes.push_str(&format!("Unknown perm type: {other}\n"));
                    0
                }
            };
        }
        out.push(Acl {
            perms: p,
            id: Id::new(&a[..first], &a[first + 1..last]),
        });
    }
    (out, notes)
}

/// `DigestAuthenticationProvider.generateDigest`: `user:base64(sha1("user:password"))`.
pub fn generate_digest(user_password: &str) -> String {
    let user = user_password.split(':').next().unwrap_or("");
    let digest = sha1_smol::Sha1::from(user_password.as_bytes())
        .digest()
        .bytes();
    format!(
        "{user}:{}",
        crate::base64::encode(&digest, crate::base64::Alphabet::Standard)
    )
}

/// The length of Java's `String.split` result: trailing empty strings are dropped.
fn java_split_len(s: &str, sep: char) -> usize {
    if s.is_empty() {
        return 1;
    }
    let parts: Vec<&str> = s.split(sep).collect();
    let trailing_empty = parts.iter().rev().take_while(|p| p.is_empty()).count();
    parts.len() - trailing_empty
}

fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for o in out.iter_mut() {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// `ServerAuthenticationProvider.isValid` for the schemes a standalone 3.8 server knows.
fn is_valid_id(id: &Id) -> bool {
    match id.scheme.as_str() {
        "digest" => java_split_len(&id.id, ':') == 2,
        "ip" => {
            let mut parts = id.id.splitn(2, '/');
            let addr = parts.next().unwrap_or("");
            if parse_ipv4(addr).is_none() {
                return false;
            }
            match parts.next() {
                None => true,
                Some(bits) => bits.parse::<i32>().is_ok_and(|b| (0..=32).contains(&b)),
            }
        }
        _ => false,
    }
}

fn ip_matches(client: &str, acl: &str) -> bool {
    let mut parts = acl.splitn(2, '/');
    let (Some(a), Some(c)) = (parse_ipv4(parts.next().unwrap_or("")), parse_ipv4(client)) else {
        return false;
    };
    let bits: u32 = match parts.next() {
        None => 32,
        Some(b) => match b.parse::<u32>() {
            Ok(b) if b <= 32 => b,
            _ => return false,
        },
    };
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    (u32::from_be_bytes(a) & mask) == (u32::from_be_bytes(c) & mask)
}

/// `PrepRequestProcessor.fixupACL`: de-duplicates, validates and expands `auth` entries. An ACL
/// that needs none of that (the common case) comes back as it is, without a copy.
pub fn fixup_acl<'a>(acl: &'a [Acl], auth: &[Id]) -> Result<Cow<'a, [Acl]>, ZkError> {
    let as_is = !acl.is_empty()
        && acl.iter().enumerate().all(|(i, a)| {
            !acl[..i].contains(a)
                && ((a.id.scheme == "world" && a.id.id == "anyone")
                    || (a.id.scheme != "auth" && is_valid_id(&a.id)))
        });
    if as_is {
        return Ok(Cow::Borrowed(acl));
    }
    let mut unique: Vec<&Acl> = Vec::new();
    for a in acl {
        if !unique.contains(&a) {
            unique.push(a);
        }
    }
    if unique.is_empty() {
        return Err(ZkError::InvalidAcl);
    }
    let mut out = Vec::new();
    for a in unique {
        if a.id.scheme == "world" && a.id.id == "anyone" {
            out.push(a.clone());
        } else if a.id.scheme == "auth" {
            // Only digest ids count as authenticated; `ip` does not (IPAuthenticationProvider).
            let mut any = false;
            for cid in auth.iter().filter(|c| c.scheme == "digest") {
                any = true;
                out.push(Acl {
                    perms: a.perms,
                    id: cid.clone(),
                });
            }
            if !any {
                return Err(ZkError::InvalidAcl);
            }
        } else if is_valid_id(&a.id) {
            out.push(a.clone());
        } else {
            return Err(ZkError::InvalidAcl);
        }
    }
    Ok(Cow::Owned(out))
}

/// `ZooKeeperServer.checkACL`: passes when any entry grants any bit of `perm` to any of `auth`.
pub fn check_acl(acl: &[Acl], perm: u32, auth: &[Id]) -> Result<(), ZkError> {
    if acl.is_empty() || auth.iter().any(|a| a.scheme == "super") {
        return Ok(());
    }
    for a in acl.iter().filter(|a| a.perms & perm != 0) {
        if a.id.scheme == "world" && a.id.id == "anyone" {
            return Ok(());
        }
        for who in auth.iter().filter(|w| w.scheme == a.id.scheme) {
            let ok = match a.id.scheme.as_str() {
                "digest" => who.id == a.id.id,
                "ip" => ip_matches(&who.id, &a.id.id),
                _ => false,
            };
            if ok {
                return Ok(());
            }
        }
    }
    Err(ZkError::NoAuth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_zookeeper() {
        // DigestAuthenticationProvider.generateDigest("super:test") from ZooKeeper's docs.
        assert_eq!(
            generate_digest("super:test"),
            "super:D/InIHSb7yEEbrWz8b9l71RjZJU="
        );
    }

    #[test]
    fn parses_cli_acl_syntax() {
        let acl = parse_acl_list("world:anyone:cdrwa,digest:bob:abc=:rw,bad");
        assert_eq!(acl.len(), 2);
        assert_eq!(acl[1].id, Id::new("digest", "bob:abc="));
        assert_eq!(perms_to_string(acl[1].perms), "rw");
    }

    #[test]
    fn ip_acls() {
        assert!(ip_matches("127.0.0.1", "127.0.0.0/8"));
        assert!(!ip_matches("10.0.0.1", "127.0.0.1"));
        assert!(is_valid_id(&Id::new("ip", "10.1.2.3/16")));
        assert!(!is_valid_id(&Id::new("ip", "10.1.2/16")));
    }
}
