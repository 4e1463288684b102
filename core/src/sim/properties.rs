//! The servers' live properties, one checker for both worlds, run after every event (the
//! recipes' own properties are the `Monitor`'s): at most one established leader per epoch;
//! every server's committed history is a prefix of the longest seen (the same transactions,
//! not only the same zxids); a client sees zxids only grow, across reconnects too; a write
//! acknowledged to a client is in the history of every server that leads after it; no peer
//! saw an anomaly.
//!
//! Each world shows the checker what it has. An ensemble shows its peers (`check_peers`): their
//! established epochs, committed logs and anomalies. The standalone `Sim` shows its one server
//! (`check_standalone`): server [`STANDALONE`], leading the epoch of its zxids (0) while it
//! runs, whose committed history is every transaction through its last zxid — so one leader
//! per epoch holds by construction, and what can break is a history that shrinks or loses an
//! acknowledged write, across `server stop` and `server start` most of all. Both worlds report
//! each reply's zxid against the client's last (`client_zxid`) and each acknowledgement
//! (`acknowledged`). Every check is incremental: an event costs what it changed, not a scan
//! of the clients or of the history (a leader's establishment looks at the acknowledged
//! writes once).

use crate::sim::servers::sa;
use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::ensemble::{Peer, PeerId, Txn};
use crate::error::ZkError;
use crate::recipes::monitor::{Detail, Property, Violation};
use crate::request::{Request, Response};
use crate::sim::recipe_host::RecipeReport;
use crate::sim::world::Sim;
use crate::stat::Zxid;
use crate::watch::EventType;

/// At most this many violations are kept (a broken run repeats itself).
pub const VIOLATIONS_MAX: usize = 100;

/// The standalone server's id in violations (an ensemble's servers count from 1).
pub const STANDALONE: PeerId = 0;

/// The properties, as violations name them.
pub const ONE_LEADER: Property = Property::OneLeaderPerEpoch;
pub const LOGS_AGREE: Property = Property::CommittedLogsAgree;
pub const ZXIDS_GROW: Property = Property::ClientZxidsGrow;
pub const WRITES_SURVIVE: Property = Property::AcknowledgedWritesSurvive;
pub const NO_ANOMALY: Property = Property::NoPeerAnomaly;
pub const STALE_READ: Property = Property::ReadsSeeAcknowledgedWrites;
pub const WATCHES: Property = Property::NoLostOrDoubledWatchEvent;

/// What the checker remembers between events.
#[derive(Clone, Debug, Default)]
pub struct Properties {
    /// The established leaders seen per epoch.
    leaders: BTreeMap<i64, BTreeSet<PeerId>>,
    /// The longest committed history seen on any peer (an ensemble's).
    canon: Vec<Rc<Txn>>,
    /// The standalone server's longest history seen: every transaction through this zxid.
    through: Zxid,
    /// Zxids of the writes (and sessions, and reads) acknowledged to clients, ascending, each
    /// once. A sorted vector: they come mostly in order (always, from one server), and then
    /// each costs a comparison and a push.
    acknowledged: Vec<Zxid>,
    /// Per peer (by index): the log's `rewrites` count and how much of its committed prefix
    /// was found equal to `canon` then. The canon only ever grows (it is replaced only by a
    /// longer history that agrees with all of it), and the log's committed prefix only
    /// grows while `rewrites` stays, so that part needs no second look.
    agreed: Vec<(u64, usize)>,
    violations: Vec<String>,
    /// Each violation's property, what broke it and when it was found (simulated ms and the
    /// world's step), in order.
    found: Vec<(Property, Detail, u64, u64)>,
    /// The world's step now (set by the world before each event: see `at_step`).
    step: u64,
    /// How many of `found` the standalone `Sim` has reported (see `take_unreported`).
    reported: usize,
    /// What the clients' reads and watch events are checked against (`client_checks`).
    #[cfg(feature = "client-checks")]
    stale_reads: crate::sim::client_checks::StaleReads,
    #[cfg(feature = "client-checks")]
    watches: crate::sim::client_checks::WatchChecks,
}

