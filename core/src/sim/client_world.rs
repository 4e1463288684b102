//! The world as its clients' host sees it (`client_host::ClientWorld`): one implementation,
//! which asks the world's servers where a standalone server and an ensemble differ — where a
//! client's messages go, which server it tries next and how long it waits, what dropping a
//! connection tells the server, what the world records, and when a client's timer is
//! brought up to date.

use crate::sim::client_host::{ClientWorld, Record};
use crate::sim::clients::ClientId;
use crate::sim::message::Payload;
use crate::sim::{Servers, Sim};

impl ClientWorld for Sim {
    fn send_to_server(&mut self, id: ClientId, payload: Payload) {
        match self.servers {
            Servers::Standalone(_) => self.standalone_send_to_server(id, payload),
            Servers::Ensemble(_) => self.ensemble_send_to_server(id, payload),
        }
    }

    fn open_connection(&mut self, id: ClientId) -> Option<(u64, usize)> {
        match self.servers {
            Servers::Standalone(_) => self.standalone_open_connection(id),
            Servers::Ensemble(_) => self.ensemble_open_connection(id),
        }
    }

    fn reconnect_wait_ms(&mut self, id: ClientId) -> u64 {
        match self.servers {
            Servers::Standalone(_) => self.standalone_reconnect_wait_ms(id),
            Servers::Ensemble(_) => self.ensemble_reconnect_wait_ms(id),
        }
    }

    fn connection_dropped(&mut self, id: ClientId) {
        match self.servers {
            Servers::Standalone(_) => self.standalone_connection_dropped(id),
            Servers::Ensemble(_) => self.ensemble_connection_dropped(id),
        }
    }

    fn record(&mut self, id: ClientId, what: Record<'_>) {
        match self.servers {
            Servers::Standalone(_) => self.standalone_record(id, what),
            Servers::Ensemble(_) => self.ensemble_record(id, what),
        }
    }

    fn reschedule(&mut self, id: ClientId) {
        match self.servers {
            Servers::Standalone(_) => self.standalone_reschedule(id),
            Servers::Ensemble(_) => self.ensemble_reschedule(id),
        }
    }

    fn read_buffered(&mut self, id: ClientId) {
        match self.servers {
            Servers::Standalone(_) => self.standalone_read_buffered(id),
            Servers::Ensemble(_) => self.ensemble_read_buffered(id),
        }
    }
}
