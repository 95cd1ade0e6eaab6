//! Discovery of analysis units: a plugin root (a folder with `manifest.yaml`), or one in-tree
//! builtin provider under `core/tools/builtin_tool/providers/` (Dify 1.x) or
//! `core/tools/provider/builtin/` (Dify 0.x).

use super::walk::{Descend, walk};
use std::io;
use std::path::{Path, PathBuf};

pub use super::walk::Unreadable;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Generation {
    /// Dify 0.x: `api/core/tools/provider/builtin/<p>/`.
    V0,
    /// Dify 1.x: `api/core/tools/builtin_tool/providers/<p>/`.
    V1,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    Plugin,
    InTree(Generation),
}

/// One unit of analysis: a plugin (its one provider and tools) or one in-tree provider directory.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit {
    pub root: PathBuf,
    pub layout: Layout,
}

impl Unit {
    pub fn is_plugin(&self) -> bool {
        self.layout == Layout::Plugin
    }

    /// The provider directory's name (in-tree) or the plugin folder's name.
    pub fn dir_name(&self) -> &str {
        self.root.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }

    pub fn contains(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
    }
}

/// The generation of an in-tree providers directory, from its path.
pub fn intree_root_generation(dir: &Path) -> Option<Generation> {
    let parts: Vec<&str> = dir.components().filter_map(|c| c.as_os_str().to_str()).collect();
    match parts.as_slice() {
        [.., "core", "tools", "builtin_tool", "providers"] => Some(Generation::V1),
        [.., "core", "tools", "provider", "builtin"] => Some(Generation::V0),
        _ => None,
    }
}

/// The unit that owns a file or folder, looking upwards.
pub fn unit_for_path(path: &Path) -> Option<Unit> {
    for dir in path.ancestors() {
        if let Some(g) = dir.parent().and_then(intree_root_generation) {
            return Some(Unit {
                root: dir.to_path_buf(),
                layout: Layout::InTree(g),
            });
        }
        if dir.join("manifest.yaml").is_file() {
            return Some(Unit {
                root: dir.to_path_buf(),
                layout: Layout::Plugin,
            });
        }
    }
    None
}

/// What discovery found: the units, and the folders it could not read (skipped, to be reported).
#[derive(Debug, Default)]
pub struct Discovery {
    pub units: Vec<Unit>,
    pub unreadable: Vec<Unreadable>,
}

/// Every unit under the given paths, sorted and without duplicates. A path inside a unit selects
/// that unit; a folder given directly that looks like a plugin without `manifest.yaml` is a plugin
/// unit too (so that the missing manifest is reported).
pub fn discover(paths: &[PathBuf]) -> io::Result<Vec<Unit>> {
    discover_all(paths).map(|d| d.units)
}

/// [`discover`], with the folders that could not be read. Folders are walked by
/// [`walk`](super::walk), the walk the server's watcher makes too.
pub fn discover_all(paths: &[PathBuf]) -> io::Result<Discovery> {
    let mut found = Discovery::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let path = std::path::absolute(path)?;
        if let Some(unit) = unit_for_path(&path) {
            found.units.push(unit);
        } else if meta.is_dir() {
            let before = found.units.len();
            let unreadable = walk(std::slice::from_ref(&path), |dir| unit_at(dir, &mut found.units));
            found.unreadable.extend(unreadable);
            if found.units.len() == before && looks_like_plugin(&path) {
                found.units.push(Unit {
                    root: path.clone(),
                    layout: Layout::Plugin,
                });
            }
        }
    }
    found.units.sort();
    found.units.dedup();
    Ok(found)
}

fn looks_like_plugin(dir: &Path) -> bool {
    dir.join("provider").is_dir() || (dir.join("main.py").is_file() && dir.join("tools").is_dir())
}

/// The units at a folder the walk reached: the folder itself (a plugin), or its children (an
/// in-tree providers folder). The walk goes no deeper than a unit.
fn unit_at(dir: &Path, units: &mut Vec<Unit>) -> Descend {
    if let Some(g) = intree_root_generation(dir) {
        for child in sorted_subdirs(dir) {
            let name = child.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.starts_with("__") {
                units.push(Unit {
                    root: child,
                    layout: Layout::InTree(g),
                });
            }
        }
        return Descend::No;
    }
    if dir.join("manifest.yaml").is_file() {
        units.push(Unit {
            root: dir.to_path_buf(),
            layout: Layout::Plugin,
        });
        return Descend::No;
    }
    Descend::Yes
}

/// The provider folders of an in-tree providers folder, symlinked ones included.
fn sorted_subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_both_intree_generations() {
        assert_eq!(
            intree_root_generation(Path::new("/x/api/core/tools/builtin_tool/providers")),
            Some(Generation::V1)
        );
        assert_eq!(
            intree_root_generation(Path::new("api/core/tools/provider/builtin")),
            Some(Generation::V0)
        );
        assert_eq!(intree_root_generation(Path::new("api/core/tools/provider")), None);
    }
}
