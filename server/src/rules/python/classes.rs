//! Static class resolution across the unit's own modules, through each module's namespace as the
//! loader sees it (`project::namespace`): what the rules of this family share to find the class
//! Dify loads from a module, its methods and the modules it imports. Not a rule.

use crate::project::namespace::{Slot, Value};
use crate::project::python::{Class, Method};
use crate::project::{Generation, Layout, SourceFile};
use crate::rules::Ctx;
use crate::syntax::Span;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Tool,
    Provider,
    /// A module another kind's declaration names (dify-plugin-kinds.md §3.1): the SDK base it
    /// must subclass, and the modules it is imported from (the first is suggested).
    Kind {
        base: &'static str,
        modules: &'static [&'static str],
    },
}

/// The framework base class for a role in a layout: (modules it is imported from, class name).
pub(crate) fn framework_base(layout: Layout, role: Role) -> (&'static [&'static str], &'static str) {
    match (layout, role) {
        (_, Role::Kind { base, modules }) => (modules, base),
        (Layout::Plugin, Role::Tool) => (&["dify_plugin", "dify_plugin.interfaces.tool"], "Tool"),
        (Layout::Plugin, Role::Provider) => (&["dify_plugin", "dify_plugin.interfaces.tool"], "ToolProvider"),
        (Layout::InTree(Generation::V1), Role::Tool) => (&["core.tools.builtin_tool.tool"], "BuiltinTool"),
        (Layout::InTree(Generation::V1), Role::Provider) => {
            (&["core.tools.builtin_tool.provider"], "BuiltinToolProviderController")
        }
        (Layout::InTree(Generation::V0), Role::Tool) => (&["core.tools.tool.builtin_tool"], "BuiltinTool"),
        (Layout::InTree(Generation::V0), Role::Provider) => (
            &["core.tools.provider.builtin_tool_provider"],
            "BuiltinToolProviderController",
        ),
    }
}

/// A module of Dify's own code (any generation) or of the SDK, as opposed to the unit's modules.
pub(super) fn is_framework_module(m: &str) -> bool {
    m == "dify_plugin"
        || m.starts_with("dify_plugin.")
        || (m.starts_with("core.")
            && !m.starts_with("core.tools.builtin_tool.providers.")
            && !m.starts_with("core.tools.provider.builtin."))
}

pub(super) const ALL_BASES: &[&str] = &[
    "Tool",
    "ToolProvider",
    "BuiltinTool",
    "BuiltinToolProviderController",
    "Endpoint",
    "AgentStrategy",
    "ModelProvider",
    "DatasourceProvider",
    "WebsiteCrawlDatasource",
    "OnlineDocumentDatasource",
    "OnlineDriveDatasource",
    "Trigger",
    "Event",
];

/// The SDK's own subclasses of the kind bases, by name: a plugin class on one of them is a
/// subclass of the base the loader looks for (dify-plugin-kinds.md §6.4, M11).
fn sdk_parent(name: &str) -> Option<&'static str> {
    Some(match name {
        "OAICompatProvider" => "ModelProvider",
        "OAICompatLargeLanguageModel" => "LargeLanguageModel",
        "OAICompatEmbeddingModel" => "TextEmbeddingModel",
        "OAICompatRerankModel" => "RerankModel",
        "OAICompatText2SpeechModel" => "TTSModel",
        "OAICompatSpeech2TextModel" => "Speech2TextModel",
        _ => return None,
    })
}

pub(crate) enum BaseRef {
    /// A framework class (by name), from the SDK or the Dify server.
    Framework(String),
    /// A class defined in one of the unit's modules.
    Local(Arc<SourceFile>, Class),
    Unknown,
}

/// A class found in a module's namespace that subclasses the framework base.
#[derive(Clone)]
pub(crate) struct Found {
    pub(crate) file: Arc<SourceFile>,
    pub(crate) class: Class,
    /// `Some(module)` when the module imports it rather than defining it.
    pub(crate) imported_from: Option<String>,
    /// The span of the binding in the module being checked.
    pub(crate) span: Span,
    /// The module-level name that holds it.
    pub(crate) name: String,
    /// The name holds a subclass on every path through the module (see `project::namespace`).
    pub(crate) certain: bool,
}

