//! What "find a failure" hands back: the found script with comments naming the violation and
//! marking its step, and a one-paragraph summary of a search for a console.

use std::fmt;

use super::search::{Hit, Scenario};
use super::space::Schedule;
use super::{Found, Outcome};
use crate::script::parse_script;

/// The comment line placed just before the line whose step reports the violation.
pub const MARK: &str = "# zkplay explore: the violation is reported at the next step";

/// The found schedule as a runnable script: a header naming the property, the step and the
/// detail, then the script, the violating step's line marked. Comments are not steps, so the
/// step numbers are the script's own.
pub fn found_script(scenario: &Scenario, schedule: &Schedule, hit: &Hit) -> String {
    let body = scenario.script(schedule);
    let line = parse_script(&body)
        .iter()
        .find(|s| s.index == hit.step)
        .map(|s| s.line);
    let mut out = format!(
        "# Found by zkplay explore: \"{}\" breaks at step {}.\n# {}\n",
        hit.property, hit.step, hit.detail
    );
    if let Some(why) = why(hit) {
        out.push_str(why);
    }
    if schedule.faults.is_empty() {
        out.push_str("# The scenario fails by itself, with no fault added.\n");
    }
    for (i, l) in body.lines().enumerate() {
        if line == Some(i + 1) {
            out.push_str(MARK);
            out.push('\n');
        }
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// What the property's break means, for a property where that is not plain (comment lines).
fn why(hit: &Hit) -> Option<&'static str> {
    match hit.property {
        crate::recipes::monitor::Property::ReadsSeeAcknowledgedWrites
            if hit.detail.ends_with("(after its sync: a bug)") =>
        {
            Some("# The reader synced the path after the write was acknowledged: its read must see the write.\n")
        }
        crate::recipes::monitor::Property::ReadsSeeAcknowledgedWrites => Some(
            "# ZooKeeper allows this: a follower answers reads from its own tree and may lag the leader;\n\
             # a client sees its own writes and never goes back in time, not others' latest writes.\n\
             # This is why sync exists: a sync of the path before the read makes the server catch up first.\n",
        ),
        _ => None,
    }
}

impl fmt::Display for Outcome {
    /// A summary for a console (the found script itself is [`Found::script`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Found(found) => found.fmt(f),
            Outcome::NotFound { runs, faults_tried } => write!(
                f,
                "no violation found in {runs} runs ({faults_tried} faults tried)"
            ),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" broken at step {} after {} runs ({} faults tried); shrunk in {} more runs to {} fault(s)",
            self.property, self.step, self.runs_searched, self.faults_tried, self.shrink_runs, self.faults
        )
    }
}
