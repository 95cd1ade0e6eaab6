//! Every quick fix and snippet applied to real files: the diagnostic goes away, no new one
//! appears, Python still parses, and a second application inserts nothing.

mod common;

use common::*;
use dify_lsp::actions::{self, Action, Change};
use dify_lsp::config::Config;
use dify_lsp::project::{DiskFiles, Project, discover};
use dify_lsp::rules::{self, Diagnostic};
use std::collections::BTreeMap;
use std::path::Path;

fn analyse(root: &Path) -> (Project, Vec<Diagnostic>) {
    let units = discover(&[root.to_path_buf()]).unwrap();
    assert_eq!(units.len(), 1, "one unit per case");
    let files = DiskFiles::new();
    let project = Project::load(&units[0], &files);
    let diags = rules::check_project(&project, &files, &Config::default(), None);
    (project, diags)
}

/// Applies an action's changes to the disk, as an editor applies a WorkspaceEdit.
fn apply(action: &Action) {
    let mut edits: BTreeMap<std::path::PathBuf, Vec<(dify_lsp::syntax::Span, String)>> = BTreeMap::new();
    for c in &action.changes {
        match c {
            Change::Edit { path, span, text } => edits.entry(path.clone()).or_default().push((*span, text.clone())),
            Change::Create { path, text } => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                assert!(!path.exists(), "{} already exists", path.display());
                std::fs::write(path, text).unwrap();
            }
            Change::Rename { from, to } => std::fs::rename(from, to).unwrap(),
        }
    }
    for (path, e) in edits {
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, actions::apply_edits(&text, &e)).unwrap();
    }
}

fn python_parses(root: &Path) {
    for f in walk(root)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "py"))
    {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let m = dify_lsp::project::python::PyModule::parse(&text);
        assert!(m.syntax_error.is_none(), "{} no longer parses:\n{text}", f.display());
    }
}

