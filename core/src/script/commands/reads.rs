//! The commands that read: `get`, `stat`, `ls` (the recursive walk is in `walks.rs`),
//! `getEphemerals`, `getAllChildrenNumber` and `sync`, with the watches a read leaves.

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::backend::Backend;
use crate::script::entry::{Failure, Outcome};
use crate::script::runner::{check_path, fail, Runner};
use crate::sim::client_watches::Registration;
use crate::stat::Stat;

/// A node's data as `getData` returns it (`None`: ZooKeeper's null).
type NodeData = Option<std::rc::Rc<[u8]>>;

impl<B: Backend> Runner<B> {
    /// `get [-s] [-w] path`.
    pub(super) fn get(
        &mut self,
        s: &str,
        path: &str,
        with_stat: bool,
        watch: bool,
    ) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let (data, stat) = self.get_data(s, path, watch)?;
        Ok(Outcome::Data {
            data: data.map(|d| d.to_vec()),
            stat,
            with_stat,
        })
    }

    /// A node's data and stat, as `getData` returns them (a data watch registered with
    /// `watch`): what `get` and `config` read.
    pub(super) fn get_data(
        &mut self,
        s: &str,
        path: &str,
        watch: bool,
    ) -> Result<(NodeData, Stat), Failure> {
        let request = Request::GetData {
            path: path.to_string(),
            watch,
        };
        let read = self.expect(s, &request, path, |r| match r {
            Response::GetData { data, stat } => Some((data, stat)),
            _ => None,
        })?;
        if watch {
            self.register(s, path, Registration::Data);
        }
        Ok(read)
    }

    /// `stat [-w] path`: a watch on a missing node waits for it to exist.
    pub(super) fn stat(&mut self, s: &str, path: &str, watch: bool) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let r = self.call(
            s,
            &Request::Exists {
                path: path.to_string(),
                watch,
            },
        );
        match r {
            Ok(Response::Exists { stat }) => {
                if watch {
                    self.register(s, path, Registration::Data);
                }
                Ok(Outcome::StatOf { stat: Some(stat) })
            }
            Err(ZkError::NoNode) => {
                if watch {
                    self.register(s, path, Registration::Exist);
                }
                Ok(Outcome::StatOf { stat: None })
            }
            Ok(_) => Err(fail(ZkError::MarshallingError, path)),
            Err(e) => Err(fail(e, path)),
        }
    }

    /// `ls [-s] [-w] [-R] path`.
    pub(super) fn ls(
        &mut self,
        s: &str,
        path: &str,
        with_stat: bool,
        watch: bool,
        recursive: bool,
    ) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        if recursive {
            return self.list_tree(s, path, watch);
        }
        match self.get_children(s, path, watch) {
            Ok((children, st)) => Ok(Outcome::Children {
                children,
                stat: with_stat.then_some(st),
            }),
            Err(e) => Err(fail(e, path)),
        }
    }

    /// A node's children in zkCli's order, and its Stat; with `watch`, a child watch.
    pub(in crate::script) fn get_children(
        &mut self,
        s: &str,
        p: &str,
        watch: bool,
    ) -> Result<(Vec<String>, Stat), ZkError> {
        match self.call(
            s,
            &Request::GetChildren {
                path: p.to_string(),
                watch,
            },
        )? {
            Response::GetChildren { children, stat } => {
                let mut children = crate::request::owned_names(children);
                if watch {
                    self.register(s, p, Registration::Child);
                }
                crate::sorted::sort(&mut children);
                Ok((children, stat))
            }
            _ => Err(ZkError::MarshallingError),
        }
    }

    /// `getEphemerals path`: the session's ephemeral nodes under a prefix.
    pub(super) fn get_ephemerals(&mut self, s: &str, path: &str) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let request = Request::GetEphemerals {
            prefix: path.to_string(),
        };
        self.expect(s, &request, path, |r| match r {
            Response::Ephemerals { paths } => Some(Outcome::Ephemerals { paths }),
            _ => None,
        })
    }

    /// `getAllChildrenNumber path`.
    pub(super) fn all_children_number(&mut self, s: &str, path: &str) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let request = Request::GetAllChildrenNumber {
            path: path.to_string(),
        };
        self.expect(s, &request, path, |r| match r {
            Response::Count { count } => Some(Outcome::Count { count }),
            _ => None,
        })
    }

    /// `sync path`.
    pub(super) fn sync(&mut self, s: &str, path: &str) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        match self.call(
            s,
            &Request::Sync {
                path: path.to_string(),
            },
        ) {
            Ok(_) => Ok(Outcome::Synced),
            Err(e) => Err(fail(e, path)),
        }
    }
}
