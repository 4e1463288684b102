//! Scenario scripts: the user-facing format that zkplay imports, exports, tests and teaches with.
//! `parse` reads a script (`clock` its wall-clock origin), `cli` parses zkCli 3.8 commands, `runner` executes a script on any
//! [`Backend`] (the simulated server here, a live ZooKeeper in the CLI crate) while emulating the
//! Java client's watch bookkeeping, and `transcript` renders the result as JSON lines or as zkCli
//! would print it.

pub mod backend;
pub mod cli;
pub mod clock;
pub mod json;
pub mod parse;
pub mod runner;
pub mod shell;
pub mod sim_backend;
pub mod transcript;

pub use backend::Backend;
pub use parse::{parse_script, Step, StepKind};
pub use runner::{run_script, Entry, EntryKind, Runner};
pub use sim_backend::SimBackend;
