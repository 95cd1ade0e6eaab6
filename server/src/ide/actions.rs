//! Code actions at a range of a file, as plain data: the quick fixes of the diagnostics the range
//! touches, the snippets of a Python tool file or endpoint module, and "fix all" of the file.

use crate::actions::{self, Action, Change};
use crate::project::{Files, Project};
use crate::rules::Diagnostic;
use crate::syntax::Span;
use std::path::Path;

/// What [`code_actions`] offers.
#[derive(Debug, Default)]
pub struct CodeActions {
    /// Each action with the diagnostic it fixes (none for snippets), in the order offered.
    pub actions: Vec<(Action, Option<Diagnostic>)>,
    /// Every auto-fix of the file at once; empty when nothing is auto-fixable.
    pub fix_all: Vec<Change>,
}

/// The actions for `range` (byte offsets) of the file at `path`, from the file's diagnostics
/// `diags` (those of the unit's latest analysis).
pub fn code_actions(
    project: &Project,
    files: &dyn Files,
    path: &Path,
    range: Span,
    diags: &[Diagnostic],
) -> CodeActions {
    let mut out = CodeActions::default();
    for d in diags
        .iter()
        .filter(|d| d.span.start <= range.end && range.start <= d.span.end)
    {
        let fixes = actions::quick_fixes(d, project, files);
        out.actions.extend(fixes.into_iter().map(|a| (a, Some(d.clone()))));
    }
    if path.extension().is_some_and(|e| e == "py")
        && let Some(file) = files.read(path)
    {
        out.actions
            .extend(actions::snippets(&file, project, files).into_iter().map(|a| (a, None)));
    }
    out.fix_all = actions::fix_all(diags, project, files, path)
        .into_iter()
        .map(|(span, text)| Change::Edit {
            path: path.to_path_buf(),
            span,
            text,
        })
        .collect();
    out
}
