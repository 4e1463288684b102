//! The scenario as a program in java (see `export`).

use super::ExportError;
use crate::script::parse::Step;

/// The whole program.
pub fn program(_script: &str, steps: &[Step]) -> Result<String, ExportError> {
    let first = steps.first().ok_or(ExportError::Empty)?;
    Err(ExportError::Unsupported {
        line: first.line,
        text: first.text.clone(),
        why: "this exporter is not written yet",
    })
}

/// One step's call on the official client, for "show code".
pub fn call(_step: &Step) -> Option<String> {
    None
}
