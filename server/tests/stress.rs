//! Stress over stdio: 1,000 files opened and closed, 10,000 rapid edits with interleaved requests
//! and cancellations. The server answers every request, ends on the diagnostics a fresh analysis
//! gives, keeps its memory bounded and shuts down cleanly.

mod common;

use common::lsp::{Lsp, codes, uri};
use serde_json::{Value, json};
use std::time::Duration;

fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

#[test]
fn rapid_edits_requests_and_cancellations() {
    let dir = tempfile::tempdir().unwrap();
    common::workspace_gen::generate(dir.path(), 50, 10).unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(&root, json!({"general": {"positionEncodings": ["utf-8"]}}), Value::Null);

    // Open and close 1,000 files.
    let mut files = Vec::new();
    for p in 0..50 {
        for t in 0..10 {
            files.push(root.join(format!("plugin_{p:04}/tools/tool_{t:02}.yaml")));
            files.push(root.join(format!("plugin_{p:04}/tools/tool_{t:02}.py")));
        }
    }
    for f in files.iter().take(1000) {
        lsp.open(f, 1);
    }
    for f in files.iter().take(1000) {
        lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(f)}}));
    }
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&files[0])}, "position": {"line": 0, "character": 0}}),
    );
    assert!(r.get("error").is_none());
    let before = rss_mb(lsp.pid());

    // 10,001 edits toggling a parameter type, with a hover every 50 edits and a cancelled one every
    // 500; the last edit leaves the type misspelt.
    let yaml = root.join("plugin_0001/tools/tool_01.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    lsp.open(&yaml, 0);
    let at = text.find("type: string").unwrap() + "type: ".len();
    let line = text[..at].matches('\n').count() as u64;
    let col = (at - text[..at].rfind('\n').unwrap() - 1) as u64;
    let mut ids = Vec::new();
    const EDITS: u64 = 10_001;
    for v in 1..=EDITS {
        let (old, new) = if v % 2 == 1 {
            ("string", "strng")
        } else {
            ("strng", "string")
        };
        let change = json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + old.len() as u64}}, "text": new});
        lsp.change(&yaml, v as i64, json!([change]));
        if v % 50 == 0 {
            let id = format!("hover-{v}");
            lsp.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri(&yaml)}, "position": {"line": line, "character": col + 1}}}));
            if v % 500 == 0 {
                lsp.notify("$/cancelRequest", json!({"id": id}));
            }
            ids.push(id);
        }
    }
    let last = lsp.publish(&yaml, |p| p["version"] == EDITS);
    assert!(!last["diagnostics"].as_array().unwrap().is_empty(), "{last}");
    // Every request was answered (a result, or a cancellation error).
    for id in &ids {
        let r = lsp.wait_for(Duration::from_secs(20), |m| {
            m["id"] == id.as_str() && m.get("method").is_none()
        });
        let r = r.unwrap_or_else(|| panic!("no answer to {id}"));
        assert!(r.get("result").is_some() || r["error"]["code"] == -32800, "{r}");
    }
    // The final diagnostics equal a fresh analysis of the same text, saved.
    std::fs::write(&yaml, text.replacen("type: string", "type: strng", 1)).unwrap();
    let mut expected: Vec<String> = common::check(&root)
        .iter()
        .filter(|d| d.path() == yaml)
        .map(|d| d.rule.code.to_string())
        .collect();
    expected.sort();
    assert_eq!(codes(last["diagnostics"].as_array().unwrap()), expected);
    let after = rss_mb(lsp.pid());
    eprintln!("server RSS: {before:.1} MB after 1,000 opens and closes, {after:.1} MB after {EDITS} edits");
    assert!(
        after < before + 60.0,
        "memory grew from {before:.1} MB to {after:.1} MB"
    );
    let (code, took) = lsp.shutdown();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(2), "exit took {took:?}");
}