/// Static class resolution across the unit's own modules, through each module's namespace as
/// the loader sees it (`project::namespace`).
pub(crate) struct Classes<'c> {
    cx: &'c Ctx<'c>,
    role: Role,
}

/// Bounds the chains followed through imports, aliases and base classes (cycles).
const MAX_DEPTH: usize = 8;

impl<'c> Classes<'c> {
    pub(crate) fn new(cx: &'c Ctx<'c>, role: Role) -> Self {
        Classes { cx, role }
    }

    fn layout(&self) -> Layout {
        self.cx.unit().layout
    }

    /// The file of a module imported from `from`, if it is part of the unit.
    pub(crate) fn module_file(&self, from: &Path, module: &str) -> Option<Arc<SourceFile>> {
        let dots = module.chars().take_while(|c| *c == '.').count();
        let rest = &module[dots..];
        let base: PathBuf = if dots > 0 {
            let mut dir = from.parent()?.to_path_buf();
            for _ in 1..dots {
                dir = dir.parent()?.to_path_buf();
            }
            dir
        } else {
            let root = &self.cx.unit().root;
            let prefix = match self.layout() {
                Layout::InTree(Generation::V1) => Some("core.tools.builtin_tool.providers."),
                Layout::InTree(Generation::V0) => Some("core.tools.provider.builtin."),
                Layout::Plugin => None,
            };
            match prefix.and_then(|p| rest.strip_prefix(p)) {
                Some(inner) => {
                    let providers = root.parent()?;
                    let rel = inner.replace('.', "/");
                    return self.read_module(&providers.join(rel));
                }
                None if self.layout() == Layout::Plugin => root.clone(),
                None => return None,
            }
        };
        let rel = rest.replace('.', "/");
        let target = if rel.is_empty() { base } else { base.join(rel) };
        self.read_module(&target)
    }

    fn read_module(&self, stem: &Path) -> Option<Arc<SourceFile>> {
        let py = stem.with_extension("py");
        self.cx
            .files
            .read(&py)
            .or_else(|| self.cx.files.read(&stem.join("__init__.py")))
    }

    /// Whether `class` in `file` derives from the framework base on some path (a base that may
    /// be one of several values counts when any of them derives).
    fn derives(&self, file: &Arc<SourceFile>, class: &Class, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let (_, name) = framework_base(self.layout(), self.role);
        class.bases.iter().any(|(base, _)| {
            self.resolve_base(file, class, base, depth)
                .into_iter()
                .any(|r| self.is_subclass_ref(&r, name, depth))
        })
    }

    /// What a base of `class` refers to: its head name as bound when the `class` statement ran.
    pub(crate) fn resolve_base(&self, file: &Arc<SourceFile>, class: &Class, base: &str, depth: usize) -> Vec<BaseRef> {
        let module = file.python();
        let head = base.split('.').next().unwrap_or(base);
        let at_definition = module
            .facts
            .classes
            .iter()
            .position(|c| c.name_span == class.name_span)
            .and_then(|i| module.namespace.at_class(i, head));
        self.resolve_in(file, base, at_definition.or_else(|| module.namespace.get(head)), depth)
    }

    fn is_subclass_ref(&self, r: &BaseRef, base: &str, depth: usize) -> bool {
        match r {
            BaseRef::Framework(n) => n == base || sdk_parent(n) == Some(base),
            BaseRef::Local(f, c) => self.derives(f, c, depth + 1),
            BaseRef::Unknown => false,
        }
    }

    /// What a name or dotted expression written in `file` may refer to, through the module's
    /// namespace after import.
    fn resolve_expr(&self, file: &Arc<SourceFile>, expr: &str, depth: usize) -> Vec<BaseRef> {
        if depth > MAX_DEPTH {
            return vec![BaseRef::Unknown];
        }
        let head = expr.split('.').next().unwrap_or(expr);
        self.resolve_in(file, expr, file.python().namespace.get(head), depth)
    }

