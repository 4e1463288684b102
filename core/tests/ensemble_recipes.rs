//! Every recipe kind on a simulated ensemble of three, over 200 seeds, each under several faults
//! of every kind drawn from its seed: client crashes, GC pauses (short ones, and long ones past
//! the session timeout, one aimed at a client in a role so its session expires while it still
//! believes), server crashes and restarts, and partitions of clients and of servers. The
//! servers' own properties (one leader per epoch, committed logs agree, zxids only grow,
//! acknowledged writes survive) never break; the recipes whose safety ZooKeeper itself holds
//! never break; a fenced lock's resource refuses exactly the stale writes the same run without
//! fencing takes. Where a recipe's safety is its holders' belief (a lock without fencing, an
//! election, a read–write lock, a master), only a client paused past its session breaks it,
//! and the violation reads as the standalone server reports the same double holder.
//!
//! Only the locks have fencing (`recipes::kinds`: `fencing` is a lock's option): an elected
//! master writes nothing the monitor could check a token on, so "at most one master" is the
//! monitor's check of belief (a client told it leads while another still believes it does),
//! and a paused master breaks it with or without anything like fencing.
#![cfg(not(target_arch = "wasm32"))]

use zkplay_core::recipes::{Detail, Property};
use zkplay_core::script::SimulationBackend;
use zkplay_core::script::{parse_script, run_script, Entry, EntryKind};
use zkplay_core::sim::SimConfig;

const SEEDS: u64 = 200;

/// The sessions' timeout: the recipe lines open sessions with the scripts' default.
const SESSION_TIMEOUT_MS: u64 = 30_000;

/// Whether a violation is of one of the servers' own properties (`sim::properties`): no
/// fault may break them.
fn is_server_property(name: &str) -> bool {
    [
        Property::OneLeaderPerEpoch,
        Property::CommittedLogsAgree,
        Property::ClientZxidsGrow,
        Property::AcknowledgedWritesSurvive,
        Property::NoPeerAnomaly,
    ]
    .iter()
    .any(|p| p.name() == name)
}

/// How a family's safety stands under a pause past the session timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Safety {
    /// Held by ZooKeeper itself (sequence numbers, a delete only one client can win…):
    /// never broken.
    Always,
    /// A lock: run twice, with `fencing=on` (its resource refuses every stale write, so
    /// nothing breaks) and `fencing=off` (each write it refused is a violation instead).
    Fencing,
    /// Rests on the holders' belief and has no fencing (elections, read–write locks, a
    /// master): a holder paused past its session breaks it.
    Belief,
}

struct Family {
    lines: &'static [&'static str],
    safety: Safety,
}

