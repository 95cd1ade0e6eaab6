//! Quick fixes: what each diagnostic can be fixed with. Every diagnostic whose check suggested a
//! `replacement` offers it; a rule's own fixes are in the rule's file, reached through its
//! [`Fix`](crate::rules::Fix). "Fix all" gathers the safe ones of a file.

use crate::edits::{Action, Change, edit};
use crate::project::{Files, Project};
use crate::rules::Diagnostic;
use crate::syntax::Span;
use std::path::Path;

/// Every fix for one diagnostic, the preferred one first.
pub(crate) fn quick_fixes(d: &Diagnostic, project: &Project, files: &dyn Files) -> Vec<Action> {
    let code = d.rule.code;
    let mut out = Vec::new();
    if let Some(r) = &d.replacement {
        let current = d.file.slice(d.span);
        if current != r {
            out.push(
                Action::fix(
                    format!("Change `{current}` to `{r}`"),
                    code,
                    vec![edit(&d.file, d.span, r.clone())],
                )
                .preferred(),
            );
        }
    }
    if let Some(fix) = &d.rule.fix {
        out.extend((fix.actions)(d, project, files));
    }
    // A lone fix is the obvious one, unless it writes text a person should word (placeholders).
    let needs_words = d.rule.fix.as_ref().is_some_and(|f| f.placeholders);
    if out.len() == 1 && !needs_words {
        out[0].preferred = true;
    }
    out
}

/// The safe fixes of one file for "fix all": preferred text edits within that file, at most one
/// per diagnostic, none overlapping.
pub(crate) fn fix_all(diags: &[Diagnostic], project: &Project, files: &dyn Files, path: &Path) -> Vec<(Span, String)> {
    let mut edits: Vec<(Span, String)> = Vec::new();
    for d in diags.iter().filter(|d| d.path() == path) {
        let Some(action) = quick_fixes(d, project, files)
            .into_iter()
            .find(|a| a.preferred && a.text_only())
        else {
            continue;
        };
        let mine: Vec<(Span, String)> = action
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::Edit { path: p, span, text } if p == path => Some((*span, text.clone())),
                _ => None,
            })
            .collect();
        if mine.len() != action.changes.len() {
            continue; // The fix also edits other files; leave it to the editor.
        }
        let overlaps = mine.iter().any(|(s, _)| {
            edits
                .iter()
                .any(|(e, _)| s.start < e.end.max(e.start + 1) && e.start < s.end.max(s.start + 1))
        });
        if !overlaps {
            edits.extend(mine);
        }
    }
    edits
}
