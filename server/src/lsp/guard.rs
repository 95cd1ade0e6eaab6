//! A guard in front of the JSON-RPC transport. tower-lsp-server answers a malformed message with
//! a parse error and then stops reading (its framed reader ends after a decode error), which would
//! end the session. This task re-frames stdin and replaces any message that is not well-formed
//! JSON-RPC with a request to `dify-lsp/invalidMessage`, which the server answers with a parse
//! error; everything else passes through byte for byte.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

pub const INVALID_METHOD: &str = "dify-lsp/invalidMessage";

/// Copies framed messages from `input` to `output` until `input` ends.
pub async fn run(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut reader = BufReader::new(input);
    let mut count = 0u64;
    loop {
        let mut length: Option<usize> = None;
        let mut saw_header = false;
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = l.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok();
            }
        }
        let mut body = Vec::new();
        let problem = match length {
            Some(n) if n <= 256 << 20 => {
                body.resize(n, 0);
                if reader.read_exact(&mut body).await.is_err() {
                    return;
                }
                check(&body)
            }
            Some(n) => Some(format!("Content-Length {n} is too large")),
            None => Some("missing or invalid Content-Length header".to_string()),
        };
        let frame = match problem {
            None => body,
            Some(why) => {
                count += 1;
                tracing::warn!("invalid JSON-RPC message from the client: {why}");
                serde_json::to_vec(&serde_json::json!({
                    "jsonrpc": "2.0", "id": format!("dify-lsp:invalid:{count}"), "method": INVALID_METHOD, "params": {"error": why}
                }))
                .expect("JSON")
            }
        };
        let header = format!("Content-Length: {}\r\n\r\n", frame.len());
        if output.write_all(header.as_bytes()).await.is_err() || output.write_all(&frame).await.is_err() {
            return;
        }
        let _ = output.flush().await;
    }
}

/// Why a body is not a JSON-RPC 2.0 message tower-lsp-server can decode, if it is not.
fn check(body: &[u8]) -> Option<String> {
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Some(format!("the body is not JSON: {e}")),
    };
    let Some(obj) = v.as_object() else {
        return Some("the body is not a JSON object".into());
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Some("`jsonrpc` is not \"2.0\"".into());
    }
    let id_ok = |id: &Value| id.is_string() || id.is_i64() || id.is_u64() || id.is_null();
    match obj.get("method") {
        Some(m) if m.is_string() => match obj.get("id") {
            Some(id) if !id_ok(id) => Some("`id` must be a number or a string".into()),
            _ => None,
        },
        Some(_) => Some("`method` is not a string".into()),
        None if obj.get("id").is_some_and(id_ok) && (obj.contains_key("result") || obj.contains_key("error")) => None,
        None => Some("neither a request, a notification nor a response".into()),
    }
}