/// The recipe lines of each family: every kind appears in one, the kinds that work together
/// (producers and consumers, masters, workers and clients…) side by side, each busy for about
/// the faults' window. `HOLD` and `ROUNDS` are drawn from the seed; `FENCE` is on or off.
const FAMILIES: &[Family] = &[
    Family {
        lines: &[
            "recipe lock /locks/printer on c1,c2,c3,c4,c5 hold=HOLD rounds=ROUNDS fencing=FENCE",
        ],
        safety: Safety::Fencing,
    },
    Family {
        lines: &["recipe lock-naive /lock on c1,c2,c3,c4,c5 hold=HOLD rounds=ROUNDS fencing=FENCE"],
        safety: Safety::Fencing,
    },
    Family {
        lines: &["recipe election /election on c1,c2,c3,c4,c5 hold=HOLD rounds=ROUNDS"],
        safety: Safety::Belief,
    },
    Family {
        lines: &["recipe election-naive /master on c1,c2,c3,c4,c5 hold=HOLD rounds=ROUNDS"],
        safety: Safety::Belief,
    },
    Family {
        lines: &[
            "recipe rwlock-read /rw on c1,c2,c3 hold=HOLD rounds=ROUNDS",
            "recipe rwlock-write /rw on c4,c5 hold=HOLD rounds=ROUNDS",
        ],
        safety: Safety::Belief,
    },
    Family {
        lines: &[
            "recipe queue-producer /queue on c1 items=40 interval=1000",
            "recipe queue-consumer /queue on c2,c3 interval=500",
        ],
        safety: Safety::Always,
    },
    Family {
        lines: &["recipe barrier /gate on c1,c2,c3"],
        safety: Safety::Always,
    },
    Family {
        lines: &["recipe double-barrier /together on c1,c2,c3 hold=HOLD"],
        safety: Safety::Always,
    },
    Family {
        lines: &[
            "recipe config-worker /app on c2,c3",
            "recipe config-manager /app on c1 items=20 interval=2000",
        ],
        safety: Safety::Always,
    },
    Family {
        lines: &["recipe naming /ids on c1,c2,c3 items=30"],
        safety: Safety::Always,
    },
    Family {
        lines: &[
            "recipe lb-server /svc on c1,c2 items=20 interval=2000",
            "recipe lb-client /svc on c3",
        ],
        safety: Safety::Always,
    },
    Family {
        lines: &[
            "recipe mw-master /mw on c1,c4,c6",
            "recipe mw-worker /mw on c2,c3 hold=1500",
            "recipe mw-client /mw on c5 items=30",
        ],
        safety: Safety::Belief,
    },
    Family {
        lines: &[
            "recipe hbase-regionserver /hbase on c2,c3",
            "recipe hbase-master /hbase on c1,c4 items=4",
        ],
        safety: Safety::Always,
    },
    Family {
        lines: &["recipe kafka-broker /kafka on c1,c2,c3 items=4"],
        safety: Safety::Always,
    },
    Family {
        lines: &["recipe solr-node /solr on c1,c2,c3 items=3"],
        safety: Safety::Always,
    },
    Family {
        lines: &[
            "recipe shard-server /messages on c2,c3",
            "recipe shard-master /messages on c1,c4 items=4",
        ],
        safety: Safety::Always,
    },
    Family {
        lines: &[
            "recipe fetcher /fetching on c2,c3",
            "recipe fetch-master /fetching on c1,c4 items=4",
        ],
        safety: Safety::Always,
    },
];

impl Family {
    /// The clients on its lines, in order.
    fn clients(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for line in self.lines {
            let names = line.split(" on ").nth(1).unwrap().split_whitespace().next();
            for name in names.unwrap().split(',') {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }
}

/// SplitMix64: the test's own seeded draws, so the scenarios stay what they are whatever the
/// simulation's generators become.
struct Draw(u64);

impl Draw {
    fn new(seed: u64) -> Draw {
        Draw(seed ^ 0x5eed_fa17_5eed_fa17)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.range(0, xs.len() as u64 - 1) as usize]
    }
}

/// A fault's kind, for the tally of a run's mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FaultKind {
    ClientCrash,
    ShortPause,
    /// Longer than the session timeout: the session expires while its owner is frozen.
    LongPause,
    ServerCrash,
    ServerIsolated,
    ServersSplit,
    ClientPartition,
}

/// One seed's scenario: its lines (`HOLDER` in the one long pause aimed at a role's holder,
/// `FENCE` in a lock's line), its faults, and the clients paused past their session.
struct Scenario {
    lines: Vec<String>,
    /// The line of the long pause aimed at whoever holds a role then.
    aimed: usize,
    faults: Vec<FaultKind>,
    long_paused: Vec<String>,
}

/// The window in which faults start, after the recipes' lines.
const FAULT_WINDOW_MS: u64 = 30_000;
/// After the last fault heals, time for every recipe to finish what it can.
const SETTLE_MS: u64 = 60_000;

/// A pause the session does not survive.
fn long_pause_ms(d: &mut Draw) -> u64 {
    d.range(SESSION_TIMEOUT_MS + 5_000, SESSION_TIMEOUT_MS + 25_000)
}

