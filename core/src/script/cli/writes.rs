//! zkCli's checks of the commands that write: `create` (its flags' combinations and the TTL),
//! `delete` (and its old positional form), `deleteall` and `set`.

use super::DELETEALL_BATCH_DEFAULT;
use super::{compat, java_parse_int, refused, Args, CliCommand, CliError};
use crate::request::CreateMode;

/// The deprecation notice of `delete path version`.
const DELETE_COMPAT: &str =
    "'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead.";

/// `create [-s] [-e] [-c] [-t ttl] path [data] [acl]`.
pub(super) fn create(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let (e, s, c, t) = (a.has('e'), a.has('s'), a.has('c'), a.has('t'));
    if c && (e || s) {
        return Err(refused(
            "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.",
        ));
    }
    let ttl_ms = match a.flag('t') {
        Some(ttl) => ttl
            .parse::<i64>()
            .map_err(|_| refused("-t argument must be a long value"))?,
        None => -1,
    };
    if t && e {
        return Err(refused("TTLs cannot be used with Ephemeral znodes"));
    }
    if t && c {
        return Err(refused("TTLs cannot be used with Container znodes"));
    }
    if t && (ttl_ms <= 0 || ttl_ms > crate::stat::TTL_MAX_MS) {
        return Err(refused(format!(
            "ttl must be positive and cannot be larger than: {}",
            crate::stat::TTL_MAX_MS
        )));
    }
    Ok(CliCommand::Create {
        path: a.arg(1),
        data: a.opt_arg(2),
        acl: a.opt_arg(3),
        mode: CreateMode::from_flags(e, s, c, t),
        ttl_ms,
    })
}

/// `delete [-v version] path`, or the old `delete path version` with its notice.
pub(super) fn delete(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let c = CliCommand::Delete {
        path: a.arg(1),
        version: a.version()?,
    };
    Ok(if a.old_form() {
        compat(DELETE_COMPAT, c)
    } else {
        c
    })
}

/// `deleteall [-b batch] path`.
pub(super) fn delete_all(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    let batch = match a.flag('b') {
        None => DELETEALL_BATCH_DEFAULT,
        Some(b) => java_parse_int(b).ok_or_else(|| refused("-b argument must be an int value"))?,
    };
    Ok(CliCommand::DeleteAll {
        path: a.arg(1),
        batch,
    })
}

/// `set [-s] [-v version] path data`.
pub(super) fn set(a: &Args) -> Result<CliCommand, CliError> {
    a.need(3)?;
    Ok(CliCommand::Set {
        path: a.arg(1),
        data: a.arg(2),
        version: a.version()?,
        stat: a.has('s'),
    })
}
