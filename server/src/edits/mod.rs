//! Edits as plain data: an [`Action`] is a titled list of [`Change`]s (text edits by byte span,
//! file creations and renames), with the helpers that fit new text to the file it lands in and
//! the templates of new files. Rules build their quick fixes from these; [`crate::actions`]
//! offers them, the LSP edge turns them into a `WorkspaceEdit` and `check --fix` applies them.

pub(crate) mod templates;
pub(crate) mod text;

use crate::project::SourceFile;
use crate::syntax::Span;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Edit { path: PathBuf, span: Span, text: String },
    Create { path: PathBuf, text: String },
    Rename { from: PathBuf, to: PathBuf },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    QuickFix,
    /// Rewrites code in place (`refactor.rewrite`).
    Rewrite,
    /// Inserts new code (`refactor.insert`).
    Insert,
}

#[derive(Clone, Debug)]
pub struct Action {
    pub title: String,
    pub kind: Kind,
    pub preferred: bool,
    pub changes: Vec<Change>,
    /// The rule code of the diagnostic it fixes, for quick fixes.
    pub fixes: Option<&'static str>,
}

impl Action {
    pub(crate) fn fix(title: impl Into<String>, code: &'static str, changes: Vec<Change>) -> Action {
        Action {
            title: title.into(),
            kind: Kind::QuickFix,
            preferred: false,
            changes,
            fixes: Some(code),
        }
    }

    pub(crate) fn preferred(mut self) -> Action {
        self.preferred = true;
        self
    }

    /// Whether applying it only edits text (no file creations or renames): safe for "fix all".
    pub(crate) fn text_only(&self) -> bool {
        self.changes.iter().all(|c| matches!(c, Change::Edit { .. }))
    }
}

/// A text edit of `file`: `text` replaces `span`.
pub(crate) fn edit(file: &SourceFile, span: Span, text: impl Into<String>) -> Change {
    Change::Edit {
        path: file.path.clone(),
        span,
        text: text.into(),
    }
}

/// Applies text edits of one file (spans against `text` as it is) and returns the new text.
/// Overlapping edits keep the first; the rest are skipped.
pub fn apply_edits(text: &str, edits: &[(Span, String)]) -> String {
    let mut sorted: Vec<&(Span, String)> = edits.iter().collect();
    sorted.sort_by_key(|(s, _)| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, new) in sorted {
        if span.start < at || span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(new);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}
