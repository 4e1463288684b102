//! The actions that run lines on the sandbox: a typed script line, a console line (with the
//! multi block being typed), a click on the tree, new clients, and a recipe from the form.

use zkplay_core::script::parse::SimCommand;
use zkplay_core::script::{MultiBlock, NodeCommand, ScriptLine};

use super::{AppState, Problem, RecipeForm};

impl AppState {
    /// Runs one script line, built as a typed value.
    pub(super) fn run_line(&mut self, line: &ScriptLine) {
        let errors = self.sandbox.borrow_mut().run(&line.to_string());
        self.error = errors.into_iter().next().map(Problem::Script);
    }

    /// Runs a zkCli command as the selected client, or, with none, the command box's line.
    pub(super) fn console(&mut self, command: String) {
        match self.selected_client.clone() {
            Some(session) => self.console_line(session, command),
            // The command box: the simulator's lines, with no client.
            None => self.sandbox.borrow_mut().console_line(None, &command),
        }
    }

    /// Runs a line typed in a session's console; `multi` opens a block whose op lines are
    /// kept until `end` runs them as one transaction, as a script's multi block.
    fn console_line(&mut self, session: String, command: String) {
        let word = command.trim();
        match self.multi_draft.take() {
            Some(mut block) if block.session == session => {
                if word == "end" {
                    self.sandbox.borrow_mut().run(&block.to_string());
                } else {
                    block.ops.push(word.to_string());
                    self.multi_draft = Some(block);
                }
            }
            other => {
                self.multi_draft = other;
                if word == "multi" {
                    self.multi_draft = Some(MultiBlock {
                        session,
                        ops: Vec::new(),
                    });
                } else {
                    // zkCli's commands as the client; the simulator's lines (`srvr 3`) as
                    // script lines, their output zkplay's notes in this console.
                    self.sandbox
                        .borrow_mut()
                        .console_line(Some(&session), &command);
                }
            }
        }
    }

    /// Runs a zkCli command built from a click on the tree as the selected client.
    pub(super) fn node_command(&mut self, command: &NodeCommand) {
        match (command.to_zkcli(), self.selected_client.clone()) {
            (Ok(command), Some(session)) => {
                let line = ScriptLine::Console { session, command };
                self.sandbox.borrow_mut().run(&line.to_string());
            }
            (Err(e), _) => self.error = Some(Problem::Quote(e)),
            (_, None) => self.error = Some(Problem::NoClient),
        }
    }

    /// Opens `n` new clients (1 to 100) and selects the first.
    pub(super) fn spawn(&mut self, n: usize) {
        let mut first = None;
        for _ in 0..n.clamp(1, 100) {
            let name = self.sandbox.borrow_mut().next_client_name();
            let line = ScriptLine::Session { name: name.clone() };
            let _ = self.sandbox.borrow_mut().run(&line.to_string());
            first.get_or_insert(name);
        }
        self.selected_client = first;
    }

    /// Starts a recipe from the form on new clients and selects the first; the form keeps
    /// what was started (also when it is refused: to be corrected). The script records the
    /// typed line as core prints it.
    pub(super) fn start_recipe(&mut self, form: RecipeForm) {
        self.recipe_form = form.clone();
        let RecipeForm {
            kind,
            path,
            count,
            options,
        } = form;
        if let Err(e) = zkplay_core::recipes::check_path(&path) {
            self.error = Some(Problem::RecipePath(e));
            return;
        }
        let names = self
            .sandbox
            .borrow_mut()
            .next_client_names(count.clamp(1, 100));
        let line = ScriptLine::Sim(SimCommand::Recipe {
            kind,
            path,
            clients: names.clone(),
            options,
        });
        match self
            .sandbox
            .borrow_mut()
            .run(&line.to_string())
            .into_iter()
            .next()
        {
            Some(e) => self.error = Some(Problem::Script(e)),
            None => self.selected_client = names.first().cloned(),
        }
    }
}
