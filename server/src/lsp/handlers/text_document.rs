//! `didOpen`, `didChange`, `didSave`, `didClose`: queued as they arrive, applied by the owner.

use crate::host::{Change, TextChange};
use crate::lsp::from_proto;
use crate::lsp::owner::Msg;
use crate::lsp::publish;
use crate::lsp::scheduler::schedule;
use crate::lsp::server::Backend;
use crate::lsp::session::Mode;
use crate::lsp::state::State;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

pub(crate) fn did_open(b: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    if let Some(path) = from_proto::path(&doc.uri) {
        b.queue.send(Msg::Open {
            path,
            text: doc.text,
            version: doc.version,
        });
    }
}

pub(crate) fn did_change(b: &Backend, params: DidChangeTextDocumentParams) {
    if let Some(path) = from_proto::path(&params.text_document.uri) {
        b.queue.send(Msg::Edit {
            path,
            version: params.text_document.version,
            changes: from_proto::text_changes(params.content_changes),
        });
    }
}

pub(crate) fn did_save(b: &Backend, params: DidSaveTextDocumentParams) {
    if let Some(path) = from_proto::path(&params.text_document.uri) {
        b.queue.send(Msg::Saved(path));
    }
}

pub(crate) fn did_close(b: &Backend, params: DidCloseTextDocumentParams) {
    if let Some(path) = from_proto::path(&params.text_document.uri) {
        b.queue.send(Msg::Close(path));
    }
}

// Applied by the owner.

pub(crate) fn opened(state: &Arc<State>, path: PathBuf, text: String, version: i32) {
    let applied = state.session.host.apply(Change::Open { path, text, version });
    for u in applied.units {
        schedule(state, u);
    }
}

pub(crate) fn changed(state: &Arc<State>, path: PathBuf, version: i32, changes: Vec<TextChange>) {
    if !state.session.is_open(&path) {
        tracing::warn!("didChange for a document that is not open: {}", path.display());
        return;
    }
    let encoding = state.enc();
    let change = Change::Edit {
        path,
        version,
        changes,
        encoding,
    };
    for u in state.session.host.apply(change).units {
        schedule(state, u);
    }
}

pub(crate) fn saved(state: &State, path: PathBuf) {
    state.session.host.apply(Change::Saved { path });
}

/// The disk shows through again. The closed file's diagnostics are cleared unless they stay shown
/// (a workspace file in workspace mode); its unit is analysed again only then, and the providers
/// reading its tool names (the disk's now) always are.
pub(crate) async fn closed(state: &Arc<State>, path: PathBuf) {
    let own = state.session.unit_of(&path);
    let applied = state.session.host.apply(Change::Close { path: path.clone() });
    let keep = state.session.in_workspace(&path) && state.session.settings().mode == Mode::Workspace;
    if !keep && !state.flags().pull {
        publish::clear(state, &path).await;
    }
    for u in applied.units {
        if keep || (Some(&u) != own.as_ref() && state.session.host.in_workspace(&u.root)) {
            schedule(state, u);
        }
    }
}
