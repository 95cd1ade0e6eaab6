//! The real `dify-lsp` binary: output formats (snapshots), exit codes, configuration errors, and
//! bad input that must never crash it.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn dify_lsp(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dify-lsp"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run dify-lsp")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Compares with `tests/snapshots/<name>`; `UPDATE_SNAPSHOTS=1` rewrites it.
fn snapshot(name: &str, actual: &str) {
    let path = repo().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with UPDATE_SNAPSHOTS=1", path.display()));
    assert_eq!(
        expected, actual,
        "snapshot {name} differs; run with UPDATE_SNAPSHOTS=1 after checking the change"
    );
}

#[test]
fn text_output_of_the_examples() {
    let o = dify_lsp(&["check", "examples"], &repo());
    assert_eq!(o.status.code(), Some(1), "errors exit 1");
    let out = stdout(&o);
    assert!(out.lines().last().unwrap().starts_with("Found "), "summary line");
    snapshot("check-examples.txt", &out);
}

#[test]
fn json_output_of_the_examples() {
    let o = dify_lsp(&["check", "examples", "--format", "json"], &repo());
    let out = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v.as_array().unwrap()[0];
    let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        &keys[..8],
        [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "code",
            "message"
        ]
    );
    snapshot("check-examples.json", &out);
}

#[test]
fn sarif_and_github_outputs() {
    let o = dify_lsp(&["check", "examples/broken-plugin", "--format", "sarif"], &repo());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    let o = dify_lsp(&["check", "examples/broken-plugin", "--format", "github"], &repo());
    let out = stdout(&o);
    assert!(out.lines().all(|l| l.starts_with("::error file=")
        || l.starts_with("::warning file=")
        || l.starts_with("::notice file=")));
    assert!(out.contains("title=DIFY201 author-pattern::"));
}

#[test]
fn clean_project_exits_zero_and_usage_errors_exit_two() {
    let o = dify_lsp(&["check", "examples/clean-plugin"], &repo());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "All checks passed (1 plugin: 1 tool).\n");
    for args in [
        &["check", "does-not-exist"][..],
        &["check", "--format", "xml"],
        &["check", "--select", "DIFY999"],
        &["frobnicate"],
        &["explain", "NOPE"],
    ] {
        let o = dify_lsp(args, &repo());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).starts_with("dify-lsp: "),
            "{args:?} says why"
        );
    }
}

#[test]
fn warnings_alone_exit_zero_and_selection_applies() {
    let o = dify_lsp(&["check", "examples/broken-plugin", "--select", "DIFY6"], &repo());
    assert_eq!(o.status.code(), Some(0), "only warnings selected");
    let out = stdout(&o);
    assert!(
        out.lines()
            .filter(|l| l.contains(": DIFY"))
            .all(|l| l.contains(": DIFY6")),
        "{out}"
    );
    let o = dify_lsp(&["check", "examples/broken-plugin", "--ignore", "DIFY6,DIFY2"], &repo());
    assert!(!stdout(&o).contains(" DIFY6") && !stdout(&o).contains(" DIFY2"));
}

#[test]
fn configuration_files_apply_and_bad_ones_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), dir.path());
    std::fs::write(dir.path().join("pyproject.toml"), "[project]\nname = \"x\"\n[tool.dify-lsp]\nignore = [\"DIFY201\"]\n[tool.dify-lsp.severity]\nDIFY301 = \"hint\"\n").unwrap();
    let out = stdout(&dify_lsp(&["check", ".", "--format", "json"], dir.path()));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = v.as_array().unwrap();
    assert!(!diags.iter().any(|d| d["code"] == "DIFY201"), "ignored by pyproject");
    assert!(
        diags.iter().any(|d| d["code"] == "DIFY301" && d["severity"] == "hint"),
        "severity override"
    );
    assert!(
        !diags.iter().any(|d| d["code"] == "DIFY108"),
        "pyproject.toml now exists"
    );

    std::fs::write(dir.path().join("dify-lsp.toml"), "select = [\"DIFY2\"]\nignroe = []\n").unwrap();
    let o = dify_lsp(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("dify-lsp.toml:2:1") && err.contains("unknown field `ignroe`"),
        "{err}"
    );
}

