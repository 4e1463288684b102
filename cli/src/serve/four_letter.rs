//! ZooKeeper 3.8's four-letter words as the real server prints them (`ruok`, `srvr`, `stat`,
//! `envi`, `conf`, `cons`, `crst`, `srst`, `mntr`, `wchs`, `wchc`, `wchp`, `dump`, `isro`),
//! the whitelist that lets them run, and the refusal of the others: pure text from a
//! `FourLetterView` of one simulated server.
//!
//! The layouts were captured from the real 3.8.0 server on this machine (standalone, and a
//! leader, follower and observer of a four-server ensemble); `tests/fourlw_golden/` holds
//! those captures and the tests compare with them. Where the real server's order comes from a
//! Java hash map (connections, sessions with ephemerals, `mntr`'s metrics) the view's order
//! is used; `wchc` and `wchp` list sessions and paths sorted. `mntr` prints the first block
//! of the real server's lines, in its order, less those a simulation has no value for (file
//! descriptors, response sizes) and the hundreds of per-stage metrics after it.

use std::collections::BTreeMap;
use std::fmt::Write;

/// The version zkplay reports, where the real server says
/// `3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC`.
pub const ZKPLAY_VERSION: &str = "3.8.0-zkplay";

/// What a word that needs a serving server prints when it is not serving.
pub const NOT_SERVING: &str = "This ZooKeeper instance is not currently serving requests\n";

/// Every four-letter word ZooKeeper 3.8 knows. Four bytes that are none of these are not a
/// command at all: the real server reads them as the length of a connect request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Word {
    Ruok,
    Srvr,
    Stat,
    Envi,
    Conf,
    Cons,
    Crst,
    Srst,
    Mntr,
    Wchs,
    Wchc,
    Wchp,
    Dump,
    Isro,
    /// Known to ZooKeeper, not answered by zkplay (no disk, no trace mask, no digests):
    /// they close the connection without a word.
    Dirs,
    Gtmk,
    Stmk,
    Hash,
}

impl Word {
    pub const ALL: [Word; 18] = [
        Word::Ruok,
        Word::Srvr,
        Word::Stat,
        Word::Envi,
        Word::Conf,
        Word::Cons,
        Word::Crst,
        Word::Srst,
        Word::Mntr,
        Word::Wchs,
        Word::Wchc,
        Word::Wchp,
        Word::Dump,
        Word::Isro,
        Word::Dirs,
        Word::Gtmk,
        Word::Stmk,
        Word::Hash,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Word::Ruok => "ruok",
            Word::Srvr => "srvr",
            Word::Stat => "stat",
            Word::Envi => "envi",
            Word::Conf => "conf",
            Word::Cons => "cons",
            Word::Crst => "crst",
            Word::Srst => "srst",
            Word::Mntr => "mntr",
            Word::Wchs => "wchs",
            Word::Wchc => "wchc",
            Word::Wchp => "wchp",
            Word::Dump => "dump",
            Word::Isro => "isro",
            Word::Dirs => "dirs",
            Word::Gtmk => "gtmk",
            Word::Stmk => "stmk",
            Word::Hash => "hash",
        }
    }

    /// The word these four bytes spell (case matters, as in ZooKeeper).
    pub fn parse(bytes: &[u8]) -> Option<Word> {
        Word::ALL.into_iter().find(|w| w.name().as_bytes() == bytes)
    }
}

/// `4lw.commands.whitelist`: `*` for every word, else a comma-separated list; `srvr` is
/// always allowed (checked on the real server: a list of `ruok, isro` still answers `srvr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Whitelist {
    All,
    /// The listed words, sorted, without repeats (`srvr` is allowed whether listed or not).
    Only(Vec<Word>),
}

impl Default for Whitelist {
    /// ZooKeeper 3.8's default: `srvr` alone.
    fn default() -> Self {
        Whitelist::Only(vec![Word::Srvr])
    }
}

impl Whitelist {
    /// Reads the property's value; names that are no word are ignored, as ZooKeeper does.
    pub fn parse(text: &str) -> Whitelist {
        let names: Vec<&str> = text.split(',').map(str::trim).collect();
        if names.contains(&"*") {
            return Whitelist::All;
        }
        let mut words: Vec<Word> = names
            .iter()
            .filter_map(|n| Word::parse(n.as_bytes()))
            .chain([Word::Srvr])
            .collect();
        words.sort();
        words.dedup();
        Whitelist::Only(words)
    }

