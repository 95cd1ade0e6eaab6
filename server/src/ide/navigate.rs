//! Navigation: from YAML paths to files, from Python reads to their declaration and back, rename
//! of a parameter or credential across YAML and Python, document links and symbols.

use super::context::{FileKind, file_kind};
use crate::actions::Change;
use crate::project::kinds::Kind;
use crate::project::views::{Field, ManifestDecl, ModelProviderDecl, ParamDecl, ProviderDecl, ToolDecl};
use crate::project::{Project, Reference, SourceFile};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    /// `key`, `parameter`, `credential`, `class`, `method`.
    pub kind: &'static str,
    pub span: Span,
    pub selection: Span,
    pub children: Vec<Symbol>,
}

fn references_in(project: &Project, path: &std::path::Path) -> Vec<Reference> {
    let mut out = Vec::new();
    for p in &project.providers {
        out.extend(p.listed.iter().chain(p.source.iter()).cloned());
        for t in &p.tools {
            out.extend(t.listed.iter().chain(t.source.iter()).cloned());
        }
    }
    // The other kinds: `plugins.<kind>` items, the declarations' own modules (`extra.python.source`,
    // `provider_source`, `model_sources` items), the listed sub-declarations and their modules.
    for d in &project.kinds {
        out.push(d.listed.clone());
        out.extend(d.modules.iter().map(|m| m.source.clone()));
        for i in &d.items {
            out.push(i.listed.clone());
            out.extend(i.module.iter().map(|m| m.source.clone()));
        }
    }
    out.retain(|r| r.file.path == path);
    out
}

fn icons(project: &Project, file: &SourceFile) -> Vec<(Span, PathBuf)> {
    let Some(root) = file.yaml_root() else {
        return Vec::new();
    };
    let assets = project.unit.root.join("_assets");
    // The manifest's icons, or a provider's or tool's `identity` icons.
    let manifest = ManifestDecl::new(root);
    let identity = ProviderDecl::new(root).identity();
    // A model provider's icons are I18n objects of file names, one per locale (§6.1).
    let model = ModelProviderDecl::new(root);
    let per_locale = [
        model.icon_small(),
        model.icon_large(),
        model.icon_small_dark(),
        model.icon_large_dark(),
    ]
    .into_iter()
    .flatten()
    .filter_map(Field::as_map)
    .flat_map(|entries| entries.iter().map(|e| &e.value));
    [
        manifest.icon(),
        manifest.icon_dark(),
        identity.and_then(|i| i.icon()),
        identity.and_then(|i| i.icon_dark()),
    ]
    .into_iter()
    .flatten()
    .map(Field::node)
    .chain(per_locale)
    .filter_map(|n| n.as_str().map(|s| (n.span, assets.join(s))))
    .filter(|(_, p)| p.is_file())
    .collect()
}

/// Links from path values to the files they name.
pub fn links(project: &Project, file: &SourceFile) -> Vec<(Span, PathBuf)> {
    let mut out: Vec<(Span, PathBuf)> = references_in(project, &file.path)
        .into_iter()
        .filter(|r| r.target.exists)
        .map(|r| (r.span, r.target.path))
        .collect();
    out.extend(icons(project, file));
    out
}

/// A declared parameter or credential name at `offset`: (is parameter, name, tool YAML path).
fn name_at(project: &Project, file: &SourceFile, offset: usize) -> Option<(bool, String, Option<PathBuf>)> {
    match file_kind(project, &file.path) {
        FileKind::Python => {
            let facts = &file.python().facts;
            let tool_yaml = project
                .providers
                .iter()
                .flat_map(|p| &p.tools)
                .find(|t| t.py.as_ref().is_some_and(|p| p.path == file.path))
                .map(|t| t.yaml_path.clone());
            if let Some(r) = facts.param_reads.iter().find(|r| r.span.contains(offset)) {
                return Some((true, r.key.clone(), tool_yaml));
            }
            facts
                .credential_reads
                .iter()
                .find(|r| r.span.contains(offset))
                .map(|r| (false, r.key.clone(), None))
        }
        FileKind::Tool => {
            let tool = ToolDecl::of(file)?;
            tool.parameters_field()?.as_seq()?;
            let n = tool
                .parameters()
                .filter_map(|p| p.name())
                .find(|n| n.span().contains(offset))?;
            Some((true, n.str()?.to_string(), Some(file.path.clone())))
        }
        FileKind::Provider => {
            let creds = ProviderDecl::of(file)?.credentials_for_provider()?.as_map()?;
            let e = creds.iter().find(|e| e.key.span.contains(offset))?;
            Some((false, e.key.as_str()?.to_string(), None))
        }
        _ => None,
    }
}

