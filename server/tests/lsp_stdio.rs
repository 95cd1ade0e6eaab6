//! The language server over stdio, driven like an editor drives it.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{Value, json};
use std::time::Duration;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base/plugin"), dir.path());
    dir
}

#[test]
fn initialize_negotiates_encoding_and_capabilities() {
    let dir = project();
    for (offered, expected) in [
        (json!(["utf-16", "utf-8"]), "utf-8"),
        (json!(["utf-16", "utf-32"]), "utf-32"),
        (json!(null), "utf-16"),
    ] {
        let mut lsp = Lsp::spawn(&[]);
        let r = lsp.initialize(
            dir.path(),
            json!({"general": {"positionEncodings": offered}}),
            Value::Null,
        );
        let caps = &r["result"]["capabilities"];
        assert_eq!(caps["positionEncoding"], expected);
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
        assert!(
            caps.get("diagnosticProvider").is_none(),
            "a push client is not offered pull"
        );
        let (code, took) = lsp.shutdown();
        assert_eq!(code, Some(0));
        assert!(took < Duration::from_secs(1), "exit took {took:?}");
    }
}

#[test]
fn workspace_files_get_diagnostics_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), dir.path());
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    let manifest = lsp.diagnostics(&dir.path().join("manifest.yaml"), |d| !d.is_empty());
    assert!(codes(&manifest).contains(&"DIFY201".to_string()));
    let py = lsp.diagnostics(&dir.path().join("provider/weather.py"), |d| !d.is_empty());
    let undeclared = py.iter().find(|d| d["code"] == "DIFY513").unwrap();
    let related = &undeclared["relatedInformation"][0];
    assert!(
        related["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("provider/weather.yaml"),
        "{undeclared}"
    );
    assert!(undeclared["source"].as_str().unwrap().starts_with("dify-lsp"));
    // Each diagnostic links to its rule's page, which the repository holds.
    let href = undeclared["codeDescription"]["href"]
        .as_str()
        .expect("codeDescription.href");
    assert!(href.ends_with("/docs/rules/DIFY513.md"), "{href}");
    assert!(repo().join("docs/rules/DIFY513.md").is_file());
    lsp.shutdown();
}

#[test]
fn edits_update_diagnostics_with_versions() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    lsp.open(&yaml, 1);
    // Break the parameter type (line 11 is `    type: string`), then fix it.
    let text = std::fs::read_to_string(&yaml).unwrap();
    let line = text.lines().position(|l| l == "    type: string").unwrap() as u32;
    lsp.change(&yaml, 2, json!([{"range": {"start": {"line": line, "character": 10}, "end": {"line": line, "character": 16}}, "text": "strng"}]));
    let p = lsp.publish(&yaml, |p| p["version"] == 2);
    let d = p["diagnostics"].as_array().unwrap();
    assert_eq!(codes(d), ["DIFY402"]);
    assert_eq!(
        d[0]["range"],
        json!({"start": {"line": line, "character": 10}, "end": {"line": line, "character": 15}})
    );
    assert!(d[0]["message"].as_str().unwrap().contains("did you mean `string`"));
    lsp.change(&yaml, 3, json!([{"range": {"start": {"line": line, "character": 10}, "end": {"line": line, "character": 15}}, "text": "string"}]));
    let p = lsp.publish(&yaml, |p| p["version"] == 3);
    assert_eq!(p["diagnostics"], json!([]));
    lsp.shutdown();
}

#[test]
fn a_yaml_edit_changes_the_python_diagnostics_and_deleting_a_py_errors_the_yaml() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    let py = dir.path().join("tools/echo.py");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    lsp.open(&yaml, 1);
    let text = std::fs::read_to_string(&yaml).unwrap();
    let line = text.lines().position(|l| l == "  - name: text").unwrap() as u32;
    // Rename the parameter in the YAML: the Python now reads an undeclared parameter.
    lsp.change(&yaml, 2, json!([{"range": {"start": {"line": line, "character": 10}, "end": {"line": line, "character": 14}}, "text": "words"}]));
    let d = lsp.diagnostics(&py, |d| codes(d).contains(&"DIFY512".to_string()));
    assert!(d[0]["message"].as_str().unwrap().contains("`text`"));
    lsp.diagnostics(&yaml, |d| codes(d) == ["DIFY514"]);
    // Delete the Python file on disk and tell the server.
    std::fs::remove_file(&py).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&py), "type": 3}]}),
    );
    let d = lsp.diagnostics(&yaml, |d| codes(d).contains(&"DIFY111".to_string()));
    assert!(d.iter().any(|x| x["severity"] == 1));
    lsp.diagnostics(&py, |d| d.is_empty());
    lsp.shutdown();
}

