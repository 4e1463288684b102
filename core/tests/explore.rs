//! "Find a failure": the known answers (the unfenced lock's double holder and the naive
//! election's double master with one GC pause, nothing for the fenced lock), determinism, that
//! the found script replays and is minimal, and clear errors for bad input.

use zkplay_core::explore::{
    explore, property_named, violation_event, Budget, ExploreConfig, ExploreError, Found, Outcome,
};
use zkplay_core::recipes::monitor::Property;
use zkplay_core::script::{parse_script, run_script, EntryKind, SimulationBackend};

const LOCK: &str = "recipe lock /locks/db on a,b,c hold=20000\n";
const LOCK_FENCED: &str = "recipe lock /locks/db on a,b,c hold=20000 fencing=on\n";
const ELECTION_NAIVE: &str = "recipe election-naive /master on a,b,c hold=0\n";
const ENSEMBLE_LOCK: &str = "ensemble 3\nrecipe lock /locks/db on a,b,c hold=20000\n";

fn config(property: Property, budget: Budget, runs_max: u64) -> ExploreConfig {
    ExploreConfig {
        property: Some(property),
        budget,
        runs_max,
        ..ExploreConfig::default()
    }
}

fn pauses(n: u32) -> Budget {
    Budget {
        pauses: n,
        ..Budget::default()
    }
}

