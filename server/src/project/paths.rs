//! Path fields of plugin YAML (`plugins.tools`, a provider's `tools`, `extra.python.source`, icons):
//! how the SDK and the daemon resolve them and what the daemon's zip install refuses (spec §6.8).

use crate::project::Files;
use std::path::{Component, Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PathProblem {
    DotSlash,
    DotDot,
    Backslash,
    Absolute,
    /// The file exists with another case (the name on disk).
    Case(String),
    /// The path leads out of the unit's folder (through `..`, an absolute path or a symbolic
    /// link): dify-lsp neither reads it nor offers edits to it.
    Outside,
}

impl PathProblem {
    pub(crate) fn describe(&self) -> String {
        match self {
            PathProblem::DotSlash => "starts with `./`".into(),
            PathProblem::DotDot => "contains `..`".into(),
            PathProblem::Backslash => "contains a backslash".into(),
            PathProblem::Absolute => "is absolute".into(),
            PathProblem::Case(actual) => {
                format!("differs in case from the file on disk, `{actual}`")
            }
            PathProblem::Outside => "leads outside the plugin folder".into(),
        }
    }
}

/// Where a written path leads.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    /// The file to analyse: the written path (with `.` and `..` folded), or the
    /// case-insensitive match on disk.
    pub(crate) path: PathBuf,
    /// It exists inside the unit and may be read.
    pub(crate) exists: bool,
    /// Whether it exists is not known: it lies outside the unit, or in a folder that cannot be
    /// listed. Rules do not call such a path missing.
    pub(crate) unknown: bool,
    pub(crate) problems: Vec<PathProblem>,
}

/// `base` joined with `rel`, with `.` and `..` folded lexically (no file system access). A `..`
/// above the file system root stays at the root.
pub(crate) fn join_folded(base: &Path, rel: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in base.join(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `path` (already folded) stays inside `root` on disk: lexically below it, and no
/// symbolic link on the way from `root` leads out of it. Symbolic links are followed only when the
/// listings show one, so the common case costs no system call.
pub(crate) fn inside(files: &dyn Files, root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    let mut linked = false;
    for c in rel.components() {
        match c {
            Component::Normal(name) => at.push(name),
            _ => return false,
        }
        linked |= files.is_symlink(&at);
    }
    if !linked {
        return true;
    }
    // Resolve the deepest existing ancestor (the file itself may not exist yet: a fix creates it).
    let Ok(real_root) = std::fs::canonicalize(root) else {
        return false;
    };
    path.ancestors()
        .find_map(|a| std::fs::canonicalize(a).ok())
        .is_some_and(|real| real.starts_with(&real_root))
}

/// The clean form of a written path, relative to the plugin root.
pub(crate) fn normalize(raw: &str) -> String {
    let mut s = raw.replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_string();
    }
    s
}

pub(crate) fn resolve(files: &dyn Files, base: &Path, raw: &str) -> Resolved {
    let mut problems = Vec::new();
    if raw.starts_with("./") {
        problems.push(PathProblem::DotSlash);
    }
    if raw.contains('\\') {
        problems.push(PathProblem::Backslash);
    }
    let clean = normalize(raw);
    if Path::new(&clean).is_absolute() || raw.starts_with('/') {
        problems.push(PathProblem::Absolute);
    }
    if Path::new(&clean).components().any(|c| c == Component::ParentDir) {
        problems.push(PathProblem::DotDot);
    }
    let path = join_folded(base, Path::new(&clean));
    if !inside(files, base, &path) {
        problems.push(PathProblem::Outside);
        return Resolved {
            path,
            exists: false,
            unknown: true,
            problems,
        };
    }
    if path.parent().is_some_and(|p| files.dir_problem(p).is_some()) {
        return Resolved {
            path,
            exists: false,
            unknown: true,
            problems,
        };
    }
    if files.is_file(&path) {
        if let Some(actual) = case_on_disk(files, &path).filter(|a| a.as_str() != file_name(&path)) {
            problems.push(PathProblem::Case(actual));
        }
        return Resolved {
            path,
            exists: true,
            unknown: false,
            problems,
        };
    }
    // On a case-sensitive disk a miscased name does not exist; find the file it meant.
    if let Some(parent) = path.parent() {
        let want = file_name(&path).to_lowercase();
        if let Some(e) = files
            .list_dir(parent)
            .into_iter()
            .find(|e| !e.is_dir && e.name.to_lowercase() == want && inside(files, base, &parent.join(&e.name)))
        {
            problems.push(PathProblem::Case(e.name.clone()));
            return Resolved {
                path: parent.join(e.name),
                exists: true,
                unknown: false,
                problems,
            };
        }
    }
    Resolved {
        path,
        exists: false,
        unknown: false,
        problems,
    }
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn case_on_disk(files: &dyn Files, path: &Path) -> Option<String> {
    let parent = path.parent()?;
    let want = file_name(path).to_lowercase();
    files
        .list_dir(parent)
        .into_iter()
        .find(|e| e.name.to_lowercase() == want)
        .map(|e| e.name)
}