    pub fn allows(&self, word: Word) -> bool {
        match self {
            Whitelist::All => true,
            Whitelist::Only(words) => word == Word::Srvr || words.contains(&word),
        }
    }
}

/// What the four-letter words read of one server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FourLetterView {
    /// `ZKPLAY_VERSION` unless the caller says otherwise.
    pub version: String,
    pub mode: Mode,
    /// The last zxid the server applied.
    pub zxid: i64,
    pub node_count: u64,
    /// Request latencies since the server started (or `srst`).
    pub latency: Latency,
    pub packets_received: u64,
    pub packets_sent: u64,
    pub outstanding_requests: u64,
    /// Open client connections, the asking connection among them (the real server lists it
    /// too, with no session and `sent=0`).
    pub connections: Vec<ConnectionView>,
    /// Data watches (`getData`/`exists`), one per (session, path): what `wchs`, `wchc` and
    /// `wchp` list in ZooKeeper 3.8.
    pub data_watches: Vec<(i64, String)>,
    /// Data and child watches together (`mntr`'s `zk_watch_count`).
    pub watch_count: u64,
    /// Ephemeral paths by owning session, in the order to print.
    pub ephemerals: Vec<(i64, Vec<String>)>,
    /// Every open session: id, negotiated timeout and when it expires (simulated wall ms).
    pub sessions: Vec<SessionView>,
    /// Sum of path and data lengths (`zk_approximate_data_size`).
    pub approximate_data_size: u64,
    pub uptime_ms: u64,
    pub conf: ConfView,
    /// `envi`'s `name=value` lines after "Environment:".
    pub environment: Vec<(String, String)>,
}

/// The server's part, with what each part adds to the words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Not serving (looking for a leader, or syncing with one).
    NotServing,
    Standalone,
    Leader(LeaderView),
    Follower,
    Observer {
        master_id: u64,
    },
}

impl Mode {
    /// `srvr`'s `Mode:` and `mntr`'s `zk_server_state`.
    pub fn name(&self) -> &'static str {
        match self {
            Mode::NotServing => "not serving",
            Mode::Standalone => "standalone",
            Mode::Leader(_) => "leader",
            Mode::Follower => "follower",
            Mode::Observer { .. } => "observer",
        }
    }
}

/// What a leader adds to `srvr`, `stat` and `mntr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderView {
    /// Last, smallest and largest proposal in bytes; -1 before the first.
    pub proposal_size_last: i64,
    pub proposal_size_min: i64,
    pub proposal_size_max: i64,
    pub learners: u64,
    pub synced_followers: u64,
    pub synced_observers: u64,
    pub pending_syncs: u64,
    pub leader_uptime_ms: u64,
}

/// Minimum, maximum, total and count of latencies in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Latency {
    pub min_ms: u64,
    pub max_ms: u64,
    pub total_ms: u64,
    pub count: u64,
}

impl Latency {
    /// The server's average as ZooKeeper prints it: total / count rounded half up to four
    /// decimals, written as Java writes a double (`0.0`, `8.2`, `11.3333`).
    pub fn server_average(&self) -> String {
        if self.count == 0 {
            return "0.0".into();
        }
        let total = u128::from(self.total_ms) * 10_000;
        let count = u128::from(self.count);
        let scaled = (total * 2 + count) / (count * 2);
        let whole = scaled / 10_000;
        let fraction = format!("{:04}", scaled % 10_000);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            format!("{whole}.0")
        } else {
            format!("{whole}.{fraction}")
        }
    }

    /// A connection's average: whole milliseconds.
    pub fn connection_average(&self) -> u64 {
        self.total_ms.checked_div(self.count).unwrap_or(0)
    }
}

/// One client connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionView {
    /// `ip:port` of the client, as `/127.0.0.1:40148` prints it (without the slash).
    pub remote: String,
    /// NIO interest ops: 1 while the server reads the connection, 0 for the asking one.
    pub interest_ops: u8,
    pub queued: u64,
    pub received: u64,
    pub sent: u64,
    /// The session, once the connection has one; what follows is printed only then.
    pub session: Option<ConnectionSession>,
    /// When the connection expires unless it is heard from (simulated wall ms, `dump`).
    pub expires_at_ms: i64,
}

/// The session part of a connection (`cons`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionSession {
    pub id: i64,
    /// ZooKeeper's short name of the last operation (`GETD`, `CREA`, `EXIS`, `SESS`…; `NA`).
    pub last_operation: String,
    /// When the connection was established (simulated wall ms).
    pub established_ms: i64,
    pub timeout_ms: u32,
    pub last_cxid: i64,
    pub last_zxid: i64,
    /// When the last response went out (ms on the server's elapsed clock).
    pub last_response_ms: i64,
    pub last_latency_ms: u64,
    pub latency: Latency,
}

