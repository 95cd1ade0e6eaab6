//! The workspace walker: the one answer to "which folders can matter", shared by discovery (the
//! CLI and the server) and the server's own watcher, so that they never disagree.
//!
//! It skips what can never hold a unit (hidden folders such as `.git`, `node_modules`,
//! virtualenvs, `__pycache__`, `site-packages`, build output where that is certain) and what
//! `.gitignore` ignores (unless git tracks files in it); the folders it starts from are never skipped themselves. It follows
//! symlinked folders once each (a set of canonical paths: no loops, no tree reached twice; the
//! real tree is walked before any link into it), and skips unreadable folders, recording them
//! for the caller to report, and walks on.

use super::tracked::Tracked;
use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::collections::{HashMap, HashSet, VecDeque};
use std::io;
use std::path::{Path, PathBuf};

/// Folder names that never hold a unit nor anything the analysis reads.
const NEVER_UNITS: &[&str] = &["node_modules", "__pycache__", "site-packages", "venv"];

/// Names of build output, skipped only where they certainly are build output (see
/// [`is_build_output`]): a plugin or a Python package may be called `build` too.
const BUILD_OUTPUT: &[&str] = &["target", "dist", "build"];

/// Files whose presence beside a `target`, `dist` or `build` folder says that it is build output.
const BUILD_MANIFESTS: &[&str] = &["Cargo.toml", "package.json", "pyproject.toml", "setup.py"];

/// Files that change the walker's verdicts on their folder or its parent: a change to one calls
/// for a new walk.
const VERDICT_FILES: &[&str] = &[
    ".gitignore",
    "pyvenv.cfg",
    "CACHEDIR.TAG",
    "manifest.yaml",
    "__init__.py",
];

/// Whether to walk below a folder, as the visitor decides after seeing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Descend {
    Yes,
    No,
}

/// A folder the walk could not read, so skipped.
#[derive(Debug)]
pub struct Unreadable {
    pub(crate) path: PathBuf,
    pub(crate) error: io::Error,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

/// Whether a folder's own name rules it out, whatever its contents: hidden folders and the
/// usual homes of dependencies and caches.
pub(crate) fn never_holds_units(name: &str) -> bool {
    name.starts_with('.') || NEVER_UNITS.contains(&name)
}

/// Whether a file of this name changes the walker's verdicts (see [`VERDICT_FILES`]).
pub(crate) fn changes_verdicts(name: &str) -> bool {
    VERDICT_FILES.contains(&name) || BUILD_MANIFESTS.contains(&name)
}

/// Walks `roots`, calling `visit` on every folder that can matter, parents before children and
/// siblings in name order; returns the folders that could not be read. Each folder is reached
/// once, by its first path: a root inside an earlier root's walk, or the target of a link to a
/// folder already walked, is not walked again.
pub(crate) fn walk(roots: &[PathBuf], mut visit: impl FnMut(&Path) -> Descend) -> Vec<Unreadable> {
    let mut walker = Walker::new(roots);
    for (i, root) in roots.iter().enumerate() {
        match std::fs::canonicalize(root) {
            Ok(real) => walker.enter(root.clone(), real, i, &mut visit),
            Err(error) => walker.unreadable(root.clone(), error),
        }
    }
    // Links last, so that a folder is reached by its real path when the workspace holds it.
    while let Some((link, root)) = walker.links.pop_front() {
        let Ok(real) = std::fs::canonicalize(&link) else {
            continue;
        };
        if walker.contains_a_root(&real) {
            tracing::debug!("not following {}: it holds the workspace", link.display());
            continue;
        }
        walker.enter(link, real, root, &mut visit);
    }
    walker.unreadable
}

/// The folders [`walk`] yields (all of them: the watcher's view), with the unreadable ones.
pub(crate) fn folders(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<Unreadable>) {
    let mut out = Vec::new();
    let unreadable = walk(roots, |dir| {
        out.push(dir.to_path_buf());
        Descend::Yes
    });
    (out, unreadable)
}

struct Walker<'r> {
    roots: &'r [PathBuf],
    real_roots: Vec<PathBuf>,
    /// Canonical paths of the folders walked.
    visited: HashSet<PathBuf>,
    /// Symbolic links to folders, with the root they were found under, to follow after the real
    /// trees.
    links: VecDeque<(PathBuf, usize)>,
    ignores: Ignores,
    unreadable: Vec<Unreadable>,
}

