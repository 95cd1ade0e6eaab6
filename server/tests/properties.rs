//! Property tests (bounded fuzzing) of the front ends, the incremental edit path, the position
//! conversions and the JSON-RPC input path. Failing inputs are shrunk by proptest and kept in
//! `proptest-regressions/` next to this file, so they stay as regression cases.

mod common;

use common::lsp::{Lsp, uri};
use dify_lsp::project::python::PyModule;
use dify_lsp::syntax::document::{Document, Lang};
use dify_lsp::syntax::{Encoding, LineIndex, yaml};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(common::fixtures().join(rel)).unwrap()
}

/// YAML-ish text: fragments of real declarations, indentation, quotes, colons, anchors, tabs.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("identity:\n".to_string()),
        Just("  name: echo\n".to_string()),
        Just("- ".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just(": ".to_string()),
        Just("\"quoted\nline\"".to_string()),
        Just("'it''s'".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("[1, {a: b}]".to_string()),
        Just("|\n  block\n".to_string()),
        Just("# comment\n".to_string()),
        Just("---\n".to_string()),
        Just("日本😀".to_string()),
        "[a-z_]{1,8}".prop_map(|s| s),
        Just("\n".to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn serde_ok(text: &str) -> bool {
    serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

fn nesting(text: &str) -> usize {
    text.chars().filter(|c| matches!(c, '[' | '{')).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    /// The loader never panics and agrees with serde_yaml (libyaml) on what loads.
    #[test]
    fn yaml_loader_matches_serde_yaml(text in yamlish()) {
        let loaded = yaml::load(&text);
        if nesting(&text) < 100 {
            prop_assert_eq!(loaded.error.is_none(), serde_ok(&text), "{:?}", text);
        }
        if let Some(e) = loaded.error {
            prop_assert!(e.span.start <= text.len() && e.span.end <= text.len());
        }
    }

    /// Arbitrary bytes in every file of a project: the analysis never panics.
    #[test]
    fn analysis_survives_garbage(bytes in prop::collection::vec(any::<u8>(), 0..400), which in 0..5usize) {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&common::fixtures().join("base/plugin"), dir.path());
        let target = ["manifest.yaml", "provider/demo.yaml", "tools/echo.yaml", "tools/echo.py", "provider/demo.py"][which];
        std::fs::write(dir.path().join(target), &bytes).unwrap();
        let _ = common::findings(dir.path());
    }

    /// Python front end: any text parses into facts without panicking.
    #[test]
    fn python_facts_never_panic(text in "(class|def|import|from|yield|return|tool_parameters\\[\"x\"\\]|self\\.runtime\\.credentials\\.get\\(\"k\"\\)|requests\\.get\\(|\\(|\\)|:|\n|    |[a-z]{1,6}| )*") {
        let m = PyModule::parse(&text);
        for c in &m.facts.classes {
            prop_assert!(c.span.end <= text.len());
        }
    }

    /// Random edit sequences give the facts and the syntax verdict of a fresh parse (not always
    /// the same tree: see `edits` in server/fuzz/checks.rs).
    #[test]
    fn incremental_edits_equal_a_fresh_parse(
        edits in prop::collection::vec((0usize..2000, 0usize..20, "[a-z :\\-\n\"\\[\\]]{0,6}|日本|😀"), 1..25),
        python in any::<bool>(),
    ) {
        let (rel, lang) = if python { ("base/plugin/tools/echo.py", Lang::Python) } else { ("base/plugin/tools/echo.yaml", Lang::Yaml) };
        let mut doc = Document::new(fixture(rel), 1, lang);
        for (at, len, text) in &edits {
            let start = dify_lsp::syntax::line_index::floor_char_boundary(&doc.text, (*at).min(doc.text.len()));
            let end = dify_lsp::syntax::line_index::floor_char_boundary(&doc.text, (start + len).min(doc.text.len()));
            doc.edit(start, end, text);
            // Reparse after some edits only: a batch of edits before one reparse must work too.
            if at % 3 == 0 {
                doc.tree();
            }
        }
        let tree = doc.tree().unwrap().clone();
        if python {
            let a = PyModule::from_tree(tree, &doc.text);
            let b = PyModule::parse(&doc.text);
            prop_assert_eq!(format!("{:?}", a.facts.param_reads), format!("{:?}", b.facts.param_reads));
            prop_assert_eq!(a.syntax_error, b.syntax_error);
        } else {
            prop_assert_eq!(tree.root_node().has_error(), Document::new(doc.text.clone(), 2, lang).tree().unwrap().root_node().has_error());
        }
    }

    /// Offsets and positions convert back and forth in every encoding.
    #[test]
    fn positions_round_trip(text in "([a-z]|é|日|😀|\r\n|\n|\r| ){0,80}", pick in 0usize..200) {
        let lines = LineIndex::new(&text);
        let offset = dify_lsp::syntax::line_index::floor_char_boundary(&text, pick.min(text.len()));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let (l, c) = lines.position(&text, offset, enc);
            let back = lines.offset(&text, l, c, enc);
            // A position inside a line break maps to the end of the line's text.
            let line_end = lines.line_span(&text, l as usize).end;
            prop_assert!(back == offset || (back == line_end && offset > line_end), "{:?} {} {:?} -> ({}, {}) -> {}", text, offset, enc, l, c, back);
        }
    }
}

/// Random frames on the JSON-RPC input: the server answers what it can and keeps serving.
#[test]
fn json_rpc_input_survives_random_frames() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixtures().join("base/plugin"), dir.path());
    let yaml = dir.path().join("tools/echo.yaml");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), json!({}), Value::Null);
    lsp.open(&yaml, 1);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 300,
        ..ProptestConfig::default()
    });
    let frame = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200).boxed(),
        Just(b"{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"textDocument/hover\",\"params\":{}}".to_vec()).boxed(),
        Just(b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{}}}".to_vec())
            .boxed(),
        Just(b"{\"jsonrpc\":\"1.0\"}".to_vec()).boxed(),
        Just(b"[1,2,3]".to_vec()).boxed(),
        Just(b"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}".to_vec()).boxed(),
    ];
    for _ in 0..300 {
        let body = frame.new_tree(&mut runner).unwrap().current();
        lsp.send_raw(&body);
    }
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": 0, "character": 0}}),
    );
    assert!(r.get("error").is_none(), "still serving: {r}");
    let (code, _) = lsp.shutdown();
    assert_eq!(code, Some(0));
}

