//! Source files and the file system seen by the analysis. The analysis never touches the disk
//! directly: it asks a [`Files`] implementation, so that the language server can overlay open
//! buffers on the disk and the CLI can read the disk alone.

use crate::project::python::PyModule;
use crate::syntax::{LineIndex, Span, yaml};
use dashmap::DashMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Files larger than this are not read or parsed (they are reported instead). The largest file of
/// the 262 official plugins is 206 KB; a limit twenty times that keeps every edit interactive.
pub(crate) const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Why a file's bytes are not analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadProblem {
    /// Larger than [`MAX_FILE_BYTES`]: Dify may load it, dify-lsp does not analyse it.
    TooLarge(u64),
    /// Not a regular file (a FIFO, socket, device or folder): reading it could block forever.
    NotRegular(&'static str),
    PermissionDenied,
    NotUtf8(usize),
    Binary,
    /// Any other I/O failure (a symbolic link loop, a vanished file).
    Io(String),
}

impl ReadProblem {
    pub(crate) fn describe(&self) -> String {
        match self {
            ReadProblem::TooLarge(n) => format!(
                "the file is {:.1} MiB, larger than the {} MiB dify-lsp analyses",
                *n as f64 / (1 << 20) as f64,
                MAX_FILE_BYTES >> 20
            ),
            ReadProblem::NotRegular(kind) => format!("it is {kind}, not a regular file; dify-lsp does not read it"),
            ReadProblem::PermissionDenied => "permission denied".into(),
            ReadProblem::NotUtf8(at) => format!("the file is not valid UTF-8 (first bad byte at offset {at})"),
            ReadProblem::Binary => "the file contains NUL bytes (is it binary?)".into(),
            ReadProblem::Io(e) => e.clone(),
        }
    }
}

