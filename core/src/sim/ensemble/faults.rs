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

impl Sim {
    /// Applies a server line's fault at once; lines that are not faults (`srvr`, `wait`)
    /// change nothing.
    pub fn server_fault(&mut self, cmd: &ServerCommand) -> Result<(), AlreadySo> {
        match cmd {
            ServerCommand::Stepwise(line) => return self.server_fault(line),
            ServerCommand::Act { server, action } => {
                let id: PeerId = *server;
                let done = match action {
                    ServerAction::Crash | ServerAction::Stop => self.crash_peer(id),
                    ServerAction::Restart | ServerAction::Start => self.start_peer(id),
                };
                if !done {
                    let running = self.peer(id).is_some_and(|p| p.is_up());
                    return Err(AlreadySo {
                        server: id,
                        running,
                    });
                }
            }
            ServerCommand::Partition { server } => {
                let all = self.server_ids();
                self.schedule.links.isolate(*server, &all);
            }
            ServerCommand::Heal { server } => self.schedule.links.heal(*server),
            ServerCommand::PartitionGroups { left, right } => {
                self.schedule.links.partition_groups(left, right);
            }
            ServerCommand::Delay { server, ms } => self.schedule.links.set_delay(*server, *ms),
            ServerCommand::Srvr { .. } | ServerCommand::Wait { .. } => {}
        }
        Ok(())
    }
}
