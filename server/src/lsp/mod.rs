//! The LSP edge: a thin tower-lsp-server front over the analysis host ([`crate::host`]) and the
//! IDE layer ([`crate::ide`]). The only module that knows LSP types.
//!
//! * `server`: the `LanguageServer` trait, one line per method into `handlers` (one module
//!   per area: text documents, workspace, diagnostics, code actions, navigation, hover,
//!   completion, lifecycle);
//! * `owner`: the one task that applies state changes, in arrival order (why an actor: there);
//! * `scheduler`: when analyses run (debounce, one flight per unit, generations, cancellation),
//!   and how requests get results without running rules themselves;
//! * `publish`: what is pushed (`publishDiagnostics`), cleared and reported;
//! * `capabilities`: what the client can do and what the server offers;
//! * `from_proto` / `to_proto`: conversions at the edge (byte offsets inside, positions in
//!   the negotiated encoding outside);
//! * `state` and `session`: what the tasks share; `watch`: the server-side watcher;
//!   `guard`: the framing guard in front of the transport.
//!
//! Invariants:
//!
//! * only the owner mutates the host's inputs, one message at a time, in arrival order;
//!   notification handlers cannot await (they are plain functions that queue);
//! * requests wait for the owner to catch up, then read snapshots; no request runs the rules:
//!   those that show diagnostics take the scheduler's result (stored, or the run they wait for),
//!   `workspace/diagnostic` the latest stored ones;
//! * neither the owner nor a handler awaits a client request (spawned instead): with four
//!   handler slots, that would stop the server from reading the client's answer;
//! * a result is published only while current (its unit's generation unchanged), one
//!   publication at a time.

mod capabilities;
mod from_proto;
mod guard;
mod handlers;
mod owner;
mod publish;
mod scheduler;
mod server;
mod session;
mod state;
mod to_proto;
mod watch;

use serde_json::Value;
use server::Backend;
use std::sync::atomic::Ordering;
use tower_lsp_server::jsonrpc::Error;
use tower_lsp_server::{LspService, Server};

/// Serves LSP over stdin/stdout until the client exits. Returns the process exit code the
/// protocol asks for: 0 after `shutdown`, 1 when `exit` (or the end of input) came without it.
pub async fn serve_stdio() -> i32 {
    serve(tokio::io::stdin(), tokio::io::stdout()).await;
    if handlers::lifecycle::SHUT_DOWN.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// Serves LSP over any byte streams (stdio, or an in-memory pipe in tests).
pub async fn serve(
    input: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    output: impl tokio::io::AsyncWrite + Unpin,
) {
    let (service, socket) = LspService::build(Backend::new)
        .custom_method(guard::INVALID_METHOD, |_: &Backend, params: Value| async move {
            let why = params
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("invalid message")
                .to_string();
            Err::<Value, _>(Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::ParseError,
                message: why.into(),
                data: None,
            })
        })
        .finish();
    let (guarded, pipe) = tokio::io::duplex(1 << 16);
    tokio::spawn(guard::run(input, pipe));
    Server::new(guarded, output, socket).serve(service).await;
}
