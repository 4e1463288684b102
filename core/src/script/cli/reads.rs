//! zkCli's checks of the commands that read: `get`, `stat` and `ls` (each with its old
//! positional form, `get path watch`, which zkCli still runs after a notice),
//! `getEphemerals`, `getAllChildrenNumber` and `sync`.

use super::{compat, Args, CliCommand, CliError};

/// The deprecation notices of the old positional forms.
const LS_COMPAT: &str = "'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead.";
const GET_COMPAT: &str =
    "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead.";
const STAT_COMPAT: &str =
    "'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead.";

/// `c`, or `c` after its notice when the line is in the old form.
fn maybe_compat(a: &Args, notice: &'static str, c: CliCommand) -> CliCommand {
    if a.old_form() {
        compat(notice, c)
    } else {
        c
    }
}

/// `get [-s] [-w] path`.
pub(super) fn get(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let c = CliCommand::Get {
        path: a.arg(1),
        stat: a.has('s'),
        watch: a.has('w') || a.old_form(),
    };
    Ok(maybe_compat(a, GET_COMPAT, c))
}

/// `stat [-w] path`.
pub(super) fn stat(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let c = CliCommand::Stat {
        path: a.arg(1),
        watch: a.has('w') || a.old_form(),
    };
    Ok(maybe_compat(a, STAT_COMPAT, c))
}

/// `ls [-s] [-w] [-R] path`.
pub(super) fn ls(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let c = CliCommand::Ls {
        path: a.arg(1),
        stat: a.has('s'),
        watch: a.has('w') || a.old_form(),
        recursive: a.has('R'),
    };
    Ok(maybe_compat(a, LS_COMPAT, c))
}

/// `getEphemerals [path]`: the root without a path.
pub(super) fn get_ephemerals(a: &Args) -> CliCommand {
    CliCommand::GetEphemerals {
        path: a.opt_arg(1).unwrap_or_else(|| "/".into()),
    }
}

/// `getAllChildrenNumber path`.
pub(super) fn all_children_number(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    Ok(CliCommand::GetAllChildrenNumber { path: a.arg(1) })
}

/// `sync path`.
pub(super) fn sync(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    Ok(CliCommand::Sync { path: a.arg(1) })
}
