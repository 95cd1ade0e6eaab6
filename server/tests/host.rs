//! The analysis host: one pipeline for `check` and the server. Regression tests of issue 12 item 1
//! (the cross-provider index is an input whose changes re-analyse its readers; completion reads the
//! unit's configuration file), and the equivalence of the server with `check`.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const PROVIDERS: &str = "api/core/tools/builtin_tool/providers";

/// An in-tree tree (Dify 1.x) with two providers, `demo` and `other`, both with a tool `echo`.
fn two_providers(root: &Path) {
    copy_dir(&fixtures().join("base/intree1"), root);
    let demo = root.join(PROVIDERS).join("demo");
    let other = root.join(PROVIDERS).join("other");
    copy_dir(&demo, &other);
    std::fs::rename(other.join("demo.yaml"), other.join("other.yaml")).unwrap();
    std::fs::rename(other.join("demo.py"), other.join("other.py")).unwrap();
    replace_in(&other.join("other.yaml"), "name: demo", "name: other");
    std::fs::write(
        root.join("api/core/tools/builtin_tool/_position.yaml"),
        "- demo\n- other\n",
    )
    .unwrap();
}

fn tool(root: &Path, provider: &str) -> PathBuf {
    root.join(PROVIDERS).join(provider).join("tools/echo.yaml")
}

fn clash_codes(root: &Path) -> Vec<(String, String)> {
    findings(root)
        .into_iter()
        .filter(|(_, _, c)| c == "DIFY209")
        .map(|(p, _, c)| (p, c))
        .collect()
}

fn has_clash(diags: &[Value]) -> bool {
    diags.iter().any(|d| d["code"] == "DIFY209")
}

#[test]
fn the_fixture_has_a_clash_on_each_provider_and_a_renamed_tool_has_none() {
    let dir = tempfile::tempdir().unwrap();
    two_providers(dir.path());
    assert_eq!(clash_codes(dir.path()).len(), 2, "{}", show(&findings(dir.path())));
    replace_in(&tool(dir.path(), "demo"), "name: echo", "name: demo_echo");
    assert!(clash_codes(dir.path()).is_empty(), "{}", show(&findings(dir.path())));
}

/// Reproduction A, in the buffer: renaming the tool in one provider's open tool YAML clears the
/// clash on the other provider too (whose files did not change), as `check` does once saved.
#[test]
fn a_tool_renamed_in_a_buffer_clears_the_other_providers_clash() {
    let dir = tempfile::tempdir().unwrap();
    two_providers(dir.path());
    let (demo, other) = (tool(dir.path(), "demo"), tool(dir.path(), "other"));
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    lsp.diagnostics(&other, has_clash);
    lsp.diagnostics(&demo, has_clash);
    lsp.open(&demo, 1);
    let text = std::fs::read_to_string(&demo).unwrap();
    let line = text.lines().position(|l| l == "  name: echo").unwrap();
    lsp.change(
        &demo,
        2,
        json!([{"range": {"start": {"line": line, "character": 8}, "end": {"line": line, "character": 12}}, "text": "demo_echo"}]),
    );
    lsp.diagnostics(&other, |d| !has_clash(d));
    lsp.diagnostics(&demo, |d| !has_clash(d));
    // Undone in the buffer: the clash is back on both.
    lsp.change(&demo, 3, json!([{"text": text}]));
    lsp.diagnostics(&other, has_clash);
    // Closed without saving: the disk (with the clash) shows through.
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(&demo)}}));
    lsp.shutdown();
}

