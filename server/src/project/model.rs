//! The files of one analysis unit and how they reference each other, resolved the way Dify's
//! loaders resolve them. Building a [`Project`] reads files through [`Files`] and never fails:
//! whatever is missing or malformed is left as `None` for the rules to report.

use crate::project::paths::{self, Resolved};
use crate::project::views::{ExtraDecl, Field, ManifestDecl, ProviderDecl, ToolDecl};
use crate::project::{Files, SourceFile, Unit};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A path written in a YAML file.
#[derive(Clone)]
pub struct Reference {
    pub(crate) file: Arc<SourceFile>,
    /// The scalar holding the path.
    pub(crate) span: Span,
    pub(crate) raw: String,
    pub(crate) target: Resolved,
}

pub struct ToolFile {
    pub(crate) yaml_path: PathBuf,
    pub(crate) yaml: Option<Arc<SourceFile>>,
    /// Where the provider lists it (plugins).
    pub(crate) listed: Option<Reference>,
    /// Where `extra.python.source` names the Python file (plugins).
    pub(crate) source: Option<Reference>,
    pub(crate) py_path: Option<PathBuf>,
    pub(crate) py: Option<Arc<SourceFile>>,
}

pub struct Provider {
    pub(crate) yaml_path: PathBuf,
    pub(crate) yaml: Option<Arc<SourceFile>>,
    /// Where the manifest lists it (plugins).
    pub(crate) listed: Option<Reference>,
    pub(crate) source: Option<Reference>,
    pub py_path: Option<PathBuf>,
    pub(crate) py: Option<Arc<SourceFile>>,
    pub(crate) tools: Vec<ToolFile>,
}

pub struct Project {
    pub unit: Unit,
    pub(crate) manifest: Option<Arc<SourceFile>>,
    pub(crate) providers: Vec<Provider>,
    /// Tool YAML files in a tools folder that no provider lists (plugins).
    pub(crate) orphans: Vec<Arc<SourceFile>>,
    /// In-tree `tools/*.yml` files, which the loader never lists.
    pub(crate) yml_tools: Vec<PathBuf>,
    /// The declarations of the other kinds the manifest lists (endpoints, models, …).
    pub(crate) kinds: Vec<super::kinds::Declaration>,
}

impl Project {
    pub fn load(unit: &Unit, files: &dyn Files) -> Project {
        if unit.is_plugin() {
            load_plugin(unit, files)
        } else {
            load_intree(unit, files)
        }
    }

    pub fn assets_dir(&self) -> PathBuf {
        self.unit.root.join("_assets")
    }

    /// Every file of the unit that was read.
    pub fn source_files(&self) -> Vec<&Arc<SourceFile>> {
        let mut out: Vec<&Arc<SourceFile>> = self.manifest.iter().collect();
        for p in &self.providers {
            out.extend(p.yaml.iter().chain(p.py.iter()));
            for t in &p.tools {
                out.extend(t.yaml.iter().chain(t.py.iter()));
            }
        }
        out.extend(self.orphans.iter());
        for d in &self.kinds {
            for f in d.source_files() {
                if !out.iter().any(|o| o.path == f.path) {
                    out.push(f);
                }
            }
        }
        out
    }
}

/// Whether a `manifest.yaml` is a bundle's (`type: bundle` without `plugins:`) rather than a
/// plugin's. A manifest with `type: bundle` that declares `plugins:` is a plugin manifest with a
/// wrong type (DIFY302), not a bundle.
pub(crate) fn is_bundle_manifest(m: &SourceFile) -> bool {
    match m.yaml_root() {
        Some(root) => {
            let manifest = ManifestDecl::new(root);
            manifest.kind().and_then(Field::str) == Some("bundle") && manifest.plugins_field().is_none()
        }
        // Unparsable: go by the lines, so a broken bundle gets its syntax error and nothing else.
        None => {
            let lines = || m.text.lines().map(|l| l.split(" #").next().unwrap_or(l).trim_end());
            lines().any(|l| l == "type: bundle") && !lines().any(|l| l.starts_with("plugins:"))
        }
    }
}

