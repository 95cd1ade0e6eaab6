//! The Python dify-lsp writes runs where the code runs: every snippet and every quick fix that
//! creates or edits a Python file leaves a file that Python 3.11 (the oldest the plugin SDK and
//! in-tree Dify accept) and 3.12 compile, and that `ruff check` with its default rules passes, in
//! the plugin, 1.x and 0.x layouts.
//!
//! The interpreters and ruff come from `DIFY_TEST_PYTHON311`, `DIFY_TEST_PYTHON312` and
//! `DIFY_TEST_RUFF` (`tests/run-all` sets them), else from pyenv, `.tools/ruff-venv` or `PATH`.
//! When one is missing the test fails under `CI` and is skipped with a message otherwise.

mod common;

use common::*;
use dify_lsp::actions::{self, Action, Change};
use dify_lsp::config::Config;
use dify_lsp::project::{DiskFiles, Project, discover};
use dify_lsp::rules::{self, Diagnostic};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Tools {
    pythons: Vec<(&'static str, PathBuf)>,
    ruff: PathBuf,
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The newest pyenv build of `3.<minor>`.
fn pyenv(minor: &str) -> Option<PathBuf> {
    let root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv")))?;
    let mut found: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir(root.join("versions"))
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&format!("{minor}."))?;
            let patch: u32 = rest.parse().ok()?;
            let bin = e.path().join("bin/python3");
            bin.is_file().then_some((vec![patch], bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, p)| p)
}

fn from_env(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

fn tools() -> Option<Tools> {
    let mut missing = Vec::new();
    let mut pythons = Vec::new();
    for (label, minor, var) in [
        ("python3.11", "3.11", "DIFY_TEST_PYTHON311"),
        ("python3.12", "3.12", "DIFY_TEST_PYTHON312"),
    ] {
        match from_env(var).or_else(|| pyenv(minor)).or_else(|| on_path(label)) {
            Some(p) => pythons.push((label, p)),
            None => missing.push(format!(
                "{label}: set {var}, or install it (`pyenv install {minor}`, or the distribution's python{minor})"
            )),
        }
    }
    let ruff = from_env("DIFY_TEST_RUFF")
        .or_else(|| Some(repo().join(".tools/ruff-venv/bin/ruff")).filter(|p| p.is_file()))
        .or_else(|| on_path("ruff"));
    if ruff.is_none() {
        missing.push(
            "ruff: set DIFY_TEST_RUFF, or `python3 -m venv .tools/ruff-venv && .tools/ruff-venv/bin/pip install ruff` \
             (tests/run-all does this)"
                .into(),
        );
    }
    if !missing.is_empty() {
        let msg = format!("generated_python: missing tools:\n  {}", missing.join("\n  "));
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("{msg}\nskipped (it fails when CI is set)");
        return None;
    }
    Some(Tools {
        pythons,
        ruff: ruff.unwrap(),
    })
}

/// What the tools say about one file: per interpreter whether it compiles, and ruff's findings as
/// `CODE message` lines (positions dropped, so a finding before and after an edit compares equal).
#[derive(Debug)]
struct Verdict {
    compiles: Vec<(&'static str, Result<(), String>)>,
    ruff: Vec<String>,
    ruff_output: String,
}

/// Where ruff runs for a file: Dify's `api/` folder for an in-tree provider, else the plugin's
/// folder (the one with `manifest.yaml`).
fn project_folder(path: &Path) -> &Path {
    let mut ancestors = path.ancestors().skip(1);
    let api = path
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "api") && path.starts_with(a.join("core")));
    api.or_else(|| ancestors.find(|a| a.join("manifest.yaml").is_file()))
        .unwrap_or_else(|| path.parent().expect("a file has a folder"))
}

fn verdict(tools: &Tools, path: &Path) -> Verdict {
    let compiles = tools
        .pythons
        .iter()
        .map(|(label, py)| {
            let out = Command::new(py)
                .args(["-m", "py_compile"])
                .arg(path)
                .output()
                .unwrap_or_else(|e| panic!("{}: {e}", py.display()));
            let result = if out.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ))
            };
            (*label, result)
        })
        .collect();
    // `--isolated`: no project configuration, so ruff's own default rules (ruff is pinned by
    // tests/run-all; 0.17 enables import order, blind `except`, root-logger calls and more).
    // Run from the project's folder, as its author would: first-party imports are what ruff finds
    // there. py311 is the oldest Python a tool runs on.
    let out = Command::new(&tools.ruff)
        .current_dir(project_folder(path))
        .args([
            "check",
            "--no-cache",
            "--isolated",
            "--target-version",
            "py311",
            "--output-format",
            "concise",
        ])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", tools.ruff.display()));
    let ruff_output = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Ruff names the file relative to where it runs.
    let shown = path.strip_prefix(project_folder(path)).unwrap_or(path);
    let prefix = format!("{}:", shown.display());
    let mut ruff: Vec<String> = ruff_output
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        // `line:col: CODE message`
        .filter_map(|l| l.splitn(3, ':').nth(2))
        .map(|l| l.trim().to_string())
        .collect();
    ruff.sort();
    assert!(
        out.status.success() || !ruff.is_empty(),
        "ruff failed without findings:\n{ruff_output}"
    );
    Verdict {
        compiles,
        ruff,
        ruff_output,
    }
}