/// One open session (`dump`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionView {
    pub id: i64,
    pub timeout_ms: u32,
    pub expires_at_ms: i64,
}

/// What `conf` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfView {
    pub client_port: u16,
    pub data_dir: String,
    pub tick_time_ms: u32,
    pub max_client_connections: u32,
    pub min_session_timeout_ms: u32,
    pub max_session_timeout_ms: u32,
    /// 0 for a standalone server, as ZooKeeper prints it.
    pub server_id: u64,
    pub quorum: Option<QuorumConf>,
}

/// What an ensemble member adds to `conf` (and `mntr`'s `zk_quorum_size`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumConf {
    pub init_limit_ticks: u32,
    pub sync_limit_ticks: u32,
    pub election_port: u16,
    pub quorum_port: u16,
    pub observer: bool,
    /// Every member as `server.N=host:port:port:role;clientHost:clientPort`, in N order.
    pub membership: Vec<String>,
    /// The voting members' count.
    pub voters: u64,
}

/// The reply to four bytes received on a fresh connection, after which the server closes it:
/// the refusal for a word outside the whitelist, the word's text otherwise, and nothing for
/// a word zkplay does not answer or four bytes that are no word (the caller should first ask
/// `Word::parse`: the real server reads those bytes as a packet length). `crst` and `srst`
/// only say what they did: the caller resets the statistics.
pub fn answer(word: &str, view: &FourLetterView, whitelist: &Whitelist) -> String {
    let Some(word) = Word::parse(word.as_bytes()) else {
        return String::new();
    };
    if !whitelist.allows(word) {
        return format!(
            "{} is not executed because it is not in the whitelist.\n",
            word.name()
        );
    }
    let serving = view.mode != Mode::NotServing;
    match word {
        Word::Ruok => "imok".into(),
        Word::Isro if serving => "rw".into(),
        Word::Isro => "null".into(),
        Word::Envi => envi(view),
        Word::Crst => "Connection stats reset.\n".into(),
        Word::Srst => "Server stats reset.\n".into(),
        Word::Dirs | Word::Gtmk | Word::Stmk | Word::Hash => String::new(),
        _ if !serving => NOT_SERVING.into(),
        Word::Srvr => stat(view, false),
        Word::Stat => stat(view, true),
        Word::Conf => conf(view),
        Word::Cons => cons(view),
        Word::Mntr => mntr(view),
        Word::Wchs => wchs(view),
        Word::Wchc => wchc(view),
        Word::Wchp => wchp(view),
        Word::Dump => dump(view),
    }
}

fn stat(view: &FourLetterView, with_clients: bool) -> String {
    let mut out = format!("Zookeeper version: {}\n", view.version);
    if with_clients {
        out.push_str("Clients:\n");
        for c in &view.connections {
            connection_brief(&mut out, c);
            out.push('\n');
        }
        out.push('\n');
    }
    let l = &view.latency;
    let _ = write!(
        out,
        "Latency min/avg/max: {}/{}/{}\nReceived: {}\nSent: {}\nConnections: {}\nOutstanding: {}\nZxid: 0x{:x}\nMode: {}\nNode count: {}\n",
        l.min_ms,
        l.server_average(),
        l.max_ms,
        view.packets_received,
        view.packets_sent,
        view.connections.len(),
        view.outstanding_requests,
        view.zxid,
        view.mode.name(),
        view.node_count
    );
    if let Mode::Leader(leader) = &view.mode {
        let _ = writeln!(
            out,
            "Proposal sizes last/min/max: {}/{}/{}",
            leader.proposal_size_last, leader.proposal_size_min, leader.proposal_size_max
        );
    }
    out
}

fn connection_brief(out: &mut String, c: &ConnectionView) {
    let _ = write!(
        out,
        " /{}[{}](queued={},recved={},sent={}",
        c.remote, c.interest_ops, c.queued, c.received, c.sent
    );
}

