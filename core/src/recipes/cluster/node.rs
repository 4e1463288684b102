//! A node of a cluster as a role: a member (registers, and for Solr learns its shards), a
//! candidate to coordinate, or both; the coordinator assigns the work to the live members.

use super::{clusterstate, clusterstate_pairs, create, create_op, System};
use crate::error::ZkError;
use crate::path;
use crate::recipes::role::role_core;
use crate::recipes::{Effects, Note, Purpose, RecipeOptions, Role, RoleCore, Status};
use crate::request::owned_names as owned;
use crate::request::{CreateMode, Op, Request, Response};
use crate::watch::{ClientEvent, EventType, KeeperState};

/// Where a coordinator stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Stage {
    /// Not coordinating: running, or watching the one who is.
    Candidate,
    /// Elected; bumping the controller epoch (Kafka).
    Epoch,
    /// Elected; reading the assignment the previous coordinator left.
    Reading(u32),
    /// Coordinating.
    Leading,
}

/// One node of a cluster: a member (registers, and for Solr learns its shards), a candidate to
/// coordinate, or both.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClusterNode {
    pub core: RoleCore,
    pub client: String,
    pub system: System,
    pub member: bool,
    pub candidate: bool,
    pub items: u32,
    stage: Stage,
    pub epoch: i64,
    members: Vec<String>,
    /// Each item's owner as the coordinator knows it, and whether its znode exists.
    assignment: Vec<(String, Option<String>)>,
    exists: Vec<bool>,
    /// What this member hosts (Solr).
    pub hosts: Vec<String>,
}

impl ClusterNode {
    pub fn new(
        system: System,
        member: bool,
        candidate: bool,
        client: &str,
        base: &str,
        o: &RecipeOptions,
    ) -> ClusterNode {
        let items = o.items.max(1);
        ClusterNode {
            core: RoleCore::new(base),
            client: client.to_string(),
            system,
            member,
            candidate,
            items,
            stage: Stage::Candidate,
            epoch: 0,
            members: Vec::new(),
            assignment: (1..=items).map(|i| (system.item_name(i), None)).collect(),
            exists: vec![false; items as usize],
            hosts: Vec::new(),
        }
    }

    pub fn leading(&self) -> bool {
        self.stage != Stage::Candidate
    }

    fn base(&self) -> &str {
        &self.core.path
    }

    /// The data of the leader znode.
    fn leader_data(&self) -> String {
        match self.system {
            System::Kafka => format!("{{\"version\":1,\"brokerid\":\"{}\"}}", self.client),
            _ => self.client.clone(),
        }
    }

    fn run_for_leader(&mut self, fx: &mut Effects) {
        let p = self.system.leader_path(self.base());
        fx.send(
            Purpose::Create,
            create(p, self.leader_data(), CreateMode::Ephemeral),
        );
    }

    /// Another node coordinates: watch its znode (and, for HBase, register as a backup).
    fn back_up(&mut self, fx: &mut Effects) {
        let p = self.system.leader_path(self.base());
        self.core
            .set_status(fx, Status::BackupWatches { path: p.clone() });
        fx.send(
            Purpose::Watch(p.clone()),
            Request::Exists {
                path: p,
                watch: true,
            },
        );
        if let Some(b) = self.system.layout().backups {
            let node = path::join(&path::join(self.base(), b), &self.client);
            fx.send(
                Purpose::Write(node.clone()),
                create(node, String::new(), CreateMode::Ephemeral),
            );
        }
    }

    fn elected(&mut self, fx: &mut Effects) {
        fx.notes.push(Note::Acquired {
            resource: self.system.leader_path(self.base()),
            token: 0,
            shared: false,
        });
        if let Some(b) = self.system.layout().backups {
            let node = path::join(&path::join(self.base(), b), &self.client);
            fx.send(
                Purpose::Write(node.clone()),
                Request::Write(Op::Delete {
                    path: node,
                    version: -1,
                }),
            );
        }
        match self.system.epoch_path(self.base()) {
            Some(p) => {
                self.stage = Stage::Epoch;
                fx.send(
                    Purpose::Read(p.clone()),
                    Request::GetData {
                        path: p,
                        watch: false,
                    },
                );
            }
            None => self.read_assignment(fx),
        }
    }

