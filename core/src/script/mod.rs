//! Scenario scripts: the user-facing format that zkplay imports, exports, tests and teaches with.
//! `parse` reads a script (`clock` its wall-clock origin), `cli` parses zkCli 3.8 commands, `runner` executes a script on any
//! [`Backend`] (the simulated server here, a live ZooKeeper in the CLI crate) while emulating the
//! Java client's watch bookkeeping, and `transcript` renders the result as JSON lines or as zkCli
//! would print it.

pub mod backend;
pub mod cli;
pub mod clock;
mod commands;
mod console;
pub mod engine_backend;
pub mod ensemble_backend;
pub mod ensemble_lines;
pub mod entry;
pub mod hint;
pub mod json;
pub mod line;
pub mod parse;
pub mod quota_cli;
pub mod runner;
pub mod server_fault;
pub mod shell;
pub mod simulation_backend;
pub mod transcript;
pub mod usage;
mod walks;

pub use backend::Backend;
pub use engine_backend::EngineBackend;
pub use entry::LineError;
pub use line::{MultiBlock, NodeCommand, ScriptLine};
pub use parse::{parse_script, parse_script_in, Step, StepKind};
pub use runner::{run_script, Entry, EntryKind, Runner};
pub use simulation_backend::SimulationBackend;
