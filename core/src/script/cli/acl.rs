//! zkCli's checks of the commands about who may do what: `addauth`, `getAcl` and `setAcl`.

use super::{Args, CliCommand, CliError};

/// `addauth scheme [auth]`.
pub(super) fn add_auth(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    Ok(CliCommand::AddAuth {
        scheme: a.arg(1),
        auth: a.arg(2),
    })
}

/// `getAcl [-s] path`.
pub(super) fn get_acl(a: &Args) -> Result<CliCommand, CliError> {
    a.need(2)?;
    Ok(CliCommand::GetAcl {
        path: a.arg(1),
        stat: a.has('s'),
    })
}

/// `setAcl [-s] [-v version] [-R] path acl`.
pub(super) fn set_acl(a: &Args) -> Result<CliCommand, CliError> {
    a.need(3)?;
    Ok(CliCommand::SetAcl {
        path: a.arg(1),
        acl: a.arg(2),
        version: a.version()?,
        stat: a.has('s'),
        recursive: a.has('R'),
    })
}