impl<'r> Walker<'r> {
    fn new(roots: &'r [PathBuf]) -> Self {
        Walker {
            roots,
            real_roots: roots.iter().filter_map(|r| std::fs::canonicalize(r).ok()).collect(),
            visited: HashSet::new(),
            links: VecDeque::new(),
            ignores: Ignores::default(),
            unreadable: Vec::new(),
        }
    }

    /// Whether `real` (a link's target) is a root or holds one: following it would walk the
    /// workspace again from above, and everything beside it.
    fn contains_a_root(&self, real: &Path) -> bool {
        self.real_roots.iter().any(|r| r.starts_with(real))
    }

    fn unreadable(&mut self, path: PathBuf, error: io::Error) {
        // A folder removed while walking is no news.
        if error.kind() != io::ErrorKind::NotFound {
            self.unreadable.push(Unreadable { path, error });
        }
    }

    /// Walks the real tree below `start` (reached as `start`, canonically `real`), depth first.
    fn enter(&mut self, start: PathBuf, real: PathBuf, root: usize, visit: &mut impl FnMut(&Path) -> Descend) {
        let mut stack = vec![(start, real)];
        while let Some((dir, real)) = stack.pop() {
            if !self.visited.insert(real.clone()) {
                continue;
            }
            let entries = match std::fs::read_dir(&dir) {
                Ok(rd) => rd,
                Err(error) => {
                    self.unreadable(dir, error);
                    continue;
                }
            };
            if visit(&dir) == Descend::No {
                continue;
            }
            let (mut children, mut links) = (Vec::new(), Vec::new());
            for entry in entries.flatten() {
                let Ok(kind) = entry.file_type() else { continue };
                // A non-UTF-8 name is walked too (by its bytes); the name rules see it lossily.
                let os_name = entry.file_name();
                let name = os_name.to_string_lossy().into_owned();
                let is_link_to_dir = kind.is_symlink() && entry.path().is_dir();
                if !(kind.is_dir() || is_link_to_dir) {
                    continue;
                }
                let path = entry.path();
                if self.skipped(&dir, &name, &path, root) {
                    continue;
                }
                if is_link_to_dir {
                    links.push(path);
                } else {
                    children.push((os_name, path));
                }
            }
            links.sort();
            self.links.extend(links.into_iter().map(|l| (l, root)));
            // Popped in name order.
            children.sort_by(|a, b| b.0.cmp(&a.0));
            stack.extend(children.into_iter().map(|(name, path)| (path, real.join(name))));
        }
    }

    /// Whether the child folder `path` (named `name`) of `parent` is skipped.
    fn skipped(&mut self, parent: &Path, name: &str, path: &Path, root: usize) -> bool {
        never_holds_units(name)
            || path.join("pyvenv.cfg").is_file()
            || is_build_output(parent, name, path)
            || self.ignores.ignored(path, &self.roots[root])
    }
}

/// `target`, `dist` or `build` beside a build manifest (or tagged as a cache), unless it holds
/// a plugin or is a Python package.
fn is_build_output(parent: &Path, name: &str, path: &Path) -> bool {
    BUILD_OUTPUT.contains(&name)
        && (path.join("CACHEDIR.TAG").is_file() || BUILD_MANIFESTS.iter().any(|m| parent.join(m).is_file()))
        && !path.join("manifest.yaml").is_file()
        && !path.join("__init__.py").is_file()
}

/// `.gitignore` files, read once per folder. Rules apply from the folder walked up to the
/// repository's top (the nearest folder above a root that holds `.git`), the deepest file first,
/// as git does; the repository's `.git/info/exclude` comes last. A folder that holds files git
/// tracks is not ignored whatever the rules say (see [`Tracked`]).
#[derive(Default)]
struct Ignores {
    per_folder: HashMap<PathBuf, Option<Gitignore>>,
    /// Per root: the repository's top, if the root is inside one.
    tops: HashMap<PathBuf, Option<PathBuf>>,
    /// Per repository top: what its index tracks.
    tracked: HashMap<PathBuf, Option<Tracked>>,
}