/// Reproduction A, on disk: the rename told through `didChangeWatchedFiles` clears the clash on
/// both providers; the rename undone brings it back on both.
#[test]
fn a_tool_renamed_on_disk_clears_the_other_providers_clash() {
    let dir = tempfile::tempdir().unwrap();
    two_providers(dir.path());
    let (demo, other) = (tool(dir.path(), "demo"), tool(dir.path(), "other"));
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    lsp.diagnostics(&other, has_clash);
    replace_in(&demo, "name: echo", "name: demo_echo");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&demo), "type": 2}]}),
    );
    lsp.diagnostics(&other, |d| !has_clash(d));
    assert!(clash_codes(dir.path()).is_empty());
    replace_in(&demo, "name: demo_echo", "name: echo");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&demo), "type": 2}]}),
    );
    lsp.diagnostics(&other, has_clash);
    // The provider deleted as a whole: the survivor's clash goes with it.
    std::fs::remove_dir_all(dir.path().join(PROVIDERS).join("demo")).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&dir.path().join(PROVIDERS).join("demo")), "type": 3}]}),
    );
    lsp.diagnostics(&other, |d| !has_clash(d));
    lsp.shutdown();
}

fn labels(r: &Value) -> Vec<String> {
    r["result"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

/// Reproduction B: with `target-dify-version = "1.3.0"` in `dify-lsp.toml`, `type: checkbox` is
/// DIFY402, and completion offers none of the types Dify 1.3 rejects (the same table decides).
#[test]
fn completion_follows_the_units_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base/intree1"), dir.path());
    std::fs::write(dir.path().join("dify-lsp.toml"), "target-dify-version = \"1.3.0\"\n").unwrap();
    let yaml = tool(dir.path(), "demo");
    replace_in(&yaml, "type: string", "type: checkbox");
    let mut lsp = Lsp::spawn(&[]);
    let caps = json!({"general": {"positionEncodings": ["utf-8"]}, "textDocument": {"publishDiagnostics": {"versionSupport": true}}});
    lsp.initialize(dir.path(), caps, Value::Null);
    lsp.open(&yaml, 1);
    let diags = lsp.diagnostics(&yaml, |d| !d.is_empty());
    assert!(diags.iter().any(|d| d["code"] == "DIFY402"), "{diags:?}");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let line = text.lines().position(|l| l == "    type: checkbox").unwrap();
    let r = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": line, "character": 10}}),
    );
    let l = labels(&r);
    let accepted = dify_lsp::project::vocab::accepted_param_types(
        dify_lsp::project::Layout::InTree(dify_lsp::project::Generation::V1),
        dify_lsp::project::vocab::Version::parse("1.3.0").as_ref(),
    );
    assert!(
        l.contains(&"string".into()) && l.contains(&"model-selector".into()),
        "{l:?}"
    );
    for rejected in ["checkbox", "any", "object"] {
        assert!(!l.contains(&rejected.to_string()), "{rejected} offered: {l:?}");
        assert!(!accepted.contains(&rejected));
    }
    // Without the file, Dify 1.13 is the target: they are offered again (the cache was dropped).
    std::fs::remove_file(dir.path().join("dify-lsp.toml")).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&dir.path().join("dify-lsp.toml")), "type": 3}]}),
    );
    lsp.diagnostics(&yaml, |d| !d.iter().any(|x| x["code"] == "DIFY402"));
    let r = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": line, "character": 10}}),
    );
    assert!(labels(&r).contains(&"checkbox".into()), "{:?}", labels(&r));
    lsp.shutdown();
}

/// A buffer left open in a provider folder deleted on disk makes no unit: neither its edits nor
/// its close schedule an analysis (which would push a ghost "no provider YAML" on the folder that
/// nothing clears), and the survivor's clash goes.
#[test]
fn a_buffer_left_in_a_deleted_provider_makes_no_unit() {
    use dify_lsp::host::{Change, Host};
    let dir = tempfile::tempdir().unwrap();
    two_providers(dir.path());
    let host = Host::new();
    host.set_folders(vec![dir.path().to_path_buf()]);
    assert_eq!(host.apply(Change::Rediscover).units.len(), 2);
    let other_tool = tool(dir.path(), "other");
    let other = dir.path().join(PROVIDERS).join("other");
    let text = std::fs::read_to_string(&other_tool).unwrap();
    let opened = host.apply(Change::Open {
        path: other_tool.clone(),
        text,
        version: 1,
    });
    assert_eq!(opened.units.len(), 1, "{:?}", opened.units);
    std::fs::remove_dir_all(&other).unwrap();
    let deleted = host.apply(Change::Disk(vec![(false, other.clone())]));
    assert_eq!(deleted.gone.len(), 1);
    let demo = deleted.units.iter().map(|u| u.dir_name()).collect::<Vec<_>>();
    assert_eq!(demo, ["demo"], "the survivor reads the names that went");
    let snapshot = host.snapshot();
    let survivor = &snapshot.units()[0];
    assert!(
        !snapshot
            .analyze(survivor)
            .files
            .values()
            .flatten()
            .any(|d| d.rule.code == "DIFY209")
    );
    assert!(!snapshot.is_live(&deleted.gone[0]));
    let closed = host.apply(Change::Close { path: other_tool });
    assert!(closed.units.is_empty(), "{:?}", closed.units);
    assert_eq!(host.snapshot().known_units().len(), 1);
}