fn summary(root: &Path, diags: &[Diagnostic]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d.path().strip_prefix(root).unwrap_or(d.path()).display().to_string(),
                d.rule.code.to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

const FIXABLE: &[&str] = &[
    "DIFY101", "DIFY102", "DIFY104", "DIFY107", "DIFY108", "DIFY109", "DIFY111", "DIFY112", "DIFY114", "DIFY121",
    "DIFY201", "DIFY202", "DIFY203", "DIFY207", "DIFY208", "DIFY301", "DIFY303", "DIFY305", "DIFY401", "DIFY402",
    "DIFY403", "DIFY404", "DIFY407", "DIFY408", "DIFY409", "DIFY410", "DIFY411", "DIFY414", "DIFY417", "DIFY418",
    "DIFY421", "DIFY504", "DIFY512", "DIFY513", "DIFY601", "DIFY603",
];

#[test]
fn quick_fixes_fix_what_they_say() {
    let mut fixed_codes = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    for code in FIXABLE {
        let dir = fixtures().join("rules").join(code);
        for case in std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("fail"))
        {
            let name = format!("{code}/{}", case.file_name().unwrap().to_string_lossy());
            let tmp = materialize(&case);
            let root = std::path::absolute(tmp.path()).unwrap();
            let (project, before) = analyse(&root);
            let Some(target) = before.iter().find(|d| d.rule.code == *code) else {
                problems.push(format!("{name}: no {code} to fix"));
                continue;
            };
            let fixes = actions::quick_fixes(target, &project, &DiskFiles::new());
            let Some(fix) = fixes.iter().find(|a| a.preferred).or(fixes.first()) else {
                continue;
            };
            assert_eq!(fix.fixes, Some(*code));
            let target_line = target.file.lines.line_of(target.span.start);
            let target_path = target.path().to_path_buf();
            apply(fix);
            python_parses(&root);
            let (project2, after) = analyse(&root);
            let still = after.iter().any(|d| {
                d.rule.code == *code && d.path() == target_path && d.file.lines.line_of(d.span.start) == target_line
            });
            if still {
                problems.push(format!("{name}: `{}` left the diagnostic", fix.title));
            }
            let before_set = summary(&root, &before);
            let new: Vec<_> = summary(&root, &after)
                .into_iter()
                .filter(|x| !before_set.contains(x) && x.1 != "DIFY514")
                .collect();
            if !new.is_empty() {
                problems.push(format!("{name}: `{}` added {new:?}", fix.title));
            }
            // Applying it again is not possible: the diagnostic it fixed is gone.
            let again = after.iter().filter(|d| {
                d.rule.code == *code && d.path() == target_path && d.file.lines.line_of(d.span.start) == target_line
            });
            assert!(
                again
                    .flat_map(|d| actions::quick_fixes(d, &project2, &DiskFiles::new()))
                    .next()
                    .is_none()
                    || still
            );
            fixed_codes.insert(*code);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let missing: Vec<_> = FIXABLE.iter().filter(|c| !fixed_codes.contains(*c)).collect();
    assert!(missing.is_empty(), "no fix was exercised for {missing:?}");
}

#[test]
fn snippets_insert_valid_python_once() {
    for (base, tool) in [
        ("plugin", "tools/echo.py"),
        ("intree1", "api/core/tools/builtin_tool/providers/demo/tools/echo.py"),
        ("intree0", "api/core/tools/provider/builtin/demo/tools/echo.py"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("base").join(base), tmp.path());
        let root = std::path::absolute(tmp.path()).unwrap();
        let py = root.join(tool);
        // Give the tool an HTTP call and a numeric and a select parameter to validate.
        give_http_call(&py);
        let (project, before) = analyse(&root);
        let file = project
            .source_files()
            .into_iter()
            .find(|f| f.path == py)
            .unwrap()
            .clone();
        let snippets = actions::snippets(&file, &project, &DiskFiles::new());
        let titles: Vec<&str> = snippets.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(snippets.len(), 4, "{base}: {titles:?}");
        for s in &snippets {
            let tmp2 = tempfile::tempdir().unwrap();
            copy_dir(&root, tmp2.path());
            let root2 = std::path::absolute(tmp2.path()).unwrap();
            let moved = |c: &Change| match c {
                Change::Edit { path, span, text } => Change::Edit {
                    path: root2.join(path.strip_prefix(&root).unwrap()),
                    span: *span,
                    text: text.clone(),
                },
                other => other.clone(),
            };
            let action = Action {
                changes: s.changes.iter().map(moved).collect(),
                ..s.clone()
            };
            apply(&action);
            python_parses(&root2);
            let (project2, after) = analyse(&root2);
            assert_eq!(
                summary(&root2, &after),
                summary(&root, &before),
                "{base}: `{}` changed the diagnostics",
                s.title
            );
            let file2 = project2
                .source_files()
                .into_iter()
                .find(|f| f.path.ends_with(tool))
                .unwrap()
                .clone();
            let again: Vec<String> = actions::snippets(&file2, &project2, &DiskFiles::new())
                .into_iter()
                .map(|a| a.title)
                .collect();
            if s.title.starts_with("Wrap") {
                assert!(!again.iter().any(|t| t.starts_with("Wrap")), "{base}: wraps twice");
            } else {
                assert!(
                    !again.contains(&s.title),
                    "{base}: `{}` is offered again after applying it",
                    s.title
                );
            }
        }
    }
}

#[test]
fn fix_all_applies_safe_fixes_in_one_file() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), tmp.path());
    let root = std::path::absolute(tmp.path()).unwrap();
    let (project, before) = analyse(&root);
    let manifest = root.join("manifest.yaml");
    let edits = actions::fix_all(&before, &project, &DiskFiles::new(), &manifest);
    assert!(edits.len() >= 4, "{edits:?}");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, actions::apply_edits(&text, &edits)).unwrap();
    let (_, after) = analyse(&root);
    let count = |ds: &[Diagnostic]| ds.iter().filter(|d| d.path() == manifest).count();
    assert!(
        count(&after) + edits.len() <= count(&before),
        "before {} after {}",
        count(&before),
        count(&after)
    );
    for code in ["DIFY201", "DIFY301", "DIFY303", "DIFY404", "DIFY112", "DIFY417"] {
        assert!(
            !after.iter().any(|d| d.path() == manifest && d.rule.code == code),
            "{code} left"
        );
    }
}
