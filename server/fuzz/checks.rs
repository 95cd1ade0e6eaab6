//! What each fuzz target checks. Shared by the libFuzzer targets (`server/fuzz/fuzz_targets`) and
//! the replay of every input they ever found (`server/tests/fuzz_regressions.rs`), so a crash
//! found once stays a regression test.
#![allow(dead_code)]

use dify_lsp::config::Config;
use dify_lsp::project::python::PyModule;
use dify_lsp::project::{Files, OverlayFiles, Project, SourceFile, Unit, discover};
use dify_lsp::syntax::document::{Document, Lang};
use dify_lsp::syntax::line_index::floor_char_boundary;
use dify_lsp::syntax::{Encoding, LineIndex, Span, yaml};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Where the test fixtures are, from the crate that includes this file.
pub fn fixtures(manifest_dir: &str) -> PathBuf {
    let dir = Path::new(manifest_dir);
    let repo = dir.ancestors().find(|a| a.join("tests/fixtures/base").is_dir());
    repo.expect("the repository's tests/fixtures").join("tests/fixtures")
}

fn in_bounds(span: Span, text: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside {} bytes",
        text.len()
    );
}

fn nodes_in_bounds(node: &yaml::Node, text: &str) {
    in_bounds(node.span, text);
    match &node.value {
        yaml::Value::Scalar(_) => {}
        yaml::Value::Seq(items) => items.iter().for_each(|n| nodes_in_bounds(n, text)),
        yaml::Value::Map(entries) => entries.iter().for_each(|e| {
            nodes_in_bounds(&e.key, text);
            nodes_in_bounds(&e.value, text);
        }),
    }
}

/// YAML front end: never panics, every span lies in the text, and the verdict equals serde_yaml's
/// (the same libyaml PyYAML uses). serde_yaml adds limits PyYAML does not have (nesting depth,
/// alias expansion), so texts that reach them are not compared.
pub fn yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = yaml::load(text);
    if let Some(e) = &loaded.error {
        in_bounds(e.span, text);
    }
    if let Some(root) = &loaded.root {
        nodes_in_bounds(root, text);
    }
    // Each level of nesting needs one of these characters: their count bounds the depth.
    let depth_bound = text
        .bytes()
        .filter(|b| matches!(b, b'[' | b'{' | b'-' | b'?' | b':'))
        .count();
    if depth_bound < 100 && !text.contains('*') {
        let serde = serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_ok();
        assert_eq!(
            loaded.error.is_none(),
            serde,
            "verdicts differ on {text:?}: {:?}",
            loaded.error
        );
    }
}

/// Python front end: never panics, and every fact's span lies in the text.
pub fn python(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let m = PyModule::parse(&text);
    if let Some(e) = m.syntax_error {
        in_bounds(e, &text);
    }
    for read in m.facts.param_reads.iter().chain(&m.facts.credential_reads) {
        in_bounds(read.span, &text);
    }
}

/// Position encodings: every offset converts to a position and back in each encoding, and any
/// position (out of range too) converts to an offset inside the text.
pub fn positions(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = LineIndex::new(&text);
    for (i, b) in data.iter().enumerate().take(64) {
        let offset = floor_char_boundary(&text, (i * 7 + *b as usize) % (text.len() + 1));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let (l, c) = lines.position(&text, offset, enc);
            let back = lines.offset(&text, l, c, enc);
            // A position inside a line break maps to the end of the line's text.
            let line_end = lines.line_span(&text, l as usize).end;
            assert!(
                back == offset || (back == line_end && offset > line_end),
                "{text:?} {offset} {enc:?}"
            );
            let wild = lines.offset(&text, *b as u32 * 3, u32::from(*b) << (b % 24), enc);
            assert!(wild <= text.len() && text.is_char_boundary(wild));
        }
    }
}

/// The base plugin fixture as one unit, and the disk beneath it.
fn base_plugin(fixtures: &Path) -> &'static (Unit, PathBuf) {
    static BASE: OnceLock<(Unit, PathBuf)> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = std::path::absolute(fixtures.join("base/plugin")).unwrap();
        (discover(std::slice::from_ref(&root)).unwrap().remove(0), root)
    })
}

fn diagnostics(unit: &Unit, file: SourceFile) -> Vec<String> {
    let mut files = OverlayFiles::default();
    files.set_open(Arc::new(file));
    let project = Project::load(unit, &files);
    let report = dify_lsp::rules::check_project_report(&project, &files as &dyn Files, &Config::default(), None);
    assert!(
        report.failures.is_empty(),
        "a rule family panicked: {:?}",
        report.failures
    );
    let mut out: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {:?} {}", d.path().display(), d.rule.code, d.span, d.message))
        .collect();
    out.sort();
    out
}