    /// Resolves `expr` given the binding of its head name.
    fn resolve_in(&self, file: &Arc<SourceFile>, expr: &str, head_slot: Option<&Slot>, depth: usize) -> Vec<BaseRef> {
        let module = file.python();
        let rest = expr.split_once('.').map(|(_, r)| r);
        let Some(slot) = head_slot else {
            // A name from `from m import *` of one of the unit's modules.
            if rest.is_none() {
                for (m, _) in &module.namespace.star_imports {
                    if is_framework_module(m) {
                        continue;
                    }
                    let refs = self.name_in(file, m, expr, depth + 1);
                    if refs.iter().any(|r| !matches!(r, BaseRef::Unknown)) {
                        return refs;
                    }
                }
            }
            return match rest {
                // `pkg.mod.Class` with `pkg` unbound: take it as written.
                Some(_) => vec![self.dotted(file, expr)],
                // A star import or a builtin: trust a framework name.
                None if ALL_BASES.contains(&expr) => vec![BaseRef::Framework(expr.to_string())],
                None => vec![BaseRef::Unknown],
            };
        };
        let mut out = Vec::new();
        for bound in &slot.values {
            match (&bound.value, rest) {
                (Value::Class(i), None) => out.push(BaseRef::Local(file.clone(), module.facts.classes[*i].clone())),
                (Value::Import(i), _) => {
                    let imp = &module.facts.imports[*i];
                    match (&imp.name, rest) {
                        (Some(orig), None) if is_framework_module(&imp.module) => {
                            out.push(BaseRef::Framework(orig.clone()))
                        }
                        (Some(orig), None) => out.extend(self.name_in(file, &imp.module, orig, depth + 1)),
                        // `from pkg import mod` then `mod.Class`.
                        (Some(orig), Some(r)) => out.push(self.dotted(file, &format!("{}.{orig}.{r}", imp.module))),
                        // `import a.b` binds `a`: the expression is already fully qualified.
                        (None, Some(_)) if imp.local == imp.module => out.push(self.dotted(file, expr)),
                        // `import a.b as m` then `m.Class`.
                        (None, Some(r)) => out.push(self.dotted(file, &format!("{}.{r}", imp.module))),
                        (None, None) => out.push(BaseRef::Unknown),
                    }
                }
                (Value::Dotted(d), _) => {
                    let full = match rest {
                        Some(r) => format!("{d}.{r}"),
                        None => d.clone(),
                    };
                    out.extend(self.resolve_expr(file, &full, depth + 1));
                }
                _ => out.push(BaseRef::Unknown),
            }
        }
        out
    }

    /// A fully qualified `module.Class`.
    fn dotted(&self, file: &Arc<SourceFile>, full: &str) -> BaseRef {
        let Some((module, class)) = full.rsplit_once('.') else {
            return BaseRef::Unknown;
        };
        if is_framework_module(module) {
            return BaseRef::Framework(class.to_string());
        }
        self.name_in(file, module, class, 1)
            .into_iter()
            .next()
            .unwrap_or(BaseRef::Unknown)
    }

    /// What `name` is in the namespace of the unit's `module` (as imported from `from`).
    fn name_in(&self, from: &Arc<SourceFile>, module: &str, name: &str, depth: usize) -> Vec<BaseRef> {
        match self.module_file(&from.path, module) {
            Some(f) => self.resolve_expr(&f, name, depth),
            None => vec![BaseRef::Unknown],
        }
    }

