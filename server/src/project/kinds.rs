//! The other kinds a plugin manifest declares (dify-plugin-kinds.md §3.1): endpoint groups, agent
//! strategy providers, model providers, datasource providers and trigger providers, with the
//! sub-declarations they list and the Python modules they name, resolved the way the SDK and the
//! daemon resolve them. Like the tool model, building never fails: what is missing is `None`.

use super::model::{Reference, string_items};
use crate::project::views::{ExtraDecl, Field, KindProviderDecl, ManifestDecl, ModelProviderDecl, ModelsEntryDecl};
use crate::project::{Files, SourceFile, paths};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::path::Path;
use std::sync::Arc;

/// A `plugins.<key>` kind other than tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Endpoints,
    AgentStrategies,
    Models,
    Datasources,
    Triggers,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Endpoints,
        Kind::AgentStrategies,
        Kind::Models,
        Kind::Datasources,
        Kind::Triggers,
    ];

    /// The manifest key under `plugins:`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Endpoints => "endpoints",
            Kind::AgentStrategies => "agent_strategies",
            Kind::Models => "models",
            Kind::Datasources => "datasources",
            Kind::Triggers => "triggers",
        }
    }

    /// The key listing the sub-declarations, and what one is called.
    pub fn items(self) -> Option<(&'static str, &'static str)> {
        match self {
            Kind::Endpoints => Some(("endpoints", "endpoint")),
            Kind::AgentStrategies => Some(("strategies", "strategy")),
            Kind::Datasources => Some(("datasources", "datasource")),
            Kind::Triggers => Some(("events", "event")),
            Kind::Models => None,
        }
    }

    /// The daemon's word in `failed to read <k> file: <p>` (§3.2).
    pub fn daemon_word(self) -> &'static str {
        match self {
            Kind::Endpoints => "endpoint",
            Kind::AgentStrategies => "agent strategy",
            Kind::Models => "model",
            Kind::Datasources => "datasource",
            Kind::Triggers => "trigger",
        }
    }
}

/// What a Python module named by a declaration must hold (the SDK's class loader looks for
/// subclasses of the base, §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Endpoint,
    AgentStrategy,
    ModelProvider,
    /// A module of `model_sources`: any number of model classes, keyed by type.
    Models,
    DatasourceProvider,
    /// A datasource module: the base follows the provider's `provider_type`.
    Datasource(Option<DatasourceType>),
    Trigger,
    Event,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatasourceType {
    WebsiteCrawl,
    OnlineDocument,
    OnlineDrive,
}

impl DatasourceType {
    pub fn parse(s: &str) -> Option<DatasourceType> {
        Some(match s {
            "website_crawl" => DatasourceType::WebsiteCrawl,
            "online_document" => DatasourceType::OnlineDocument,
            "online_drive" => DatasourceType::OnlineDrive,
            _ => return None,
        })
    }
}

impl Role {
    /// The SDK base class the module must define exactly one subclass of, if there is exactly one
    /// to define (`None` for model modules, and for datasources whose provider type is unknown).
    pub fn base(self) -> Option<&'static str> {
        Some(match self {
            Role::Endpoint => "Endpoint",
            Role::AgentStrategy => "AgentStrategy",
            Role::ModelProvider => "ModelProvider",
            Role::DatasourceProvider => "DatasourceProvider",
            Role::Datasource(Some(DatasourceType::WebsiteCrawl)) => "WebsiteCrawlDatasource",
            Role::Datasource(Some(DatasourceType::OnlineDocument)) => "OnlineDocumentDatasource",
            Role::Datasource(Some(DatasourceType::OnlineDrive)) => "OnlineDriveDatasource",
            Role::Trigger => "Trigger",
            Role::Event => "Event",
            Role::Models | Role::Datasource(None) => return None,
        })
    }
}

/// A Python module a declaration names (`extra.python.source`, `provider_source`, a
/// `model_sources` item).
pub struct Module {
    pub source: Reference,
    pub py: Option<Arc<SourceFile>>,
    pub role: Role,
}

/// A sub-declaration (an endpoint, a strategy, a datasource, an event): a listed YAML file, or for
/// endpoint groups also an inline mapping.
pub struct Item {
    /// Where the parent lists it.
    pub listed: Reference,
    pub yaml: Option<Arc<SourceFile>>,
    pub module: Option<Module>,
}

/// A declaration a `plugins.<kind>` entry lists.
pub struct Declaration {
    pub kind: Kind,
    pub listed: Reference,
    pub yaml: Option<Arc<SourceFile>>,
    /// The modules the declaration itself names, with the YAML key that names them.
    pub modules: Vec<Module>,
    pub items: Vec<Item>,
    /// The role of the modules its items name (a datasource's follows the provider's type).
    pub item_role: Option<Role>,
    /// Model providers: each `models.<type>.predefined` pattern and what it matched.
    pub globs: Vec<ModelGlob>,
    /// Model providers: the model YAML files the patterns match, once each.
    pub models: Vec<ModelFile>,
}

