//! The server's side of the connections: which client holds which connection and session,
//! indexed both ways so a notification finds its session's connection without a scan.

use crate::sorted::SortedMap as BTreeMap;
use std::hash::{Hash, Hasher};

use crate::sim::clients::ClientId;
use crate::stat::SessionId;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerConns {
    /// Client → (connection, session).
    by_client: BTreeMap<ClientId, (u64, SessionId)>,
    /// Derived from `by_client`.
    by_session: BTreeMap<SessionId, ClientId>,
}

/// Only the client map is state; the session index is derived from it.
impl Hash for ServerConns {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.by_client.hash(state);
    }
}

impl ServerConns {
    /// How many clients have a server connection.
    pub fn count(&self) -> usize {
        self.by_client.len()
    }

    pub fn insert(&mut self, client: ClientId, conn: u64, session: SessionId) {
        self.remove(client);
        if let Some(other) = self.by_session.insert(session, client) {
            self.by_client.remove(&other);
        }
        self.by_client.insert(client, (conn, session));
    }

    pub fn remove(&mut self, client: ClientId) -> Option<(u64, SessionId)> {
        let (conn, session) = self.by_client.remove(&client)?;
        if self.by_session.get(&session) == Some(&client) {
            self.by_session.remove(&session);
        }
        Some((conn, session))
    }

    pub fn get(&self, client: ClientId) -> Option<(u64, SessionId)> {
        self.by_client.get(&client).copied()
    }

    /// The client and connection a session is served on.
    pub fn of_session(&self, session: SessionId) -> Option<(ClientId, u64)> {
        let client = self.by_session.get(&session)?;
        let (conn, _) = self.by_client.get(client)?;
        Some((*client, *conn))
    }

    /// Every (client, connection, session), in client order.
    pub fn iter(&self) -> impl Iterator<Item = (ClientId, u64, SessionId)> + '_ {
        self.by_client.iter().map(|(n, (c, s))| (*n, *c, *s))
    }

    /// Each session is served on at most one connection, and the session index is exactly the
    /// client map turned around.
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.by_session.len() != self.by_client.len() {
            return Err(format!(
                "conns: {} connections but {} sessions indexed (a session on two connections?)",
                self.by_client.len(),
                self.by_session.len()
            ));
        }
        for (client, (_, session)) in &self.by_client {
            if self.by_session.get(session) != Some(client) {
                return Err(format!(
                    "conns: {session} of {client:?} is not indexed to it"
                ));
            }
        }
        Ok(())
    }

    /// Every (client, connection), in client order; the map is left empty.
    pub fn drain(&mut self) -> Vec<(ClientId, u64)> {
        self.by_session.clear();
        std::mem::take(&mut self.by_client)
            .into_iter()
            .map(|(n, (c, _))| (n, c))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_indexes_follow_every_change() {
        let (a, b) = (ClientId(0), ClientId(1));
        let mut c = ServerConns::default();
        c.insert(a, 1, SessionId(10));
        c.insert(b, 2, SessionId(11));
        assert_eq!(c.of_session(SessionId(11)), Some((b, 2)));
        // A reconnect on a new connection keeps the session.
        c.insert(a, 3, SessionId(10));
        assert_eq!(c.of_session(SessionId(10)), Some((a, 3)));
        assert_eq!(c.remove(a), Some((3, SessionId(10))));
        assert_eq!(c.of_session(SessionId(10)), None);
        assert_eq!(c.drain(), vec![(b, 2)]);
        assert_eq!(c.of_session(SessionId(11)), None);
    }
}
