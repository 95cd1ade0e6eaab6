//! Syntax: files that cannot be read as text, YAML that libyaml rejects, Python that does not parse.

use super::{Ctx, Grade, Layouts, Rule};
use crate::project::SourceFile;
use crate::project::files::ReadProblem;
use crate::syntax::Span;
use std::sync::Arc;

pub static YAML_SYNTAX: Rule = Rule {
    code: "DIFY001",
    name: "yaml-syntax",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "§2",
    source: "SDK (PyYAML `yaml.safe_load`); DAEMON (`gopkg.in/yaml.v3`)",
    summary: "The YAML file does not load",
    doc: "The plugin SDK loads every YAML file with PyYAML's `safe_load`; a file it rejects stops the plugin \
from starting (`Error loading tool configuration: Failed to load YAML file <path>: <parser message>`), and an \
in-tree provider with a broken YAML is silently skipped. dify-lsp takes its verdict from libyaml, the same \
parser PyYAML's C loader and serde_yaml use, so a file PyYAML accepts never gets this error. Fix the syntax at \
the position shown (a common cause is a value containing `: ` that needs quotes, or inconsistent indentation).",
    fix: None,
};

pub static PYTHON_SYNTAX: Rule = Rule {
    code: "DIFY002",
    name: "python-syntax",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "§4.7",
    source: "API `module_import_helper.py` / SDK `class_loader.py` (import of the module)",
    summary: "The Python file does not parse",
    doc: "Dify imports each provider and tool module to find its class. A module with a syntax error raises \
`SyntaxError` on import: a plugin exits at start-up, and an in-tree provider is skipped. Fix the syntax at the \
position shown.",
    fix: None,
};

pub static UNREADABLE: Rule = Rule {
    code: "DIFY003",
    name: "unreadable-file",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "§2",
    source: "SDK (files are opened as UTF-8 text)",
    summary: "A file or folder cannot be read, is not UTF-8 text, or is not a regular file",
    doc: "Dify reads YAML and Python files as UTF-8 text. A file with invalid UTF-8 or NUL bytes cannot be \
loaded; re-save it as UTF-8. A file or folder without read permission cannot be packaged or loaded: fix its \
permissions (`chmod a+r FILE`, `chmod a+rx FOLDER`). A FIFO, socket or device where a plugin file belongs is \
never read (reading it could block forever): replace it with a regular file.",
    fix: None,
};

pub static NOT_ANALYSED: Rule = Rule {
    code: "DIFY005",
    name: "file-too-large",
    grade: Grade::Advice(crate::rules::Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp",
    summary: "A file is larger than dify-lsp analyses, or its YAML aliases expand beyond its bound",
    doc: "dify-lsp does not read files over 4 MiB (the largest file of the 262 official plugins is 206 KB), so \
that every edit stays interactive, and expands YAML aliases to at most 100,000 nodes (a \"billion laughs\" file \
would otherwise take all memory). Dify may load such a file; it is simply not checked (or, for aliases, checked \
without the rest of the expansion), and the rules that depend on it see less. Split generated data out of tool \
and provider files.",
    fix: None,
};

/// A folder to look at, with the reference that leads into it (where a problem is reported).
type FolderUse = (std::path::PathBuf, Option<(Arc<SourceFile>, Span)>);

/// Folders the unit's files live in that exist but cannot be listed: their files would otherwise
/// be reported as missing.
fn unreadable_folders(cx: &mut Ctx) {
    let project = cx.project;
    let root = &project.unit.root;
    let mut dirs: Vec<FolderUse> = vec![
        (root.clone(), None),
        (root.join("tools"), None),
        (root.join("_assets"), None),
    ];
    let refs = project.providers.iter().flat_map(|p| {
        p.listed
            .iter()
            .chain(&p.source)
            .chain(p.tools.iter().flat_map(|t| t.listed.iter().chain(&t.source)))
    });
    for r in refs {
        if let Some(parent) = r.target.path.parent() {
            dirs.push((parent.to_path_buf(), Some((r.file.clone(), r.span))));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (dir, at) in dirs {
        if !seen.insert(dir.clone()) {
            continue;
        }
        let Some(problem) = cx.files.dir_problem(&dir) else {
            continue;
        };
        let (file, span) = at.unwrap_or_else(|| {
            let carrier = project
                .manifest
                .clone()
                .or_else(|| project.providers.iter().find_map(|p| p.yaml.clone()))
                .unwrap_or_else(|| Arc::new(SourceFile::placeholder(dir.clone())));
            let span = carrier.anchor();
            (carrier, span)
        });
        let shown = dir
            .strip_prefix(root)
            .map_or(dir.display().to_string(), |r| format!("{}/", r.display()));
        let shown = if shown == "/" {
            format!("{}/", project.unit.dir_name())
        } else {
            shown
        };
        cx.report(
            &UNREADABLE,
            &file,
            span,
            format!(
                "cannot list the folder `{shown}`: {}; its files can be neither checked nor packaged",
                problem.describe()
            ),
        );
    }
}

pub fn check(cx: &mut Ctx) {
    unreadable_folders(cx);
    let files: Vec<_> = cx.project.source_files().into_iter().cloned().collect();
    for file in files {
        let is_python = file.path.extension().is_some_and(|e| e == "py");
        if let Some(problem) = &file.decode_error {
            let rule = match problem {
                ReadProblem::TooLarge(_) => &NOT_ANALYSED,
                _ => &UNREADABLE,
            };
            let message = format!("cannot read `{}`: {}", file.file_name(), problem.describe());
            cx.report(rule, &file, Span::default(), message);
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
        } else if file.yaml().aliases_truncated {
            let message = "aliases in this file expand to more than 100,000 nodes: PyYAML loads it (it shares the aliased values), but dify-lsp checks it without expanding the rest";
            cx.report(&NOT_ANALYSED, &file, file.first_line(), message);
        }
    }
}
