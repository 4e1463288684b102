//! The data tree: znodes by path, their children, and the indexes ZooKeeper's `DataTree` keeps
//! (ephemerals per session, containers, TTL nodes). Mutations here cannot fail: every check is
//! made first by the server's prepare step, as in ZooKeeper's `PrepRequestProcessor`.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::acl::Acl;
use crate::fast_hash::FastMap;
use crate::java_hash::JavaHashSet;
use crate::path;
use crate::path_key::PathKey;
use crate::stat::{owner_kind, OwnerKind, SessionId, Stat, Zxid};

/// One znode. `data` is `None` when the node was created without data, as ZooKeeper keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node {
    /// `stat` is ZooKeeper's stored `StatPersisted`; clients see [`Node::stat`]. The data is
    /// shared with the `getData` replies that carry it.
    pub data: Option<Rc<[u8]>>,
    /// Shared among nodes with the same ACL (ZooKeeper's `ReferenceCountedACLCache`).
    pub acl: Rc<[Acl]>,
    pub stat: Stat,
    pub children: Children,
}

/// A node's child names, sorted; shared with the `getChildren` replies that list them. Most
/// nodes are leaves, so the set is boxed and absent until the first child: a node stays small
/// and more of the tree fits in the cache. Once a node has had children it keeps the box, as
/// ZooKeeper's `DataNode` keeps its `HashSet`, with that set's table capacity (it grows, never
/// shrinks), so the server's own order of the names can be told.
#[derive(Clone, Debug, Default)]
pub struct Children(Option<Box<ChildSet>>);

#[derive(Clone, Debug)]
struct ChildSet {
    /// Sorted; shared with the replies that list them (copied on a change while shared).
    names: Rc<Vec<Rc<str>>>,
    /// The table capacity of the Java `HashSet` (created with 8).
    java_capacity: u32,
}

impl Default for ChildSet {
    fn default() -> ChildSet {
        ChildSet {
            names: Rc::default(),
            java_capacity: JAVA_CHILDREN_CAPACITY_INITIAL,
        }
    }
}

/// `DataNode.addChild` creates its set with `new HashSet<>(8)`.
const JAVA_CHILDREN_CAPACITY_INITIAL: u32 = 8;

/// Equal as the sets of names they are.
impl PartialEq for Children {
    fn eq(&self, other: &Children) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Children {}

/// Hashes as the set it is (an emptied set as no set): its length, then each name.
impl Hash for Children {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let names = self.0.as_ref().map_or(&[][..], |set| &set.names[..]);
        state.write_usize(names.len());
        for name in names {
            name.hash(state);
        }
    }
}