#[test]
fn pull_clients_pull_and_get_unchanged_results() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    replace_in(&yaml, "type: string", "type: strng");
    let mut lsp = Lsp::spawn(&[]);
    let r = lsp.initialize(dir.path(), pull_client(), Value::Null);
    assert_eq!(
        r["result"]["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    lsp.open(&yaml, 1);
    let r = lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri(&yaml)}}));
    let report = &r["result"];
    assert_eq!(report["kind"], "full");
    assert_eq!(codes(report["items"].as_array().unwrap()), ["DIFY402"]);
    let id = report["resultId"].clone();
    assert!(
        report["relatedDocuments"]
            .as_object()
            .unwrap()
            .keys()
            .any(|k| k.ends_with("echo.py"))
    );
    let r = lsp.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri(&yaml)}, "previousResultId": id}),
    );
    assert_eq!(r["result"]["kind"], "unchanged");
    let r = lsp.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = r["result"]["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["uri"].as_str().unwrap().ends_with("manifest.yaml"))
    );
    assert!(
        items
            .iter()
            .any(|i| i["uri"].as_str().unwrap().ends_with("echo.yaml") && i["version"] == 1)
    );
    // A pull client gets no pushed diagnostics.
    assert!(
        lsp.wait_for(Duration::from_millis(300), |m| m["method"]
            == "textDocument/publishDiagnostics")
            .is_none()
    );
    lsp.shutdown();
}

#[test]
fn each_encoding_counts_columns_after_non_ascii_text() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    let text = replace_in(
        &yaml,
        "  label:\n    en_US: Echo\n",
        "  label: {en_US: 日本😀, ja_Jp: x}\n",
    );
    let line = text.lines().position(|l| l.contains("ja_Jp")).unwrap() as u64;
    let prefix = "  label: {en_US: 日本😀, ";
    for (enc, col) in [
        ("utf-8", prefix.len()),
        ("utf-16", prefix.encode_utf16().count()),
        ("utf-32", prefix.chars().count()),
    ] {
        let mut lsp = Lsp::spawn(&[]);
        lsp.initialize(
            dir.path(),
            json!({"general": {"positionEncodings": [enc]}}),
            Value::Null,
        );
        let d = lsp.diagnostics(&yaml, |d| !d.is_empty());
        let x = d.iter().find(|d| d["code"] == "DIFY404").unwrap();
        assert_eq!(x["range"]["start"], json!({"line": line, "character": col}), "{enc}");
        // And positions sent in that encoding are read in it: edit the key away.
        lsp.open(&yaml, 1);
        lsp.change(&yaml, 2, json!([{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 5}}, "text": "ja_JP"}]));
        let p = lsp.publish(&yaml, |p| p["version"] == 2);
        assert!(
            !codes(p["diagnostics"].as_array().unwrap()).contains(&"DIFY404".to_string()),
            "{enc}: {p}"
        );
        lsp.shutdown();
    }
}

#[test]
fn configuration_changes_apply() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), dir.path());
    let manifest = dir.path().join("manifest.yaml");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), json!({"ignore": ["DIFY301"]}));
    let d = lsp.diagnostics(&manifest, |d| !d.is_empty());
    assert!(!codes(&d).contains(&"DIFY301".to_string()) && codes(&d).contains(&"DIFY201".to_string()));
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dify-lsp": {"ignore": ["DIFY201"]}}}),
    );
    let d = lsp.diagnostics(&manifest, |d| !codes(d).contains(&"DIFY201".to_string()));
    assert!(codes(&d).contains(&"DIFY301".to_string()));
    // A client that supports workspace/configuration is asked instead.
    let mut lsp2 = Lsp::spawn(&[]);
    lsp2.configuration = json!({"select": ["DIFY2"]});
    lsp2.initialize(dir.path(), helix_client(), Value::Null);
    lsp2.diagnostics(&manifest, |d| codes(d).contains(&"DIFY301".to_string()));
    lsp2.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    let d = lsp2.diagnostics(&manifest, |d| !codes(d).contains(&"DIFY301".to_string()));
    assert!(codes(&d).iter().all(|c| c.starts_with("DIFY2")), "{d:?}");
    // dify-lsp.toml changes are picked up through watched-file events. (Unchanged diagnostics are
    // not pushed again, so the file ignores codes that are shown.)
    std::fs::write(dir.path().join("dify-lsp.toml"), "ignore = [\"DIFY4\"]\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&dir.path().join("dify-lsp.toml")), "type": 1}]}),
    );
    let d = lsp.diagnostics(&manifest, |d| !d.is_empty());
    assert!(!codes(&d).iter().any(|c| c.starts_with("DIFY4")), "{d:?}");
    lsp.shutdown();
    lsp2.shutdown();
}