    /// Reads what the previous coordinator assigned, and the live members.
    fn read_assignment(&mut self, fx: &mut Effects) {
        let paths: Vec<String> = match self.system {
            System::Solr => vec![System::state_path(self.base())],
            s => self
                .assignment
                .iter()
                .filter_map(|(item, _)| s.item_path(self.base(), item))
                .collect(),
        };
        self.stage = Stage::Reading(paths.len() as u32);
        for p in paths {
            fx.send(
                Purpose::ReadTask(p.clone()),
                Request::GetData {
                    path: p,
                    watch: false,
                },
            );
        }
    }

    fn list_members(&mut self, fx: &mut Effects) {
        fx.send(
            Purpose::List,
            Request::GetChildren {
                path: self.system.members_path(self.base()),
                watch: true,
            },
        );
    }

    /// Took in one item's owner as the znode says (the previous coordinator's word).
    fn learn(&mut self, p: &str, data: Option<String>) {
        if self.system == System::Solr {
            let pairs = data.as_deref().map(clusterstate_pairs).unwrap_or_default();
            self.exists[0] = data.is_some();
            for (item, owner) in &mut self.assignment {
                *owner = pairs
                    .iter()
                    .find(|(s, _)| s == item)
                    .map(|(_, n)| n.clone())
                    .filter(|n| !n.is_empty());
            }
            return;
        }
        let system = self.system;
        let base = self.core.path.clone();
        for (i, (item, owner)) in self.assignment.iter_mut().enumerate() {
            if system.item_path(&base, item).as_deref() == Some(p) {
                self.exists[i] = data.is_some();
                *owner = data.as_deref().and_then(|d| system.owner_in(d));
            }
        }
    }

    /// Moves every item whose owner is not a live member to the live member holding least
    /// (ties: the first by name), and writes what changed.
    fn rebalance(&mut self, fx: &mut Effects) {
        let mut changed = Vec::new();
        if !self.members.is_empty() {
            for i in 0..self.assignment.len() {
                let live = self.assignment[i]
                    .1
                    .as_ref()
                    .is_some_and(|o| self.members.contains(o));
                if live {
                    continue;
                }
                let load = |m: &String| {
                    self.assignment
                        .iter()
                        .filter(|(_, o)| o.as_ref() == Some(m))
                        .count()
                };
                let to = self.members.iter().min_by_key(|m| (load(m), (*m).clone()));
                self.assignment[i].1 = to.cloned();
                changed.push(i);
            }
        }
        if !changed.is_empty() {
            self.write(&changed, fx);
        }
        self.show(fx);
    }

    fn write(&mut self, changed: &[usize], fx: &mut Effects) {
        if self.system == System::Solr {
            let p = System::state_path(self.base());
            let data = clusterstate(&self.assignment);
            let op = if self.exists[0] {
                Op::SetData {
                    path: p.clone(),
                    data: Some(data.into_bytes()),
                    version: -1,
                }
            } else {
                self.exists[0] = true;
                create_op(p.clone(), data, CreateMode::Persistent)
            };
            fx.send(Purpose::Write(p), Request::Write(op));
            return;
        }
        for &i in changed {
            let (item, owner) = &self.assignment[i];
            let Some(p) = self.system.item_path(self.base(), item) else {
                continue;
            };
            let owner = owner.clone().unwrap_or_default();
            let data = match self.system {
                System::Kafka => format!(
                    "{{\"controller_epoch\":{},\"leader\":\"{owner}\",\"isr\":[\"{owner}\"]}}",
                    self.epoch
                ),
                _ => owner,
            };
            let request = if self.exists[i] {
                Request::Write(Op::SetData {
                    path: p.clone(),
                    data: Some(data.into_bytes()),
                    version: -1,
                })
            } else {
                self.exists[i] = true;
                create(p.clone(), data, CreateMode::Persistent)
            };
            fx.send(Purpose::Write(p), request);
        }
    }

    fn show(&mut self, fx: &mut Effects) {
        let s = Status::Coordinating {
            system: self.system,
            epoch: (self.system == System::Kafka).then_some(self.epoch),
            live: self.members.len(),
            items: self.assignment.len(),
        };
        self.core.set_status(fx, s);
    }

