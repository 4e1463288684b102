//! The commands that end the session: `close` and `quit` close it, `expire` (zkplay's own)
//! lets it expire as if the server had heard nothing.

use crate::error::ZkError;
use crate::script::backend::Backend;
use crate::script::entry::{Failure, Outcome};
use crate::script::runner::{fail, Runner, SessionState};

impl<B: Backend> Runner<B> {
    /// `close` or `quit`.
    pub(super) fn close(&mut self, s: &str) -> Result<Outcome, Failure> {
        self.sessions
            .insert(s.to_string(), SessionState::Gone(ZkError::SessionExpired));
        self.backend
            .close_session(s)
            .map(|_| Outcome::Empty)
            .map_err(|e| fail(e, ""))
    }

    /// `expire`.
    pub(super) fn expire(&mut self, s: &str) -> Result<Outcome, Failure> {
        self.sessions
            .insert(s.to_string(), SessionState::Gone(ZkError::SessionExpired));
        self.backend
            .expire_session(s)
            .map(|_| Outcome::Empty)
            .map_err(|e| fail(e, ""))
    }
}