#[test]
fn a_panicking_rule_is_contained_and_logged() {
    let dir = project();
    let manifest = dir.path().join("manifest.yaml");
    replace_in(&manifest, "author: acme", "author: Acme");
    let name = dir.path().file_name().unwrap().to_str().unwrap().to_string();
    let mut lsp = Lsp::spawn(&[("DIFY_LSP_TEST_PANIC", &format!("manifest:{name}"))]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    let log = lsp
        .wait_for(Duration::from_secs(10), |m| m["method"] == "window/logMessage")
        .expect("a logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("rule family `manifest` panicked")
    );
    assert_eq!(log["params"]["type"], 1);
    // The other families still report, and the server keeps answering.
    lsp.diagnostics(&manifest, |d| codes(d).contains(&"DIFY201".to_string()));
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&manifest)}, "position": {"line": 2, "character": 9}}),
    );
    assert!(r.get("error").is_none());
    let (code, _) = lsp.shutdown();
    assert_eq!(code, Some(0));
}

#[test]
fn bad_requests_get_clean_errors() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    let r = lsp.request("textDocument/frobnicate", json!({}));
    assert_eq!(r["error"]["code"], -32601, "method not found");
    lsp.send_raw(b"{not json");
    let r = lsp
        .wait_for(Duration::from_secs(5), |m| m.get("error").is_some())
        .expect("a parse error response");
    assert_eq!(r["error"]["code"], -32700);
    lsp.open(&yaml, 1);
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&yaml)}, "position": {"line": 99999, "character": 99999}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    // An edit with out-of-range positions clamps instead of failing.
    lsp.change(&yaml, 2, json!([{"range": {"start": {"line": 5000, "character": 3}, "end": {"line": 9000, "character": 0}}, "text": "\nextra_key: 1\n"}]));
    let p = lsp.publish(&yaml, |p| p["version"] == 2);
    assert!(
        codes(p["diagnostics"].as_array().unwrap()).contains(&"DIFY410".to_string()),
        "{p}"
    );
    // A huge document is analysed too.
    let huge = "identity:\n  name: echo\n".to_string() + &"# filler\n".repeat(200_000);
    lsp.change(&yaml, 3, json!([{"text": huge}]));
    let p = lsp.publish(&yaml, |p| p["version"] == 3);
    assert!(!p["diagnostics"].as_array().unwrap().is_empty());
    let (code, took) = lsp.shutdown();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(1));
}

#[test]
fn hover_explains_the_rule_under_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), dir.path());
    let manifest = dir.path().join("manifest.yaml");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    lsp.open(&manifest, 1);
    let line = std::fs::read_to_string(&manifest)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("author:"))
        .unwrap();
    let r = lsp.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&manifest)}, "position": {"line": line, "character": 9}}),
    );
    let v = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(v.contains("DIFY201") && v.contains("Enforced by"), "{v}");
    lsp.shutdown();
}

#[test]
fn without_client_watching_the_server_watches_the_disk() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    let py = dir.path().join("tools/echo.py");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), helix_client(), Value::Null);
    let watching = lsp.wait_for(Duration::from_secs(10), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("watches the workspace")
    });
    assert!(watching.is_some(), "the server announces its own watcher");
    std::fs::remove_file(&py).unwrap();
    let d = lsp.diagnostics(&yaml, |d| codes(d).contains(&"DIFY111".to_string()));
    assert_eq!(d[0]["range"]["start"]["line"], 21);
    // Renaming it back (a create) clears the error.
    std::fs::write(
        &py,
        std::fs::read_to_string(fixtures().join("base/plugin/tools/echo.py")).unwrap(),
    )
    .unwrap();
    lsp.diagnostics(&yaml, |d| d.is_empty());
    lsp.shutdown();
}

#[test]
fn creating_an_icon_clears_its_error_and_outside_files_clear_on_close() {
    let dir = project();
    let manifest = dir.path().join("manifest.yaml");
    replace_in(&manifest, "icon: icon.svg", "icon: logo.svg");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    lsp.diagnostics(&manifest, |d| codes(d) == ["DIFY112"]);
    let icon = dir.path().join("_assets/logo.svg");
    std::fs::write(&icon, "<svg/>").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&icon), "type": 1}]}),
    );
    lsp.diagnostics(&manifest, |d| d.is_empty());

    // A plugin outside the workspace folder: diagnostics while open, cleared on close.
    let other = project();
    let author = other.path().join("manifest.yaml");
    replace_in(&author, "author: acme", "author: ACME");
    lsp.open(&author, 1);
    lsp.diagnostics(&author, |d| codes(d) == ["DIFY201"]);
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(&author)}}));
    lsp.diagnostics(&author, |d| d.is_empty());
    lsp.shutdown();
}