fn cons(view: &FourLetterView) -> String {
    let mut out = String::new();
    for c in &view.connections {
        connection_brief(&mut out, c);
        if let Some(s) = &c.session {
            let _ = write!(
                out,
                ",sid=0x{:x},lop={},est={},to={},lcxid=0x{:x},lzxid=0x{:x},lresp={},llat={},minlat={},avglat={},maxlat={}",
                s.id,
                s.last_operation,
                s.established_ms,
                s.timeout_ms,
                s.last_cxid,
                s.last_zxid,
                s.last_response_ms,
                s.last_latency_ms,
                s.latency.min_ms,
                s.latency.connection_average(),
                s.latency.max_ms
            );
        }
        out.push_str(")\n");
    }
    out.push('\n');
    out
}

fn envi(view: &FourLetterView) -> String {
    let mut out = String::from("Environment:\n");
    for (name, value) in &view.environment {
        let _ = writeln!(out, "{name}={value}");
    }
    out
}

fn conf(view: &FourLetterView) -> String {
    let c = &view.conf;
    let dir = format!("{}/version-2", c.data_dir);
    let mut out = format!(
        "clientPort={}\nsecureClientPort=-1\ndataDir={dir}\ndataDirSize=0\ndataLogDir={dir}\ndataLogSize=0\ntickTime={}\nmaxClientCnxns={}\nminSessionTimeout={}\nmaxSessionTimeout={}\nclientPortListenBacklog=-1\nserverId={}\n",
        c.client_port,
        c.tick_time_ms,
        c.max_client_connections,
        c.min_session_timeout_ms,
        c.max_session_timeout_ms,
        c.server_id
    );
    if let Some(q) = &c.quorum {
        let _ = write!(
            out,
            "initLimit={}\nsyncLimit={}\nelectionAlg=3\nelectionPort={}\nquorumPort={}\npeerType={}\nmembership: \n",
            q.init_limit_ticks,
            q.sync_limit_ticks,
            q.election_port,
            q.quorum_port,
            u8::from(q.observer)
        );
        for line in &q.membership {
            out.push_str(line);
            out.push('\n');
        }
        // The quorum verifier's text ends with its version, in hex, and no newline.
        out.push_str("version=0");
    }
    out
}

fn mntr(view: &FourLetterView) -> String {
    let mut lines: Vec<(&str, String)> = vec![
        ("version", view.version.clone()),
        ("server_state", view.mode.name().into()),
    ];
    let peer_state = match &view.mode {
        Mode::Leader(_) => Some("leading - broadcast"),
        Mode::Follower => Some("following - broadcast"),
        Mode::Observer { .. } => Some("observing - broadcast"),
        Mode::Standalone | Mode::NotServing => None,
    };
    if let Some(state) = peer_state {
        lines.push(("peer_state", state.into()));
    }
    if let Mode::Observer { master_id } = &view.mode {
        lines.push(("observer_master_id", master_id.to_string()));
    }
    let leader = match &view.mode {
        Mode::Leader(l) => Some(l),
        _ => None,
    };
    let l = &view.latency;
    let mut add = |name: &'static str, value: String| lines.push((name, value));
    add("ephemerals_count", ephemeral_count(view).to_string());
    add("num_alive_connections", view.connections.len().to_string());
    add("avg_latency", l.server_average());
    add(
        "outstanding_requests",
        view.outstanding_requests.to_string(),
    );
    add("znode_count", view.node_count.to_string());
    add("global_sessions", view.sessions.len().to_string());
    add("non_mtls_remote_conn_count", "0".into());
    add("packets_sent", view.packets_sent.to_string());
    add("packets_received", view.packets_received.to_string());
    if let Some(leader) = leader {
        add("synced_followers", leader.synced_followers.to_string());
    }
    add("connection_drop_probability", "0.0".into());
    add("watch_count", view.watch_count.to_string());
    if let Some(leader) = leader {
        add("synced_non_voting_followers", "0".into());
        add("synced_observers", leader.synced_observers.to_string());
    }
    add("min_latency", l.min_ms.to_string());
    add(
        "approximate_data_size",
        view.approximate_data_size.to_string(),
    );
    if let Some(leader) = leader {
        add("pending_syncs", leader.pending_syncs.to_string());
        add("leader_uptime", leader.leader_uptime_ms.to_string());
    }
    add("local_sessions", "0".into());
    add("uptime", view.uptime_ms.to_string());
    add("max_latency", l.max_ms.to_string());
    add("outstanding_tls_handshake", "0".into());
    if let Some(leader) = leader {
        add("learners", leader.learners.to_string());
    }
    add("non_mtls_local_conn_count", "0".into());
    if let Some(q) = &view.conf.quorum {
        add("quorum_size", q.voters.to_string());
    }
    let mut out = String::new();
    for (name, value) in lines {
        let _ = writeln!(out, "zk_{name}\t{value}");
    }
    out
}

