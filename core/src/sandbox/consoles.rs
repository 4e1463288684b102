//! What a console runs that zkCli does not: the simulator's own lines (`srvr 3`, `server 1
//! crash`, `delay server 1 300`, `tick 2000`, …) typed at a client's console or in the command
//! box (the console's place when no client is selected), and zkplay's one-line hints under a
//! line zkCli does not know (`rmr`, a typo). Both are zkplay's notes beside zkCli's transcript,
//! never in it: what zkCli prints stays zkCli's, byte for byte.

use super::{ConsolePart, Sandbox};
use crate::script::cli::tokenize;
use crate::script::hint::{self, Hint};
use crate::script::transcript::to_text;
use crate::script::{EntryKind, LineError};

/// How many notes a sandbox keeps (the oldest go first): typing is unbounded, memory is not.
const NOTES_MAX: usize = 1_000;

/// A line zkplay writes in a console, beside zkCli's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A simulator line run from this console, as typed.
    Ran(String),
    /// What ZooKeeper prints for it, exactly (`srvr`'s report).
    Printed(String),
    /// Why the line could not run.
    Refused(LineError),
    Hint(Hint),
    /// The line's messages stopped landing at the engine's bound of events per line: the
    /// rest are still in flight (Step delivers them).
    Capped {
        events: u64,
    },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Ran(line) => writeln!(f, "zkplay> {line}"),
            Note::Printed(text) => f.write_str(text),
            Note::Refused(why) => writeln!(f, "zkplay: {why}"),
            Note::Hint(h) => writeln!(f, "zkplay {h}"),
            Note::Capped { events } => writeln!(
                f,
                "zkplay: stopped after {events} events, the most one line runs; the rest are still in flight (Step delivers them)"
            ),
        }
    }
}

/// A note in one console, after the transcript entries that came before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlacedNote {
    /// The client whose console holds it; `None` for the command box.
    console: Option<String>,
    /// How many transcript entries came before it.
    at: usize,
    note: Note,
}

/// Where a console line goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// zkCli runs it as the console's client.
    ZkCli,
    /// The simulator runs it as a script line of its own.
    Simulator,
    /// A zkCli command with no client to run it.
    NoClient,
}

/// Where a line typed at `console` (`None`: the command box) goes: a line whose first word is
/// one of the simulator's runs as a script line; in the command box every line but zkCli's
/// does (a script line such as `c1: ls /` included); the rest is zkCli's.
pub fn route(console: Option<&str>, line: &str) -> Route {
    let words = tokenize(line);
    let first = words.first().map(String::as_str).unwrap_or("");
    match (console, hint::is_zkcli_command(first)) {
        (None, true) => Route::NoClient,
        (None, false) => Route::Simulator,
        (Some(_), _) if hint::is_simulator_word(first) => Route::Simulator,
        (Some(_), _) => Route::ZkCli,
    }
}

impl Sandbox {
    /// Runs a line typed at a client's console (`Some(client)`) or in the command box (`None`):
    /// zkCli's commands as the client, the simulator's lines as script lines with their output
    /// as zkplay's notes in that console, and a hint under a word nobody knows.
    pub fn console_line(&mut self, console: Option<&str>, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        let words = tokenize(line);
        let first = words.first().cloned().unwrap_or_default();
        self.take_capped();
        match (route(console, line), console) {
            (Route::ZkCli, Some(client)) => {
                self.run(&format!("{client}: {line}"));
                if !hint::is_zkcli_command(&first) {
                    if let Some(h) = hint::for_unknown(&first) {
                        self.note(console, Note::Hint(h));
                    }
                }
            }
            (Route::NoClient, _) | (Route::ZkCli, None) => {
                self.note(console, Note::Ran(line.to_string()));
                self.note(console, Note::Hint(Hint::NeedsClient));
                self.revision += 1;
            }
            (Route::Simulator, _) => self.simulator_line(console, line, &first),
        }
        if self.take_capped() {
            self.note(
                console,
                Note::Capped {
                    events: crate::script::simulation_backend::STEPS_PER_COMMAND_MAX,
                },
            );
        }
    }

    /// Whether the standalone simulation's settling stopped at its bound since last asked.
    fn take_capped(&mut self) -> bool {
        self.runner.backend.take_capped()
    }