#[test]
fn quick_fixes_snippets_and_fix_all_over_lsp() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    let py = dir.path().join("tools/echo.py");
    let text = replace_in(&yaml, "type: string", "type: strng");
    let mut lsp = Lsp::spawn(&[]);
    let caps = json!({"general": {"positionEncodings": ["utf-8"]}, "textDocument": {"publishDiagnostics": {"relatedInformation": true}}});
    lsp.initialize(dir.path(), caps, Value::Null);
    lsp.open(&yaml, 1);
    let d = lsp.diagnostics(&yaml, |d| !d.is_empty());
    let diag = d.iter().find(|x| x["code"] == "DIFY402").unwrap().clone();
    let r = lsp.request("textDocument/codeAction", json!({"textDocument": {"uri": uri(&yaml)}, "range": diag["range"], "context": {"diagnostics": [diag], "only": ["quickfix"]}}));
    let actions = r["result"].as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["title"], "Change `strng` to `string`");
    assert_eq!(fix["diagnostics"][0]["code"], "DIFY402");
    let edits = fix["edit"]["changes"][uri(&yaml)].as_array().unwrap();
    let fixed = apply_lsp_edits(&text, edits);
    lsp.change(&yaml, 2, json!([{"text": fixed}]));
    let p = lsp.publish(&yaml, |p| p["version"] == 2);
    assert!(!codes(p["diagnostics"].as_array().unwrap()).contains(&"DIFY402".to_string()));

    // Snippets in the Python file, filtered by kind.
    lsp.open(&py, 1);
    let r = lsp.request("textDocument/codeAction", json!({"textDocument": {"uri": uri(&py)}, "range": {"start": {"line": 9, "character": 8}, "end": {"line": 9, "character": 8}}, "context": {"diagnostics": [], "only": ["refactor"]}}));
    let titles: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Insert a credential check")
            && titles.contains(&"Wrap the body of `_invoke` in error handling"),
        "{titles:?}"
    );
    assert!(
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"].as_str().unwrap().starts_with("refactor"))
    );

    // source.fixAll on the manifest after breaking two things.
    let manifest = dir.path().join("manifest.yaml");
    replace_in(&manifest, "author: acme", "author: Acme");
    let mtext = replace_in(&manifest, "entrypoint: main", "entrypoint: main.py");
    lsp.open(&manifest, 1);
    lsp.diagnostics(&manifest, |d| d.len() == 2);
    let r = lsp.request("textDocument/codeAction", json!({"textDocument": {"uri": uri(&manifest)}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}));
    let all = &r["result"][0];
    assert_eq!(all["kind"], "source.fixAll.dify-lsp");
    let fixed = apply_lsp_edits(&mtext, all["edit"]["changes"][uri(&manifest)].as_array().unwrap());
    lsp.change(&manifest, 2, json!([{"text": fixed}]));
    let p = lsp.publish(&manifest, |p| p["version"] == 2);
    assert_eq!(p["diagnostics"], json!([]));
    lsp.shutdown();
}

#[test]
fn fixes_that_create_files_need_resource_operations() {
    let dir = project();
    let yaml = dir.path().join("tools/echo.yaml");
    std::fs::remove_file(dir.path().join("tools/echo.py")).unwrap();
    for (ops, expect) in [(true, true), (false, false)] {
        let mut lsp = Lsp::spawn(&[]);
        let mut caps = push_client();
        if ops {
            caps["workspace"]["workspaceEdit"] =
                json!({"documentChanges": true, "resourceOperations": ["create", "rename", "delete"]});
        }
        lsp.initialize(dir.path(), caps, Value::Null);
        let d = lsp.diagnostics(&yaml, |d| !d.is_empty());
        let diag = d.iter().find(|x| x["code"] == "DIFY111").unwrap().clone();
        let r = lsp.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(&yaml)}, "range": diag["range"], "context": {"diagnostics": [diag]}}),
        );
        let create = r["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Create `tools/echo.py`")
            .cloned();
        assert_eq!(create.is_some(), expect);
        if let Some(c) = create {
            let ops = c["edit"]["documentChanges"].as_array().unwrap();
            assert_eq!(ops[0]["kind"], "create");
            assert!(
                ops[1]["edits"][0]["newText"]
                    .as_str()
                    .unwrap()
                    .contains("class EchoTool(Tool):")
            );
        }
        lsp.shutdown();
    }
}

