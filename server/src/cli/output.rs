//! Output formats of `dify-lsp check`. Lines and columns are 1-based; text and JSON columns count
//! Unicode characters, SARIF columns UTF-16 code units (its default `columnKind`).

use super::summary::Checked;
use crate::project::SourceFile;
use crate::rules::{self, Diagnostic, Severity};
use crate::syntax::{Encoding, Span};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

impl Format {
    pub(crate) fn parse(s: &str) -> Result<Format, String> {
        Ok(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            other => {
                return Err(format!("unknown format `{other}` (text, json, sarif or github)"));
            }
        })
    }
}

/// 1-based (line, column) of both ends of a span.
pub(crate) fn range(file: &SourceFile, span: Span, enc: Encoding) -> ((u32, u32), (u32, u32)) {
    let (l0, c0) = file.lines.position(&file.text, span.start, enc);
    let (l1, c1) = file.lines.position(&file.text, span.end, enc);
    ((l0 + 1, c0 + 1), (l1 + 1, c1 + 1))
}

fn display_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd).unwrap_or(path).display().to_string()
}

/// `checked` feeds the text summary only: the other formats hold the findings alone.
pub(crate) fn write(
    out: &mut dyn Write,
    format: Format,
    diags: &[Diagnostic],
    cwd: &Path,
    checked: &Checked,
) -> io::Result<()> {
    match format {
        Format::Text => text(out, diags, cwd, checked),
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json_value(diags, cwd)).expect("JSON")
        ),
        Format::Sarif => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&sarif(diags, cwd)).expect("JSON")
        ),
        Format::Github => github(out, diags, cwd),
    }
}

fn text(out: &mut dyn Write, diags: &[Diagnostic], cwd: &Path, checked: &Checked) -> io::Result<()> {
    for d in diags {
        let ((l, c), _) = range(&d.file, d.span, Encoding::Utf32);
        writeln!(
            out,
            "{}:{l}:{c}: {} {}",
            display_path(d.path(), cwd),
            d.rule.code,
            d.message
        )?;
    }
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (e, w, other) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info) + count(Severity::Hint),
    );
    let mut files: Vec<&Path> = diags.iter().map(Diagnostic::path).collect();
    files.sort();
    files.dedup();
    let what = checked.phrase();
    if diags.is_empty() && checked.units() == 0 {
        writeln!(out, "Nothing to check: no plugin or in-tree provider found.")
    } else if diags.is_empty() {
        writeln!(out, "All checks passed ({what}).")
    } else {
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("{n} {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        let mut parts = vec![plural(e, "error"), plural(w, "warning")];
        if other > 0 {
            parts.push(plural(other, "note"));
        }
        writeln!(
            out,
            "Found {} in {} ({what}).",
            parts.join(", "),
            plural(files.len(), "file")
        )
    }
}

pub(crate) fn json_value(diags: &[Diagnostic], cwd: &Path) -> Value {
    Value::Array(
        diags
            .iter()
            .map(|d| {
                let ((l0, c0), (l1, c1)) = range(&d.file, d.span, Encoding::Utf32);
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .map(|r| {
                        let ((l, c), _) = range(&r.file, r.span, Encoding::Utf32);
                        json!({"path": display_path(&r.file.path, cwd), "line": l, "column": c, "message": r.message})
                    })
                    .collect();
                json!({
                    "path": display_path(d.path(), cwd),
                    "line": l0, "column": c0, "end_line": l1, "end_column": c1,
                    "severity": d.severity.as_str(),
                    "code": d.rule.code,
                    "message": d.message,
                    "rule": d.rule.name,
                    "source": d.rule.source,
                    "related": related,
                })
            })
            .collect(),
    )
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn uri(path: &Path, cwd: &Path) -> String {
    display_path(path, cwd).replace('\\', "/").replace(' ', "%20")
}

fn sarif(diags: &[Diagnostic], cwd: &Path) -> Value {
    let all = rules::all();
    let rules: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                "id": r.code, "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.doc},
                "help": {"text": format!("{}\n\nEnforced by: {}", r.doc, r.source)},
                "helpUri": r.doc_url(),
                "defaultConfiguration": {"level": sarif_level(r.severity())},
                "properties": {"spec": r.spec, "source": r.source},
            })
        })
        .collect();
    let location = |file: &SourceFile, span: Span| {
        let ((l0, c0), (l1, c1)) = range(file, span, Encoding::Utf16);
        json!({"physicalLocation": {"artifactLocation": {"uri": uri(&file.path, cwd)}, "region": {"startLine": l0, "startColumn": c0, "endLine": l1, "endColumn": c1}}})
    };
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut loc = location(&r.file, r.span);
                    loc["id"] = json!(i);
                    loc["message"] = json!({"text": r.message});
                    loc
                })
                .collect();
            json!({
                "ruleId": d.rule.code,
                "ruleIndex": all.iter().position(|r| r.code == d.rule.code),
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [location(&d.file, d.span)],
                "relatedLocations": related,
            })
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "dify-lsp", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://github.com/dify-lsp/dify-lsp", "rules": rules}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}

/// GitHub workflow commands escape `%`, CR and LF everywhere, and `:` and `,` in properties.
fn escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn github(out: &mut dyn Write, diags: &[Diagnostic], cwd: &Path) -> io::Result<()> {
    for d in diags {
        let ((l0, c0), (l1, c1)) = range(&d.file, d.span, Encoding::Utf32);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let file = escape(&display_path(d.path(), cwd), true);
        let title = escape(&format!("{} {}", d.rule.code, d.rule.name), true);
        writeln!(
            out,
            "::{level} file={file},line={l0},col={c0},endLine={l1},endColumn={c1},title={title}::{}",
            escape(&d.message, false)
        )?;
    }
    Ok(())
}
