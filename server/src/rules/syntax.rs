//! Syntax: files that cannot be read as text, YAML that libyaml rejects, Python that does not parse.

use super::{Ctx, Grade, Rule};
use crate::syntax::Span;

pub static YAML_SYNTAX: Rule = Rule {
    code: "DIFY001",
    name: "yaml-syntax",
    grade: Grade::Error,
    spec: "§2",
    source: "SDK (PyYAML `yaml.safe_load`); DAEMON (`gopkg.in/yaml.v3`)",
    summary: "The YAML file does not load",
    doc: "The plugin SDK loads every YAML file with PyYAML's `safe_load`; a file it rejects stops the plugin \
from starting (`Error loading tool configuration: Failed to load YAML file <path>: <parser message>`), and an \
in-tree provider with a broken YAML is silently skipped. dify-lsp takes its verdict from libyaml, the same \
parser PyYAML's C loader and serde_yaml use, so a file PyYAML accepts never gets this error. Fix the syntax at \
the position shown (a common cause is a value containing `: ` that needs quotes, or inconsistent indentation).",
};

pub static PYTHON_SYNTAX: Rule = Rule {
    code: "DIFY002",
    name: "python-syntax",
    grade: Grade::Error,
    spec: "§4.7",
    source: "API `module_import_helper.py` / SDK `class_loader.py` (import of the module)",
    summary: "The Python file does not parse",
    doc: "Dify imports each provider and tool module to find its class. A module with a syntax error raises \
`SyntaxError` on import: a plugin exits at start-up, and an in-tree provider is skipped. Fix the syntax at the \
position shown.",
};

pub static UNREADABLE: Rule = Rule {
    code: "DIFY003",
    name: "unreadable-file",
    grade: Grade::Error,
    spec: "§2",
    source: "SDK (files are opened as UTF-8 text)",
    summary: "The file is not UTF-8 text",
    doc: "Dify reads YAML and Python files as UTF-8 text. A file with invalid UTF-8, NUL bytes, or one too large \
to analyse cannot be loaded. Re-save the file as UTF-8.",
};

pub static RULES: &[&Rule] = &[&YAML_SYNTAX, &PYTHON_SYNTAX, &UNREADABLE];

pub fn check(cx: &mut Ctx) {
    let files: Vec<_> = cx.project.source_files().into_iter().cloned().collect();
    for file in files {
        let is_python = file.path.extension().is_some_and(|e| e == "py");
        if let Some(why) = &file.decode_error {
            cx.report(
                &UNREADABLE,
                &file,
                Span::default(),
                format!("cannot read `{}`: {why}", file.file_name()),
            );
            continue;
        }
        if is_python {
            if let Some(err) = file.python().syntax_error {
                let missing = file
                    .python()
                    .tree
                    .root_node()
                    .descendant_for_byte_range(err.start, err.end)
                    .filter(|n| n.is_missing());
                let line = file.lines.line_of(err.start);
                let line_end = file.lines.line_span(&file.text, line).end.max(err.start);
                let span = if err.is_empty() {
                    Span::new(err.start, (err.start + 1).min(file.text.len()).max(err.start))
                } else {
                    Span::new(err.start, err.end.min(line_end).max(err.start + 1))
                };
                let message = match missing {
                    Some(n) => format!(
                        "invalid Python syntax: expected `{}` here; the loader cannot import this module",
                        n.kind()
                    ),
                    None => "invalid Python syntax; the loader cannot import this module (SyntaxError)".to_string(),
                };
                cx.report(&PYTHON_SYNTAX, &file, span, message);
            }
        } else if let Some(err) = &file.yaml().error {
            let message = format!("YAML does not load: {}", err.message);
            cx.report(&YAML_SYNTAX, &file, err.span, message);
        }
    }
}
