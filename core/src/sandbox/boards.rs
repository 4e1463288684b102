//! The recipe boards: one view per recipe path in use (the waiting chain, the herd counts, the
//! time to acquire) and the board's lines, read from the tree as the znodes are.

use super::*;

/// A recipe path as the recipe view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeView {
    pub path: String,
    pub kind: crate::recipes::RecipeKind,
    /// Contenders' nodes in sequence order (sequential recipes), with their owners and where
    /// each owner stands (from its role's own status).
    pub chain: Vec<ChainLink>,
    /// Watch notifications per hand-off (the herd effect).
    pub handoffs: Vec<u64>,
    pub acquisitions: u64,
    /// Milliseconds from starting to compete to acquiring, per acquisition.
    pub acquire_ms: Vec<u64>,
    /// Messages sent on the whole network so far.
    pub messages_sent: u64,
    /// What else the recipe's znodes say (queue items, master–worker's task board).
    pub details: Vec<BoardLine>,
    /// Whether it is a contender recipe (lock, election), which has acquisitions and hand-offs.
    pub contender: bool,
    /// The protected resource of a lock with fencing (`fencing=on`): the highest token it has
    /// accepted (and from whom) and each write it refused, once. `None` for other recipes.
    pub resource: Option<ResourceView>,
}

/// A fenced lock's protected resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceView {
    pub accepted: Option<(i64, String)>,
    pub refusals: Vec<crate::recipes::Rejected>,
}

/// A contender's node in the chain, with where its owner stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainLink {
    pub node: String,
    /// The owning session's name (empty when no session the sandbox knows owns it).
    pub owner: String,
    pub stand: Stand,
}

/// Where a chain node's owner stands, as its role says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stand {
    /// It holds the role through this node.
    Holds,
    /// It waits behind the node before it, owned by `behind` (a session's name, or the node's
    /// name when no session the sandbox knows owns it).
    WaitsBehind { behind: String },
    /// Neither yet (it is listing the children, or the node is about to go).
    Other,
}
/// A line of a recipe's board: what its znodes say, read from the tree. `Display` is the
/// board's English; lists read `none` when empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoardLine {
    /// A queue's items.
    ItemsWaiting {
        items: Vec<String>,
    },
    /// Master–worker: the master (the data of its znode) and the live workers.
    Master {
        master: Option<String>,
        workers: Vec<String>,
    },
    TasksWaiting {
        tasks: Vec<String>,
    },
    AssignedTo {
        worker: String,
        tasks: Vec<String>,
    },
    /// How many tasks have a status.
    TasksDone {
        count: usize,
    },
    /// The published configuration and its version, if any.
    Config {
        config: Option<(String, i32)>,
    },
    /// The work servers registered.
    Servers {
        servers: Vec<String>,
    },
    /// A znode and its data (the coordinator, the controller epoch), or none.
    Node {
        path: String,
        data: Option<String>,
    },
    /// A directory's children (the live members).
    Children {
        path: String,
        children: Vec<String>,
    },
    /// Where a region, partition or shard is.
    Placement {
        item: String,
        owner: String,
    },
}

/// `a, b, c`, or `none`.
fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

impl std::fmt::Display for BoardLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoardLine::ItemsWaiting { items } => write!(f, "items waiting: {}", list(items)),
            BoardLine::Master { master, workers } => write!(
                f,
                "master: {} · workers: {}",
                master.as_deref().unwrap_or("none"),
                list(workers)
            ),
            BoardLine::TasksWaiting { tasks } => write!(f, "tasks waiting: {}", list(tasks)),
            BoardLine::AssignedTo { worker, tasks } => {
                write!(f, "assigned to {worker}: {}", tasks.join(", "))
            }
            BoardLine::TasksDone { count } => write!(f, "done: {count}"),
            BoardLine::Config {
                config: Some((data, version)),
            } => write!(f, "config: \"{data}\" (dataVersion {version})"),
            BoardLine::Config { config: None } => f.write_str("config: not published"),
            BoardLine::Servers { servers } => write!(f, "servers: {}", list(servers)),
            BoardLine::Node { path, data } => {
                write!(f, "{path}: {}", data.as_deref().unwrap_or("none"))
            }
            BoardLine::Children { path, children } => write!(f, "{path}: {}", list(children)),
            BoardLine::Placement { item, owner } => write!(f, "{item} → {owner}"),
        }
    }
}