impl Ignores {
    fn ignored(&mut self, path: &Path, root: &Path) -> bool {
        let top = self
            .tops
            .entry(root.to_path_buf())
            .or_insert_with(|| {
                root.ancestors()
                    .find(|a| a.join(".git").exists())
                    .map(Path::to_path_buf)
            })
            .clone();
        self.matched(path, root, top.as_deref()) && !top.is_some_and(|top| self.holds_tracked(path, top))
    }

    fn holds_tracked(&mut self, path: &Path, top: PathBuf) -> bool {
        self.tracked
            .entry(top)
            .or_insert_with_key(|top| Tracked::load(top))
            .as_ref()
            .is_some_and(|t| t.holds_tracked(path))
    }

    /// Whether the ignore rules match the folder `path`.
    fn matched(&mut self, path: &Path, root: &Path, top: Option<&Path>) -> bool {
        let stop = top.unwrap_or(root);
        for folder in path.ancestors().skip(1) {
            match self.rules(folder).map(|g| g.matched(path, true)) {
                Some(Match::Ignore(_)) => return true,
                Some(Match::Whitelist(_)) => return false,
                _ => {}
            }
            if folder == stop {
                break;
            }
        }
        let Some(top) = top else { return false };
        let exclude = top.join(".git/info/exclude");
        let rules = self
            .per_folder
            .entry(exclude.clone())
            .or_insert_with(|| load(top, &exclude));
        rules.as_ref().is_some_and(|g| g.matched(path, true).is_ignore())
    }

    fn rules(&mut self, folder: &Path) -> Option<&Gitignore> {
        // Looked up before inserting: most folders are asked about many times.
        if !self.per_folder.contains_key(folder) {
            let rules = load(folder, &folder.join(".gitignore"));
            self.per_folder.insert(folder.to_path_buf(), rules);
        }
        self.per_folder.get(folder).and_then(Option::as_ref)
    }
}

