//! Completion, hover and navigation over stdio.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{Value, json};

fn start() -> (tempfile::TempDir, Lsp) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base/plugin"), dir.path());
    let mut lsp = Lsp::spawn(&[]);
    let caps = json!({"general": {"positionEncodings": ["utf-8"]}, "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename"]}}});
    lsp.initialize(dir.path(), caps, Value::Null);
    (dir, lsp)
}

fn pos(text: &str, needle: &str, after: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not found")) + after;
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

fn labels(r: &Value) -> Vec<String> {
    r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_in_yaml_and_python() {
    let (dir, mut lsp) = start();
    let yaml = dir.path().join("tools/echo.yaml");
    replace_in(&yaml, "    type: string\n", "    type: \n    fo\n");
    let text = replace_in(&yaml, "    form: llm\n", "");
    lsp.open(&yaml, 1);
    let r = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": pos(&text, "    type: ", 10)}),
    );
    let l = labels(&r);
    assert!(
        l.contains(&"string".into()) && l.contains(&"checkbox".into()) && l.contains(&"secret-input".into()),
        "{l:?}"
    );
    assert!(
        !l.contains(&"system-files".into()),
        "the plugin SDK does not accept system-files"
    );
    let r = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": pos(&text, "    fo\n", 6)}),
    );
    let l = labels(&r);
    assert_eq!(l, ["form"], "keys by prefix, without those present");
    let edit = &r["result"][0]["textEdit"];
    assert_eq!(edit["newText"], "form: ");
    assert_eq!(edit["range"]["start"]["character"], 4, "replaces the typed prefix");

    let py = dir.path().join("tools/echo.py");
    let ptext = replace_in(&py, "tool_parameters[\"text\"]", "tool_parameters[\"te\"]");
    lsp.open(&py, 1);
    let r = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&py)}, "position": pos(&ptext, "tool_parameters[\"te", 19)}),
    );
    assert_eq!(labels(&r), ["text"], "{r}");
    let r = lsp.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&py)}, "position": pos(&ptext, "credentials[\"", 13)}),
    );
    assert_eq!(labels(&r), ["api_key"]);
    lsp.shutdown();
}

#[test]
fn hover_on_keys_values_and_python_reads() {
    let (dir, mut lsp) = start();
    let yaml = dir.path().join("tools/echo.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    lsp.open(&yaml, 1);
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": pos(&text, "    form: llm", 5)}),
    );
    let v = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("**`form`**") && v.contains("Allowed: `schema`, `form` or `llm`"),
        "{v}"
    );
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": pos(&text, "type: string", 7)}),
    );
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("| Dify 0.x | 1.3.0 |")
    );
    let py = dir.path().join("tools/echo.py");
    let ptext = std::fs::read_to_string(&py).unwrap();
    lsp.open(&py, 1);
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&py)}, "position": pos(&ptext, "\"text\"", 2)}),
    );
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**parameter `text`** — `string`, form `llm`")
    );
    lsp.shutdown();
}

#[test]
fn navigation_rename_symbols_and_links() {
    let (dir, mut lsp) = start();
    let yaml = dir.path().join("tools/echo.yaml");
    let py = dir.path().join("tools/echo.py");
    let provider = dir.path().join("provider/demo.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let ptext = std::fs::read_to_string(&py).unwrap();
    lsp.open(&yaml, 1);
    lsp.open(&py, 1);
    // YAML path → file; Python read → YAML declaration; identity.name → class.
    let r = lsp.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": pos(&text, "tools/echo.py", 3)}),
    );
    assert_eq!(r["result"][0]["uri"], uri(&py));
    let r = lsp.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&py)}, "position": pos(&ptext, "\"text\"", 2)}),
    );
    assert_eq!(r["result"][0]["uri"], uri(&yaml));
    assert_eq!(r["result"][0]["range"]["start"], pos(&text, "name: text", 6));
    let r = lsp.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": pos(&text, "name: echo", 7)}),
    );
    assert_eq!(r["result"][0]["range"]["start"], pos(&ptext, "EchoTool", 0));
    // References of the parameter from its declaration.
    let r = lsp.request("textDocument/references", json!({"textDocument": {"uri": uri(&yaml)}, "position": pos(&text, "name: text", 7), "context": {"includeDeclaration": true}}));
    let refs = r["result"].as_array().unwrap();
    assert_eq!(refs.len(), 2, "{refs:?}");
    // Rename it across YAML and Python.
    let r = lsp.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": uri(&py)}, "position": pos(&ptext, "\"text\"", 2)}),
    );
    assert_eq!(r["result"]["placeholder"], "text");
    let r = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri(&py)}, "position": pos(&ptext, "\"text\"", 2), "newName": "message"}),
    );
    let ops = r["result"]["documentChanges"].as_array().unwrap();
    let edited: Vec<&str> = ops.iter().map(|o| o["textDocument"]["uri"].as_str().unwrap()).collect();
    assert!(edited.contains(&uri(&yaml).as_str()) && edited.contains(&uri(&py).as_str()));
    assert!(ops.iter().all(|o| o["edits"][0]["newText"] == "message"));
    let r = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri(&py)}, "position": pos(&ptext, "\"text\"", 2), "newName": "bad name"}),
    );
    assert!(r.get("error").is_some());
    // Symbols and links.
    let r = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&yaml)}}),
    );
    let names: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["identity", "description", "parameters", "extra"]);
    let r = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&py)}}),
    );
    assert_eq!(r["result"][0]["name"], "EchoTool");
    assert_eq!(r["result"][0]["children"][0]["name"], "_invoke");
    lsp.open(&provider, 1);
    let r = lsp.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri(&provider)}}),
    );
    let targets: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert!(
        targets.iter().any(|t| t.ends_with("tools/echo.yaml"))
            && targets.iter().any(|t| t.ends_with("provider/demo.py"))
            && targets.iter().any(|t| t.ends_with("_assets/icon.svg")),
        "{targets:?}"
    );
    lsp.shutdown();
}

#[test]
fn navigation_in_a_model_plugin() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/clean-kinds/model"), dir.path());
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        Value::Null,
    );
    let provider = dir.path().join("provider/lumen.yaml");
    let text = std::fs::read_to_string(&provider).unwrap();
    lsp.open(&provider, 1);
    // provider_source and a model_sources item → their modules; icon_small's locale → the icon.
    let r = lsp.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&provider)}, "position": pos(&text, "provider/lumen.py", 3)}),
    );
    assert_eq!(r["result"][0]["uri"], uri(&dir.path().join("provider/lumen.py")));
    let r = lsp.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri(&provider)}}),
    );
    let targets: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    for want in ["provider/lumen.py", "models/llm/llm.py", "_assets/icon.svg"] {
        assert!(targets.iter().any(|t| t.ends_with(want)), "{want}: {targets:?}");
    }
    // The outline names the provider, and a model YAML its model.
    let r = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&provider)}}),
    );
    assert_eq!(
        (&r["result"][0]["name"], &r["result"][0]["detail"]),
        (&json!("lumen"), &json!("model provider"))
    );
    let model = dir.path().join("models/llm/lumen-small.yaml");
    lsp.open(&model, 1);
    let r = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&model)}}),
    );
    assert_eq!(
        (&r["result"][0]["name"], &r["result"][0]["detail"]),
        (&json!("lumen-small"), &json!("llm model"))
    );
    lsp.shutdown();
}