impl Children {
    /// Adds a name; the set keeps the `Rc` given (replicas of one tree share their names).
    pub fn insert(&mut self, name: Rc<str>) {
        let set = self.0.get_or_insert_default();
        if let Err(at) = set.names.binary_search(&name) {
            Rc::make_mut(&mut set.names).insert(at, name);
            // HashMap resizes once its size passes three quarters of the table.
            let len = set.names.len() as u64;
            if len * 4 > u64::from(set.java_capacity) * 3 {
                set.java_capacity = set.java_capacity.saturating_mul(2);
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> bool {
        let Some(set) = self.0.as_mut() else {
            return false;
        };
        match set.names.binary_search_by(|n| (**n).cmp(name)) {
            Ok(at) => {
                Rc::make_mut(&mut set.names).remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0
            .as_ref()
            .is_some_and(|set| set.names.binary_search_by(|n| (**n).cmp(name)).is_ok())
    }

    /// The names in order, shared (`getChildren`'s reply).
    pub fn listed(&self) -> crate::request::ChildNames {
        self.0.as_ref().map_or_else(Default::default, |set| {
            crate::request::ChildNames::shared(&set.names)
        })
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |set| set.names.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Rc<str>> {
        self.0.iter().flat_map(|set| set.names.iter())
    }

    /// The names as ZooKeeper's `HashSet` lists them: by bucket, then in the order they were
    /// added (`added` gives each name's insertion stamp).
    pub fn java_order(&self, added: impl Fn(&str) -> i64) -> Vec<Rc<str>> {
        let Some(set) = &self.0 else {
            return Vec::new();
        };
        let mut v: Vec<(u32, i64, Rc<str>)> = set
            .names
            .iter()
            .map(|n| {
                let b = crate::java_hash::bucket(n, set.java_capacity);
                (b, added(n), Rc::clone(n))
            })
            .collect();
        crate::sorted::sort(&mut v);
        v.into_iter().map(|(_, _, n)| n).collect()
    }
}

impl Node {
    fn new(data: Option<Rc<[u8]>>, acl: Rc<[Acl]>, stat: Stat) -> Node {
        Node {
            data,
            acl,
            stat,
            children: Children::default(),
        }
    }

    /// The node a create makes with transaction `zxid` at `time_ms`, as `DataTree.createNode`
    /// stamps it.
    pub fn created(new: NewNode, zxid: Zxid, time_ms: i64) -> Node {
        let stat = Stat {
            czxid: zxid,
            mzxid: zxid,
            pzxid: zxid,
            ctime: time_ms,
            mtime: time_ms,
            ephemeral_owner: new.owner,
            ..Stat::default()
        };
        Node::new(new.data, new.acl, stat)
    }

    /// Whether this is the node a create with `zxid` at `time_ms` makes (no change since).
    pub fn is_as_created(&self, zxid: Zxid, time_ms: i64) -> bool {
        let s = &self.stat;
        s.czxid == zxid
            && s.mzxid == zxid
            && s.pzxid == zxid
            && s.ctime == time_ms
            && s.mtime == time_ms
            && s.version == 0
            && s.cversion == 0
            && s.aversion == 0
            && self.children.is_empty()
    }

    /// The Stat as a client sees it (`DataNode.copyStat`): `dataLength` and `numChildren`
    /// derived; the stored cversion counts creates, the client's counts changes
    /// (2 × creates − children still present); containers and TTL nodes show owner 0.
    pub fn stat(&self) -> Stat {
        let mut s = self.stat;
        let children = self.children.len() as i32;
        s.data_length = self.data.as_ref().map_or(0, |d| d.len() as i32);
        s.num_children = children;
        s.cversion = self.stat.cversion.wrapping_mul(2).wrapping_sub(children);
        if !matches!(
            owner_kind(s.ephemeral_owner),
            OwnerKind::Ephemeral(_) | OwnerKind::Persistent
        ) {
            s.ephemeral_owner = 0;
        }
        s
    }
}

/// What a create brings: data, ACL and the ephemeral owner (0, a session, or a special marker).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNode {
    pub data: Option<Rc<[u8]>>,
    pub acl: Rc<[Acl]>,
    pub owner: i64,
}

/// The znode tree with ZooKeeper's indexes. Nodes are found by path in a hash map (as
/// ZooKeeper's `NodeHashMap`); ordered views walk the sorted children from the root.
///
/// Nodes are `Rc`s, copied on write: the replicas of an ensemble insert the very node the
/// leader's create made (and its name), so five replicas of a tree hold one copy of each node
/// until one of them changes it; a clone of a tree (the leader's speculative copy, a replay)
/// copies only the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataTree {
    nodes: FastMap<PathKey, Rc<Node>>,
    /// Every distinct ACL in use, once, with how many of this tree's nodes use it (derived
    /// from the nodes, so not part of the hash). A node shared with other replicas may hold
    /// another `Rc` of the same ACL: sharing is by value here.
    acls: BTreeMap<Rc<[Acl]>, u32>,
    /// Boxed: with a thousand sessions, a new one's entry moves only the small entries
    /// after it (it hashes and compares as the set it holds).
    ephemerals: BTreeMap<SessionId, Box<JavaHashSet>>,
    containers: BTreeSet<String>,
    ttls: BTreeSet<String>,
}

/// Hashes as the sorted map it once was, so state hashes do not depend on the map's layout.
impl Hash for DataTree {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut entries: Vec<(&str, &Node)> =
            self.nodes.iter().map(|(k, n)| (k.as_str(), &**n)).collect();
        crate::sorted::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
        state.write_usize(entries.len());
        for entry in entries {
            entry.hash(state);
        }
        self.ephemerals.hash(state);
        self.containers.hash(state);
        self.ttls.hash(state);
    }
}

impl Default for DataTree {
    fn default() -> Self {
        DataTree::new()
    }
}

impl DataTree {
    /// A fresh tree: `/`, `/zookeeper`, `/zookeeper/quota` and the read-only `/zookeeper/config`.
    pub fn new() -> DataTree {
        let mut t = DataTree {
            nodes: FastMap::default(),
            acls: BTreeMap::new(),
            ephemerals: BTreeMap::new(),
            containers: BTreeSet::new(),
            ttls: BTreeSet::new(),
        };
        let open = t.intern_acl(Acl::open_unsafe());
        t.nodes.insert(
            PathKey::new("/"),
            Rc::new(Node::new(None, open, Stat::default())),
        );
        for (p, acl) in [
            ("/zookeeper", Acl::open_unsafe()),
            ("/zookeeper/quota", Acl::open_unsafe()),
            ("/zookeeper/config", Acl::read_unsafe()),
        ] {
            let acl = t.intern_acl(acl);
            t.nodes.insert(
                PathKey::new(p),
                Rc::new(Node::new(Some(Rc::from(&[][..])), acl, Stat::default())),
            );
            if let Some(n) = t.node_mut(path::parent(p)) {
                n.children.insert(Rc::from(path::name(p)));
            }
        }
        // The root's own data is an empty array in ZooKeeper, not null.
        if let Some(root) = t.node_mut("/") {
            root.data = Some(Rc::from(&[][..]));
        }
        // ZooKeeper sets the config node's ACL with version -1, which lands in its aversion.
        if let Some(config) = t.node_mut("/zookeeper/config") {
            config.stat.aversion = -1;
        }
        t
    }

    /// A node to change: this tree's own copy (copied first if another tree shares it).
    fn node_mut(&mut self, p: &str) -> Option<&mut Node> {
        self.nodes.get_mut(p).map(Rc::make_mut)
    }

    /// The shared copy of an ACL, counted as used by one more node.
    fn intern_acl(&mut self, acl: Vec<Acl>) -> Rc<[Acl]> {
        let shared = self.shared_acl(&acl);
        self.use_acl(&shared);
        shared
    }

    /// The shared copy of an ACL if the tree has one (no copy made), else a new one.
    pub fn shared_acl(&self, acl: &[Acl]) -> Rc<[Acl]> {
        self.acls
            .get_key_value(acl)
            .map_or_else(|| Rc::from(acl), |(shared, _)| Rc::clone(shared))
    }

    /// One more node uses this ACL (the cache keeps this copy if it had none).
    fn use_acl(&mut self, acl: &Rc<[Acl]>) {
        match self.acls.get_mut(&**acl) {
            Some(count) => *count = count.saturating_add(1),
            None => {
                self.acls.insert(Rc::clone(acl), 1);
            }
        }
    }

    /// One node fewer uses this ACL; the cache forgets it with the last.
    fn release_acl(&mut self, acl: &[Acl]) {
        if let Some(count) = self.acls.get_mut(acl) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.acls.remove(acl);
            }
        }
    }

    /// How many distinct ACLs the tree's nodes use.
    pub fn distinct_acls(&self) -> usize {
        self.acls.len()
    }

    /// `DataTree.isSpecialPath`: nodes that can never be deleted.
    pub fn is_special_path(p: &str) -> bool {
        matches!(
            p,
            "/" | "/zookeeper" | "/zookeeper/quota" | "/zookeeper/config"
        )
    }

    pub fn get(&self, p: &str) -> Option<&Node> {
        self.nodes.get(p).map(|n| &**n)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every (path, node) as a tree view lists them: each node, then its subtrees in child
    /// name order (so `/a/b` comes before `/a-b`, unlike plain path order).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![String::from("/")];
        while let Some(p) = stack.pop() {
            let Some((key, node)) = self.nodes.get_key_value(p.as_str()) else {
                continue;
            };
            out.push((key.as_str(), &**node));
            stack.extend(
                node.children
                    .iter()
                    .rev()
                    .map(|c| path::join(key.as_str(), c)),
            );
        }
        out.into_iter()
    }

    /// Paths of a session's ephemeral nodes, in the order ZooKeeper deletes them at close.
    /// A node's child names in the order ZooKeeper's `getChildren` returns them (its
    /// `HashSet`'s): by bucket, then by creation (children created by one multi share a zxid
    /// and fall back to name order).
    pub fn children_in_server_order(&self, p: &str) -> Vec<Rc<str>> {
        let Some(n) = self.nodes.get(p) else {
            return Vec::new();
        };
        n.children.java_order(|name| {
            self.nodes
                .get(path::join(p, name).as_str())
                .map_or(i64::MAX, |c| c.stat.czxid.0)
        })
    }

    pub fn ephemerals_close_order(&self, s: SessionId) -> Vec<String> {
        self.ephemerals
            .get(&s)
            .map(|set| set.clone_iter_order())
            .unwrap_or_default()
    }

    /// Paths of a session's ephemeral nodes, sorted.
    pub fn ephemerals_sorted(&self, s: SessionId) -> Vec<String> {
        let mut v = self
            .ephemerals
            .get(&s)
            .map(|set| set.iter_order())
            .unwrap_or_default();
        crate::sorted::sort(&mut v);
        v
    }

    pub fn containers(&self) -> &BTreeSet<String> {
        &self.containers
    }

    pub fn ttls(&self) -> &BTreeSet<String> {
        &self.ttls
    }

    /// Creates a node whose parent exists and which does not; sets the parent's cversion to
    /// `parent_cversion` and its pzxid to `zxid`, as `DataTree.createNode` does. Returns the
    /// new node's Stat.
    pub fn create_node(
        &mut self,
        p: &str,
        new: NewNode,
        parent_cversion: i32,
        zxid: Zxid,
        time_ms: i64,
    ) -> Stat {
        let new = NewNode {
            acl: self.shared_acl(&new.acl),
            ..new
        };
        let node = Rc::new(Node::created(new, zxid, time_ms));
        self.insert_created(p, node, Rc::from(path::name(p)), parent_cversion, zxid)
    }

    /// `create_node` with the node (`Node::created`, unchanged since) and its name already
    /// made: every replica applying one create inserts the same two `Rc`s.
    pub fn insert_created(
        &mut self,
        p: &str,
        node: Rc<Node>,
        name: Rc<str>,
        parent_cversion: i32,
        zxid: Zxid,
    ) -> Stat {
        debug_assert_eq!(&*name, path::name(p));
        debug_assert!(node.is_as_created(zxid, node.stat.ctime));
        let Some(pn) = self.node_mut(path::parent(p)) else {
            debug_assert!(false, "create_node without parent {p}");
            return Stat::default();
        };
        if parent_cversion > pn.stat.cversion {
            pn.stat.cversion = parent_cversion;
            pn.stat.pzxid = zxid;
        }
        pn.children.insert(name);
        let owner = node.stat.ephemeral_owner;
        self.use_acl(&node.acl);
        let seen = node.stat();
        self.nodes.insert(PathKey::new(p), node);
        match owner_kind(owner) {
            OwnerKind::Container => {
                self.containers.insert(p.to_string());
            }
            OwnerKind::Ttl(_) => {
                self.ttls.insert(p.to_string());
            }
            OwnerKind::Ephemeral(s) => {
                self.ephemerals.entry(s).or_default().insert(p);
            }
            OwnerKind::Persistent => {}
        }
        seen
    }

    /// Deletes an existing node; the parent's pzxid moves forward (its cversion does not, as in
    /// ZooKeeper 3.8, which is why sequence numbers keep counting after deletions).
    pub fn delete_node(&mut self, p: &str, zxid: Zxid) -> bool {
        if let Some(pn) = self.node_mut(path::parent(p)) {
            pn.children.remove(path::name(p));
            if zxid > pn.stat.pzxid {
                pn.stat.pzxid = zxid;
            }
        }
        let Some(node) = self.nodes.remove(p) else {
            return false;
        };
        let owner = node.stat.ephemeral_owner;
        self.release_acl(&node.acl);
        match owner_kind(owner) {
            OwnerKind::Container => {
                self.containers.remove(p);
            }
            OwnerKind::Ttl(_) => {
                self.ttls.remove(p);
            }
            OwnerKind::Ephemeral(s) => {
                if let Some(set) = self.ephemerals.get_mut(&s) {
                    set.remove(p);
                }
            }
            OwnerKind::Persistent => {}
        }
        true
    }

    /// Forgets a closed session's (now empty) ephemeral index entry.
    pub fn drop_session(&mut self, s: SessionId) {
        self.ephemerals.remove(&s);
    }

    pub fn set_data(
        &mut self,
        p: &str,
        data: Option<Rc<[u8]>>,
        version: i32,
        zxid: Zxid,
        time_ms: i64,
    ) -> Stat {
        let Some(n) = self.node_mut(p) else {
            return Stat::default();
        };
        n.data = data;
        n.stat.version = version;
        n.stat.mzxid = zxid;
        n.stat.mtime = time_ms;
        n.stat()
    }

    /// Replaces a node's data outside any transaction: version, mzxid and mtime stay, no watch
    /// fires. Only the quota bookkeeping writes this way (ZooKeeper's `updateQuotaStat`).
    pub fn replace_data(&mut self, p: &str, data: Rc<[u8]>) {
        if let Some(n) = self.node_mut(p) {
            n.data = Some(data);
        }
    }

    pub fn set_acl(&mut self, p: &str, acl: Vec<Acl>, aversion: i32) {
        if !self.nodes.contains_key(p) {
            return;
        }
        let acl = self.intern_acl(acl);
        if let Some(n) = self.node_mut(p) {
            let old = std::mem::replace(&mut n.acl, acl);
            n.stat.aversion = aversion;
            self.release_acl(&old);
        }
    }

    /// Checks the tree's invariants; returns the first one broken.
    pub fn check_invariants(&self) -> Result<(), String> {
        for (p, n) in &self.nodes {
            let p = p.as_str();
            if p != "/" {
                let parent = self
                    .nodes
                    .get(path::parent(p))
                    .ok_or_else(|| format!("orphan {p}"))?;
                if !parent.children.contains(path::name(p)) {
                    return Err(format!("{p} missing from its parent's children"));
                }
            }
            for c in n.children.iter() {
                if !self.nodes.contains_key(path::join(p, c).as_str()) {
                    return Err(format!("{p} lists missing child {c}"));
                }
            }
            match owner_kind(n.stat.ephemeral_owner) {
                OwnerKind::Ephemeral(s) => {
                    if !self.ephemerals.get(&s).is_some_and(|e| e.contains(p)) {
                        return Err(format!("ephemeral {p} missing from index"));
                    }
                    if !n.children.is_empty() {
                        return Err(format!("ephemeral {p} has children"));
                    }
                }
                OwnerKind::Container if !self.containers.contains(p) => {
                    return Err(format!("container {p} missing from index"));
                }
                OwnerKind::Ttl(_) if !self.ttls.contains(p) => {
                    return Err(format!("ttl node {p} missing from index"));
                }
                _ => {}
            }
        }
        // The cache counts exactly the nodes using each ACL, and holds no ACL nobody uses.
        let mut used: BTreeMap<&[Acl], u32> = BTreeMap::new();
        for n in self.nodes.values() {
            *used.entry(&*n.acl).or_default() += 1;
        }
        let cached: Vec<(&[Acl], u32)> = self.acls.iter().map(|(a, c)| (&**a, *c)).collect();
        let counted: Vec<(&[Acl], u32)> = used.iter().map(|(a, c)| (*a, *c)).collect();
        if cached != counted {
            return Err(format!(
                "{} ACLs cached, {} in use, or their counts differ",
                cached.len(),
                counted.len()
            ));
        }
        for (s, set) in &self.ephemerals {
            for p in set.iter_order() {
                let owner = self.nodes.get(p.as_str()).map(|n| n.stat.ephemeral_owner);
                if owner != Some(s.0) {
                    return Err(format!(
                        "index lists {p} for {s} but the node says {owner:?}"
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(t: &mut DataTree, p: &str, zxid: Zxid) {
        let new = NewNode {
            data: None,
            acl: Rc::from(Acl::open_unsafe()),
            owner: 0,
        };
        t.create_node(p, new, 1, zxid, 0);
    }

    #[test]
    fn the_view_lists_each_node_before_its_subtree_in_child_order() {
        let mut t = DataTree::new();
        for (i, p) in ["/a", "/a-b", "/a/c", "/a/b", "/b"].into_iter().enumerate() {
            add(&mut t, p, Zxid(i as i64 + 1));
        }
        let order: Vec<&str> = t.iter().map(|(p, _)| p).collect();
        // Plain path order would put "/a-b" before "/a/b" ('-' sorts before '/').
        assert_eq!(
            order,
            [
                "/",
                "/a",
                "/a/b",
                "/a/c",
                "/a-b",
                "/b",
                "/zookeeper",
                "/zookeeper/config",
                "/zookeeper/quota"
            ]
        );
        assert_eq!(t.len(), order.len());
    }

    #[test]
    fn nodes_with_the_same_acl_share_one_copy_until_the_last_goes() {
        let mut t = DataTree::new();
        let before = t.distinct_acls();
        add(&mut t, "/x", Zxid(1));
        add(&mut t, "/y", Zxid(2));
        let (x, y) = (
            t.get("/x").map(|n| n.acl.clone()),
            t.get("/y").map(|n| n.acl.clone()),
        );
        assert!(matches!((x, y), (Some(x), Some(y)) if Rc::ptr_eq(&x, &y)));
        t.set_acl("/x", Acl::read_unsafe(), 1);
        t.set_acl(
            "/y",
            vec![Acl {
                perms: crate::acl::perms::READ | crate::acl::perms::WRITE,
                id: crate::acl::Id::new("world", "anyone"),
            }],
            1,
        );
        assert!(t.delete_node("/y", Zxid(3)));
        // world:anyone (root) and read-only (the config node and /x) are left.
        assert_eq!(t.distinct_acls(), before);
        assert!(t.check_invariants().is_ok());
    }
}
