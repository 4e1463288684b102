//! zkplay-core: a deterministic ZooKeeper 3.8 znode engine — tree, sessions, watches, ACLs and
//! multi — plus the scenario-script language that drives it. No I/O, no wall clock, no
//! unseeded randomness: the same inputs always give the same history.

#![forbid(unsafe_code)]

pub mod acl;
pub mod base64;
pub mod bounds;
pub mod cases;
pub mod check_cadence;
pub mod ensemble;
pub mod error;
pub mod explore;
pub mod export;
pub mod fast_hash;
pub mod java_hash;
pub mod load;
pub mod path;
pub mod path_key;
pub mod quota;
pub mod recipes;
pub mod request;
pub mod sandbox;
pub mod script;
pub mod server;
pub mod share;
pub mod sim;
pub mod sorted;
pub mod stat;
pub mod tree;
pub mod tutorial;
pub mod watch;

pub use error::ZkError;
pub use request::{CreateMode, Op, OpResult, Request, Response, WatcherKind};
pub use server::{Notification, Server, ServerConfig};
pub use stat::{SessionId, Stat, Zxid};
