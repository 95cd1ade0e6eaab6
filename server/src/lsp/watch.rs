//! Server-side file watching, for clients that send no `workspace/didChangeWatchedFiles` (Helix
//! reports only its own writes; Neovim does not watch on Linux). Events for the files the analysis
//! reads are batched and handed to the same path as the client's events.
//!
//! The folders watched are exactly those the workspace walker yields (the walk discovery makes),
//! one non-recursive watch each: ignored trees such as `node_modules` cost no watch, and an
//! unreadable folder is skipped (and reported) while the rest is watched. Folders created later
//! are walked and watched, removed ones dropped. At the system's watch limit the user is told
//! once and the same folders are polled instead.

mod poll;

use crate::project::walk;
use notify::event::{ModifyKind, RemoveKind};
use notify::{EventKind, RecursiveMode, Watcher};
use poll::Poller;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::MessageType;

/// Test hook: the number of watches after which the watcher acts as if the system's limit were
/// reached, so that tests can reach the fallback without exhausting the machine's watches.
const MAX_WATCHES_VAR: &str = "DIFY_LSP_MAX_WATCHES";

/// What the watcher has for the LSP layer.
pub(crate) enum WatchEvent {
    /// Paths that changed on disk, gathered over a quiet spell.
    Changed(Vec<PathBuf>),
    /// For the log (`window/logMessage`).
    Log(MessageType, String),
    /// For the user's eyes (`window/showMessage`, a warning).
    Warn(String),
}

/// The server's watcher; dropping it stops watching.
pub(crate) struct ServerWatcher {
    _shared: Arc<Shared>,
}

/// Whether a file's change can matter to the analysis.
pub(crate) fn relevant(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if walk::never_holds_units(name) {
        return false;
    }
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "py" | "toml")
    ) || name == "requirements.txt"
        || path.components().any(|c| c.as_os_str() == "_assets")
        || path.extension().is_none()
}

/// Starts watching the folders `roots()` names (read again at every new walk, so that added
/// workspace folders are taken in at the next change). Walks the workspace first, so it blocks:
/// call it on a blocking thread. The first event is the announcement, sent once the watches are
/// in place.
pub(crate) fn start(
    roots: impl Fn() -> Vec<PathBuf> + Send + Sync + 'static,
    quiet: Duration,
    runtime: tokio::runtime::Handle,
) -> (ServerWatcher, mpsc::UnboundedReceiver<WatchEvent>) {
    let (raw_tx, raw_rx) = mpsc::unbounded_channel::<Raw>();
    let (tx, rx) = mpsc::unbounded_channel();
    let limit = std::env::var(MAX_WATCHES_VAR).ok().and_then(|v| v.parse().ok());
    let (mechanism, failure) = match native(raw_tx.clone()) {
        Ok(w) => (Mechanism::Native(w), None),
        Err(e) => (Mechanism::Polling(Poller::start(raw_tx.clone(), POLL_BASE)), Some(e)),
    };
    let shared = Arc::new(Shared {
        roots: Box::new(roots),
        raw: raw_tx,
        limit,
        state: Mutex::new(State {
            mechanism,
            watched: HashSet::new(),
            reported_unreadable: HashSet::new(),
        }),
    });
    if let Some(e) = failure {
        let _ = tx.send(WatchEvent::Warn(format!(
            "dify-lsp: cannot watch files with inotify ({e}), so changes on disk are found by polling \
             every {} s. If too many programs watch files, raising `fs.inotify.max_user_instances` \
             (sysctl) helps; then restart the language server.",
            POLL_BASE.as_secs()
        )));
    }
    let synced = shared.sync();
    for event in synced.events {
        let _ = tx.send(event);
    }
    let _ = tx.send(WatchEvent::Log(MessageType::INFO, shared.announcement()));
    runtime.spawn(batches(Arc::downgrade(&shared), raw_rx, tx, quiet));
    (ServerWatcher { _shared: shared }, rx)
}

/// The shortest polling interval, for up to 10,000 folders; longer beyond (see [`Poller`]).
const POLL_BASE: Duration = Duration::from_secs(2);

/// What the native watcher and the poller send: notify's events.
type Raw = notify::Result<notify::Event>;

