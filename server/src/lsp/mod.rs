//! The LSP edge: a tower-lsp-server backend over the analysis core. The only module that knows
//! LSP types. Handlers mutate state before any `.await`, never await a client request inline, and
//! run analysis on blocking threads; results are published only if the unit did not change since.

mod convert;
mod guard;
pub mod session;
mod watch;

use crate::actions;
use crate::host::{Applied, Change, Snapshot, TextChange};
use crate::project::{Files, Unit};
use crate::rules;
use crate::syntax::Encoding;
use convert::{diagnostic, path_of, uri_of};
use serde_json::Value;
use session::{Mode, Session, Settings, UnitResult};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

const FIX_ALL: &str = "source.fixAll.dify-lsp";

/// What the client can do, read once at `initialize`.
#[derive(Clone, Copy, Debug, Default)]
struct ClientFlags {
    /// `documentChanges` with create and rename operations.
    resource_ops: bool,
    /// `codeAction/resolve` of the `edit` property (with `data` kept).
    resolve: bool,
    pull: bool,
    refresh: bool,
    related: bool,
    progress: bool,
    watch_dynamic: bool,
    configuration: bool,
}

/// What was last pushed for a file, and for which document version.
struct Pushed {
    items: Vec<Diagnostic>,
    version: Option<i32>,
}

/// A unit's analysis in flight: at most one per unit. The mark is taken off under the same lock
/// that a new change's task tests it with, so a change is never left unanalysed; and off when the
/// task unwinds, so a panic does not stop a unit's analysis for good.
struct InFlight {
    running: Arc<Mutex<std::collections::HashSet<PathBuf>>>,
    root: PathBuf,
    done: bool,
}

impl InFlight {
    fn start(running: &Arc<Mutex<std::collections::HashSet<PathBuf>>>, root: &Path) -> Option<InFlight> {
        lock(running).insert(root.to_path_buf()).then(|| InFlight {
            running: running.clone(),
            root: root.to_path_buf(),
            done: false,
        })
    }

    /// Ends the flight unless `again()` (asked under the lock) says another round is needed.
    fn finish_unless(&mut self, again: impl FnOnce() -> bool) -> bool {
        let mut running = lock(&self.running);
        if again() {
            return false;
        }
        running.remove(&self.root);
        self.done = true;
        true
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if !self.done {
            lock(&self.running).remove(&self.root);
        }
    }
}

/// What a position request runs with: a snapshot of the inputs, and the session for the stored
/// analyses.
struct At {
    snapshot: Snapshot,
    session: Arc<Session>,
}