/// The problems `after` has that `before` (the file before the edit, if it existed) did not.
fn regressions(what: &str, text: &str, before: Option<&Verdict>, after: &Verdict) -> Vec<String> {
    let mut out = Vec::new();
    for (i, (label, result)) in after.compiles.iter().enumerate() {
        let compiled_before = before.is_none_or(|b| b.compiles[i].1.is_ok());
        if let Err(e) = result
            && compiled_before
        {
            out.push(format!("{what}: {label} -m py_compile fails:\n{e}\n--- file:\n{text}"));
        }
    }
    let mut old = before.map(|b| b.ruff.clone()).unwrap_or_default();
    let new: Vec<&String> = after
        .ruff
        .iter()
        .filter(|f| match old.iter().position(|o| o == *f) {
            Some(i) => {
                old.remove(i);
                false
            }
            None => true,
        })
        .collect();
    if !new.is_empty() {
        out.push(format!(
            "{what}: ruff check finds {new:?}:\n{}\n--- file:\n{text}",
            after.ruff_output
        ));
    }
    out
}

fn analyse(root: &Path) -> (Project, Vec<Diagnostic>) {
    let units = discover(&[root.to_path_buf()]).unwrap();
    assert_eq!(units.len(), 1, "one unit");
    let files = DiskFiles::new();
    let project = Project::load(&units[0], &files);
    let diags = rules::check_project(&project, &files, &Config::default(), None);
    (project, diags)
}

fn is_py(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "py")
}