fn native(raw: mpsc::UnboundedSender<Raw>) -> notify::Result<notify::RecommendedWatcher> {
    notify::recommended_watcher(move |res: Raw| {
        if res.as_ref().is_ok_and(|e| matches!(e.kind, EventKind::Access(_))) {
            return;
        }
        let _ = raw.send(res);
    })
}

enum Mechanism {
    Native(notify::RecommendedWatcher),
    Polling(Poller),
}

struct State {
    mechanism: Mechanism,
    /// The folders watched (or polled).
    watched: HashSet<PathBuf>,
    /// Unreadable folders already reported.
    reported_unreadable: HashSet<PathBuf>,
}

struct Shared {
    roots: Box<dyn Fn() -> Vec<PathBuf> + Send + Sync>,
    raw: mpsc::UnboundedSender<Raw>,
    limit: Option<usize>,
    state: Mutex<State>,
}

/// What a new walk changed.
#[derive(Default)]
struct Synced {
    /// Folders newly watched (their files may have changed before their watch was in place).
    added: Vec<PathBuf>,
    events: Vec<WatchEvent>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn announcement(&self) -> String {
        let state = lock(&self.state);
        let how = match &state.mechanism {
            Mechanism::Native(_) => String::new(),
            Mechanism::Polling(p) => format!(", polled every {} s", p.interval().as_secs()),
        };
        format!(
            "dify-lsp: the client does not watch files, so the server watches the workspace itself: {} folders{how}",
            state.watched.len()
        )
    }

    fn is_watched(&self, folder: &Path) -> bool {
        lock(&self.state).watched.contains(folder)
    }

    /// Walks the workspace and brings the watches in line with it: removed folders first (a
    /// renamed folder keeps its inotify watch, which must not be taken for the new path's), then
    /// new ones. Falls back to polling at the watch limit.
    fn sync(&self) -> Synced {
        let roots: Vec<PathBuf> = (self.roots)().into_iter().filter(|r| r.is_dir()).collect();
        let (folders, unreadable) = walk::folders(&roots);
        let wanted: HashSet<PathBuf> = folders.iter().cloned().collect();
        let mut synced = Synced::default();
        let mut state = lock(&self.state);

        let fresh: Vec<&walk::Unreadable> = unreadable
            .iter()
            .filter(|u| !state.reported_unreadable.contains(&u.path))
            .collect();
        if !fresh.is_empty() {
            synced
                .events
                .push(WatchEvent::Log(MessageType::WARNING, unreadable_message(&fresh)));
            state.reported_unreadable.extend(fresh.iter().map(|u| u.path.clone()));
        }

        let gone: Vec<PathBuf> = state.watched.difference(&wanted).cloned().collect();
        for folder in gone {
            if let Mechanism::Native(w) = &mut state.mechanism {
                // Fails when the kernel already dropped the watch of a deleted folder.
                let _ = w.unwatch(&folder);
            }
            state.watched.remove(&folder);
        }
        let new: Vec<PathBuf> = folders.into_iter().filter(|f| !state.watched.contains(f)).collect();
        for folder in &new {
            let State { mechanism, watched, .. } = &mut *state;
            let Mechanism::Native(w) = mechanism else { break };
            let result = if self.limit.is_some_and(|l| watched.len() >= l) {
                Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch))
            } else {
                w.watch(folder, RecursiveMode::NonRecursive)
            };
            match result {
                Ok(()) => {
                    watched.insert(folder.clone());
                }
                Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => {
                    let poller = Poller::start(self.raw.clone(), Poller::interval_for(wanted.len()));
                    synced.events.push(WatchEvent::Warn(limit_message(poller.interval())));
                    tracing::warn!("inotify watch limit reached after {} folders; polling", watched.len());
                    // Dropping the native watcher gives its watches back to the system.
                    *mechanism = Mechanism::Polling(poller);
                    watched.clear();
                }
                // Removed since the walk, or unwatchable (then the next walk tries again).
                Err(e) => tracing::debug!("cannot watch {}: {e}", folder.display()),
            }
        }
        if let Mechanism::Polling(poller) = &state.mechanism {
            poller.set_folders(&wanted);
            state.watched = wanted;
        }
        synced.added = new.into_iter().filter(|f| state.watched.contains(f)).collect();
        synced
    }
}

