//! zkCli's checks of the commands about watches: `addWatch` (its `-m` read as Java
//! upper-cases it) and `removewatches` (which kind of watch its flags name).

use super::{java_upper_ascii, refused, usage, Args, CliCommand, CliError};
use crate::request::WatcherKind;
use crate::watch::WatchMode;

/// `addWatch [-m mode] path`.
pub(super) fn add_watch(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let mode = match a.flag('m').map(|m| java_upper_ascii(m)) {
        None => None,
        Some(m) if m == "PERSISTENT_RECURSIVE" => Some(WatchMode::PersistentRecursive),
        Some(m) if m == "PERSISTENT" => Some(WatchMode::Persistent),
        Some(_) => return Err(refused(usage(a.name))),
    };
    Ok(CliCommand::AddWatch {
        path: a.arg(1),
        mode,
    })
}

/// `removewatches path [-c|-d|-a] [-l]`.
pub(super) fn remove_watches(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let kind = if a.has('c') {
        WatcherKind::Children
    } else if a.has('d') {
        WatcherKind::Data
    } else {
        WatcherKind::Any
    };
    Ok(CliCommand::RemoveWatches {
        path: a.arg(1),
        kind,
        local: a.has('l'),
    })
}
