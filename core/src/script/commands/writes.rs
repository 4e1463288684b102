//! The commands that change znodes' data: `create`, `delete`, `set` and a `multi` block (the
//! tree walk of `deleteall` is in `walks.rs`).

use crate::acl::Acl;
use crate::error::ZkError;
use crate::request::{CreateMode, Op, OpResult, Request, Response};
use crate::script::backend::Backend;
use crate::script::entry::{Failure, Outcome};
use crate::script::parse::MultiLine;
use crate::script::runner::{check_path, fail, Runner};

impl<B: Backend> Runner<B> {
    /// `create [-s] [-e] [-c] [-t ttl] path [data] [acl]`.
    pub(super) fn create(
        &mut self,
        s: &str,
        path: &str,
        data: Option<&str>,
        acl: Option<&str>,
        mode: CreateMode,
        ttl_ms: i64,
    ) -> Result<Outcome, Failure> {
        check_path(path, mode.is_sequential())?;
        let acl = match acl {
            Some(text) => self.zkcli_acl(text),
            None => Acl::open_unsafe(),
        };
        if acl.is_empty() {
            // The Java client refuses an empty ACL before sending (no path in the
            // exception); zkCli prints its message, then the wrapped one.
            self.notes.push_str("KeeperErrorCode = InvalidACL\n");
            return Err(fail(ZkError::InvalidAcl, "null"));
        }
        let op = Op::Create {
            path: path.to_string(),
            data: data.map(|d| d.as_bytes().to_vec()),
            acl,
            mode,
            ttl_ms,
        };
        match self.call(s, &Request::Write(op)) {
            Ok(Response::Create { path, .. }) => Ok(Outcome::Created { path }),
            Ok(_) => Err(fail(ZkError::MarshallingError, path)),
            Err(ZkError::InvalidAcl) => {
                self.notes
                    .push_str(&format!("KeeperErrorCode = InvalidACL for {path}\n"));
                Err(fail(ZkError::InvalidAcl, path))
            }
            Err(e) => Err(fail(e, path)),
        }
    }

    /// `delete [-v version] path`.
    pub(super) fn delete(&mut self, s: &str, path: &str, version: i32) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let r = self.call(
            s,
            &Request::Write(Op::Delete {
                path: path.to_string(),
                version,
            }),
        );
        r.map(|_| Outcome::Empty).map_err(|e| fail(e, path))
    }

    /// `set [-s] [-v version] path data`.
    pub(super) fn set(
        &mut self,
        s: &str,
        path: &str,
        data: &str,
        version: i32,
        print_stat: bool,
    ) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let request = Request::Write(Op::SetData {
            path: path.to_string(),
            data: Some(data.as_bytes().to_vec()),
            version,
        });
        self.expect(s, &request, path, |r| match r {
            Response::SetData { stat } => Some(Outcome::Written { stat, print_stat }),
            _ => None,
        })
    }

    /// A `multi` block: its lines as one transaction.
    pub(in crate::script) fn multi(
        &mut self,
        s: &str,
        lines: &[MultiLine],
    ) -> Result<Outcome, Failure> {
        let mut ops = Vec::new();
        for l in lines {
            let op = match l {
                MultiLine::Check { path, version } => Op::Check {
                    path: path.clone(),
                    version: *version,
                },
                MultiLine::Create {
                    path,
                    data,
                    ephemeral,
                    sequential,
                } => Op::Create {
                    path: path.clone(),
                    data: data.as_ref().map(|d| d.as_bytes().to_vec()),
                    acl: Acl::open_unsafe(),
                    mode: CreateMode::from_flags(*ephemeral, *sequential, false, false),
                    ttl_ms: -1,
                },
                MultiLine::Delete { path, version } => Op::Delete {
                    path: path.clone(),
                    version: *version,
                },
                MultiLine::Set {
                    path,
                    data,
                    version,
                } => Op::SetData {
                    path: path.clone(),
                    data: Some(data.as_bytes().to_vec()),
                    version: *version,
                },
            };
            let sequential = matches!(
                l,
                MultiLine::Create {
                    sequential: true,
                    ..
                }
            );
            check_path(op.path(), sequential)?;
            ops.push(op);
        }
        let results = self.expect(s, &Request::Multi(ops), "", |r| match r {
            Response::Multi(results) => Some(results),
            _ => None,
        })?;
        match OpResult::first_error(&results) {
            None => Ok(Outcome::Multi { results }),
            Some(code) => {
                let e = ZkError::from_code(code).unwrap_or(ZkError::SystemError);
                let mut f = fail(e, "");
                f.message = e.keeper_message("");
                f.results = Some(results);
                Err(f)
            }
        }
    }
}
