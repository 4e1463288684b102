//! zkplay's browser front end. Components render the [`Sandbox`] from `zkplay-core` and dispatch
//! actions to it through a reducer; no ZooKeeper rule lives here.

mod components;
mod state;

pub use components::app::App;
pub use state::{Action, SandboxState};
