//! The prepare step of writes, as `PrepRequestProcessor`: each op is checked against the tree
//! plus what earlier ops of the same request changed, in ZooKeeper's order of checks, and
//! turned into a transaction that cannot fail when applied.

use crate::sorted::SortedMap as BTreeMap;
use std::rc::Rc;

use crate::acl::{check_acl, fixup_acl, perms, Acl, Id};
use crate::error::ZkError;
use crate::path::{self, validate_path};
use crate::request::{CreateMode, Op};
use crate::server::ServerConfig;
use crate::stat::{
    owner_kind, OwnerKind, SessionId, Stat, Zxid, CONTAINER_OWNER, TTL_MAX_MS, TTL_OWNER_MASK,
};
use crate::tree::{DataTree, NewNode, Node};

/// A znode as the prepare step sees it: the tree's, or as earlier ops of the same multi left it.
#[derive(Clone, Debug)]
pub(super) struct Record {
    stat: Stat,
    child_count: i32,
    acl: Rc<[Acl]>,
}

/// A prepared transaction: it cannot fail when applied.
#[derive(Clone, Debug)]
pub(super) enum Txn {
    /// The node as the create makes it, and its name: every replica that applies the
    /// transaction inserts these same two `Rc`s.
    Create {
        path: String,
        node: Rc<Node>,
        name: Rc<str>,
        parent_cversion: i32,
    },
    Delete {
        path: String,
    },
    SetData {
        path: String,
        data: Option<Rc<[u8]>>,
        version: i32,
    },
    SetAcl {
        path: String,
        acl: Vec<Acl>,
        aversion: i32,
    },
    Check,
}

/// The prepare step: validates ops against the tree plus the changes of earlier ops of the same
/// request, in `PrepRequestProcessor`'s order of checks, and turns them into transactions.
pub(super) struct Prep<'a> {
    tree: &'a DataTree,
    config: &'a ServerConfig,
    /// What earlier ops of the same multi did; a single op needs none.
    overlay: BTreeMap<String, Option<Record>>,
    multi: bool,
    time: i64,
}

fn check_version(current: i32, expected: i32) -> Result<i32, ZkError> {
    if expected != -1 && expected != current {
        return Err(ZkError::BadVersion);
    }
    Ok(current.wrapping_add(1))
}

