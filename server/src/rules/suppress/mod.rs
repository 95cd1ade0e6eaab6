//! Inline suppression: `# dify-lsp: ignore[DIFY201, DIFY202]` (or `# dify-lsp: ignore` for every
//! rule) at the end of the line a diagnostic starts on, or alone on the line above it.

pub(crate) mod unknown_suppression;

use super::Diagnostic;
use crate::project::{Project, SourceFile};
use std::sync::Arc;

struct Suppression {
    /// The line it applies to.
    line: usize,
    /// `None` suppresses every rule.
    codes: Option<Vec<String>>,
}

const MARKER: &str = "dify-lsp:";

fn parse(file: &Arc<SourceFile>, unknown: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !file.text.contains(MARKER) {
        return out;
    }
    for line in 0..file.lines.line_count() {
        let range = file.lines.line_span(&file.text, line);
        let text = &file.text[range.clone()];
        let Some(hash) = text.find('#') else { continue };
        let comment = &text[hash + 1..];
        let Some(at) = comment.find(MARKER) else {
            continue;
        };
        let rest = comment[at + MARKER.len()..].trim_start();
        let Some(rest) = rest.strip_prefix("ignore") else {
            continue;
        };
        let target = if text[..hash].trim().is_empty() { line + 1 } else { line };
        let codes = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(inner, _)| {
                let list_start =
                    range.start + hash + 1 + at + MARKER.len() + (comment[at + MARKER.len()..].len() - rest.len()) + 1;
                let mut offset = 0;
                inner
                    .split(',')
                    .filter_map(|c| {
                        let start = list_start + offset + (c.len() - c.trim_start().len());
                        offset += c.len() + 1;
                        let c = c.trim();
                        if c.is_empty() {
                            return None;
                        }
                        unknown.extend(unknown_suppression::check(file, start, c));
                        Some(c.to_ascii_uppercase())
                    })
                    .collect()
            });
        out.push(Suppression { line: target, codes });
    }
    out
}

/// Drops suppressed diagnostics and reports unknown codes in suppression comments.
pub(crate) fn apply(diags: Vec<Diagnostic>, project: &Project) -> Vec<Diagnostic> {
    let mut unknown = Vec::new();
    let mut table: Vec<(Arc<SourceFile>, Vec<Suppression>)> = Vec::new();
    for file in project.source_files() {
        let s = parse(file, &mut unknown);
        if !s.is_empty() {
            table.push((file.clone(), s));
        }
    }
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| {
            let Some((_, sups)) = table.iter().find(|(f, _)| f.path == d.file.path) else {
                return true;
            };
            let line = d.file.lines.line_of(d.span.start);
            !sups
                .iter()
                .any(|s| s.line == line && s.codes.as_ref().is_none_or(|c| c.iter().any(|c| c == d.rule.code)))
        })
        .collect();
    out.extend(unknown);
    out
}