    /// A Solr node reads `clusterstate.json` (and watches it) to learn its shards.
    fn read_state(&mut self, fx: &mut Effects) {
        let p = System::state_path(self.base());
        fx.send(
            Purpose::Read(p.clone()),
            Request::GetData {
                path: p,
                watch: true,
            },
        );
    }

    fn step_down(&mut self, fx: &mut Effects) {
        if self.leading() {
            fx.notes.push(Note::Released {
                resource: self.system.leader_path(self.base()),
            });
        }
        self.stage = Stage::Candidate;
    }

    /// A member's status (when it does not coordinate).
    fn show_member(&mut self, fx: &mut Effects) {
        if self.leading() {
            return;
        }
        let s = if self.system == System::Solr {
            Status::LiveHosts {
                shards: self.hosts.clone(),
            }
        } else {
            Status::RegisteredAt {
                path: path::join(&self.system.members_path(self.base()), &self.client),
            }
        };
        self.core.set_status(fx, s);
    }
}

impl Role for ClusterNode {
    role_core!();

    fn on_start(&mut self, fx: &mut Effects) {
        let base = self.base().to_string();
        let mut dirs = vec![self.system.members_path(&base)];
        let leader = self.system.leader_path(&base);
        dirs.push(path::parent(&leader).to_string());
        if self.candidate {
            if let Some(b) = self.system.layout().backups {
                dirs.push(path::join(&base, b));
            }
            for (item, _) in &self.assignment {
                if let Some(p) = self.system.item_path(&base, item) {
                    dirs.push(path::parent(&p).to_string());
                }
            }
        }
        dirs.dedup();
        let dirs: Vec<&str> = dirs.iter().map(String::as_str).collect();
        self.ensure(&dirs, fx);
    }

    fn on_ready(&mut self, fx: &mut Effects) {
        if self.member {
            let node = path::join(&self.system.members_path(self.base()), &self.client);
            let data = match self.system {
                System::Kafka => format!("{{\"host\":\"{}\",\"port\":9092}}", self.client),
                // A fetcher tells the master and the crawler's clients it is healthy.
                System::Fetching => "healthy".to_string(),
                _ => self.client.clone(),
            };
            fx.send(
                Purpose::Write(node.clone()),
                create(node, data, CreateMode::Ephemeral),
            );
            if self.system == System::Solr {
                self.read_state(fx);
            }
            self.show_member(fx);
        }
        if self.candidate {
            self.run_for_leader(fx);
        }
    }

