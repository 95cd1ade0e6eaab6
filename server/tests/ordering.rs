//! Notifications apply in arrival order, whatever they are. A burst of buffer edits, disk writes
//! announced with `didChangeWatchedFiles`, and configuration changes, sent without waiting for
//! anything: once it is over, what the editor shows equals `check` on the same files saved, with
//! the last settings sent, and stays so.

mod common;

use common::lsp::*;
use common::*;
use dify_lsp::analysis;
use dify_lsp::config::Overrides;
use dify_lsp::project::{DiskFiles, discover};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

type Shown = BTreeSet<(String, u32, String)>;

/// `check` on the disk with the editor's `ignore` setting.
fn expected(root: &Path, ignore: &[&str]) -> Shown {
    let units = discover(&[root.to_path_buf()]).unwrap();
    let overrides = Overrides {
        ignore: (!ignore.is_empty()).then(|| ignore.iter().map(|s| s.to_string()).collect()),
        ..Default::default()
    };
    let configs = analysis::configs(&units, &overrides).unwrap();
    analysis::check_units(&units, &DiskFiles::new(), &configs, &|_| {})
        .iter()
        .map(|d| {
            let (line, _) = d
                .file
                .lines
                .position(&d.file.text, d.span.start, dify_lsp::syntax::Encoding::Utf16);
            (uri(d.path()), line, d.rule.code.to_string())
        })
        .collect()
}

fn shown(pushed: &BTreeMap<String, Vec<Value>>) -> Shown {
    let mut out = BTreeSet::new();
    for (u, diags) in pushed {
        for d in diags {
            let line = d["range"]["start"]["line"].as_u64().unwrap() as u32;
            out.insert((u.clone(), line, d["code"].as_str().unwrap().to_string()));
        }
    }
    out
}

/// Takes in every push until `quiet` passes without one.
fn drain(
    lsp: &mut Lsp,
    pushed: &mut BTreeMap<String, Vec<Value>>,
    versions: &mut BTreeMap<String, Value>,
    quiet: Duration,
) {
    while let Some(m) = lsp.wait_for(quiet, |m| m["method"] == "textDocument/publishDiagnostics") {
        let p = &m["params"];
        let u = p["uri"].as_str().unwrap().to_string();
        pushed.insert(u.clone(), p["diagnostics"].as_array().unwrap().clone());
        versions.insert(u, p["version"].clone());
    }
}

#[test]
fn a_burst_of_edits_disk_changes_and_settings_ends_where_check_ends() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    copy_dir(&fixtures().join("base/plugin"), &root);
    let yaml = root.join("tools/echo.yaml");
    let py = root.join("tools/echo.py");
    let yaml_text = std::fs::read_to_string(&yaml).unwrap();
    let py_text = std::fs::read_to_string(&py).unwrap();
    // The parameter's name and type in the buffer, the name read in Python on disk, the rules
    // ignored: each combination shows different diagnostics (DIFY402, DIFY512, DIFY514).
    let buffer = |name: &str, ty: &str| {
        yaml_text
            .replace("- name: text", &format!("- name: {name}"))
            .replace("type: string", &format!("type: {ty}"))
    };
    let disk = |name: &str| py_text.replace("tool_parameters[\"text\"]", &format!("tool_parameters[\"{name}\"]"));
    let ignores: [&[&str]; 3] = [&[], &["DIFY402"], &["DIFY512", "DIFY514"]];

    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&root, push_client(), Value::Null);
    lsp.open(&yaml, 1);
    let (mut pushed, mut versions) = (BTreeMap::new(), BTreeMap::new());
    drain(&mut lsp, &mut pushed, &mut versions, Duration::from_millis(500));

    const ROUNDS: usize = 40;
    let (mut seed, mut last) = (7u64, (String::new(), 0));
    for round in 0..ROUNDS {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let pick = |shift: u32, n: u64| ((seed >> shift) % n) as usize;
        let text = buffer(["text", "words"][pick(33, 2)], ["string", "strng"][pick(40, 2)]);
        let version = round as i64 + 2;
        lsp.change(&yaml, version, json!([{ "text": text }]));
        if pick(47, 3) != 0 {
            std::fs::write(&py, disk(["text", "words"][pick(50, 2)])).unwrap();
            lsp.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": uri(&py), "type": 2}]}),
            );
        }
        let ignore = pick(55, 3);
        lsp.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"dify-lsp": {"ignore": ignores[ignore]}}}),
        );
        last = (text, ignore);
    }
    let (text, ignore) = last;
    std::fs::write(&yaml, &text).unwrap();
    let want = expected(&root, ignores[ignore]);

    let deadline = Instant::now() + Duration::from_secs(20);
    while shown(&pushed) != want && Instant::now() < deadline {
        drain(&mut lsp, &mut pushed, &mut versions, Duration::from_millis(50));
    }
    // Nothing older arrives afterwards.
    drain(&mut lsp, &mut pushed, &mut versions, Duration::from_millis(700));
    let view = shown(&pushed);
    assert_eq!(
        view,
        want,
        "\nmissing: {:?}\nextra: {:?}",
        want.difference(&view).collect::<Vec<_>>(),
        view.difference(&want).collect::<Vec<_>>()
    );
    assert_eq!(
        versions[&uri(&yaml)],
        json!(ROUNDS as i64 + 1),
        "the last push of the buffer is for its last version"
    );
    lsp.shutdown();
}

/// A request sees every notification sent before it: a completion right after each `didChange`
/// is computed on the changed text (the key being typed moves down a line each time).
#[test]
fn a_request_right_after_a_change_sees_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    copy_dir(&fixtures().join("base/plugin"), &root);
    let yaml = root.join("tools/echo.yaml");
    let base = std::fs::read_to_string(&yaml)
        .unwrap()
        .replace("    form: llm\n", "")
        .replace("    type: string\n", "    type: string\n    fo\n");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&root, json!({"general": {"positionEncodings": ["utf-8"]}}), Value::Null);
    lsp.open(&yaml, 1);
    for k in 0..30 {
        let text = format!("{}{base}", "# moved\n".repeat(k));
        lsp.change(&yaml, k as i64 + 2, json!([{ "text": text }]));
        let at = text.find("    fo\n").unwrap() + 6;
        let line = text[..at].matches('\n').count();
        let r = lsp.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": line, "character": 6}}),
        );
        let items = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
        let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["form"], "round {k}");
        assert_eq!(items[0]["textEdit"]["range"]["start"]["line"], line, "round {k}");
    }
    lsp.shutdown();
}
