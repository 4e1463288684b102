//! The seed's configuration publish/subscribe. Work servers register an ephemeral node under
//! `PATH/servers` and keep a data watch on `PATH/config`, re-arming it after every change; the
//! manage server watches `PATH/servers` and publishes `items` versions of the configuration.

use crate::acl::Acl;
use crate::error::ZkError;
use crate::path;
use crate::recipes::{ensure_path, stop, Effects, Note, Purpose, RecipeOptions, Role};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::ClientEvent;
use crate::watch::{EventType, KeeperState};

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
    pub path: String,
    pub status: String,
    /// The configuration it last read.
    pub seen: Option<String>,
    stopped: bool,
}

impl ConfigWorker {
    pub fn new(client: &str, path: &str) -> ConfigWorker {
        ConfigWorker {
            client: client.to_string(),
            path: path.to_string(),
            status: "starting".into(),
            seen: None,
            stopped: false,
        }
    }

    fn read(&mut self, fx: &mut Effects) {
        let p = config_path(&self.path);
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
    fn finished(&self) -> bool {
        self.stopped
    }

    fn on_start(&mut self, fx: &mut Effects) {
        ensure_path(&servers_path(&self.path), fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        match (p, r) {
            (Purpose::EnsureBase, Ok(_) | Err(ZkError::NodeExists)) => {
                fx.send(
                    Purpose::Create,
                    Request::Write(Op::Create {
                        path: path::join(&servers_path(&self.path), &self.client),
                        data: Some(format!("{} up", self.client).into_bytes()),
                        acl: Acl::open_unsafe(),
                        mode: CreateMode::Ephemeral,
                        ttl_ms: -1,
                    }),
                );
                self.read(fx);
            }
            (Purpose::Read(_), Ok(Response::GetData { data, stat })) => {
                let text = String::from_utf8_lossy(&data.unwrap_or_default()).into_owned();
                self.seen = Some(text.clone());
                fx.notes.push(Note::ConfigSeen {
                    resource: self.path.clone(),
                    version: stat.version,
                });
                self.status = format!("runs with config \"{text}\" (dataVersion {})", stat.version);
                fx.status(self.status.clone());
            }
            (Purpose::Read(p), Err(ZkError::NoNode)) => {
                // Not published yet: an exists watch tells us when it is.
                self.status = "waits for a configuration".into();
                fx.status(self.status.clone());
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
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeDataChanged | EventType::NodeCreated,
                ..
            } => self.read(fx),
            ClientEvent::State(KeeperState::Expired | KeeperState::Closed) => {
                stop(&mut self.stopped, &mut self.status, fx)
            }
            _ => {}
        }
    }
}

/// The manage server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConfigManager {
    pub path: String,
    pub status: String,
    pub versions_left: u32,
    pub interval_ms: u64,
    published: u32,
    servers: Vec<String>,
    stopped: bool,
}

impl ConfigManager {
    pub fn new(path: &str, o: &RecipeOptions) -> ConfigManager {
        ConfigManager {
            path: path.to_string(),
            status: "starting".into(),
            versions_left: o.items,
            interval_ms: o.interval_ms.max(1),
            published: 0,
            servers: Vec::new(),
            stopped: false,
        }
    }

    fn list(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: servers_path(&self.path),
                watch: true,
            },
        );
    }

    fn publish(&mut self, fx: &mut Effects) {
        if self.finished() {
            return;
        }
        let data = Some(format!("db=v{}", self.published + 1).into_bytes());
        let p = config_path(&self.path);
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
        self.status = format!(
            "published {} version(s) · servers: {}",
            self.published,
            if self.servers.is_empty() {
                "none".into()
            } else {
                self.servers.join(", ")
            }
        );
        fx.status(self.status.clone());
    }
}

impl Role for ConfigManager {
    fn finished(&self) -> bool {
        self.stopped || self.versions_left == 0
    }

    fn on_start(&mut self, fx: &mut Effects) {
        ensure_path(&servers_path(&self.path), fx);
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        match (p, r) {
            (Purpose::EnsureBase, Ok(_) | Err(ZkError::NodeExists)) => {
                self.list(fx);
                self.publish(fx);
            }
            (Purpose::List, Ok(Response::GetChildren { children, .. })) => {
                let mut children = owned(children);
                children.sort();
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
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                ..
            } => self.list(fx),
            ClientEvent::State(KeeperState::Expired | KeeperState::Closed) => {
                stop(&mut self.stopped, &mut self.status, fx)
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, fx: &mut Effects) {
        self.publish(fx);
    }
}
