//! zkCli's walks over a subtree (`ZKUtil`): `deleteall`'s breadth-first listing and batched
//! deletes, and the depth-first visit of `ls -R` and `setAcl -R`.

use crate::acl::{parse_acl_list_noting, Acl};
use crate::error::ZkError;
use crate::path;
use crate::request::{Op, OpResult, Request, Response};
use crate::script::backend::Backend;
use crate::script::entry::{Failure, Outcome};
use crate::script::runner::{check_path, fail, Runner};
use crate::sim::client_watches::Registration;

impl<B: Backend> Runner<B> {
    /// zkCli's `AclParser.parse`, its complaints kept for the output.
    pub(super) fn zkcli_acl(&mut self, text: &str) -> Vec<Acl> {
        let (acl, notes) = parse_acl_list_noting(text);
        self.notes.push_str(&notes);
        acl
    }

    /// `ZKUtil.listSubTreeBFS`: the root, then level by level, each node's children in the
    /// order the server lists them.
    pub(super) fn walk(&mut self, s: &str, root: &str) -> Result<Vec<String>, ZkError> {
        let mut out = vec![root.to_string()];
        let mut i = 0;
        while i < out.len() {
            let p = out[i].clone();
            let req = Request::GetChildren {
                path: p.clone(),
                watch: false,
            };
            let Response::GetChildren { children, .. } = self.call(s, &req)? else {
                return Err(ZkError::MarshallingError);
            };
            let names = crate::request::owned_names(children);
            let names = self.backend.server_child_order(&p, names);
            out.extend(names.iter().map(|c| path::join(&p, c)));
            i += 1;
        }
        Ok(out)
    }

    /// `deleteall`: `ZKUtil.deleteRecursive` — list the subtree breadth-first, then delete it
    /// leaves first in multis of `batch` ops (all in one when `batch` is not positive), up to
    /// ten in flight; once a multi has failed, no later batch is sent. A failure is reported,
    /// not thrown.
    pub(super) fn delete_all(&mut self, s: &str, p: &str, batch: i32) -> Result<Outcome, Failure> {
        check_path(p, false)?;
        let tree = self.walk(s, p).map_err(|e| fail(e, p))?;
        let ops: Vec<Op> = tree
            .iter()
            .rev()
            .map(|t| Op::Delete {
                path: t.clone(),
                version: -1,
            })
            .collect();
        let size = usize::try_from(batch)
            .ok()
            .filter(|b| *b > 0)
            .unwrap_or(usize::MAX);
        let mut first_failed: Option<usize> = None;
        for (k, chunk) in ops.chunks(size).enumerate() {
            if first_failed.is_some_and(|f| k >= f + DELETEALL_IN_FLIGHT) {
                break;
            }
            let failed = match self.call(s, &Request::Multi(chunk.to_vec())) {
                Ok(Response::Multi(results)) => OpResult::first_error(&results).is_some(),
                _ => true,
            };
            if failed {
                first_failed.get_or_insert(k);
            }
        }
        Ok(match first_failed {
            None => Outcome::Empty,
            Some(_) => Outcome::Text {
                text: "Failed to delete some node(s) in the subtree!\n".into(),
            },
        })
    }

    /// `ZKUtil.visitSubTreeDFS`: reads the root with getData (setting a data watch with
    /// `watch`), visits it, then each node's sorted children before descending into them; a
    /// node gone meanwhile is skipped. `visit` sees every path in that order.
    fn visit_subtree(
        &mut self,
        s: &str,
        root: &str,
        watch: bool,
        visit: &mut dyn FnMut(&mut Self, &str),
    ) -> Result<(), Failure> {
        let read = Request::GetData {
            path: root.to_string(),
            watch,
        };
        self.call(s, &read).map_err(|e| fail(e, root))?;
        if watch {
            self.register(s, root, Registration::Data);
        }
        visit(self, root);
        let mut stack = vec![root.to_string()];
        while let Some(p) = stack.pop() {
            let children = match self.get_children(s, &p, watch) {
                Ok((c, _)) => c,
                Err(ZkError::NoNode) => continue,
                Err(e) => return Err(fail(e, &p)),
            };
            let full: Vec<String> = children.iter().map(|c| path::join(&p, c)).collect();
            for f in &full {
                visit(self, f);
            }
            stack.extend(full.into_iter().rev());
        }
        Ok(())
    }

    /// `ls -R`: the paths of the walk, in its order.
    pub(super) fn list_tree(
        &mut self,
        s: &str,
        root: &str,
        watch: bool,
    ) -> Result<Outcome, Failure> {
        let mut paths = Vec::new();
        self.visit_subtree(s, root, watch, &mut |_, p| paths.push(p.to_string()))?;
        Ok(Outcome::Tree { paths })
    }

    /// `setAcl -R`: the same walk, setting the ACL on each node as it is visited; a node that
    /// refuses is reported (zkCli prints the message without a newline) and the walk goes on.
    pub(super) fn set_acl_tree(
        &mut self,
        s: &str,
        root: &str,
        acl: &[Acl],
        version: i32,
    ) -> Result<Outcome, Failure> {
        let mut text = String::new();
        self.visit_subtree(s, root, false, &mut |runner, p| {
            let req = Request::SetAcl {
                path: p.to_string(),
                acl: acl.to_vec(),
                version,
            };
            if let Err(e) = runner.call(s, &req) {
                text.push_str(&e.keeper_message(p));
            }
        })?;
        Ok(Outcome::Text { text })
    }
}

/// Multis `deleteall` keeps in flight (`ZKUtil.deleteInBatch`'s rate limit).
pub(super) const DELETEALL_IN_FLIGHT: usize = 10;