/// Every fault kind once (and a second GC pause, so each seed has a short one and a long
/// one), then two to four more of any kind but a client crash, each at a time drawn from the
/// seed; the lines are the faults' starts and ends in time order.
fn scenario(seed: u64, family: &Family) -> Scenario {
    let mut d = Draw::new(seed);
    let clients = family.clients();
    let mut kinds = vec![
        FaultKind::LongPause,
        FaultKind::ClientCrash,
        FaultKind::ShortPause,
        FaultKind::ServerCrash,
        FaultKind::ServerIsolated,
        FaultKind::ServersSplit,
        FaultKind::ClientPartition,
    ];
    let more = [
        FaultKind::ShortPause,
        FaultKind::LongPause,
        FaultKind::ServerCrash,
        FaultKind::ServerIsolated,
        FaultKind::ServersSplit,
        FaultKind::ClientPartition,
    ];
    for _ in 0..d.range(2, 4) {
        kinds.push(*d.pick(&more));
    }
    // (time, order of emission, line)
    let mut timeline: Vec<(u64, usize, String)> = Vec::new();
    let mut long_paused = Vec::new();
    let mut server_down_until = 0;
    for (i, &kind) in kinds.iter().enumerate() {
        let at = d.range(1, FAULT_WINDOW_MS);
        let client = *d.pick(&clients);
        let server = d.range(1, 3);
        let mut at_and = |t: u64, line: String| timeline.push((t, timeline.len(), line));
        match kind {
            FaultKind::ClientCrash => at_and(at, format!("crash {client}")),
            FaultKind::ShortPause => {
                at_and(at, format!("pause {client} {}", d.range(300, 8_000)));
            }
            // The first: aimed at whoever holds a role when it strikes.
            FaultKind::LongPause if i == 0 => {
                at_and(at, format!("pause HOLDER {}", long_pause_ms(&mut d)))
            }
            FaultKind::LongPause => {
                at_and(at, format!("pause {client} {}", long_pause_ms(&mut d)));
                long_paused.push(client.to_string());
            }
            FaultKind::ServerCrash => {
                // One server down at a time (a second `crash` of a down server is refused).
                let at = at.max(server_down_until + 1);
                let down = d.range(1_000, 15_000);
                at_and(at, format!("server {server} crash"));
                at_and(at + down, format!("server {server} restart"));
                server_down_until = at + down;
            }
            FaultKind::ServerIsolated => {
                let cut = d.range(1_000, 20_000);
                at_and(at, format!("partition server {server}"));
                at_and(at + cut, format!("heal server {server}"));
            }
            FaultKind::ServersSplit => {
                let others: Vec<String> = (1..=3)
                    .filter(|&k| k != server)
                    .map(|k| k.to_string())
                    .collect();
                let cut = d.range(1_000, 20_000);
                at_and(
                    at,
                    format!("partition servers {server} | {}", others.join(",")),
                );
                at_and(at + cut, format!("heal server {server}"));
            }
            FaultKind::ClientPartition => {
                // Short ones the session survives, long ones it does not.
                let cut = if d.range(0, 1) == 0 {
                    d.range(500, 8_000)
                } else {
                    d.range(SESSION_TIMEOUT_MS + 2_000, SESSION_TIMEOUT_MS + 15_000)
                };
                at_and(at, format!("partition {client}"));
                at_and(at + cut, format!("heal {client}"));
            }
        }
    }
    timeline.sort();
    // Contenders keep at it for about the faults' window.
    let (hold, rounds) = *d.pick(&[(700, 10), (2_000, 4), (5_000, 2), (12_000, 1)]);
    let mut lines = vec!["ensemble 3".to_string()];
    for line in family.lines {
        let line = line.replace("HOLD", &hold.to_string());
        lines.push(line.replace("ROUNDS", &rounds.to_string()));
    }
    let mut now = 0;
    let mut aimed = 0;
    for (t, _, line) in timeline {
        if t > now {
            lines.push(format!("tick {}", t - now));
            now = t;
        }
        if line.contains("HOLDER") {
            aimed = lines.len();
        }
        lines.push(line);
    }
    lines.push(format!("tick {SETTLE_MS}"));
    kinds.sort();
    Scenario {
        lines,
        aimed,
        faults: kinds,
        long_paused,
    }
}

