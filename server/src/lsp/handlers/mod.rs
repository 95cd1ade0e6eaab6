//! The handlers, one module per area. Each trait method of [`super::server`] calls one function
//! here.
//!
//! * Notifications are plain functions (`fn`, not `async fn`): they convert their parameters and
//!   queue one [`Msg`](super::owner::Msg) for the owner; the owner calls back into the same
//!   module to apply it (the functions under "applied by the owner").
//! * Requests wait until the owner has applied every notification that came before them, then
//!   compute on a blocking thread over a snapshot ([`at`]). Those that show diagnostics take the
//!   unit's analysis from the scheduler ([`at_analysed`]); none runs the rules itself.

pub(crate) mod actions;
pub(crate) mod completion;
pub(crate) mod diagnostics;
pub(crate) mod hover;
pub(crate) mod lifecycle;
pub(crate) mod navigation;
pub(crate) mod text_document;
pub(crate) mod workspace;

use super::server::Backend;
use super::state::State;
use super::{from_proto, scheduler};
use crate::host::Snapshot;
use crate::project::{Files, Project, SourceFile};
use crate::rules;
use crate::syntax::Encoding;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Position, Uri};

/// Whether the request that started some work was cancelled. tower-lsp-server answers
/// `$/cancelRequest` by dropping the handler's future; work already handed to a blocking thread
/// runs on, so it checks this between its steps and stops early.
#[derive(Clone)]
pub(crate) struct Cancelled(Arc<AtomicBool>);

impl Cancelled {
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Held by the request's future: sets [`Cancelled`] when the future is dropped (answered or
/// cancelled; either way the work is no longer wanted).
pub(crate) struct OnDrop(Cancelled);

impl Drop for OnDrop {
    fn drop(&mut self) {
        self.0.0.store(true, Ordering::Relaxed);
    }
}

pub(crate) fn cancellation() -> (OnDrop, Cancelled) {
    let token = Cancelled(Arc::new(AtomicBool::new(false)));
    (OnDrop(token.clone()), token)
}

/// What a request about a position of a document computes with, on a blocking thread.
pub(crate) struct At {
    pub state: Arc<State>,
    pub snapshot: Snapshot,
    pub project: Project,
    pub file: Arc<SourceFile>,
    /// The byte offset of the position (0 without one).
    pub offset: usize,
    pub enc: Encoding,
    /// The file's diagnostics in the unit's analysis (for [`at_analysed`] only).
    pub diags: Vec<rules::Diagnostic>,
}

/// Runs `f` for a document position once every earlier notification is applied. `None` when the
/// URI names no file of a unit.
pub(crate) async fn at<R: Send + 'static>(
    b: &Backend,
    uri: &Uri,
    pos: Option<Position>,
    f: impl FnOnce(&At) -> R + Send + 'static,
) -> Result<Option<R>> {
    request(b, uri, pos, false, f).await
}

/// [`at`], with the file's diagnostics from the unit's analysis as of the request's arrival
/// (stored, or from the run the scheduler has in progress or starts: see [`scheduler::result_for`]).
pub(crate) async fn at_analysed<R: Send + 'static>(
    b: &Backend,
    uri: &Uri,
    pos: Option<Position>,
    f: impl FnOnce(&At) -> R + Send + 'static,
) -> Result<Option<R>> {
    request(b, uri, pos, true, f).await
}

async fn request<R: Send + 'static>(
    b: &Backend,
    uri: &Uri,
    pos: Option<Position>,
    analysed: bool,
    f: impl FnOnce(&At) -> R + Send + 'static,
) -> Result<Option<R>> {
    b.queue.caught_up().await;
    let Some(path) = from_proto::path(uri) else {
        return Ok(None);
    };
    let state = b.state.clone();
    let mut diags = Vec::new();
    if analysed && let Some(unit) = state.session.unit_of(&path) {
        let result = scheduler::result_for(&state, &unit).await;
        diags = result.and_then(|mut r| r.files.remove(&path)).unwrap_or_default();
    }
    let (_guard, cancelled) = cancellation();
    tokio::task::spawn_blocking(move || {
        if cancelled.is_set() {
            return None; // Cancelled before the work started.
        }
        let snapshot = state.session.host.snapshot();
        let unit = snapshot.unit_of(&path)?;
        let project = Project::load(&unit, snapshot.files());
        let file = snapshot.files().read(&path)?;
        let enc = state.enc();
        let offset = pos.map_or(0, |p| from_proto::offset(&file.text, &file.lines, p, enc));
        let at = At {
            state,
            snapshot,
            project,
            file,
            offset,
            enc,
            diags,
        };
        Some(f(&at))
    })
    .await
    .map_err(|_| Error::internal_error())
}
