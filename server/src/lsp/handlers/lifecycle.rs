//! `initialize`, `initialized`, `shutdown`, and the file watchers registered at start-up.

use crate::lsp::capabilities::{self, ClientFlags};
use crate::lsp::from_proto;
use crate::lsp::handlers::workspace;
use crate::lsp::owner::{Msg, Owner, Queue};
use crate::lsp::server::Backend;
use crate::lsp::state::{State, lock};
use crate::lsp::watch;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tower_lsp_server::ls_types::*;

/// Whether the client asked for `shutdown` before the connection ended.
pub(crate) static SHUT_DOWN: AtomicBool = AtomicBool::new(false);

/// Reads what the client can do and queues the workspace folders and `initializationOptions`.
pub(crate) fn initialize(b: &Backend, params: InitializeParams) -> InitializeResult {
    let flags = ClientFlags::of(&params.capabilities);
    let enc = from_proto::negotiate(&params.capabilities);
    b.state.set_client(flags, enc);
    b.queue.send(Msg::Initialize {
        folders: from_proto::folders(&params),
        options: params.initialization_options,
    });
    capabilities::initialize_result(flags, enc)
}

pub(crate) fn initialized(b: &Backend) {
    b.queue.send(Msg::Initialized);
}

pub(crate) fn shutdown() -> tower_lsp_server::jsonrpc::Result<()> {
    SHUT_DOWN.store(true, Ordering::SeqCst);
    Ok(())
}

// Applied by the owner.

/// The inputs of `initialize`. What is wrong with the settings is not shown: the client takes no
/// message before `initialize` is answered.
pub(crate) fn initialize_inputs(state: &State, folders: Vec<PathBuf>, options: Option<Value>) {
    state.session.host.set_folders(folders);
    if let Some(opts) = &options {
        for e in workspace::apply_settings(state, opts) {
            tracing::warn!("dify-lsp settings: {e}");
        }
    }
}

/// After `initialized`: registers the watchers, then queues the first walk of the workspace.
pub(crate) fn start(owner: &Owner) {
    let (state, queue) = (owner.state.clone(), owner.queue.clone());
    tokio::spawn(async move {
        register_watchers(&state, &queue).await;
        Owner::send_later(&queue, Msg::Rediscover);
    });
}

/// Registers the client's file watchers, or starts the server's own when the client cannot.
/// The server's watcher walks the workspace before it watches, on a thread of its own, so that
/// the first analysis does not wait for it; its events are queued like the client's.
async fn register_watchers(state: &Arc<State>, queue: &Weak<Queue>) {
    if state.flags().watch_dynamic {
        let registration = capabilities::watched_files_registration();
        if let Err(e) = state.client.register_capability(vec![registration]).await {
            tracing::warn!("could not register file watchers: {e}");
        }
        return;
    }
    let (state, queue) = (state.clone(), queue.clone());
    tokio::spawn(async move {
        let st = state.clone();
        let roots = move || st.session.host.folders();
        let runtime = tokio::runtime::Handle::current();
        let started = tokio::task::spawn_blocking(move || watch::start(roots, Duration::from_millis(30), runtime));
        let Ok((watcher, mut events)) = started.await else {
            return;
        };
        *lock(&state.watcher) = Some(watcher);
        while let Some(event) = events.recv().await {
            match event {
                watch::WatchEvent::Changed(batch) => {
                    let changes = batch.into_iter().map(|p| (p.exists(), p)).collect();
                    Owner::send_later(&queue, Msg::Disk(changes));
                }
                watch::WatchEvent::Log(level, text) => state.client.log_message(level, text).await,
                watch::WatchEvent::Warn(text) => state.client.show_message(MessageType::WARNING, text).await,
            }
        }
    });
}
