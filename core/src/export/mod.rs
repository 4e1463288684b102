//! "Any scenario as code": turns a scenario script into a program a person can run and keep —
//! Java on the official `org.apache.zookeeper` API (`java`), Java with Curator's recipes
//! (`curator`), Python with kazoo (`python`) — and, for the console's "show code" toggle, one
//! zkCli line into the call each language makes. Pure: text in, text out.

pub mod curator;
pub mod java;
pub mod python;
mod zh;

pub use zh::{why_zh, WHY_ZH};

use std::fmt;

use crate::script::parse::{parse_script, StepKind};

/// The languages a scenario exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Java on the official client (`org.apache.zookeeper.ZooKeeper`).
    Java,
    /// Java with Apache Curator (its recipes where the scenario runs recipes).
    Curator,
    /// Python with kazoo.
    Python,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Java, Lang::Curator, Lang::Python];

    /// The name `zkplay export --lang` takes.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Java => "java",
            Lang::Curator => "curator",
            Lang::Python => "python",
        }
    }

    pub fn named(name: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.name() == name.trim())
    }
}

/// Why a scenario cannot be exported. `Display` is a sentence for a console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// A line of the scenario does not parse.
    BadLine { line: usize, message: String },
    /// A line the language's program cannot express (a simulated fault with no counterpart on a
    /// real server, …): `why` says what is missing.
    Unsupported {
        line: usize,
        text: String,
        why: &'static str,
    },
    /// The scenario has no line to export.
    Empty,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::BadLine { line, message } => {
                write!(f, "line {line} of the scenario does not parse: {message}")
            }
            ExportError::Unsupported { line, text, why } => {
                write!(f, "line {line} ('{text}') cannot be exported: {why}")
            }
            ExportError::Empty => f.write_str("the scenario has no line to export"),
        }
    }
}

/// The program of a scenario in one language. Never panics.
pub fn export(script: &str, lang: Lang) -> Result<String, ExportError> {
    let steps = parse_script(script);
    for s in &steps {
        if let StepKind::Invalid(message) = &s.kind {
            return Err(ExportError::BadLine {
                line: s.line,
                message: message.clone(),
            });
        }
    }
    if steps.is_empty() {
        return Err(ExportError::Empty);
    }
    match lang {
        Lang::Java => java::program(script, &steps),
        Lang::Curator => curator::program(script, &steps),
        Lang::Python => python::program(script, &steps),
    }
}

/// For the console's "show code": the call a zkCli line makes in `lang` (`None` for a line
/// that is no client call, or that does not parse). The line may name its session
/// (`c1: get /x`) or not (`get /x`, as typed in a session's console).
pub fn line_code(line: &str, lang: Lang) -> Option<String> {
    let mut step = parse_script(line).into_iter().next()?;
    if matches!(step.kind, StepKind::Invalid(_)) && step.session.is_none() {
        step = parse_script(&format!("zk: {}", line.trim()))
            .into_iter()
            .next()?;
    }
    match lang {
        Lang::Java | Lang::Curator => java::call(&step),
        Lang::Python => python::call(&step),
    }
}

/// The comment lines of a script (`# …`), in order, for a program's header and its steps.
pub fn comments_before(script: &str, line: usize) -> Vec<&str> {
    let lines: Vec<&str> = script.lines().collect();
    let mut out = Vec::new();
    let mut i = line.saturating_sub(1);
    while i > 0 {
        let l = lines.get(i - 1).map_or("", |l| l.trim());
        match l.strip_prefix('#') {
            Some(c) => out.push(c.trim()),
            None => break,
        }
        i -= 1;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