/// What the checker remembers follows from the run that led here (the same inputs give the
/// same), so it adds nothing to a world's state: it hashes as nothing, and the recorded state
/// hashes stay what they were.
impl Hash for Properties {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl Properties {
    pub fn violations(&self) -> &[String] {
        &self.violations
    }

    /// Each violation with its property and when it was found (simulated ms, step).
    pub fn found(&self) -> impl Iterator<Item = (Property, &Detail, u64, u64)> + '_ {
        self.found
            .iter()
            .map(|(p, d, at, step)| (*p, d, *at, *step))
    }

    /// The world is at step `step`: what is found from now on was found there.
    #[inline]
    pub fn at_step(&mut self, step: u64) {
        self.step = step;
    }

    /// How many violations were found so far.
    pub fn found_count(&self) -> usize {
        self.found.len()
    }

    /// Whether a violation was found since the last [`Properties::take_unreported`].
    #[inline]
    pub fn has_unreported(&self) -> bool {
        self.reported < self.found.len()
    }

    /// The violations found since the last call, to report them once.
    pub fn take_unreported(&mut self) -> &[(Property, Detail, u64, u64)] {
        let from = self.reported.min(self.found.len());
        self.reported = self.found.len();
        &self.found[from..]
    }

    fn record(&mut self, property: Property, d: Detail, now_ms: u64) {
        let v = d.to_string();
        if self.violations.len() < VIOLATIONS_MAX && !self.violations.contains(&v) {
            self.violations.push(v);
            self.found.push((property, d, now_ms, self.step));
        }
    }

    /// A client was answered the write (or the session, or a read) with this zxid: every
    /// server that leads from now on must hold it.
    pub fn acknowledged(&mut self, zxid: Zxid) {
        match self.acknowledged.last() {
            Some(&last) if last == zxid => {}
            Some(&last) if last > zxid => {
                if let Err(i) = self.acknowledged.binary_search(&zxid) {
                    self.acknowledged.insert(i, zxid);
                }
            }
            _ => self.acknowledged.push(zxid),
        }
    }

    /// The zxids of the writes acknowledged so far, ascending.
    pub fn acknowledged_zxids(&self) -> Vec<Zxid> {
        self.acknowledged.clone()
    }

    /// The longest committed history seen on any peer, as zxids (an ensemble's).
    pub fn committed_zxids(&self) -> Vec<Zxid> {
        self.canon.iter().map(|t| t.zxid).collect()
    }

    /// How many writes were acknowledged so far.
    pub fn acknowledged_count(&self) -> usize {
        self.acknowledged.len()
    }

    /// A client whose last seen zxid was `seen` got a reply carrying `zxid`.
    pub fn client_zxid(&mut self, name: &str, seen: Zxid, zxid: Zxid, now_ms: u64) {
        if zxid < seen {
            let d = Detail::ZxidWentBack {
                client: name.to_string(),
                zxid,
                seen,
            };
            self.record(ZXIDS_GROW, d, now_ms);
        }
    }

    /// Client `c` issues `request` as `xid` (checked for stale reads: an ensemble's clients).
    pub(crate) fn client_issued(&mut self, c: u32, xid: u64, request: &Request) {
        #[cfg(feature = "client-checks")]
        self.stale_reads.issued(c, xid, request);
        #[cfg(not(feature = "client-checks"))]
        let _ = (c, xid, request);
    }

