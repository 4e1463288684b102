//! What the script runner needs from a ZooKeeper: the simulated one or a live server.

use crate::error::ZkError;
use crate::request::{Request, Response};
use crate::script::ensemble_lines::{EnsembleConfig, ServerCommand, SrvrReport};
use crate::script::entry::LineError;
use crate::script::parse::SimCommand;
use crate::watch::{EventType, KeeperState};

/// A `WatchedEvent` as one session received it: a znode event (`kind` with a path, state
/// SyncConnected) or a connection-state change (`kind` None, empty path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedEvent {
    pub session: String,
    pub kind: EventType,
    pub state: KeeperState,
    pub path: String,
}

impl ReceivedEvent {
    pub fn watch(session: &str, kind: EventType, path: &str) -> ReceivedEvent {
        ReceivedEvent {
            session: session.to_string(),
            kind,
            state: KeeperState::SyncConnected,
            path: path.to_string(),
        }
    }

    pub fn state(session: &str, state: KeeperState) -> ReceivedEvent {
        ReceivedEvent {
            session: session.to_string(),
            kind: EventType::None,
            state,
            path: String::new(),
        }
    }
}

/// A ZooKeeper the runner can drive, with sessions known by their script names.
pub trait Backend {
    /// Opens a session; errors are messages for the user.
    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String>;
    /// Sends one request as a session and waits for its response.
    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError>;
    /// Closes a session as its client would.
    fn close_session(&mut self, name: &str) -> Result<(), ZkError>;
    /// Makes the server expire a session.
    fn expire_session(&mut self, name: &str) -> Result<(), ZkError>;
    /// Lets `ms` milliseconds pass while every session stays alive.
    fn sleep(&mut self, ms: u64);
    /// Every watch event received since the last call, each session's in its receive order.
    /// Implementations make sure everything caused so far has arrived.
    fn drain_events(&mut self) -> Vec<ReceivedEvent>;
    /// The script name of the session with this id, if it is one of ours.
    fn session_name(&self, session_id: i64) -> Option<String>;
    /// The zxid of the first session's creation: transcripts print zxids relative to it.
    fn zxid_base(&self) -> i64;
    /// The session names in the order they were opened (used to order events).
    fn session_names(&self) -> Vec<String>;
    /// Puts child names (as a getChildren of `parent` just returned them) in the server's own
    /// order; a live server's replies already are.
    fn server_child_order(&self, _parent: &str, names: Vec<String>) -> Vec<String> {
        names
    }
    /// The server refused the session's credentials and dropped its connection: the client
    /// gives up (state AuthFailed) and the session expires on the server after its timeout.
    fn auth_failed(&mut self, _name: &str) {}
    /// What recipes reported since the last call (the simulator only).
    fn drain_recipe_reports(&mut self) -> Vec<crate::sim::RecipeReport> {
        Vec::new()
    }
    /// Runs a simulation command (faults, stepping); a live server cannot.
    fn sim_command(&mut self, cmd: &SimCommand) -> Result<(), LineError> {
        Err(LineError::OnlyInSimulator { word: cmd.word() })
    }
    /// Starts the servers of an `ensemble` line. A backend of one standalone server refuses,
    /// and the runner then runs nothing more of the script.
    fn start_ensemble(&mut self, config: &EnsembleConfig) -> Result<(), LineError> {
        Err(format!(
            "'{config}': this backend runs one standalone ZooKeeper server; a script with an ensemble runs on the ensemble backend"
        )
        .into())
    }
    /// Runs a line about the ensemble's servers; `srvr K` returns its report.
    fn server_command(&mut self, cmd: &ServerCommand) -> Result<Option<SrvrReport>, LineError> {
        Err(format!("'{cmd}' needs an ensemble").into())
    }
    /// Opens a session, pinned to one server of the ensemble when `server` is given.
    fn open_session_on(
        &mut self,
        name: &str,
        timeout_ms: u32,
        server: Option<crate::ensemble::PeerId>,
    ) -> Result<(), LineError> {
        match server {
            None => self.open_session(name, timeout_ms).map_err(LineError::from),
            Some(k) => Err(format!("server={k} needs an ensemble").into()),
        }
    }
    /// The state changes of a simulated ensemble's servers since the last call, in order:
    /// (server, `LOOKING`/`LEADING`/`FOLLOWING`/`OBSERVING`, epoch). Real servers do not show
    /// them to a client.
    fn drain_server_states(&mut self) -> Vec<(crate::ensemble::PeerId, &'static str, i64)> {
        Vec::new()
    }
    /// Whether transcripts print zxids as they are (hex, `"0x100000003"`), as an ensemble's
    /// do (the epoch is the lesson), rather than relative to the first session.
    fn absolute_zxids(&self) -> bool {
        false
    }
}

