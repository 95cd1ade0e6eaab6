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
    pub(crate) layout: Layout,
}

impl Unit {
    pub(crate) fn is_plugin(&self) -> bool {
        self.layout == Layout::Plugin
    }

    /// The provider directory's name (in-tree) or the plugin folder's name.
    pub fn dir_name(&self) -> &str {
        self.root.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }

    pub(crate) fn contains(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
    }
}

/// The generation of an in-tree providers directory, from its path.
pub(crate) fn intree_root_generation(dir: &Path) -> Option<Generation> {
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
    pub(crate) units: Vec<Unit>,
    pub(crate) unreadable: Vec<Unreadable>,
}

/// Whether `path`, inside the unit rooted at `root`, belongs to another unit nested in it: a
/// folder between the two holds its own `manifest.yaml` (a plugin or bundle kept inside another
/// plugin's folder) or is an in-tree provider. The deepest unit owns its folder, so the outer
/// unit neither reads nor reports what is there.
pub fn in_nested_unit(files: &dyn super::Files, root: &Path, path: &Path) -> bool {
    path.ancestors()
        .take_while(|dir| *dir != root && dir.starts_with(root))
        .any(|dir| files.is_file(&dir.join("manifest.yaml")) || dir.parent().and_then(intree_root_generation).is_some())
}

/// Every unit under the given paths, sorted and without duplicates, nested ones included: a
/// plugin folder holding other plugins (a repository with its own `manifest.yaml`, a bundle) is a
/// unit, and so is each plugin inside it. A path inside a unit selects that unit too; a folder
/// given directly that looks like a plugin without `manifest.yaml` is a plugin unit too (so that
/// the missing manifest is reported).
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
        let owner = unit_for_path(&path);
        let owned = owner.is_some();
        found.units.extend(owner);
        if meta.is_dir() {
            let before = found.units.len();
            let unreadable = walk(std::slice::from_ref(&path), |dir| unit_at(dir, &mut found.units));
            found.unreadable.extend(unreadable);
            if !owned && found.units.len() == before && looks_like_plugin(&path) {
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
/// in-tree providers folder). The walk goes on below a plugin, where other plugins may be kept
/// (nested units), but not below an in-tree providers folder, whose children are all units.
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

    #[test]
    fn nested_plugins_are_units_and_own_their_folders() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        for dir in ["plugins/inner/tools", "tools", "plugins/notes"] {
            std::fs::create_dir_all(r.join(dir)).unwrap();
        }
        std::fs::write(r.join("manifest.yaml"), "type: plugin\n").unwrap();
        std::fs::write(r.join("plugins/inner/manifest.yaml"), "type: plugin\n").unwrap();
        let roots: Vec<PathBuf> = discover(&[r.to_path_buf()])
            .unwrap()
            .into_iter()
            .map(|u| u.root)
            .collect();
        assert_eq!(roots, [r.to_path_buf(), r.join("plugins/inner")]);
        // A folder inside the outer plugin selects it, and what is below the folder.
        let roots: Vec<PathBuf> = discover(&[r.join("plugins")])
            .unwrap()
            .into_iter()
            .map(|u| u.root)
            .collect();
        assert_eq!(roots, [r.to_path_buf(), r.join("plugins/inner")]);
        let files = crate::project::DiskFiles::new();
        assert!(in_nested_unit(&files, r, &r.join("plugins/inner/tools/x.yaml")));
        assert!(in_nested_unit(&files, r, &r.join("plugins/inner/manifest.yaml")));
        assert!(!in_nested_unit(&files, r, &r.join("plugins/notes/x.yaml")));
        assert!(!in_nested_unit(&files, r, &r.join("tools/x.yaml")));
        assert!(!in_nested_unit(
            &files,
            &r.join("plugins/inner"),
            &r.join("plugins/inner/tools/x.yaml")
        ));
    }
}