#[test]
fn rules_and_explain() {
    let out = stdout(&dify_lsp(&["rules"], &repo()));
    assert_eq!(out.lines().count(), dify_lsp::rules::all().len());
    let out = stdout(&dify_lsp(&["explain", "dify201"], &repo()));
    assert!(out.starts_with("DIFY201 author-pattern (error, spec B7)") && out.contains("Enforced by: DAEMON"));
    let v: serde_json::Value =
        serde_json::from_slice(&dify_lsp(&["rules", "--format", "json"], &repo()).stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|r| r["doc"].as_str().unwrap().len() > 40)
    );
}

/// Bad input of every kind: the binary reports what it can and never panics.
#[test]
fn bad_input_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base/plugin"), dir.path());
    let root = dir.path();
    let write = |rel: &str, bytes: &[u8]| std::fs::write(root.join(rel), bytes).unwrap();
    let mut nested = "a:\n".to_string();
    for i in 1..200 {
        nested.push_str(&format!("{}b{i}:\n", "  ".repeat(i)));
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("binary", (0..=255u8).cycle().take(4096).collect()),
        ("invalid-utf8", b"identity:\n  name: \xff\xfe\n".to_vec()),
        ("list", b"- a\n- b\n".to_vec()),
        ("scalar", b"just a string\n".to_vec()),
        ("flow-deep", format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes()),
        ("block-deep", nested.into_bytes()),
        ("nul", b"identity:\0\n".to_vec()),
        ("unterminated", b"identity: \"abc\n".to_vec()),
        ("alias-bomb", b"a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\n".to_vec()),
    ];
    for (name, bytes) in &cases {
        for target in [
            "manifest.yaml",
            "provider/demo.yaml",
            "tools/echo.yaml",
            "tools/echo.py",
            "provider/demo.py",
        ] {
            write(target, bytes);
            let o = dify_lsp(&["check", ".", "--format", "json"], root);
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{name} in {target}: exit {:?}\n{stderr}",
                o.status.code()
            );
            assert!(!stderr.contains("panicked"), "{name} in {target}: {stderr}");
            serde_json::from_slice::<serde_json::Value>(&o.stdout)
                .unwrap_or_else(|e| panic!("{name} in {target}: bad JSON: {e}"));
            std::fs::copy(fixtures().join("base/plugin").join(target), root.join(target)).unwrap();
        }
    }
}

/// A 40,000-line tool YAML (far past tree-sitter-yaml's 32,768-line limit) loads, gets no syntax
/// error, and a mistake at its end is still found at the right line.
#[test]
fn huge_yaml_is_checked_without_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base/plugin"), dir.path());
    let base = std::fs::read_to_string(dir.path().join("tools/echo.yaml")).unwrap();
    let mut text = base.replace("extra:\n  python:\n    source: tools/echo.py\n", "");
    let mut line = text.lines().count();
    while line < 40_000 {
        let i = line;
        text.push_str(&format!("  - name: p{i}\n    type: string\n    label:\n      en_US: P{i}\n    human_description:\n      en_US: P{i}\n    form: form\n"));
        line += 7;
    }
    text.push_str("  - name: last\n    type: strng\n    label:\n      en_US: Last\n    human_description:\n      en_US: L\n    form: form\nextra:\n  python:\n    source: tools/echo.py\n");
    let typo_line = text.lines().position(|l| l.contains("type: strng")).unwrap() + 1;
    assert!(text.lines().count() >= 40_000);
    std::fs::write(dir.path().join("tools/echo.yaml"), &text).unwrap();
    let ts = dify_lsp::syntax::yaml_tree::parse(&text, None);
    assert!(
        ts.root_node().has_error(),
        "tree-sitter-yaml fails on this file (the reason for the libyaml loader)"
    );
    let o = dify_lsp(
        &["check", ".", "--format", "json", "--select", "DIFY001,DIFY402"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v.as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "DIFY402");
    assert_eq!(diags[0]["line"], typo_line);
}

