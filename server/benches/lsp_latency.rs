//! `cargo bench --bench lsp_latency`: the real binary over stdio.
//! * initialize → first diagnostics and → diagnostics of every plugin, on a generated workspace
//!   of BENCH_PLUGINS (150) plugins, and the server's peak RSS;
//! * 200 alternating breaking/fixing edits on a tool YAML and on a Python tool file, timed from
//!   `didChange` sent to the matching (versioned) `publishDiagnostics` received: once with the
//!   default debounce (keystroke → push) and once with `debounceMs: 0` (the work alone).
//! Writes target/bench/lsp.md.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = 0;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.trim().strip_prefix("Content-Length: ") {
            len = v.parse().ok()?;
        }
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dify-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Server { child, stdin, rx }
    }

    fn send(&mut self, v: Value) {
        let b = serde_json::to_vec(&v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", b.len()).unwrap();
        self.stdin.write_all(&b).unwrap();
        self.stdin.flush().unwrap();
    }

    fn wait(&mut self, mut pred: impl FnMut(&Value) -> bool) -> Value {
        loop {
            let m = self.rx.recv_timeout(Duration::from_secs(30)).expect("server answered");
            if m.get("id").is_some() && m.get("method").is_some() {
                self.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
            }
            if pred(&m) {
                return m;
            }
        }
    }

    fn peak_rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|k| k.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    }

    fn initialize(&mut self, root: &Path, options: Value) {
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}, "rootUri": format!("file://{}", root.display()), "initializationOptions": options}}));
        self.wait(|m| m["id"] == 1);
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    fn stop(mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}));
        self.wait(|m| m["id"] == 99);
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// 200 alternating edits of `path` replacing `from` by `to` and back; the latency of each.
fn edit_latencies(server: &mut Server, path: &Path, from: &str, to: &str) -> Vec<Duration> {
    let text = std::fs::read_to_string(path).unwrap();
    let uri = format!("file://{}", path.display());
    let lang = if path.extension().is_some_and(|e| e == "py") {
        "python"
    } else {
        "yaml"
    };
    server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": lang, "version": 0, "text": text}}}));
    server.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["version"] == 0
    });
    let at = text.find(from).expect("edit site");
    let line = text[..at].matches('\n').count() as u64;
    let col = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u64;
    let mut out = Vec::new();
    for version in 1..=200u64 {
        let (old, new) = if version % 2 == 1 { (from, to) } else { (to, from) };
        let change = json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + old.len() as u64}}, "text": new});
        let t = Instant::now();
        server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}}));
        server.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == version
        });
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
    let mut server = Server::start();
    let t = Instant::now();
    server.initialize(&ws, Value::Null);
    server.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    let first = t.elapsed();
    let mut plugins_seen = std::collections::HashSet::new();
    while plugins_seen.len() < plugins {
        let m = server.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        let uri = m["params"]["uri"].as_str().unwrap_or("");
        if let Some(p) = uri.split('/').find(|s| s.starts_with("plugin_")) {
            plugins_seen.insert(p.to_string());
        }
    }
    let all = t.elapsed();
    let rss = server.peak_rss_mb();
    server.stop();

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
            let mut server = Server::start();
            server.initialize(root, options.clone());
            let lat = edit_latencies(&mut server, path, from, to);
            server.stop();
            rows.push_str(&format!(
                "| {label} | {debounce_label} | {} | {} | {} |\n",
                ms(percentile(&lat, 0.5)),
                ms(percentile(&lat, 0.99)),
                ms(*lat.last().unwrap())
            ));
        }
    }
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
