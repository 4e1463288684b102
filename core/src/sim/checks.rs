//! The simulation's invariants, as the tree has its own: checked as it steps in debug builds
//! (after every step while it is small, see `check_cadence.rs`) and by the fuzz target at the
//! end of each script, so a broken bookkeeping shows near where it breaks, not later as a wrong
//! transcript.

use crate::sim::client::ConnState;
use crate::sim::{Event, Servers, Sim};

impl Sim {
    /// Every structure that indexes another agrees with it:
    /// - the event queue's delivery index matches its entries;
    /// - every scheduled delivery is on a known client's link (a message of an older
    ///   connection is still allowed: it is dropped on arrival), and only a partitioned link
    ///   holds messages;
    /// - every server connection belongs to a known client and a session the server has, and
    ///   each session has at most one connection;
    /// - every session with an expiry time is one the server has;
    /// - each client and recipe timer names a scheduled event of its own kind and client;
    /// - every pending recipe request belongs to a role its session runs;
    /// - the client index holds every client under its own name, and a connected client has a
    ///   session and a connection;
    /// - the log keeps at most its bound.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.schedule.check_invariants()?;
        self.clients.check_invariants()?;
        if let Servers::Standalone(sa) = &self.servers {
            sa.conns.check_invariants()?;
            for (id, _, session) in sa.conns.iter() {
                let Some(name) = self.clients.get(id).map(|c| &c.name) else {
                    return Err(format!("server connection of unknown client {id:?}"));
                };
                if sa.server.session_timeout(session).is_none() {
                    return Err(format!(
                        "server connection of {name} on dead session {session}"
                    ));
                }
            }
            for s in sa.session_expiry_ms.keys() {
                if sa.server.session_timeout(*s).is_none() {
                    return Err(format!("expiry time for dead session {s}"));
                }
            }
        }
        let buffered = self.schedule.queue().iter().filter_map(|(_, e)| match e {
            Event::Deliver(m) => Some((m.id, m.client)),
            _ => None,
        });
        let on_links = self
            .schedule
            .links
            .iter()
            .map(|(key, q)| (q.id, crate::sim::network::ends(key).0));
        for (id, client) in on_links.chain(buffered) {
            if self.clients.get(client).is_none() {
                return Err(format!("delivery {id} to unknown client {client:?}"));
            }
        }
        for (id, held) in &self.held {
            if !self.clients.get(*id).is_some_and(|c| c.partitioned) {
                return Err(format!(
                    "{} messages held on {id:?}'s open link",
                    held.len()
                ));
            }
        }
        for (_, c) in self.clients.iter() {
            let name = &c.name;
            if c.recipe_pending
                .values()
                .any(|(r, _)| *r as usize >= c.roles.len())
            {
                return Err(format!(
                    "{name} waits on a reply for a role it does not run"
                ));
            }
            if c.state == ConnState::Connected && (c.session.is_none() || c.conn == 0) {
                return Err(format!(
                    "{name} is connected without a session or connection"
                ));
            }
        }
        if self.log.len() > self.config.log_entries_max {
            return Err(format!("log holds {} entries", self.log.len()));
        }
        Ok(())
    }

    /// How many items [`Sim::check_invariants`] visits: the events, timers, expiry times and
    /// held messages pending, and the clients and server connections (a run with hundreds of
    /// clients and little pending costs a check as many items as it has clients).
    #[cfg(debug_assertions)]
    pub(super) fn check_size(&self) -> usize {
        let server = match &self.servers {
            Servers::Standalone(sa) => sa.session_expiry_ms.len() + sa.conns.count(),
            Servers::Ensemble(_) => 0,
        };
        self.schedule.timer_count()
            + self.held.len()
            + self.schedule.links.queued()
            + self.clients.count()
            + server
    }

    /// Panics on a broken invariant, in debug builds only, at the cadence of
    /// [`CheckCadence`](crate::check_cadence::CheckCadence): after every step while the check
    /// visits few items ([`Sim::check_size`]), about every `size / 4` steps beyond.
    pub(super) fn debug_check(&mut self) {
        #[cfg(debug_assertions)]
        {
            if !self.check_cadence.due(self.check_size()) {
                return;
            }
            if let Err(e) = self.check_invariants() {
                panic!(
                    "simulation invariant broken at step {} (seed {}): {e}",
                    self.steps, self.config.seed
                );
            }
        }
    }
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use crate::check_cadence::interval;
    use crate::sim::{Input, Sim, SimConfig};

    #[test]
    fn a_broken_simulation_is_caught_within_its_cadence() {
        let mut sim = Sim::new(SimConfig::default());
        for i in 0..40 {
            let name = format!("c{i}");
            let open = Input::Open {
                name,
                timeout_ms: 30_000,
            };
            assert!(sim.apply(open).is_ok());
        }
        sim.run_until(5_000);
        assert_eq!(sim.check_invariants(), Ok(()));
        // An expiry time for a session the server never had: nothing in the simulation
        // touches it again, so it stays broken until a check sees it.
        if let crate::sim::Servers::Standalone(sa) = &mut sim.servers {
            sa.session_expiry_ms
                .insert(crate::stat::SessionId(0x999), u64::MAX);
        }
        let broken = "expiry time for dead session 0x999";
        assert_eq!(sim.check_invariants(), Err(broken.to_string()));
        let limit = interval(sim.check_size());
        assert!(
            limit > 1,
            "enough is pending to be checked less than every step"
        );
        let mut caught = None;
        for n in 1..=limit {
            let step = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sim.step()));
            if let Err(e) = step {
                caught = Some((n, e.downcast_ref::<String>().cloned().unwrap_or_default()));
                break;
            }
        }
        let (steps, text) = caught.expect("a broken simulation went unnoticed");
        assert!(steps <= limit);
        assert!(text.ends_with(broken), "{text}");
    }
}
