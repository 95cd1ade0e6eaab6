//! Quick fixes: what each diagnostic can be fixed with, computed from the diagnostic and the
//! unit's files. Fixes that only need the diagnostic's own suggestion use its `replacement`.

use crate::edits::text::{after_block, capitalize, entry_indent, indent_at, is_block, stem, yaml_scalar};
use crate::edits::{Action, Change, edit};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Diagnostic, FixData};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::path::Path;

/// Every fix for one diagnostic, the preferred one first.
pub fn quick_fixes(d: &Diagnostic, project: &Project, files: &dyn Files) -> Vec<Action> {
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
pub fn fix_all(diags: &[Diagnostic], project: &Project, files: &dyn Files, path: &Path) -> Vec<(Span, String)> {
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

/// The mapping whose key carries the diagnostic (or the root when it sits on the document's first key).
fn mapping_at(file: &SourceFile, span: Span) -> Option<&Node> {
    let root = file.yaml_root()?;
    if file.anchor() == span {
        return Some(root);
    }
    fn find(node: &Node, span: Span, depth: usize) -> Option<&Node> {
        if depth > 64 {
            return None;
        }
        match &node.value {
            crate::syntax::yaml::Value::Map(entries) => entries.iter().find_map(|e| {
                if e.key.span == span && e.value.as_map().is_some() {
                    Some(&e.value)
                } else {
                    find(&e.value, span, depth + 1)
                }
            }),
            crate::syntax::yaml::Value::Seq(items) => items.iter().find_map(|i| {
                if i.span == span && i.as_map().is_some() {
                    Some(i)
                } else {
                    find(i, span, depth + 1)
                }
            }),
            _ => None,
        }
    }
    find(root, span, 0)
}

fn placeholder(key: &str, indent: &str, file: &SourceFile, owner: Option<&str>) -> String {
    let title = owner.unwrap_or(key).replace('_', " ");
    match key {
        "label" | "description" | "human" | "human_description" | "help" => {
            format!("\n{indent}  en_US: {}", yaml_scalar(&capitalize(&title)))
        }
        "llm" | "llm_description" => " Describe it for the model.".to_string(),
        "type" => " string".into(),
        "form" => " llm".into(),
        "name" => format!(" {}", stem(&file.path)),
        "icon" => " icon.svg".into(),
        "memory" => " 268435456".into(),
        _ => " \"\"".into(),
    }
}

pub(crate) fn required_field(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(FixData::AddKey { key, owner }) = &d.fix else {
        return Vec::new();
    };
    let Some(map) = mapping_at(&d.file, d.span) else {
        return Vec::new();
    };
    if !is_block(&d.file, map) {
        return Vec::new();
    }
    let Some(indent) = entry_indent(&d.file, map) else {
        return Vec::new();
    };
    let (at, nl) = after_block(&d.file, map);
    // A credential's or parameter's name makes a better label than the key's.
    let owner = owner.as_deref().filter(|o| o != key);
    let text = format!(
        "{}{indent}{key}:{}\n",
        if nl { "\n" } else { "" },
        placeholder(key, &indent, &d.file, owner)
    );
    vec![Action::fix(
        format!("Add `{key}`"),
        d.rule.code,
        vec![edit(&d.file, Span::new(at, at), text)],
    )]
}

/// Deletes the `key: value` entry the diagnostic points into (a key the loader ignores or rejects).
pub(crate) fn remove_entry(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(root) = d.file.yaml_root() else {
        return Vec::new();
    };
    fn find(node: &Node, at: usize, depth: usize) -> Option<(Span, Span, String)> {
        if depth > 64 {
            return None;
        }
        match &node.value {
            crate::syntax::yaml::Value::Map(entries) => entries.iter().find_map(|e| {
                let whole = Span::new(e.key.span.start, e.value.span.end.max(e.key.span.end));
                let hit = e.key.span.contains(at) || (e.value.as_scalar().is_some() && e.value.span.contains(at));
                if hit {
                    Some((whole, e.key.span, e.key.text().unwrap_or("").to_string()))
                } else {
                    find(&e.value, at, depth + 1)
                }
            }),
            crate::syntax::yaml::Value::Seq(items) => items.iter().find_map(|i| find(i, at, depth + 1)),
            _ => None,
        }
    }
    let Some((whole, key, name)) = find(root, d.span.start, 0) else {
        return Vec::new();
    };
    let file = &d.file;
    let first_line = file.lines.line_of(key.start);
    let line_start = file.lines.line_start(first_line);
    // Only whole lines, and only when the key starts its line (not `- key:` or flow style).
    if !file.text[line_start..key.start].trim().is_empty() {
        return Vec::new();
    }
    let end = crate::edits::text::next_line_start(file, whole.end.saturating_sub(1).max(whole.start));
    vec![Action::fix(
        format!("Remove `{name}`"),
        d.rule.code,
        vec![edit(file, Span::new(line_start, end), "")],
    )]
}

pub(crate) fn llm_description(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    // The diagnostic is on the `form` value of the parameter.
    let indent = indent_at(&d.file, d.span.start);
    let at = crate::edits::text::next_line_start(&d.file, d.span.start);
    let name = match &d.fix {
        Some(FixData::AddLlmDescription { parameter }) => parameter.as_str(),
        _ => "the value",
    };
    let nl = if at == d.file.text.len() && !d.file.text.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let text = format!(
        "{nl}{indent}llm_description: {}\n",
        yaml_scalar(&format!("The {} to use", name.replace('_', " ")))
    );
    vec![Action::fix(
        "Add `llm_description`",
        d.rule.code,
        vec![edit(&d.file, Span::new(at, at), text)],
    )]
}