    /// Client `c` (named `name`) got `result` for `request` (`xid`) with header zxid `zxid`:
    /// checked for a lost watch event, and for a stale read when `reads` (an ensemble).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn client_replied(
        &mut self,
        c: u32,
        name: &str,
        xid: u64,
        request: &Request,
        result: &Result<Response, ZkError>,
        zxid: Zxid,
        reads: bool,
        now_ms: u64,
    ) {
        #[cfg(feature = "client-checks")]
        {
            if let Some(d) = self.watches.replied(c, name, request, result, zxid) {
                self.record(WATCHES, d, now_ms);
            }
            if reads {
                if let Some(d) = self
                    .stale_reads
                    .replied(c, name, xid, request, result, zxid)
                {
                    self.record(STALE_READ, d, now_ms);
                }
            }
        }
        #[cfg(not(feature = "client-checks"))]
        let _ = (c, name, xid, request, result, zxid, reads, now_ms);
    }

    /// Client `c` got a watch event.
    pub(crate) fn client_event(
        &mut self,
        c: u32,
        name: &str,
        kind: EventType,
        path: &str,
        now_ms: u64,
    ) {
        #[cfg(feature = "client-checks")]
        if let Some(d) = self.watches.event(c, name, kind, path) {
            self.record(WATCHES, d, now_ms);
        }
        #[cfg(not(feature = "client-checks"))]
        let _ = (c, name, kind, path, now_ms);
    }

    /// Client `c`'s connection (or attempt) is gone: what it had sent or queued fails.
    pub(crate) fn client_connection_lost(&mut self, c: u32) {
        #[cfg(feature = "client-checks")]
        self.stale_reads.forget_in_flight(c);
        #[cfg(not(feature = "client-checks"))]
        let _ = c;
    }

    /// Client `c`'s session is over (or its process gone): its watches with it.
    pub(crate) fn client_over(&mut self, c: u32) {
        #[cfg(feature = "client-checks")]
        {
            self.stale_reads.forget_in_flight(c);
            self.watches.forget(c);
        }
        #[cfg(not(feature = "client-checks"))]
        let _ = c;
    }

    /// Checks the standalone server after an event, when it runs: its history (every
    /// transaction through `last_zxid`) holds the longest seen and every acknowledged write.
    /// Runs after every step: what holds costs two comparisons, inline.
    #[inline]
    pub fn check_standalone(&mut self, last_zxid: Zxid, now_ms: u64) {
        let acknowledged_held = self.acknowledged.last().is_none_or(|&z| z <= last_zxid);
        if last_zxid >= self.through && acknowledged_held {
            self.through = last_zxid;
            return;
        }
        self.standalone_lost(last_zxid, now_ms);
    }

    /// The standalone server lacks part of its history: what it lacks, recorded.
    #[cold]
    fn standalone_lost(&mut self, last_zxid: Zxid, now_ms: u64) {
        let epoch = last_zxid.epoch();
        if last_zxid < self.through {
            let d = Detail::LeaderLacksCommitted {
                leader: STANDALONE,
                epoch,
            };
            self.record(LOGS_AGREE, d, now_ms);
        }
        self.through = self.through.max(last_zxid);
        if self.acknowledged.last().is_some_and(|&z| z > last_zxid) {
            let lost: Vec<Zxid> = self
                .acknowledged
                .iter()
                .rev()
                .take_while(|&&z| z > last_zxid)
                .copied()
                .collect();
            for zxid in lost.into_iter().rev() {
                let d = Detail::LeaderLacksAcknowledged {
                    leader: STANDALONE,
                    epoch,
                    zxid,
                };
                self.record(WRITES_SURVIVE, d, now_ms);
            }
        }
    }

    /// Checks an ensemble's peers after an event.
    pub fn check_peers(&mut self, peers: &[Peer], now_ms: u64) {
        let mut found: Vec<(Property, Detail)> = Vec::new();
        for p in peers {
            let Some(epoch) = p.established_epoch() else {
                continue;
            };
            let set = self.leaders.entry(epoch).or_default();
            if !set.insert(p.id()) {
                continue;
            }
            if set.len() > 1 {
                let leaders = set.iter().copied().collect();
                found.push((ONE_LEADER, Detail::TwoLeaders { epoch, leaders }));
            }
            // Established just now: it holds everything committed or acknowledged so far.
            let log = p.log().entries();
            if p.log().committed().len() < self.canon.len() {
                let leader = p.id();
                found.push((LOGS_AGREE, Detail::LeaderLacksCommitted { leader, epoch }));
            }
            for z in &self.acknowledged {
                if log.binary_search_by_key(z, |e| e.txn.zxid).is_err() {
                    let (leader, zxid) = (p.id(), *z);
                    let d = Detail::LeaderLacksAcknowledged {
                        leader,
                        epoch,
                        zxid,
                    };
                    found.push((WRITES_SURVIVE, d));
                }
            }
        }
        self.agreed.resize(peers.len(), (0, 0));
        for (p, agreed) in peers.iter().zip(self.agreed.iter_mut()) {
            found.extend(p.anomalies().iter().map(|a| {
                let anomaly = a.clone();
                (NO_ANOMALY, Detail::Anomaly { anomaly })
            }));
            let committed = p.log().committed();
            let shared = committed.len().min(self.canon.len());
            let rewrites = p.log().rewrites();
            let from = if agreed.0 == rewrites {
                agreed.1.min(shared)
            } else {
                0
            };
            let diverged = (from..shared).find(|&k| !Rc::ptr_eq(&committed[k].txn, &self.canon[k]));
            *agreed = (rewrites, diverged.unwrap_or(shared));
            if let Some(k) = diverged {
                let d = Detail::Diverged {
                    server: p.id(),
                    zxid: committed[k].txn.zxid,
                    other: self.canon[k].zxid,
                };
                found.push((LOGS_AGREE, d));
            } else if committed.len() > self.canon.len() {
                // It agrees on the common part (checked above): only the rest is new.
                let known = self.canon.len();
                self.canon
                    .extend(committed[known..].iter().map(|e| Rc::clone(&e.txn)));
            }
        }
        for (property, d) in found {
            self.record(property, d, now_ms);
        }
    }
}

