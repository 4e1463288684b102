//! The seed's configuration publish/subscribe. Work servers register an ephemeral node under
//! `PATH/servers` and keep a data watch on `PATH/config`, re-arming it after every change; the
//! manage server watches `PATH/servers` and publishes `items` versions of the configuration.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Note, Purpose, RecipeOptions, Role, RoleCore, Status};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::EventType;

fn config_path(base: &str) -> String {
    path::join(base, "config")
}

fn servers_path(base: &str) -> String {
    path::join(base, "servers")
}

/// A work server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConfigWorker {
    pub client: String,
    pub core: RoleCore,
    /// The configuration it last read.
    pub seen: Option<String>,
}

impl ConfigWorker {
    pub fn new(client: &str, path: &str) -> ConfigWorker {
        ConfigWorker {
            client: client.to_string(),
            core: RoleCore::new(path),
            seen: None,
        }
    }

    fn read(&mut self, fx: &mut Effects) {
        let p = config_path(&self.core.path);
        fx.send(
            Purpose::Read(p.clone()),
            Request::GetData {
                path: p,
                watch: true,
            },
        );
    }
}

impl Role for ConfigWorker {
    role_core!();

    fn on_start(&mut self, fx: &mut Effects) {
        let servers = servers_path(&self.core.path);
        self.ensure(&[&servers], fx);
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::Create,
            Request::Write(Op::Create {
                path: path::join(&servers_path(&self.core.path), &self.client),
                data: Some(format!("{} up", self.client).into_bytes()),
                acl: Acl::open_unsafe(),
                mode: CreateMode::Ephemeral,
                ttl_ms: -1,
            }),
        );
        self.read(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::Read(_), Ok(Response::GetData { data, stat })) => {
                let text = String::from_utf8_lossy(&data.unwrap_or_default()).into_owned();
                self.seen = Some(text.clone());
                fx.notes.push(Note::ConfigSeen {
                    resource: self.core.path.clone(),
                    version: stat.version,
                });
                self.core.status = Status::RunsWithConfig {
                    data: text,
                    version: stat.version,
                };
                fx.status(self.core.status.clone());
            }
            (Purpose::Read(p), Err(ZkError::NoNode)) => {
                // Not published yet: an exists watch tells us when it is.
                self.core.status = Status::WaitsForConfig;
                fx.status(self.core.status.clone());
                fx.send(
                    Purpose::Watch(p.clone()),
                    Request::Exists {
                        path: p,
                        watch: true,
                    },
                );
            }
            (Purpose::Watch(_), Ok(_)) => self.read(fx),
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        if let ClientEvent::Watch {
            kind: EventType::NodeDataChanged | EventType::NodeCreated,
            ..
        } = e
        {
            self.read(fx);
        }
    }
}

/// The manage server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConfigManager {
    pub core: RoleCore,
    pub versions_left: u32,
    pub interval_ms: u64,
    published: u32,
    servers: Vec<String>,
}

impl ConfigManager {
    pub fn new(path: &str, o: &RecipeOptions) -> ConfigManager {
        ConfigManager {
            core: RoleCore::new(path),
            versions_left: o.items,
            interval_ms: o.interval_ms.max(1),
            published: 0,
            servers: Vec::new(),
        }
    }

    fn list(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: servers_path(&self.core.path),
                watch: true,
            },
        );
    }

    fn publish(&mut self, fx: &mut Effects) {
        if self.core.stopped || self.versions_left == 0 {
            return;
        }
        let data = Some(format!("db=v{}", self.published + 1).into_bytes());
        let p = config_path(&self.core.path);
        let r = if self.published == 0 {
            Op::Create {
                path: p,
                data,
                acl: Acl::open_unsafe(),
                mode: CreateMode::Persistent,
                ttl_ms: -1,
            }
        } else {
            Op::SetData {
                path: p,
                data,
                version: -1,
            }
        };
        fx.send(Purpose::Create, Request::Write(r));
    }

    fn show(&mut self, fx: &mut Effects) {
        self.core.status = Status::Published {
            versions: self.published,
            servers: self.servers.clone(),
        };
        fx.status(self.core.status.clone());
    }
}

impl Role for ConfigManager {
    role_core!();

    fn on_start(&mut self, fx: &mut Effects) {
        let servers = servers_path(&self.core.path);
        self.ensure(&[&servers], fx);
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        self.list(fx);
        self.publish(fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        match (p, r) {
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                let mut children = owned(children);
                crate::sorted::sort(&mut children);
                self.servers = children;
                self.show(fx);
            }
            (Purpose::Create, Ok(_)) => {
                self.published += 1;
                self.versions_left = self.versions_left.saturating_sub(1);
                self.show(fx);
                if self.versions_left > 0 {
                    fx.timer_ms = Some(self.interval_ms);
                }
            }
            // The node was there already (a second manager, a restart): update it instead.
            (Purpose::Create, Err(ZkError::NodeExists)) => {
                self.published = self.published.max(1);
                self.publish(fx);
            }
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        if let ClientEvent::Watch {
            kind: EventType::NodeChildrenChanged,
            ..
        } = e
        {
            self.list(fx);
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        self.publish(fx);
    }
}
