//! The one explicit cross-unit input: the tool names of the in-tree providers, per providers
//! folder. Every provider of a folder reads its siblings' names (rule DIFY209), so the readers of a
//! provider's names are the other providers of its folder; a change of names re-analyses exactly
//! those readers that hold one of the names that came or went.

use crate::project::views::{Field, ToolDecl};
use crate::project::{Files, Project, Unit};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// Tool names by providers folder and provider.
#[derive(Clone, Debug, Default)]
pub struct ToolIndex {
    folders: HashMap<PathBuf, BTreeMap<Unit, BTreeSet<String>>>,
}

/// The `identity.name` of each tool YAML of an in-tree provider.
pub(crate) fn tool_names(unit: &Unit, files: &dyn Files) -> BTreeSet<String> {
    let project = Project::load(unit, files);
    project
        .providers
        .iter()
        .flat_map(|p| &p.tools)
        .filter_map(|t| {
            t.yaml
                .as_ref()
                .and_then(|y| ToolDecl::of(y))
                .and_then(ToolDecl::identity)
                .and_then(|i| i.name())
                .and_then(Field::str)
                .map(String::from)
        })
        .collect()
}

impl ToolIndex {
    /// The index of the in-tree units among `units` (plugins have no siblings).
    pub(crate) fn build(units: &[Unit], files: &dyn Files) -> ToolIndex {
        use rayon::prelude::*;
        let named: Vec<(Unit, BTreeSet<String>)> = units
            .par_iter()
            .filter(|u| !u.is_plugin() && u.root.parent().is_some())
            .map(|u| (u.clone(), tool_names(u, files)))
            .collect();
        let mut index = ToolIndex::default();
        for (unit, names) in named {
            index.update(&unit, Some(names));
        }
        index
    }

    /// Other providers beside `unit` (in its folder) with a tool of this name.
    pub(crate) fn others(&self, unit: &Unit, tool: &str) -> Vec<String> {
        let Some(folder) = unit.root.parent().and_then(|p| self.folders.get(p)) else {
            return Vec::new();
        };
        let mut v: Vec<String> = folder
            .iter()
            .filter(|(u, names)| u.dir_name() != unit.dir_name() && names.contains(tool))
            .map(|(u, _)| u.dir_name().to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Sets the tool names of an in-tree unit (`None`: it is gone). Returns its readers whose
    /// analysis changes: the other providers of its folder holding a name that came or went.
    pub(crate) fn update(&mut self, unit: &Unit, names: Option<BTreeSet<String>>) -> Vec<Unit> {
        let Some(parent) = unit.root.parent().filter(|_| !unit.is_plugin()) else {
            return Vec::new();
        };
        let folder = self.folders.entry(parent.to_path_buf()).or_default();
        let old = match names {
            Some(names) => folder.insert(unit.clone(), names),
            None => folder.remove(unit),
        }
        .unwrap_or_default();
        let new = folder.get(unit).cloned().unwrap_or_default();
        let changed: BTreeSet<&String> = old.symmetric_difference(&new).collect();
        if changed.is_empty() {
            return Vec::new();
        }
        let readers = folder
            .iter()
            .filter(|(u, names)| *u != unit && names.iter().any(|n| changed.contains(n)))
            .map(|(u, _)| u.clone())
            .collect();
        if folder.is_empty() {
            self.folders.remove(parent);
        }
        readers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Generation, Layout};

    fn unit(name: &str) -> Unit {
        Unit {
            root: PathBuf::from("/t/api/core/tools/builtin_tool/providers").join(name),
            layout: Layout::InTree(Generation::V1),
        }
    }

    fn names(n: &[&str]) -> Option<BTreeSet<String>> {
        Some(n.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn a_name_that_comes_or_goes_reaches_exactly_the_providers_holding_it() {
        let mut index = ToolIndex::default();
        let (a, b, c) = (unit("a"), unit("b"), unit("c"));
        assert!(index.update(&a, names(&["echo", "x"])).is_empty());
        assert_eq!(index.update(&b, names(&["echo"])), vec![a.clone()]);
        assert!(index.update(&c, names(&["y"])).is_empty());
        assert_eq!(index.others(&a, "echo"), ["b"]);
        assert!(index.others(&a, "x").is_empty());
        // Unchanged names reach nobody; a rename reaches the holders of the old and new names.
        assert!(index.update(&a, names(&["echo", "x"])).is_empty());
        assert_eq!(index.update(&a, names(&["a_echo", "y"])), [b.clone(), c.clone()]);
        assert!(index.others(&b, "echo").is_empty());
        // A provider gone: its names go with it.
        assert_eq!(index.update(&c, None), vec![a.clone()]);
        assert!(index.others(&a, "y").is_empty());
        // Plugins have no siblings.
        let plugin = Unit {
            root: PathBuf::from("/t/plugin"),
            layout: Layout::Plugin,
        };
        assert!(index.update(&plugin, names(&["echo"])).is_empty());
    }
}