/// Every place a parameter (of one tool) or a credential (of the provider) is declared and read.
fn occurrences(
    project: &Project,
    is_param: bool,
    name: &str,
    tool_yaml: Option<&PathBuf>,
) -> (Vec<Location>, Vec<Location>) {
    let mut decls = Vec::new();
    let mut reads = Vec::new();
    let loc = |f: &Arc<SourceFile>, span: Span| Location {
        path: f.path.clone(),
        span,
    };
    for p in &project.providers {
        if is_param {
            for t in p.tools.iter().filter(|t| Some(&t.yaml_path) == tool_yaml) {
                if let Some(y) = &t.yaml {
                    for n in ToolDecl::of(y)
                        .into_iter()
                        .flat_map(ToolDecl::parameters)
                        .filter_map(ParamDecl::name)
                    {
                        if n.str() == Some(name) {
                            decls.push(loc(y, n.span()));
                        }
                    }
                }
                if let Some(py) = &t.py {
                    reads.extend(
                        py.python()
                            .facts
                            .param_reads
                            .iter()
                            .filter(|r| r.key == name)
                            .map(|r| loc(py, r.span)),
                    );
                }
            }
        } else {
            if let Some(y) = &p.yaml
                && let Some((e, _)) = ProviderDecl::of(y).and_then(|p| p.credential_named(name))
            {
                decls.push(loc(y, e.key_span()));
            }
            for py in p.py.iter().chain(p.tools.iter().filter_map(|t| t.py.as_ref())) {
                reads.extend(
                    py.python()
                        .facts
                        .credential_reads
                        .iter()
                        .filter(|r| r.key == name)
                        .map(|r| loc(py, r.span)),
                );
            }
        }
    }
    (decls, reads)
}

pub fn definition(project: &Project, file: &SourceFile, offset: usize) -> Vec<Location> {
    if let Some(r) = references_in(project, &file.path)
        .into_iter()
        .find(|r| r.span.contains(offset))
    {
        return if r.target.exists {
            vec![Location {
                path: r.target.path,
                span: Span::default(),
            }]
        } else {
            Vec::new()
        };
    }
    if let Some((_, path)) = icons(project, file).into_iter().find(|(s, _)| s.contains(offset)) {
        return vec![Location {
            path,
            span: Span::default(),
        }];
    }
    // From a tool YAML's identity.name to its class.
    if file_kind(project, &file.path) == FileKind::Tool
        && let Some(n) = ToolDecl::of(file)
            .and_then(ToolDecl::identity)
            .and_then(|i| i.name())
            .map(Field::node)
            .filter(|n| n.span.contains(offset))
    {
        let _ = n;
        let tool = project
            .providers
            .iter()
            .flat_map(|p| &p.tools)
            .find(|t| t.yaml_path == file.path);
        if let Some(py) = tool.and_then(|t| t.py.as_ref())
            && let Some(c) = py
                .python()
                .facts
                .classes
                .iter()
                .find(|c| c.method("_invoke").is_some())
                .or(py.python().facts.classes.first())
        {
            return vec![Location {
                path: py.path.clone(),
                span: c.name_span,
            }];
        }
    }
    match name_at(project, file, offset) {
        Some((is_param, name, tool)) => occurrences(project, is_param, &name, tool.as_ref()).0,
        None => Vec::new(),
    }
}

/// Where a parameter or credential is read (and, with `declaration`, declared).
pub fn references(project: &Project, file: &SourceFile, offset: usize, declaration: bool) -> Vec<Location> {
    let Some((is_param, name, tool)) = name_at(project, file, offset) else {
        return Vec::new();
    };
    let (decls, reads) = occurrences(project, is_param, &name, tool.as_ref());
    if declaration {
        decls.into_iter().chain(reads).collect()
    } else {
        reads
    }
}

/// The span of the renameable name at `offset` (for prepareRename), and the changes of a rename.
pub fn rename(
    project: &Project,
    file: &SourceFile,
    offset: usize,
    new_name: Option<&str>,
) -> Option<(Span, Vec<Change>)> {
    let (is_param, name, tool) = name_at(project, file, offset)?;
    let (decls, reads) = occurrences(project, is_param, &name, tool.as_ref());
    let here = decls
        .iter()
        .chain(&reads)
        .find(|l| l.path == file.path && l.span.contains(offset))?
        .span;
    let Some(new) = new_name else {
        return Some((here, Vec::new()));
    };
    let mut changes = Vec::new();
    for l in decls {
        changes.push(Change::Edit {
            path: l.path,
            span: l.span,
            text: new.to_string(),
        });
    }
    for l in reads {
        // Python string literals keep their quotes.
        changes.push(Change::Edit {
            path: l.path,
            span: Span::new(l.span.start + 1, l.span.end - 1),
            text: new.to_string(),
        });
    }
    Some((here, changes))
}

/// The renameable name at `offset` for prepareRename: its span without the quotes of a Python
/// string literal, and its text (the placeholder).
pub fn prepare_rename(project: &Project, file: &SourceFile, offset: usize) -> Option<(Span, String)> {
    let (span, _) = rename(project, file, offset, None)?;
    let inner = if file.path.extension().is_some_and(|e| e == "py") {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    };
    Some((inner, file.slice(inner).to_string()))
}

