//! The search space of "find a failure": what a scenario offers to fault (its clients, its
//! servers), the fault budget, and how one schedule of faults is drawn from a seeded RNG and
//! written as script lines.

use crate::ensemble::PeerId;
use crate::recipes::RecipeKind;
use crate::script::parse::{SimCommand, DEFAULT_TIMEOUT_MS};
use crate::script::{Step, StepKind};
use crate::sim::rng::Rng;

/// How many faults of each kind one run may inject (each run draws from 0 to this many).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    /// `crash NAME`: a client stops for good.
    pub crashes: u32,
    /// `pause NAME MS`: a client's GC pause.
    pub pauses: u32,
    /// `partition NAME` (or `partition server K` on an ensemble), healed later or not.
    pub partitions: u32,
    /// `server stop`/`server start` on a standalone server, `server K crash`/`restart` on an
    /// ensemble.
    pub server_crashes: u32,
    /// `delay NAME MS` (or `delay server K MS` on an ensemble).
    pub delays: u32,
}

/// The most faults of one kind a budget may allow (a bound, so a run stays small).
pub const FAULTS_PER_KIND_MAX: u32 = 20;

impl Budget {
    /// Every fault a run may inject.
    pub fn total(&self) -> u32 {
        self.crashes + self.pauses + self.partitions + self.server_crashes + self.delays
    }
}

/// What one scenario offers to fault.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Space {
    /// The sessions the scenario opens, in the order they first appear.
    pub clients: Vec<String>,
    /// The ensemble's servers (1..=servers), or 0 for a standalone server.
    pub servers: PeerId,
    /// The longest session timeout asked for: pauses and partitions are drawn around it.
    pub session_timeout_ms: u64,
    /// The recipes the scenario runs.
    pub kinds: Vec<RecipeKind>,
}

impl Space {
    /// What the parsed scenario offers.
    pub fn of(steps: &[Step]) -> Space {
        let mut space = Space {
            session_timeout_ms: u64::from(DEFAULT_TIMEOUT_MS),
            ..Space::default()
        };
        for step in steps {
            if let Some(name) = &step.session {
                space.add_client(name);
            }
            match &step.kind {
                StepKind::Session { timeout_ms, .. } => {
                    space.session_timeout_ms = space.session_timeout_ms.max(u64::from(*timeout_ms))
                }
                StepKind::Ensemble(config) => space.servers = config.servers(),
                StepKind::Sim(SimCommand::Recipe { kind, clients, .. }) => {
                    for c in clients {
                        space.add_client(c);
                    }
                    if !space.kinds.contains(kind) {
                        space.kinds.push(*kind);
                    }
                }
                _ => {}
            }
        }
        space
    }

    fn add_client(&mut self, name: &str) {
        if !self.clients.iter().any(|c| c == name) {
            self.clients.push(name.to_string());
        }
    }

    /// The budget less what this scenario cannot take (client faults without clients).
    pub fn usable(&self, budget: Budget) -> Budget {
        let clients = !self.clients.is_empty();
        let ensemble = self.servers > 0;
        Budget {
            crashes: if clients { budget.crashes } else { 0 },
            pauses: if clients { budget.pauses } else { 0 },
            partitions: if clients || ensemble {
                budget.partitions
            } else {
                0
            },
            server_crashes: budget.server_crashes,
            delays: if clients || ensemble {
                budget.delays
            } else {
                0
            },
        }
    }
}

/// Who a partition or a delay cuts or slows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A client, by its index in [`Space::clients`].
    Client(usize),
    /// An ensemble's server.
    Server(PeerId),
    /// An ensemble's server cut from its peers only: its clients still reach it, and it
    /// answers their reads from its own tree until it notices (a partition only).
    ServerPeers(PeerId),
}