/// The cancellation seam: an analysis whose result is no longer wanted stops between its phases
/// (before loading, before the rules), and one that nobody cancels is the plain analysis.
#[test]
fn an_analysis_stops_between_its_phases_when_cancelled() {
    use dify_lsp::host::{Change, Host};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    two_providers(dir.path());
    let host = Host::new();
    host.set_folders(vec![dir.path().to_path_buf()]);
    host.apply(Change::Rediscover);
    let snapshot = host.snapshot();
    let unit = &snapshot.units()[0];
    for stop_at in 0..2 {
        let asked = AtomicUsize::new(0);
        let cancelled = || asked.fetch_add(1, Ordering::SeqCst) >= stop_at;
        assert!(snapshot.analyze_unless(unit, &cancelled).is_none());
        assert_eq!(
            asked.load(Ordering::SeqCst),
            stop_at + 1,
            "stops at the first check that says so"
        );
    }
    let whole = snapshot.analyze_unless(unit, &|| false).unwrap();
    let codes = |a: &dify_lsp::host::Analysis| {
        let all = a.files.values().flatten();
        all.map(|d| (d.path().to_path_buf(), d.span.start, d.rule.code))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&whole), codes(&snapshot.analyze(unit)));
    assert!(!codes(&whole).is_empty(), "the providers' tool names clash");
}

/// Cancellation between rule families (issue 12): past the two phase checks, the engine asks
/// again before each rule family after the first. A cancel that fires at any of those points,
/// the first family's end included, stops the run with no result; a run nobody cancels asks at
/// each of them and yields the plain analysis.
#[test]
fn an_analysis_stops_between_rule_families_when_cancelled() {
    use dify_lsp::host::{Change, Host};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    two_providers(dir.path());
    let host = Host::new();
    host.set_folders(vec![dir.path().to_path_buf()]);
    host.apply(Change::Rediscover);
    let snapshot = host.snapshot();
    let unit = &snapshot.units()[0];
    let codes = |a: &dify_lsp::host::Analysis| {
        let all = a.files.values().flatten();
        all.map(|d| (d.path().to_path_buf(), d.span.start, d.rule.code, d.message.clone()))
            .collect::<Vec<_>>()
    };
    let asked = AtomicUsize::new(0);
    let count_only = || {
        asked.fetch_add(1, Ordering::SeqCst);
        false
    };
    let whole = snapshot.analyze_unless(unit, &count_only).expect("nobody cancels");
    let checks = asked.load(Ordering::SeqCst);
    assert!(
        checks > 3,
        "two phase checks, then one between each pair of families: {checks}"
    );
    assert_eq!(codes(&whole), codes(&snapshot.analyze(unit)));
    assert!(!codes(&whole).is_empty(), "the providers' tool names clash");
    // 2 is the check after the first family: the first one inside the engine.
    for stop_at in 2..checks {
        let asked = AtomicUsize::new(0);
        let cancelled = || asked.fetch_add(1, Ordering::SeqCst) >= stop_at;
        assert!(
            snapshot.analyze_unless(unit, &cancelled).is_none(),
            "cancelled at check {stop_at}: no result"
        );
        assert_eq!(
            asked.load(Ordering::SeqCst),
            stop_at + 1,
            "stops at the first check that says so"
        );
    }
}