/// The kinds a plugin manifest declares under `plugins:`, as (key, what the summary calls it),
/// in the manifest schema's order.
pub(crate) const PLUGIN_KINDS: &[(&str, &str)] = &[
    ("tools", "tool"),
    ("endpoints", "endpoint"),
    ("agent_strategies", "agent strategy"),
    ("models", "model"),
    ("datasources", "datasource"),
    ("triggers", "trigger"),
];

/// The kinds (summary names from [`PLUGIN_KINDS`]) a plugin manifest declares: the `plugins:`
/// keys that list at least one file. An empty or null list declares nothing.
pub(crate) fn declared_kinds(m: &SourceFile) -> Vec<&'static str> {
    let plugins = ManifestDecl::of(m).and_then(ManifestDecl::plugins);
    PLUGIN_KINDS
        .iter()
        .filter(|(key, _)| {
            plugins
                .and_then(|p| p.kind(key))
                .map(Field::node)
                .is_some_and(|n| !n.is_null() && n.as_seq().is_none_or(|items| !items.is_empty()))
        })
        .map(|(_, name)| *name)
        .collect()
}

/// The string items of a YAML list, with their spans.
pub(crate) fn string_items(node: Option<&Node>) -> Vec<(&str, Span)> {
    node.and_then(Node::as_seq)
        .map(|items| items.iter().filter_map(|n| n.as_str().map(|s| (s, n.span))).collect())
        .unwrap_or_default()
}

fn reference(files: &dyn Files, root: &Path, file: &Arc<SourceFile>, raw: &str, span: Span) -> Reference {
    Reference {
        file: file.clone(),
        span,
        raw: raw.to_string(),
        target: paths::resolve(files, root, raw),
    }
}

fn python_source(
    files: &dyn Files,
    root: &Path,
    yaml: &Arc<SourceFile>,
) -> (Option<Reference>, Option<PathBuf>, Option<Arc<SourceFile>>) {
    let node = yaml
        .yaml_root()
        .and_then(ExtraDecl::of_root)
        .and_then(ExtraDecl::python_source);
    let Some((raw, span)) = node.and_then(|n| n.as_str().map(|s| (s, n.span))) else {
        return (None, None, None);
    };
    let r = reference(files, root, yaml, raw, span);
    let py = if r.target.exists {
        files.read(&r.target.path)
    } else {
        None
    };
    let path = r.target.path.clone();
    (Some(r), Some(path), py)
}

fn load_plugin(unit: &Unit, files: &dyn Files) -> Project {
    let root = &unit.root;
    let manifest = files.read(&root.join("manifest.yaml"));
    let mut provider_refs: Vec<(PathBuf, Option<Reference>)> = Vec::new();
    if let Some(m) = &manifest {
        for (raw, span) in string_items(
            ManifestDecl::of(m)
                .and_then(ManifestDecl::plugins)
                .and_then(|p| p.tools())
                .map(Field::node),
        ) {
            let r = reference(files, root, m, raw, span);
            provider_refs.push((r.target.path.clone(), Some(r)));
        }
    } else {
        // No manifest: analyse the conventional provider folder so the rest is still checked.
        for e in files.list_dir(&root.join("provider")) {
            if !e.is_dir && e.name.ends_with(".yaml") {
                provider_refs.push((root.join("provider").join(&e.name), None));
            }
        }
    }
    let mut providers = Vec::new();
    for (yaml_path, listed) in provider_refs {
        let exists = listed.as_ref().is_none_or(|r| r.target.exists);
        let yaml = if exists { files.read(&yaml_path) } else { None };
        let (source, py_path, py) = match &yaml {
            Some(y) => python_source(files, root, y),
            None => (None, None, None),
        };
        let mut tools = Vec::new();
        if let Some(y) = &yaml {
            for (raw, span) in string_items(ProviderDecl::of(y).and_then(ProviderDecl::tools).map(Field::node)) {
                let r = reference(files, root, y, raw, span);
                let tool_yaml = if r.target.exists {
                    files.read(&r.target.path)
                } else {
                    None
                };
                let (source, py_path, py) = match &tool_yaml {
                    Some(t) => python_source(files, root, t),
                    None => (None, None, None),
                };
                tools.push(ToolFile {
                    yaml_path: r.target.path.clone(),
                    yaml: tool_yaml,
                    listed: Some(r),
                    source,
                    py_path,
                    py,
                });
            }
        }
        providers.push(Provider {
            yaml_path,
            yaml,
            listed,
            source,
            py_path,
            py,
            tools,
        });
    }
    // Without a readable manifest nothing is known to be listed: no tool is an orphan.
    let orphans = match &manifest {
        Some(m) if m.decode_error.is_some() => Vec::new(),
        _ => plugin_orphans(root, files, &providers),
    };
    let kinds = match &manifest {
        Some(m) => super::kinds::load(root, m, files),
        None => Vec::new(),
    };
    Project {
        unit: unit.clone(),
        manifest,
        providers,
        orphans,
        yml_tools: Vec::new(),
        kinds,
    }
}

