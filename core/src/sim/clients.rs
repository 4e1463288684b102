//! The simulation's clients, addressed by `ClientId`: small copyable indexes into one vector.
//! Names are for the API boundary (a script's session names) and for what the log prints.

use crate::sorted::SortedMap as BTreeMap;
use std::hash::{Hash, Hasher};

use crate::sim::client::Client;

/// A client inside the simulation: its index in `Clients`. A client opened again under the same
/// name keeps its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientId(pub u32);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clients {
    list: Vec<Client>,
    /// Derived from `list`: each client's id by its name.
    by_name: BTreeMap<String, ClientId>,
}

/// Only the clients are state; the name index is derived from them.
impl Hash for Clients {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.list.hash(h);
    }
}

impl std::ops::Index<usize> for Clients {
    type Output = Client;
    fn index(&self, c: usize) -> &Client {
        &self.list[c]
    }
}

impl Clients {
    /// How many clients there are.
    pub fn count(&self) -> usize {
        self.list.len()
    }

    pub fn get(&self, id: ClientId) -> Option<&Client> {
        self.list.get(id.0 as usize)
    }

    pub fn get_mut(&mut self, id: ClientId) -> Option<&mut Client> {
        self.list.get_mut(id.0 as usize)
    }

    pub fn id(&self, name: &str) -> Option<ClientId> {
        self.by_name.get(name).copied()
    }

    /// The client's name ("" for an id it never gave).
    pub fn name(&self, id: ClientId) -> &str {
        self.get(id).map_or("", |c| c.name.as_str())
    }

    /// Adds a client, or replaces the one of the same name (keeping its id).
    pub fn insert(&mut self, c: Client) -> ClientId {
        if let Some(id) = self.id(&c.name) {
            self.list[id.0 as usize] = c;
            return id;
        }
        let id = ClientId(self.list.len() as u32);
        self.by_name.insert(c.name.clone(), id);
        self.list.push(c);
        id
    }

    /// Adds a client under a new id, even when one of its name was there before: the name
    /// now means the new one (an ensemble's reopened client gets none of its predecessor's
    /// packets).
    pub fn push(&mut self, c: Client) -> ClientId {
        let id = ClientId(self.list.len() as u32);
        self.by_name.insert(c.name.clone(), id);
        self.list.push(c);
        id
    }

    /// How many clients there are, reopened ones' predecessors included.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every client, by id.
    pub fn all(&self) -> &[Client] {
        &self.list
    }

    /// The client of index `c` (its id's number).
    pub fn at(&self, c: usize) -> Option<&Client> {
        self.list.get(c)
    }

    pub fn at_mut(&mut self, c: usize) -> Option<&mut Client> {
        self.list.get_mut(c)
    }

    /// Every client in name order (the order views and scripts see).
    pub fn by_name(&self) -> impl Iterator<Item = &Client> {
        self.by_name.values().map(|id| &self.list[id.0 as usize])
    }

    /// Every client with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (ClientId, &Client)> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, c)| (ClientId(i as u32), c))
    }

    /// The name index holds exactly the clients, each under its own name.
    pub fn check_invariants(&self) -> Result<(), String> {
        // Each name is indexed to a client of that name, and no client of the name comes
        // after it: the name means its latest client.
        for (name, id) in &self.by_name {
            if self.get(*id).map(|c| c.name.as_str()) != Some(name.as_str()) {
                return Err(format!("clients: {name} indexed to {id:?}"));
            }
        }
        for (i, c) in self.list.iter().enumerate() {
            let indexed = self.by_name.get(&c.name).map(|id| id.0 as usize);
            if indexed.is_none_or(|latest| latest < i) {
                return Err(format!("clients: {} indexed to {indexed:?}", c.name));
            }
        }
        Ok(())
    }
}
