//! Loading a script into a sandbox in slices (an import, a share link, a saved sandbox). Its work
//! is estimated before anything runs, so the page can say what a script is about to do and ask
//! first; then each call runs at most a budget of simulation events and returns, so the page can
//! draw and answer between calls. A sliced load ends in exactly the state of loading at once, and
//! one stopped early keeps what ran, with a script that rebuilds exactly that.

use crate::sorted::{SortedMap as BTreeMap, SortedSet as BTreeSet};

use crate::bounds::DAY_MS;
use crate::sandbox::{actions, ImportError, Part, Sandbox};
use crate::script::parse::{parse_script, SimCommand, Step, StepKind, DEFAULT_TIMEOUT_MS};
use crate::script::simulation_backend::STEPS_PER_COMMAND_MAX;
use crate::script::Backend;
use crate::script::SimulationBackend;
use crate::server::ServerConfig;

/// The most simulation events a script may be estimated to take before the page asks whether
/// to run it (about a second of work in the browser).
pub const EVENTS_UNASKED_MAX: u64 = 1_000_000;

/// What any line costs besides the time it lets pass (a request, its reply, the settling).
const EVENTS_PER_LINE: u64 = 10;
/// What a connected client costs per ping interval (a third of its session timeout): its
/// timer, the ping and the pong.
const EVENTS_PER_PING: u64 = 3;
/// What one round or item of a recipe costs per client, roughly (a hand-off's requests, replies
/// and notifications).
const EVENTS_PER_RECIPE_ROUND: u64 = 20;

/// What a script is about to do, estimated from its lines before any of it runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// The actions it runs (lines; a multi block is one).
    pub lines: usize,
    /// The sessions it opens (`session` lines and recipe clients, each name once).
    pub sessions: usize,
    /// The simulated time its `tick`/`sleep` lines let pass.
    pub simulated_ms: u64,
    /// The simulation events it will take, roughly: what the progress counts.
    pub events: u64,
}

impl Estimate {
    /// Estimates a script without running it.
    pub fn of(text: &str) -> Estimate {
        estimate(&actions(text)).0
    }

    /// Whether it is big enough that the page should say so and ask before running it.
    pub fn needs_confirmation(&self) -> bool {
        self.events > EVENTS_UNASKED_MAX
    }
}

/// How far a load has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub lines_done: usize,
    pub lines_total: usize,
    /// Estimated events done and in all: the fraction to show.
    pub events_done: u64,
    pub events_total: u64,
    /// The simulated clock of the sandbox being built.
    pub now_ms: u64,
}

/// A script being loaded into a fresh sandbox, a slice at a time.
#[derive(Clone, Debug)]
pub struct Loading {
    sandbox: Sandbox,
    actions: Vec<String>,
    /// Each action's estimated events.
    action_events: Vec<u64>,
    estimate: Estimate,
    next: usize,
    /// The estimated events of the actions before `next`.
    events_before: u64,
    /// The line at `next`, once begun.
    current: Option<Current>,
}

/// The line at `next`, part way done.
#[derive(Clone, Debug)]
struct Current {
    part: Part,
    start_ms: u64,
    start_steps: u64,
    phase: Phase,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// A `tick`: delivering every event due by `target_ms`.
    Advance { target_ms: u64 },
    /// A `step N`: delivering `total` events one by one.
    Step { done: u64, total: u64 },
    /// The line's own work is done; the messages it set off are landing (what closing any
    /// line's transcript does).
    Settle,
}

impl Loading {
    /// Checks a script as [`Sandbox::import`] does and estimates it; nothing runs yet.
    pub fn new(text: &str) -> Result<Loading, ImportError> {
        Sandbox::check_import(text)?;
        let actions = actions(text);
        let (estimate, action_events) = estimate(&actions);
        Ok(Loading {
            sandbox: Sandbox::new(),
            actions,
            action_events,
            estimate,
            next: 0,
            events_before: 0,
            current: None,
        })
    }

    pub fn estimate(&self) -> &Estimate {
        &self.estimate
    }

    pub fn finished(&self) -> bool {
        self.next >= self.actions.len()
    }

    /// Runs the script on for about `events_max` simulation events, then returns; true when it
    /// is all done. Time passing, steps and the landing of each line's messages stop at the
    /// budget; a command's own wait for its reply runs whole (within its session timeout).
    pub fn run(&mut self, events_max: u64) -> bool {
        let mut spent: u64 = 0;
        while !self.finished() && spent < events_max {
            let before = self.sandbox.steps();
            self.advance(events_max - spent);
            // A `seed` line starts a new simulation, so the count may go down: saturate. Every
            // call counts, so a run of lines that take no events still returns.
            let used = self.sandbox.steps().saturating_sub(before).max(1);
            spent = spent.saturating_add(used);
        }
        self.finished()
    }

