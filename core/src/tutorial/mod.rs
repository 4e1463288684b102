//! The interactive tutorial as data: every lesson is a scenario to start from and a sequence of
//! small steps, each with what to do, what on the page to look at, the script its "show me"
//! runs, a live check against the sandbox that must pass before the next step, and what just
//! happened and why, in English and Simplified Chinese. The lessons themselves are in
//! `sessions.rs` (a first session, znodes, ephemerals), `watches.rs` (watches, sequential
//! nodes, multi), `recipes.rs` (election, locks, queues, load balancing, master–worker) and
//! `ensemble.rs` (quorums, leader election, Zab, stale reads, failover, partitions) and
//! `replicated_recipes.rs` (locks and elections on an ensemble: a holder's server dies,
//! ZooKeeper's leader against the application's master, a partitioned master).
//! Adding a lesson means adding an entry to one of them.

mod ensemble;
mod find_a_failure;
mod recipes;
mod replicated_recipes;
mod sessions;
mod status_line;
#[cfg(test)]
mod tests;
pub mod text_file;
mod watches;

use crate::ensemble::PeerId;
use crate::explore::ExploreConfig;
use crate::recipes::monitor::Property;
use crate::sandbox::Sandbox;
pub use status_line::StatusLine;

/// The languages of the tutorial (and of the whole page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of a code as [`Lang::code`] writes it; anything else is English.
    pub fn from_code(s: &str) -> Lang {
        Lang::parse(s).unwrap_or(Lang::En)
    }

    /// The language of a code as [`Lang::code`] writes it, if it is one.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// Text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(&self, l: Lang) -> &'static str {
        match l {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// A piece of a lesson's text: prose, or code (a command, a path, ZooKeeper's own names),
/// which reads the same in every language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span<'a> {
    Prose(&'a str),
    Code(&'a str),
}

/// A lesson's text in pieces: what stands between backticks is code.
pub fn spans(text: &str) -> impl Iterator<Item = Span<'_>> {
    text.split('`')
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| {
            if i % 2 == 1 {
                Span::Code(piece)
            } else {
                Span::Prose(piece)
            }
        })
}