/// The spec's 32,769-line regression document: no syntax error, and a seeded mistake is found.
#[test]
fn thirty_two_thousand_line_document() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base/plugin"), dir.path());
    let mut m = std::fs::read_to_string(dir.path().join("manifest.yaml"))
        .unwrap()
        .replace("author: acme", "author: ACME");
    let pad = 32_769 - m.lines().count();
    for i in 0..pad {
        m.push_str(&format!("k{i}: {i}\n"));
    }
    assert_eq!(m.lines().count(), 32_769);
    std::fs::write(dir.path().join("manifest.yaml"), &m).unwrap();
    let o = dify_lsp(
        &["check", ".", "--format", "json", "--select", "DIFY001,DIFY201"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["DIFY201"]);
}

#[test]
fn fix_writes_safe_fixes_and_leaves_unparsable_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), dir.path());
    let broken_py = "def broken(:\n    requests.get('x')\n";
    std::fs::write(dir.path().join("tools/history.py"), broken_py).unwrap();
    let before = stdout(&dify_lsp(&["check", ".", "--format", "json"], dir.path()));
    let n_before = serde_json::from_str::<serde_json::Value>(&before)
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    let o = dify_lsp(&["check", ".", "--fix", "--format", "json"], dir.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("dify-lsp: fixed ") && err.contains(" in 4 files"), "{err}");
    let after: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let after = after.as_array().unwrap();
    assert!(after.len() + 10 <= n_before, "{} -> {}", n_before, after.len());
    for code in ["DIFY201", "DIFY203", "DIFY402", "DIFY504", "DIFY601", "DIFY603"] {
        assert!(!after.iter().any(|d| d["code"] == code), "{code} not fixed");
    }
    // Placeholders that need words are not written; unparsable files are untouched.
    assert!(after.iter().any(|d| d["code"] == "DIFY409"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tools/history.py")).unwrap(),
        broken_py
    );
    let py = std::fs::read_to_string(dir.path().join("tools/search.py")).unwrap();
    assert!(dify_lsp::project::python::PyModule::parse(&py).syntax_error.is_none());
    assert!(py.contains("yield self.create_json_message") && py.contains("timeout=30"));
    let leftovers: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".dify-lsp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // A second run has nothing left to fix.
    let o = dify_lsp(&["check", ".", "--fix"], dir.path());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("fixed"));
}

/// The text summary's last line.
fn summary(o: &Output) -> String {
    stdout(o).lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_plugin_nested_in_another_is_its_own_unit_and_owns_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path();
    copy_dir(&repo().join("examples/clean-plugin"), outer);
    let inner = outer.join("plugins/inner");
    copy_dir(&repo().join("examples/clean-plugin"), &inner);
    replace_in(&inner.join("manifest.yaml"), "author: acme", "author: Acme");
    // The outer plugin's provider lists one of the inner plugin's tools too: its rules read that
    // file, but the inner plugin owns it and alone reports on it.
    replace_in(
        &outer.join("provider/weather.yaml"),
        "  - tools/forecast.yaml\n",
        "  - tools/forecast.yaml\n  - plugins/inner/tools/bad.yaml\n",
    );
    std::fs::write(
        inner.join("tools/bad.yaml"),
        std::fs::read_to_string(inner.join("tools/forecast.yaml"))
            .unwrap()
            .replace("name: forecast", "name: Forecast"),
    )
    .unwrap();
    let o = dify_lsp(&["check", ".", "--format", "json"], outer);
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<(String, String)> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let author = ("plugins/inner/manifest.yaml".to_string(), "DIFY201".to_string());
    assert_eq!(found.iter().filter(|f| **f == author).count(), 1, "{found:?}");
    let bad: Vec<_> = found
        .iter()
        .filter(|(p, _)| p == "plugins/inner/tools/bad.yaml")
        .collect();
    let mut once = bad.clone();
    once.dedup();
    assert_eq!(bad, once, "reported twice: {found:?}");
    // Nothing in the inner plugin's folder is reported by the outer unit, which is otherwise clean.
    assert!(found.iter().all(|(p, _)| p.starts_with("plugins/inner/")), "{found:?}");
    assert_eq!(
        summary(&dify_lsp(&["check", "."], outer)).split(" (").nth(1),
        Some("2 plugins: 2 tool).")
    );
    // From the parent folder too: the inner plugin is no longer skipped.
    let o = dify_lsp(&["check", outer.to_str().unwrap(), "--format", "json"], outer);
    assert!(stdout(&o).contains("\"DIFY201\""), "{}", stdout(&o));
}