    /// How far it has got.
    pub fn progress(&self) -> Progress {
        let now_ms = self.sandbox.now_ms();
        let current = self.action_events.get(self.next).copied().unwrap_or(0);
        let part = match &self.current {
            None => 0,
            Some(c) => match c.phase {
                Phase::Advance { target_ms } => fraction(
                    current,
                    now_ms.saturating_sub(c.start_ms),
                    target_ms.saturating_sub(c.start_ms),
                ),
                Phase::Settle => current,
                Phase::Step { done, total } => fraction(current, done, total),
            },
        };
        Progress {
            lines_done: self.next,
            lines_total: self.actions.len(),
            events_done: (self.events_before + part).min(self.estimate.events),
            events_total: self.estimate.events,
            now_ms,
        }
    }

    /// The sandbox as loaded so far. A line cut short is kept as far as it got — a `tick` as a
    /// shorter `tick` (the time that passed), a `step` as a shorter `step` (the events
    /// delivered), a command with its messages landed — so the sandbox's script rebuilds exactly
    /// this state.
    pub fn into_sandbox(mut self) -> Sandbox {
        let Some(c) = self.current.take() else {
            return self.sandbox;
        };
        let text = self.actions[self.next].clone();
        // Only a standalone sandbox runs a line in parts (an ensemble's lines run whole).
        let Some(backend) = self.sandbox.backend_mut() else {
            return self.sandbox;
        };
        match c.phase {
            Phase::Advance { .. } => {
                // Deliver what else is due this very millisecond, as a `tick` to now would.
                let now = backend.sim.now_ms();
                while backend.sim.next_event_ms().is_some_and(|t| t <= now) {
                    backend.sim.step();
                }
                if backend.sim.steps() == c.start_steps && now == c.start_ms {
                    return self.sandbox;
                }
                Backend::sleep(backend, 0);
                backend.settle_some(u64::MAX);
                let word = text.split_whitespace().next().unwrap_or("tick");
                self.finish_shortened(&format!("{word} {}", now - c.start_ms), c.part);
            }
            Phase::Step { done, .. } => {
                if done > 0 {
                    self.finish_shortened(&format!("step {done}"), c.part);
                }
            }
            Phase::Settle => {
                backend.settle_some(u64::MAX);
                self.sandbox.finish(c.part, &text);
            }
        }
        self.sandbox
    }

    /// Closes a line cut short as the line `text` that does what it did.
    fn finish_shortened(&mut self, text: &str, part: Part) {
        let part = match single_step(text) {
            Some(step) => self.sandbox.begin(step),
            None => part,
        };
        self.sandbox.finish(part, text);
    }

    /// Begins the next line, or takes the current one on by at most `events_max` events.
    fn advance(&mut self, events_max: u64) {
        let Some(mut c) = self.current.take() else {
            self.begin_next();
            return;
        };
        let Some(backend) = self.sandbox.backend_mut() else {
            return;
        };
        match c.phase {
            Phase::Advance { target_ms } => {
                let due = |b: &mut SimulationBackend| {
                    b.sim.next_event_ms().is_some_and(|t| t <= target_ms)
                };
                let mut n = 0;
                while n < events_max && due(backend) {
                    backend.sim.step();
                    n += 1;
                }
                if !due(backend) {
                    // What is left of the `tick`: the clock moves to the target, and the
                    // messages in flight are marked to land.
                    let left_ms = target_ms.saturating_sub(backend.sim.now_ms());
                    Backend::sleep(backend, left_ms);
                    c.phase = Phase::Settle;
                }
            }
            Phase::Step { done, total } => {
                let mut done = done;
                let mut exhausted = false;
                for _ in 0..(total - done).min(events_max) {
                    if !backend.sim.step() {
                        exhausted = true;
                        break;
                    }
                    done += 1;
                }
                c.phase = if done == total || exhausted {
                    // `step` settles nothing: this only closes the line.
                    Phase::Settle
                } else {
                    Phase::Step { done, total }
                };
            }
            Phase::Settle => {
                if backend.settle_some(events_max) {
                    let text = self.actions[self.next].clone();
                    self.sandbox.finish(c.part, &text);
                    self.complete();
                    return;
                }
            }
        }
        self.current = Some(c);
    }