impl Sim {
    /// The properties after an input or a step: the server's, while it runs (a stopped
    /// server keeps its history, and is held to it when it starts). What was found since the
    /// last check, the clients' zxids included, is reported as the monitor reports its own
    /// violations, so transcripts and the page show both alike.
    #[inline]
    pub(super) fn check_properties(&mut self) {
        if sa!(self).up {
            let last_zxid = sa!(self).server.last_zxid();
            self.properties.check_standalone(last_zxid, self.now_ms);
        }
        if self.properties.has_unreported() {
            self.report_properties();
        }
    }

    /// Reports what the properties found since the last report (rare: out of the step's way).
    #[cold]
    fn report_properties(&mut self) {
        let seed = self.config.seed;
        for (property, detail, time_ms, step) in self.properties.take_unreported() {
            let v = Violation {
                property: *property,
                detail: detail.clone(),
                seed,
                step: *step,
                time_ms: *time_ms,
            };
            self.recipe_reports.push(RecipeReport::Violation(v));
        }
    }

    /// Every safety violation so far: the server's properties' (at the current step, as the
    /// ensemble's views give them), then the recipes'.
    pub fn violations(&self) -> Vec<Violation> {
        let servers = self
            .properties
            .found()
            .map(|(property, detail, time_ms, step)| Violation {
                property,
                detail: detail.clone(),
                seed: self.config.seed,
                step,
                time_ms,
            });
        servers
            .chain(self.monitor.violations.iter().cloned())
            .collect()
    }

    /// The server's live properties: what they remember, and what they found.
    pub fn properties(&self) -> &Properties {
        &self.properties
    }
}

