//! The event log and the timeline as the page shows them: the simulation's lines (a standalone
//! server's or an ensemble's, the same log) with the moments ① to ⑤ of each session start
//! labelled on them (and a line of their own for ② and ③, which the simulation does not log),
//! a line for each step that wrote none, and where on the timeline those moments fell.

use crate::sorted::SortedMap as BTreeMap;

use super::*;
use crate::sim::{Moment, SessionMoment};

/// A line of the event log as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogRow {
    pub step: u64,
    pub time_ms: u64,
    pub text: LogText,
    /// Which moment of a session's start it is, if one.
    pub moment: Option<Moment>,
}

/// What a log row says: a line of the simulation's log, or the line of a moment the
/// simulation does not log, in the Java client's own words (`ClientCnxn`'s log lines).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LogText {
    Sim(crate::sim::LogLine),
    /// What a step handled that wrote no line of the simulation's log (a tick, a timer, a
    /// message dropped): the page's log only, so every Step says what it did.
    Quiet(crate::sim::Quiet),
    /// ② `Opening socket connection to server`.
    OpeningSocket {
        client: String,
    },
    /// ③ `Socket connection established, initiating session`.
    ConnectRequest {
        client: String,
        session: String,
        timeout_ms: u32,
    },
}

impl std::fmt::Display for LogText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogText::Sim(line) => line.fmt(f),
            LogText::Quiet(q) => q.fmt(f),
            LogText::OpeningSocket { client } => {
                write!(f, "{client}: Opening socket connection to server")
            }
            LogText::ConnectRequest {
                client,
                session,
                timeout_ms,
            } => write!(
                f,
                "{client}: Socket connection established, initiating session: ConnectRequest sessionid {session}, timeout {timeout_ms} ms"
            ),
        }
    }
}

/// The moments at one step of the timeline, in the order they happened (each once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineMark {
    pub step: u64,
    pub moments: Vec<Moment>,
}

/// The most steps the timeline marks for a client (the latest).
pub const TIMELINE_MARKS_MAX: usize = 40;

/// The line of a moment that has none in the simulation's log, in the Java client's words.
pub(super) fn own_line(client: String, m: &SessionMoment) -> LogText {
    match m.moment {
        Moment::OpeningSocket => LogText::OpeningSocket { client },
        _ => LogText::ConnectRequest {
            client,
            session: m
                .session
                .map_or_else(|| "0x0".to_string(), |s| s.to_string()),
            timeout_ms: m.timeout_ms,
        },
    }
}

/// The log's rows with a row for each quiet step put in its place by step (a quiet step wrote
/// no row of its own, so it goes after every row of an earlier step).
pub(super) fn with_quiet_steps<'a>(
    lines: Vec<LogRow>,
    quiet: impl Iterator<Item = &'a crate::sim::QuietStep>,
) -> Vec<LogRow> {
    let first = lines.first().map_or(0, |r| r.step);
    merge_by_step(lines, quiet.filter(|q| q.step >= first).map(quiet_row))
}

/// `rows` with `extra` (in step order) put among them by step: an extra row goes before every
/// row of a later step and after the rows of its own (a line of the event that set it off
/// comes first).
pub(super) fn merge_by_step(
    rows: Vec<LogRow>,
    extra: impl IntoIterator<Item = LogRow>,
) -> Vec<LogRow> {
    let mut extra = extra.into_iter().peekable();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        while let Some(e) = extra.next_if(|e| e.step < row.step) {
            out.push(e);
        }
        out.push(row);
    }
    out.extend(extra);
    out
}

fn quiet_row(q: &crate::sim::QuietStep) -> LogRow {
    LogRow {
        step: q.step,
        time_ms: q.time_ms,
        text: LogText::Quiet(q.what.clone()),
        moment: None,
    }
}

/// A line of the simulation's log as a row.
fn log_row(e: &crate::sim::LogEntry) -> LogRow {
    LogRow {
        step: e.step,
        time_ms: e.time_ms,
        text: LogText::Sim(e.text.clone()),
        moment: None,
    }
}