/// Reads a file only if it is a regular file (after following symbolic links), at most `limit`
/// bytes of it. A FIFO or device is never opened for reading in blocking mode: the type is checked
/// before opening, the open does not block, and the opened descriptor is checked again.
pub(crate) fn read_regular(path: &Path, limit: usize) -> Result<Vec<u8>, ReadProblem> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let problem = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::PermissionDenied => ReadProblem::PermissionDenied,
        _ => ReadProblem::Io(e.to_string()),
    };
    let meta = std::fs::metadata(path).map_err(problem)?;
    regular(&meta)?;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(problem)?;
    let meta = file.metadata().map_err(problem)?;
    regular(&meta)?;
    if meta.len() > limit as u64 {
        return Err(ReadProblem::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(problem)?;
    if bytes.len() > limit {
        return Err(ReadProblem::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

fn regular(meta: &std::fs::Metadata) -> Result<(), ReadProblem> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    let kind = if t.is_file() {
        return Ok(());
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    };
    Err(ReadProblem::NotRegular(kind))
}

/// One file's text with its lazily computed parses. Parses are computed at most once per
/// `SourceFile`, so a re-analysis that gets the same `Arc` back reuses them.
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    pub lines: LineIndex,
    /// Why the bytes are not usable as text (unreadable, not a regular file, invalid UTF-8,
    /// binary, too large), if so; the text is then empty.
    pub(crate) decode_error: Option<ReadProblem>,
    yaml: OnceLock<yaml::Loaded>,
    python: OnceLock<PyModule>,
    /// An open Python document's tree, parsed incrementally off the request loop when first needed.
    pending: Option<crate::syntax::document::PendingTree>,
}

impl SourceFile {
    pub(crate) fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Self {
        if bytes.len() > MAX_FILE_BYTES {
            return Self::with_error(path, ReadProblem::TooLarge(bytes.len() as u64));
        }
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        match String::from_utf8(bytes) {
            Ok(text) if text.contains('\0') => Self::with_error(path, ReadProblem::Binary),
            Ok(text) => Self::from_text(path, text),
            Err(e) => Self::with_error(path, ReadProblem::NotUtf8(e.utf8_error().valid_up_to())),
        }
    }

    pub fn from_text(path: PathBuf, text: String) -> Self {
        let lines = LineIndex::new(&text);
        Self::of_document(path, text, lines, None)
    }

    /// An open document's text with the line index it already has and, for Python, the tree it
    /// parsed incrementally.
    pub fn of_document(path: PathBuf, text: String, lines: LineIndex, python_tree: Option<tree_sitter::Tree>) -> Self {
        let file = SourceFile {
            path,
            text,
            lines,
            decode_error: None,
            yaml: OnceLock::new(),
            python: OnceLock::new(),
            pending: None,
        };
        if let Some(tree) = python_tree {
            let _ = file.python.set(PyModule::from_tree(tree, &file.text));
        }
        file
    }

    /// A file whose bytes are not analysed, and why.
    pub(crate) fn with_error(path: PathBuf, problem: ReadProblem) -> Self {
        let mut f = Self::from_text(path, String::new());
        f.decode_error = Some(problem);
        f
    }

    /// The YAML loaded by libyaml (the syntax authority).
    pub(crate) fn yaml(&self) -> &yaml::Loaded {
        self.yaml.get_or_init(|| {
            if self.decode_error.is_some() {
                yaml::Loaded::default()
            } else {
                yaml::load(&self.text)
            }
        })
    }

    /// The root of the YAML document when it loaded.
    pub(crate) fn yaml_root(&self) -> Option<&yaml::Node> {
        self.yaml().root.as_ref()
    }

    /// An open document's text whose Python tree the document parses when first asked for (on
    /// the analysis thread, never on the request loop).
    pub(crate) fn of_open_document(
        path: PathBuf,
        text: String,
        lines: LineIndex,
        pending: Option<crate::syntax::document::PendingTree>,
    ) -> Self {
        let mut file = Self::of_document(path, text, lines, None);
        file.pending = pending;
        file
    }

    pub(crate) fn python(&self) -> &PyModule {
        self.python
            .get_or_init(|| match self.pending.as_ref().and_then(|p| p.parse(&self.text)) {
                Some(tree) => PyModule::from_tree(tree, &self.text),
                None => PyModule::parse(&self.text),
            })
    }

    /// The span of the first line, for diagnostics that concern a whole file.
    pub(crate) fn first_line(&self) -> Span {
        let r = self.lines.line_span(&self.text, 0);
        Span::new(r.start, r.end)
    }

    /// Where a diagnostic about the whole file goes: the first key of a YAML mapping, otherwise
    /// the first line.
    pub(crate) fn anchor(&self) -> Span {
        match self.yaml_root().and_then(|r| r.as_map()).and_then(|m| m.first()) {
            Some(e) if self.path.extension().is_some_and(|x| x == "yaml" || x == "yml") => e.key.span,
            _ => self.first_line(),
        }
    }

    /// A file that stands for a folder (for diagnostics about a folder with no file to carry them).
    pub(crate) fn placeholder(path: PathBuf) -> Self {
        Self::from_text(path, String::new())
    }

    pub(crate) fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    pub(crate) fn file_name(&self) -> &str {
        self.path.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub(crate) name: String,
    /// A folder, or a symbolic link to one.
    pub(crate) is_dir: bool,
    /// A symbolic link (to anything): where it leads is checked before it is read or written.
    pub(crate) is_symlink: bool,
}

/// The file system as the analysis sees it.
pub trait Files: Sync {
    fn read(&self, path: &Path) -> Option<Arc<SourceFile>>;
    fn is_file(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    /// Entries of a directory, sorted by name; empty when it does not exist or cannot be read.
    fn list_dir(&self, path: &Path) -> Vec<DirEntry>;

    /// Why an existing folder could not be listed (permission denied), if so.
    fn dir_problem(&self, _path: &Path) -> Option<ReadProblem> {
        None
    }

    /// Whether `path` (a file or folder) is a symbolic link.
    fn is_symlink(&self, _path: &Path) -> bool {
        false
    }

    /// A hint that nothing below `dir` will be read again (a batch run is done with a unit), so
    /// caches may let it go. Files still referenced (by diagnostics) stay alive.
    fn release(&self, _dir: &Path) {}
}

/// A folder's listing, or why it could not be listed.
type Listing = Result<Arc<Vec<DirEntry>>, ReadProblem>;

/// The disk, with each file read and each folder listed at most once. File existence is answered
/// from the parent folder's listing, which also gives the exact case of names.
///
/// The caches never keep what a read saw if the disk changed while it ran: every invalidation
/// bumps `epoch` under its write lock, and a read stores its result only if the epoch it started
/// with is still current (checked under the read lock, so no invalidation slips in between).
#[derive(Default)]
pub struct DiskFiles {
    files: DashMap<PathBuf, Option<Arc<SourceFile>>>,
    dirs: DashMap<PathBuf, Option<Listing>>,
    epoch: std::sync::RwLock<u64>,
}

impl DiskFiles {
    pub fn new() -> Self {
        Self::default()
    }

    fn epoch(&self) -> u64 {
        *self.epoch.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores `value` unless the disk changed since `epoch`.
    fn remember<V>(&self, map: &DashMap<PathBuf, V>, path: &Path, value: V, epoch: u64) {
        let current = self.epoch.read().unwrap_or_else(|e| e.into_inner());
        if *current == epoch {
            map.insert(path.to_path_buf(), value);
        }
    }

    /// The listing of a folder: `None` when it does not exist (or is not a folder).
    fn listing(&self, dir: &Path) -> Option<Listing> {
        if let Some(hit) = self.dirs.get(dir) {
            return hit.clone();
        }
        let epoch = self.epoch();
        let listing = match std::fs::read_dir(dir) {
            Ok(rd) => {
                let mut entries: Vec<DirEntry> = rd
                    .filter_map(Result::ok)
                    .filter_map(|e| {
                        let name = e.file_name().into_string().ok()?;
                        let ty = e.file_type().ok()?;
                        // Only a symbolic link needs a stat to know what it points at.
                        let is_symlink = ty.is_symlink();
                        let is_dir = if is_symlink { e.path().is_dir() } else { ty.is_dir() };
                        Some(DirEntry {
                            name,
                            is_dir,
                            is_symlink,
                        })
                    })
                    .collect();
                entries.sort_by(|a, b| a.name.cmp(&b.name));
                Some(Ok(Arc::new(entries)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Some(Err(ReadProblem::PermissionDenied)),
            Err(_) => None,
        };
        self.remember(&self.dirs, dir, listing.clone(), epoch);
        listing
    }

    /// Forgets what is known of `path` after it changed on disk: the file, its folder's listing
    /// and, when it is (or was) a folder, everything cached below it.
    pub(crate) fn invalidate(&self, path: &Path) {
        self.invalidate_all(std::slice::from_ref(&path.to_path_buf()));
    }

    /// [`DiskFiles::invalidate`] for a batch of changed paths (a branch switch sends thousands):
    /// one pass over the cache, each entry's ancestors looked up in the set of changed folders, so
    /// the cost does not grow with batch size × cache size.
    pub(crate) fn invalidate_all(&self, paths: &[PathBuf]) {
        let mut epoch = self.epoch.write().unwrap_or_else(|e| e.into_inner());
        *epoch += 1;
        let mut folders = std::collections::HashSet::new();
        for path in paths {
            let was_file = self.files.contains_key(path) && !self.dirs.contains_key(path);
            self.files.remove(path);
            self.dirs.remove(path);
            if let Some(parent) = path.parent() {
                self.dirs.remove(parent);
            }
            if !was_file {
                folders.insert(path.as_path());
            }
        }
        if folders.is_empty() {
            return;
        }
        let below = |p: &PathBuf| p.ancestors().skip(1).any(|a| folders.contains(a));
        self.files.retain(|p, _| !below(p));
        self.dirs.retain(|p, _| !below(p));
    }

    fn entry(&self, path: &Path) -> Option<DirEntry> {
        let (parent, name) = (path.parent()?, path.file_name()?.to_str()?);
        let listing = self.listing(parent)?.ok()?;
        listing
            .binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .map(|i| listing[i].clone())
    }
}

impl Files for DiskFiles {
    fn read(&self, path: &Path) -> Option<Arc<SourceFile>> {
        if let Some(hit) = self.files.get(path) {
            return hit.clone();
        }
        let epoch = self.epoch();
        let file = match self.entry(path) {
            Some(e) if !e.is_dir => Some(Arc::new(match read_regular(path, MAX_FILE_BYTES) {
                Ok(bytes) => SourceFile::from_bytes(path.to_path_buf(), bytes),
                Err(problem) => SourceFile::with_error(path.to_path_buf(), problem),
            })),
            _ => None,
        };
        self.remember(&self.files, path, file.clone(), epoch);
        file
    }

    fn is_file(&self, path: &Path) -> bool {
        self.entry(path).is_some_and(|e| !e.is_dir)
    }

    fn is_dir(&self, path: &Path) -> bool {
        match path.parent() {
            Some(_) => self.entry(path).is_some_and(|e| e.is_dir),
            None => path.is_dir(),
        }
    }

    fn list_dir(&self, path: &Path) -> Vec<DirEntry> {
        match self.listing(path) {
            Some(Ok(l)) => l.as_ref().clone(),
            _ => Vec::new(),
        }
    }

    fn dir_problem(&self, path: &Path) -> Option<ReadProblem> {
        self.listing(path)?.err()
    }

    fn is_symlink(&self, path: &Path) -> bool {
        self.entry(path).is_some_and(|e| e.is_symlink)
    }

    fn release(&self, dir: &Path) {
        // Called once per plugin over the whole cache: a byte prefix test first, as
        // `Path::starts_with` parses both paths into components (2% of `check` on the corpus).
        let prefix = dir.as_os_str().as_encoded_bytes();
        self.files.retain(|p, _| {
            let bytes = p.as_os_str().as_encoded_bytes();
            !(bytes.starts_with(prefix) && p.starts_with(dir))
        });
    }
}

/// Open buffers laid over the disk: what the editor shows wins over what is saved. Cloning is
/// cheap (two `Arc`s) and a clone is a snapshot of the open buffers: later edits copy the map
/// instead of changing what a clone sees. The disk cache is shared (it caches the disk, which
/// changes under everyone alike).
#[derive(Clone, Default)]
pub struct OverlayFiles {
    open: Arc<HashMap<PathBuf, Arc<SourceFile>>>,
    pub(crate) disk: Arc<DiskFiles>,
}

impl OverlayFiles {
    /// Open buffers over a given disk cache.
    pub fn over(disk: Arc<DiskFiles>) -> Self {
        OverlayFiles {
            open: Arc::default(),
            disk,
        }
    }

    pub fn set_open(&mut self, file: Arc<SourceFile>) {
        Arc::make_mut(&mut self.open).insert(file.path.clone(), file);
    }

    pub(crate) fn close(&mut self, path: &Path) {
        Arc::make_mut(&mut self.open).remove(path);
        self.disk.invalidate(path);
    }

    pub(crate) fn is_open(&self, path: &Path) -> bool {
        self.open.contains_key(path)
    }

    fn open_file(&self, path: &Path) -> Option<Arc<SourceFile>> {
        self.open.get(path).cloned()
    }
}

impl Files for OverlayFiles {
    fn read(&self, path: &Path) -> Option<Arc<SourceFile>> {
        self.open_file(path).or_else(|| self.disk.read(path))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.is_open(path) || self.disk.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.disk.is_dir(path)
    }

    fn dir_problem(&self, path: &Path) -> Option<ReadProblem> {
        self.disk.dir_problem(path)
    }

    fn is_symlink(&self, path: &Path) -> bool {
        !self.is_open(path) && self.disk.is_symlink(path)
    }

    fn release(&self, dir: &Path) {
        self.disk.release(dir)
    }

    fn list_dir(&self, path: &Path) -> Vec<DirEntry> {
        let mut entries = self.disk.list_dir(path);
        for p in self.open.keys() {
            if p.parent() == Some(path) {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
                if !entries.iter().any(|e| e.name == name) {
                    entries.push(DirEntry {
                        name,
                        is_dir: false,
                        is_symlink: false,
                    });
                }
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries
    }
}