impl Sim {
    /// The properties after an event, when the simulation observes its peers; then the
    /// peers' state changes for the log.
    pub(crate) fn check(&mut self) {
        let crate::sim::Servers::Ensemble(e) = &self.servers else {
            return;
        };
        if e.sim_config.observe {
            self.properties.check_peers(&e.peers, self.now_ms);
        }
        self.note_states();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_zxid_going_back_is_caught() {
        let mut p = Properties::default();
        p.client_zxid("a", Zxid(0x100000003), Zxid(0x100000003), 5);
        assert!(p.violations().is_empty());
        p.client_zxid("a", Zxid(0x100000003), Zxid(0x100000002), 6);
        assert_eq!(
            p.violations(),
            ["client a saw zxid 0x100000002 after 0x100000003"]
        );
        let found: Vec<_> = p.found().collect();
        let d = Detail::ZxidWentBack {
            client: "a".into(),
            zxid: Zxid(0x100000002),
            seen: Zxid(0x100000003),
        };
        assert_eq!(found, [(ZXIDS_GROW, &d, 6, 0)]);
    }

    #[test]
    fn a_standalone_server_that_loses_acknowledged_writes_is_caught() {
        let mut p = Properties::default();
        for z in [1, 2, 2, 3, 5] {
            p.acknowledged(Zxid(z));
        }
        assert_eq!(p.acknowledged_zxids(), [1, 2, 3, 5].map(Zxid));
        p.check_standalone(Zxid(5), 10);
        p.check_standalone(Zxid(6), 11);
        assert!(p.violations().is_empty());
        // Restarted with its history cut back to 0x2.
        p.check_standalone(Zxid(2), 12);
        assert_eq!(
            p.violations(),
            [
                "leader 0 of epoch 0 lacks committed entries",
                "leader 0 of epoch 0 lacks acknowledged 0x3",
                "leader 0 of epoch 0 lacks acknowledged 0x5",
            ]
        );
        let properties: Vec<Property> = p.found().map(|(p, _, _, _)| p).collect();
        assert_eq!(properties, [LOGS_AGREE, WRITES_SURVIVE, WRITES_SURVIVE]);
    }

    use crate::request::{Op, Request};
    use crate::sim::{Input, SimConfig};

    fn apply(sim: &mut Sim, input: Input) {
        assert_eq!(sim.apply(input), Ok(None));
    }

    fn write(sim: &mut Sim, name: &str) {
        let request = Request::Write(Op::SetData {
            path: "/".into(),
            data: Some(name.as_bytes().to_vec()),
            version: -1,
        });
        let name = name.into();
        let _ = sim.apply(Input::Send { name, request });
    }

    /// Clients writing on a standalone server that is stopped and started three times.
    fn restarts(seed: u64) -> Sim {
        let mut sim = Sim::new(SimConfig {
            seed,
            ..SimConfig::default()
        });
        let names = ["a", "b", "c"];
        for name in names {
            let name = name.into();
            apply(
                &mut sim,
                Input::Open {
                    name,
                    timeout_ms: 30_000,
                },
            );
        }
        for round in 1..=3u64 {
            for _ in 0..5 {
                names.iter().for_each(|n| write(&mut sim, n));
                sim.run_until(sim.now_ms() + 50);
            }
            apply(&mut sim, Input::ServerStop);
            names.iter().for_each(|n| write(&mut sim, n));
            sim.run_until(sim.now_ms() + 1_000);
            apply(&mut sim, Input::ServerStart);
            sim.run_until(round * 10_000);
        }
        sim
    }

    #[test]
    fn standalone_runs_with_server_restarts_break_no_property() {
        for seed in 0..20 {
            let mut sim = restarts(seed);
            assert_eq!(sim.violations(), [], "seed {seed}");
            let reports = sim.take_recipe_reports();
            assert!(reports.is_empty(), "seed {seed}: {reports:?}");
            // The checks saw the work: the writes of every round, the last after a restart.
            let p = sim.properties();
            assert!(p.acknowledged_count() > 30, "seed {seed}");
            let last = p.acknowledged_zxids().last().copied();
            assert_eq!(last, Some(sim.server().unwrap().last_zxid()), "seed {seed}");
        }
    }

    #[test]
    fn a_standalone_run_reports_a_client_zxid_going_back() {
        let mut sim = restarts(1);
        // The client believes it saw a zxid the server never made.
        let seen = Zxid(sim.server().unwrap().last_zxid().0 + 100);
        let id = sim.client_id("a").unwrap();
        sim.clients.get_mut(id).unwrap().last_zxid_seen = seen;
        write(&mut sim, "a");
        let before = sim.steps();
        sim.run_until(sim.now_ms() + 1_000);
        let violations = sim.violations();
        assert_eq!(violations.len(), 1, "{violations:?}");
        // It names the step that found it (the reply's arrival), not the step of the reading.
        let step = violations[0].step;
        assert!(
            step > before && step <= sim.steps(),
            "{step} of {}",
            sim.steps()
        );
        sim.run_until(sim.now_ms() + 10_000);
        assert!(sim.steps() > step);
        assert_eq!(sim.violations()[0].step, step);
        assert_eq!(violations[0].property, ZXIDS_GROW);
        let text = violations[0].detail.to_string();
        assert!(text.starts_with("client a saw zxid 0x"), "{text}");
        // Reported once, as the recipes' violations are (transcripts show them).
        let reports = sim.take_recipe_reports();
        let reported =
            |r: &RecipeReport| matches!(r, RecipeReport::Violation(v) if *v == violations[0]);
        assert_eq!(reports.len(), 1, "{reports:?}");
        assert!(reports.iter().all(reported), "{reports:?}");
    }

    #[test]
    fn a_standalone_server_restarted_without_its_history_is_caught() {
        let mut sim = restarts(2);
        let last = sim.server().unwrap().last_zxid();
        apply(&mut sim, Input::ServerStop);
        // Its data directory is gone: it starts empty.
        let config = sim.config.server.clone();
        if let crate::sim::Servers::Standalone(sa) = &mut sim.servers {
            sa.server = crate::server::Server::new(config);
            sa.session_expiry_ms = Default::default();
        }
        apply(&mut sim, Input::ServerStart);
        let found: Vec<(Property, String)> = sim
            .properties()
            .found()
            .map(|(p, d, _, _)| (p, d.to_string()))
            .collect();
        let lacks = format!("leader 0 of epoch 0 lacks acknowledged 0x{last:x}");
        assert_eq!(
            found.first(),
            Some(&(
                LOGS_AGREE,
                "leader 0 of epoch 0 lacks committed entries".into()
            ))
        );
        assert!(found.contains(&(WRITES_SURVIVE, lacks)), "{found:?}");
        assert_eq!(sim.take_recipe_reports().len(), found.len());
    }
}

#[cfg(all(test, feature = "client-checks"))]
mod watch_tests {
    use super::*;
    use crate::request::{Op, Request};
    use crate::sim::{Input, SimConfig};

