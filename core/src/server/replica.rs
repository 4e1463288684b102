//! The prepare/apply split for a replicated server: the leader prepares a write once (its
//! `PrepRequestProcessor` step, against its own tree) into a `PreparedWrite`, and every replica —
//! the leader included — applies that same value with the zxid and the time the leader gave it,
//! as `FinalRequestProcessor` applies a committed transaction. Data and ACLs travel as the `Rc`s
//! the prepare step made, so replicas share them instead of copying.

use std::rc::Rc;

use crate::acl::Id;
use crate::error::ZkError;
use crate::request::{OpResult, Request, Response};
use crate::server::prepare::{Prep, Txn};
use crate::server::sessions::Session;
use crate::server::Server;
use crate::stat::{SessionId, Zxid};

/// A write as the leader prepared it; it cannot fail when applied.
#[derive(Clone, Debug)]
pub(crate) struct PreparedWrite(Body);

#[derive(Clone, Debug)]
enum Body {
    /// `createSession`: the id the serving peer chose, the negotiated timeout.
    CreateSession { session: SessionId, timeout_ms: u32 },
    /// `closeSession`: the session's ephemerals go, in the tree's order when applied.
    CloseSession { session: SessionId },
    /// A single op (`Write`): inline, as most writes are (every log holds it).
    Op { txn: Txn },
    /// A `Multi`'s ops, or a `SetAcl`.
    Write { kind: Kind, txns: Vec<Txn> },
    /// A write the prepare step refused: ZooKeeper logs an error transaction, which consumes
    /// its zxid and changes nothing. Boxed: rare, and large.
    Failed {
        response: Box<Result<Response, ZkError>>,
    },
}

#[derive(Clone, Debug)]
enum Kind {
    Multi,
    SetAcl { path: String },
}

impl PreparedWrite {
    pub(crate) fn create_session(session: SessionId, timeout_ms: u32) -> PreparedWrite {
        PreparedWrite(Body::CreateSession {
            session,
            timeout_ms,
        })
    }

    pub(crate) fn close_session(session: SessionId) -> PreparedWrite {
        PreparedWrite(Body::CloseSession { session })
    }

    /// A short name for timelines: `create`, `multi`, `closeSession`, `error`…
    pub(crate) fn summary(&self) -> &'static str {
        match &self.0 {
            Body::CreateSession { .. } => "createSession",
            Body::CloseSession { .. } => "closeSession",
            Body::Write {
                kind: Kind::Multi, ..
            } => "multi",
            Body::Write {
                kind: Kind::SetAcl { .. },
                ..
            } => "setAcl",
            Body::Op { txn } => match txn {
                Txn::Create { .. } => "create",
                Txn::Delete { .. } => "delete",
                Txn::SetData { .. } => "setData",
                Txn::SetAcl { .. } => "setAcl",
                Txn::Check => "check",
            },
            Body::Failed { .. } => "error",
        }
    }
}

impl Server {
    /// The identities a session's connection authenticated as on this server (they travel
    /// with a request a learner forwards, as `QuorumPacket.authinfo`).
    pub(crate) fn session_auth(&self, s: SessionId) -> Option<Rc<[Id]>> {
        self.sessions.get(&s).map(|x| Rc::clone(&x.auth))
    }