/// A sequence proptest found: after these edits, tree-sitter's incremental error recovery put the
/// syntax error elsewhere than a fresh parse; an open buffer with errors is now analysed from a
/// fresh parse, so the editor and `check` report the same span.
#[test]
fn an_edited_buffer_with_errors_reports_the_fresh_parse_syntax_error() {
    let edits: [(usize, usize, &str); 4] = [(394, 0, "日本"), (400, 1, "[-"), (366, 17, "[\"\n"), (371, 0, "\n")];
    let mut doc = Document::new(fixture("base/plugin/tools/echo.py"), 1, Lang::Python);
    for (at, len, text) in edits {
        let start = dify_lsp::syntax::line_index::floor_char_boundary(&doc.text, at.min(doc.text.len()));
        let end = dify_lsp::syntax::line_index::floor_char_boundary(&doc.text, (start + len).min(doc.text.len()));
        doc.edit(start, end, text);
        if at % 3 == 0 {
            doc.tree();
        }
    }
    let tree = doc.tree().unwrap().clone();
    let incremental = PyModule::from_tree(tree, &doc.text);
    let fresh = PyModule::parse(&doc.text);
    assert!(fresh.syntax_error.is_some());
    assert_eq!(incremental.syntax_error, fresh.syntax_error);
}