    fn send(sim: &mut Sim, name: &str, request: Request) {
        let name = name.into();
        let _ = sim.apply(Input::Send { name, request });
        sim.run_until(sim.now_ms() + 100);
    }

    fn set_root(sim: &mut Sim, name: &str) {
        let request = Request::Write(Op::SetData {
            path: "/".into(),
            data: Some(name.as_bytes().to_vec()),
            version: -1,
        });
        send(sim, name, request);
    }

    fn watch_root(sim: &mut Sim, name: &str) {
        let request = Request::GetData {
            path: "/".into(),
            watch: true,
        };
        send(sim, name, request);
    }

    fn sim_with(names: &[&str]) -> Sim {
        let mut sim = Sim::new(SimConfig::default());
        for name in names {
            let input = Input::Open {
                name: name.to_string(),
                timeout_ms: 30_000,
            };
            assert_eq!(sim.apply(input), Ok(None));
        }
        sim.run_until(1_000);
        sim
    }

    fn found(sim: &Sim) -> Vec<(Property, String)> {
        sim.violations()
            .into_iter()
            .map(|v| (v.property, v.detail.to_string()))
            .collect()
    }

    #[test]
    fn watches_that_fire_as_they_should_break_nothing() {
        let mut sim = sim_with(&["a", "b"]);
        for _ in 0..3 {
            watch_root(&mut sim, "a");
            set_root(&mut sim, "b");
            set_root(&mut sim, "b");
        }
        // Three watches, three events: the second change of each round finds none set.
        let events = sim
            .clients
            .get(sim.client_id("a").unwrap())
            .unwrap()
            .events
            .len();
        assert!(events >= 3, "{events}");
        assert_eq!(found(&sim), []);
    }

