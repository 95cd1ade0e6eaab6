//! Watched files, configuration and workspace folders: queued as they arrive, applied by the
//! owner. Changes that walk the disk run on a blocking thread while the owner waits, so they keep
//! their place among the other changes.

use crate::host::Change;
use crate::lsp::owner::{Msg, Owner};
use crate::lsp::server::Backend;
use crate::lsp::session::Settings;
use crate::lsp::state::State;
use crate::lsp::{from_proto, publish, scheduler};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

pub(crate) fn did_change_watched_files(b: &Backend, params: DidChangeWatchedFilesParams) {
    b.queue.send(Msg::Disk(from_proto::file_events(&params.changes)));
}

pub(crate) fn did_change_configuration(b: &Backend, params: DidChangeConfigurationParams) {
    b.queue.send(Msg::Configuration(params.settings));
}

pub(crate) fn did_change_workspace_folders(b: &Backend, params: DidChangeWorkspaceFoldersParams) {
    let paths = |f: &[WorkspaceFolder]| f.iter().filter_map(|f| from_proto::path(&f.uri)).collect();
    b.queue.send(Msg::Folders {
        added: paths(&params.event.added),
        removed: paths(&params.event.removed),
    });
}

// Applied by the owner.

/// Files changed on disk (`(still exists, path)`): forget what was cached and re-analyse the
/// units they belong to; a manifest or folder change re-discovers the workspace first. A unit
/// that left the workspace (its folder deleted, moved away, or no longer a plugin) is forgotten
/// and its diagnostics are cleared, so the editor never keeps what `check` would not report.
pub(crate) async fn disk_changed(state: &Arc<State>, changes: Vec<(bool, PathBuf)>) {
    let st = state.clone();
    let applied = tokio::task::spawn_blocking(move || st.session.host.apply(Change::Disk(changes)))
        .await
        .unwrap_or_default();
    publish::forget_gone(state, &applied).await;
    for u in applied.units {
        scheduler::schedule(state, u);
    }
}

/// Walks the workspace folders, then analyses every unit (in a task of its own).
pub(crate) async fn rediscover(state: &Arc<State>) {
    let st = state.clone();
    let applied = tokio::task::spawn_blocking(move || st.session.host.apply(Change::Rediscover))
        .await
        .unwrap_or_default();
    publish::forget_gone(state, &applied).await;
    tokio::spawn(scheduler::workspace_pass(state.clone()));
}

pub(crate) async fn folders_changed(state: &Arc<State>, added: Vec<PathBuf>, removed: Vec<PathBuf>) {
    let mut folders = state.session.host.folders();
    folders.retain(|f| !removed.contains(f));
    folders.extend(added);
    state.session.host.set_folders(folders);
    rediscover(state).await;
}

/// On `didChangeConfiguration`, the settings are pulled again (`workspace/configuration`) when
/// the client answers that; the answer comes back as [`Msg::Settings`] with `ticket`. Otherwise
/// the payload's `dify-lsp` section is the settings, returned to apply now.
pub(crate) fn configuration_changed(owner: &Owner, ticket: u64, payload: Value) -> Option<Value> {
    if !owner.state.flags().configuration {
        return Some(payload.get("dify-lsp").cloned().unwrap_or(payload));
    }
    let (client, queue) = (owner.state.client.clone(), owner.queue.clone());
    tokio::spawn(async move {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("dify-lsp".into()),
        };
        let value = match client.configuration(vec![item]).await {
            Ok(mut v) if !v.is_empty() => v.remove(0),
            _ => Value::Null,
        };
        Owner::send_later(&queue, Msg::Settings { ticket, value });
    });
    None
}

/// New settings: shown what is wrong with them, applied, and every unit analysed again.
pub(crate) async fn settings_changed(state: &Arc<State>, value: &Value) {
    for e in apply_settings(state, value) {
        let msg = format!("dify-lsp settings: {e}");
        state.client.show_message(MessageType::WARNING, msg).await;
    }
    for unit in state.session.known_units() {
        scheduler::schedule(state, unit);
    }
}

/// Applies settings (what is valid of them); returns what is not.
pub(crate) fn apply_settings(state: &State, value: &Value) -> Vec<String> {
    let (settings, errors) = Settings::from_json(value);
    state.session.host.apply(Change::Overrides(settings.overrides.clone()));
    *state.session.settings.write().unwrap_or_else(|e| e.into_inner()) = settings;
    errors
}
