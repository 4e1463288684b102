//! "Make sure these paths exist, then go on": the first thing most recipes do, as one small
//! state machine every role shares. Each path is created with its missing ancestors, in order,
//! as persistent nodes; `NodeExists` counts as success. A create that a lost connection failed
//! is sent again once the session is connected again (it may have been applied: the second try
//! then finds the node there), so a dropped reply never leaves a role waiting for good.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::recipes::{Effects, Purpose};
use crate::request::{CreateMode, Op, Request, Response};

/// Where making sure of the paths stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnsureStep {
    /// Some path is not confirmed yet.
    Pending,
    /// Every path exists: the role goes on.
    Done,
    /// A path cannot be created (its error, in ZooKeeper's terms).
    Failed(String),
}

/// The paths a role is making sure of.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ensure {
    /// Paths not confirmed yet, in the order they were asked for.
    waiting: Vec<String>,
    /// Those of them whose create a lost connection failed: sent again on reconnect.
    lost: Vec<String>,
}

/// Sends the creates of `path` and of each missing ancestor, outermost first.
fn send_chain(path: &str, fx: &mut Effects) {
    let mut prefix = String::new();
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        prefix.push('/');
        prefix.push_str(part);
        let purpose = if i + 1 == parts.len() {
            Purpose::Ensure(prefix.clone())
        } else {
            Purpose::EnsureParent
        };
        fx.send(
            purpose,
            Request::Write(Op::Create {
                path: prefix.clone(),
                data: None,
                acl: Acl::open_unsafe(),
                mode: CreateMode::Persistent,
                ttl_ms: -1,
            }),
        );
    }
}

impl Ensure {
    /// Starts making sure of `paths`; `true` when there is nothing to wait for (only `/`).
    pub fn start<'a>(
        &mut self,
        paths: impl IntoIterator<Item = &'a str>,
        fx: &mut Effects,
    ) -> bool {
        self.waiting.clear();
        self.lost.clear();
        for p in paths {
            if p != "/" && !self.waiting.iter().any(|w| w == p) {
                send_chain(p, fx);
                self.waiting.push(p.to_string());
            }
        }
        self.waiting.is_empty()
    }

    /// Whether it still waits for a path (the role has not gone on yet).
    pub fn busy(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Takes the reply to one of its creates.
    pub fn on_reply(
        &mut self,
        purpose: &Purpose,
        result: &Result<Response, ZkError>,
    ) -> EnsureStep {
        let Purpose::Ensure(path) = purpose else {
            // An ancestor's reply: the target's reply says everything.
            return EnsureStep::Pending;
        };
        if !self.waiting.contains(path) {
            return EnsureStep::Pending;
        }
        match result {
            Ok(_) | Err(ZkError::NodeExists) => {
                self.waiting.retain(|w| w != path);
                self.lost.retain(|w| w != path);
                if self.waiting.is_empty() {
                    EnsureStep::Done
                } else {
                    EnsureStep::Pending
                }
            }
            Err(ZkError::ConnectionLoss) => {
                if !self.lost.contains(path) {
                    self.lost.push(path.clone());
                }
                EnsureStep::Pending
            }
            // The session's end comes as an event, and stops the role there.
            Err(ZkError::SessionExpired | ZkError::SessionMoved) => EnsureStep::Pending,
            Err(e) => {
                self.waiting.clear();
                self.lost.clear();
                EnsureStep::Failed(format!("cannot create {path}: {}", e.name()))
            }
        }
    }

    /// The session is connected again: sends once more what a lost connection failed.
    pub fn on_reconnect(&mut self, fx: &mut Effects) {
        for p in std::mem::take(&mut self.lost) {
            send_chain(&p, fx);
        }
    }
}
