//! The server in-process over an in-memory pipe (no binary, no transport but the codec).

mod common;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

async fn send(w: &mut (impl AsyncWriteExt + Unpin), msg: Value) {
    let body = serde_json::to_vec(&msg).unwrap();
    w.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await
        .unwrap();
    w.write_all(&body).await.unwrap();
}

async fn recv(r: &mut (impl AsyncBufReadExt + Unpin)) -> Value {
    let mut len = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).await.unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.trim().strip_prefix("Content-Length: ") {
            len = v.parse().unwrap();
        }
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf).await.unwrap();
    serde_json::from_slice(&buf).unwrap()
}

#[tokio::test]
async fn initialize_open_change_shutdown_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixtures().join("base/plugin"), dir.path());
    let yaml = dir.path().join("tools/echo.yaml");
    let uri = common::lsp::uri(&yaml);
    let (client_out, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, client_in) = tokio::io::duplex(1 << 20);
    let server = tokio::spawn(dify_lsp::lsp::serve(server_in, server_out));
    let (mut w, mut r) = (client_out, BufReader::new(client_in));
    send(&mut w, json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": common::lsp::uri(dir.path())}})).await;
    let init = recv(&mut r).await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    send(&mut w, json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})).await;
    let text = std::fs::read_to_string(&yaml).unwrap().replace("form: llm", "form: lm");
    send(&mut w, json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 7, "text": text}}})).await;
    let published = loop {
        let m = recv(&mut r).await;
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str() {
            break m;
        }
    };
    assert_eq!(published["params"]["version"], 7);
    assert_eq!(published["params"]["diagnostics"][0]["code"], "DIFY402");
    send(&mut w, json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})).await;
    loop {
        if recv(&mut r).await["id"] == 2 {
            break;
        }
    }
    send(&mut w, json!({"jsonrpc": "2.0", "method": "exit"})).await;
    tokio::time::timeout(std::time::Duration::from_secs(2), server)
        .await
        .expect("serve returns after exit")
        .unwrap();
}