/// Whether a recipe's status says its client acts in a role others must not hold with it.
fn in_role(status: &str) -> bool {
    [
        "holds ",
        "leader of ",
        "writes under ",
        "reads under ",
        "master ",
        "assigns ",
        "moves ",
    ]
    .iter()
    .any(|w| status.starts_with(w))
}

/// Who holds a role (sorted by name) when `lines` have run.
fn holders_after(seed: u64, lines: &[String]) -> Vec<String> {
    let prefix = lines.join("\n").replace("FENCE", "off") + "\n";
    let (_, entries) = run_ensemble(seed, &prefix);
    let mut last: Vec<(String, String)> = Vec::new();
    for e in &entries {
        if let (Some(name), EntryKind::Recipe { status, .. }) = (&e.session, &e.kind) {
            last.retain(|(n, _)| n != name);
            last.push((name.clone(), status.to_string()));
        }
    }
    let mut out: Vec<String> = last
        .into_iter()
        .filter(|(_, st)| in_role(st))
        .map(|(n, _)| n)
        .collect();
    out.sort();
    out
}

/// How many later moments the aimed pause may move to when nobody holds a role at its own.
const AIM_TRIES: usize = 4;

/// The scenario's script with its aimed pause on a client in a role when it strikes (found by
/// running the script up to there: the simulation is deterministic). When nobody holds one
/// then (the holder cut off, or between two holders), the pause moves to the next moment
/// one does, up to `AIM_TRIES` moments later; failing that it strikes where it was drawn, on
/// a client drawn from the seed. Returns the script, the client, and whether it held a role.
fn aim(seed: u64, s: &Scenario, family: &Family) -> (String, String, bool) {
    let mut lines = s.lines.clone();
    let pause = lines.remove(s.aimed);
    // The moments after the drawn one: just after each later `tick`.
    let moments = std::iter::once(s.aimed).chain(
        (s.aimed..lines.len())
            .filter(|&i| lines[i].starts_with("tick "))
            .map(|i| i + 1),
    );
    let mut d = Draw::new(seed ^ 0xa1);
    for at in moments.take(1 + AIM_TRIES) {
        let holders = holders_after(seed, &lines[..at]);
        if !holders.is_empty() {
            let target = d.pick(&holders).clone();
            lines.insert(at, pause.replace("HOLDER", &target));
            // The seed's client crash strikes someone else: a frozen holder that dies before
            // it wakes shows nothing of what it believed.
            let other = family.clients().into_iter().find(|c| *c != target);
            for line in lines.iter_mut().skip(at + 1) {
                if *line == format!("crash {target}") {
                    *line = format!("crash {}", other.unwrap_or("c1"));
                }
            }
            return (lines.join("\n") + "\n", target, true);
        }
    }
    let target = d.pick(&family.clients()).to_string();
    lines.insert(s.aimed, pause.replace("HOLDER", &target));
    (lines.join("\n") + "\n", target, false)
}

/// A fault aimed at a client whose session has ended (crashed, or expired by an earlier
/// fault) is refused, as the page refuses it; any other refusal is the test's mistake.
fn refused_fairly(e: &Entry) -> bool {
    let EntryKind::ScriptError(m) = &e.kind else {
        return true;
    };
    let fault_line = ["pause ", "crash ", "partition c", "heal c"]
        .iter()
        .any(|w| e.cmd.starts_with(w));
    fault_line && m.to_string().ends_with("is not running")
}

fn run_ensemble(seed: u64, script: &str) -> (SimulationBackend, Vec<Entry>) {
    let mut b = SimulationBackend::for_ensemble(seed);
    let entries = run_script(&mut b, &parse_script(script));
    for e in &entries {
        assert!(
            refused_fairly(e),
            "seed {seed}: script error at step {}: {:?}\n{script}",
            e.step,
            e.kind
        );
    }
    (b, entries)
}

fn run_standalone(seed: u64, script: &str) -> (SimulationBackend, Vec<Entry>) {
    let mut b = SimulationBackend::new(SimConfig {
        seed,
        ..SimConfig::default()
    });
    let entries = run_script(&mut b, &parse_script(script));
    for e in &entries {
        if let EntryKind::ScriptError(m) = &e.kind {
            panic!(
                "seed {seed}: script error at step {}: {m}\n{script}",
                e.step
            );
        }
    }
    (b, entries)
}