impl<'a> Prep<'a> {
    pub(super) fn new(
        tree: &'a DataTree,
        config: &'a ServerConfig,
        time: i64,
        multi: bool,
    ) -> Prep<'a> {
        Prep {
            tree,
            config,
            overlay: BTreeMap::new(),
            multi,
            time,
        }
    }

    /// Records what an op did for the later ops of a multi.
    fn remember(&mut self, p: &str, r: Option<Record>) {
        if self.multi {
            self.overlay.insert(p.to_string(), r);
        }
    }

    fn record(&self, p: &str) -> Result<Record, ZkError> {
        if let Some(r) = self.overlay.get(p) {
            return r.clone().ok_or(ZkError::NoNode);
        }
        let n = self.tree.get(p).ok_or(ZkError::NoNode)?;
        Ok(Record {
            stat: n.stat,
            child_count: n.children.len() as i32,
            acl: Rc::clone(&n.acl),
        })
    }

    fn exists(&self, p: &str) -> bool {
        match self.overlay.get(p) {
            Some(r) => r.is_some(),
            None => self.tree.get(p).is_some(),
        }
    }

    fn parent_for_write(p: &str) -> Result<&str, ZkError> {
        if !p.contains('/') || p.contains('\0') {
            return Err(ZkError::BadArguments);
        }
        Ok(path::parent(p))
    }

    pub(super) fn op(
        &mut self,
        op: &Op,
        s: SessionId,
        auth: &[Id],
        zxid: Zxid,
    ) -> Result<Txn, ZkError> {
        match op {
            Op::Create {
                path,
                data,
                acl,
                mode,
                ttl_ms,
            } => self.create(path, data, acl, *mode, *ttl_ms, s, auth, zxid),
            Op::Delete { path, version } => {
                if DataTree::is_special_path(path) {
                    return Err(ZkError::BadArguments);
                }
                let parent = Self::parent_for_write(path)?;
                let mut prec = self.record(parent)?;
                check_acl(&prec.acl, perms::DELETE, auth)?;
                let node = self.record(path)?;
                check_version(node.stat.version, *version)?;
                if node.child_count > 0 {
                    return Err(ZkError::NotEmpty);
                }
                prec.child_count -= 1;
                prec.stat.pzxid = zxid;
                self.remember(parent, Some(prec));
                self.remember(path, None);
                Ok(Txn::Delete { path: path.clone() })
            }
            Op::SetData {
                path,
                data,
                version,
            } => {
                validate_path(path, false).map_err(|_| ZkError::BadArguments)?;
                let mut rec = self.record(path)?;
                check_acl(&rec.acl, perms::WRITE, auth)?;
                if data.as_ref().map_or(0, Vec::len) > self.config.max_data_bytes {
                    return Err(ZkError::ConnectionLoss);
                }
                let new_version = check_version(rec.stat.version, *version)?;
                rec.stat.version = new_version;
                rec.stat.mzxid = zxid;
                rec.stat.mtime = self.time;
                self.remember(path, Some(rec));
                Ok(Txn::SetData {
                    path: path.clone(),
                    data: data.as_deref().map(Rc::from),
                    version: new_version,
                })
            }
            Op::Check { path, version } => {
                validate_path(path, false).map_err(|_| ZkError::BadArguments)?;
                let rec = self.record(path)?;
                check_acl(&rec.acl, perms::READ, auth)?;
                check_version(rec.stat.version, *version)?;
                Ok(Txn::Check)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn create(
        &mut self,
        path_in: &str,
        data: &Option<Vec<u8>>,
        acl: &[Acl],
        mode: CreateMode,
        ttl_ms: i64,
        s: SessionId,
        auth: &[Id],
        zxid: Zxid,
    ) -> Result<Txn, ZkError> {
        if mode.is_ttl() && !self.config.extended_types {
            return Err(ZkError::Unimplemented);
        }
        let ttl_ok = if mode.is_ttl() {
            ttl_ms > 0 && ttl_ms <= TTL_MAX_MS
        } else {
            ttl_ms < 0
        };
        if !ttl_ok {
            return Err(ZkError::BadArguments);
        }
        let parent = Self::parent_for_write(path_in)?;
        let acl = self.tree.shared_acl(&fixup_acl(acl, auth)?);
        let mut prec = self.record(parent)?;
        check_acl(&prec.acl, perms::CREATE, auth)?;
        let full = if mode.is_sequential() {
            format!("{path_in}{:010}", prec.stat.cversion)
        } else {
            path_in.to_string()
        };
        validate_path(&full, false).map_err(|_| ZkError::BadArguments)?;
        if self.exists(&full) {
            return Err(ZkError::NodeExists);
        }
        if matches!(
            owner_kind(prec.stat.ephemeral_owner),
            OwnerKind::Ephemeral(_)
        ) {
            return Err(ZkError::NoChildrenForEphemerals);
        }
        if data.as_ref().map_or(0, Vec::len) > self.config.max_data_bytes {
            return Err(ZkError::ConnectionLoss);
        }
        let new_cversion = prec.stat.cversion.wrapping_add(1);
        let owner = match mode {
            CreateMode::Container => CONTAINER_OWNER,
            m if m.is_ttl() => TTL_OWNER_MASK | ttl_ms,
            m if m.is_ephemeral() => s.0,
            _ => 0,
        };
        prec.child_count += 1;
        prec.stat.cversion = new_cversion;
        prec.stat.pzxid = zxid;
        self.remember(parent, Some(prec));
        if self.multi {
            self.remember(
                &full,
                Some(Record {
                    stat: Stat {
                        czxid: zxid,
                        mzxid: zxid,
                        pzxid: zxid,
                        ephemeral_owner: owner,
                        ..Stat::default()
                    },
                    child_count: 0,
                    acl: Rc::clone(&acl),
                }),
            );
        }
        let new = NewNode {
            data: data.as_deref().map(Rc::from),
            acl,
            owner,
        };
        let name = Rc::from(path::name(&full));
        Ok(Txn::Create {
            node: Rc::new(Node::created(new, zxid, self.time)),
            name,
            path: full,
            parent_cversion: new_cversion,
        })
    }

    pub(super) fn set_acl(
        &mut self,
        p: &str,
        acl: &[Acl],
        version: i32,
        auth: &[Id],
    ) -> Result<Txn, ZkError> {
        validate_path(p, false).map_err(|_| ZkError::BadArguments)?;
        let acl = fixup_acl(acl, auth)?.into_owned();
        let mut rec = self.record(p)?;
        check_acl(&rec.acl, perms::ADMIN, auth)?;
        let aversion = check_version(rec.stat.aversion, version)?;
        rec.stat.aversion = aversion;
        self.remember(p, Some(rec));
        Ok(Txn::SetAcl {
            path: p.to_string(),
            acl,
            aversion,
        })
    }
}