#[test]
fn empty_settings_from_an_editor_mean_unset() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/broken-plugin"), dir.path());
    let manifest = dir.path().join("manifest.yaml");
    let mut lsp = Lsp::spawn(&[]);
    // What VS Code sends for the section when nothing is set.
    let section = json!({"server": {"path": "", "extraArgs": []}, "trace": {"server": "off"}, "select": [], "ignore": [], "targetDifyVersion": "", "diagnosticMode": "workspace"});
    lsp.configuration = section.clone();
    lsp.initialize(dir.path(), helix_client(), section);
    lsp.diagnostics(&manifest, |d| codes(d).contains(&"DIFY201".to_string()));
    assert!(
        lsp.wait_for(Duration::from_millis(300), |m| m["method"] == "window/showMessage")
            .is_none(),
        "no settings warning"
    );
    lsp.shutdown();
}

#[test]
fn clients_that_resolve_get_edits_from_code_action_resolve() {
    let dir = project();
    let manifest = dir.path().join("manifest.yaml");
    replace_in(&manifest, "author: acme", "author: Acme");
    let mut lsp = Lsp::spawn(&[]);
    let caps = json!({"general": {"positionEncodings": ["utf-8"]}, "textDocument": {"codeAction": {"dataSupport": true, "resolveSupport": {"properties": ["edit"]}}}});
    let r = lsp.initialize(dir.path(), caps, Value::Null);
    assert_eq!(
        r["result"]["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    lsp.open(&manifest, 1);
    let d = lsp.diagnostics(&manifest, |d| !d.is_empty());
    let r = lsp.request("textDocument/codeAction", json!({"textDocument": {"uri": uri(&manifest)}, "range": d[0]["range"], "context": {"diagnostics": [d[0]], "only": ["quickfix"]}}));
    let action = r["result"][0].clone();
    assert!(action.get("edit").is_none() && action["data"].is_object(), "{action}");
    let resolved = lsp.request("codeAction/resolve", action);
    let edits = resolved["result"]["edit"]["changes"][uri(&manifest)]
        .as_array()
        .unwrap();
    assert_eq!(edits[0]["newText"], "acme");
    lsp.shutdown();
}

#[test]
fn a_broken_config_file_is_shown_not_ignored() {
    let dir = project();
    std::fs::write(dir.path().join("dify-lsp.toml"), "ignore = [\"DIFY999\"]\n").unwrap();
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    let m = lsp
        .wait_for(Duration::from_secs(10), |m| m["method"] == "window/showMessage")
        .expect("a message");
    let text = m["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("dify-lsp.toml:1:") && text.contains("unknown rule code `DIFY999`"),
        "{text}"
    );
    assert_eq!(m["params"]["type"], 1);
    lsp.shutdown();
}

#[test]
fn a_nested_plugin_keeps_its_diagnostics_when_the_outer_plugin_is_checked_again() {
    let dir = project();
    let inner = dir.path().join("plugins/inner");
    copy_dir(&fixtures().join("base/plugin"), &inner);
    replace_in(&inner.join("manifest.yaml"), "author: acme", "author: ACME");
    let yaml = dir.path().join("tools/echo.yaml");
    let mut lsp = Lsp::spawn(&[]);
    lsp.initialize(dir.path(), push_client(), Value::Null);
    lsp.diagnostics(&inner.join("manifest.yaml"), |d| codes(d) == ["DIFY201"]);
    // The outer plugin's run publishes its own files and leaves the inner plugin's alone: its
    // folder is the inner unit's.
    lsp.open(&yaml, 1);
    let text = std::fs::read_to_string(&yaml).unwrap();
    let line = text.lines().position(|l| l == "    type: string").unwrap() as u32;
    lsp.change(&yaml, 2, json!([{"range": {"start": {"line": line, "character": 10}, "end": {"line": line, "character": 16}}, "text": "strng"}]));
    let p = lsp.publish(&yaml, |p| p["version"] == 2);
    assert_eq!(codes(p["diagnostics"].as_array().unwrap()), ["DIFY402"]);
    let u = uri(&inner.join("manifest.yaml"));
    let cleared = lsp.wait_for(Duration::from_secs(2), |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u.as_str()
    });
    assert!(
        cleared.is_none(),
        "the inner plugin's diagnostics were replaced: {cleared:?}"
    );
    lsp.shutdown();
}
