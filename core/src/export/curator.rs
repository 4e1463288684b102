//! The scenario as a program in curator (see `export`).

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