/// The incremental edit path: a sequence of edits (decoded from `data`) applied to an open
/// document, reparsed after some of them, gives the same diagnostics through the incremental tree
/// as through a fresh parse of the final text. (Not always the same tree: on invalid Python that
/// the grammar reads two ways, `ke/*elf.x[0]` say, tree-sitter may keep the other reading when it
/// reuses the old tree; `regressions/edits/` holds the input that showed it.)
pub fn edits(data: &[u8], fixtures: &Path) {
    let Some((&pick, mut rest)) = data.split_first() else {
        return;
    };
    let (unit, root) = base_plugin(fixtures);
    let (rel, lang) = if pick % 2 == 0 {
        ("tools/echo.py", Lang::Python)
    } else {
        ("tools/echo.yaml", Lang::Yaml)
    };
    let path = root.join(rel);
    let mut doc = Document::new(std::fs::read_to_string(&path).unwrap(), 1, lang);
    // Each edit: 2 bytes of offset, 1 of length, 1 of inserted length, then the inserted bytes.
    while rest.len() >= 4 {
        let at = u16::from_le_bytes([rest[0], rest[1]]) as usize % (doc.text.len() + 1);
        let (len, ins) = (rest[2] as usize % 24, (rest[3] as usize % 12).min(rest.len() - 4));
        let inserted = String::from_utf8_lossy(&rest[4..4 + ins]).into_owned();
        let start = floor_char_boundary(&doc.text, at);
        let end = floor_char_boundary(&doc.text, (start + len).min(doc.text.len()));
        doc.edit(start, end, &inserted);
        if rest[2] & 1 == 0 {
            doc.tree(); // A reparse after some edits, a batch of edits before others.
        }
        rest = &rest[4 + ins..];
    }
    let tree = doc.tree().unwrap().clone();
    let python_tree = (lang == Lang::Python).then_some(tree);
    let incremental = SourceFile::of_document(path.clone(), doc.text.clone(), doc.lines.clone(), python_tree);
    let from_scratch = SourceFile::from_text(path.clone(), doc.text.clone());
    assert_eq!(
        diagnostics(unit, incremental),
        diagnostics(unit, from_scratch),
        "{:?}",
        doc.text
    );
}

/// Method names the JSON-RPC target picks from (plus whatever the input names).
const METHODS: &[&str] = &[
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/codeAction",
    "codeAction/resolve",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/documentSymbol",
    "textDocument/documentLink",
    "textDocument/diagnostic",
    "workspace/diagnostic",
    "workspace/didChangeConfiguration",
    "$/cancelRequest",
    "$/setTrace",
    "dify-lsp/unknown",
];

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The JSON-RPC input path, in process: after `initialize`, the input becomes messages (chunks
/// split at NUL bytes: the first byte picks a method, the second makes it a request or a
/// notification, the rest is the params when it is JSON, else a string; a chunk starting with
/// 0xFF goes on the wire as it is, framing and all). The server must then still answer a final
/// request, and end when its input ends.
pub fn jsonrpc(data: &[u8], fixtures: &Path) {
    use serde_json::{Value, json};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (_, root) = base_plugin(fixtures);
    let uri = format!("file://{}", root.display());
    let mut wire = frame(
        &serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"rootUri": uri, "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}}))
        .unwrap(),
    );
    wire.extend(frame(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
    let mut raw = false;
    for (i, chunk) in data.split(|b| *b == 0).enumerate() {
        match chunk {
            [0xFF, bytes @ ..] => {
                wire.extend_from_slice(bytes);
                raw = true;
            }
            [m, kind, params @ ..] => {
                let method = METHODS[*m as usize % METHODS.len()];
                let params: Value = serde_json::from_slice(params)
                    .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(params).into_owned()));
                let mut msg = json!({"jsonrpc": "2.0", "method": method, "params": params});
                if kind % 2 == 1 {
                    msg["id"] = json!(i + 1);
                }
                wire.extend(frame(&serde_json::to_vec(&msg).unwrap()));
            }
            _ => {}
        }
    }
    let last = "fuzz-last";
    wire.extend(frame(
        &serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": last, "method": "shutdown"})).unwrap(),
    ));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let (mut client, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, mut from_server) = tokio::io::duplex(1 << 16);
        let server = tokio::spawn(dify_lsp::lsp::serve(server_in, server_out));
        // The input ends right after the last message: the server must still answer what it read.
        let writer = tokio::spawn(async move {
            let _ = client.write_all(&wire).await;
        });
        let mut seen = Vec::new();
        let mut buf = vec![0; 1 << 16];
        let answered = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            loop {
                match from_server.read(&mut buf).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
                if seen
                    .windows(last.len() + 7)
                    .any(|w| w == format!("\"id\":\"{last}\"").as_bytes())
                {
                    return true;
                }
            }
        })
        .await;
        // A raw chunk may leave a frame open that swallows the final request: then only the
        // absence of a crash or a hang is asserted.
        assert!(raw || answered == Ok(true), "the final request was not answered");
        let _ = writer.await;
        drop(from_server);
        let ended = tokio::time::timeout(std::time::Duration::from_secs(10), server).await;
        assert!(ended.is_ok(), "the server did not end when its input ended");
    });
}