    /// The leader's prepare step for a client write (`Write`, `Multi`, `SetAcl`) of session `s`,
    /// checked against this server's tree with the zxid and time it will carry, as `auth`
    /// (the serving server's identities for the session) or, without it, as the session's
    /// identities here. A read is not a transaction: it comes back as a failed write answering
    /// `BadArguments`.
    pub(crate) fn prepare_write(
        &self,
        s: SessionId,
        req: &Request,
        auth: Option<&Rc<[Id]>>,
        zxid: Zxid,
        time: i64,
    ) -> PreparedWrite {
        let failed = |response| {
            PreparedWrite(Body::Failed {
                response: Box::new(response),
            })
        };
        let auth = match (self.session(s), auth) {
            (Err(e), _) => return failed(Err(e)),
            (Ok(_), Some(auth)) => Rc::clone(auth),
            (Ok(session), None) => Rc::clone(&session.auth),
        };
        match req {
            Request::Write(op) => {
                let mut prep = Prep::new(&self.tree, &self.config, time, false);
                match prep.op(op, s, &auth, zxid) {
                    Ok(txn) => PreparedWrite(Body::Op { txn }),
                    Err(e) => failed(Err(e)),
                }
            }
            Request::Multi(ops) => {
                let mut prep = Prep::new(&self.tree, &self.config, time, true);
                let mut txns = Vec::new();
                for (at, op) in ops.iter().enumerate() {
                    match prep.op(op, s, &auth, zxid) {
                        Ok(t) => txns.push(t),
                        Err(e) => {
                            return failed(Ok(Response::Multi(multi_failure(ops.len(), at, e))))
                        }
                    }
                }
                PreparedWrite(Body::Write {
                    kind: Kind::Multi,
                    txns,
                })
            }
            Request::SetAcl { path, acl, version } => {
                let mut prep = Prep::new(&self.tree, &self.config, time, false);
                match prep.set_acl(path, acl, *version, &auth) {
                    Ok(txn) => PreparedWrite(Body::Write {
                        kind: Kind::SetAcl { path: path.clone() },
                        txns: vec![txn],
                    }),
                    Err(e) => failed(Err(e)),
                }
            }
            _ => failed(Err(ZkError::BadArguments)),
        }
    }

    /// Applies a committed transaction as every replica does, with the leader's zxid and time;
    /// returns what the serving server answers its client. Notifications go to the outbox.
    pub(crate) fn apply_prepared(
        &mut self,
        w: &PreparedWrite,
        zxid: Zxid,
        time: i64,
    ) -> Result<Response, ZkError> {
        self.last_zxid = self.last_zxid.max(zxid);
        let out = match &w.0 {
            Body::CreateSession {
                session,
                timeout_ms,
            } => {
                let auth: Rc<[Id]> = Rc::from(vec![Id::new("ip", &self.config.client_ip)]);
                self.sessions.insert(
                    *session,
                    Box::new(Session {
                        timeout_ms: *timeout_ms,
                        auth,
                    }),
                );
                Ok(Response::Empty)
            }
            Body::CloseSession { session } => {
                if self.sessions.remove(session).is_none() {
                    return Err(ZkError::SessionExpired);
                }
                for p in self.tree.ephemerals_close_order(*session) {
                    self.apply_delete(&p, zxid);
                }
                self.tree.drop_session(*session);
                self.data_watches.remove_session(*session);
                self.child_watches.remove_session(*session);
                Ok(Response::Empty)
            }
            Body::Op { txn } => Ok(match self.apply_at(txn.clone(), zxid, time) {
                OpResult::Create { path, stat } => Response::Create { path, stat },
                OpResult::Delete => Response::Delete,
                OpResult::SetData { stat } => Response::SetData { stat },
                _ => Response::Check,
            }),
            Body::Write { kind, txns } => {
                let results: Vec<OpResult> = txns
                    .iter()
                    .map(|t| self.apply_at(t.clone(), zxid, time))
                    .collect();
                Ok(match kind {
                    Kind::Multi => Response::Multi(results),
                    Kind::SetAcl { path } => Response::SetAcl {
                        stat: self.tree.get(path).map(|n| n.stat()).unwrap_or_default(),
                    },
                })
            }
            Body::Failed { response } => (**response).clone(),
        };
        self.debug_check();
        out
    }
}

/// A failed multi's per-op results: OK before the failing op, its code, then
/// `RuntimeInconsistency`.
fn multi_failure(len: usize, at: usize, e: ZkError) -> Vec<OpResult> {
    (0..len)
        .map(|i| OpResult::Error {
            code: match i.cmp(&at) {
                std::cmp::Ordering::Less => 0,
                std::cmp::Ordering::Equal => e.code(),
                std::cmp::Ordering::Greater => ZkError::RuntimeInconsistency.code(),
            },
        })
        .collect()
}
