//! Deterministic simulation: a virtual clock, an ordered event queue and seeded randomness
//! drive the server and its clients over a simulated network with injectable faults.

mod checks;
pub mod client;
#[cfg(feature = "client-checks")]
pub mod client_checks;
mod client_host;
pub mod client_watches;
mod client_world;
pub mod clients;
pub mod conns;
mod durable;
pub mod ensemble;
pub mod hash;
pub mod input;
pub mod links;
pub mod log;
pub mod message;
pub mod moments;
mod network;
pub mod properties;
pub mod queue;
pub mod quiet;
mod recipe_host;
pub mod remote;
pub mod rng;
pub mod schedule;
mod server_host;
pub mod servers;
mod standalone_clients;
pub mod world;

pub use client::{Client, ClientEvent, ClientState, ConnState};
pub use clients::{ClientId, Clients};
pub use input::{Input, SimError};
pub use log::{Fate, Log, LogEntry, LogLine};
pub use message::{Message, Payload, RequestSummary, Summary};
pub use moments::{Moment, Moments, SessionMoment};
pub use properties::Properties;
pub use quiet::{Quiet, QuietStep, QuietSteps};
pub use recipe_host::{RecipeReport, RoleKey};
pub use remote::SessionFault;
pub use servers::Servers;
pub use world::{Event, InFlight, Pending, Sim, SimConfig};
