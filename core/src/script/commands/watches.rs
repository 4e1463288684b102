//! The commands about watches: `addWatch` (its mode kept between lines, as zkCli's
//! AddWatchCommand does) and `removewatches` (the Java client's own bookkeeping first, and the
//! events it delivers for a removed watch).

use crate::error::ZkError;
use crate::request::{Request, WatcherKind};
use crate::script::backend::Backend;
use crate::script::entry::{EntryKind, Failure, Outcome};
use crate::script::runner::{check_path, fail, Runner};
use crate::sim::client_watches::Registration;
use crate::watch::WatchMode;

impl<B: Backend> Runner<B> {
    /// `addWatch [-m mode] path`.
    pub(super) fn add_watch(
        &mut self,
        s: &str,
        path: &str,
        mode: Option<WatchMode>,
    ) -> Result<Outcome, Failure> {
        // zkCli takes `-m` while parsing, before it looks at the path.
        let mode = match self.shells.get_mut(s) {
            Some(shell) => {
                if let Some(m) = mode {
                    shell.add_watch_mode = m;
                }
                shell.add_watch_mode
            }
            None => mode.unwrap_or(WatchMode::PersistentRecursive),
        };
        check_path(path, false)?;
        let r = self.call(
            s,
            &Request::AddWatch {
                path: path.to_string(),
                mode,
            },
        );
        match r {
            Ok(_) => {
                self.register(s, path, Registration::Added(mode));
                Ok(Outcome::Empty)
            }
            Err(e) => Err(fail(e, path)),
        }
    }

    /// `removewatches path [-c|-d|-a] [-l]`: the removed watches' events go to `synthesized`.
    pub(super) fn remove_watches(
        &mut self,
        s: &str,
        path: &str,
        kind: WatcherKind,
        local: bool,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> Result<Outcome, Failure> {
        check_path(path, false)?;
        let known = self.watches.get(s).is_some_and(|w| w.contains(path, kind));
        if !known {
            return Err(fail(ZkError::NoWatcher, path));
        }
        let r = self.call(
            s,
            &Request::RemoveWatches {
                path: path.to_string(),
                kind,
            },
        );
        if let Err(e) = r {
            if !local {
                return Err(fail(e, path));
            }
        }
        let removed = self.watches.get_mut(s).and_then(|w| w.remove(path, kind));
        match removed {
            Some(events) => {
                for kind in events {
                    let path = path.to_string();
                    synthesized.push((s.to_string(), EntryKind::Event { kind, path }));
                }
                Ok(Outcome::Empty)
            }
            None => Err(fail(ZkError::NoWatcher, path)),
        }
    }
}