    /// Every subclass of the framework base in the module's namespace after import (§4.7), in
    /// source order: one entry per possible value of each name.
    pub(crate) fn in_namespace(&self, file: &Arc<SourceFile>) -> Vec<Found> {
        let module = file.python();
        let mut out = Vec::new();
        for (name, slot) in module.namespace.iter() {
            let mut hits = Vec::new();
            let mut all = true;
            for bound in &slot.values {
                let (refs, imported_from) = match &bound.value {
                    Value::Import(i) => {
                        let imp = &module.facts.imports[*i];
                        if is_framework_module(&imp.module) {
                            all = false; // The base itself, or another framework class.
                            continue;
                        }
                        let refs = match &imp.name {
                            Some(orig) => self.name_in(file, &imp.module, orig, 1),
                            None => Vec::new(), // A module object is not a class.
                        };
                        (refs, Some(imp.module.clone()))
                    }
                    Value::Class(i) => (
                        vec![BaseRef::Local(file.clone(), module.facts.classes[*i].clone())],
                        None,
                    ),
                    Value::Dotted(d) => (self.resolve_expr(file, d, 1), Some(d.clone())),
                    Value::Other => {
                        all = false;
                        continue;
                    }
                };
                let mut derived = false;
                for r in refs {
                    if let BaseRef::Local(f, c) = r
                        && self.derives(&f, &c, 1)
                    {
                        derived = true;
                        let imported_from = imported_from.clone().filter(|_| f.path != file.path);
                        if !hits
                            .iter()
                            .any(|h: &Found| h.file.path == f.path && h.class.name_span == c.name_span)
                        {
                            hits.push(Found {
                                file: f,
                                class: c,
                                imported_from,
                                span: bound.span,
                                name: name.to_string(),
                                certain: false,
                            });
                        }
                    }
                }
                all &= derived;
            }
            let certain = slot.certain && all;
            for mut h in hits {
                h.certain = certain;
                out.push(h);
            }
        }
        // `from m import *` of a unit module binds its public names (those not bound here).
        for (m, at) in &module.namespace.star_imports {
            if is_framework_module(m) {
                continue;
            }
            let Some(f) = self.module_file(&file.path, m).filter(|f| f.path != file.path) else {
                continue;
            };
            for (name, slot) in f.python().namespace.iter() {
                if name.starts_with('_') || module.namespace.get(name).is_some() {
                    continue;
                }
                for bound in &slot.values {
                    let Value::Class(i) = bound.value else { continue };
                    let c = f.python().facts.classes[i].clone();
                    if self.derives(&f, &c, 1) {
                        out.push(Found {
                            file: f.clone(),
                            class: c,
                            imported_from: Some(m.clone()),
                            span: *at,
                            name: name.to_string(),
                            certain: slot.certain && slot.values.len() == 1,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|f| f.span.start);
        out
    }

    /// A method of the class or of one of its base classes within the unit.
    pub(crate) fn method(
        &self,
        file: &Arc<SourceFile>,
        class: &Class,
        name: &str,
        depth: usize,
    ) -> Option<(Arc<SourceFile>, Method)> {
        if let Some(m) = class.method(name) {
            return Some((file.clone(), m.clone()));
        }
        if depth > 8 {
            return None;
        }
        class.bases.iter().find_map(|(base, _)| {
            self.resolve_base(file, class, base, depth)
                .into_iter()
                .find_map(|r| match r {
                    BaseRef::Local(f, c) => self.method(&f, &c, name, depth + 1),
                    _ => None,
                })
        })
    }

    /// The unit's own modules that `file` imports (one level), for reads made in helpers.
    pub(crate) fn imported_modules(&self, file: &Arc<SourceFile>) -> Vec<Arc<SourceFile>> {
        let mut out: Vec<Arc<SourceFile>> = Vec::new();
        for imp in &file.python().facts.imports {
            if is_framework_module(&imp.module) {
                continue;
            }
            let target = match &imp.name {
                Some(n) => self
                    .module_file(&file.path, &format!("{}.{n}", imp.module))
                    .or_else(|| self.module_file(&file.path, &imp.module)),
                None => self.module_file(&file.path, &imp.module),
            };
            if let Some(f) = target.filter(|f| f.path != file.path && !out.iter().any(|o| o.path == f.path)) {
                out.push(f);
            }
        }
        out
    }
}
