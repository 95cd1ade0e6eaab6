//! Analysis of many units at once: configuration per unit, the cross-provider index of in-tree
//! tool names, and parallel checking. Shared by `dify-lsp check` and the server's workspace scan.

use crate::config::{Config, ConfigError, Overrides};
use crate::project::{Files, Project, Unit};
use crate::rules::{self, Diagnostic};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Tool names of the in-tree providers, by providers folder: `(folder, tool name) → provider names`.
#[derive(Default)]
pub struct ToolIndex {
    names: HashMap<(PathBuf, String), Vec<String>>,
}

impl ToolIndex {
    pub fn build(units: &[Unit], files: &dyn Files) -> ToolIndex {
        let mut index = ToolIndex::default();
        for unit in units.iter().filter(|u| !u.is_plugin()) {
            let Some(parent) = unit.root.parent() else {
                continue;
            };
            let project = Project::load(unit, files);
            for t in project.providers.iter().flat_map(|p| &p.tools) {
                if let Some(name) = t
                    .yaml
                    .as_ref()
                    .and_then(|y| y.yaml_root())
                    .and_then(|r| r.path(&["identity", "name"]))
                    .and_then(|n| n.as_str())
                {
                    index
                        .names
                        .entry((parent.to_path_buf(), name.to_string()))
                        .or_default()
                        .push(unit.dir_name().to_string());
                }
            }
        }
        index
    }

    /// Other providers beside `unit` with a tool of this name.
    pub fn others(&self, unit: &Unit, tool: &str) -> Vec<String> {
        let Some(parent) = unit.root.parent() else {
            return Vec::new();
        };
        let mut v: Vec<String> = self
            .names
            .get(&(parent.to_path_buf(), tool.to_string()))
            .into_iter()
            .flatten()
            .filter(|p| *p != unit.dir_name())
            .cloned()
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// The configuration of each unit (found upwards from its root), with overrides applied.
pub fn configs(units: &[Unit], overrides: &Overrides) -> Result<Vec<Config>, String> {
    let mut seen = HashMap::new();
    let mut loaded: HashMap<Option<PathBuf>, Config> = HashMap::new();
    units
        .iter()
        .map(|u| {
            let path = Config::find(&u.root, &mut seen);
            let cfg = match loaded.get(&path) {
                Some(c) => c.clone(),
                None => {
                    let c = match &path {
                        Some(p) => Config::load_any(p).map_err(|e: ConfigError| e.to_string())?,
                        None => Config::default(),
                    };
                    loaded.insert(path, c.clone());
                    c
                }
            };
            cfg.with_overrides(overrides)
        })
        .collect()
}

/// Checks every unit in parallel; `progress` is called with the number done so far.
pub fn check_units(
    units: &[Unit],
    files: &dyn Files,
    configs: &[Config],
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Diagnostic> {
    let index = ToolIndex::build(units, files);
    let done = AtomicUsize::new(0);
    let mut all: Vec<Diagnostic> = units
        .par_iter()
        .zip(configs.par_iter())
        .flat_map_iter(|(unit, config)| {
            let siblings = |tool: &str| index.others(unit, tool);
            let out = rules::check_unit(unit, files, config, Some(&siblings));
            // A plugin's files are read by no other unit; in-tree siblings are (through the index).
            if unit.is_plugin() {
                files.release(&unit.root);
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            out
        })
        .collect();
    all.sort_by(|a, b| (a.path(), a.span.start, a.rule.code).cmp(&(b.path(), b.span.start, b.rule.code)));
    all
}
