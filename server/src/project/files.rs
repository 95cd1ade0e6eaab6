//! Source files and the file system seen by the analysis. The analysis never touches the disk
//! directly: it asks a [`Files`] implementation, so that the language server can overlay open
//! buffers on the disk and the CLI can read the disk alone.

use crate::project::python::PyModule;
use crate::syntax::{LineIndex, Span, yaml};
use dashmap::DashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Files larger than this are not parsed (they are reported instead).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// One file's text with its lazily computed parses. Parses are computed at most once per
/// `SourceFile`, so a re-analysis that gets the same `Arc` back reuses them.
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    pub lines: LineIndex,
    /// Why the bytes are not usable as text (invalid UTF-8, binary, too large), if so.
    pub decode_error: Option<String>,
    yaml: OnceLock<yaml::Loaded>,
    python: OnceLock<PyModule>,
}

impl SourceFile {
    pub fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Self {
        if bytes.len() > MAX_FILE_BYTES {
            let msg = format!(
                "the file is {} MiB, larger than the {} MiB dify-lsp analyses",
                bytes.len() >> 20,
                MAX_FILE_BYTES >> 20
            );
            return Self::with_error(path, msg);
        }
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        match String::from_utf8(bytes) {
            Ok(text) if text.contains('\0') => {
                Self::with_error(path, "the file contains NUL bytes (is it binary?)".into())
            }
            Ok(text) => Self::from_text(path, text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                Self::with_error(
                    path,
                    format!("the file is not valid UTF-8 (first bad byte at offset {at})"),
                )
            }
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
        };
        if let Some(tree) = python_tree {
            let _ = file.python.set(PyModule::from_tree(tree, &file.text));
        }
        file
    }

    fn with_error(path: PathBuf, msg: String) -> Self {
        let mut f = Self::from_text(path, String::new());
        f.decode_error = Some(msg);
        f
    }

    /// The YAML loaded by libyaml (the syntax authority).
    pub fn yaml(&self) -> &yaml::Loaded {
        self.yaml.get_or_init(|| {
            if self.decode_error.is_some() {
                yaml::Loaded::default()
            } else {
                yaml::load(&self.text)
            }
        })
    }

    /// The root of the YAML document when it loaded.
    pub fn yaml_root(&self) -> Option<&yaml::Node> {
        self.yaml().root.as_ref()
    }

    pub fn python(&self) -> &PyModule {
        self.python.get_or_init(|| PyModule::parse(&self.text))
    }

    /// The span of the first line, for diagnostics that concern a whole file.
    pub fn first_line(&self) -> Span {
        let r = self.lines.line_span(&self.text, 0);
        Span::new(r.start, r.end)
    }

    /// Where a diagnostic about the whole file goes: the first key of a YAML mapping, otherwise
    /// the first line.
    pub fn anchor(&self) -> Span {
        match self.yaml_root().and_then(|r| r.as_map()).and_then(|m| m.first()) {
            Some(e) if self.path.extension().is_some_and(|x| x == "yaml" || x == "yml") => e.key.span,
            _ => self.first_line(),
        }
    }

    /// The span of a key in a YAML mapping node, or `fallback`.
    pub fn key_or(node: Option<&yaml::Node>, key: &str, fallback: Span) -> Span {
        node.and_then(|n| n.entry(key)).map_or(fallback, |e| e.key.span)
    }

    /// A file that stands for a folder (for diagnostics about a folder with no file to carry them).
    pub fn placeholder(path: PathBuf) -> Self {
        Self::from_text(path, String::new())
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    pub fn file_name(&self) -> &str {
        self.path.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
}

/// The file system as the analysis sees it.
pub trait Files: Sync {
    fn read(&self, path: &Path) -> Option<Arc<SourceFile>>;
    fn is_file(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    /// Entries of a directory, sorted by name; empty when it does not exist.
    fn list_dir(&self, path: &Path) -> Vec<DirEntry>;

    /// A hint that nothing below `dir` will be read again (a batch run is done with a unit), so
    /// caches may let it go. Files still referenced (by diagnostics) stay alive.
    fn release(&self, _dir: &Path) {}
}

/// The disk, with each file read and each folder listed at most once. File existence is answered
/// from the parent folder's listing, which also gives the exact case of names.
#[derive(Default)]
pub struct DiskFiles {
    files: DashMap<PathBuf, Option<Arc<SourceFile>>>,
    dirs: DashMap<PathBuf, Option<Arc<Vec<DirEntry>>>>,
}

impl DiskFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// The listing of a folder, or `None` when it is not a readable folder.
    fn listing(&self, dir: &Path) -> Option<Arc<Vec<DirEntry>>> {
        if let Some(hit) = self.dirs.get(dir) {
            return hit.clone();
        }
        let listing = std::fs::read_dir(dir).ok().map(|rd| {
            let mut entries: Vec<DirEntry> = rd
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    let ty = e.file_type().ok()?;
                    // Only a symbolic link needs a stat to know what it points at.
                    let is_dir = if ty.is_symlink() {
                        e.path().is_dir()
                    } else {
                        ty.is_dir()
                    };
                    Some(DirEntry { name, is_dir })
                })
                .collect();
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            Arc::new(entries)
        });
        self.dirs.insert(dir.to_path_buf(), listing.clone());
        listing
    }

    /// Forgets what is known of `path` (and its folder's listing) after it changed on disk.
    pub fn invalidate(&self, path: &Path) {
        self.files.remove(path);
        self.dirs.remove(path);
        if let Some(parent) = path.parent() {
            self.dirs.remove(parent);
        }
    }

    fn entry(&self, path: &Path) -> Option<DirEntry> {
        let (parent, name) = (path.parent()?, path.file_name()?.to_str()?);
        self.listing(parent)?.iter().find(|e| e.name == name).cloned()
    }
}

impl Files for DiskFiles {
    fn read(&self, path: &Path) -> Option<Arc<SourceFile>> {
        if let Some(hit) = self.files.get(path) {
            return hit.clone();
        }
        let file = match self.entry(path) {
            Some(e) if !e.is_dir => std::fs::read(path)
                .ok()
                .map(|bytes| Arc::new(SourceFile::from_bytes(path.to_path_buf(), bytes))),
            _ => None,
        };
        self.files.insert(path.to_path_buf(), file.clone());
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
        self.listing(path).map(|l| l.as_ref().clone()).unwrap_or_default()
    }

    fn release(&self, dir: &Path) {
        self.files.retain(|p, _| !p.starts_with(dir));
    }
}

/// Open buffers laid over the disk: what the editor shows wins over what is saved.
#[derive(Default)]
pub struct OverlayFiles {
    open: DashMap<PathBuf, Arc<SourceFile>>,
    pub disk: DiskFiles,
}

impl OverlayFiles {
    pub fn set_open(&self, file: Arc<SourceFile>) {
        self.open.insert(file.path.clone(), file);
    }

    pub fn close(&self, path: &Path) {
        self.open.remove(path);
        self.disk.invalidate(path);
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.open.contains_key(path)
    }

    fn open_file(&self, path: &Path) -> Option<Arc<SourceFile>> {
        self.open.get(path).map(|f| f.clone())
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

    fn list_dir(&self, path: &Path) -> Vec<DirEntry> {
        let mut entries = self.disk.list_dir(path);
        for entry in self.open.iter() {
            let p = entry.key();
            if p.parent() == Some(path) {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
                if !entries.iter().any(|e| e.name == name) {
                    entries.push(DirEntry { name, is_dir: false });
                }
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries
    }
}