fn plugin_orphans(root: &Path, files: &dyn Files, providers: &[Provider]) -> Vec<Arc<SourceFile>> {
    let listed: Vec<&Path> = providers
        .iter()
        .flat_map(|p| {
            p.tools
                .iter()
                .map(|t| t.yaml_path.as_path())
                .chain([p.yaml_path.as_path()])
        })
        .collect();
    let mut dirs: Vec<PathBuf> = vec![root.join("tools")];
    for p in providers {
        for t in &p.tools {
            if let Some(d) = t.yaml_path.parent().filter(|d| *d != root) {
                dirs.push(d.to_path_buf());
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    // A tools folder of a plugin nested in this one is that plugin's to judge.
    dirs.retain(|d| paths::inside(files, root, d) && !super::in_nested_unit(files, root, d));
    let mut out = Vec::new();
    for dir in dirs {
        for e in files.list_dir(&dir) {
            let path = dir.join(&e.name);
            if !e.is_dir
                && e.name.ends_with(".yaml")
                && !listed.contains(&path.as_path())
                && let Some(f) = files.read(&path).filter(|f| looks_like_tool(f))
            {
                out.push(f);
            }
        }
    }
    out
}

/// A tool declaration rather than some other YAML (a provider, an endpoint group).
fn looks_like_tool(file: &SourceFile) -> bool {
    match file.yaml_root() {
        Some(root) => {
            // A tool has an identity; a provider has one too, but also tools or credentials.
            let provider = ProviderDecl::new(root);
            ToolDecl::new(root).identity().is_some()
                && provider.tools().is_none()
                && provider.credentials_for_provider().is_none()
        }
        None => false,
    }
}

fn load_intree(unit: &Unit, files: &dyn Files) -> Project {
    let root = &unit.root;
    let name = unit.dir_name();
    let yaml_path = root.join(format!("{name}.yaml"));
    let py_path = root.join(format!("{name}.py"));
    let tools_dir = root.join("tools");
    let mut tools = Vec::new();
    let mut yml_tools = Vec::new();
    for e in files.list_dir(&tools_dir) {
        if e.is_dir || e.name.starts_with("__") {
            continue;
        }
        if e.name.ends_with(".yaml") {
            // The loader's stem is the name up to the first dot.
            let stem = e.name.split('.').next().unwrap_or("");
            let py_path = tools_dir.join(format!("{stem}.py"));
            let path = tools_dir.join(&e.name);
            tools.push(ToolFile {
                yaml: files.read(&path),
                yaml_path: path,
                listed: None,
                source: None,
                py: files.read(&py_path),
                py_path: Some(py_path),
            });
        } else if e.name.ends_with(".yml") {
            yml_tools.push(tools_dir.join(&e.name));
        }
    }
    let provider = Provider {
        yaml: files.read(&yaml_path),
        yaml_path,
        listed: None,
        source: None,
        py: files.read(&py_path),
        py_path: Some(py_path),
        tools,
    };
    Project {
        unit: unit.clone(),
        manifest: None,
        providers: vec![provider],
        orphans: Vec::new(),
        yml_tools,
        kinds: Vec::new(),
    }
}
