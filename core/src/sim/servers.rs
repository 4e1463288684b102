//! A world's servers (`Servers`: one standalone ZooKeeperServer, or an ensemble's quorum
//! peers), and how code written for one kind reaches its state: `ens!`/`ens_ref!` give the
//! ensemble, `sa!`/`sa_ref!` the standalone server, or make the calling function return its
//! `Default` (nothing done, nothing found) in the other kind of world — never a panic. A
//! second argument names what to return instead, for a function whose result has no default.

use crate::sim::server_host::StandaloneServer;

/// A world's servers.
#[derive(Clone, Debug)]
pub enum Servers {
    /// One ZooKeeperServer (see `server_host.rs`).
    Standalone(Box<StandaloneServer>),
    /// Quorum peers (see `sim::ensemble`).
    Ensemble(Box<crate::sim::ensemble::Ensemble>),
}

/// The world's ensemble, to change; a standalone world has none, and the calling function
/// returns its `Default` (nothing done, nothing found).
macro_rules! ens {
    ($w:expr) => {
        ens!($w, Default::default())
    };
    ($w:expr, $or:expr) => {
        match &mut $w.servers {
            $crate::sim::servers::Servers::Ensemble(e) => &mut **e,
            $crate::sim::servers::Servers::Standalone(_) => return $or,
        }
    };
}
pub(crate) use ens;

/// The world's ensemble, to read (see `ens!`).
macro_rules! ens_ref {
    ($w:expr) => {
        ens_ref!($w, Default::default())
    };
    ($w:expr, $or:expr) => {
        match &$w.servers {
            $crate::sim::servers::Servers::Ensemble(e) => &**e,
            $crate::sim::servers::Servers::Standalone(_) => return $or,
        }
    };
}
pub(crate) use ens_ref;

/// The world's standalone server, to change; an ensemble has none, and the calling function
/// returns its `Default`.
macro_rules! sa {
    ($w:expr) => {
        sa!($w, Default::default())
    };
    ($w:expr, $or:expr) => {
        match &mut $w.servers {
            $crate::sim::servers::Servers::Standalone(s) => s,
            $crate::sim::servers::Servers::Ensemble(_) => return $or,
        }
    };
}
pub(crate) use sa;

/// The world's standalone server, to read (see `sa!`).
macro_rules! sa_ref {
    ($w:expr) => {
        sa_ref!($w, Default::default())
    };
    ($w:expr, $or:expr) => {
        match &$w.servers {
            $crate::sim::servers::Servers::Standalone(s) => s,
            $crate::sim::servers::Servers::Ensemble(_) => return $or,
        }
    };
}
pub(crate) use sa_ref;
