//! Code actions as plain data: quick fixes for diagnostics, snippets for Python tool files and
//! endpoint modules, and "fix all". Every action is a list of [`Change`]s (text edits by byte
//! span, file creations and renames) that the LSP edge turns into a `WorkspaceEdit` and
//! `check --fix` applies to the disk.

pub(crate) mod fixes;
mod imports;
mod snippets;

pub use crate::edits::{Action, Change, Kind, apply_edits};

use crate::project::{Files, Project, SourceFile, paths};
use crate::rules::Diagnostic;
use crate::syntax::Span;
use std::path::Path;
use std::sync::Arc;

/// Every fix for one diagnostic, the preferred one first; only those that stay inside the unit.
pub fn quick_fixes(d: &Diagnostic, project: &Project, files: &dyn Files) -> Vec<Action> {
    confine(fixes::quick_fixes(d, project, files), &project.unit.root, files)
}

/// The snippets offered in a Python file of the unit.
pub fn snippets(file: &Arc<SourceFile>, project: &Project, files: &dyn Files) -> Vec<Action> {
    confine(snippets::snippets(file, project, files), &project.unit.root, files)
}

/// The safe fixes of one file for "fix all" (none for a file outside the unit), with line endings
/// matching the file's.
pub fn fix_all(diags: &[Diagnostic], project: &Project, files: &dyn Files, path: &Path) -> Vec<(Span, String)> {
    if !may_change(&project.unit.root, files, path) {
        return Vec::new();
    }
    let crlf = files.read(path).is_some_and(|f| uses_crlf(&f.text));
    fixes::fix_all(diags, project, files, path)
        .into_iter()
        .map(|(span, text)| (span, if crlf { to_crlf(&text) } else { text }))
        .collect()
}

/// The plugin boundary for every change dify-lsp proposes or makes: the path is written without
/// `.` or `..`, lies below the unit's root, and no symbolic link on the way leads out of it. A
/// cloned repository is untrusted input; a quick fix must never reach outside it.
pub(crate) fn may_change(root: &Path, files: &dyn Files, path: &Path) -> bool {
    paths::join_folded(root, path) == path && paths::inside(files, root, path)
}

/// Keeps the actions whose every change stays inside the unit, and writes their inserted line
/// breaks the way each edited file does (a CRLF file gets CRLF).
pub(crate) fn confine(actions: Vec<Action>, root: &Path, files: &dyn Files) -> Vec<Action> {
    actions
        .into_iter()
        .filter(|a| {
            a.changes.iter().all(|c| match c {
                Change::Edit { path, .. } | Change::Create { path, .. } => may_change(root, files, path),
                Change::Rename { from, to } => may_change(root, files, from) && may_change(root, files, to),
            })
        })
        .map(|mut a| {
            for c in &mut a.changes {
                if let Change::Edit { path, text, .. } = c
                    && text.contains('\n')
                    && files.read(path).is_some_and(|f| uses_crlf(&f.text))
                {
                    *text = to_crlf(text);
                }
            }
            a
        })
        .collect()
}

/// Whether a text's lines end in CRLF (judged by its first line break).
fn uses_crlf(text: &str) -> bool {
    text.find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

/// `\n` line breaks as `\r\n` (those already `\r\n` stay).
fn to_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = '\0';
    for ch in text.chars() {
        if ch == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(ch);
        prev = ch;
    }
    out
}