fn ephemeral_count(view: &FourLetterView) -> usize {
    view.ephemerals.iter().map(|(_, paths)| paths.len()).sum()
}

/// Data watches by session, then by path, both sorted.
fn watches_by_session(view: &FourLetterView) -> BTreeMap<i64, Vec<&str>> {
    let mut by_session: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    for (session, path) in &view.data_watches {
        by_session.entry(*session).or_default().push(path);
    }
    for paths in by_session.values_mut() {
        paths.sort_unstable();
        paths.dedup();
    }
    by_session
}

fn wchs(view: &FourLetterView) -> String {
    let by_session = watches_by_session(view);
    let mut paths: Vec<&str> = by_session.values().flatten().copied().collect();
    let total = paths.len();
    paths.sort_unstable();
    paths.dedup();
    format!(
        "{} connections watching {} paths\nTotal watches:{}\n",
        by_session.len(),
        paths.len(),
        total
    )
}

fn wchc(view: &FourLetterView) -> String {
    let mut out = String::new();
    for (session, paths) in watches_by_session(view) {
        let _ = writeln!(out, "0x{session:x}");
        for path in paths {
            let _ = writeln!(out, "\t{path}");
        }
    }
    out.push('\n');
    out
}

fn wchp(view: &FourLetterView) -> String {
    let mut by_path: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for (session, paths) in watches_by_session(view) {
        for path in paths {
            by_path.entry(path).or_default().push(session);
        }
    }
    let mut out = String::new();
    for (path, sessions) in by_path {
        let _ = writeln!(out, "{path}");
        for session in sessions {
            let _ = writeln!(out, "\t0x{session:x}");
        }
    }
    out.push('\n');
    out
}

fn dump(view: &FourLetterView) -> String {
    let mut out = String::from("SessionTracker dump:\n");
    match view.mode {
        Mode::Follower | Mode::Observer { .. } => {
            // A learner lists the global sessions it knows, by id, with their timeouts.
            let mut sessions: Vec<&SessionView> = view.sessions.iter().collect();
            sessions.sort_by_key(|s| s.id);
            let _ = writeln!(out, "Global Sessions({}):", sessions.len());
            for s in sessions {
                let _ = writeln!(out, "0x{:x}\t{}ms", s.id, s.timeout_ms);
            }
        }
        _ => {
            let sessions: Vec<(i64, String)> = view
                .sessions
                .iter()
                .map(|s| (s.expires_at_ms, format!("0x{:x}", s.id)))
                .collect();
            expiry_sets(&mut out, "Session", sessions);
        }
    }
    out.push_str("ephemeral nodes dump:\n");
    let owners = view.ephemerals.iter().filter(|(_, p)| !p.is_empty());
    let _ = writeln!(
        out,
        "Sessions with Ephemerals ({}):",
        owners.clone().count()
    );
    for (session, paths) in owners {
        let _ = writeln!(out, "0x{session:x}:");
        for path in paths {
            let _ = writeln!(out, "\t{path}");
        }
    }
    out.push_str("Connections dump:\n");
    let connections: Vec<(i64, String)> = view
        .connections
        .iter()
        .map(|c| {
            let session = c.session.as_ref().map_or(0, |s| s.id);
            (
                c.expires_at_ms,
                format!("ip: /{} sessionId: 0x{session:x}", c.remote),
            )
        })
        .collect();
    expiry_sets(&mut out, "Connections", connections);
    out
}

/// An expiry queue: its sets by expiry time, ascending, then each set's members. The real
/// queue also lists sets that have emptied; zkplay lists only sets with members.
fn expiry_sets(out: &mut String, name: &str, members: Vec<(i64, String)>) {
    let mut sets: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let count = members.len();
    for (at, member) in members {
        sets.entry(at).or_default().push(member);
    }
    let _ = writeln!(out, "{name} Sets ({})/({count}):", sets.len());
    for (at, members) in sets {
        let _ = writeln!(out, "{} expire at {}:", members.len(), java_date(at));
        for member in members {
            let _ = writeln!(out, "\t{member}");
        }
    }
}

/// `java.util.Date.toString()` in UTC: `Mon Dec 07 21:16:06 UTC 2026`.
pub fn java_date(epoch_ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let seconds = epoch_ms.div_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{} {} {:02} {:02}:{:02}:{:02} UTC {}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        year
    )
}

/// Year, month (1–12) and day of the proleptic Gregorian calendar for days since 1970-01-01
/// (the era arithmetic of Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