/// A live check against the sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The znode exists.
    Exists(&'static str),
    /// The znode does not exist.
    Missing(&'static str),
    /// The znode's data is this text.
    Data(&'static str, &'static str),
    /// The znode's data version (`dataVersion`) is this.
    DataVersion(&'static str, i32),
    /// The znode has exactly this many children.
    Children(&'static str, i32),
    /// The session's console (commands, results, events) contains the text: ZooKeeper's own.
    Console(&'static str, &'static str),
    /// The consoles together contain the text at least this many times.
    AnyConsole(&'static str, usize),
    /// The session's console shows this recipe status.
    Status(&'static str, StatusLine),
    /// The consoles together show this recipe status at least this many times.
    AnyStatus(StatusLine, usize),
    /// The event log (every line the simulation keeps) contains the text.
    Log(&'static str),
    /// The client is in this state.
    State(&'static str, crate::sim::ClientState),
    /// The client holds a watch on the path.
    Watching(&'static str, &'static str),
    /// At least one safety violation was reported.
    Violation,
    /// On an ensemble: server K reports this mode to `srvr` (`leader`, `follower`,
    /// `observer`, `not serving`).
    Mode(PeerId, crate::script::ensemble_lines::ServerMode),
    /// On an ensemble: the learner asked `srvr K`, and its latest answer reports this mode.
    Srvr(PeerId, crate::script::ensemble_lines::ServerMode),
    /// On an ensemble: server K lacks at least this many committed transactions.
    Behind(PeerId, usize),
    /// On an ensemble: the znode exists in server K's own tree.
    OnServer(PeerId, &'static str),
    /// On an ensemble: the znode is not in server K's own tree.
    NotOnServer(PeerId, &'static str),
    /// On an ensemble: a serving server is in this epoch or a later one.
    EpochAtLeast(i64),
    /// On an ensemble: the client is connected (SyncConnected) to server K.
    ConnectedTo(&'static str, PeerId),
    /// The page's "find a failure" answered, during this step, a search for this property of
    /// at least `runs` runs (or one that found a failure sooner): it found a failure, or none.
    /// Not the sandbox's: the page tells it ([`SearchFact`]); [`search_of`] is the search a
    /// "show me" makes.
    Searched {
        property: Property,
        found: bool,
        runs: u64,
        /// The scenario searched is the sandbox's script with `fencing=on` on its locks.
        fencing: bool,
    },
}

/// The fewest runs a lesson's "show me" searches.
pub const SEARCH_RUNS_MIN: u64 = 2_000;

/// What the page's last finished search in the current step answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchFact {
    /// The property searched for (`None`: any).
    pub property: Option<Property>,
    pub found: bool,
    /// The runs the search made (up to the failure, when it found one).
    pub runs: u64,
}

/// The search a step's `Searched` check asks for: the scenario (from the sandbox's script)
/// and the configuration (the check's property, one GC pause per run and no other fault, the
/// check's runs, at least [`SEARCH_RUNS_MIN`]).
pub fn search_of(check: &Check, script: &str) -> Option<(String, ExploreConfig)> {
    let Check::Searched {
        property,
        runs,
        fencing,
        ..
    } = *check
    else {
        return None;
    };
    let scenario = if fencing {
        with_fencing(script)
    } else {
        script.to_string()
    };
    Some((
        scenario,
        ExploreConfig {
            property: Some(property),
            budget: crate::explore::Budget {
                pauses: 1,
                ..crate::explore::Budget::default()
            },
            runs_max: runs.max(SEARCH_RUNS_MIN),
            ..ExploreConfig::default()
        },
    ))
}

/// A script with `fencing=on` on every `recipe lock` line that lacks it.
pub fn with_fencing(script: &str) -> String {
    let mut out = String::new();
    for line in script.lines() {
        let t = line.trim();
        out.push_str(line);
        if t.starts_with("recipe lock ") && !t.split_whitespace().any(|w| w.starts_with("fencing="))
        {
            out.push_str(" fencing=on");
        }
        out.push('\n');
    }
    out
}

/// A button on a client's card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardButton {
    Crash,
    Partition,
    Heal,
    Pause,
}

/// A control of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    SpawnClient,
    /// The server's start/stop button.
    Server,
    TickOneSecond,
    TickTenSeconds,
    /// Deliver ▶: one event.
    Step,
    /// The GC pause's length, above the cards.
    PauseLength,
    /// The form that starts a recipe.
    RecipeForm,
    /// The choice between one standalone server and an ensemble.
    EnsembleMode,
    /// "Find a failure" in the toolbar.
    Explore,
}

/// What on the page a step points at (the page highlights it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// A znode in the tree.
    Node(&'static str),
    /// A client's card.
    Client(&'static str),
    /// A button on a client's card.
    Card(&'static str, CardButton),
    /// A client's zkCli console (the page makes it the active one).
    Console(&'static str),
    Control(Control),
    /// The messages in flight.
    InFlight,
    /// The event log.
    EventLog,
    /// The timeline in the toolbar.
    Timeline,
    /// The recipes' boards (who holds, who waits, the herd chart).
    RecipeBoard,
    /// One server of the ensemble's ring.
    Server(PeerId),
    /// A control of one server of the ensemble (crash/restart, partition/heal, delay).
    ServerControl(PeerId, ServerButton),
    /// The ensemble's ring of servers as a whole, with the messages between them.
    Ring,
}

/// A button of a server in the ensemble's ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerButton {
    /// Crash, or restart a crashed server.
    Power,
    /// Partition, or heal.
    Partition,
    /// Show this server's tree.
    ShowTree,
}

/// One small step of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// What to do.
    pub task: Text,
    /// What on the page to look at while doing it.
    pub focus: &'static [Focus],
    /// What "show me" runs for this step, one action per line, as a user would.
    pub show_me: &'static str,
    /// What must hold, all of it, before the next step.
    pub checks: &'static [Check],
    /// What just happened and why, shown once the checks hold.
    pub explanation: Text,
}

/// One lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub id: &'static str,
    pub title: Text,
    /// What the lesson is about, in a sentence or two.
    pub intro: Text,
    /// The scenario the lesson starts from.
    pub setup: &'static str,
    pub steps: &'static [Step],
}

/// Whether one check holds now.
pub fn holds(s: &Sandbox, c: &Check) -> bool {
    match c {
        Check::Exists(p) => s.node(p).is_some(),
        Check::Missing(p) => s.node(p).is_none(),
        Check::Data(p, data) => s.node(p).is_some_and(|n| n.data.as_deref() == Some(*data)),
        Check::DataVersion(p, v) => s.node(p).is_some_and(|n| n.stat.version == *v),
        Check::Children(p, n) => s.node(p).is_some_and(|d| d.stat.num_children == *n),
        Check::Console(who, text) => s.console_for(who).contains(text),
        Check::AnyConsole(text, times) => s.console_text().matches(text).count() >= *times,
        Check::Status(who, line) => line.count_in(&s.console_for(who)) > 0,
        Check::AnyStatus(line, times) => line.count_in(&s.console_text()) >= *times,
        Check::Log(text) => s.log_contains(text),
        Check::State(who, state) => s
            .clients()
            .iter()
            .any(|c| c.name == *who && c.state == *state),
        Check::Watching(who, path) => s
            .clients()
            .iter()
            .any(|c| c.name == *who && c.watches.iter().any(|(p, _)| p == path)),
        Check::Violation => !s.violations().is_empty(),
        Check::Mode(k, mode) => s
            .ensemble_view()
            .and_then(|e| e.servers.into_iter().find(|v| v.peer.id == *k))
            .is_some_and(|v| v.mode == *mode),
        Check::Srvr(k, mode) => s.last_srvr(*k).is_some_and(|r| r.mode == *mode),
        Check::Behind(k, n) => s.server_behind(*k).is_some_and(|b| b >= *n),
        Check::OnServer(k, p) => s.server_has(*k, p) == Some(true),
        Check::NotOnServer(k, p) => s.server_has(*k, p) == Some(false),
        Check::EpochAtLeast(e) => s.ensemble_view().is_some_and(|v| {
            v.servers
                .iter()
                .any(|x| x.peer.serving && x.peer.epoch >= *e)
        }),
        Check::ConnectedTo(who, k) => s.clients().iter().any(|c| {
            c.name == *who
                && c.state == crate::sim::ClientState::SyncConnected
                && c.server == Some(*k)
        }),
        // The page's, not the sandbox's: see `holds_with`.
        Check::Searched { .. } => false,
    }
}

/// Whether a check holds, the page's last search in this step told (`fact`).
pub fn holds_with(s: &Sandbox, c: &Check, fact: Option<SearchFact>) -> bool {
    match *c {
        Check::Searched {
            property,
            found,
            runs,
            ..
        } => fact.is_some_and(|f| {
            f.property == Some(property) && f.found == found && (found || f.runs >= runs)
        }),
        _ => holds(s, c),
    }
}

/// Whether every check of a step holds now.
pub fn step_passed(s: &Sandbox, step: &Step) -> bool {
    step_passed_with(s, step, None)
}

/// Whether every check of a step holds now, the page's last search in it told.
pub fn step_passed_with(s: &Sandbox, step: &Step, fact: Option<SearchFact>) -> bool {
    step.checks.iter().all(|c| holds_with(s, c, fact))
}

/// The checks of a step that do not hold yet, as a mask: bit `i` for check `i` (checks past
/// the 32nd share the last bit). The page words them under a waiting step.
pub fn unmet(s: &Sandbox, step: &Step) -> u32 {
    unmet_with(s, step, None)
}

/// [`unmet`], the page's last search in the step told.
pub fn unmet_with(s: &Sandbox, step: &Step, fact: Option<SearchFact>) -> u32 {
    step.checks
        .iter()
        .enumerate()
        .filter(|(_, c)| !holds_with(s, c, fact))
        .fold(0, |mask, (i, _)| mask | 1 << i.min(31))
}

/// Whether a step needs simulated time to pass before its checks can hold: its "show me"
/// lets time pass (`tick`, `sleep`, `step`), so doing it by hand means pressing Play, Step or
/// +1 s too (the page says so while it waits).
pub fn needs_time(step: &Step) -> bool {
    step.show_me.lines().any(|line| {
        matches!(
            line.split_whitespace().next(),
            Some("tick" | "sleep" | "step")
        )
    })
}

/// Whether a step points at the recipes (their form or their boards): the page opens the
/// recipe form for it, and keeps it folded otherwise while no recipe runs.
pub fn points_at_recipes(step: &Step) -> bool {
    step.focus
        .iter()
        .any(|f| matches!(f, Focus::Control(Control::RecipeForm) | Focus::RecipeBoard))
}

/// The recipe a step's "show me" starts next, as the script reads it: its first `recipe`
/// line whose clients are not all in the sandbox yet (a step starting two recipes offers the
/// second once the first runs). The page fills the recipe form with it.
pub fn next_recipe(s: &Sandbox, step: &Step) -> Option<crate::script::parse::SimCommand> {
    use crate::script::parse::{parse_script, SimCommand, StepKind};
    let clients = s.clients();
    parse_script(step.show_me)
        .into_iter()
        .find_map(|line| match line.kind {
            StepKind::Sim(c @ SimCommand::Recipe { .. }) => {
                let SimCommand::Recipe { clients: names, .. } = &c else {
                    return None;
                };
                let missing = names.iter().any(|n| !clients.iter().any(|c| c.name == *n));
                missing.then_some(c)
            }
            _ => None,
        })
}

/// Every lesson, in the seed's order.
pub fn lessons() -> &'static [Lesson] {
    LESSONS
}

/// A lesson's step, if there is one at that index.
pub fn step(lesson: usize, step: usize) -> Option<&'static Step> {
    LESSONS.get(lesson)?.steps.get(step)
}

/// The script that brings a lesson to the start of step `at`: its setup, then what "show me"
/// runs for each step before it (how a learner coming back to the lesson finds it).
pub fn script_before(lesson: &Lesson, at: usize) -> String {
    let mut script = String::from(lesson.setup);
    for step in lesson.steps.iter().take(at) {
        if !script.is_empty() && !script.ends_with('\n') {
            script.push('\n');
        }
        script.push_str(step.show_me);
    }
    script
}

/// A lesson's text (intro, task, explanation) in both languages. Built without the
/// `lesson-text` feature (the page's build) it is empty: the page fetches it from the files
/// [`text_file::write`] makes when a lesson opens, which keeps ~25 KB off the page's first load.
#[cfg(feature = "lesson-text")]
macro_rules! t {
    ($en:expr, $zh:expr) => {
        Text { en: $en, zh: $zh }
    };
}
#[cfg(not(feature = "lesson-text"))]
macro_rules! t {
    ($en:expr, $zh:expr) => {
        Text { en: "", zh: "" }
    };
}
pub(crate) use t;

/// A lesson's title, always built in: the lesson chooser lists every lesson before one opens.
macro_rules! title {
    ($en:expr, $zh:expr) => {
        Text { en: $en, zh: $zh }
    };
}
pub(crate) use title;

/// The ensemble lessons' usual start: three voters, server 3 leading (the highest myid on a
/// fresh start), then `$rest`.
macro_rules! three {
    ($rest:expr) => {
        concat!(
            "ensemble 3\nwait server 3 leader\nwait server 1 follower\nwait server 2 follower\n",
            $rest
        )
    };
}
pub(crate) use three;

const LESSONS: &[Lesson] = &[
    sessions::FIRST_SESSION,
    sessions::ZNODES_STAT,
    sessions::SESSIONS_EPHEMERALS,
    watches::WATCHES_PUBSUB,
    watches::SEQUENTIAL,
    watches::MULTI,
    recipes::ELECTION,
    recipes::LOCK,
    recipes::QUEUE,
    recipes::LOAD_BALANCING,
    recipes::MASTER_WORKER,
    ensemble::QUORUMS,
    ensemble::LEADER_ELECTION,
    ensemble::WRITE_JOURNEY,
    ensemble::STALE_READ,
    ensemble::LEADER_DIES,
    ensemble::MINORITY,
    replicated_recipes::LOCK_SERVER_DIES,
    replicated_recipes::TWO_LEADERS,
    replicated_recipes::PARTITIONED_MASTER,
    find_a_failure::CAN_THIS_LOCK_FAIL,
];