#[test]
fn a_bundle_with_plugins_inside_is_a_bundle_and_its_plugins_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    copy_dir(&repo().join("examples/clean-plugin"), &bundle.join("plugins/weather"));
    copy_dir(&repo().join("examples/clean-plugin"), &bundle.join("plugins/broken"));
    replace_in(
        &bundle.join("plugins/broken/manifest.yaml"),
        "author: acme",
        "author: Acme",
    );
    std::fs::write(
        bundle.join("manifest.yaml"),
        "version: 0.0.1\ntype: bundle\nauthor: acme\nname: weather_pack\nlabels:\n  en_US: Weather pack\n\
         description:\n  en_US: Weather tools.\nicon: icon.svg\ndependencies:\n  - type: marketplace\n    value:\n      \
         marketplace_pattern: acme/weather:0.0.1\n",
    )
    .unwrap();
    copy_dir(&repo().join("examples/clean-bundle/_assets"), &bundle.join("_assets"));
    let o = dify_lsp(&["check", "bundle"], dir.path());
    let out = stdout(&o);
    assert_eq!(
        out,
        "bundle/plugins/broken/manifest.yaml:3:9: DIFY201 `author` `Acme` does not match `^[a-z0-9_-]{1,64}$`: installing fails with `author must be alphanumeric and less than 64 characters`; use `acme`\n\
         Found 1 error, 0 warnings in 1 file (2 plugins: 2 tool; 1 bundle).\n"
    );
    std::fs::remove_dir_all(bundle.join("plugins/broken")).unwrap();
    assert_eq!(
        summary(&dify_lsp(&["check", "bundle"], dir.path())),
        "All checks passed (1 plugin: 1 tool; 1 bundle)."
    );
}

#[test]
fn the_summary_names_what_was_checked_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    copy_dir(&repo().join("examples/clean-plugin"), &ws.join("weather"));
    let endpoint_only = materialize(&fixtures().join("rules/DIFY110/pass-endpoint-only"));
    copy_dir(endpoint_only.path(), &ws.join("hooks"));
    let both = materialize(&fixtures().join("rules/DIFY307/pass-tools-and-endpoints"));
    copy_dir(both.path(), &ws.join("both"));
    let providers = "dify/api/core/tools/builtin_tool/providers";
    copy_dir(
        &repo().join("examples/dify-1x/api/core/tools/builtin_tool/providers/time"),
        &ws.join(providers).join("time"),
    );
    // `both` declares tools and endpoints: it counts under each; `hooks` lists no tool (`tools: []`).
    let o = dify_lsp(&["check", ".", "--no-progress"], ws);
    assert_eq!(
        stdout(&o),
        "All checks passed (3 plugins: 2 tool, 2 endpoint; 1 in-tree provider).\n"
    );
    // One kind of unit alone, singular.
    assert_eq!(
        summary(&dify_lsp(&["check", "weather"], ws)),
        "All checks passed (1 plugin: 1 tool)."
    );
    assert_eq!(
        summary(&dify_lsp(&["check", providers], ws)),
        "All checks passed (1 in-tree provider)."
    );
    // Every kind, in the manifest schema's order.
    assert_eq!(
        summary(&dify_lsp(&["check", "examples/clean-kinds"], &repo())),
        "All checks passed (5 plugins: 1 endpoint, 1 agent strategy, 1 model, 1 datasource, 1 trigger)."
    );
}