fn unreadable_message(folders: &[&walk::Unreadable]) -> String {
    const SHOWN: usize = 10;
    let mut text = format!(
        "dify-lsp: {} folder{} cannot be read, so {} not checked and not watched:",
        folders.len(),
        if folders.len() == 1 { "" } else { "s" },
        if folders.len() == 1 { "it is" } else { "they are" }
    );
    for u in folders.iter().take(SHOWN) {
        text.push_str(&format!("\n  {u}"));
    }
    if folders.len() > SHOWN {
        text.push_str(&format!("\n  and {} more", folders.len() - SHOWN));
    }
    text
}

fn limit_message(interval: Duration) -> String {
    format!(
        "dify-lsp: the system's limit on file watches is reached, so changes on disk are now found by \
         polling every {} s (slower, and costlier on big workspaces). To raise the limit: \
         `sudo sysctl fs.inotify.max_user_watches=524288` (to keep it, add \
         `fs.inotify.max_user_watches=524288` to a file in /etc/sysctl.d/), then restart the language server.",
        interval.as_secs()
    )
}

/// One batch of raw events: the paths for the analysis, and whether the folder set may have
/// changed (a new walk is due).
#[derive(Default)]
struct Batch {
    paths: Vec<PathBuf>,
    rewalk: bool,
    /// The kernel dropped events (queue overflow): everything may have changed.
    rescan: bool,
}

impl Batch {
    fn add(&mut self, raw: Raw, shared: &Shared) {
        let event = match raw {
            Ok(e) => e,
            Err(e) => {
                tracing::warn!("file watching: {e}");
                return;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
            self.rewalk = true;
        }
        let comes_or_goes = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        );
        // A folder's permissions too: one made readable can now be walked.
        let structural = comes_or_goes || matches!(event.kind, EventKind::Modify(ModifyKind::Metadata(_)));
        for path in event.paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // A `.gitignore` matters by its contents, the other files by being there.
            if name == ".gitignore" || (comes_or_goes && walk::changes_verdicts(name)) {
                self.rewalk = true;
                // Re-discovery follows a folder's change: the verdicts on its subfolders did.
                if name != "manifest.yaml"
                    && let Some(folder) = path.parent()
                {
                    self.push(folder.to_path_buf());
                }
            } else if structural
                && !self.rewalk
                && (path.is_dir()
                    || matches!(event.kind, EventKind::Remove(RemoveKind::Folder))
                    || shared.is_watched(&path))
            {
                self.rewalk = true;
            }
            if relevant(&path) {
                self.push(path);
            }
        }
    }

    fn push(&mut self, path: PathBuf) {
        if !self.paths.contains(&path) {
            self.paths.push(path);
        }
    }
}

/// Gathers raw events into batches over `quiet` of silence, keeps the watches in line with the
/// folders, and hands the batches on.
async fn batches(
    shared: Weak<Shared>,
    mut raw: mpsc::UnboundedReceiver<Raw>,
    tx: mpsc::UnboundedSender<WatchEvent>,
    quiet: Duration,
) {
    while let Some(first) = raw.recv().await {
        let Some(strong) = shared.upgrade() else { break };
        let mut batch = Batch::default();
        batch.add(first, &strong);
        while let Ok(Some(next)) = tokio::time::timeout(quiet, raw.recv()).await {
            batch.add(next, &strong);
        }
        if batch.rewalk {
            let walker = strong.clone();
            let Ok(synced) = tokio::task::spawn_blocking(move || walker.sync()).await else {
                continue;
            };
            let mut refresh = synced.added;
            if batch.rescan {
                refresh.extend(lock(&strong.state).watched.iter().cloned());
            }
            // Files already in a folder by the time its watch was in place: their events were lost.
            for folder in refresh {
                batch.push(folder.clone());
                for file in files_in(&folder) {
                    batch.push(file);
                }
            }
            for event in synced.events {
                let _ = tx.send(event);
            }
        }
        if !batch.paths.is_empty() && tx.send(WatchEvent::Changed(batch.paths)).is_err() {
            break;
        }
    }
}

/// The relevant files directly in a folder.
fn files_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    rd.flatten()
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.path())
        .filter(|p| relevant(p))
        .collect()
}