    /// Begins the line at `next`: a `tick` or `step` is run in slices from here; any other line
    /// runs its command now (a command's own wait for its reply is bounded by its session
    /// timeout), and its messages land in slices.
    fn begin_next(&mut self) {
        let text = &self.actions[self.next];
        // An action is one step (a line, or a multi block); should one parse otherwise, it runs
        // whole, as loading at once runs it.
        let whole =
            |s: &Step| self.sandbox.is_ensemble() || matches!(s.kind, StepKind::Ensemble(_));
        let Some(step) = single_step(text).filter(|s| !whole(s)) else {
            let text = text.clone();
            self.sandbox.run(&text);
            self.complete();
            return;
        };
        let start_ms = self.sandbox.now_ms();
        let phase = match step.kind {
            StepKind::Sleep { ms } => Phase::Advance {
                target_ms: start_ms.saturating_add(ms),
            },
            StepKind::Sim(SimCommand::Step(total)) => Phase::Step { done: 0, total },
            _ => Phase::Settle,
        };
        let mut part = self.sandbox.begin(step);
        if phase == Phase::Settle {
            self.sandbox.start(&mut part);
        }
        self.current = Some(Current {
            part,
            start_ms,
            start_steps: self.sandbox.steps(),
            phase,
        });
    }

    fn complete(&mut self) {
        self.events_before += self.action_events.get(self.next).copied().unwrap_or(0);
        self.next += 1;
    }
}

/// The step of a one-step action.
fn single_step(text: &str) -> Option<Step> {
    let mut steps = parse_script(text);
    (steps.len() == 1).then(|| steps.remove(0))
}

/// `whole` × `part` / `of`, without overflow; 0 when `of` is 0.
fn fraction(whole: u64, part: u64, of: u64) -> u64 {
    if of == 0 {
        return 0;
    }
    let f = u128::from(whole) * u128::from(part.min(of)) / u128::from(of);
    u64::try_from(f).unwrap_or(whole)
}