/// The `models:` keys the SDK and the daemon read (M4b): the model types, spelt with `_`.
pub const MODEL_KEYS: [&str; 6] = ["llm", "text_embedding", "rerank", "tts", "speech2text", "moderation"];

/// A pattern of `models.<key>.predefined`.
pub struct ModelGlob {
    /// The `models:` key it is listed under.
    pub key: &'static str,
    pub raw: String,
    pub span: Span,
    /// The files it matches, as the SDK's `glob.glob` finds them (position files included).
    pub matches: Vec<std::path::PathBuf>,
}

/// A model YAML file a `predefined` pattern matches (files ending `_position.yaml` are position
/// files, not models).
pub struct ModelFile {
    pub yaml: Arc<SourceFile>,
}

impl Declaration {
    /// Every file of the declaration that was read.
    pub fn source_files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.yaml
            .iter()
            .chain(self.modules.iter().flat_map(|m| m.py.iter()))
            .chain(
                self.items
                    .iter()
                    .flat_map(|i| i.yaml.iter().chain(i.module.iter().flat_map(|m| m.py.iter()))),
            )
            .chain(self.models.iter().map(|m| &m.yaml))
    }
}

fn reference(files: &dyn Files, root: &Path, file: &Arc<SourceFile>, raw: &str, span: Span) -> Reference {
    Reference {
        file: file.clone(),
        span,
        raw: raw.to_string(),
        target: paths::resolve(files, root, raw),
    }
}

fn read(files: &dyn Files, r: &Reference) -> Option<Arc<SourceFile>> {
    if r.target.exists && !r.target.unknown {
        files.read(&r.target.path)
    } else {
        None
    }
}

fn module_at(
    files: &dyn Files,
    root: &Path,
    yaml: &Arc<SourceFile>,
    node: Option<&Node>,
    role: Role,
) -> Option<Module> {
    let n = node?;
    let raw = n.as_str()?;
    let source = reference(files, root, yaml, raw, n.span);
    let py = read(files, &source);
    Some(Module { source, py, role })
}

/// The declarations of every non-tool kind the manifest lists.
pub fn load(root: &Path, manifest: &Arc<SourceFile>, files: &dyn Files) -> Vec<Declaration> {
    let mut out = Vec::new();
    let Some(plugins) = ManifestDecl::of(manifest).and_then(ManifestDecl::plugins) else {
        return out;
    };
    for kind in Kind::ALL {
        for (raw, span) in string_items(plugins.kind(kind.key()).map(Field::node)) {
            let listed = reference(files, root, manifest, raw, span);
            let yaml = read(files, &listed);
            let mut decl = Declaration {
                kind,
                listed,
                yaml: yaml.clone(),
                modules: Vec::new(),
                items: Vec::new(),
                item_role: None,
                globs: Vec::new(),
                models: Vec::new(),
            };
            if let Some(y) = &yaml {
                fill(&mut decl, y, root, files);
            }
            out.push(decl);
        }
    }
    out
}

fn fill(decl: &mut Declaration, y: &Arc<SourceFile>, root: &Path, files: &dyn Files) {
    let Some(top) = y.yaml_root() else { return };
    let python = |key: &str| {
        ExtraDecl::of_root(top)
            .and_then(|e| e.python())
            .and_then(|p| p.module(key))
            .map(Field::node)
    };
    match decl.kind {
        Kind::Models => {
            decl.modules.extend(module_at(
                files,
                root,
                y,
                python("provider_source"),
                Role::ModelProvider,
            ));
            for item in python("model_sources").and_then(Node::as_seq).unwrap_or(&[]) {
                decl.modules.extend(module_at(files, root, y, Some(item), Role::Models));
            }
            predefined_models(decl, top, root, files);
        }
        Kind::Datasources => {
            decl.modules
                .extend(module_at(files, root, y, python("source"), Role::DatasourceProvider));
        }
        Kind::Triggers => {
            decl.modules
                .extend(module_at(files, root, y, python("source"), Role::Trigger));
        }
        // An agent strategy provider's own `extra` is never loaded (G12); endpoint groups have none.
        Kind::AgentStrategies | Kind::Endpoints => {}
    }
    let Some((key, _)) = decl.kind.items() else { return };
    let item_role = match decl.kind {
        Kind::Endpoints => Role::Endpoint,
        Kind::AgentStrategies => Role::AgentStrategy,
        Kind::Datasources => Role::Datasource(
            KindProviderDecl::new(top)
                .provider_type()
                .and_then(Field::str)
                .and_then(DatasourceType::parse),
        ),
        Kind::Triggers => Role::Event,
        Kind::Models => unreachable!("models list no items"),
    };
    decl.item_role = Some(item_role);
    for (raw, span) in string_items(top.get(key)) {
        let listed = reference(files, root, y, raw, span);
        let item_yaml = read(files, &listed);
        let module = item_yaml.as_ref().and_then(|iy| {
            module_at(
                files,
                root,
                iy,
                iy.yaml_root()
                    .and_then(ExtraDecl::of_root)
                    .and_then(ExtraDecl::python_source),
                item_role,
            )
        });
        decl.items.push(Item {
            listed,
            yaml: item_yaml,
            module,
        });
    }
}

