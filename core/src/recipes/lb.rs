//! Load balancing and service discovery: servers register ephemeral nodes carrying their load
//! and update it; clients watch the list, read the loads, and pick a server both round robin and
//! least loaded. A crashed server's node vanishes with its session, and from every list.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Purpose, RecipeOptions, Role, RoleCore, Status};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

/// A deterministic load figure for a server at a given update (no randomness in recipes).
fn load_of(client: &str, update: u32) -> u32 {
    let h = client
        .bytes()
        .fold(update.wrapping_mul(2_654_435_761), |h, b| {
            h.wrapping_mul(31).wrapping_add(u32::from(b))
        });
    h % 10
}

/// A server registering itself and reporting its load every `interval_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LbServer {
    pub client: String,
    pub core: RoleCore,
    pub interval_ms: u64,
    pub updates_left: u32,
    update: u32,
}

impl LbServer {
    pub fn new(client: &str, path: &str, o: &RecipeOptions) -> LbServer {
        LbServer {
            client: client.to_string(),
            core: RoleCore::new(path),
            interval_ms: o.interval_ms.max(1),
            updates_left: o.items,
            update: 0,
        }
    }

    fn node(&self) -> String {
        path::join(&self.core.path, &self.client)
    }

    fn data(&self) -> Option<Vec<u8>> {
        Some(format!("load={}", load_of(&self.client, self.update)).into_bytes())
    }
}

impl Role for LbServer {
    role_core!();

    fn on_ready(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::Create,
            Request::Write(Op::Create {
                path: self.node(),
                data: self.data(),
                acl: Acl::open_unsafe(),
                mode: CreateMode::Ephemeral,
                ttl_ms: -1,
            }),
        );
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::Create, Ok(_)) | (Purpose::Write(_), Ok(_)) => {
                self.core.status = Status::Serving {
                    load: load_of(&self.client, self.update),
                };
                fx.status(self.core.status.clone());
                if self.updates_left > 0 {
                    fx.timer_ms = Some(self.interval_ms);
                }
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        if self.core.stopped || self.updates_left == 0 {
            return;
        }
        self.updates_left -= 1;
        self.update += 1;
        let node = self.node();
        fx.send(
            Purpose::Write(node.clone()),
            Request::Write(Op::SetData {
                path: node,
                data: self.data(),
                version: -1,
            }),
        );
    }
}

/// A client keeping the server list and choosing among it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LbClient {
    pub core: RoleCore,
    /// (server, load) as last read, sorted by name.
    pub servers: Vec<(String, u32)>,
    round_robin: u64,
}

impl LbClient {
    pub fn new(path: &str) -> LbClient {
        LbClient {
            core: RoleCore::new(path),
            servers: Vec::new(),
            round_robin: 0,
        }
    }

    fn list(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: self.core.path.clone(),
                watch: true,
            },
        );
    }

    fn show(&mut self, fx: &mut Effects, advance: bool) {
        if self.servers.is_empty() {
            self.core.status = Status::NoServers;
        } else {
            let next = self.servers[(self.round_robin % self.servers.len() as u64) as usize]
                .0
                .clone();
            let least = self
                .servers
                .iter()
                .min_by_key(|(n, l)| (*l, n.clone()))
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let status = Status::Servers {
                servers: self.servers.clone(),
                next,
                least,
            };
            if advance {
                self.round_robin += 1;
            }
            if status == self.core.status {
                return;
            }
            self.core.status = status;
        }
        fx.status(self.core.status.clone());
    }
}

impl Role for LbClient {
    role_core!();

    fn on_ready(&mut self, fx: &mut Effects) {
        self.list(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                let mut children = owned(children);
                crate::sorted::sort(&mut children);
                self.servers.retain(|(n, _)| children.contains(n));
                for c in &children {
                    if !self.servers.iter().any(|(n, _)| n == c) {
                        self.servers.push((c.clone(), 0));
                    }
                    let p = path::join(&self.core.path, c);
                    fx.send(
                        Purpose::Read(p.clone()),
                        Request::GetData {
                            path: p,
                            watch: true,
                        },
                    );
                }
                crate::sorted::sort(&mut self.servers);
                self.show(fx, true);
            }
            (Purpose::Read(p), Ok(Response::GetData { data, .. })) => {
                let text = String::from_utf8_lossy(&data.unwrap_or_default()).into_owned();
                let load = text
                    .strip_prefix("load=")
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(0);
                let name = path::name(&p).to_string();
                if let Some(s) = self.servers.iter_mut().find(|(n, _)| *n == name) {
                    s.1 = load;
                }
                self.show(fx, false);
            }
            (Purpose::Read(p), Err(ZkError::NoNode)) => {
                let name = path::name(&p).to_string();
                self.servers.retain(|(n, _)| *n != name);
            }
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                ..
            } => self.list(fx),
            ClientEvent::Watch {
                kind: EventType::NodeDataChanged,
                path,
            } => fx.send(
                Purpose::Read(path.clone()),
                Request::GetData {
                    path: path.clone(),
                    watch: true,
                },
            ),
            ClientEvent::State(KeeperState::SyncConnected) => self.list(fx),

            _ => {}
        }
    }
}
