//! zkplay's browser front end. Components render the [`zkplay_core::sandbox::Sandbox`] and
//! dispatch [`Action`]s to a reducer; no ZooKeeper rule lives here.

mod clock;
mod components;
pub mod explore_protocol;
pub mod geometry;
mod hooks;
mod initial_state;
mod lang;
mod lesson_text;
mod messages;
mod slices;
mod state;
mod storage;
pub mod tools;

pub use components::app::App;
pub use state::{Action, AppState, Field, RecipeForm};
