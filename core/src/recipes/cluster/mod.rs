//! The real systems of the seed's "who uses ZooKeeper" section, as roles: a cluster's nodes
//! register as ephemeral znodes, one of them is elected to coordinate (the first to create the
//! ephemeral leader znode; the others watch it), and the coordinator assigns the cluster's work
//! (regions, partitions, shards) to the live members, moving what a dead member held. Each
//! system keeps its own layout under PATH, its chroot:
//!
//! - **HBase** (`/hbase`): `master` (the active master; backups register under
//!   `backup-masters`), region servers under `rs`, each region's server in
//!   `region-assignment/region-N`.
//! - **Kafka** in ZooKeeper mode (`/kafka`): brokers under `brokers/ids`, the controller in
//!   `controller` (every broker is a candidate), `controller_epoch` bumped by each new
//!   controller with a conditional `setData`, each partition's leader and the controller epoch
//!   that chose it in `brokers/topics/orders/partitions/N/state`.
//! - **Solr** (`/solr`): `live_nodes`, the Overseer elected at `overseer_elect/leader`, the
//!   shard placement in `clusterstate.json`, which every node watches to learn what it hosts.
//! - **Sharded messages** (Facebook Messages' sharding, `/messages`): servers under `servers`,
//!   the shard master in `master`, each shard's server in `shards/shard-N`.
//! - **Yahoo!'s Fetching Service** (the crawler's page fetchers, `/fetching`): masters elect
//!   one at `master`; fetchers register their health as ephemeral `fetchers/NAME` (a crash is
//!   detected when the session ends); the crawl's metadata — which fetcher crawls each segment —
//!   is in `crawl/segment-N`, which the master rewrites when a fetcher dies.
//!
//! Simplified from the real systems: names stand for broker ids and host:port pairs, and the
//! members learn their work from ZooKeeper (Solr does; HBase and Kafka tell their servers by
//! RPC, which zkplay leaves out).

mod node;

pub use node::ClusterNode;

use crate::acl::Acl;
use crate::path;
use crate::request::{CreateMode, Op, Request};

/// Which system a cluster role plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum System {
    HBase,
    Kafka,
    Solr,
    Messages,
    Fetching,
}

/// Where a system keeps things, relative to its chroot.
struct Layout {
    leader: &'static str,
    members: &'static str,
    backups: Option<&'static str>,
    epoch: Option<&'static str>,
    /// The directory holding one znode per item (none: Solr's single `clusterstate.json`).
    items: Option<&'static str>,
}

impl System {
    fn layout(self) -> Layout {
        match self {
            System::HBase => Layout {
                leader: "master",
                members: "rs",
                backups: Some("backup-masters"),
                epoch: None,
                items: Some("region-assignment"),
            },
            System::Kafka => Layout {
                leader: "controller",
                members: "brokers/ids",
                backups: None,
                epoch: Some("controller_epoch"),
                items: Some("brokers/topics/orders/partitions"),
            },
            System::Solr => Layout {
                leader: "overseer_elect/leader",
                members: "live_nodes",
                backups: None,
                epoch: None,
                items: None,
            },
            System::Messages => Layout {
                leader: "master",
                members: "servers",
                backups: None,
                epoch: None,
                items: Some("shards"),
            },
            System::Fetching => Layout {
                leader: "master",
                members: "fetchers",
                backups: None,
                epoch: None,
                items: Some("crawl"),
            },
        }
    }

    /// The name of item `i` (from 1; Kafka's partitions count from 0).
    pub fn item_name(self, i: u32) -> String {
        match self {
            System::HBase => format!("region-{i}"),
            System::Kafka => format!("{}", i - 1),
            System::Solr => format!("shard{i}"),
            System::Messages => format!("shard-{i}"),
            System::Fetching => format!("segment-{i}"),
        }
    }

    /// What the coordinator is called.
    pub fn leader_title(self) -> &'static str {
        match self {
            System::HBase => "active master",
            System::Kafka => "controller",
            System::Solr => "overseer",
            System::Messages => "shard master",
            System::Fetching => "fetching master",
        }
    }

    /// What the coordinator assigns.
    pub fn items_title(self) -> &'static str {
        match self {
            System::HBase => "regions",
            System::Kafka => "partitions",
            System::Solr | System::Messages => "shards",
            System::Fetching => "crawl segments",
        }
    }

    /// The znode where item `item`'s owner is written (not Solr).
    pub fn item_path(self, base: &str, item: &str) -> Option<String> {
        let dir = path::join(base, self.layout().items?);
        let node = path::join(&dir, item);
        Some(if self == System::Kafka {
            path::join(&node, "state")
        } else {
            node
        })
    }

    /// The owner an item znode's data names.
    pub fn owner_in(self, data: &str) -> Option<String> {
        if self == System::Kafka {
            return json_field(data, "leader");
        }
        (!data.is_empty()).then(|| data.to_string())
    }

    pub fn leader_path(self, base: &str) -> String {
        path::join(base, self.layout().leader)
    }

    pub fn members_path(self, base: &str) -> String {
        path::join(base, self.layout().members)
    }

    pub fn epoch_path(self, base: &str) -> Option<String> {
        Some(path::join(base, self.layout().epoch?))
    }

    pub fn state_path(base: &str) -> String {
        path::join(base, "clusterstate.json")
    }
}

/// The string value of `"key":"value"` in a flat JSON object.
fn json_field(data: &str, key: &str) -> Option<String> {
    let start = data.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let len = data[start..].find('"')?;
    Some(data[start..start + len].to_string())
}

/// Solr's `clusterstate.json` for an assignment: `{"orders":{"shard1":"n1",…}}`.
fn clusterstate(assignment: &[(String, Option<String>)]) -> String {
    let shards: Vec<String> = assignment
        .iter()
        .map(|(s, o)| format!("\"{s}\":\"{}\"", o.as_deref().unwrap_or("")))
        .collect();
    format!("{{\"orders\":{{{}}}}}", shards.join(","))
}

/// The pairs `"shard":"node"` of a `clusterstate.json`.
pub fn clusterstate_pairs(data: &str) -> Vec<(String, String)> {
    let inner = data
        .strip_prefix("{\"orders\":{")
        .and_then(|d| d.strip_suffix("}}"))
        .unwrap_or("");
    inner
        .split(',')
        .filter_map(|kv| {
            let (k, v) = kv.split_once(':')?;
            Some((
                k.trim_matches('"').to_string(),
                v.trim_matches('"').to_string(),
            ))
        })
        .collect()
}

fn create_op(path: String, data: String, mode: CreateMode) -> Op {
    Op::Create {
        path,
        data: Some(data.into_bytes()),
        acl: Acl::open_unsafe(),
        mode,
        ttl_ms: -1,
    }
}

fn create(path: String, data: String, mode: CreateMode) -> Request {
    Request::Write(create_op(path, data, mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_fields_and_clusterstate_round_trip() {
        assert_eq!(
            json_field(
                "{\"controller_epoch\":2,\"leader\":\"b3\",\"isr\":[\"b3\"]}",
                "leader"
            ),
            Some("b3".into())
        );
        let a = vec![
            ("shard1".to_string(), Some("n2".to_string())),
            ("shard2".to_string(), None),
        ];
        let text = clusterstate(&a);
        assert_eq!(text, "{\"orders\":{\"shard1\":\"n2\",\"shard2\":\"\"}}");
        assert_eq!(
            clusterstate_pairs(&text),
            vec![
                ("shard1".to_string(), "n2".to_string()),
                ("shard2".to_string(), String::new())
            ]
        );
    }
}