/// The standalone simulation's latest lines, with the moments labelled on them by their
/// numbers, and ② and ③ each a row after the line it follows.
fn standalone_log(sim: &crate::sim::Sim) -> Vec<LogRow> {
    let log = sim.log();
    // The number of the first line kept, counting every line ever written.
    let first = log.first_number();
    let shown_from = log.len().saturating_sub(LOG_LINES_SHOWN_MAX);
    let mut labels: BTreeMap<u64, Moment> = BTreeMap::new();
    // Own lines after each line number (`None`: before every line kept).
    let mut after: BTreeMap<Option<u64>, Vec<&SessionMoment>> = BTreeMap::new();
    for m in sim.moments().iter() {
        match (m.labels_line, m.log_line) {
            (true, Some(n)) => {
                labels.insert(n, m.moment);
            }
            (false, n) if n.is_none_or(|n| n + 1 >= first) => {
                after.entry(n.filter(|n| *n >= first)).or_default().push(m);
            }
            _ => {}
        }
    }
    let mut lines = Vec::new();
    let push_own = |lines: &mut Vec<LogRow>, key: Option<u64>| {
        for m in after.get(&key).into_iter().flatten() {
            lines.push(LogRow {
                step: m.step,
                time_ms: m.time_ms,
                text: own_line(sim.client_name(m.client).to_string(), m),
                moment: Some(m.moment),
            });
        }
    };
    if shown_from == 0 {
        push_own(&mut lines, None);
    }
    for (i, e) in log.iter().enumerate().skip(shown_from) {
        let n = first + i as u64;
        lines.push(LogRow {
            moment: labels.get(&n).copied(),
            ..log_row(e)
        });
        push_own(&mut lines, Some(n));
    }
    lines
}

impl Sandbox {
    /// The event log's latest lines, oldest first, with the session starts' moments and the
    /// quiet steps: the same rows in either mode, but for where the moments go (see
    /// `standalone_log` and `ensemble_views::ensemble_log`).
    pub fn log(&self) -> Vec<LogRow> {
        let backend = &self.runner.backend;
        let mut rows = match (backend.standalone(), backend.ensemble()) {
            (Some(sim), _) => with_quiet_steps(standalone_log(sim), backend.quiet().iter()),
            (None, Some(e)) => {
                let rows: Vec<LogRow> = e.log().tail(LOG_LINES_SHOWN_MAX).map(log_row).collect();
                super::ensemble_views::ensemble_log(e, rows, backend.quiet().iter())
            }
            (None, None) => Vec::new(),
        };
        let extra = rows.len().saturating_sub(LOG_LINES_SHOWN_MAX);
        rows.drain(..extra);
        if let Some(e) = backend.ensemble() {
            super::ensemble_views::label_moments(e, &mut rows);
        }
        rows
    }

    /// Whether any line the simulation still keeps contains the text (a message dropped at
    /// a server that is down did not arrive: it matches nothing).
    pub fn log_contains(&self, text: &str) -> bool {
        use crate::sim::ensemble::EnsembleLine;
        self.runner.backend.log().is_some_and(|log| {
            log.iter().any(|e| {
                !matches!(e.text.ensemble(), Some(EnsembleLine::Dropped { .. }))
                    && e.text.contains(text)
            })
        })
    }

    /// Where one client's latest session-start moments fell on the timeline, by step (the
    /// timeline shows the selected client's: with many clients, everyone's would be a blur).
    pub fn timeline_marks(&self, client: &str) -> Vec<TimelineMark> {
        let mut marks: Vec<TimelineMark> = Vec::new();
        for m in self.session_moments(client) {
            match marks.last_mut() {
                Some(last) if last.step == m.step => {
                    if !last.moments.contains(&m.moment) {
                        last.moments.push(m.moment);
                    }
                }
                _ => marks.push(TimelineMark {
                    step: m.step,
                    moments: vec![m.moment],
                }),
            }
        }
        let extra = marks.len().saturating_sub(TIMELINE_MARKS_MAX);
        marks.drain(..extra);
        marks
    }
}