/// The model YAML files of a provider, found the way the SDK finds them at start (spec §6.3):
/// per `models:` key, each `predefined` pattern globbed from the plugin root.
fn predefined_models(decl: &mut Declaration, top: &Node, root: &Path, files: &dyn Files) {
    let Some(models) = ModelProviderDecl::new(top).models().and_then(Field::as_map) else {
        return;
    };
    let mut seen = std::collections::HashSet::new();
    for e in models {
        let Some(key) = e.key.as_str().and_then(|k| MODEL_KEYS.iter().find(|m| **m == k)) else {
            continue;
        };
        for (raw, span) in string_items(ModelsEntryDecl::new(&e.value).predefined().map(Field::node)) {
            let matches = super::glob::glob(files, root, raw);
            for path in &matches {
                let is_position = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with("_position.yaml"));
                if is_position || !seen.insert(path.clone()) {
                    continue;
                }
                if let Some(yaml) = files.read(path) {
                    decl.models.push(ModelFile { yaml });
                }
            }
            decl.globs.push(ModelGlob {
                key,
                raw: raw.to_string(),
                span,
                matches,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasource_types_name_their_base() {
        let t = DatasourceType::parse("online_drive");
        assert_eq!(Role::Datasource(t).base(), Some("OnlineDriveDatasource"));
        assert_eq!(Role::Datasource(None).base(), None);
        assert_eq!(DatasourceType::parse("local_file"), None);
    }
}

/// A kind or feature a plugin declares that only later releases know (dify-plugin-kinds.md §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Feature {
    Datasources,
    Triggers,
    AgentAny,
    HistoryMessages,
    Polling,
}

impl Feature {
    /// How messages name it.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Feature::Datasources => "a datasource plugin",
            Feature::Triggers => "a trigger plugin",
            Feature::AgentAny => "an agent strategy parameter of type `any`",
            Feature::HistoryMessages => "the agent feature `history-messages`",
            Feature::Polling => "the model feature `polling`",
        }
    }

    /// The first Dify release that knows it (`None` for `polling`: not confirmed, §11).
    pub(crate) fn dify(self) -> Option<&'static str> {
        match self {
            Feature::Datasources => Some("1.9.0"),
            Feature::Triggers => Some("1.10.0"),
            Feature::AgentAny => Some("1.7.0"),
            Feature::HistoryMessages => Some("1.2.0"),
            Feature::Polling => None,
        }
    }

    /// The first SDK release that knows it (`None`: every stable one does).
    pub(crate) fn sdk(self) -> Option<&'static str> {
        match self {
            Feature::Datasources => Some("0.5.0"),
            Feature::Triggers => Some("0.6.0"),
            Feature::AgentAny => Some("0.2.2"),
            Feature::HistoryMessages => None,
            Feature::Polling => Some("0.9.0"),
        }
    }
}

/// Where a plugin declares a [`Feature`].
pub(crate) struct Requirement {
    pub(crate) feature: Feature,
    pub(crate) file: Arc<SourceFile>,
    pub(crate) span: Span,
}

/// Every kind and feature the declarations use that only later releases know, for the rules that
/// compare them with `meta.minimum_dify_version` (DIFY305) and the SDK requirement (DIFY427).
pub(crate) fn requirements(kinds: &[Declaration]) -> Vec<Requirement> {
    use crate::project::views::{ItemDecl, ModelDecl};
    let mut out = Vec::new();
    let mut push = |feature, file: &Arc<SourceFile>, span| {
        out.push(Requirement {
            feature,
            file: file.clone(),
            span,
        })
    };
    for d in kinds {
        match d.kind {
            Kind::Datasources => push(Feature::Datasources, &d.listed.file, d.listed.span),
            Kind::Triggers => push(Feature::Triggers, &d.listed.file, d.listed.span),
            Kind::AgentStrategies => {
                for y in d.items.iter().filter_map(|i| i.yaml.as_ref()) {
                    let Some(strategy) = ItemDecl::of(y) else { continue };
                    for p in strategy.parameters() {
                        if let Some(t) = p.kind().filter(|t| t.str() == Some("any")) {
                            push(Feature::AgentAny, y, t.span());
                        }
                    }
                    for f in strategy.features().and_then(Field::as_seq).unwrap_or(&[]) {
                        if f.as_str() == Some("history-messages") {
                            push(Feature::HistoryMessages, y, f.span);
                        }
                    }
                }
            }
            Kind::Models => {
                for m in &d.models {
                    let Some(model) = ModelDecl::of(&m.yaml) else { continue };
                    for f in model.features().and_then(Field::as_seq).unwrap_or(&[]) {
                        if f.as_str() == Some("polling") {
                            push(Feature::Polling, &m.yaml, f.span);
                        }
                    }
                }
            }
            Kind::Endpoints => {}
        }
    }
    out
}
