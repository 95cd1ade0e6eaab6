//! Polling, for when inotify cannot be used (the watch limit is reached, or no instance can be
//! had): each folder is listed every interval and its entries compared with the last listing.
//!
//! Our own rather than notify's `PollWatcher`, which compares modification times in whole
//! seconds (a save within the second of the last one goes unseen) unless it hashes every file's
//! contents on every poll; here a file is known by its modification time to the nanosecond, its
//! size and its inode, and only the files the analysis reads are looked at.

use super::{Raw, relevant};
use crate::project::walk;
use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};
use notify::{Event, EventKind};
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc as std_mpsc};
use std::time::{Duration, SystemTime};
use tokio::sync::mpsc;

/// What is known of one entry of a folder.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    is_dir: bool,
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

type Listing = HashMap<OsString, Stamp>;

/// Polls its folders on a thread of its own until dropped.
pub(super) struct Poller {
    folders: Arc<Mutex<HashMap<PathBuf, Listing>>>,
    interval: Duration,
    /// Dropping it ends the thread.
    _stop: std_mpsc::Sender<()>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Poller {
    pub(super) fn start(raw: mpsc::UnboundedSender<Raw>, interval: Duration) -> Poller {
        let folders: Arc<Mutex<HashMap<PathBuf, Listing>>> = Arc::default();
        let (stop, stopped) = std_mpsc::channel::<()>();
        let polled = folders.clone();
        let spawned = std::thread::Builder::new().name("dify-lsp-poll".into()).spawn(move || {
            while let Err(std_mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                if poll_once(&polled, &raw).is_err() {
                    break;
                }
            }
        });
        if let Err(e) = spawned {
            tracing::error!("cannot start polling the workspace: {e}");
        }
        Poller {
            folders,
            interval,
            _stop: stop,
        }
    }

    /// The interval for polling `folders` folders: 2 s up to 10,000, a second more per 5,000
    /// beyond, so that polling a huge tree does not take a core for itself.
    pub(super) fn interval_for(folders: usize) -> Duration {
        super::POLL_BASE + Duration::from_secs(folders.saturating_sub(10_000).div_ceil(5_000) as u64)
    }

    pub(super) fn interval(&self) -> Duration {
        self.interval
    }

    /// Polls exactly these folders from now on; new ones are listed at once, so that a change
    /// made after this call is seen at the next poll.
    pub(super) fn set_folders(&self, wanted: &HashSet<PathBuf>) {
        let known: HashSet<PathBuf> = lock(&self.folders).keys().cloned().collect();
        let fresh: Vec<(PathBuf, Listing)> = wanted
            .difference(&known)
            .map(|f| (f.clone(), listing(f).unwrap_or_default()))
            .collect();
        let mut folders = lock(&self.folders);
        folders.retain(|f, _| wanted.contains(f));
        folders.extend(fresh);
    }
}

/// Lists every folder once and reports what changed since the last listing; `Err` once nobody
/// listens any more.
fn poll_once(folders: &Mutex<HashMap<PathBuf, Listing>>, raw: &mpsc::UnboundedSender<Raw>) -> Result<(), ()> {
    let names: Vec<PathBuf> = lock(folders).keys().cloned().collect();
    for folder in names {
        // Listed without the lock held: the set may change meanwhile, and wins if so.
        let now = listing(&folder).unwrap_or_default();
        let before = {
            let mut folders = lock(folders);
            match folders.get_mut(&folder) {
                Some(slot) => std::mem::replace(slot, now.clone()),
                None => continue,
            }
        };
        for event in changes(&folder, &before, &now) {
            raw.send(Ok(event)).map_err(|_| ())?;
        }
    }
    Ok(())
}

/// A folder's entries that matter: its subfolders, and the files the analysis or the walker reads.
fn listing(folder: &Path) -> Option<Listing> {
    let rd = std::fs::read_dir(folder).ok()?;
    let mut out = Listing::new();
    for entry in rd.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        let name = entry.file_name();
        let named = name.to_str().unwrap_or("");
        if !(kind.is_dir() || kind.is_symlink() || relevant(&path) || walk::changes_verdicts(named)) {
            continue;
        }
        // Follows links: a link to a folder is a folder here, as for the walker.
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        let stamp = if meta.is_dir() {
            Stamp {
                is_dir: true,
                modified: None,
                len: 0,
                inode: inode(&meta),
            }
        } else {
            Stamp {
                is_dir: false,
                modified: meta.modified().ok(),
                len: meta.len(),
                inode: inode(&meta),
            }
        };
        out.insert(name, stamp);
    }
    Some(out)
}

/// A file's identity: a file replaced by a rename (an editor's atomic save) is another file.
#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// The events that turn listing `before` into `now`.
fn changes(folder: &Path, before: &Listing, now: &Listing) -> Vec<Event> {
    let mut out = Vec::new();
    for (name, stamp) in now {
        let kind = match before.get(name) {
            None if stamp.is_dir => EventKind::Create(CreateKind::Folder),
            None => EventKind::Create(CreateKind::File),
            Some(old) if old != stamp => EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            Some(_) => continue,
        };
        out.push(Event::new(kind).add_path(folder.join(name)));
    }
    for (name, stamp) in before {
        if !now.contains_key(name) {
            let kind = if stamp.is_dir {
                RemoveKind::Folder
            } else {
                RemoveKind::File
            };
            out.push(Event::new(EventKind::Remove(kind)).add_path(folder.join(name)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_within_the_same_second_is_seen() {
        let t = tempfile::tempdir().unwrap();
        let file = t.path().join("tool.yaml");
        let second = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        std::fs::write(&file, "a: 1\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(second)
            .unwrap();
        let before = listing(t.path()).unwrap();
        // Same size, same inode, 1 ms later.
        std::fs::write(&file, "a: 2\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(second + Duration::from_millis(1))
            .unwrap();
        std::fs::create_dir(t.path().join("sub")).unwrap();
        std::fs::write(t.path().join("ignored.png"), "").unwrap();
        let now = listing(t.path()).unwrap();
        let mut seen: Vec<String> = changes(t.path(), &before, &now)
            .iter()
            .map(|e| format!("{:?} {}", e.kind, e.paths[0].file_name().unwrap().to_string_lossy()))
            .collect();
        seen.sort();
        assert_eq!(seen, ["Create(Folder) sub", "Modify(Data(Any)) tool.yaml"]);
        std::fs::remove_file(&file).unwrap();
        let gone = changes(t.path(), &now, &listing(t.path()).unwrap());
        assert!(matches!(gone[0].kind, EventKind::Remove(RemoveKind::File)), "{gone:?}");
    }

    #[test]
    fn the_interval_grows_with_huge_trees() {
        assert_eq!(Poller::interval_for(500), Duration::from_secs(2));
        assert_eq!(Poller::interval_for(10_000), Duration::from_secs(2));
        assert_eq!(Poller::interval_for(200_000), Duration::from_secs(40));
    }
}