#[derive(Clone)]
pub struct Backend {
    client: Client,
    session: Arc<Session>,
    flags: Arc<OnceLock<ClientFlags>>,
    encoding: Arc<OnceLock<Encoding>>,
    /// Per file: the last pushed diagnostics and the document version they were for. A file is
    /// pushed again only when they change, or, when open, for each new version (so the client
    /// knows they are current).
    published: Arc<Mutex<BTreeMap<PathBuf, Pushed>>>,
    /// Units with an analysis in flight.
    running: Arc<Mutex<std::collections::HashSet<PathBuf>>>,
    /// Messages already shown to the user (configuration errors).
    shown: Arc<Mutex<std::collections::HashSet<String>>>,
    /// The server-side watcher, when the client does not watch files.
    watcher: Arc<Mutex<Option<watch::ServerWatcher>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            session: Arc::new(Session::default()),
            flags: Arc::new(OnceLock::new()),
            encoding: Arc::new(OnceLock::new()),
            published: Arc::new(Mutex::new(BTreeMap::new())),
            running: Arc::new(Mutex::new(std::collections::HashSet::new())),
            watcher: Arc::new(Mutex::new(None)),
            shown: Arc::new(Mutex::new(std::collections::HashSet::new())),
        }
    }

    fn flags(&self) -> ClientFlags {
        self.flags.get().copied().unwrap_or_default()
    }

    fn enc(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    /// Analyses a unit after a change. One analysis per unit runs at a time: changes that arrive
    /// while it runs are picked up by one more round once it ends, so a burst of keystrokes costs
    /// at most two analyses and the first keystroke is answered without waiting. An optional
    /// debounce (`debounceMs`) delays the start, and a change within it supersedes the wait.
    fn schedule(&self, unit: Unit) {
        let generation = self.session.generation(&unit);
        let this = self.clone();
        let debounce = Duration::from_millis(self.session.settings().debounce_ms);
        tokio::spawn(async move {
            if !debounce.is_zero() {
                tokio::time::sleep(debounce).await;
                if this.session.generation(&unit) != generation {
                    return; // A newer change waits its own debounce.
                }
            }
            let Some(mut flight) = InFlight::start(&this.running, &unit.root) else {
                return; // The analysis in flight sees the new generation and runs again.
            };
            loop {
                if !this.session.is_live(&unit) {
                    break; // Deleted meanwhile: re-discovery cleared it.
                }
                let generation = this.session.generation(&unit);
                this.run(unit.clone(), generation).await;
                if flight.finish_unless(|| this.session.generation(&unit) != generation) {
                    break;
                }
            }
        });
    }

    async fn analyze(&self, unit: &Unit) -> Option<UnitResult> {
        let session = self.session.clone();
        let u = unit.clone();
        match tokio::task::spawn_blocking(move || session.current(&u)).await {
            Ok(r) => {
                self.log_failures(&r).await;
                Some(r)
            }
            Err(e) => {
                let msg = format!("dify-lsp: analysis of {} failed: {e}", unit.root.display());
                tracing::error!("{msg}");
                self.client.log_message(MessageType::ERROR, msg).await;
                None
            }
        }
    }

    /// Runs `f` on a blocking thread with the unit's project, the file and the offset of `pos`.
    async fn at<R: Send + 'static>(
        &self,
        uri: &Uri,
        pos: Option<Position>,
        f: impl FnOnce(&crate::project::Project, &std::sync::Arc<crate::project::SourceFile>, usize, &At) -> R
        + Send
        + 'static,
    ) -> Result<Option<R>> {
        let Some(path) = path_of(uri) else { return Ok(None) };
        let session = self.session.clone();
        let enc = self.enc();
        tokio::task::spawn_blocking(move || {
            let snapshot = session.host.snapshot();
            let unit = snapshot.unit_of(&path)?;
            let project = crate::project::Project::load(&unit, snapshot.files());
            let file = snapshot.files().read(&path)?;
            let offset = pos.map_or(0, |p| convert::offset(&file.text, &file.lines, p, enc));
            Some(f(&project, &file, offset, &At { snapshot, session }))
        })
        .await
        .map_err(|_| Error::internal_error())
    }

    fn location(&self, l: &crate::ide::Location) -> Option<Location> {
        let uri = uri_of(&l.path)?;
        let range = match self.session.host.files().read(&l.path) {
            Some(f) => convert::range(&f, l.span, self.enc()),
            None => Range::default(),
        };
        Some(Location { uri, range })
    }

    /// The code actions for a range of a document: quick fixes of the diagnostics in it, the
    /// snippets of a Python tool file, and fix-all; each with its LSP kind and its edit.
    async fn actions_at(&self, uri: &Uri, range: Range) -> Result<Vec<(CodeAction, CodeActionKind)>> {
        let Some(path) = path_of(uri) else {
            return Ok(Vec::new());
        };
        let Some(unit) = self.session.unit_of(&path) else {
            return Ok(Vec::new());
        };
        let enc = self.enc();
        let session = self.session.clone();
        let p = path.clone();
        let root = unit.root.clone();
        let (found, fix_all) = tokio::task::spawn_blocking(move || {
            let result = session.current(&unit);
            let snapshot = session.host.snapshot();
            let files = snapshot.files();
            let project = crate::project::Project::load(&unit, files);
            let file = files.read(&p);
            let diags: Vec<rules::Diagnostic> = result.files.get(&p).cloned().unwrap_or_default();
            let (start, end) = match &file {
                Some(f) => (
                    convert::offset(&f.text, &f.lines, range.start, enc),
                    convert::offset(&f.text, &f.lines, range.end, enc),
                ),
                None => (0, 0),
            };
            let mut found: Vec<(actions::Action, Option<rules::Diagnostic>)> = Vec::new();
            for d in diags.iter().filter(|d| d.span.start <= end && start <= d.span.end) {
                found.extend(
                    actions::quick_fixes(d, &project, files)
                        .into_iter()
                        .map(|a| (a, Some(d.clone()))),
                );
            }
            if let Some(f) = file.as_ref().filter(|f| f.path.extension().is_some_and(|e| e == "py")) {
                found.extend(actions::snippets(f, &project, files).into_iter().map(|a| (a, None)));
            }
            let fix_all = actions::fix_all(&diags, &project, files, &p);
            (found, fix_all)
        })
        .await
        .map_err(|_| Error::internal_error())?;
        let mut out = Vec::new();
        for (action, diag) in found {
            let kind = match action.kind {
                actions::Kind::QuickFix => CodeActionKind::QUICKFIX,
                actions::Kind::Rewrite => CodeActionKind::REFACTOR_REWRITE,
                actions::Kind::Insert => CodeActionKind::new("refactor.insert"),
            };
            let Some(edit) = self.workspace_edit(&root, &action.changes) else {
                continue;
            };
            let code_action = CodeAction {
                title: action.title,
                kind: Some(kind.clone()),
                diagnostics: diag.map(|d| vec![diagnostic(&d, enc, self.flags().related)]),
                edit: Some(edit),
                is_preferred: action.preferred.then_some(true),
                ..Default::default()
            };
            out.push((code_action, kind));
        }
        if !fix_all.is_empty() {
            let changes: Vec<actions::Change> = fix_all
                .into_iter()
                .map(|(span, text)| actions::Change::Edit {
                    path: path.clone(),
                    span,
                    text,
                })
                .collect();
            if let Some(edit) = self.workspace_edit(&root, &changes) {
                let kind = CodeActionKind::new(FIX_ALL);
                let title = "Fix all auto-fixable dify-lsp problems".to_string();
                out.push((
                    CodeAction {
                        title,
                        kind: Some(kind.clone()),
                        edit: Some(edit),
                        ..Default::default()
                    },
                    kind,
                ));
            }
        }
        Ok(out)
    }

    /// The `WorkspaceEdit` of a list of changes, or `None` when it creates or renames files and
    /// the client cannot, or when any change leaves the unit at `root` (the last guard of the
    /// plugin boundary before an edit reaches the editor).
    fn workspace_edit(&self, root: &Path, changes: &[actions::Change]) -> Option<WorkspaceEdit> {
        let files = &self.session.host.files();
        let confined = changes.iter().all(|c| match c {
            actions::Change::Edit { path, .. } | actions::Change::Create { path, .. } => {
                actions::may_change(root, files, path)
            }
            actions::Change::Rename { from, to } => {
                actions::may_change(root, files, from) && actions::may_change(root, files, to)
            }
        });
        if !confined {
            return None;
        }
        let enc = self.enc();
        let needs_ops = changes.iter().any(|c| !matches!(c, actions::Change::Edit { .. }));
        if needs_ops && !self.flags().resource_ops {
            return None;
        }
        let text_edit = |path: &Path, span: crate::syntax::Span, text: &str| -> Option<TextEdit> {
            let file = files.read(path)?;
            Some(TextEdit {
                range: convert::range(&file, span, enc),
                new_text: text.to_string(),
            })
        };
        if !needs_ops && !self.flags().resource_ops {
            let mut map: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for c in changes {
                if let actions::Change::Edit { path, span, text } = c {
                    map.entry(uri_of(path)?)
                        .or_default()
                        .push(text_edit(path, *span, text)?);
                }
            }
            return Some(WorkspaceEdit {
                changes: Some(map),
                ..Default::default()
            });
        }
        let mut ops = Vec::new();
        for c in changes {
            match c {
                actions::Change::Edit { path, span, text } => {
                    ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri: uri_of(path)?,
                            version: self.session.doc_version(path),
                        },
                        edits: vec![OneOf::Left(text_edit(path, *span, text)?)],
                    }))
                }
                actions::Change::Create { path, text } => {
                    let uri = uri_of(path)?;
                    ops.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                        uri: uri.clone(),
                        options: Some(CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(true),
                        }),
                        annotation_id: None,
                    })));
                    let at = Position { line: 0, character: 0 };
                    ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                        edits: vec![OneOf::Left(TextEdit {
                            range: Range { start: at, end: at },
                            new_text: text.clone(),
                        })],
                    }));
                }
                actions::Change::Rename { from, to } => {
                    ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(RenameFile {
                        old_uri: uri_of(from)?,
                        new_uri: uri_of(to)?,
                        options: Some(RenameFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(false),
                        }),
                        annotation_id: None,
                    })))
                }
            }
        }
        Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(ops)),
            ..Default::default()
        })
    }

    /// Reports what went wrong around an analysis: a panicking rule family (logged), and a
    /// configuration file that could not be used (shown once per distinct error).
    async fn log_failures(&self, result: &UnitResult) {
        for f in &result.failures {
            self.client
                .log_message(MessageType::ERROR, format!("dify-lsp: {f}"))
                .await;
        }
        if let Some(e) = &result.config_error
            && lock(&self.shown).insert(e.clone())
        {
            let msg = format!("dify-lsp: {e}; the defaults apply until it is fixed");
            self.client.show_message(MessageType::ERROR, msg).await;
        }
    }

    async fn run(&self, unit: Unit, generation: u64) {
        let Some(result) = self.analyze(&unit).await else {
            return;
        };
        if self.session.generation(&unit) != generation {
            tracing::debug!("run {generation} of {} superseded", unit.root.display());
            return; // A newer change is scheduled; its run publishes.
        }
        if self.flags().pull {
            if self.flags().refresh {
                let client = self.client.clone();
                tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
            }
            return;
        }
        self.publish(&result).await;
    }

    /// Pushes the diagnostics of a unit's files: those that have some, and those that had (a file
    /// that left the unit, deleted say, is cleared). A result whose unit changed since it was
    /// computed is stale and not pushed: the run scheduled by the change pushes instead.
    async fn publish(&self, result: &UnitResult) {
        // A unit that is gone (its folder deleted or moved) while its analysis ran: pushing its
        // result would leave a ghost ("no manifest") that `check` never reports.
        if !self.session.is_live(&result.unit) {
            tracing::debug!("result for {} not pushed: the unit is gone", result.unit.root.display());
            return;
        }
        if self.session.generation(&result.unit) != result.generation {
            tracing::debug!(
                "stale result for {} (generation {}) not pushed",
                result.unit.root.display(),
                result.generation
            );
            return;
        }
        let mut paths: Vec<PathBuf> = result.files.keys().cloned().collect();
        // The unit's files are contiguous in the path order: no scan of the whole workspace.
        let gone: Vec<PathBuf> = lock(&self.published)
            .range(result.unit.root.clone()..)
            .take_while(|(p, _)| p.starts_with(&result.unit.root))
            .filter(|(p, pushed)| !pushed.items.is_empty() && !result.files.contains_key(*p))
            .map(|(p, _)| p.clone())
            .collect();
        // A file of a unit nested in this one is that unit's to publish and clear.
        paths.extend(gone.into_iter().filter(|p| self.owned_by(p, &result.unit.root)));
        for path in &paths {
            let open = self.session.is_open(path);
            let items = self.items(path, result);
            let version = result.versions.get(path).copied();
            let unchanged = match lock(&self.published).get(path) {
                Some(last) => last.items == items && (!open || last.version == version),
                None => items.is_empty() && !open,
            };
            if !unchanged {
                self.push(path, items, version).await;
            }
        }
    }

    async fn push(&self, path: &Path, items: Vec<Diagnostic>, version: Option<i32>) {
        let Some(uri) = uri_of(path) else { return };
        tracing::debug!(
            "push {} ({} diagnostics, version {version:?})",
            path.display(),
            items.len()
        );
        let pushed = Pushed {
            items: items.clone(),
            version,
        };
        lock(&self.published).insert(path.to_path_buf(), pushed);
        self.client.publish_diagnostics(uri, items, version).await;
    }

    /// Analyses every unit of the workspace, with work-done progress when the client shows it.
    async fn analyze_workspace(&self) {
        let session = self.session.clone();
        let applied = tokio::task::spawn_blocking(move || session.host.apply(Change::Rediscover))
            .await
            .unwrap_or_default();
        self.forget_gone(&applied).await;
        let units = self.session.host.workspace_units();
        let progress = if self.flags().progress {
            let token = NumberOrString::String(format!("dify-lsp/analysis/{}", self.client.next_request_id()));
            match self.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(
                    self.client
                        .progress(token, "dify-lsp")
                        .with_message(format!("analysing {} providers", units.len()))
                        .with_percentage(0)
                        .begin()
                        .await,
                ),
                Err(_) => None,
            }
        } else {
            None
        };
        for (i, chunk) in units.chunks(16).enumerate() {
            let session = self.session.clone();
            let chunk: Vec<Unit> = chunk.to_vec();
            let results = tokio::task::spawn_blocking(move || {
                use rayon::prelude::*;
                chunk.par_iter().map(|u| session.current(u)).collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            for result in &results {
                self.log_failures(result).await;
                if !self.flags().pull {
                    self.publish(result).await;
                }
            }
            if let Some(p) = &progress {
                let done = ((i + 1) * 16).min(units.len());
                p.report_with_message(
                    format!("{done}/{} providers", units.len()),
                    (done * 100 / units.len().max(1)) as u32,
                )
                .await;
            }
        }
        if let Some(p) = progress {
            p.finish_with_message(format!("{} providers analysed", units.len()))
                .await;
        }
        if self.flags().pull && self.flags().refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
    }

    /// Registers the client's file watchers, or starts the server's own when the client cannot.
    /// The server's watcher walks the workspace before it watches, on a thread of its own, so
    /// that the first analysis does not wait for it.
    async fn register_watchers(&self) {
        if !self.flags().watch_dynamic {
            let this = self.clone();
            tokio::spawn(async move {
                let session = this.session.clone();
                let roots = move || session.host.folders();
                let runtime = tokio::runtime::Handle::current();
                let started =
                    tokio::task::spawn_blocking(move || watch::start(roots, Duration::from_millis(30), runtime));
                let Ok((watcher, mut events)) = started.await else {
                    return;
                };
                *lock(&this.watcher) = Some(watcher);
                while let Some(event) = events.recv().await {
                    match event {
                        watch::WatchEvent::Changed(batch) => {
                            let changes = batch.into_iter().map(|p| (p.exists(), p)).collect();
                            this.files_changed(changes).await;
                        }
                        watch::WatchEvent::Log(level, text) => this.client.log_message(level, text).await,
                        watch::WatchEvent::Warn(text) => this.client.show_message(MessageType::WARNING, text).await,
                    }
                }
            });
            return;
        }
        let watchers = [
            "**/*.yaml",
            "**/*.yml",
            "**/*.py",
            "**/*.toml",
            "**/requirements.txt",
            "**/.gitignore",
            "**/_assets/**",
        ]
        .into_iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String(g.to_string()),
            kind: None,
        })
        .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "dify-lsp-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("could not register file watchers: {e}");
        }
    }

    /// Files changed on disk (`(still exists, path)`): forget what was cached and re-analyse the
    /// units they belong to; a manifest or folder change re-discovers the workspace first. A unit
    /// that left the workspace (its folder deleted, moved away, or no longer a plugin) is forgotten
    /// and its diagnostics are cleared, so the editor never keeps what `check` would not report.
    async fn files_changed(&self, changes: Vec<(bool, PathBuf)>) {
        let session = self.session.clone();
        let applied = tokio::task::spawn_blocking(move || session.host.apply(Change::Disk(changes)))
            .await
            .unwrap_or_default();
        self.forget_gone(&applied).await;
        for u in applied.units {
            self.schedule(u);
        }
    }

    /// After a change that walked the workspace: tells the folders that could not be read, and
    /// clears the diagnostics of the units that left it.
    async fn forget_gone(&self, applied: &Applied) {
        self.tell_unreadable(applied.unreadable.iter().map(|u| u.to_string()).collect())
            .await;
        for gone in &applied.gone {
            self.session.forget(gone);
            self.clear_published(&gone.root).await;
        }
    }

    /// Logs each folder discovery could not read, once: what is in it is neither checked nor watched.
    async fn tell_unreadable(&self, folders: Vec<String>) {
        for f in folders {
            if lock(&self.shown).insert(format!("unreadable {f}")) {
                let msg = format!("dify-lsp: a folder cannot be read, so it is not checked: {f}");
                self.client.log_message(MessageType::WARNING, msg).await;
            }
        }
    }

    /// Whether `path`, below the unit folder `root`, is no nested workspace unit's: the deepest
    /// unit owns a file.
    fn owned_by(&self, path: &Path, root: &Path) -> bool {
        self.session
            .unit_of(path)
            .is_none_or(|u| u.root == root || !u.root.starts_with(root))
    }

    /// Clears the pushed diagnostics of every file below `root` (a unit that is gone).
    async fn clear_published(&self, root: &Path) {
        let stale: Vec<PathBuf> = lock(&self.published)
            .range(root.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(root))
            .filter(|(_, pushed)| !pushed.items.is_empty())
            .map(|(p, _)| p.clone())
            .collect();
        // A unit nested in the one gone is still there, with its diagnostics.
        for path in stale.into_iter().filter(|p| self.owned_by(p, root)) {
            self.push(&path, Vec::new(), self.session.doc_version(&path)).await;
        }
    }

    async fn apply_settings(&self, value: &Value) {
        let (settings, errors) = Settings::from_json(value);
        for e in errors {
            self.client
                .show_message(MessageType::WARNING, format!("dify-lsp settings: {e}"))
                .await;
        }
        self.session.host.apply(Change::Overrides(settings.overrides.clone()));
        *self.session.settings.write().unwrap_or_else(|e| e.into_inner()) = settings;
    }

    fn reanalyze_all(&self) {
        for unit in self.session.known_units() {
            self.schedule(unit);
        }
    }

    /// The LSP diagnostics of a file in a result: none for a closed file in open-files-only mode.
    fn items(&self, path: &Path, result: &UnitResult) -> Vec<Diagnostic> {
        let show = self.session.settings().mode == Mode::Workspace || self.session.is_open(path);
        let (enc, related) = (self.enc(), self.flags().related);
        match result.files.get(path) {
            Some(diags) if show => diags.iter().map(|d| diagnostic(d, enc, related)).collect(),
            _ => Vec::new(),
        }
    }

    fn report(&self, path: &Path, result: &UnitResult) -> FullDocumentDiagnosticReport {
        let items = self.items(path, result);
        let id = result_id(&items);
        FullDocumentDiagnosticReport {
            result_id: Some(id),
            items,
        }
    }
}

