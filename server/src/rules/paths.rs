//! Path rules for every YAML path field of a plugin (spec §6.8).

use super::{Ctx, Grade, Layouts, Rule};
use crate::project::Reference;
use crate::project::paths::{PathProblem, normalize};

pub static PATH_FORM: Rule = Rule {
    code: "DIFY121",
    name: "path-form",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B5",
    source: "DAEMON install from the package (Go `io/fs` path rules)",
    summary: "A YAML path starts with `./`, contains `..` or `\\`, is absolute, or differs in case from the file",
    doc: "Paths in `plugins.tools`, a provider's `tools` and `extra.python.source` are relative to the plugin root \
and must be clean POSIX paths. The packager tolerates `./x`, but installing from the `.difypkg` zip uses Go \
`io/fs` rules, which reject `./`, `..`, backslashes and absolute paths. A name that differs in case from the \
file works on macOS and Windows and fails on Linux servers.",
    fix: None,
};

pub static SOURCE_NOT_PY: Rule = Rule {
    code: "DIFY122",
    name: "source-not-py",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B19",
    source: "SDK `PluginRegistration` (module name from the path)",
    summary: "`extra.python.source` does not end in `.py`, or names a file that cannot be imported normally",
    doc: "The SDK turns the source path into a module name by stripping the suffix and replacing `/` with `.`. \
A path without `.py` does not name a Python file. A hyphenated file name loads fine (importlib looks the \
module up by file name and does not require an identifier), but no other module can name it in an `import` \
statement, so shared code cannot live there.",
    fix: None,
};

pub static OUTSIDE: Rule = Rule {
    code: "DIFY123",
    name: "path-outside-plugin",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B5",
    source: "dify-lsp (plugin boundary); DAEMON install from the package",
    summary: "A YAML path leads outside the plugin folder through a symbolic link",
    doc: "A path in `plugins.tools`, a provider's `tools` or `extra.python.source` names a file whose folder is a \
symbolic link to somewhere outside the plugin. What the packaged plugin contains then depends on how the \
package is built, not on what you see here, and dify-lsp never reads, edits or creates files outside the \
plugin it checks (a cloned repository is untrusted input). Move the file into the plugin. (Paths with `..` or \
an absolute path are DIFY121 errors.)",
    fix: None,
};

fn references(cx: &Ctx) -> Vec<(Reference, bool)> {
    let mut out = Vec::new();
    for p in &cx.project.providers {
        out.extend(p.listed.iter().map(|r| (r.clone(), false)));
        out.extend(p.source.iter().map(|r| (r.clone(), true)));
        for t in &p.tools {
            out.extend(t.listed.iter().map(|r| (r.clone(), false)));
            out.extend(t.source.iter().map(|r| (r.clone(), true)));
        }
    }
    out
}

pub fn check(cx: &mut Ctx) {
    if !cx.unit().is_plugin() {
        return;
    }
    for (r, is_source) in references(cx) {
        let written_outside = r
            .target
            .problems
            .iter()
            .any(|p| matches!(p, PathProblem::DotDot | PathProblem::Absolute));
        for problem in &r.target.problems {
            if *problem == PathProblem::Outside {
                if !written_outside {
                    let message = format!(
                        "`{}` {} through a symbolic link: dify-lsp does not read it, and the package may not hold what you see; move the file into the plugin",
                        r.raw,
                        problem.describe()
                    );
                    cx.report(&OUTSIDE, &r.file, r.span, message);
                }
                continue;
            }
            let fixed = match problem {
                PathProblem::Case(actual) => {
                    let clean = normalize(&r.raw);
                    let dir = clean.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
                    Some(format!("{dir}{actual}"))
                }
                PathProblem::DotSlash | PathProblem::Backslash => Some(normalize(&r.raw)),
                PathProblem::DotDot | PathProblem::Absolute | PathProblem::Outside => None,
            };
            let advice = match &fixed {
                Some(f) => format!("write `{f}`"),
                None => "move the file inside the plugin and write its path relative to the plugin root".into(),
            };
            let message = format!(
                "`{}` {}: installing the package on Linux fails; {advice}",
                r.raw,
                problem.describe()
            );
            cx.report(&PATH_FORM, &r.file, r.span, message).replacement = fixed;
        }
        if is_source {
            let file = normalize(&r.raw);
            if !file.ends_with(".py") {
                cx.report(&SOURCE_NOT_PY, &r.file, r.span, format!("`{}` does not end in `.py`: the SDK builds the module name by stripping the suffix, so this names no Python file", r.raw));
            } else if file.rsplit('/').next().is_some_and(|n| n.contains('-')) {
                cx.report(&SOURCE_NOT_PY, &r.file, r.span, format!("`{}` has a hyphen in its file name: the SDK loads it, but other modules cannot `import` it by name; prefer underscores", r.raw));
            }
        }
    }
}
