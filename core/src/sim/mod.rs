//! Deterministic simulation: a virtual clock, an ordered event queue and seeded randomness
//! drive the server and its clients over a simulated network with injectable faults.

pub mod client;
pub mod client_watches;
pub mod conns;
pub mod hash;
pub mod message;
pub mod queue;
pub mod rng;
pub mod world;

pub use client::{Client, ClientEvent, ConnState};
pub use message::{Message, Payload};
pub use world::{Event, Input, LogEntry, RecipeReport, Sim, SimConfig, SimError};