/// The transcript's violations as (property, detail).
fn violations(entries: &[Entry]) -> Vec<(String, String)> {
    entries
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::Violation(v) => Some((v.property.to_string(), v.detail.to_string())),
            _ => None,
        })
        .collect()
}

/// A violation's wording with its client names and numbers left out (fencing tokens are
/// zxids, which an ensemble writes in its epoch): what the report says, not who or which zxid.
fn wording(property: &str, detail: &str) -> String {
    let mut out = format!("{property}: ");
    for word in detail.split(' ') {
        let w = word.trim_end_matches(',');
        let shape = if w.starts_with("0x") {
            "<token>"
        } else if w.len() >= 2 && w.starts_with('c') && w[1..].bytes().all(|b| b.is_ascii_digit()) {
            "<client>"
        } else {
            w
        };
        if !(shape == "<client>" && out.ends_with("<client> ")) {
            out.push_str(shape);
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// The fenced resources' refusals as (client, token, best), each once (the page's resource
/// panel reads the same list).
fn refusals(b: &SimulationBackend) -> Vec<(String, i64, i64)> {
    b.ensemble().map_or(Vec::new(), |s| {
        s.monitor
            .refusals
            .0
            .iter()
            .map(|r| (r.client.clone(), r.token, r.best))
            .collect()
    })
}

/// The stale writes an unfenced resource took, as (client, token, best), each once.
fn stale_writes(entries: &[Entry]) -> Vec<(String, i64, i64)> {
    let mut out = Vec::new();
    for e in entries {
        if let EntryKind::Violation(v) = &e.kind {
            if let Detail::StaleWrite {
                client,
                token,
                best,
                ..
            } = &v.detail
            {
                let w = (client.clone(), *token, *best);
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// The wordings the standalone server gives the belief families' violations when a holder
/// is paused past its session (see the test below that runs the same on both).
fn standalone_wordings() -> Vec<String> {
    let mut out = Vec::new();
    for (seed, script) in double_holder_scripts() {
        for (p, d) in violations(&run_standalone(seed, &script).1) {
            let w = wording(&p, &d);
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

#[test]
fn every_recipe_kind_is_safe_on_three_servers_over_200_seeds_of_faults() {
    let standalone = standalone_wordings();
    let mut mix = std::collections::BTreeMap::<FaultKind, u64>::new();
    let mut aimed_at_holder = 0;
    let mut fenced_refusals = 0;
    let mut fenced_seeds_refusing = 0;
    let mut belief_broken = std::collections::BTreeMap::<String, u64>::new();
    let mut belief_seeds_broken = 0;
    let mut refused_lines = 0;
    let mut runs_expiring_a_paused_session = 0;
    for seed in 0..SEEDS {
        let family = &FAMILIES[(seed as usize) % FAMILIES.len()];
        let s = scenario(seed, family);
        for &k in &s.faults {
            *mix.entry(k).or_default() += 1;
        }
        let (script, target, on_holder) = aim(seed, &s, family);
        aimed_at_holder += usize::from(on_holder);
        let mut long_paused = s.long_paused.clone();
        long_paused.push(target);
        let fences: &[&str] = match family.safety {
            Safety::Fencing => &["on", "off"],
            _ => &["-"],
        };
        let mut runs = Vec::new();
        for fence in fences {
            let script = script.replace("FENCE", fence);
            let (b, entries) = run_ensemble(seed, &script);
            refused_lines += entries
                .iter()
                .filter(|e| matches!(e.kind, EntryKind::ScriptError(_)))
                .count();
            runs_expiring_a_paused_session += usize::from(entries.iter().any(|e| {
                matches!(&e.kind, EntryKind::State(st) if st.name() == "Expired")
                    && e.session.as_ref().is_some_and(|n| long_paused.contains(n))
            }));
            let (server, recipe): (Vec<_>, Vec<_>) = violations(&entries)
                .into_iter()
                .partition(|(p, _)| is_server_property(p));
            assert!(
                server.is_empty(),
                "seed {seed}: a server property broke: {server:?}\n{script}"
            );
            // The recipes ran: every client of the family reported a status.
            for name in family.clients() {
                assert!(
                    entries.iter().any(|x| x.session.as_deref() == Some(name)
                        && matches!(x.kind, EntryKind::Recipe { .. })),
                    "seed {seed}: {name} reported nothing\n{script}"
                );
            }
            let safe = family.safety == Safety::Always || *fence == "on";
            if safe {
                assert!(
                    recipe.is_empty(),
                    "seed {seed}: a recipe property broke: {recipe:?}\n{script}"
                );
            } else {
                for (p, d) in &recipe {
                    let w = wording(p, d);
                    assert!(
                        standalone.contains(&w),
                        "seed {seed}: {w:?} is not how the standalone server words it \
                         ({standalone:?})\n{script}"
                    );
                    // Only a holder frozen past its session believes on with another.
                    assert!(
                        long_paused.iter().any(|c| d.contains(c.as_str())),
                        "seed {seed}: {d} names no client paused past its session \
                         ({long_paused:?})\n{script}"
                    );
                    *belief_broken.entry(w).or_default() += 1;
                }
                belief_seeds_broken += usize::from(!recipe.is_empty());
            }
            runs.push((refusals(&b), stale_writes(&entries)));
        }
        if let [(refused, none), (unrefused, stale)] = &runs[..] {
            // Fencing changes what the resource takes, nothing else: it refused exactly the
            // writes the unfenced resource took stale.
            assert!(none.is_empty() && unrefused.is_empty(), "seed {seed}");
            assert_eq!(refused, stale, "seed {seed}\n{script}");
            fenced_refusals += refused.len();
            fenced_seeds_refusing += usize::from(!refused.is_empty());
        }
    }
    eprintln!("fault mix over {SEEDS} seeds: {mix:?}");
    eprintln!(
        "fenced locks: {fenced_refusals} stale writes refused in {fenced_seeds_refusing} seeds"
    );
    eprintln!("unfenced violations in {belief_seeds_broken} runs: {belief_broken:#?}");
    eprintln!("refused fault lines (their client had ended): {refused_lines}");
    eprintln!("the aimed long pause froze a role holder in {aimed_at_holder} seeds");
    eprintln!("a session paused past its timeout expired in {runs_expiring_a_paused_session} runs");
    // Every kind of fault struck in every seed; the long pauses did what they are for: they
    // froze holders, fenced resources refused their stale writes, and without fencing every
    // family whose safety is belief was broken, in the standalone server's words.
    assert!(mix.values().all(|&n| n >= SEEDS), "{mix:?}");
    assert!(aimed_at_holder >= 30, "{aimed_at_holder}");
    assert!(fenced_seeds_refusing >= 5, "{fenced_seeds_refusing}");
    for family in FAMILIES.iter().filter(|f| f.safety != Safety::Always) {
        let path = family.lines[0].split(' ').nth(2).unwrap();
        assert!(
            belief_broken.keys().any(|w| [':', '/']
                .iter()
                .any(|end| w.contains(&format!(" {path}{end}")))),
            "{path} never broke without fencing: {belief_broken:?}"
        );
    }
}

/// How many seeds run each double holder on both kinds of world.
const DOUBLE_HOLDER_SEEDS: u64 = 20;

/// The double holder on one server: a holder paused past its session while another client
/// takes its role, for every kind whose safety is its holders' belief (the locks without
/// fencing). Each as (seed, script) for the standalone server; an ensemble runs it after an
/// `ensemble 3` line.
fn double_holder_scripts() -> Vec<(u64, String)> {
    let pair = |first: &str, second: &str| {
        format!("{first}\ntick 100\n{second}\ntick 100\npause c1 40000\ntick 60000\n")
    };
    let same = |kind: &str, path: &str| {
        pair(
            &format!("recipe {kind} {path} on c1 hold=20000"),
            &format!("recipe {kind} {path} on c2 hold=5000"),
        )
    };
    let mut out = Vec::new();
    for seed in 0..DOUBLE_HOLDER_SEEDS {
        out.push((seed, same("lock", "/locks/printer")));
        out.push((seed, same("lock-naive", "/lock")));
        out.push((seed, same("election", "/election")));
        out.push((seed, same("election-naive", "/master")));
        out.push((seed, same("rwlock-write", "/rw")));
        out.push((
            seed,
            pair(
                "recipe rwlock-write /rw on c1 hold=20000",
                "recipe rwlock-read /rw on c2 hold=5000",
            ),
        ));
        out.push((
            seed,
            pair("recipe mw-master /mw on c1", "recipe mw-master /mw on c2"),
        ));
    }
    out
}

/// A violation or refusal as a transcript reports it, its fencing tokens without their epoch
/// (an ensemble's zxids are in epoch 1, the standalone server's in epoch 0).
fn as_reported(property: &str, detail: &str) -> String {
    let mut out = format!("{property}: ");
    let mut rest = detail;
    while let Some(at) = rest.find("0x") {
        out.push_str(&rest[..at]);
        let hex = &rest[at + 2..];
        let end = hex
            .find(|ch: char| !ch.is_ascii_hexdigit())
            .unwrap_or(hex.len());
        match i64::from_str_radix(&hex[..end], 16) {
            Ok(z) => out.push_str(&format!("{:#x}", z & 0xffff_ffff)),
            Err(_) => out.push_str(&rest[at..at + 2 + end]),
        }
        rest = &hex[end..];
    }
    out.push_str(rest);
    out
}

/// Without fencing a holder paused past its session breaks its recipe on an ensemble as on
/// the standalone server: the same violations, in the same words, naming the same clients and
/// the same zxids of the epoch. (The standalone server reports a lock's stale write twice,
/// once as the holder wakes and again as its overdue hold ends; on the ensemble the woken
/// holder reads the hangup of its expired session first, which its socket kept while it was
/// frozen, and writes once: the distinct violations are compared.) With fencing the lock's
/// resource refuses the same stale write on both, and nothing breaks.
#[test]
fn a_double_holder_reads_the_same_on_an_ensemble_as_on_the_standalone_server() {
    for (seed, script) in double_holder_scripts() {
        let (_, entries) = run_standalone(seed, &script);
        let standalone: Vec<String> = violations(&entries)
            .iter()
            .map(|(p, d)| as_reported(p, d))
            .collect();
        let (_, entries) = run_ensemble(seed, &format!("ensemble 3\n{script}"));
        let ensemble: Vec<String> = violations(&entries)
            .iter()
            .map(|(p, d)| as_reported(p, d))
            .collect();
        assert!(
            !standalone.is_empty(),
            "seed {seed}: no violation\n{script}"
        );
        assert_eq!(
            distinct(&ensemble),
            distinct(&standalone),
            "seed {seed}\n{script}"
        );
        if !script.starts_with("recipe lock") {
            continue;
        }
        let fenced = script.replace(" hold=", " fencing=on hold=");
        let (b, entries) = run_standalone(seed, &fenced);
        assert_eq!(violations(&entries), vec![], "seed {seed}\n{fenced}");
        let standalone: Vec<String> = b
            .sim
            .monitor
            .refusals
            .0
            .iter()
            .map(|r| as_reported("refused", &r.to_string()))
            .collect();
        let (b, entries) = run_ensemble(seed, &format!("ensemble 3\n{fenced}"));
        assert_eq!(violations(&entries), vec![], "seed {seed}\n{fenced}");
        let ensemble: Vec<String> = b
            .ensemble()
            .map(|s| s.monitor.refusals.0.clone())
            .unwrap_or_default()
            .iter()
            .map(|r| as_reported("refused", &r.to_string()))
            .collect();
        assert_eq!(standalone.len(), 1, "seed {seed}\n{fenced}");
        assert_eq!(ensemble, standalone, "seed {seed}\n{fenced}");
    }
}

fn distinct(xs: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in xs {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}