    /// A watch held across a lost connection: the change made meanwhile is told once, by the
    /// reconnect's setWatches (relative to the client's last zxid), and the read after is no loss.
    #[test]
    fn a_watch_held_across_a_reconnect_fires_once_for_the_change_it_missed() {
        let mut sim = sim_with(&["a", "b"]);
        watch_root(&mut sim, "a");
        let id = sim.client_id("a").unwrap();
        let input = Input::Partition { name: "a".into() };
        assert_eq!(sim.apply(input), Ok(None));
        sim.run_until(sim.now_ms() + 25_000);
        let state = sim.clients.get(id).unwrap().shown_state();
        assert_eq!(state, crate::sim::ClientState::Disconnected);
        set_root(&mut sim, "b");
        let input = Input::Heal { name: "a".into() };
        assert_eq!(sim.apply(input), Ok(None));
        sim.run_until(sim.now_ms() + 5_000);
        let watched = |sim: &Sim| {
            let events = &sim.clients.get(id).unwrap().events;
            let is_change = |e: &&crate::watch::ClientEvent| matches!(e, crate::watch::ClientEvent::Watch { path, .. } if path == "/");
            events.iter().filter(is_change).count()
        };
        assert_eq!(watched(&sim), 1);
        let read = Request::GetData {
            path: "/".into(),
            watch: false,
        };
        send(&mut sim, "a", read);
        set_root(&mut sim, "b");
        assert_eq!(watched(&sim), 1);
        assert_eq!(found(&sim), []);
    }

    /// A connection that delivers a notification twice: the second finds no watch to fire.
    #[test]
    fn a_doubled_notification_is_caught() {
        let mut sim = sim_with(&["a", "b"]);
        watch_root(&mut sim, "a");
        set_root(&mut sim, "b");
        assert_eq!(found(&sim), []);
        let id = sim.client_id("a").unwrap();
        let again = crate::sim::message::Payload::Notify {
            kind: EventType::NodeDataChanged,
            path: "/".into(),
        };
        crate::sim::client_host::receive(&mut sim, id, again);
        assert_eq!(
            found(&sim),
            [(
                WATCHES,
                "client a got NodeDataChanged on / with no watch left to fire".to_string()
            )]
        );
    }

    #[test]
    fn a_server_that_forgets_a_watch_is_caught_when_the_client_reads_the_change() {
        let mut sim = sim_with(&["a", "b"]);
        watch_root(&mut sim, "a");
        // The server drops a's watch (a's connection stays): the change is never told.
        let session = sim
            .clients
            .get(sim.client_id("a").unwrap())
            .unwrap()
            .session;
        if let crate::sim::Servers::Standalone(sa) = &mut sim.servers {
            sa.server.remove_connection(session.unwrap());
        }
        set_root(&mut sim, "b");
        assert_eq!(found(&sim), []);
        let read = Request::Exists {
            path: "/".into(),
            watch: false,
        };
        send(&mut sim, "a", read);
        let found = found(&sim);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, WATCHES);
        assert!(
            found[0]
                .1
                .starts_with("client a's data watch on / (set at 0x"),
            "{}",
            found[0].1
        );
    }
}