/// One fault, without its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Crash {
        client: usize,
    },
    Pause {
        client: usize,
        ms: u64,
    },
    /// Cut, then healed `heal_after_ms` later (never, when `None` or past the horizon).
    Partition {
        target: Target,
        heal_after_ms: Option<u64>,
    },
    /// Server `server` (0: the standalone server) stops, and starts `restart_after_ms` later.
    ServerCrash {
        server: PeerId,
        restart_after_ms: Option<u64>,
    },
    Delay {
        target: Target,
        ms: u64,
    },
}

/// A fault at a time, counted from the end of the scenario's own lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timed {
    pub at_ms: u64,
    pub fault: Fault,
}

/// One run's choices: the world's seed, the faults and how long the run goes on after the
/// scenario's own lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub seed: u64,
    pub faults: Vec<Timed>,
    pub horizon_ms: u64,
}

/// Times and durations are drawn on this grid, so scripts read as round numbers.
pub const GRID_MS: u64 = 100;

fn on_grid(ms: u64) -> u64 {
    ms / GRID_MS * GRID_MS
}

/// A time or duration in `lo..=hi`, on the grid (at least `lo`).
fn draw_ms(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    on_grid(rng.range_inclusive(lo, hi)).max(lo)
}

fn draw_index(rng: &mut Rng, len: usize) -> usize {
    // `len` is at least 1 wherever this is called (the usable budget says so).
    let hi = u64::try_from(len.saturating_sub(1)).unwrap_or(0);
    usize::try_from(rng.range_inclusive(0, hi)).unwrap_or(0)
}

fn draw_target(rng: &mut Rng, space: &Space) -> Target {
    let clients = u64::try_from(space.clients.len()).unwrap_or(0);
    let all = clients + space.servers;
    let i = rng.range_inclusive(0, all.saturating_sub(1));
    if i < clients {
        Target::Client(usize::try_from(i).unwrap_or(0))
    } else {
        Target::Server(i - clients + 1)
    }
}

/// Draws one run's faults within the (usable) budget: from 0 to the budget of each kind, at
/// least one fault in all, each at a time before the horizon.
pub fn draw(rng: &mut Rng, budget: Budget, space: &Space, horizon_ms: u64) -> Vec<Timed> {
    let counts = [
        budget.crashes,
        budget.pauses,
        budget.partitions,
        budget.server_crashes,
        budget.delays,
    ];
    let mut drawn: Vec<u64> = counts
        .iter()
        .map(|&n| rng.range_inclusive(0, u64::from(n)))
        .collect();
    if drawn.iter().all(|&n| n == 0) {
        let allowed: Vec<usize> = (0..counts.len()).filter(|&k| counts[k] > 0).collect();
        if allowed.is_empty() {
            return Vec::new();
        }
        drawn[allowed[draw_index(rng, allowed.len())]] = 1;
    }
    // Pauses and outages reach twice the timeout, within the lines' bounds (a day).
    let timeout = space
        .session_timeout_ms
        .clamp(GRID_MS, crate::bounds::PAUSE_MS_MAX / 2);
    let last_ms = horizon_ms.saturating_sub(1);
    let mut faults = Vec::new();
    for (kind, &n) in drawn.iter().enumerate() {
        for _ in 0..n {
            let at_ms = draw_ms(rng, 0, last_ms);
            let fault = match kind {
                0 => Fault::Crash {
                    client: draw_index(rng, space.clients.len()),
                },
                1 => Fault::Pause {
                    client: draw_index(rng, space.clients.len()),
                    ms: draw_ms(rng, GRID_MS, 2 * timeout),
                },
                2 => Fault::Partition {
                    target: match draw_target(rng, space) {
                        Target::Server(k) if rng.range_inclusive(0, 1) == 1 => {
                            Target::ServerPeers(k)
                        }
                        t => t,
                    },
                    heal_after_ms: Some(draw_ms(rng, GRID_MS, 2 * timeout)),
                },
                3 => Fault::ServerCrash {
                    server: if space.servers == 0 {
                        0
                    } else {
                        rng.range_inclusive(1, space.servers)
                    },
                    restart_after_ms: Some(draw_ms(rng, GRID_MS, 2 * timeout)),
                },
                _ => {
                    let target = draw_target(rng, space);
                    // On a standalone server a line settles until nothing is in flight; a
                    // client link slower than half the ping interval (a third of the
                    // timeout) always has a ping in flight, and a `sleep` then runs to the
                    // runner's event cap (hours of simulated time): such delays are left out.
                    let hi = match target {
                        Target::Client(_) if space.servers == 0 => timeout / 7,
                        Target::Client(_) => timeout,
                        Target::Server(_) | Target::ServerPeers(_) => 10_000,
                    };
                    Fault::Delay {
                        target,
                        ms: draw_ms(rng, GRID_MS, hi),
                    }
                }
            };
            faults.push(Timed { at_ms, fault });
        }
    }
    crate::sorted::sort_by_key(&mut faults, |t| t.at_ms);
    faults
}

