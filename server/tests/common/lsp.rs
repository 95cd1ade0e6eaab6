//! A minimal LSP client over the real binary's stdio, for end-to-end tests.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub struct Lsp {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    /// Notifications and requests received but not yet consumed.
    pub backlog: Vec<Value>,
    next_id: i64,
    /// The answer to `workspace/configuration` requests.
    pub configuration: Value,
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Lsp {
    pub fn spawn(envs: &[(&str, &str)]) -> Lsp {
        Self::spawn_wrapped(&[], envs)
    }

    /// Spawns the server through a wrapper command that ends by running its argument (e.g.
    /// `setpriv --reuid=65534 …` to run it as an unprivileged user).
    pub fn spawn_wrapped(wrapper: &[&str], envs: &[(&str, &str)]) -> Lsp {
        let bin = env!("CARGO_BIN_EXE_dify-lsp");
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut c = Command::new(program);
                c.args(args).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("DIFY_TEST_STDERR").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            });
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn dify-lsp");
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
        Lsp {
            child,
            stdin,
            rx,
            backlog: Vec::new(),
            next_id: 1,
            configuration: Value::Null,
        }
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        self.send_raw(&body);
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Receives one message, answering server requests on the way; `None` on timeout.
    fn recv(&mut self, timeout: Duration) -> Option<Value> {
        match self.rx.recv_timeout(timeout) {
            Ok(m) => {
                if m.get("id").is_some() && m.get("method").is_some() {
                    let result = match m["method"].as_str() {
                        Some("workspace/configuration") => json!([self.configuration]),
                        _ => Value::Null,
                    };
                    self.send(&json!({"jsonrpc": "2.0", "id": m["id"], "result": result}));
                }
                Some(m)
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(m) = self.recv(Duration::from_millis(100)) {
                if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                    return m;
                }
                self.backlog.push(m);
            }
        }
        panic!("no response to {method}");
    }

    pub fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(root), "capabilities": capabilities, "initializationOptions": options,
                   "workspaceFolders": [{"uri": uri(root), "name": "ws"}]}),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// Waits for a message matching `pred` (looking at the backlog first, then new messages).
    pub fn wait_for(&mut self, timeout: Duration, mut pred: impl FnMut(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&mut pred) {
            return Some(self.backlog.remove(i));
        }
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(m) = self.recv(Duration::from_millis(20)) {
                if pred(&m) {
                    return Some(m);
                }
                self.backlog.push(m);
            }
        }
        None
    }

    /// The next `publishDiagnostics` for `path` whose diagnostics satisfy `pred`.
    pub fn diagnostics(&mut self, path: &Path, mut pred: impl FnMut(&[Value]) -> bool) -> Vec<Value> {
        let u = uri(path);
        let m = self
            .wait_for(Duration::from_secs(10), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == u.as_str()
                    && pred(m["params"]["diagnostics"].as_array().unwrap())
            })
            .unwrap_or_else(|| panic!("no matching diagnostics for {}", path.display()));
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The full publishDiagnostics message (with its version).
    pub fn publish(&mut self, path: &Path, mut pred: impl FnMut(&Value) -> bool) -> Value {
        let u = uri(path);
        self.wait_for(Duration::from_secs(10), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u.as_str() && pred(&m["params"])
        })
        .unwrap_or_else(|| panic!("no matching publishDiagnostics for {}", path.display()))["params"]
            .clone()
    }

    pub fn open(&mut self, path: &Path, version: i64) {
        let text = std::fs::read_to_string(path).unwrap();
        let lang = if path.extension().is_some_and(|e| e == "py") {
            "python"
        } else {
            "yaml"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": lang, "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, path: &Path, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": changes}),
        );
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `exit` without `shutdown`; returns the exit code.
    pub fn exit_code(mut self) -> Option<i32> {
        self.notify("exit", Value::Null);
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(5) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// Shuts down and exits; returns how long the process took to end after `exit`.
    pub fn shutdown(mut self) -> (Option<i32>, Duration) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let t = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.code(), t.elapsed());
            }
            if t.elapsed() > Duration::from_secs(5) {
                let _ = self.child.kill();
                return (None, t.elapsed());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The codes of a list of LSP diagnostics.
pub fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    c.sort();
    c
}

/// Capability sets captured from what real editors send (trimmed to what matters here).
pub fn push_client() -> Value {
    json!({"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"publishDiagnostics": {"relatedInformation": true, "versionSupport": true}}, "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}, "window": {"workDoneProgress": true}})
}

pub fn helix_client() -> Value {
    json!({"general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]}, "textDocument": {"publishDiagnostics": {"versionSupport": true}}, "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": false}}})
}

pub fn pull_client() -> Value {
    json!({"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"diagnostic": {"dynamicRegistration": false, "relatedDocumentSupport": true}}, "workspace": {"diagnostics": {"refreshSupport": true}, "configuration": true}})
}

/// Applies LSP text edits (utf-8 positions) to a text.
pub fn apply_lsp_edits(text: &str, edits: &[Value]) -> String {
    let lines = dify_lsp::syntax::LineIndex::new(text);
    let off = |p: &Value| {
        lines.offset(
            text,
            p["line"].as_u64().unwrap() as u32,
            p["character"].as_u64().unwrap() as u32,
            dify_lsp::syntax::Encoding::Utf8,
        )
    };
    let mut e: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|x| {
            (
                off(&x["range"]["start"]),
                off(&x["range"]["end"]),
                x["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    e.sort_by_key(|x| std::cmp::Reverse(x.0));
    let mut out = text.to_string();
    for (s, end, t) in e {
        out.replace_range(s..end, &t);
    }
    out
}
