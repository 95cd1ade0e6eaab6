//! Path fields of plugin YAML (`plugins.tools`, a provider's `tools`, `extra.python.source`, icons):
//! how the SDK and the daemon resolve them and what the daemon's zip install refuses (spec §6.8).

use crate::project::Files;
use std::path::{Component, Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathProblem {
    DotSlash,
    DotDot,
    Backslash,
    Absolute,
    /// The file exists with another case (the name on disk).
    Case(String),
}

impl PathProblem {
    pub fn describe(&self) -> String {
        match self {
            PathProblem::DotSlash => "starts with `./`".into(),
            PathProblem::DotDot => "contains `..`".into(),
            PathProblem::Backslash => "contains a backslash".into(),
            PathProblem::Absolute => "is absolute".into(),
            PathProblem::Case(actual) => {
                format!("differs in case from the file on disk, `{actual}`")
            }
        }
    }
}

/// Where a written path leads.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The file to analyse: the written path, or the case-insensitive match on disk.
    pub path: PathBuf,
    pub exists: bool,
    pub problems: Vec<PathProblem>,
}

/// The clean form of a written path, relative to the plugin root.
pub fn normalize(raw: &str) -> String {
    let mut s = raw.replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_string();
    }
    s
}

pub fn resolve(files: &dyn Files, base: &Path, raw: &str) -> Resolved {
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
    let path = base.join(&clean);
    if files.is_file(&path) {
        if let Some(actual) = case_on_disk(files, &path).filter(|a| a.as_str() != file_name(&path)) {
            problems.push(PathProblem::Case(actual));
        }
        return Resolved {
            path,
            exists: true,
            problems,
        };
    }
    // On a case-sensitive disk a miscased name does not exist; find the file it meant.
    if let Some(parent) = path.parent() {
        let want = file_name(&path).to_lowercase();
        if let Some(e) = files
            .list_dir(parent)
            .into_iter()
            .find(|e| !e.is_dir && e.name.to_lowercase() == want)
        {
            problems.push(PathProblem::Case(e.name.clone()));
            return Resolved {
                path: parent.join(e.name),
                exists: true,
                problems,
            };
        }
    }
    Resolved {
        path,
        exists: false,
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
