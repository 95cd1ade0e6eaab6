//! Server-side file watching, for clients that send no `workspace/didChangeWatchedFiles` (Helix
//! reports only its own writes; Neovim does not watch on Linux). Events for the files the analysis
//! reads are batched and handed to the same path as the client's events.

use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;

const IGNORED_DIRS: &[&str] = &[
    ".git",
    "target",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tools",
];

/// Whether a path's change can matter to the analysis.
pub fn relevant(path: &Path) -> bool {
    if path
        .components()
        .any(|c| IGNORED_DIRS.contains(&c.as_os_str().to_str().unwrap_or("")))
    {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "py" | "toml")
    ) || name == "requirements.txt"
        || path.components().any(|c| c.as_os_str() == "_assets")
        || path.extension().is_none()
}

/// Watches `folders` recursively; returns the watcher (dropping it stops watching) and a stream of
/// batches of changed paths, each batch gathered over `quiet` of silence.
pub fn start(
    folders: &[PathBuf],
    quiet: Duration,
) -> Option<(notify::RecommendedWatcher, mpsc::UnboundedReceiver<Vec<PathBuf>>)> {
    let (raw_tx, mut raw_rx) = mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            if matches!(event.kind, EventKind::Access(_)) {
                return;
            }
            for p in event.paths.into_iter().filter(|p| relevant(p)) {
                let _ = raw_tx.send(p);
            }
        }
    })
    .map_err(|e| tracing::warn!("file watching unavailable: {e}"))
    .ok()?;
    for f in folders {
        if let Err(e) = watcher.watch(f, RecursiveMode::Recursive) {
            tracing::warn!("cannot watch {}: {e}", f.display());
        }
    }
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(first) = raw_rx.recv().await {
            let mut batch = vec![first];
            while let Ok(Some(p)) = tokio::time::timeout(quiet, raw_rx.recv()).await {
                if !batch.contains(&p) {
                    batch.push(p);
                }
            }
            if tx.send(batch).is_err() {
                break;
            }
        }
    });
    Some((watcher, rx))
}