/// The estimate of a script and of each of its actions. A client pings every third of its
/// negotiated timeout and the server ticks every tickTime, so time passing costs in proportion
/// to the sessions open; recipes cost per client, round and item; `step N` costs N. A line
/// ends by letting its messages land until none is in flight; once a link delay is as long as
/// half a ping interval, that client always has one in flight, so every line takes the most a
/// line may (`STEPS_PER_COMMAND_MAX`).
fn estimate(actions: &[String]) -> (Estimate, Vec<u64>) {
    let server = ServerConfig::default();
    let tick_ms = u64::from(server.tick_time_ms.max(1));
    let ping_interval_ms =
        |timeout_ms: u32| (u64::from(server.negotiate_timeout(timeout_ms)) / 3).max(1);
    let ping_events_per_day =
        |timeout_ms: u32| EVENTS_PER_PING * DAY_MS / ping_interval_ms(timeout_ms);
    // Each session opened so far (none is assumed to close), with its requested timeout.
    let mut sessions: BTreeMap<String, u32> = BTreeMap::new();
    // The clients whose link delay keeps a message always in flight.
    let mut never_quiet: BTreeSet<String> = BTreeSet::new();
    // Events per simulated day of the sessions opened so far (none is assumed to close).
    let mut events_per_day: u64 = 0;
    let mut e = Estimate {
        lines: actions.len(),
        ..Estimate::default()
    };
    let mut per_action = Vec::with_capacity(actions.len());
    // An ensemble's lines are read against its `ensemble` line, as the sandbox reads them.
    let mut ensemble: Option<crate::script::ensemble_lines::EnsembleConfig> = None;
    for action in actions {
        let mut events = EVENTS_PER_LINE;
        let steps = match &ensemble {
            Some(config) => crate::script::parse_script_in(action, config),
            None => parse_script(action),
        };
        for step in steps {
            match &step.kind {
                StepKind::Ensemble(config) if ensemble.is_none() => {
                    // Every half tick the leader pings each learner, which answers; with the
                    // peers' own timers, about three events per learner and one more.
                    let learners = config.servers().saturating_sub(1);
                    let half_tick_ms = (u64::from(config.tick_time_ms) / 2).max(1);
                    events_per_day = events_per_day.saturating_add(
                        DAY_MS / half_tick_ms * learners.saturating_mul(3).saturating_add(1),
                    );
                    ensemble = Some(config.clone());
                }
                StepKind::Session { timeout_ms, .. } => {
                    if let Some(name) = &step.session {
                        if sessions.insert(name.clone(), *timeout_ms).is_none() {
                            events_per_day += ping_events_per_day(*timeout_ms);
                        }
                    }
                }
                StepKind::Sim(SimCommand::Delay(name, ms)) => {
                    let timeout_ms = sessions.get(name).copied().unwrap_or(DEFAULT_TIMEOUT_MS);
                    if ms.saturating_mul(2) >= ping_interval_ms(timeout_ms) {
                        never_quiet.insert(name.clone());
                    } else {
                        never_quiet.remove(name);
                    }
                }
                StepKind::Sim(SimCommand::Recipe {
                    clients, options, ..
                }) => {
                    for c in clients {
                        if sessions.insert(c.clone(), DEFAULT_TIMEOUT_MS).is_none() {
                            events_per_day += ping_events_per_day(DEFAULT_TIMEOUT_MS);
                        }
                    }
                    let rounds = u64::from(options.rounds) + u64::from(options.items);
                    events = events.saturating_add(
                        (clients.len() as u64)
                            .saturating_mul(rounds)
                            .saturating_mul(EVENTS_PER_RECIPE_ROUND),
                    );
                }
                StepKind::Sleep { ms } => {
                    e.simulated_ms = e.simulated_ms.saturating_add(*ms);
                    let pings = u128::from(*ms) * u128::from(events_per_day) / u128::from(DAY_MS);
                    events = events
                        .saturating_add(ms / tick_ms)
                        .saturating_add(u64::try_from(pings).unwrap_or(u64::MAX));
                }
                StepKind::Sim(SimCommand::Step(n)) => events = events.saturating_add(*n),
                _ => {}
            }
            if !never_quiet.is_empty() && !matches!(step.kind, StepKind::Sim(SimCommand::Step(_))) {
                events = events.saturating_add(STEPS_PER_COMMAND_MAX);
            }
        }
        e.events = e.events.saturating_add(events);
        per_action.push(events);
    }
    e.sessions = sessions.len();
    (e, per_action)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the unsliced load gives, to compare a sliced one with.
    fn at_once(script: &str) -> Sandbox {
        Sandbox::import(script).unwrap()
    }

    fn sliced(script: &str, events_max: u64) -> Sandbox {
        let mut l = Loading::new(script).unwrap();
        let mut calls = 0;
        while !l.run(events_max) {
            calls += 1;
            assert!(calls < 10_000_000, "no progress");
        }
        l.into_sandbox()
    }

    fn assert_same(a: &Sandbox, b: &Sandbox, label: &str) {
        assert_eq!(a.state_hash(), b.state_hash(), "{label}: state");
        assert_eq!(a.script(), b.script(), "{label}: script");
        assert_eq!(a.console_text(), b.console_text(), "{label}: transcript");
        assert_eq!(a.steps(), b.steps(), "{label}: steps");
    }

    const SCRIPTS: &[&str] = &[
        "session a\nsession b\nb: get -w /zookeeper\ntick 60000\na: set /zookeeper x\nstep 7\nstep 5\ntick 1000\n",
        "seed 7\nrecipe lock /l on a,b,c hold=300\ntick 5000\ncrash a\nsleep 40000\nstep 3\n",
        "session a\na: create -e /x 1\npartition a\ntick 25000\nheal a\ntick 100\na: multi\n  create /y 2\n  set /x 3\nend\nstep 3000\n",
        "session a timeout=40000\nsession b\ndelay a 3000\na: ls /\npause a 3000\ntick 20000\nserver stop\ntick 3000\nserver start\ntick 9000\nb: create /x 1\n",
        "recipe queue-producer /q on p items=20 interval=50\nrecipe queue-consumer /q on c1,c2 interval=30\ntick 4000\n",
        "session a\na: frobnicate\ntick 0\nstep 0\n",
    ];

    #[test]
    fn a_sliced_load_equals_loading_at_once() {
        for (i, script) in SCRIPTS.iter().enumerate() {
            let whole = at_once(script);
            for events_max in [1, 2, 7, 100, 5_000, u64::MAX] {
                let s = sliced(script, events_max);
                assert_same(&s, &whole, &format!("script {i}, slices of {events_max}"));
            }
        }
    }

    /// Stopped anywhere, a load keeps what ran, and its script rebuilds exactly that state.
    #[test]
    fn a_stopped_load_keeps_what_ran_and_its_script_rebuilds_it() {
        for (i, script) in SCRIPTS.iter().enumerate() {
            for (events_max, calls) in [(1, 1), (1, 3), (3, 40), (50, 9), (400, 2), (1_000, 30)] {
                let mut l = Loading::new(script).unwrap();
                for _ in 0..calls {
                    l.run(events_max);
                }
                let partial = l.into_sandbox();
                let rebuilt = at_once(&partial.script());
                assert_same(
                    &rebuilt,
                    &partial,
                    &format!("script {i} stopped after {calls} slices of {events_max}"),
                );
            }
        }
    }

    /// Stopped after every single event of a script with commands, ticks, steps and a delayed
    /// link (so lines settle over many events), a load still rebuilds from its script.
    #[test]
    fn a_load_stopped_at_any_event_rebuilds_from_its_script() {
        let script = "session a timeout=40000\nsession b\ndelay a 3000\na: ls /\nb: get -w /zookeeper\ntick 30000\nb: set /zookeeper x\nstep 9\ntick 7000\n";
        let mut calls = 0;
        loop {
            let mut l = Loading::new(script).unwrap();
            for _ in 0..calls {
                l.run(1);
            }
            let finished = l.finished();
            let partial = l.into_sandbox();
            assert_same(
                &at_once(&partial.script()),
                &partial,
                &format!("stopped after {calls}"),
            );
            if finished {
                break;
            }
            calls += 1;
        }
        assert!(calls > 50, "only {calls} slices");
    }

    #[test]
    fn progress_advances_to_the_whole() {
        let script = "session a\nsession b\ntick 600000\nstep 500\ntick 600000\n";
        let mut l = Loading::new(script).unwrap();
        let mut last = l.progress();
        assert_eq!((last.lines_done, last.lines_total), (0, 5));
        assert!(last.events_total > 0);
        while !l.run(200) {
            let p = l.progress();
            assert!(p.events_done >= last.events_done, "{p:?} after {last:?}");
            assert!(p.events_done <= p.events_total);
            last = p;
        }
        let p = l.progress();
        assert_eq!(p.lines_done, 5);
        assert_eq!(p.events_done, p.events_total);
        assert!(p.now_ms >= 1_200_000, "{p:?}");
    }

    /// The share link of the issue: twenty sessions and a hundred days of ticks.
    #[test]
    fn a_hundred_days_of_twenty_sessions_is_estimated_and_asked_for() {
        let mut script = String::new();
        for i in 0..20 {
            script.push_str(&format!("session s{i}\n"));
        }
        for _ in 0..100 {
            script.push_str("tick 86400000\n");
        }
        let e = Estimate::of(&script);
        assert_eq!((e.lines, e.sessions), (120, 20));
        assert_eq!(e.simulated_ms, 100 * DAY_MS);
        // Measured: 561,640 events a day for twenty sessions.
        assert!(
            (50_000_000..60_000_000).contains(&e.events),
            "{} events",
            e.events
        );
        assert!(e.needs_confirmation());
        // What a small sandbox is, and every lesson's setup, runs without asking.
        assert!(!Estimate::of("session a\na: create /x 1\ntick 10000\n").needs_confirmation());
        for l in crate::tutorial::lessons() {
            assert!(!Estimate::of(l.setup).needs_confirmation(), "{}", l.id);
        }
        // One slice of a day's tick returns within its budget (give or take one event).
        let mut l = Loading::new(&script).unwrap();
        l.run(10_000);
        let s = l.progress();
        assert_eq!(s.lines_done, 20);
        assert!(s.events_done > 0 && s.events_done < s.events_total / 100);
    }

    /// A link delay of half a ping interval keeps a message always in flight, and then every
    /// line settles for as long as a line may: the estimate counts that.
    #[test]
    fn a_long_link_delay_is_counted_as_the_most_a_line_may_take() {
        let lines = "a: ls /\n".repeat(10);
        let short = Estimate::of(&format!("session a\ndelay a 3000\n{lines}"));
        let long = Estimate::of(&format!("session a\ndelay a 5000\n{lines}"));
        assert!(!short.needs_confirmation(), "{short:?}");
        assert!(long.needs_confirmation(), "{long:?}");
        assert!(long.events >= 10 * STEPS_PER_COMMAND_MAX);
        let healed = Estimate::of(&format!("session a\ndelay a 5000\ndelay a 0\n{lines}"));
        assert!(!healed.needs_confirmation(), "{healed:?}");
    }

    #[test]
    fn bad_scripts_are_refused_before_anything_runs() {
        assert!(Loading::new("session a\nthis is not zkplay\n").is_err());
        assert!(Loading::new("# zkplay scenario v9\n").is_err());
        assert!(Loading::new("recipe lock /l on a hold=18446744073709551615\n").is_err());
    }
}
