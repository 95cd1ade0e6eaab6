//! `cargo bench --bench lsp_latency`: the real binary over stdio.
//! * initialize → first diagnostics and → diagnostics of every plugin, on a generated workspace
//!   of BENCH_PLUGINS (150) plugins, and the server's peak RSS;
//! * 200 alternating breaking/fixing edits on a tool YAML and on a Python tool file, timed from
//!   `didChange` sent to the matching (versioned) `publishDiagnostics` received: once with the
//!   default debounce (keystroke → push) and once with `debounceMs: 0` (the work alone).
//!
//! Writes target/bench/lsp.md.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../tests/common/lsp.rs"]
mod lsp;

use lsp::{Lsp, uri};

fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1));
    kb.and_then(|k| k.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

fn publish_for(server: &mut Lsp, u: &str, version: Option<u64>) {
    let found = server.wait_for(Duration::from_secs(30), |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u
            && version.is_none_or(|v| m["params"]["version"] == v)
    });
    found.expect("diagnostics published");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// 200 alternating edits of `path` replacing `from` by `to` and back; the latency of each.
fn edit_latencies(server: &mut Lsp, path: &Path, from: &str, to: &str) -> Vec<Duration> {
    let text = std::fs::read_to_string(path).unwrap();
    let u = uri(path);
    server.open(path, 0);
    publish_for(server, &u, Some(0));
    let at = text.find(from).expect("edit site");
    let line = text[..at].matches('\n').count() as u64;
    let col = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u64;
    let mut out = Vec::new();
    for version in 1..=200u64 {
        let (old, new) = if version % 2 == 1 { (from, to) } else { (to, from) };
        let end = col + old.len() as u64;
        let change = json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": end}}, "text": new});
        let t = Instant::now();
        server.change(path, version as i64, json!([change]));
        publish_for(server, &u, Some(version));
        out.push(t.elapsed());
    }
    out.sort();
    out
}

fn main() {
    let plugins: usize = std::env::var("BENCH_PLUGINS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let ws = out_dir.join(format!("lsp-workspace-{plugins}"));
    if !ws.exists() {
        dify_lsp::workspace_gen::generate(&ws, plugins, 10).unwrap();
    }
    // A 2,000-line tool YAML in its own plugin, for the large-file edits.
    let big_root = out_dir.join("lsp-big");
    if !big_root.exists() {
        dify_lsp::workspace_gen::generate(&big_root, 1, 1).unwrap();
        let yaml = big_root.join("plugin_0000/tools/tool_00.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        let mut params = String::new();
        let mut i = 0;
        while text.lines().count() + params.lines().count() < 2000 {
            params.push_str(&format!("  - name: extra_{i}\n    type: string\n    required: false\n    label:\n      en_US: Extra {i}\n    human_description:\n      en_US: Extra parameter {i}.\n    form: form\n"));
            i += 1;
        }
        std::fs::write(
            &yaml,
            text.replace("extra:\n  python:", &format!("{params}extra:\n  python:")),
        )
        .unwrap();
    }

    // Start-up on the workspace.
    let mut server = Lsp::spawn(&[]);
    let t = Instant::now();
    server.initialize(&ws, json!({"general": {"positionEncodings": ["utf-8"]}}), Value::Null);
    let is_publish = |m: &Value| m["method"] == "textDocument/publishDiagnostics";
    server
        .wait_for(Duration::from_secs(30), is_publish)
        .expect("first diagnostics");
    let first = t.elapsed();
    let mut plugins_seen = std::collections::HashSet::new();
    while plugins_seen.len() < plugins {
        let m = server
            .wait_for(Duration::from_secs(30), is_publish)
            .expect("diagnostics");
        let u = m["params"]["uri"].as_str().unwrap_or("");
        if let Some(p) = u.split('/').find(|s| s.starts_with("plugin_")) {
            plugins_seen.insert(p.to_string());
        }
    }
    let all = t.elapsed();
    let rss = peak_rss_mb(server.pid());
    server.shutdown();

    let files: Vec<(&str, PathBuf, &str, &str)> = vec![
        (
            "tool YAML (60 lines)",
            ws.join("plugin_0001/tools/tool_01.yaml"),
            "type: string",
            "type: strng",
        ),
        (
            "Python tool (30 lines)",
            ws.join("plugin_0001/tools/tool_01.py"),
            "tool_parameters[\"p0\"]",
            "tool_parameters[\"px\"]",
        ),
        (
            "tool YAML (2,000 lines)",
            big_root.join("plugin_0000/tools/tool_00.yaml"),
            "type: string",
            "type: strng",
        ),
    ];
    let mut rows = String::new();
    for (debounce_label, options) in [
        ("default debounce (10 ms)", Value::Null),
        ("no debounce (the work)", json!({"debounceMs": 0})),
    ] {
        for (label, path, from, to) in &files {
            let root = path.ancestors().find(|a| a.join("manifest.yaml").is_file()).unwrap();
            let mut server = Lsp::spawn(&[]);
            server.initialize(
                root,
                json!({"general": {"positionEncodings": ["utf-8"]}}),
                options.clone(),
            );
            let lat = edit_latencies(&mut server, path, from, to);
            server.shutdown();
            rows.push_str(&format!(
                "| {label} | {debounce_label} | {} | {} | {} |\n",
                ms(percentile(&lat, 0.5)),
                ms(percentile(&lat, 0.99)),
                ms(*lat.last().unwrap())
            ));
        }
    }
    // Completion on the 2,000-line tool YAML: a value (`type: `) and a key position, 200 each.
    let big = big_root.join("plugin_0000/tools/tool_00.yaml");
    let text = std::fs::read_to_string(&big).unwrap();
    let mut server = Lsp::spawn(&[]);
    server.initialize(
        &big_root.join("plugin_0000"),
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        Value::Null,
    );
    server.open(&big, 0);
    publish_for(&mut server, &uri(&big), Some(0));
    let last_type = text.rfind("    type: string").unwrap() + "    type: ".len();
    let line = text[..last_type].matches('\n').count();
    let mut completion = Vec::new();
    for i in 0..400 {
        let (l, c) = if i % 2 == 0 { (line, 10) } else { (line + 1, 4) };
        let t = Instant::now();
        let r = server.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&big)}, "position": {"line": l, "character": c}}),
        );
        completion.push(t.elapsed());
        assert!(r["result"].as_array().is_some_and(|a| !a.is_empty()), "{r}");
    }
    server.shutdown();
    completion.sort();
    rows.push_str(&format!(
        "| completion, tool YAML (2,000 lines) | 400 requests | {} | {} | {} |\n",
        ms(percentile(&completion, 0.5)),
        ms(percentile(&completion, 0.99)),
        ms(*completion.last().unwrap())
    ));

    let table = format!(
        "Workspace of {plugins} plugins ({} tool files): initialize → first diagnostics {}, → diagnostics of every plugin {}; server peak RSS {:.1} MB.\n\n\
| file | mode | p50 | p99 | max |\n|---|---|---|---|---|\n{rows}\n200 alternating breaking/fixing edits each, `didChange` sent → versioned `publishDiagnostics` received.\n",
        plugins * 10,
        ms(first),
        ms(all),
        rss
    );
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("lsp.md"), &table).unwrap();
    println!("{table}");
}
