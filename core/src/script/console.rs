//! One line typed in a session's console, as `ZooKeeperMain.executeLine` runs it: zkCli's
//! own commands (history, redo, printwatches, connect), the `Not connected` check, then the
//! command, composing exactly what zkCli prints.

use crate::script::backend::Backend;
use crate::script::cli::{parse_command, CliCommand, CliError};
use crate::script::entry::{EntryKind, Failure, Outcome};
use crate::script::parse::{Step, StepKind};
use crate::script::runner::{Runner, SessionState};
use crate::script::shell::{Redo, Shell};
use crate::script::transcript::outcome_text;
use crate::sim::client_watches::ClientWatches;

impl<B: Backend> Runner<B> {
    /// One line typed in a session's console: what `ZooKeeperMain.executeLine` does with it.
    pub(super) fn console_line(
        &mut self,
        name: &str,
        step: &Step,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> (EntryKind, String) {
        if let StepKind::Multi(ops) = &step.kind {
            // zkplay's own block (zkCli has no multi): no history, same connection rule.
            if !self.alive(name) {
                return self.not_connected(name);
            }
            return match self.multi(name, ops) {
                Ok(o) => {
                    let text = outcome_text(&o);
                    (EntryKind::Done(o), text)
                }
                Err(f) => {
                    let text = failure_text(&f);
                    (EntryKind::Failed(f), text)
                }
            };
        }
        if let StepKind::Refused(CliError::Empty) = &step.kind {
            return (
                EntryKind::ScriptError(CliError::Empty.message().into()),
                String::new(),
            );
        }
        if let Some(shell) = self.shells.get_mut(name) {
            shell.record(&step.text);
        }
        let (kind, output, crashed) = match &step.kind {
            StepKind::Command(c) => self.run_cli(name, c, synthesized),
            StepKind::Refused(e) => self.refused(name, e),
            _ => (
                EntryKind::ScriptError(String::new().into()),
                String::new(),
                false,
            ),
        };
        if !crashed {
            if let Some(shell) = self.shells.get_mut(name) {
                shell.finish();
            }
        }
        (kind, output)
    }

    /// A line zkCli does not run: unknown commands complain even when not connected.
    pub(super) fn refused(&self, name: &str, e: &CliError) -> (EntryKind, String, bool) {
        let kind = EntryKind::ScriptError(e.message().into());
        match e {
            CliError::NotFound(_) => (kind, e.printed(), false),
            _ if !self.alive(name) => {
                let (k, o) = self.not_connected(name);
                (k, o, false)
            }
            CliError::Crash(_) => (kind, e.printed(), true),
            _ => (kind, e.printed(), false),
        }
    }

    /// `processZKCmd`: zkCli's own commands first, then the connection check, then the command.
    /// Returns the entry, what zkCli printed, and whether an exception escaped zkCli.
    pub(super) fn run_cli(
        &mut self,
        name: &str,
        c: &CliCommand,
        synthesized: &mut Vec<(String, EntryKind)>,
    ) -> (EntryKind, String, bool) {
        let mut printed = String::new();
        match c {
            CliCommand::History => {
                printed = self
                    .shells
                    .get(name)
                    .map(Shell::history_text)
                    .unwrap_or_default();
            }
            CliCommand::PrintWatches(arg) => {
                if let Some(shell) = self.shells.get_mut(name) {
                    match arg {
                        None => {
                            let on = if shell.print_watches { "on" } else { "off" };
                            printed = format!("printwatches is {on}\n");
                        }
                        Some(a) => shell.print_watches = a == "on",
                    }
                }
            }
            CliCommand::Redo(Some(arg)) => {
                let redo = self.shells.get_mut(name).map(|sh| sh.redo(arg));
                match redo {
                    Some(Redo::Line(line)) => {
                        let (kind, out, crashed) = match parse_command(&line) {
                            Ok(again) => self.run_cli(name, &again, synthesized),
                            Err(e) => self.refused(name, &e),
                        };
                        if crashed || self.alive(name) {
                            return (kind, out, crashed);
                        }
                        return (kind, format!("{out}{NOT_CONNECTED}"), false);
                    }
                    Some(Redo::Refused(m)) => {
                        return (
                            EntryKind::ScriptError(m.to_string().into()),
                            format!("{m}\n"),
                            false,
                        )
                    }
                    Some(Redo::Crash(m)) => {
                        return (
                            EntryKind::ScriptError(m.clone().into()),
                            format!("{m}\n"),
                            true,
                        )
                    }
                    None => {}
                }
            }
            CliCommand::Connect => return self.reconnect(name),
            _ => {}
        }
        if !self.alive(name) {
            let (kind, out) = self.not_connected(name);
            return (kind, format!("{printed}{out}"), false);
        }
        if matches!(
            c,
            CliCommand::History | CliCommand::PrintWatches(_) | CliCommand::Redo(_)
        ) {
            return (
                EntryKind::Done(Outcome::Text {
                    text: printed.clone(),
                }),
                printed,
                false,
            );
        }
        if let CliCommand::Compat { notice, command } = c {
            let (kind, out, crashed) = self.run_cli(name, command, synthesized);
            return (kind, format!("{notice}\n{out}"), crashed);
        }
        self.notes.clear();
        let result = self.command(name, c, synthesized);
        let notes = std::mem::take(&mut self.notes);
        match result {
            Ok(o) => {
                let text = format!("{notes}{}", printed_outcome(c, &o));
                (EntryKind::Done(o), text, false)
            }
            Err(f) => {
                let text = format!("{notes}{}", failure_text(&f));
                (EntryKind::Failed(f), text, false)
            }
        }
    }

    /// `connect`: zkCli closes its session if it is alive, then opens a new one.
    pub(super) fn reconnect(&mut self, name: &str) -> (EntryKind, String, bool) {
        if self.alive(name) {
            let _ = self.backend.close_session(name);
            // The old session's last events (Closed) belong before the new one's.
            let drained = self.backend.drain_events();
            self.early_events.extend(drained);
        }
        let timeout_ms = self.shells.get(name).map_or(30_000, |sh| sh.timeout_ms);
        match self.backend.open_session(name, timeout_ms) {
            Ok(()) => {
                self.sessions.insert(name.to_string(), SessionState::Open);
                self.watches
                    .insert(name.to_string(), ClientWatches::default());
                (EntryKind::Done(Outcome::Empty), String::new(), false)
            }
            Err(e) => (
                EntryKind::ScriptError(e.clone().into()),
                format!("{e}\n"),
                false,
            ),
        }
    }
}

/// What zkCli prints for a command on a connection that is not alive.
pub(super) const NOT_CONNECTED: &str = "Not connected\n";

/// What zkCli prints when a command fails.
pub(super) fn failure_text(f: &Failure) -> String {
    let mut t = f.message.clone();
    if let Some(r) = &f.results {
        t.push('\n');
        t.push_str(outcome_text(&Outcome::Multi { results: r.clone() }).trim_end());
    }
    if !t.is_empty() && !t.ends_with('\n') {
        t.push('\n');
    }
    t
}

/// What zkCli prints for a command's result.
pub(super) fn printed_outcome(c: &CliCommand, o: &Outcome) -> String {
    match (c, o) {
        // StatCommand turns a missing node into NoNode, though `stat -w` set its watch.
        (CliCommand::Stat { path, .. }, Outcome::StatOf { stat: None }) => {
            format!("Node does not exist: {path}\n")
        }
        _ => outcome_text(o),
    }
}