/// The rules of one ignore file, relative to `folder`; `None` when there is no such file. Lines
/// that do not parse are left out (as git does), the rest still apply.
/// Only a regular file of at most 1 MiB is read (a FIFO or a huge file named `.gitignore` in a
/// cloned repository must not hang or bloat the walk).
fn load(folder: &Path, file: &Path) -> Option<Gitignore> {
    const MAX_IGNORE_BYTES: usize = 1 << 20;
    let bytes = super::files::read_regular(file, MAX_IGNORE_BYTES).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let mut builder = GitignoreBuilder::new(folder);
    for line in text.lines() {
        if let Err(e) = builder.add_line(Some(file.to_path_buf()), line) {
            tracing::debug!("{}: {e}", file.display());
        }
    }
    builder.build().ok().filter(|g| !g.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn walked(root: &Path) -> Vec<String> {
        let (folders, unreadable) = folders(&[root.to_path_buf()]);
        assert!(unreadable.is_empty(), "{unreadable:?}");
        folders
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    fn dirs(root: &Path, paths: &[&str]) {
        for p in paths {
            fs::create_dir_all(root.join(p)).unwrap();
        }
    }

    #[test]
    fn skips_dependencies_caches_and_virtualenvs() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        dirs(
            r,
            &[
                "a/node_modules/x",
                "a/__pycache__",
                "a/.git/objects",
                "a/.venv/lib",
                "a/venv",
                "a/lib/site-packages",
                "a/env/lib",
                "a/tools",
            ],
        );
        fs::write(r.join("a/env/pyvenv.cfg"), "home = /usr/bin\n").unwrap();
        assert_eq!(walked(r), ["", "a", "a/lib", "a/tools"]);
    }

    #[test]
    fn build_output_is_skipped_only_where_certain() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        dirs(
            r,
            &[
                "rust/target/debug",
                "web/dist",
                "py/build/lib",
                "py/build2",
                "loose/build",
                "tagged/out",
            ],
        );
        fs::write(r.join("rust/Cargo.toml"), "").unwrap();
        fs::write(r.join("web/package.json"), "{}").unwrap();
        fs::write(r.join("py/pyproject.toml"), "").unwrap();
        // A plugin called `dist` beside a package.json is a plugin, not output.
        dirs(r, &["web/node/dist"]);
        fs::write(r.join("web/node/package.json"), "{}").unwrap();
        fs::write(r.join("web/node/dist/manifest.yaml"), "").unwrap();
        assert_eq!(
            walked(r),
            [
                "",
                "loose",
                "loose/build",
                "py",
                "py/build2",
                "rust",
                "tagged",
                "tagged/out",
                "web",
                "web/node",
                "web/node/dist"
            ]
        );
    }

    #[test]
    fn honours_gitignore_with_negation_nesting_and_the_repository_above() {
        let t = tempfile::tempdir().unwrap();
        let repo = t.path();
        dirs(
            repo,
            &[
                ".git/info",
                "ws/gen/keep",
                "ws/gen/drop",
                "ws/sub/local",
                "ws/sub/other",
                "ws/top",
            ],
        );
        fs::write(repo.join(".gitignore"), "top/\n").unwrap();
        fs::write(repo.join(".git/info/exclude"), "other\n").unwrap();
        fs::write(repo.join("ws/.gitignore"), "gen/*\n!gen/keep/\n").unwrap();
        fs::write(repo.join("ws/sub/.gitignore"), "local\n").unwrap();
        // The root is inside the repository: the rules above it apply to what is below it.
        assert_eq!(walked(&repo.join("ws")), ["", "gen", "gen/keep", "sub"]);
        // A root is never skipped itself, even when ignored.
        assert_eq!(walked(&repo.join("ws/gen/drop")), [""]);
    }

    #[test]
    fn a_folder_holding_tracked_files_is_walked_though_ignored() {
        let t = tempfile::tempdir().unwrap();
        let repo = t.path();
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .args(args)
                .current_dir(repo)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !git(&["init", "-q"]) {
            eprintln!("skipped: no git");
            return;
        }
        // Dify's own `.gitignore` once ended with `core/`, matching `api/core/`.
        dirs(repo, &["api/core/tools", "api/other/core"]);
        fs::write(repo.join(".gitignore"), "core/\n").unwrap();
        fs::write(repo.join("api/core/tools/tool.py"), "").unwrap();
        fs::write(repo.join("api/other/core/scratch.py"), "").unwrap();
        assert!(git(&["add", "-f", "api/core/tools/tool.py"]));
        assert_eq!(walked(repo), ["", "api", "api/core", "api/core/tools", "api/other"]);
    }

    #[test]
    fn follows_links_once_and_ends_loops() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path().join("ws");
        dirs(t.path(), &["ws/real/tools", "outside/plugin/tools"]);
        std::os::unix::fs::symlink("../outside/plugin", r.join("linked")).unwrap();
        std::os::unix::fs::symlink("../outside/plugin", r.join("real/again")).unwrap();
        std::os::unix::fs::symlink("..", r.join("real/parent")).unwrap();
        std::os::unix::fs::symlink("..", r.join("up")).unwrap();
        std::os::unix::fs::symlink(".", r.join("real/tools/here")).unwrap();
        // A link sorted before the real folder it points to: the real path wins.
        std::os::unix::fs::symlink("real", r.join("a-link")).unwrap();
        assert_eq!(walked(&r), ["", "real", "real/tools", "linked", "linked/tools"]);
    }

    #[test]
    fn visits_decide_the_descent() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        dirs(r, &["plugin/tools", "other/deeper"]);
        let mut seen = Vec::new();
        walk(&[r.to_path_buf()], |d| {
            seen.push(d.strip_prefix(r).unwrap().to_string_lossy().into_owned());
            if d.ends_with("plugin") {
                Descend::No
            } else {
                Descend::Yes
            }
        });
        assert_eq!(seen, ["", "other", "other/deeper", "plugin"]);
    }

    #[test]
    fn a_root_inside_another_is_walked_once() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        dirs(r, &["a/b"]);
        let (folders, _) = folders(&[r.to_path_buf(), r.join("a")]);
        assert_eq!(folders.len(), 3);
    }
}
