//! What a server line does to the ensemble's processes and links (`server K crash`,
//! `partition server K`, `heal server K`, `partition servers A | B`, `delay server K MS`),
//! the same for a script's line and for a line typed to `zkplay serve`.

use crate::ensemble::PeerId;
use crate::script::ensemble_lines::{ServerAction, ServerCommand};
use crate::sim::Sim;

/// `server K ACTION` found the server already so: `running` says whether it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlreadySo {
    pub server: PeerId,
    pub running: bool,
}

/// Applies a server line's fault to `sim` at once; lines that are not faults (`srvr`,
/// `wait`) change nothing.
pub fn apply(sim: &mut Sim, cmd: &ServerCommand) -> Result<(), AlreadySo> {
    match cmd {
        ServerCommand::Stepwise(line) => return apply(sim, line),
        ServerCommand::Act { server, action } => {
            let id: PeerId = *server;
            let done = match action {
                ServerAction::Crash | ServerAction::Stop => sim.crash_peer(id),
                ServerAction::Restart | ServerAction::Start => sim.start_peer(id),
            };
            if !done {
                let running = sim.peer(id).is_some_and(|p| p.is_up());
                return Err(AlreadySo {
                    server: id,
                    running,
                });
            }
        }
        ServerCommand::Partition { server } => {
            let all = sim.server_ids();
            sim.schedule.links.isolate(*server, &all);
        }
        ServerCommand::Heal { server } => sim.schedule.links.heal(*server),
        ServerCommand::PartitionGroups { left, right } => {
            sim.schedule.links.partition_groups(left, right);
        }
        ServerCommand::Delay { server, ms } => sim.schedule.links.set_delay(*server, *ms),
        ServerCommand::Srvr { .. } | ServerCommand::Wait { .. } => {}
    }
    Ok(())
}
