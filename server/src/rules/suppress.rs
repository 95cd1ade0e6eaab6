//! Inline suppression: `# dify-lsp: ignore[DIFY201, DIFY202]` (or `# dify-lsp: ignore` for every
//! rule) at the end of the line a diagnostic starts on, or alone on the line above it.

use super::{Diagnostic, Grade, Layouts, Rule, Severity};
use crate::project::{Project, SourceFile};
use crate::syntax::Span;
use std::sync::Arc;

pub static UNKNOWN_SUPPRESSION: Rule = Rule {
    code: "DIFY004",
    name: "unknown-suppression",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp",
    summary: "A suppression comment names an unknown rule code",
    doc: "`# dify-lsp: ignore[CODE]` suppresses the named rules on its line (or, alone on a line, on the next \
line). A code that is not a dify-lsp rule suppresses nothing, which usually means a typo. `dify-lsp rules` \
lists the codes.",
    fix: None,
};

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
                        if super::by_code(c).is_none() {
                            unknown.push(Diagnostic {
                                file: file.clone(),
                                span: Span::new(start, start + c.len()),
                                rule: &UNKNOWN_SUPPRESSION,
                                severity: UNKNOWN_SUPPRESSION.severity(),
                                message: format!(
                                    "`{c}` is not a dify-lsp rule code, so this comment suppresses nothing{}",
                                    super::did_you_mean(c, &super::all().iter().map(|r| r.code).collect::<Vec<_>>())
                                ),
                                related: Vec::new(),
                                replacement: None,
                                fix: None,
                            });
                        }
                        Some(c.to_ascii_uppercase())
                    })
                    .collect()
            });
        out.push(Suppression { line: target, codes });
    }
    out
}

/// Drops suppressed diagnostics and reports unknown codes in suppression comments.
pub fn apply(diags: Vec<Diagnostic>, project: &Project) -> Vec<Diagnostic> {
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