impl Fault {
    /// The fault's script lines: when it starts, and (for a partition or a server crash) the
    /// heal or restart with its delay.
    fn lines(&self, space: &Space) -> (String, Option<(u64, String)>) {
        let client = |i: usize| space.clients.get(i).cloned().unwrap_or_default();
        let target = |t: Target| match t {
            Target::Client(i) => client(i),
            Target::Server(k) | Target::ServerPeers(k) => format!("server {k}"),
        };
        let partition = |t: Target| match t {
            Target::ServerPeers(k) => {
                let others: Vec<String> = (1..=space.servers)
                    .filter(|&o| o != k)
                    .map(|o| o.to_string())
                    .collect();
                format!("partition servers {k} | {}", others.join(","))
            }
            t => format!("partition {}", target(t)),
        };
        match *self {
            Fault::Crash { client: c } => (format!("crash {}", client(c)), None),
            Fault::Pause { client: c, ms } => (format!("pause {} {ms}", client(c)), None),
            Fault::Partition {
                target: t,
                heal_after_ms,
            } => (
                partition(t),
                heal_after_ms.map(|d| (d, format!("heal {}", target(t)))),
            ),
            Fault::ServerCrash {
                server: 0,
                restart_after_ms,
            } => (
                "server stop".to_string(),
                restart_after_ms.map(|d| (d, "server start".to_string())),
            ),
            Fault::ServerCrash {
                server,
                restart_after_ms,
            } => (
                format!("server {server} crash"),
                restart_after_ms.map(|d| (d, format!("server {server} restart"))),
            ),
            Fault::Delay { target: t, ms } => (format!("delay {} {ms}", target(t)), None),
        }
    }
}

impl Schedule {
    /// The lines that follow the scenario's own: each fault line at its time, `sleep` lines
    /// between them, and a last `sleep` to the horizon. A heal or restart due at or after the
    /// horizon is left out.
    pub fn lines(&self, space: &Space) -> Vec<String> {
        let mut events: Vec<(u64, usize, String)> = Vec::new();
        for t in &self.faults {
            let (first, then) = t.fault.lines(space);
            let n = events.len();
            events.push((t.at_ms, n, first));
            if let Some((after, line)) = then {
                let at = t.at_ms.saturating_add(after);
                if at < self.horizon_ms {
                    events.push((at, n + 1, line));
                }
            }
        }
        crate::sorted::sort_by(&mut events, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut out = Vec::new();
        let mut now = 0;
        for (at, _, line) in events {
            if at > now {
                out.push(format!("sleep {}", at - now));
                now = at;
            }
            out.push(line);
        }
        if self.horizon_ms > now {
            out.push(format!("sleep {}", self.horizon_ms - now));
        }
        out
    }

    /// How many script lines the faults take (heals and restarts included).
    pub fn fault_lines(&self, space: &Space) -> usize {
        self.lines(space)
            .iter()
            .filter(|l| !l.starts_with("sleep "))
            .count()
    }
}
