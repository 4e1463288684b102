//! The commands about who may do what: `addauth`, `whoami`, `getAcl` and `setAcl` (the
//! recursive walk is in `walks.rs`, the ACL text's parsing as zkCli's `AclParser` there too).

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::Backend;
use crate::script::entry::{EntryKind, Failure, Outcome};
use crate::script::runner::{check_path, fail, Runner, SessionState};
use crate::watch::KeeperState;

impl<B: Backend> Runner<B> {
    /// `addauth scheme auth`: a refusal ends the session with the AuthFailed state, which goes
    /// to `synthesized`.
    pub(super) fn add_auth(
        &mut self,
        s: &str,
        scheme: &str,
        auth: &str,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> Result<Outcome, Failure> {
        let r = self.call(
            s,
            &Request::AddAuth {
                scheme: scheme.to_string(),
                auth: auth.as_bytes().to_vec(),
            },
        );
        match r {
            // The Java client sends credentials without waiting: zkCli prints nothing,
            // and the refusal arrives as the AuthFailed state.
            Err(ZkError::AuthFailed) => {
                self.backend.auth_failed(s);
                self.sessions
                    .insert(s.to_string(), SessionState::Gone(ZkError::AuthFailed));
                let state = EntryKind::State(KeeperState::AuthFailed);
                synthesized.push((s.to_string(), state));
                Ok(Outcome::Empty)
            }
            r => r.map(|_| Outcome::Empty).map_err(|e| fail(e, "")),
        }
    }

    /// `whoami`: the session's identities.
    pub(super) fn who_am_i(&mut self, s: &str) -> Result<Outcome, Failure> {
        let ids = self.expect(s, &Request::WhoAmI, "", |r| match r {
            Response::WhoAmI { ids } => Some(ids),
            _ => None,
        })?;
        let mut text = String::from("Auth scheme: User\n");
        for (scheme, user) in ids {
            text.push_str(&format!("{scheme}: {user}\n"));
        }
        Ok(Outcome::Text { text })
    }

    /// `getAcl [-s] path`.
    pub(super) fn get_acl(
        &mut self,
        s: &str,
        path: &str,
        with_stat: bool,
    ) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let request = Request::GetAcl {
            path: path.to_string(),
        };
        self.expect(s, &request, path, |r| match r {
            Response::GetAcl { acl, stat } => Some(Outcome::Acl {
                acl,
                stat,
                with_stat,
            }),
            _ => None,
        })
    }

    /// `setAcl [-s] [-v version] [-R] path acl`.
    pub(super) fn set_acl(
        &mut self,
        s: &str,
        path: &str,
        acl: &str,
        version: i32,
        print_stat: bool,
        recursive: bool,
    ) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let acl = self.zkcli_acl(acl);
        if acl.is_empty() {
            return Err(fail(ZkError::InvalidAcl, "null"));
        }
        if recursive {
            return self.set_acl_tree(s, path, &acl, version);
        }
        let req = Request::SetAcl {
            path: path.to_string(),
            acl,
            version,
        };
        self.expect(s, &req, path, |r| match r {
            Response::SetAcl { stat } => Some(Outcome::Written { stat, print_stat }),
            _ => None,
        })
    }
}
