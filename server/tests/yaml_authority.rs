//! The libyaml loader agrees with serde_yaml (libyaml-based, as PyYAML's C loader is) on every
//! YAML file in the repository and on tricky documents; tree-sitter-yaml does not, which is why its
//! verdict is never used.

mod common;

use dify_lsp::syntax::{yaml, yaml_tree};

fn serde_verdict(text: &str) -> bool {
    serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

#[test]
fn verdicts_match_serde_yaml_on_every_repository_yaml() {
    let mut checked = 0;
    for root in [common::repo().join("tests/fixtures"), common::repo().join("examples")] {
        for path in common::walk(&root) {
            if !matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let ours = yaml::load(&text).error.is_none();
            assert_eq!(ours, serde_verdict(&text), "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "checked only {checked} files");
}

#[test]
fn verdicts_match_serde_yaml_on_tricky_documents() {
    let docs = [
        "a: 1\n",
        "a: 1\n b: 2\n",
        "a: [1, 2\n",
        "key: \"multi\nline\n\tquoted\n value\"\n",
        "a: 1\n---\nb: 2\n",
        "--- \n...\n",
        "a: &x 1\nb: *x\n",
        "a: *missing\n",
        "\ta: 1\n",
        "a:\n\t- 1\n",
        "a: b: c\n",
        "- a\n- b: [c, {d: e}]\n",
        "? complex\n: key\n",
        "a: |\n  literal\n   text\nb: >-\n  folded\n",
        "a: 'it''s'\n",
        "a: \"\\x41\\u00e9\"\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: !!str 1\nb: !custom x\n",
        "a: @x\n",
        "a: `x`\n",
        "[unclosed\n",
        "{a: 1, b\n",
        "a: \"unterminated\n",
    ];
    for d in docs {
        assert_eq!(yaml::load(d).error.is_none(), serde_verdict(d), "{d:?}");
    }
}

/// The class from spec §2: multi-line double-quoted scalars with continuation lines at or left
/// of the key, one tab-indented. PyYAML accepts it; tree-sitter-yaml gives one ERROR node.
#[test]
fn pyyaml_valid_multiline_quotes_load() {
    let text = std::fs::read_to_string(
        common::fixtures().join("rules/DIFY001/pass-pyyaml-valid-multiline-quote/tools/echo.yaml"),
    )
    .unwrap();
    assert!(serde_verdict(&text));
    let loaded = yaml::load(&text);
    assert!(loaded.error.is_none());
    let llm = loaded.root.as_ref().unwrap().path(&["description", "llm"]).unwrap();
    assert!(
        llm.as_str()
            .unwrap()
            .starts_with("Echoes the text back. Continuation at the key column,")
    );
    assert!(
        yaml_tree::parse(&text, None).root_node().has_error(),
        "tree-sitter-yaml rejects it"
    );
}