/// Whether `name` can be a parameter or credential name (what a rename may write).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// What a YAML file of another kind declares, for the outline: its name (`POST /hook`, a
/// strategy, datasource, event or model name, a model provider), what it is, and the node naming it.
fn kind_declaration<'a>(project: &Project, file: &'a SourceFile) -> Option<(String, &'static str, &'a Node)> {
    let root = file.yaml_root()?;
    // `identity.name`, as what the file declares.
    let named = |what: &'static str| {
        let n = root.path(&["identity", "name"])?;
        Some((n.as_str()?.to_string(), what, n))
    };
    for d in &project.kinds {
        if d.yaml.as_ref().is_some_and(|y| y.path == file.path) {
            return match d.kind {
                Kind::Endpoints => None,
                Kind::Models => {
                    let n = root.get("provider")?;
                    Some((n.as_str()?.to_string(), "model provider", n))
                }
                Kind::AgentStrategies => named("agent strategy provider"),
                Kind::Datasources => named("datasource provider"),
                Kind::Triggers => named("trigger provider"),
            };
        }
        let is_item = |i: &crate::project::kinds::Item| i.yaml.as_ref().is_some_and(|y| y.path == file.path);
        if d.items.iter().any(is_item) {
            return match d.kind {
                Kind::Endpoints => {
                    let method = root.get("method").and_then(Node::as_str).unwrap_or("?");
                    let path = root.get("path")?;
                    let name = format!("{} {}", method.to_uppercase(), path.as_str()?);
                    Some((name, "endpoint", path))
                }
                Kind::AgentStrategies => named("agent strategy"),
                Kind::Datasources => named("datasource"),
                Kind::Triggers | Kind::Models => named("event"),
            };
        }
    }
    // A model YAML (found by the provider's `predefined` globs): `model` with its `model_type`.
    if project.kinds.iter().any(|d| d.kind == Kind::Models)
        && let Some(ty) = root.get("model_type").and_then(Node::as_str)
        && let Some(n) = root.get("model")
    {
        let what = match ty {
            "llm" => "llm model",
            "text-embedding" => "text-embedding model",
            "rerank" => "rerank model",
            "tts" => "tts model",
            "speech2text" => "speech2text model",
            "moderation" => "moderation model",
            _ => "model",
        };
        return Some((n.as_str()?.to_string(), what, n));
    }
    None
}

/// The outline of a YAML or Python file. The YAML of another kind (an endpoint, a strategy, a
/// model, …) gets one symbol for what it declares, holding the outline of its keys.
pub fn symbols(project: &Project, file: &SourceFile) -> Vec<Symbol> {
    let outline = outline(file);
    match kind_declaration(project, file) {
        Some((name, what, node)) => vec![Symbol {
            name,
            detail: Some(what.to_string()),
            kind: "declaration",
            span: file.yaml_root().map_or(node.span, |r| r.span),
            selection: node.span,
            children: outline,
        }],
        None => outline,
    }
}

fn outline(file: &SourceFile) -> Vec<Symbol> {
    if file.path.extension().is_some_and(|e| e == "py") {
        return file
            .python()
            .facts
            .classes
            .iter()
            .map(|c| Symbol {
                name: c.name.clone(),
                detail: c.bases.first().map(|b| b.0.clone()),
                kind: "class",
                span: c.span,
                selection: c.name_span,
                children: c
                    .methods
                    .iter()
                    .map(|m| Symbol {
                        name: m.name.clone(),
                        detail: None,
                        kind: "method",
                        span: Span::new(m.def_span.start, m.body.end),
                        selection: m.name_span,
                        children: Vec::new(),
                    })
                    .collect(),
            })
            .collect();
    }
    let Some(root) = file.yaml_root() else {
        return Vec::new();
    };
    fn entries(node: &Node, depth: usize) -> Vec<Symbol> {
        let Some(map) = node.as_map() else {
            return match node.as_seq() {
                Some(items) if depth < 6 => items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let name = it
                            .get("name")
                            .and_then(Node::text)
                            .map(String::from)
                            .unwrap_or_else(|| it.text().map(String::from).unwrap_or_else(|| format!("[{i}]")));
                        Symbol {
                            name,
                            detail: it.get("type").and_then(Node::text).map(String::from),
                            kind: "item",
                            span: it.span,
                            selection: it.get("name").map_or(it.span, |n| n.span),
                            children: if it.as_map().is_some() {
                                entries(it, depth + 1)
                            } else {
                                Vec::new()
                            },
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            };
        };
        map.iter()
            .map(|e| Symbol {
                name: e.key.text().unwrap_or("").to_string(),
                detail: e.value.as_scalar().map(|s| s.text.chars().take(60).collect()),
                kind: "key",
                span: Span::new(e.key.span.start, e.value.span.end.max(e.key.span.end)),
                selection: e.key.span,
                children: if depth < 6 {
                    entries(&e.value, depth + 1)
                } else {
                    Vec::new()
                },
            })
            .collect()
    }
    entries(root, 0)
}
