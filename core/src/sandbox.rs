//! The sandbox a user plays with: a simulated server, the script of everything typed so far,
//! the console transcript, and the rows of the znode tree as the UI shows them. All of the
//! UI's rules live here so the front end only renders and dispatches.

use crate::script::parse::parse_script;
use crate::script::runner::Runner;
use crate::script::transcript::to_text;
use crate::sim::NetBackend;
use crate::stat::{owner_kind, OwnerKind};

/// One znode as the tree view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeRow {
    pub path: String,
    pub name: String,
    pub depth: usize,
    /// The owning session's name for an ephemeral node.
    pub ephemeral_owner: Option<String>,
    /// `persistent`, `ephemeral`, `container` or `ttl`.
    pub kind: &'static str,
    pub data_preview: String,
}

/// The simulated ZooKeeper behind the page.
#[derive(Clone, Debug)]
pub struct Sandbox {
    runner: Runner<NetBackend>,
    script: Vec<String>,
    next_step: usize,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

/// The longest data preview shown in the tree.
const PREVIEW_CHARS_MAX: usize = 24;

impl Sandbox {
    /// A fresh server with no sessions.
    pub fn new() -> Sandbox {
        Sandbox {
            runner: Runner::new(NetBackend::default()),
            script: Vec::new(),
            next_step: 1,
        }
    }

    /// Runs script text (one or more lines, e.g. `session a` or `a: create /x 1`).
    pub fn run(&mut self, text: &str) {
        for mut step in parse_script(text) {
            step.index = self.next_step;
            self.next_step += 1;
            self.runner.run_step(&step);
        }
        self.script.push(text.trim_end().to_string());
    }

    /// Everything run so far, as a scenario script.
    pub fn script(&self) -> String {
        let mut s = self.script.join("\n");
        s.push('\n');
        s
    }

    /// The console transcript, as zkCli would print it.
    pub fn console_text(&self) -> String {
        to_text(&self.runner.entries)
    }

    /// Every znode in path order with its depth, for the tree view.
    pub fn tree_rows(&self) -> Vec<TreeRow> {
        let backend = &self.runner.backend;
        backend
            .sim
            .server()
            .tree()
            .iter()
            .map(|(path, node)| {
                let owner = node.stat.ephemeral_owner;
                let (kind, ephemeral_owner) = match owner_kind(owner) {
                    OwnerKind::Persistent => ("persistent", None),
                    OwnerKind::Container => ("container", None),
                    OwnerKind::Ttl(_) => ("ttl", None),
                    OwnerKind::Ephemeral(s) => (
                        "ephemeral",
                        Some(
                            crate::script::Backend::session_name(backend, s.0)
                                .unwrap_or_else(|| s.to_string()),
                        ),
                    ),
                };
                let data = node
                    .data
                    .as_ref()
                    .map(|d| String::from_utf8_lossy(d).into_owned())
                    .unwrap_or_default();
                let mut data_preview: String = data.chars().take(PREVIEW_CHARS_MAX).collect();
                if data.chars().count() > PREVIEW_CHARS_MAX {
                    data_preview.push('…');
                }
                TreeRow {
                    path: path.clone(),
                    name: if path == "/" {
                        "/".into()
                    } else {
                        crate::path::name(path).to_string()
                    },
                    depth: if path == "/" {
                        0
                    } else {
                        path.matches('/').count()
                    },
                    ephemeral_owner,
                    kind,
                    data_preview,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_tree_has_root_and_zookeeper() {
        let s = Sandbox::new();
        let paths: Vec<String> = s.tree_rows().into_iter().map(|r| r.path).collect();
        assert_eq!(
            paths,
            vec!["/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota"]
        );
    }

    #[test]
    fn ephemerals_show_their_owner() {
        let mut s = Sandbox::new();
        s.run("session a\na: create -e /lock x");
        let row = s
            .tree_rows()
            .into_iter()
            .find(|r| r.path == "/lock")
            .unwrap();
        assert_eq!(row.ephemeral_owner.as_deref(), Some("a"));
        assert!(s.console_text().contains("Created /lock"));
    }
}