/// A borrowed backend is a backend, so a runner can drive one it does not own.
impl<T: Backend + ?Sized> Backend for &mut T {
    fn open_session(&mut self, name: &str, timeout_ms: u32) -> Result<(), String> {
        (**self).open_session(name, timeout_ms)
    }
    fn call(&mut self, name: &str, request: &Request) -> Result<Response, ZkError> {
        (**self).call(name, request)
    }
    fn close_session(&mut self, name: &str) -> Result<(), ZkError> {
        (**self).close_session(name)
    }
    fn expire_session(&mut self, name: &str) -> Result<(), ZkError> {
        (**self).expire_session(name)
    }
    fn sleep(&mut self, ms: u64) {
        (**self).sleep(ms)
    }
    fn drain_events(&mut self) -> Vec<ReceivedEvent> {
        (**self).drain_events()
    }
    fn session_name(&self, session_id: i64) -> Option<String> {
        (**self).session_name(session_id)
    }
    fn zxid_base(&self) -> i64 {
        (**self).zxid_base()
    }
    fn session_names(&self) -> Vec<String> {
        (**self).session_names()
    }
    fn server_child_order(&self, parent: &str, names: Vec<String>) -> Vec<String> {
        (**self).server_child_order(parent, names)
    }
    fn auth_failed(&mut self, name: &str) {
        (**self).auth_failed(name)
    }
    fn sim_command(&mut self, cmd: &SimCommand) -> Result<(), LineError> {
        (**self).sim_command(cmd)
    }
    fn drain_recipe_reports(&mut self) -> Vec<crate::sim::RecipeReport> {
        (**self).drain_recipe_reports()
    }
    fn start_ensemble(&mut self, config: &EnsembleConfig) -> Result<(), LineError> {
        (**self).start_ensemble(config)
    }
    fn server_command(&mut self, cmd: &ServerCommand) -> Result<Option<SrvrReport>, LineError> {
        (**self).server_command(cmd)
    }
    fn open_session_on(
        &mut self,
        name: &str,
        timeout_ms: u32,
        server: Option<crate::ensemble::PeerId>,
    ) -> Result<(), LineError> {
        (**self).open_session_on(name, timeout_ms, server)
    }
    fn drain_server_states(&mut self) -> Vec<(crate::ensemble::PeerId, &'static str, i64)> {
        (**self).drain_server_states()
    }
    fn absolute_zxids(&self) -> bool {
        (**self).absolute_zxids()
    }
}

/// `names` in the order of `order` (names it lacks go last, as they came).
pub fn reorder_like(names: Vec<String>, order: &[std::rc::Rc<str>]) -> Vec<String> {
    let rank = |n: &String| order.iter().position(|o| **o == **n).unwrap_or(usize::MAX);
    let mut v: Vec<(usize, usize, String)> = names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (rank(&n), i, n))
        .collect();
    crate::sorted::sort(&mut v);
    v.into_iter().map(|(_, _, n)| n).collect()
}