fn found(script: &str, c: &ExploreConfig) -> Found {
    match explore(script, c) {
        Ok(Outcome::Found(f)) => f,
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// The steps at which a script, run as `zkplay run` runs it, reports `property`.
fn violations(script: &str, property: Property) -> Vec<usize> {
    let steps = parse_script(script);
    let mut backend = SimulationBackend::for_script(0, &steps);
    run_script(&mut backend, &steps)
        .into_iter()
        .filter_map(|e| match e.kind {
            EntryKind::Violation(v) if v.property == property => Some(e.step),
            _ => None,
        })
        .collect()
}

/// The found script replays: its first violation of the property is at the step it names.
fn replays(f: &Found) {
    let at = violations(&f.script, f.property);
    assert_eq!(at.first(), Some(&f.step), "{}", f.script);
    assert!(f.script.contains(&format!("breaks at step {}", f.step)));
}

/// Removing any one fault line (a line the scenario did not have, other than `sleep`, `seed`
/// and comments) leaves a script that no longer fails.
fn minimal(f: &Found, scenario: &str) {
    let lines: Vec<&str> = f.script.lines().collect();
    let is_fault = |l: &str| {
        !l.starts_with('#')
            && !l.starts_with("sleep ")
            && !l.starts_with("seed ")
            && !scenario.lines().any(|s| s == l)
    };
    let faults: Vec<usize> = (0..lines.len()).filter(|&i| is_fault(lines[i])).collect();
    assert_eq!(faults.len(), f.faults, "{}", f.script);
    for &i in &faults {
        let without: String = lines
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        assert!(
            violations(&without, f.property).is_empty(),
            "still fails without line {}:\n{without}",
            lines[i]
        );
    }
}

#[test]
fn finds_the_unfenced_locks_double_holder_with_one_pause() {
    let c = config(Property::AtMostOneLockHolder, pauses(1), 200);
    let f = found(LOCK, &c);
    assert_eq!(f.property, Property::AtMostOneLockHolder);
    assert_eq!(f.faults, 1);
    assert!(f.script.contains("\npause "), "{}", f.script);
    replays(&f);
    minimal(&f, LOCK);
}

#[test]
fn finds_the_naive_elections_double_master() {
    let budget = Budget {
        pauses: 1,
        crashes: 1,
        partitions: 1,
        ..Budget::default()
    };
    let c = config(Property::AtMostOneMaster, budget, 300);
    let f = found(ELECTION_NAIVE, &c);
    assert_eq!(f.property, Property::AtMostOneMaster);
    assert_eq!(f.faults, 1);
    replays(&f);
    minimal(&f, ELECTION_NAIVE);
}

#[test]
fn finds_the_double_holder_on_an_ensemble() {
    let budget = Budget {
        pauses: 1,
        server_crashes: 1,
        ..Budget::default()
    };
    let f = found(
        ENSEMBLE_LOCK,
        &config(Property::AtMostOneLockHolder, budget, 200),
    );
    replays(&f);
    minimal(&f, ENSEMBLE_LOCK);
}

#[test]
fn finds_nothing_for_the_fenced_lock_and_says_how_much_it_searched() {
    let budget = Budget {
        crashes: 1,
        pauses: 2,
        partitions: 1,
        server_crashes: 1,
        delays: 0,
    };
    let c = config(Property::AtMostOneLockHolder, budget, 60);
    match explore(LOCK_FENCED, &c) {
        Ok(Outcome::NotFound { runs, faults_tried }) => {
            assert_eq!(runs, 60);
            assert!(faults_tried >= 59, "{faults_tried}");
        }
        other => panic!("the fenced lock failed: {other:?}"),
    }
}

#[test]
fn the_same_input_gives_the_same_outcome() {
    let budget = Budget {
        pauses: 1,
        crashes: 1,
        partitions: 1,
        ..Budget::default()
    };
    let c = config(Property::AtMostOneMaster, budget, 300);
    assert_eq!(explore(ELECTION_NAIVE, &c), explore(ELECTION_NAIVE, &c));
    let other = ExploreConfig {
        search_seed: 7,
        ..c
    };
    assert_eq!(
        explore(ELECTION_NAIVE, &other),
        explore(ELECTION_NAIVE, &other)
    );
}

#[test]
fn any_property_stops_at_the_first() {
    let c = ExploreConfig {
        budget: pauses(1),
        runs_max: 200,
        ..ExploreConfig::default()
    };
    let f = found(LOCK, &c);
    assert_eq!(f.property, Property::AtMostOneLockHolder);
}

#[test]
fn bad_input_is_a_clear_error() {
    let c = config(Property::AtMostOneLockHolder, pauses(1), 10);
    let e = explore(ELECTION_NAIVE, &c).unwrap_err();
    assert_eq!(
        e,
        ExploreError::PropertyNotApplicable {
            property: Property::AtMostOneLockHolder,
            needs: "a lock or lock-naive recipe"
        }
    );
    assert!(e.to_string().contains("at most one lock holder"));
    let none = config(Property::AtMostOneLockHolder, Budget::default(), 10);
    assert_eq!(explore(LOCK, &none), Err(ExploreError::NoFaultsAllowed));
    let any = ExploreConfig {
        budget: pauses(1),
        ..ExploreConfig::default()
    };
    assert_eq!(
        explore("session a\na: create /x\n", &ExploreConfig { ..any })
            .map(|o| matches!(o, Outcome::NotFound { .. })),
        Ok(true)
    );
    assert_eq!(
        explore("sleep 100\n", &any),
        Err(ExploreError::NothingToFault)
    );
    assert!(matches!(
        explore("sleep forever\n", &any),
        Err(ExploreError::BadLine { line: 1, .. })
    ));
    let zero_runs = ExploreConfig { runs_max: 0, ..any };
    assert_eq!(
        explore(LOCK, &zero_runs),
        Err(ExploreError::RunsOutOfRange(0))
    );
    let horizon = ExploreConfig {
        horizon_ms: 0,
        ..any
    };
    assert_eq!(
        explore(LOCK, &horizon),
        Err(ExploreError::HorizonOutOfRange(0))
    );
    assert_eq!(
        property_named("watches"),
        Ok(Some(Property::NoLostOrDoubledWatchEvent))
    );
    assert_eq!(
        property_named("stale-read"),
        Ok(Some(Property::ReadsSeeAcknowledgedWrites))
    );
    assert_eq!(
        property_named("no lost or doubled watch event"),
        Ok(Some(Property::NoLostOrDoubledWatchEvent))
    );
    assert!(matches!(
        property_named("nonsense"),
        Err(ExploreError::UnknownProperty(_))
    ));
    assert_eq!(
        property_named("lock"),
        Ok(Some(Property::AtMostOneLockHolder))
    );
    assert_eq!(
        property_named("at most one master"),
        Ok(Some(Property::AtMostOneMaster))
    );
}

#[test]
fn never_panics_on_odd_scripts() {
    let c = ExploreConfig {
        budget: Budget {
            crashes: 1,
            pauses: 1,
            partitions: 1,
            server_crashes: 1,
            delays: 1,
        },
        runs_max: 5,
        horizon_ms: 2000,
        ..ExploreConfig::default()
    };
    for s in [
        "",
        "# only a comment\n",
        "seed 3\nseed 4\nsession a\n",
        "ensemble 3\nsession a server=2\nserver 1 crash\n",
        "session a\na: create /x\nserver stop\n",
    ] {
        let _ = explore(s, &c);
    }
}

/// A search run (the world after the scenario's lines kept and cloned, no event log) breaks
/// what the same schedule's whole script breaks when run as `zkplay run` runs it.
#[test]
fn a_search_run_is_its_script_run() {
    use zkplay_core::explore::search::{run_text, Trials};
    use zkplay_core::explore::{space, Scenario, Schedule, Wanted};
    use zkplay_core::sim::rng::Rng;
    let budget = Budget {
        crashes: 1,
        pauses: 1,
        partitions: 1,
        server_crashes: 1,
        delays: 0,
    };
    for text in [LOCK, ENSEMBLE_LOCK, ELECTION_NAIVE] {
        let (scenario, _) = Scenario::of(text);
        let mut trials = Trials::new(scenario.clone(), Wanted::Any);
        let mut rng = Rng::derive(1, "test");
        let mut hits = 0;
        for i in 0..24u64 {
            let schedule = Schedule {
                seed: i / 8,
                faults: space::draw(&mut rng, budget, &scenario.space, 40_000),
                horizon_ms: 40_000,
            };
            let searched = trials.run(&schedule).map(|h| (h.property, h.detail));
            let replayed =
                run_text(&scenario.script(&schedule), Wanted::Any).map(|h| (h.property, h.detail));
            assert_eq!(searched, replayed, "{}", scenario.script(&schedule));
            hits += usize::from(searched.is_some());
        }
        assert!(hits > 0 || text == ENSEMBLE_LOCK, "no run of {text} failed");
    }
}

/// Every line a schedule writes is a line the parser takes, in both worlds, whatever the
/// session timeout and the horizon.
#[test]
fn schedules_write_valid_lines() {
    use zkplay_core::explore::{space, Scenario, Schedule};
    use zkplay_core::script::StepKind;
    use zkplay_core::sim::rng::Rng;
    let budget = Budget {
        crashes: 2,
        pauses: 2,
        partitions: 2,
        server_crashes: 2,
        delays: 2,
    };
    for text in [
        LOCK,
        ENSEMBLE_LOCK,
        "session a timeout=86400000\nsession b timeout=4000\n",
        "ensemble 5\nsession a server=2\n",
    ] {
        let (scenario, _) = Scenario::of(text);
        let mut rng = Rng::derive(9, "lines");
        for horizon_ms in [100, 60_000, 86_400_000] {
            for _ in 0..20 {
                let schedule = Schedule {
                    seed: 1,
                    faults: space::draw(&mut rng, budget, &scenario.space, horizon_ms),
                    horizon_ms,
                };
                let script = scenario.script(&schedule);
                for step in parse_script(&script) {
                    assert!(
                        !matches!(step.kind, StepKind::Invalid(_) | StepKind::Refused(_)),
                        "{}: {:?}",
                        step.text,
                        step.kind
                    );
                }
            }
        }
    }
}

/// A search made in slices makes the same runs and finds the same as one made at once.
#[test]
fn a_sliced_search_is_the_same_search() {
    use zkplay_core::explore::Explorer;
    let budget = Budget {
        pauses: 1,
        crashes: 1,
        partitions: 1,
        ..Budget::default()
    };
    let c = config(Property::AtMostOneMaster, budget, 300);
    let mut e = Explorer::new(ELECTION_NAIVE, &c).unwrap();
    let mut slices = 0;
    let sliced = loop {
        slices += 1;
        if let Some(o) = e.advance(3) {
            break o.clone();
        }
        assert_eq!(e.progress().0, slices * 3);
    };
    assert!(slices > 1);
    assert_eq!(Ok(sliced), explore(ELECTION_NAIVE, &c));
}

/// A scenario that fails by itself is found on run 1, with no fault added and nothing after
/// its own lines.
#[test]
fn a_scenario_that_fails_by_itself_needs_no_fault() {
    let unsafe_pause = "seed 10\nrecipe lock /locks/db on a hold=20000\ntick 100\nrecipe lock /locks/db on b hold=5000\ntick 100\npause a 40000\ntick 60000\n";
    let f = found(
        unsafe_pause,
        &config(Property::AtMostOneLockHolder, pauses(1), 10),
    );
    assert_eq!((f.runs_searched, f.faults, f.faults_tried), (1, 0, 0));
    assert!(f.script.contains("with no fault added"), "{}", f.script);
    assert!(f.script.ends_with("tick 60000\n"), "{}", f.script);
    replays(&f);
}

/// Load-balancing clients re-read the servers' loads on every change they hear of and on every
/// reconnect: on an ensemble, a follower cut off from its peers answers them from its own tree.
const ENSEMBLE_LB: &str = "ensemble 3
recipe lb-server /svc on s1,s2 items=100 interval=200
recipe lb-client /svc on k1
";

/// A write, then a read on a follower cut off from the leader (its client still reaches it):
/// the read lags the write acknowledged before it. `SYNCED`: the same, each read after `sync`.
const LAGGING_READ: &str = "ensemble 3
wait server 3 leader
session w server=3
session r server=1
w: create /flag off
r: get /flag
partition servers 1 | 2,3
w: set /flag on
r: get /flag
heal server 1
";
const SYNCED_READ: &str = "ensemble 3
wait server 3 leader
session w server=3
session r server=1
w: create /flag off
r: sync /flag
r: get /flag
partition servers 1 | 2,3
w: set /flag on
r: sync /flag
r: get /flag
heal server 1
";

#[test]
fn finds_a_stale_read_without_sync_after_a_partition_on_an_ensemble() {
    let budget = Budget {
        partitions: 2,
        ..Budget::default()
    };
    let c = ExploreConfig {
        horizon_ms: 10_000,
        ..config(Property::ReadsSeeAcknowledgedWrites, budget, 3000)
    };
    let f = found(ENSEMBLE_LB, &c);
    assert_eq!(f.property, Property::ReadsSeeAcknowledgedWrites);
    assert!(f.faults >= 1, "{}", f.script);
    assert!(f.script.contains("\npartition "), "{}", f.script);
    assert!(
        f.detail.ends_with("(no sync: ZooKeeper allows it)"),
        "{}",
        f.detail
    );
    assert!(
        f.script.contains("# This is why sync exists"),
        "{}",
        f.script
    );
    replays(&f);
    // Loaded as the page loads it, the script reports the stale read at an event of its own
    // (where the page's timeline marks it), after the partition's.
    let at = violation_event(&f.script, f.property).expect("the loaded script reports it");
    let sandbox = zkplay_core::sandbox::Sandbox::import(&f.script).expect("it loads");
    assert!(
        at > 0 && at <= sandbox.steps(),
        "{at} of {}",
        sandbox.steps()
    );
    assert_eq!(
        violation_event(&f.script, Property::AtMostOneLockHolder),
        None
    );
    assert_eq!(violation_event("frobnicate\n", f.property), None);
    // A stale read is no failure of "any" property: ZooKeeper allows it without sync.
    let any = ExploreConfig {
        property: None,
        runs_max: 50,
        ..c
    };
    assert!(matches!(
        explore(LAGGING_READ, &any),
        Ok(Outcome::NotFound { .. })
    ));
}

#[test]
fn a_read_after_sync_is_never_stale() {
    let budget = Budget {
        partitions: 1,
        delays: 1,
        ..Budget::default()
    };
    let c = config(Property::ReadsSeeAcknowledgedWrites, budget, 200);
    // Without sync, the scenario's own partition makes the read lag (found on run 1, with no
    // fault added); with sync before each read, the search finds nothing.
    let f = found(LAGGING_READ, &c);
    assert_eq!((f.faults, f.runs_searched), (0, 1));
    replays(&f);
    match explore(SYNCED_READ, &c) {
        Ok(Outcome::NotFound { runs, .. }) => assert_eq!(runs, 200),
        other => panic!("a read after sync was stale: {other:?}"),
    }
    // A standalone server has no follower to lag.
    let e = explore(
        LOCK,
        &config(Property::ReadsSeeAcknowledgedWrites, pauses(1), 10),
    );
    assert!(matches!(
        e,
        Err(ExploreError::PropertyNotApplicable {
            property: Property::ReadsSeeAcknowledgedWrites,
            ..
        })
    ));
}

/// Every kind of fault on the recipes that live on watches, on one server and on an ensemble:
/// each watch's event comes once, none is lost.
#[test]
fn watches_are_neither_lost_nor_doubled_under_faults() {
    let budget = Budget {
        crashes: 1,
        pauses: 1,
        partitions: 1,
        server_crashes: 1,
        delays: 1,
    };
    for (scenario, runs) in [
        (LOCK, 150),
        (ELECTION_NAIVE, 150),
        ("recipe config-worker /app on w1,w2\nrecipe config-manager /app on m items=10 interval=300\n", 150),
        (ENSEMBLE_LOCK, 60),
        (ENSEMBLE_LB, 60),
    ] {
        let c = config(Property::NoLostOrDoubledWatchEvent, budget, runs);
        match explore(scenario, &c) {
            Ok(Outcome::NotFound { runs: r, .. }) => assert_eq!(r, runs),
            other => panic!("{scenario}: {other:?}"),
        }
    }
}