    fn simulator_line(&mut self, console: Option<&str>, line: &str, first: &str) {
        self.note(console, Note::Ran(line.to_string()));
        let before = self.runner.entries.len();
        let errors = self.run(line);
        // The report of a server line (`srvr K`) is the session-less entry it printed.
        let printed: Vec<String> = self.runner.entries[before.min(self.runner.entries.len())..]
            .iter()
            .filter(|e| e.session.is_none() && matches!(e.kind, EntryKind::Srvr { .. }))
            .map(|e| e.output.clone())
            .collect();
        for text in printed {
            self.note(console, Note::Printed(text));
        }
        let refused = !errors.is_empty();
        for e in errors {
            // A number past its bound, typed, so the page states the bound in its language.
            let why = match (&e.why, crate::script::parse::bound_broken(line)) {
                (LineError::Said(said), Some(bound)) if *said == bound.to_string() => {
                    LineError::Bound(bound)
                }
                _ => e.why,
            };
            self.note(console, Note::Refused(why));
        }
        let scripted = line.split_once(':').is_some();
        if refused && !scripted && !hint::is_simulator_word(first) {
            if let Some(h) = hint::for_unknown(first) {
                self.note(console, Note::Hint(h));
            }
        }
        // A line refused before it ran changes nothing else; the console still does.
        self.revision += 1;
    }

    fn note(&mut self, console: Option<&str>, note: Note) {
        if self.notes.len() >= NOTES_MAX {
            self.notes.remove(0);
        }
        self.notes.push(PlacedNote {
            console: console.map(str::to_string),
            at: self.runner.entries.len(),
            note,
        });
    }

    /// Keeps the notes a replay still reaches (step back and rewind replay the script; notes
    /// placed after the transcript's new end are of lines undone).
    pub(super) fn keep_notes(&mut self, notes: Vec<PlacedNote>) {
        let end = self.runner.entries.len();
        self.notes = notes.into_iter().filter(|n| n.at <= end).collect();
    }

    /// The notes of one console (`None`: the command box), oldest first.
    pub fn notes(&self, console: Option<&str>) -> Vec<Note> {
        self.notes
            .iter()
            .filter(|n| n.console.as_deref() == console)
            .map(|n| n.note.clone())
            .collect()
    }

    /// What a console shows: for a client, the last `max_entries` entries of its transcript in
    /// parts, so the page can word the recipe lines (joined, the parts without notes are
    /// [`Sandbox::console_tail`]), with zkplay's notes where they were written; for the
    /// command box (`None`), its notes. At most `max_entries` notes either way.
    pub fn console_parts(&self, console: Option<&str>, max_entries: usize) -> Vec<ConsolePart> {
        let entries = &self.runner.entries;
        let shown: Vec<usize> = match console {
            Some(client) => {
                let mut mine: Vec<usize> = (0..entries.len())
                    .rev()
                    .filter(|&i| entries[i].session.as_deref() == Some(client))
                    .take(max_entries)
                    .collect();
                mine.reverse();
                mine
            }
            None => Vec::new(),
        };
        let mut notes: Vec<&PlacedNote> = self
            .notes
            .iter()
            .rev()
            .filter(|n| n.console.as_deref() == console)
            .take(max_entries)
            .collect();
        notes.reverse();
        let from = shown.first().copied().unwrap_or(0);
        let mut notes = notes.into_iter().filter(|n| n.at >= from).peekable();
        let mut parts = Vec::new();
        let mut run = Vec::new();
        let flush = |run: &mut Vec<crate::script::Entry>, parts: &mut Vec<ConsolePart>| {
            if !run.is_empty() {
                parts.push(ConsolePart::Printed(to_text(run)));
                run.clear();
            }
        };
        for i in shown {
            while let Some(n) = notes.next_if(|n| n.at <= i) {
                flush(&mut run, &mut parts);
                parts.push(ConsolePart::Zkplay(n.note.clone()));
            }
            let e = &entries[i];
            match &e.kind {
                EntryKind::Recipe { kind, status } => {
                    flush(&mut run, &mut parts);
                    parts.push(ConsolePart::Recipe {
                        session: console.unwrap_or_default().to_string(),
                        kind: *kind,
                        status: status.clone(),
                    });
                }
                _ => run.push(e.clone()),
            }
        }
        flush(&mut run, &mut parts);
        parts.extend(notes.map(|n| ConsolePart::Zkplay(n.note.clone())));
        parts
    }
}

#[cfg(test)]
mod lesson_spans;
#[cfg(test)]
mod tests;
