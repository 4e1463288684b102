//! UI components: each renders part of the state and dispatches actions.

pub mod app;
pub mod console;
pub mod tree;