    fn on_reply(&mut self, p: Purpose, r: Result<Response, ZkError>, fx: &mut Effects) {
        let epoch = self.system.epoch_path(self.base());
        let in_epoch = self.stage == Stage::Epoch;
        let is_epoch = move |w: &str| in_epoch && epoch.as_deref() == Some(w);
        match (p, r) {
            (Purpose::Create, Ok(_)) => self.elected(fx),
            (Purpose::Create, Err(ZkError::NodeExists)) => self.back_up(fx),
            (Purpose::Watch(w), Err(ZkError::NoNode))
                if !self.leading() && w == self.system.leader_path(self.base()) =>
            {
                self.run_for_leader(fx)
            }
            (Purpose::Check, Ok(Response::GetData { data, .. })) => {
                let data = String::from_utf8_lossy(&data.unwrap_or_default()).into_owned();
                if data == self.leader_data() {
                    self.elected(fx);
                } else {
                    self.back_up(fx);
                }
            }
            (Purpose::Check, Err(ZkError::NoNode)) => self.run_for_leader(fx),
            // The controller epoch: one more than the last controller's, set only if no other
            // controller changed it meanwhile.
            (Purpose::Read(ep), Ok(Response::GetData { data, stat })) if is_epoch(&ep) => {
                let text = String::from_utf8_lossy(&data.unwrap_or_default()).into_owned();
                self.epoch = text.trim().parse::<i64>().unwrap_or(0) + 1;
                fx.send(
                    Purpose::Write(ep.clone()),
                    Request::Write(Op::SetData {
                        path: ep,
                        data: Some(self.epoch.to_string().into_bytes()),
                        version: stat.version,
                    }),
                );
            }
            (Purpose::Read(ep), Err(ZkError::NoNode)) if is_epoch(&ep) => {
                self.epoch = 1;
                fx.send(
                    Purpose::Write(ep.clone()),
                    create(ep, "1".into(), CreateMode::Persistent),
                );
            }
            (Purpose::Write(w), Ok(Response::SetData { .. } | Response::Create { .. }))
                if is_epoch(&w) =>
            {
                self.read_assignment(fx)
            }
            // Another controller moved the epoch first: read it again.
            (Purpose::Write(w), Err(ZkError::BadVersion | ZkError::NodeExists)) if is_epoch(&w) => {
                if let Some(ep) = self.system.epoch_path(self.base()) {
                    fx.send(
                        Purpose::Read(ep.clone()),
                        Request::GetData {
                            path: ep,
                            watch: false,
                        },
                    );
                }
            }
            (Purpose::ReadTask(p), r) if matches!(self.stage, Stage::Reading(_)) => {
                let data = match r {
                    Ok(Response::GetData { data, .. }) => {
                        Some(String::from_utf8_lossy(&data.unwrap_or_default()).into_owned())
                    }
                    _ => None,
                };
                self.learn(&p, data);
                if let Stage::Reading(n) = self.stage {
                    if n <= 1 {
                        self.stage = Stage::Leading;
                        self.list_members(fx);
                    } else {
                        self.stage = Stage::Reading(n - 1);
                    }
                }
            }
            (Purpose::List, Ok(Response::GetChildren { children, .. }))
                if self.stage == Stage::Leading =>
            {
                let mut children = owned(children);
                crate::sorted::sort(&mut children);
                self.members = children;
                self.rebalance(fx);
            }
            (Purpose::Read(_), Ok(Response::GetData { data, .. })) => {
                let text = String::from_utf8_lossy(&data.unwrap_or_default()).into_owned();
                self.hosts = clusterstate_pairs(&text)
                    .into_iter()
                    .filter(|(_, n)| *n == self.client)
                    .map(|(s, _)| s)
                    .collect();
                self.show_member(fx);
            }
            // No placement yet: an exists watch says when there is one.
            (Purpose::Read(p), Err(ZkError::NoNode)) => fx.send(
                Purpose::Watch(p.clone()),
                Request::Exists {
                    path: p,
                    watch: true,
                },
            ),
            _ => {}
        }
    }

    fn on_event(&mut self, e: &ClientEvent, fx: &mut Effects) {
        let leader = self.system.leader_path(self.base());
        match e {
            ClientEvent::Watch {
                kind: EventType::NodeDeleted,
                path,
            } if self.candidate && !self.leading() && *path == leader => self.run_for_leader(fx),
            ClientEvent::Watch {
                kind: EventType::NodeChildrenChanged,
                ..
            } if self.stage == Stage::Leading => self.list_members(fx),
            ClientEvent::Watch {
                kind: EventType::NodeDataChanged | EventType::NodeCreated,
                path,
            } if self.member
                && self.system == System::Solr
                && *path == System::state_path(self.base()) =>
            {
                self.read_state(fx)
            }
            ClientEvent::State(KeeperState::Disconnected) => {
                self.step_down(fx);
                if self.candidate {
                    self.core
                        .set_status(fx, Status::DisconnectedNotCoordinating);
                }
            }
            ClientEvent::State(KeeperState::SyncConnected) => {
                if self.candidate && !self.leading() {
                    fx.send(
                        Purpose::Check,
                        Request::GetData {
                            path: leader,
                            watch: false,
                        },
                    );
                }
                if self.member && self.system == System::Solr {
                    self.read_state(fx);
                }
            }
            _ => {}
        }
    }

    fn on_session_end(&mut self, _state: KeeperState, fx: &mut Effects) {
        self.step_down(fx);
        self.core.stop(fx, Status::StoppedSessionGone);
    }

    fn on_crash(&mut self, fx: &mut Effects) {
        self.step_down(fx);
        self.core.stopped = true;
        self.core.set_status(fx, Status::Crashed);
    }
}
