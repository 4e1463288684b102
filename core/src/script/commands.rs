//! What each zkCli command does as a client of the server: the requests it sends, the Java
//! client's own checks and watch bookkeeping, and its result. [`Runner::command`] hands each
//! command to its family: `reads.rs`, `writes.rs` (with a `multi` block), `watches.rs`,
//! `acl.rs` (with `addauth` and `whoami`), `session.rs` (`close`, `quit`, `expire`) and
//! `config.rs` (`config`, `reconfig`); the commands zkCli runs by itself (`history`, `redo`,
//! `printwatches`, `connect`) are `run_cli`'s, the tree walks `walks.rs`'s.

mod acl;
mod config;
mod reads;
mod session;
mod watches;
mod writes;

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::Backend;
use crate::script::cli::{CliCommand, VERSION_LINE};
use crate::script::entry::{EntryKind, Failure, Outcome};
use crate::script::quota_cli::run_quota;
use crate::script::runner::{fail, Runner};

impl<B: Backend> Runner<B> {
    /// Runs one zkCli command for session `s`; events the client delivers by itself (a removed
    /// watch's, AuthFailed) go to `synthesized`.
    pub(super) fn command(
        &mut self,
        s: &str,
        c: &CliCommand,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> Result<Outcome, Failure> {
        match c {
            CliCommand::Create {
                path,
                data,
                acl,
                mode,
                ttl_ms,
            } => self.create(s, path, data.as_deref(), acl.as_deref(), *mode, *ttl_ms),
            CliCommand::Delete { path, version } => self.delete(s, path, *version),
            CliCommand::DeleteAll { path, batch } => self.delete_all(s, path, *batch),
            CliCommand::Set {
                path,
                data,
                version,
                stat,
            } => self.set(s, path, data, *version, *stat),
            CliCommand::Get { path, stat, watch } => self.get(s, path, *stat, *watch),
            CliCommand::Stat { path, watch } => self.stat(s, path, *watch),
            CliCommand::Ls {
                path,
                stat,
                watch,
                recursive,
            } => self.ls(s, path, *stat, *watch, *recursive),
            CliCommand::GetEphemerals { path } => self.get_ephemerals(s, path),
            CliCommand::GetAllChildrenNumber { path } => self.all_children_number(s, path),
            CliCommand::Sync { path } => self.sync(s, path),
            CliCommand::AddWatch { path, mode } => self.add_watch(s, path, *mode),
            CliCommand::RemoveWatches { path, kind, local } => {
                self.remove_watches(s, path, *kind, *local, synthesized)
            }
            CliCommand::AddAuth { scheme, auth } => self.add_auth(s, scheme, auth, synthesized),
            CliCommand::GetAcl { path, stat } => self.get_acl(s, path, *stat),
            CliCommand::SetAcl {
                path,
                acl,
                version,
                stat,
                recursive,
            } => self.set_acl(s, path, acl, *version, *stat, *recursive),
            CliCommand::Close | CliCommand::Quit => self.close(s),
            CliCommand::Expire => self.expire(s),
            CliCommand::WhoAmI => self.who_am_i(s),
            CliCommand::Version => Ok(Outcome::Text {
                text: format!("{VERSION_LINE}\n"),
            }),
            CliCommand::Config {
                watch,
                stat,
                client,
            } => self.config(s, *watch, *stat, *client),
            CliCommand::Quota(q) => {
                let backend = &mut self.backend;
                let text = run_quota(q, &mut |r| backend.call(s, r));
                Ok(Outcome::Text { text })
            }
            CliCommand::Reconfig => self.reconfig(s),
            // zkCli runs these itself (see `run_cli`).
            CliCommand::History
            | CliCommand::Redo(_)
            | CliCommand::PrintWatches(_)
            | CliCommand::Connect
            | CliCommand::Compat { .. } => Ok(Outcome::Empty),
        }
    }

    /// Sends `request` as session `s` and takes the reply the command expects: `expected`
    /// picks it out of its variant. Another reply is a `MarshallingError` (the Java client's
    /// cast of the reply would fail) and an error is the command's failure at `path`, worded
    /// as zkCli words both.
    fn expect<T>(
        &mut self,
        s: &str,
        request: &Request,
        path: &str,
        expected: impl FnOnce(Response) -> Option<T>,
    ) -> Result<T, Failure> {
        match self.call(s, request) {
            Ok(reply) => expected(reply).ok_or_else(|| fail(ZkError::MarshallingError, path)),
            Err(e) => Err(fail(e, path)),
        }
    }
}