/// A stable id of a report's content, so that unchanged reports are sent as "unchanged".
fn result_id(items: &[Diagnostic]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(items).unwrap_or_default().hash(&mut h);
    format!("{:016x}", h.finish())
}

fn flags_of(caps: &ClientCapabilities) -> ClientFlags {
    let td = caps.text_document.as_ref();
    let ws = caps.workspace.as_ref();
    let refresh = ws
        .and_then(|w| w.diagnostics.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    ClientFlags {
        // Pull only when the client also takes refresh requests: otherwise an edit of a tool YAML
        // could not update the diagnostics of its (open, unchanged) Python file. Neovim 0.11 pulls
        // but has no refresh support, so it gets pushed diagnostics.
        pull: td.and_then(|t| t.diagnostic.as_ref()).is_some() && refresh,
        refresh,
        related: td
            .and_then(|t| t.publish_diagnostics.as_ref())
            .and_then(|p| p.related_information)
            .unwrap_or(false)
            || td
                .and_then(|t| t.diagnostic.as_ref())
                .and_then(|d| d.related_document_support)
                .is_some(),
        progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
        watch_dynamic: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
        resolve: td.and_then(|t| t.code_action.as_ref()).is_some_and(|c| {
            c.data_support == Some(true)
                && c.resolve_support
                    .as_ref()
                    .is_some_and(|r| r.properties.iter().any(|p| p == "edit"))
        }),
        resource_ops: ws.and_then(|w| w.workspace_edit.as_ref()).is_some_and(|e| {
            e.document_changes == Some(true)
                && e.resource_operations.as_ref().is_some_and(|ops| {
                    ops.contains(&ResourceOperationKind::Create) && ops.contains(&ResourceOperationKind::Rename)
                })
        }),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let flags = flags_of(&params.capabilities);
        let enc = convert::negotiate(&params.capabilities);
        let _ = self.flags.set(flags);
        let _ = self.encoding.set(enc);
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| path_of(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(path_of));
        }
        self.session.host.set_folders(folders);
        if let Some(opts) = &params.initialization_options {
            self.apply_settings(opts).await;
        }
        let diagnostic_provider = flags.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("dify-lsp".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                diagnostic_provider,
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["\"".into(), "'".into(), ":".into(), " ".into()]),
                    ..Default::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::REFACTOR_REWRITE,
                        CodeActionKind::new("refactor.insert"),
                        CodeActionKind::new(FIX_ALL),
                    ]),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                    resolve_provider: flags.resolve.then_some(true),
                })),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "dify-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let this = self.clone();
        tokio::spawn(async move {
            this.register_watchers().await;
            this.analyze_workspace().await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        SHUT_DOWN.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        let applied = self.session.host.apply(Change::Open {
            path,
            text: params.text_document.text,
            version: params.text_document.version,
        });
        for u in applied.units {
            self.schedule(u);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        if !self.session.is_open(&path) {
            tracing::warn!("didChange for a document that is not open: {}", path.display());
            return;
        }
        let changes = params
            .content_changes
            .into_iter()
            .map(|c| TextChange {
                range: c
                    .range
                    .map(|r| ((r.start.line, r.start.character), (r.end.line, r.end.character))),
                text: c.text,
            })
            .collect();
        let applied = self.session.host.apply(Change::Edit {
            path,
            version: params.text_document.version,
            changes,
            encoding: self.enc(),
        });
        for u in applied.units {
            self.schedule(u);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = path_of(&params.text_document.uri) {
            self.session.host.apply(Change::Saved { path });
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        let own = self.session.unit_of(&path);
        let applied = self.session.host.apply(Change::Close { path: path.clone() });
        let keep = self.session.in_workspace(&path) && self.session.settings().mode == Mode::Workspace;
        if !keep && !self.flags().pull {
            self.push(&path, Vec::new(), None).await;
        }
        // The closed file's unit is analysed again only when its diagnostics stay shown; the
        // providers reading its tool names (the disk's now) always are.
        for u in applied.units {
            if keep || (Some(&u) != own.as_ref() && self.session.host.in_workspace(&u.root)) {
                self.schedule(u);
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changes = params
            .changes
            .iter()
            .filter_map(|c| path_of(&c.uri).map(|p| (c.typ != FileChangeType::DELETED, p)))
            .collect();
        self.files_changed(changes).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let this = self.clone();
        tokio::spawn(async move {
            let value = if this.flags().configuration {
                let item = ConfigurationItem {
                    scope_uri: None,
                    section: Some("dify-lsp".into()),
                };
                match this.client.configuration(vec![item]).await {
                    Ok(mut v) if !v.is_empty() => v.remove(0),
                    _ => Value::Null,
                }
            } else {
                params.settings.get("dify-lsp").cloned().unwrap_or(params.settings)
            };
            this.apply_settings(&value).await;
            this.reanalyze_all();
        });
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut folders = self.session.host.folders();
            let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(|f| path_of(&f.uri)).collect();
            folders.retain(|f| !removed.contains(f));
            folders.extend(params.event.added.iter().filter_map(|f| path_of(&f.uri)));
            self.session.host.set_folders(folders);
        }
        let this = self.clone();
        tokio::spawn(async move { this.analyze_workspace().await });
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let path = path_of(&params.text_document.uri).ok_or_else(|| Error::invalid_params("not a file URI"))?;
        let Some(unit) = self.session.unit_of(&path) else {
            return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                Default::default(),
            )));
        };
        let session = self.session.clone();
        let u = unit.clone();
        let result = tokio::task::spawn_blocking(move || session.current(&u))
            .await
            .map_err(|e| {
                tracing::error!("analysis of {} failed: {e}", unit.root.display());
                Error::internal_error()
            })?;
        let report = self.report(&path, &result);
        let mut related = HashMap::new();
        for other in result.files.keys().filter(|p| **p != path) {
            if let Some(uri) = uri_of(other) {
                related.insert(uri, DocumentDiagnosticReportKind::Full(self.report(other, &result)));
            }
        }
        if params.previous_result_id.is_some() && params.previous_result_id == report.result_id {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: Some(related),
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: report.result_id.unwrap_or_default(),
                    },
                }),
            ));
        }
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: Some(related),
                full_document_diagnostic_report: report,
            },
        )))
    }

    async fn workspace_diagnostic(&self, params: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: HashMap<Uri, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        let session = self.session.clone();
        let results = tokio::task::spawn_blocking(move || {
            session
                .known_units()
                .iter()
                .map(|u| session.current(u))
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|_| Error::internal_error())?;
        let mut items = Vec::new();
        for result in &results {
            for path in result.files.keys() {
                let Some(uri) = uri_of(path) else { continue };
                let report = self.report(path, result);
                let version = self.session.doc_version(path).map(i64::from);
                let id = report.result_id.clone().unwrap_or_default();
                if previous.get(&uri) == Some(&id) {
                    items.push(WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri,
                            version,
                            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id: id },
                        },
                    ));
                } else {
                    items.push(WorkspaceDocumentDiagnosticReport::Full(
                        WorkspaceFullDocumentDiagnosticReport {
                            uri,
                            version,
                            full_document_diagnostic_report: report,
                        },
                    ));
                }
            }
        }
        Ok(WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport {
            items,
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let only = params.context.only.clone();
        let wants = |kind: &CodeActionKind| {
            only.as_ref().is_none_or(|o| {
                o.iter()
                    .any(|k| kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str())))
            })
        };
        let resolve = self.flags().resolve;
        let mut out = Vec::new();
        for (action, kind) in self.actions_at(&params.text_document.uri, params.range).await? {
            if !wants(&kind) {
                continue;
            }
            if resolve {
                // The edit comes with codeAction/resolve; `data` says how to find it again.
                let mut a = action;
                if a.edit.take().is_some() {
                    a.data = Some(
                        serde_json::json!({"uri": params.text_document.uri, "range": params.range, "title": a.title}),
                    );
                }
                out.push(CodeActionOrCommand::CodeAction(a));
            } else {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
        }
        Ok(Some(out))
    }

    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let data = action.data.clone().unwrap_or(Value::Null);
        let uri: Option<Uri> = data.get("uri").and_then(|u| serde_json::from_value(u.clone()).ok());
        let range: Option<Range> = data.get("range").and_then(|r| serde_json::from_value(r.clone()).ok());
        let (Some(uri), Some(range)) = (uri, range) else {
            return Ok(action);
        };
        let title = data
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or(&action.title)
            .to_string();
        if let Some((found, _)) = self
            .actions_at(&uri, range)
            .await?
            .into_iter()
            .find(|(a, _)| a.title == title)
        {
            action.edit = found.edit;
        }
        Ok(action)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let pos = params.text_document_position_params;
        let enc = self.enc();
        let found = self
            .at(
                &pos.text_document.uri,
                Some(pos.position),
                move |project, file, offset, at| {
                    let result = at.session.current(&project.unit);
                    let here: Vec<rules::Diagnostic> = result
                        .files
                        .get(&file.path)
                        .into_iter()
                        .flatten()
                        .filter(|d| d.span.contains(offset))
                        .cloned()
                        .collect();
                    let mut parts: Vec<String> = here
                        .iter()
                        .map(|d| {
                            format!(
                                "**{}** `{}` — {}\n\n{}\n\n*Enforced by:* {}",
                                d.rule.code, d.rule.name, d.rule.summary, d.rule.doc, d.rule.source
                            )
                        })
                        .collect();
                    let mut span = here.first().map(|d| d.span);
                    if let Some((text, s)) = crate::ide::hover(project, file, offset) {
                        parts.insert(0, text);
                        span = Some(s);
                    }
                    (parts, span.map(|s| convert::range(file, s, enc)))
                },
            )
            .await?;
        let Some((parts, range)) = found else { return Ok(None) };
        if parts.is_empty() {
            return Ok(None);
        }
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let pos = params.text_document_position;
        let enc = self.enc();
        let items = self
            .at(
                &pos.text_document.uri,
                Some(pos.position),
                move |project, file, offset, at| {
                    // The unit's configuration (its file and the editor's overrides), as diagnostics see it.
                    let target = at.snapshot.config(&project.unit).config.target_dify_version;
                    crate::ide::complete(project, at.snapshot.files(), file, offset, target.as_ref())
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| CompletionItem {
                            label: c.label,
                            kind: Some(match c.kind {
                                crate::ide::ItemKind::Key => CompletionItemKind::PROPERTY,
                                crate::ide::ItemKind::Value => CompletionItemKind::ENUM_MEMBER,
                                crate::ide::ItemKind::File => CompletionItemKind::FILE,
                                crate::ide::ItemKind::Snippet => CompletionItemKind::SNIPPET,
                                crate::ide::ItemKind::Name => CompletionItemKind::VARIABLE,
                            }),
                            detail: c.detail,
                            documentation: c.doc.map(|d| {
                                Documentation::MarkupContent(MarkupContent {
                                    kind: MarkupKind::Markdown,
                                    value: d,
                                })
                            }),
                            sort_text: Some(format!("{i:04}")),
                            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                                range: convert::range(file, c.replace, enc),
                                new_text: c.insert,
                            })),
                            ..Default::default()
                        })
                        .collect::<Vec<_>>()
                },
            )
            .await?;
        Ok(items.map(CompletionResponse::Array))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let pos = params.text_document_position_params;
        let locs = self
            .at(
                &pos.text_document.uri,
                Some(pos.position),
                |project, file, offset, _| crate::ide::definition(project, file, offset),
            )
            .await?;
        let locs: Vec<Location> = locs
            .unwrap_or_default()
            .iter()
            .filter_map(|l| self.location(l))
            .collect();
        Ok((!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let pos = params.text_document_position;
        let decl = params.context.include_declaration;
        let locs = self
            .at(
                &pos.text_document.uri,
                Some(pos.position),
                move |project, file, offset, _| crate::ide::references(project, file, offset, decl),
            )
            .await?;
        Ok(locs.map(|v| v.iter().filter_map(|l| self.location(l)).collect()))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let enc = self.enc();
        let found = self
            .at(
                &params.text_document.uri,
                Some(params.position),
                move |project, file, offset, _| {
                    crate::ide::rename(project, file, offset, None).map(|(span, _)| {
                        let inner = if file.path.extension().is_some_and(|e| e == "py") {
                            crate::syntax::Span::new(span.start + 1, span.end - 1)
                        } else {
                            span
                        };
                        (convert::range(file, inner, enc), file.slice(inner).to_string())
                    })
                },
            )
            .await?;
        Ok(found
            .flatten()
            .map(|(range, placeholder)| PrepareRenameResponse::RangeWithPlaceholder { range, placeholder }))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let pos = params.text_document_position;
        let new = params.new_name.clone();
        let valid = !new.is_empty() && new.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(Error::invalid_params(format!(
                "`{new}` is not a valid parameter or credential name"
            )));
        }
        let changes = self
            .at(
                &pos.text_document.uri,
                Some(pos.position),
                move |project, file, offset, _| {
                    crate::ide::rename(project, file, offset, Some(&new)).map(|(_, c)| (project.unit.root.clone(), c))
                },
            )
            .await?;
        Ok(changes.flatten().and_then(|(root, c)| self.workspace_edit(&root, &c)))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let enc = self.enc();
        let syms = self
            .at(&params.text_document.uri, None, move |_, file, _, _| {
                fn convert_all(
                    file: &crate::project::SourceFile,
                    syms: Vec<crate::ide::Symbol>,
                    enc: Encoding,
                ) -> Vec<DocumentSymbol> {
                    syms.into_iter()
                        .map(|s| {
                            #[allow(deprecated)]
                            DocumentSymbol {
                                name: if s.name.is_empty() { "?".into() } else { s.name },
                                detail: s.detail,
                                kind: match s.kind {
                                    "class" => SymbolKind::CLASS,
                                    "method" => SymbolKind::METHOD,
                                    "item" => SymbolKind::OBJECT,
                                    _ => SymbolKind::PROPERTY,
                                },
                                tags: None,
                                deprecated: None,
                                range: convert::range(file, s.span, enc),
                                selection_range: convert::range(file, s.selection, enc),
                                children: Some(convert_all(file, s.children, enc)),
                            }
                        })
                        .collect()
                }
                convert_all(file, crate::ide::symbols(file), enc)
            })
            .await?;
        Ok(syms.map(DocumentSymbolResponse::Nested))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let enc = self.enc();
        let links = self
            .at(&params.text_document.uri, None, move |project, file, _, _| {
                crate::ide::links(project, file)
                    .into_iter()
                    .map(|(span, path)| DocumentLink {
                        range: convert::range(file, span, enc),
                        target: uri_of(&path),
                        tooltip: Some(path.display().to_string()),
                        data: None,
                    })
                    .collect::<Vec<_>>()
            })
            .await?;
        Ok(links)
    }
}

/// Whether the client asked for `shutdown` before the connection ended.
static SHUT_DOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Serves LSP over stdin/stdout until the client exits. Returns the process exit code the
/// protocol asks for: 0 after `shutdown`, 1 when `exit` (or the end of input) came without it.
pub async fn serve_stdio() -> i32 {
    serve(tokio::io::stdin(), tokio::io::stdout()).await;
    if SHUT_DOWN.load(std::sync::atomic::Ordering::SeqCst) {
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
