//! Diagnostics delivery: pushing a unit's results (`publishDiagnostics`) with the document
//! versions they were computed for, clearing what left, the reports of pull requests, the refresh
//! of pull clients, and the messages about an analysis (failures, configuration errors).
//!
//! A result is pushed only while it is current: its unit still exists and its generation is still
//! the unit's (a newer change's run pushes instead). A file is pushed again only when its
//! diagnostics change, or, when open, for each new version (so the client knows they are current).

use super::session::{Mode, UnitResult};
use super::state::{State, lock};
use super::to_proto;
use crate::host::Applied;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tower_lsp_server::ls_types::{Diagnostic, FullDocumentDiagnosticReport, MessageType};

/// What was last pushed for a file, and for which document version.
struct Pushed {
    items: Vec<Diagnostic>,
    version: Option<i32>,
}

/// Per file (in path order, so a unit's files are contiguous): what was last pushed. One
/// publication at a time (`turn`): a unit's push, a close's clear or a gone unit's clear each
/// checks that it is still current once it has its turn, and no older push lands after it.
#[derive(Default)]
pub(crate) struct Published {
    files: Mutex<BTreeMap<PathBuf, Pushed>>,
    turn: tokio::sync::Mutex<()>,
}

impl Published {
    /// The files below `root` whose last push was not empty and that `keep` does not keep.
    fn shown_below(&self, root: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
        lock(&self.files)
            .range(root.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(root))
            .filter(|(p, pushed)| !pushed.items.is_empty() && !keep(p))
            .map(|(p, _)| p.clone())
            .collect()
    }
}

/// After a unit's run: tells what went wrong, then pushes the result if it is still current, or,
/// for a pull client, asks it to pull again. A result of generation 0 (a unit the host does not
/// track, analysed for a request) is not pushed: nothing would ever update or clear it.
pub(crate) async fn after_run(state: &State, result: &UnitResult) {
    report_failures(state, result).await;
    if state.session.generation(&result.unit) != result.generation || result.generation == 0 {
        tracing::debug!("run {} of {} superseded", result.generation, result.unit.root.display());
        return;
    }
    if state.flags().pull {
        refresh(state);
    } else {
        publish(state, result).await;
    }
}

/// Asks a pull client to pull again (in a task of its own: never await a client request).
pub(crate) fn refresh(state: &State) {
    if state.flags().refresh {
        let client = state.client.clone();
        tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
    }
}

/// Pushes the diagnostics of a unit's files: those that have some, and those that had (a file
/// that left the unit, deleted say, is cleared). A result whose unit changed since it was
/// computed is stale and not pushed: the run scheduled by the change pushes instead.
pub(crate) async fn publish(state: &State, result: &UnitResult) {
    let _turn = state.published.turn.lock().await;
    // A unit that is gone (its folder deleted or moved) while its analysis ran: pushing its
    // result would leave a ghost ("no manifest") that `check` never reports.
    if !state.session.is_live(&result.unit) {
        tracing::debug!("result for {} not pushed: the unit is gone", result.unit.root.display());
        return;
    }
    if state.session.generation(&result.unit) != result.generation {
        tracing::debug!(
            "stale result for {} (generation {}) not pushed",
            result.unit.root.display(),
            result.generation
        );
        return;
    }
    let root = &result.unit.root;
    let mut paths: Vec<PathBuf> = result.files.keys().cloned().collect();
    // A file of a unit nested in this one is that unit's to publish and clear.
    let gone = state.published.shown_below(root, |p| result.files.contains_key(p));
    paths.extend(gone.into_iter().filter(|p| owned_by(state, p, root)));
    for path in &paths {
        let open = state.session.is_open(path);
        let items = items(state, path, result);
        let version = result.versions.get(path).copied();
        let unchanged = match lock(&state.published.files).get(path) {
            Some(last) => last.items == items && (!open || last.version == version),
            None => items.is_empty() && !open,
        };
        if !unchanged {
            push(state, path, items, version).await;
        }
    }
}

/// Clears a file's diagnostics (a closed file whose diagnostics are no longer shown).
pub(crate) async fn clear(state: &State, path: &Path) {
    let _turn = state.published.turn.lock().await;
    push(state, path, Vec::new(), None).await;
}

async fn push(state: &State, path: &Path, items: Vec<Diagnostic>, version: Option<i32>) {
    let Some(uri) = to_proto::uri(path) else { return };
    tracing::debug!(
        "push {} ({} diagnostics, version {version:?})",
        path.display(),
        items.len()
    );
    let pushed = Pushed {
        items: items.clone(),
        version,
    };
    lock(&state.published.files).insert(path.to_path_buf(), pushed);
    state.client.publish_diagnostics(uri, items, version).await;
}

/// Whether `path`, below the unit folder `root`, is no nested workspace unit's: the deepest unit
/// owns a file.
fn owned_by(state: &State, path: &Path, root: &Path) -> bool {
    state
        .session
        .unit_of(path)
        .is_none_or(|u| u.root == root || !u.root.starts_with(root))
}

/// Clears the pushed diagnostics of every file below `root` (a unit that is gone).
async fn clear_below(state: &State, root: &Path) {
    let _turn = state.published.turn.lock().await;
    // A unit nested in the one gone is still there, with its diagnostics.
    let stale = state.published.shown_below(root, |_| false);
    for path in stale.into_iter().filter(|p| owned_by(state, p, root)) {
        push(state, &path, Vec::new(), state.session.doc_version(&path)).await;
    }
}

/// After a change that walked the workspace: tells the folders that could not be read, and
/// forgets the units that left it and clears their diagnostics.
pub(crate) async fn forget_gone(state: &State, applied: &Applied) {
    for f in &applied.unreadable {
        if state.first_time(format!("unreadable {f}")) {
            let msg = format!("dify-lsp: a folder cannot be read, so it is not checked: {f}");
            state.client.log_message(MessageType::WARNING, msg).await;
        }
    }
    for gone in &applied.gone {
        state.session.forget(gone);
        clear_below(state, &gone.root).await;
    }
}

/// Reports what went wrong around an analysis: a panicking rule family (logged), and a
/// configuration file that could not be used (shown once per distinct error).
pub(crate) async fn report_failures(state: &State, result: &UnitResult) {
    for f in &result.failures {
        state
            .client
            .log_message(MessageType::ERROR, format!("dify-lsp: {f}"))
            .await;
    }
    if let Some(e) = &result.config_error
        && state.first_time(e.clone())
    {
        let msg = format!("dify-lsp: {e}; the defaults apply until it is fixed");
        state.client.show_message(MessageType::ERROR, msg).await;
    }
}

/// The LSP diagnostics of a file in a result: none for a closed file in open-files-only mode.
pub(crate) fn items(state: &State, path: &Path, result: &UnitResult) -> Vec<Diagnostic> {
    let show = state.session.settings().mode == Mode::Workspace || state.session.is_open(path);
    let (enc, related) = (state.enc(), state.flags().related);
    match result.files.get(path) {
        Some(diags) if show => diags.iter().map(|d| to_proto::diagnostic(d, enc, related)).collect(),
        _ => Vec::new(),
    }
}

/// A file's pull report, with a stable id of its content (unchanged reports go as "unchanged").
pub(crate) fn report(state: &State, path: &Path, result: &UnitResult) -> FullDocumentDiagnosticReport {
    let items = items(state, path, result);
    FullDocumentDiagnosticReport {
        result_id: Some(result_id(&items)),
        items,
    }
}

fn result_id(items: &[Diagnostic]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(items).unwrap_or_default().hash(&mut h);
    format!("{:016x}", h.finish())
}