impl Sandbox {
    /// One view per recipe path in use.
    pub fn recipes(&self) -> Vec<RecipeView> {
        let Some(sim) = self.runner.backend.recipe_side() else {
            return Vec::new();
        };
        let tree = self.tree_server().map(|s| s.tree());
        // One view per path: the roles sharing a path (master, workers, clients) share it.
        let mut paths: Vec<(String, crate::recipes::RecipeKind)> = Vec::new();
        for c in &sim.clients {
            for r in &c.roles {
                if !paths.iter().any(|(p, _)| p == r.path()) {
                    paths.push((r.path().to_string(), r.kind()));
                }
            }
        }
        paths
            .into_iter()
            .map(|(path, kind)| {
                let contender = kind.family().is_contender();
                let mut chain: Vec<(String, String)> = if !contender {
                    Vec::new()
                } else {
                    tree.and_then(|t| t.get(&path))
                        .map(|n| {
                            n.children
                                .iter()
                                .map(|c| {
                                    let owner = tree
                                        .and_then(|t| t.get(&crate::path::join(&path, c)))
                                        .map(|n| n.stat.ephemeral_owner)
                                        .and_then(|o| self.runner.backend.session_name(o))
                                        .unwrap_or_default();
                                    (c.to_string(), owner)
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                };
                crate::sorted::sort_by_key(&mut chain, |(c, _)| {
                    (
                        c[c.len().saturating_sub(10)..]
                            .parse::<i64>()
                            .unwrap_or(i64::MAX),
                        c.clone(),
                    )
                });
                let details = self.recipe_details(&path, kind);
                let chain = self.chain_links(&sim, &path, chain);
                let resource = sim.monitor.is_fenced(&path).then(|| ResourceView {
                    accepted: sim.monitor.accepted_token(&path).cloned(),
                    refusals: sim
                        .monitor
                        .refusals
                        .0
                        .iter()
                        .filter(|r| r.resource == path)
                        .cloned()
                        .collect(),
                });
                RecipeView {
                    resource,
                    contender,
                    details,
                    acquire_ms: sim
                        .monitor
                        .acquire_ms
                        .get(&path)
                        .cloned()
                        .unwrap_or_default(),
                    messages_sent: sim.messages_sent,
                    handoffs: sim.monitor.handoffs.get(&path).cloned().unwrap_or_default(),
                    acquisitions: sim.monitor.acquisitions.get(&path).copied().unwrap_or(0),
                    path,
                    kind,
                    chain,
                }
            })
            .collect()
    }

    /// Each node of a contender chain with where its owner stands: holding through it, or
    /// waiting behind the node its role names (its predecessor), by that node's owner.
    fn chain_links(
        &self,
        sim: &super::host::RecipeSide<'_>,
        path: &str,
        chain: Vec<(String, String)>,
    ) -> Vec<ChainLink> {
        use crate::recipes::Status;
        let owner_of = |name: &str| {
            chain
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, o)| o)
                .filter(|o| !o.is_empty())
                .map_or_else(|| name.to_string(), |o| o.clone())
        };
        chain
            .iter()
            .map(|(node, owner)| {
                let full = crate::path::join(path, node);
                let status = sim.client(owner).and_then(|c| {
                    c.roles
                        .iter()
                        .rev()
                        .find(|r| r.path() == path)
                        .map(|r| r.status())
                });
                let stand = match status {
                    Some(Status::Holds { node: held, .. }) if *held == full => Stand::Holds,
                    Some(Status::WaitsFor { name }) => Stand::WaitsBehind {
                        behind: owner_of(name),
                    },
                    _ => Stand::Other,
                };
                ChainLink {
                    node: node.clone(),
                    owner: owner.clone(),
                    stand,
                }
            })
            .collect()
    }

    fn children_of(&self, p: &str) -> Vec<String> {
        self.tree_server()
            .and_then(|s| s.tree().get(p))
            .map(|n| n.children.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default()
    }

    fn recipe_details(&self, path: &str, kind: crate::recipes::RecipeKind) -> Vec<BoardLine> {
        use crate::recipes::kinds::RecipeFamily;
        let Some(server) = self.tree_server() else {
            return Vec::new();
        };
        let tree = server.tree();
        let text = |p: &str| {
            tree.get(p)
                .and_then(|n| n.data.clone())
                .map(|d| String::from_utf8_lossy(&d).into_owned())
        };
        match kind.family() {
            RecipeFamily::Queue => {
                vec![BoardLine::ItemsWaiting {
                    items: self.children_of(path),
                }]
            }
            RecipeFamily::MasterWorker => {
                let sub = |d: &str| crate::path::join(path, d);
                let mut out = vec![
                    BoardLine::Master {
                        master: text(&sub("master")),
                        workers: self.children_of(&sub("workers")),
                    },
                    BoardLine::TasksWaiting {
                        tasks: self.children_of(&sub("tasks")),
                    },
                ];
                for worker in self.children_of(&sub("assign")) {
                    let tasks = self.children_of(&crate::path::join(&sub("assign"), &worker));
                    if !tasks.is_empty() {
                        out.push(BoardLine::AssignedTo { worker, tasks });
                    }
                }
                out.push(BoardLine::TasksDone {
                    count: self.children_of(&sub("status")).len(),
                });
                out
            }
            RecipeFamily::Config => {
                let cfg = crate::path::join(path, "config");
                let config = tree.get(&cfg).map(|n| {
                    let d = n.data.clone().unwrap_or_default();
                    (String::from_utf8_lossy(&d).into_owned(), n.stat.version)
                });
                vec![
                    BoardLine::Config { config },
                    BoardLine::Servers {
                        servers: self.children_of(&crate::path::join(path, "servers")),
                    },
                ]
            }
            _ => self.cluster_details(path, kind),
        }
    }

    /// A case study's board, read from the tree: who coordinates, the live members, and where
    /// each region, partition or shard is.
    fn cluster_details(&self, base: &str, kind: crate::recipes::RecipeKind) -> Vec<BoardLine> {
        use crate::recipes::{RecipeKind as K, System};
        let system = match kind {
            K::HBaseMaster | K::HBaseRegionServer => System::HBase,
            K::KafkaBroker => System::Kafka,
            K::SolrNode => System::Solr,
            K::ShardMaster | K::ShardServer => System::Messages,
            K::FetchMaster | K::Fetcher => System::Fetching,
            _ => return Vec::new(),
        };
        let Some(server) = self.tree_server() else {
            return Vec::new();
        };
        let tree = server.tree();
        let text = |p: &str| {
            tree.get(p)
                .and_then(|n| n.data.clone())
                .map(|d| String::from_utf8_lossy(&d).into_owned())
        };
        let leader = system.leader_path(base);
        let members = system.members_path(base);
        let mut out = vec![
            BoardLine::Node {
                data: text(&leader),
                path: leader,
            },
            BoardLine::Children {
                children: self.children_of(&members),
                path: members,
            },
        ];
        if let Some(ep) = system.epoch_path(base) {
            out.push(BoardLine::Node {
                data: text(&ep),
                path: ep,
            });
        }
        if system == System::Solr {
            let state = System::state_path(base);
            if let Some(t) = text(&state) {
                for (item, owner) in crate::recipes::cluster::clusterstate_pairs(&t) {
                    out.push(BoardLine::Placement { item, owner });
                }
            }
            return out;
        }
        for i in 1..=crate::bounds::ITEMS_MAX as u32 {
            let item = system.item_name(i);
            let Some(p) = system.item_path(base, &item) else {
                break;
            };
            let Some(t) = text(&p) else {
                break;
            };
            let owner = system.owner_in(&t).unwrap_or_default();
            out.push(BoardLine::Placement { item, owner });
        }
        out
    }
}