/// The Python files an action creates or edits.
fn python_targets(action: &Action) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = action
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Edit { path, .. } | Change::Create { path, .. } if is_py(path) => Some(path.clone()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Applies an action, with its paths moved from `from` to `to`, as an editor applies the edit.
fn apply(action: &Action, from: &Path, to: &Path) {
    let moved = |p: &Path| to.join(p.strip_prefix(from).unwrap());
    let mut edits: BTreeMap<PathBuf, Vec<(dify_lsp::syntax::Span, String)>> = BTreeMap::new();
    for c in &action.changes {
        match c {
            Change::Edit { path, span, text } => edits.entry(moved(path)).or_default().push((*span, text.clone())),
            Change::Create { path, text } => {
                let path = moved(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Change::Rename { from: a, to: b } => std::fs::rename(moved(a), moved(b)).unwrap(),
        }
    }
    for (path, e) in edits {
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, actions::apply_edits(&text, &e)).unwrap();
    }
}

/// Applies `action` (computed against `root`) to a fresh copy of `root` and checks the Python
/// files it touches against their state in `root`.
fn check_action(tools: &Tools, what: &str, root: &Path, action: &Action) -> Vec<String> {
    let targets = python_targets(action);
    let before: Vec<Option<Verdict>> = targets.iter().map(|p| p.is_file().then(|| verdict(tools, p))).collect();
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(root, tmp.path());
    let copy = std::path::absolute(tmp.path()).unwrap();
    apply(action, root, &copy);
    let mut problems = Vec::new();
    for (path, before) in targets.iter().zip(&before) {
        let path = copy.join(path.strip_prefix(root).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let rel = path.strip_prefix(&copy).unwrap().display();
        problems.extend(regressions(
            &format!("{what}: `{}` on {rel}", action.title),
            &text,
            before.as_ref(),
            &verdict(tools, &path),
        ));
    }
    problems
}

const BASES: &[(&str, &str)] = &[
    ("plugin", "tools/echo.py"),
    ("intree1", "api/core/tools/builtin_tool/providers/demo/tools/echo.py"),
    ("intree0", "api/core/tools/provider/builtin/demo/tools/echo.py"),
];

/// Parameters that make every branch of "Insert parameter validation" write code: a bounded and
/// an unbounded number, a select (its options quoted, the case that needed Python 3.12), a
/// required one whose name is no identifier, and an optional string.
const EXTRA_PARAMETERS: &str = "  - name: count
    type: number
    required: false
    min: 1
    max: 10
    label:
      en_US: Count
    llm_description: How many.
    form: llm
  - name: ratio
    type: number
    required: false
    label:
      en_US: Ratio
    llm_description: The ratio.
    form: llm
  - name: language
    type: select
    required: true
    options:
      - value: en
        label:
          en_US: English
      - value: zh
        label:
          en_US: Chinese
    label:
      en_US: Language
    form: form
  - name: page-size
    type: number
    required: true
    max: 100
    label:
      en_US: Page size
    llm_description: Results per page.
    form: llm
  - name: note
    type: string
    required: false
    label:
      en_US: Note
    llm_description: A note.
    form: llm
";

/// Adds [`EXTRA_PARAMETERS`] to the tool's YAML (beside the `.py`).
fn add_parameters(py: &Path) {
    let yaml = py.with_extension("yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let text = match text.find("\nextra:") {
        Some(at) => format!("{}\n{EXTRA_PARAMETERS}{}", &text[..at], &text[at..]),
        None => format!("{text}{EXTRA_PARAMETERS}"),
    };
    std::fs::write(yaml, text).unwrap();
}

/// A base copied into a temporary folder, with the extra parameters; `http` gives the tool an
/// import of `requests` and a call for the retrying session to reroute.
fn base(name: &str, tool: &str, http: bool) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base").join(name), tmp.path());
    let root = std::path::absolute(tmp.path()).unwrap();
    add_parameters(&root.join(tool));
    if http {
        let py = root.join(tool);
        give_http_call(&py);
    }
    (tmp, root)
}

fn snippets_of(root: &Path, tool: &str) -> Vec<Action> {
    let (project, _) = analyse(root);
    let file = project
        .source_files()
        .into_iter()
        .find(|f| f.path == root.join(tool))
        .expect("the tool's Python file")
        .clone();
    actions::snippets(&file, &project, &DiskFiles::new())
}

#[test]
fn snippets_compile_on_python_311_and_312_and_pass_ruff() {
    let Some(tools) = tools() else { return };
    let mut problems = Vec::new();
    for &(name, tool) in BASES {
        for http in [false, true] {
            let what = format!("{name}{}", if http { " (with requests)" } else { "" });
            let (_tmp, root) = base(name, tool, http);
            // The starting point is clean, so what follows measures the snippets alone.
            let clean = verdict(&tools, &root.join(tool));
            problems.extend(regressions(&format!("{what}: the base file"), "", None, &clean));
            let snippets = snippets_of(&root, tool);
            let titles: Vec<&str> = snippets.iter().map(|s| s.title.as_str()).collect();
            assert_eq!(snippets.len(), 4, "{what}: {titles:?}");
            for s in &snippets {
                problems.extend(check_action(&tools, &what, &root, s));
            }
            // All four in one file, one after the other, as someone would use them.
            let mut applied = Vec::new();
            while let Some(s) = snippets_of(&root, tool)
                .into_iter()
                .find(|s| !applied.contains(&s.title))
            {
                apply(&s, &root, &root);
                applied.push(s.title);
            }
            assert_eq!(applied.len(), 4, "{what}: {applied:?}");
            let path = root.join(tool);
            let text = std::fs::read_to_string(&path).unwrap();
            problems.extend(regressions(
                &format!("{what}: all four snippets"),
                &text,
                None,
                &verdict(&tools, &path),
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Runs every Python-writing quick fix of every diagnostic under `root`; returns the problems and
/// how many fixes were checked.
fn check_fixes(tools: &Tools, what: &str, root: &Path) -> (Vec<String>, usize) {
    let (project, diags) = analyse(root);
    let mut problems = Vec::new();
    let mut checked = 0;
    for d in &diags {
        for fix in actions::quick_fixes(d, &project, &DiskFiles::new()) {
            if python_targets(&fix).is_empty() {
                continue;
            }
            checked += 1;
            problems.extend(check_action(tools, &format!("{what} {}", d.rule.code), root, &fix));
        }
    }
    (problems, checked)
}

#[test]
fn new_python_files_compile_on_python_311_and_312_and_pass_ruff() {
    let Some(tools) = tools() else { return };
    let mut problems = Vec::new();
    for &(name, tool) in BASES {
        // No Python for the tool or the provider: the fixes create them from the templates.
        let (_tmp, root) = base(name, tool, false);
        std::fs::remove_file(root.join(tool)).unwrap();
        let tool_dir = root.join(tool).parent().unwrap().parent().unwrap().to_path_buf();
        let provider = if name == "plugin" {
            root.join("provider/demo.py")
        } else {
            tool_dir.join("demo.py")
        };
        std::fs::remove_file(provider).unwrap();
        let (found, checked) = check_fixes(&tools, name, &root);
        problems.extend(found);
        assert!(checked >= 2, "{name}: {checked} fixes create the tool and the provider");
        // A tool without parameters.
        let (_tmp, root) = base(name, tool, false);
        std::fs::remove_file(root.join(tool)).unwrap();
        let yaml = root.join(tool).with_extension("yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        let start = text.find("parameters:").unwrap();
        let end = text[start..].find("\nextra:").map_or(text.len(), |e| start + e + 1);
        std::fs::write(&yaml, format!("{}{}", &text[..start], &text[end..])).unwrap();
        let (found, checked) = check_fixes(&tools, &format!("{name} (no parameters)"), &root);
        problems.extend(found);
        assert!(checked >= 1, "{name}: no fix creates the tool");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn quick_fixes_of_the_rule_fixtures_keep_python_valid() {
    let Some(tools) = tools() else { return };
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures().join("rules"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("case.toml").is_file())
            .collect();
        cases.sort();
        for case in cases {
            let name = case
                .strip_prefix(fixtures().join("rules"))
                .unwrap()
                .display()
                .to_string();
            let tmp = materialize(&case);
            let root = std::path::absolute(tmp.path()).unwrap();
            // Cases with several units or none are the discovery tests'; they write no Python.
            if discover(std::slice::from_ref(&root)).map_or(true, |u| u.len() != 1) {
                continue;
            }
            let (found, n) = check_fixes(&tools, &name, &root);
            problems.extend(found);
            checked += n;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // DIFY101, 102, 111 (new files), 504, 601, 603 (edits) at least.
    assert!(checked >= 6, "only {checked} Python-writing fixes were exercised");
}

/// Code the fixes once broke: a call whose last argument carries a comment (the comma for
/// `timeout=30` went into the comment) and an optional parameter updated in place (`.get()` is no
/// assignment target).
#[test]
fn quick_fixes_that_edit_tricky_python_keep_it_valid() {
    let Some(tools) = tools() else { return };
    let (_tmp, root) = base("plugin", "tools/echo.py", false);
    let py = root.join("tools/echo.py");
    replace_in(
        &py,
        "from typing import Any\n",
        "from typing import Any\n\nimport requests\n",
    );
    replace_in(
        &py,
        "        key = self.runtime.credentials[\"api_key\"]\n",
        "        key = self.runtime.credentials[\"api_key\"]\n        tool_parameters[\"note\"] += \"!\"\n        r = requests.get(\n            \"https://example.com\"  # the API\n        )\n        yield self.create_text_message(r.text)\n",
    );
    let (_, diags) = analyse(&root);
    let codes: Vec<&str> = diags.iter().map(|d| d.rule.code).collect();
    assert!(
        codes.contains(&"DIFY601") && codes.contains(&"DIFY603"),
        "the case lost its point: {codes:?}"
    );
    let (problems, checked) = check_fixes(&tools, "plugin (tricky)", &root);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(checked >= 1, "no fix edits the Python");
}

/// A rule case copied into a temporary folder, with `edit` applied to it (a path relative to the
/// root and the text to replace with another, or a file to delete when the replacement is None).
fn case_with(case: &str, edits: &[(&str, &str, Option<&str>)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = materialize(&fixtures().join("rules").join(case));
    let root = std::path::absolute(tmp.path()).unwrap();
    for (path, from, to) in edits {
        match to {
            Some(to) => drop(replace_in(&root.join(path), from, to)),
            None => std::fs::remove_file(root.join(path)).unwrap(),
        }
    }
    (tmp, root)
}

/// Every template of the other kinds (dify-plugin-kinds.md §4–§8) compiles, passes ruff, and once
/// its fix is applied the whole check finds nothing missing and nothing wrong with the class: no
/// DIFY109 or DIFY111, no kind-class (DIFY515), no abstract method left (DIFY516), no signature
/// the SDK cannot call (DIFY524).
#[test]
fn kind_templates_compile_pass_ruff_and_satisfy_the_contracts() {
    let Some(tools) = tools() else { return };
    let drive = "DIFY111/fail-datasource-module";
    // (what, case, edits before the fix: in `path`, replace `from` with `to`, or delete the file when `to` is `None`)
    type Variant<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str, Option<&'a str>)>);
    let cases: Vec<Variant> = vec![
        ("endpoint (DIFY111)", "DIFY111/fail-endpoint-source", vec![]),
        ("endpoint (DIFY109)", "DIFY109/fail-endpoint-file", vec![]),
        ("agent strategy (DIFY111)", "DIFY111/fail-strategy-module", vec![]),
        ("agent strategy (DIFY109)", "DIFY109/fail-strategy-file", vec![]),
        (
            "trigger with constructor, event",
            "DIFY111/fail-trigger-modules",
            vec![],
        ),
        (
            "trigger without constructor",
            "DIFY111/fail-trigger-modules",
            vec![(
                "provider/github.yaml",
                "subscription_constructor:",
                Some("subscription_schema: []\nunused_constructor:"),
            )],
        ),
        ("event (DIFY109)", "DIFY109/fail-event-file", vec![]),
        ("online drive", drive, vec![]),
        (
            "online document",
            drive,
            vec![("provider/drive.yaml", "online_drive", Some("online_document"))],
        ),
        (
            "website crawl",
            drive,
            vec![("provider/drive.yaml", "online_drive", Some("website_crawl"))],
        ),
        (
            "datasource provider",
            "DIFY111/pass-kinds",
            vec![("provider/drive.py", "", None)],
        ),
        ("datasource (DIFY109)", "DIFY109/fail-datasource-file", vec![]),
        ("model provider", "DIFY424/pass", vec![("provider/acme.py", "", None)]),
    ];
    let mut problems = Vec::new();
    for (what, case, edits) in cases {
        let (_tmp, root) = case_with(case, &edits);
        let (project, diags) = analyse(&root);
        let mut fixes = Vec::new();
        for d in diags.iter().filter(|d| ["DIFY109", "DIFY111"].contains(&d.rule.code)) {
            let created: Vec<Action> = actions::quick_fixes(d, &project, &DiskFiles::new())
                .into_iter()
                .filter(|a| a.changes.iter().any(|c| matches!(c, Change::Create { .. })))
                .collect();
            assert_eq!(
                created.len(),
                1,
                "{what}: one fix creates the file of {}: {}",
                d.rule.code,
                d.message
            );
            fixes.extend(created);
        }
        assert!(!fixes.is_empty(), "{what}: nothing to create");
        for fix in &fixes {
            problems.extend(check_action(&tools, what, &root, fix));
            apply(fix, &root, &root);
        }
        let (_, after) = analyse(&root);
        let left: Vec<String> = after
            .iter()
            .filter(|d| ["DIFY109", "DIFY111", "DIFY515", "DIFY516", "DIFY524"].contains(&d.rule.code))
            .map(|d| format!("{}: {} {}", d.path().display(), d.rule.code, d.message))
            .collect();
        if !left.is_empty() {
            problems.push(format!("{what}: after the fixes: {left:#?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

const JSON_TITLE: &str = "Endpoint: answer with JSON and handle errors";
const CALL_TITLE: &str = "Endpoint: call an API with a timeout";

/// Endpoint modules the endpoint snippets start from: the template's placeholder body (replaced),
/// a real body (wrapped in `try:`), and a class without `_invoke` (the method is inserted).
const ENDPOINT_MODULES: &[(&str, &str, &[&str])] = &[
    (
        "template",
        "import json\nfrom collections.abc import Mapping\n\nfrom dify_plugin import Endpoint\nfrom werkzeug import Request, Response\n\n\n\
class HelloEndpoint(Endpoint):\n    def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:\n        return Response(json.dumps({\"ok\": True}), status=200, content_type=\"application/json\")\n",
        &[JSON_TITLE, CALL_TITLE],
    ),
    (
        "real body",
        "from collections.abc import Mapping\n\nfrom dify_plugin import Endpoint\nfrom werkzeug import Request, Response\n\n\n\
class HelloEndpoint(Endpoint):\n    def _invoke(self, req: Request, values: Mapping, settings: Mapping) -> Response:\n        \"\"\"Greets.\"\"\"\n        name = values[\"name\"]\n        return Response(f\"hello {name}\", status=200, content_type=\"text/plain\")\n",
        &[JSON_TITLE, CALL_TITLE],
    ),
    (
        "no _invoke",
        "from dify_plugin import Endpoint\n\n\nclass HelloEndpoint(Endpoint):\n    pass\n",
        &[JSON_TITLE],
    ),
];

/// An endpoint plugin (with a tool as well) whose endpoint module is `module`.
fn endpoint_plugin(module: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = case_with(
        "DIFY111/fail-endpoint-source",
        &[("endpoints/hello.yaml", "helo.py", Some("hello.py"))],
    );
    std::fs::write(root.join("endpoints/hello.py"), module).unwrap();
    (tmp, root)
}

fn endpoint_snippets_of(root: &Path) -> Vec<Action> {
    snippets_of(root, "endpoints/hello.py")
}

/// `(path, code)` of every finding, sorted: what `check` reports, positions aside.
fn findings(root: &Path) -> Vec<(PathBuf, String)> {
    let (_, diags) = analyse(root);
    let mut out: Vec<(PathBuf, String)> = diags
        .iter()
        .map(|d| {
            (
                d.path().strip_prefix(root).unwrap_or(d.path()).to_path_buf(),
                d.rule.code.to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// What `check` finds after the snippets that it did not before, and any finding that says the
/// endpoint is wrong (no timeout, no class the loader takes, an abstract method left, a signature
/// the SDK cannot call).
fn new_findings(what: &str, before: &[(PathBuf, String)], root: &Path) -> Vec<String> {
    let mut old = before.to_vec();
    let mut out = Vec::new();
    for f in findings(root) {
        let bad = ["DIFY601", "DIFY515", "DIFY516", "DIFY524"].contains(&f.1.as_str());
        match old.iter().position(|o| *o == f) {
            Some(i) if !bad => drop(old.remove(i)),
            _ => out.push(format!("{what}: check finds {} {}", f.0.display(), f.1)),
        }
    }
    out
}

#[test]
fn endpoint_snippets_compile_pass_ruff_and_leave_check_clean() {
    let Some(tools) = tools() else { return };
    let mut problems = Vec::new();
    for &(what, module, titles) in ENDPOINT_MODULES {
        let (_tmp, root) = endpoint_plugin(module);
        let py = root.join("endpoints/hello.py");
        let clean = verdict(&tools, &py);
        problems.extend(regressions(&format!("{what}: the base file"), module, None, &clean));
        // The class without `_invoke` misses the abstract method (DIFY516) until the snippet.
        let before: Vec<(PathBuf, String)> = findings(&root).into_iter().filter(|f| f.1 != "DIFY516").collect();
        let snippets = endpoint_snippets_of(&root);
        let offered: Vec<&str> = snippets.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(offered, titles, "{what}");
        // Each alone, on a copy.
        for s in &snippets {
            problems.extend(check_action(&tools, what, &root, s));
            let tmp = tempfile::tempdir().unwrap();
            copy_dir(&root, tmp.path());
            let copy = std::path::absolute(tmp.path()).unwrap();
            apply(s, &root, &copy);
            problems.extend(new_findings(&format!("{what}: `{}`", s.title), &before, &copy));
            let again: Vec<String> = endpoint_snippets_of(&copy).into_iter().map(|a| a.title).collect();
            assert!(
                !again.contains(&s.title),
                "{what}: `{}` is offered again: {again:?}",
                s.title
            );
        }
        // All of them, in both orders.
        for reverse in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            copy_dir(&root, tmp.path());
            let copy = std::path::absolute(tmp.path()).unwrap();
            let mut applied = Vec::new();
            loop {
                let mut left: Vec<Action> = endpoint_snippets_of(&copy)
                    .into_iter()
                    .filter(|s| !applied.contains(&s.title))
                    .collect();
                if reverse {
                    left.reverse();
                }
                let Some(s) = left.into_iter().next() else { break };
                apply(&s, &copy, &copy);
                applied.push(s.title);
            }
            let order = if reverse { "reversed" } else { "in order" };
            let label = format!("{what}: all snippets {order}");
            // The call goes in after `_invoke` exists: the class without one gets both as well.
            assert_eq!(applied.len(), 2, "{label}: {applied:?}");
            let path = copy.join("endpoints/hello.py");
            let text = std::fs::read_to_string(&path).unwrap();
            problems.extend(regressions(&label, &text, None, &verdict(&tools, &path)));
            problems.extend(new_findings(&label, &before, &copy));
            assert!(
                text.contains("timeout=30")
                    && text.contains("raise_for_status()")
                    && text.contains("logger.exception("),
                "{label}:\n{text}"
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
