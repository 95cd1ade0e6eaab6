//! Python contracts: the one class each module must define, the methods Dify calls and their
//! signatures, imports from the right Dify generation, and the parameters and credentials the code
//! reads against those the YAML declares.

use super::{Ctx, Fix, Grade, Layouts, Rule, Severity, did_you_mean};
use crate::project::namespace::{Slot, Value};
use crate::project::python::{Class, Method, ReturnKind};
use crate::project::{Generation, Layout, SourceFile, ToolFile};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub static PROVIDER_CLASS: Rule = Rule {
    code: "DIFY501",
    name: "provider-class",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A1b, B3b",
    source: "API `api/core/helper/module_import_helper.py` / SDK `core/utils/class_loader.py` `load_single_subclass_from_source`",
    summary: "The provider module does not contain exactly one provider class",
    doc: "Dify imports the provider module and collects every class in its namespace that subclasses \
`ToolProvider` (plugins) or `BuiltinToolProviderController` (in-tree) — imported names count too. Zero gives \
`Missing subclass of … in …`, two or more `Multiple subclasses of … in …`. Class names do not matter.",
    fix: None,
};

pub static TOOL_CLASS: Rule = Rule {
    code: "DIFY502",
    name: "tool-class",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A3b, B3b",
    source: "API `module_import_helper.py` / SDK `class_loader.py` `load_single_subclass_from_source`",
    summary: "The tool module does not contain exactly one tool class",
    doc: "Each tool module must hold exactly one subclass of `Tool` (plugins) or `BuiltinTool` (in-tree) in its \
namespace, imported names included. The classic trap is an intermediate base class imported by name \
(`from .base import MyBaseTool`): the module then holds two subclasses. Import the module instead \
(`from . import base` and `class MyTool(base.MyBaseTool)`), so only one class is in the namespace.",
    fix: None,
};

pub static INVOKE_MISSING: Rule = Rule {
    code: "DIFY503",
    name: "invoke-missing",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X12a",
    source: "Abstract method of API `BuiltinTool`/`Tool` and SDK `Tool`",
    summary: "The tool class has no `_invoke`",
    doc: "`_invoke` is abstract: a tool class without it cannot be instantiated, so the tool fails to load.",
    fix: None,
};

pub static INVOKE_NOT_GENERATOR: Rule = Rule {
    code: "DIFY504",
    name: "invoke-not-generator",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "X12b",
    source: "SDK executor (`yield from tool.invoke(...)`)",
    summary: "A plugin tool's `_invoke` returns a single message instead of yielding messages",
    doc: "The SDK iterates what `_invoke` produces. Write it as a generator that `yield`s messages \
(`yield self.create_text_message(...)`). A returned list still works; a single returned message or `None` does \
not.",
    fix: Some(Fix {
        actions: crate::actions::fixes::return_to_yield,
        placeholders: false,
    }),
};

pub static VALIDATE_MISSING_INTREE: Rule = Rule {
    code: "DIFY505",
    name: "validate-credentials-missing",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "X12c",
    source: "API `BuiltinToolProviderController` (abstract `_validate_credentials`)",
    summary: "An in-tree provider class does not implement `_validate_credentials`",
    doc: "`_validate_credentials` is abstract in-tree, so a provider class without it cannot be instantiated and \
the provider is skipped — whether or not it declares credentials. Implement it (an empty body is fine when \
there are no credentials).",
    fix: None,
};

pub static VALIDATE_MISSING_PLUGIN: Rule = Rule {
    code: "DIFY506",
    name: "validate-credentials-unimplemented",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "X12d",
    source: "SDK `interfaces/tool/tool.py` `ToolProvider._validate_credentials`",
    summary: "A plugin provider declares credentials but does not implement `_validate_credentials`",
    doc: "Saving the credentials calls `_validate_credentials`; without an implementation it raises \
`NotImplementedError` (\"The tool you are using does not support credentials validation …\"). Implement it, \
raising `ToolProviderCredentialValidationError` when the credentials do not work.",
    fix: None,
};

pub static RESERVED_VARIABLE: Rule = Rule {
    code: "DIFY507",
    name: "reserved-variable-name",
    grade: Grade::Error,
    // Dify 0.x has no variable messages.
    layouts: Layouts::DIFY_1X,
    spec: "X13",
    source: "API (variable messages)",
    summary: "A variable message is named `json`, `text` or `files`",
    doc: "The API reserves the output variable names `json`, `text` and `files` for the tool's built-in outputs \
and fails the invocation with \"The variable name '…' is reserved.\" Pick another name.",
    fix: None,
};

pub static INIT_OVERRIDE: Rule = Rule {
    code: "DIFY508",
    name: "init-override",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B20",
    source: "SDK `Tool.__init__` is `@final`",
    summary: "A plugin tool class overrides `__init__`",
    doc: "The SDK constructs tools itself with `(runtime, session)` and marks `__init__` final. Overriding it \
breaks that contract; initialise lazily in `_invoke` instead. A constructor that hands every argument on \
(`def __init__(self, *args, **kwargs): super().__init__(*args, **kwargs)`) keeps the contract and is not \
reported.",
    fix: None,
};

pub static OAUTH_METHODS: Rule = Rule {
    code: "DIFY509",
    name: "oauth-methods",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "B21",
    source: "SDK `ToolProvider` OAuth hooks",
    summary: "The provider declares `oauth_schema` but lacks the `_oauth_*` methods",
    doc: "With `oauth_schema`, Dify runs an OAuth flow that calls `_oauth_get_authorization_url`, \
`_oauth_get_credentials` and `_oauth_refresh_credentials` on the provider class. Without them the flow fails.",
    fix: None,
};

pub static SIGNATURE: Rule = Rule {
    code: "DIFY510",
    name: "signature",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A6",
    source: "API 1.x `Tool.invoke`, `BuiltinToolProviderController`; 0.x `builtin_tool`; SDK `Tool`, `ToolProvider`",
    summary: "`_invoke` or `_validate_credentials` cannot be called the way this Dify calls it",
    doc: "Dify 1.x in-tree calls `_invoke(user_id=…, tool_parameters=…, conversation_id=…, app_id=…, \
message_id=…)` by keyword and `_validate_credentials(user_id, credentials)`; Dify 0.x calls \
`_invoke(user_id, tool_parameters)` and `_validate_credentials(credentials)`; plugins call \
`_invoke(tool_parameters)` and `_validate_credentials(credentials)`. A method of another generation fails with \
a `TypeError` when the tool runs or the credentials are saved.",
    fix: None,
};

pub static WRONG_GENERATION_IMPORT: Rule = Rule {
    code: "DIFY511",
    name: "wrong-generation-import",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A6b",
    source: "API module layout per version (spec §5.1); the plugin runtime has no `core` package",
    summary: "An import from another Dify generation or runtime",
    doc: "`core.tools.provider.*` and `core.tools.tool.*` exist only in Dify 0.x, `core.tools.builtin_tool.*` \
only in 1.x, `dify_plugin` only in plugins, and `core.*` never in plugins. Such an import fails with \
`ModuleNotFoundError` and the provider does not load. An import under `if TYPE_CHECKING:` or in a `try` whose \
handler catches `ImportError` cannot fail the module and is not reported.",
    fix: None,
};

pub static UNDECLARED_PARAMETER: Rule = Rule {
    code: "DIFY512",
    name: "undeclared-parameter",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X11",
    source: "Cross-check of the tool YAML and Python",
    summary: "The Python reads a tool parameter the YAML does not declare",
    doc: "`tool_parameters` holds only declared parameters, so reading another key raises `KeyError` (or `.get` \
returns `None` forever). Usually a typo or a parameter that was renamed in the YAML. Declare it, or fix the \
key.",
    fix: Some(Fix {
        actions: crate::actions::fixes::declare_parameter,
        placeholders: true,
    }),
};

pub static UNDECLARED_CREDENTIAL: Rule = Rule {
    code: "DIFY513",
    name: "undeclared-credential",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X11",
    source: "Cross-check of the provider YAML and Python",
    summary: "The Python reads a credential the provider YAML does not declare",
    doc: "`self.runtime.credentials` (and the `credentials` of `_validate_credentials`) holds only the declared \
credentials. Reading another key raises `KeyError` or gets `None`. Declare it under \
`credentials_for_provider`, or fix the key.",
    fix: Some(Fix {
        actions: crate::actions::fixes::declare_credential,
        placeholders: true,
    }),
};

pub static UNREAD_PARAMETER: Rule = Rule {
    code: "DIFY514",
    name: "unread-parameter",
    grade: Grade::Advice(Severity::Hint),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp (cross-check of YAML and Python)",
    summary: "A declared parameter is never read by the tool's Python",
    doc: "The parameter is shown to users and the model, but the code never reads it (no `tool_parameters[...]` \
or `.get(...)` with its name, and no dynamic access). Either the code forgot it or the declaration is stale.",
    fix: None,
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Tool,
    Provider,
}

/// The framework base class for a role in a layout: (modules it is imported from, class name).
pub fn framework_base(layout: Layout, role: Role) -> (&'static [&'static str], &'static str) {
    match (layout, role) {
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
fn is_framework_module(m: &str) -> bool {
    m == "dify_plugin"
        || m.starts_with("dify_plugin.")
        || (m.starts_with("core.")
            && !m.starts_with("core.tools.builtin_tool.providers.")
            && !m.starts_with("core.tools.provider.builtin."))
}

const ALL_BASES: &[&str] = &["Tool", "ToolProvider", "BuiltinTool", "BuiltinToolProviderController"];

enum BaseRef {
    /// A framework class (by name), from the SDK or the Dify server.
    Framework(String),
    /// A class defined in one of the unit's modules.
    Local(Arc<SourceFile>, Class),
    Unknown,
}

/// A class found in a module's namespace that subclasses the framework base.
#[derive(Clone)]
pub struct Found {
    pub file: Arc<SourceFile>,
    pub class: Class,
    /// `Some(module)` when the module imports it rather than defining it.
    pub imported_from: Option<String>,
    /// The span of the binding in the module being checked.
    pub span: Span,
    /// The module-level name that holds it.
    pub name: String,
    /// The name holds a subclass on every path through the module (see `project::namespace`).
    pub certain: bool,
}

/// Static class resolution across the unit's own modules, through each module's namespace as
/// the loader sees it (`project::namespace`).
pub struct Classes<'c> {
    cx: &'c Ctx<'c>,
    role: Role,
}

/// Bounds the chains followed through imports, aliases and base classes (cycles).
const MAX_DEPTH: usize = 8;

impl<'c> Classes<'c> {
    pub fn new(cx: &'c Ctx<'c>, role: Role) -> Self {
        Classes { cx, role }
    }

    fn layout(&self) -> Layout {
        self.cx.unit().layout
    }

    /// The file of a module imported from `from`, if it is part of the unit.
    pub fn module_file(&self, from: &Path, module: &str) -> Option<Arc<SourceFile>> {
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
    fn resolve_base(&self, file: &Arc<SourceFile>, class: &Class, base: &str, depth: usize) -> Vec<BaseRef> {
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
            BaseRef::Framework(n) => n == base,
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
    pub fn in_namespace(&self, file: &Arc<SourceFile>) -> Vec<Found> {
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
    pub fn method(
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
    pub fn imported_modules(&self, file: &Arc<SourceFile>) -> Vec<Arc<SourceFile>> {
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

/// Classes deriving from another generation's or runtime's base (for "missing subclass" hints).
fn foreign_base(file: &SourceFile, expected: &str) -> Option<(String, String)> {
    let facts = &file.python().facts;
    facts.classes.iter().find_map(|c| {
        c.bases.iter().find_map(|(b, _)| {
            let last = b.rsplit('.').next().unwrap_or(b);
            (ALL_BASES.contains(&last) && last != expected).then(|| (c.name.clone(), last.to_string()))
        })
    })
}

/// The one class Dify would load from a module, after reporting when there is not exactly one.
fn the_class(cx: &mut Ctx, file: &Arc<SourceFile>, role: Role) -> Option<Found> {
    if file.decode_error.is_some() || file.python().syntax_error.is_some() {
        return None;
    }
    let found = Classes::new(cx, role).in_namespace(file);
    let layout = cx.unit().layout;
    let (modules, base) = framework_base(layout, role);
    let rule = if role == Role::Tool {
        &TOOL_CLASS
    } else {
        &PROVIDER_CLASS
    };
    let rel = rel(cx, &file.path);
    // The loader counts names (an alias counts again). Report only what fails on every path
    // through the module: "missing" when no path binds a subclass, "multiple" when every path
    // binds two or more (the names bound certainly, each to subclasses only).
    let mut certain: Vec<Found> = Vec::new();
    for f in found.iter().filter(|f| f.certain) {
        if !certain.iter().any(|c| c.name == f.name) {
            certain.push(f.clone());
        }
    }
    match (found.len(), certain.len()) {
        (0, _) => {
            let hint = match foreign_base(file, base) {
                Some((class, other)) => format!(
                    "; `{class}` derives from `{other}`, which is not the base for this layout — use `{base}` from `{}`",
                    modules[0]
                ),
                None => format!(
                    "; define `class MyClass({base})` with `from {} import {base}`",
                    modules[0]
                ),
            };
            let span = file
                .python()
                .facts
                .classes
                .first()
                .map_or(file.first_line(), |c| c.name_span);
            cx.report(
                rule,
                file,
                span,
                format!(
                    "no subclass of `{base}` in `{rel}`: Dify fails with `Missing subclass of {base} in {rel}`{hint}"
                ),
            );
            None
        }
        (_, 0 | 1) => certain.into_iter().next().or_else(|| found.into_iter().next()),
        _ => {
            let found = certain;
            let names: Vec<String> = found
                .iter()
                .map(|f| match &f.imported_from {
                    _ if f.name != f.class.name => format!("`{}` (another name for `{}`)", f.name, f.class.name),
                    Some(m) => format!("`{}` (imported from `{m}`)", f.class.name),
                    None => format!("`{}`", f.class.name),
                })
                .collect();
            let imported = found.iter().find(|f| f.imported_from.is_some());
            let alias = found.iter().find(|f| f.name != f.class.name);
            let fix = match imported {
                None if alias.is_some() => format!(
                    "; the loader counts names, so drop `{}` (or `del` it once used)",
                    alias.map_or("", |a| a.name.as_str())
                ),
                Some(f) => format!(
                    "; import the module instead of the class (`from {} import …` → `import` the module and write `module.{}`), so only one class is in the namespace",
                    f.imported_from.as_deref().unwrap_or(""),
                    f.class.name
                ),
                None => "; keep one class per module".to_string(),
            };
            // Point at the imported class (the usual trap), else at the second class.
            let at = found
                .iter()
                .position(|f| f.imported_from.is_some() || f.name != f.class.name)
                .unwrap_or(1);
            let other = if at == 0 { 1 } else { 0 };
            let d = cx.report(rule, file, found[at].span, format!("{} subclasses of `{base}` in this module ({}): Dify fails with `Multiple subclasses of {base} in {rel}`{fix}", found.len(), names.join(", ")));
            d.with_related(&found[other].file, found[other].class.name_span, "the other class");
            None
        }
    }
}

fn rel(cx: &Ctx, path: &Path) -> String {
    path.strip_prefix(&cx.unit().root).unwrap_or(path).display().to_string()
}

pub fn check(cx: &mut Ctx) {
    let project = cx.project;
    let layout = cx.unit().layout;
    for p in &project.providers {
        let declared = p
            .yaml
            .as_ref()
            .and_then(|y| y.yaml_root())
            .and_then(declared_credentials);
        if let Some(py) = &p.py {
            check_imports(cx, py);
            if let Some(found) = the_class(cx, py, Role::Provider) {
                check_provider_class(cx, p.yaml.as_ref(), &found, declared.as_ref());
            }
            check_credential_reads(cx, py, p.yaml.as_ref(), declared.as_ref());
        }
        for t in &p.tools {
            let Some(py) = &t.py else { continue };
            check_imports(cx, py);
            let found = the_class(cx, py, Role::Tool);
            if let Some(found) = &found {
                check_tool_class(cx, found, layout);
            }
            for (name, span) in &py.python().facts.variable_names {
                if matches!(name.as_str(), "json" | "text" | "files") {
                    cx.report(&RESERVED_VARIABLE, py, *span, format!("the variable name `{name}` is reserved: the API fails with \"The variable name '{name}' is reserved.\"; choose another name"));
                }
            }
            // A module shared by several tool YAMLs serves each of them: a key one of them
            // declares is a read for that tool, not a typo.
            let shared: Vec<String> = p
                .tools
                .iter()
                .filter(|o| o.py.as_ref().is_some_and(|o| o.path == py.path))
                .filter_map(|o| o.yaml.as_ref().and_then(|y| y.yaml_root()))
                .flat_map(|r| r.get("parameters").and_then(Node::as_seq).unwrap_or(&[]).iter())
                .filter_map(|p| p.get("name").and_then(Node::as_str).map(str::to_string))
                .collect();
            check_parameter_reads(cx, t, py, found.as_ref(), &shared);
            check_credential_reads(cx, py, p.yaml.as_ref(), declared.as_ref());
        }
    }
}

fn check_imports(cx: &mut Ctx, py: &Arc<SourceFile>) {
    let layout = cx.unit().layout;
    let has_local_core = cx.files.is_dir(&cx.unit().root.join("core"));
    // An import that cannot fail the module (TYPE_CHECKING, a try that catches ImportError) is
    // a compatibility shim, not a broken import.
    for imp in py.python().facts.imports.iter().filter(|i| !i.guarded) {
        let m = imp.module.as_str();
        let problem = match layout {
            Layout::InTree(Generation::V1)
                if m.starts_with("core.tools.provider.")
                    || m.starts_with("core.tools.tool.")
                    || m == "core.tools.tool" =>
            {
                Some(format!(
                    "`{m}` exists only in Dify 0.x; this provider is in the 1.x tree (`core.tools.builtin_tool`)"
                ))
            }
            Layout::InTree(Generation::V0) if m.starts_with("core.tools.builtin_tool") => Some(format!(
                "`{m}` exists only in Dify 1.x; this provider is in the 0.x tree (`core.tools.provider.builtin`)"
            )),
            Layout::InTree(_) if m == "dify_plugin" || m.starts_with("dify_plugin.") => Some(format!(
                "`{m}` is the plugin SDK; in-tree providers use the server's `core.tools` classes"
            )),
            Layout::Plugin if (m == "core" || m.starts_with("core.")) && !has_local_core => Some(format!(
                "`{m}` is the Dify server's code, which the plugin runtime does not have; use `dify_plugin`"
            )),
            _ => None,
        };
        if let Some(problem) = problem {
            cx.report(
                &WRONG_GENERATION_IMPORT,
                py,
                imp.span,
                format!("{problem}: the import fails with `ModuleNotFoundError`"),
            );
        }
    }
}

fn signature_problem(m: &Method, layout: Layout, role: Role) -> Option<String> {
    const V1_INVOKE: &[&str] = &["user_id", "tool_parameters", "conversation_id", "app_id", "message_id"];
    match (layout, role) {
        (Layout::InTree(Generation::V1), Role::Tool) => m.accepts_keywords(V1_INVOKE).err().map(|why| {
            let hint = if m.accepts_keywords(&["user_id", "tool_parameters"]).is_ok() { " (this is the Dify 0.x signature)" } else { "" };
            format!("`_invoke` {why}{hint}: Dify 1.x calls it with `user_id`, `tool_parameters`, `conversation_id`, `app_id` and `message_id`; add `conversation_id: str | None = None, app_id: str | None = None, message_id: str | None = None`")
        }),
        (Layout::InTree(Generation::V0), Role::Tool) => m.accepts_keywords(&["user_id", "tool_parameters"]).err().map(|why| format!("`_invoke` {why}: Dify 0.x calls `_invoke(user_id=…, tool_parameters=…)`")),
        (Layout::Plugin, Role::Tool) => m.accepts_positional(1).err().map(|why| format!("`_invoke` {why}: the plugin SDK calls `_invoke(tool_parameters)`; write `def _invoke(self, tool_parameters: dict[str, Any])`")),
        (Layout::InTree(Generation::V1), Role::Provider) => m.accepts_positional(2).err().map(|why| {
            let hint = if m.accepts_positional(1).is_ok() { " (this is the Dify 0.x signature)" } else { "" };
            format!("`_validate_credentials` {why}{hint}: Dify 1.x calls `_validate_credentials(user_id, credentials)`")
        }),
        (Layout::InTree(Generation::V0), Role::Provider) => m.accepts_positional(1).err().map(|why| format!("`_validate_credentials` {why}: Dify 0.x calls `_validate_credentials(credentials)`")),
        (Layout::Plugin, Role::Provider) => m.accepts_positional(1).err().map(|why| format!("`_validate_credentials` {why}: the plugin SDK calls `_validate_credentials(credentials)`")),
    }
}

fn check_tool_class(cx: &mut Ctx, found: &Found, layout: Layout) {
    let classes = Classes::new(cx, Role::Tool);
    let invoke = classes.method(&found.file, &found.class, "_invoke", 0);
    let Some((file, invoke)) = invoke else {
        cx.report(
            &INVOKE_MISSING,
            &found.file,
            found.class.name_span,
            format!(
                "`{}` has no `_invoke`: the method is abstract, so the tool cannot be created; implement `_invoke`",
                found.class.name
            ),
        );
        return;
    };
    if let Some(problem) = signature_problem(&invoke, layout, Role::Tool) {
        cx.report(&SIGNATURE, &file, invoke.name_span, problem);
    }
    if layout == Layout::Plugin {
        let single = invoke.returns.iter().any(|r| r.kind == ReturnKind::SingleMessage);
        let no_value = invoke.returns.iter().all(|r| r.kind == ReturnKind::Nothing);
        if !invoke.is_generator && (single || no_value) {
            let what = if single {
                "returns a single message"
            } else {
                "returns nothing"
            };
            cx.report(&INVOKE_NOT_GENERATOR, &file, invoke.name_span, format!("`_invoke` {what}: the SDK iterates its result (`yield from`), so write it as a generator and `yield` each message"));
        }
        // A constructor that hands everything on keeps the SDK's `(runtime, session)` contract.
        if let Some(init) = found.class.method("__init__").filter(|m| !m.forwards_to_super_init()) {
            cx.report(&INIT_OVERRIDE, &found.file, init.name_span, "`Tool.__init__` is final in the SDK, which constructs tools itself; move this set-up into `_invoke` or a lazy helper");
        }
    }
}

fn check_provider_class(cx: &mut Ctx, yaml: Option<&Arc<SourceFile>>, found: &Found, declared: Option<&Declared>) {
    let layout = cx.unit().layout;
    let classes = Classes::new(cx, Role::Provider);
    let validate = classes.method(&found.file, &found.class, "_validate_credentials", 0);
    const OAUTH: [&str; 3] = [
        "_oauth_get_authorization_url",
        "_oauth_get_credentials",
        "_oauth_refresh_credentials",
    ];
    let missing: Vec<&str> = OAUTH
        .into_iter()
        .filter(|m| classes.method(&found.file, &found.class, m, 0).is_none())
        .collect();
    match (&validate, layout) {
        (Some((file, m)), _) => {
            if let Some(problem) = signature_problem(m, layout, Role::Provider) {
                cx.report(&SIGNATURE, file, m.name_span, problem);
            }
        }
        (None, Layout::InTree(_)) => {
            cx.report(&VALIDATE_MISSING_INTREE, &found.file, found.class.name_span, format!("`{}` does not implement `_validate_credentials`: it is abstract in-tree, so Dify cannot create the provider and skips it; add one (an empty body is fine without credentials)", found.class.name));
        }
        (None, Layout::Plugin) => {
            if declared.is_some_and(|d| !d.names.is_empty()) {
                cx.report(&VALIDATE_MISSING_PLUGIN, &found.file, found.class.name_span, format!("the provider declares credentials but `{}` does not implement `_validate_credentials`: saving them raises `NotImplementedError`", found.class.name));
            }
        }
    }
    let has_oauth = yaml
        .and_then(|y| y.yaml_root())
        .and_then(|r| r.get("oauth_schema"))
        .is_some_and(|o| !o.is_null());
    if has_oauth && !missing.is_empty() {
        let d = cx.report(
            &OAUTH_METHODS,
            &found.file,
            found.class.name_span,
            format!(
                "the provider declares `oauth_schema` but `{}` lacks {}: the OAuth flow fails",
                found.class.name,
                missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
        );
        if let Some(y) = yaml {
            let span = SourceFile::key_or(y.yaml_root(), "oauth_schema", y.anchor());
            d.with_related(y, span, "the OAuth declaration");
        }
    }
}

/// Names declared by a provider YAML's credentials (mapping keys, and OAuth list items).
pub struct Declared {
    pub names: Vec<String>,
    pub span: Option<Span>,
}

/// `None` when `credentials_for_provider` is malformed (DIFY418 reports it). A null value declares
/// no credentials: Dify 0.x loads it that way, and elsewhere DIFY418's fix (`{}`) means the same.
pub fn declared_credentials(root: &Node) -> Option<Declared> {
    if root
        .get("credentials_for_provider")
        .is_some_and(|c| c.as_map().is_none() && !c.is_null())
    {
        return None;
    }
    let mut names: Vec<String> = root
        .get("credentials_for_provider")
        .and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| e.key.text().map(str::to_string))
        .collect();
    for key in ["client_schema", "credentials_schema"] {
        for item in root.path(&["oauth_schema", key]).and_then(Node::as_seq).unwrap_or(&[]) {
            names.extend(item.get("name").and_then(Node::text).map(str::to_string));
        }
    }
    for item in root.get("credentials_schema").and_then(Node::as_seq).unwrap_or(&[]) {
        names.extend(item.get("name").and_then(Node::text).map(str::to_string));
    }
    Some(Declared {
        names,
        span: root.entry("credentials_for_provider").map(|e| e.key.span),
    })
}

fn check_credential_reads(
    cx: &mut Ctx,
    py: &Arc<SourceFile>,
    yaml: Option<&Arc<SourceFile>>,
    declared: Option<&Declared>,
) {
    let (Some(yaml), Some(declared)) = (yaml, declared) else {
        return;
    };
    let refs: Vec<&str> = declared.names.iter().map(String::as_str).collect();
    for read in &py.python().facts.credential_reads {
        if !declared.names.contains(&read.key) {
            let d = cx.report(&UNDECLARED_CREDENTIAL, py, read.span, format!("credential `{}` is not declared in `{}`{}: `self.runtime.credentials` holds only declared credentials; declare it under `credentials_for_provider` or fix the key", read.key, yaml.file_name(), did_you_mean(&read.key, &refs)));
            d.with_related(yaml, declared.span.unwrap_or(yaml.anchor()), "the declared credentials");
        }
    }
}

fn check_parameter_reads(cx: &mut Ctx, t: &ToolFile, py: &Arc<SourceFile>, found: Option<&Found>, shared: &[String]) {
    let Some(yaml) = &t.yaml else { return };
    let Some(root) = yaml.yaml_root() else { return };
    let params: Vec<&Node> = root
        .get("parameters")
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .collect();
    let names: Vec<&str> = params
        .iter()
        .filter_map(|p| p.get("name").and_then(Node::as_str))
        .collect();
    let declared: std::collections::HashSet<&str> = names.iter().copied().collect();
    let facts = &py.python().facts;
    let dynamic_schema = facts.classes.iter().any(|c| {
        c.method("_get_runtime_parameters").is_some()
            || c.method("get_runtime_parameters").is_some()
            || c.method("_fetch_parameter_options").is_some()
    });
    let params_span = root.entry("parameters").map_or(yaml.anchor(), |e| e.key.span);
    if !dynamic_schema {
        for read in &facts.param_reads {
            if !declared.contains(read.key.as_str()) && !shared.contains(&read.key) {
                let d = cx.report(&UNDECLARED_PARAMETER, py, read.span, format!("parameter `{}` is not declared in `{}`{}: `tool_parameters` holds only declared parameters; declare it or fix the key", read.key, yaml.file_name(), did_you_mean(&read.key, &names)));
                d.with_related(yaml, params_span, "the declared parameters");
            }
        }
    }
    if found.is_none() || py.python().syntax_error.is_some() {
        return;
    }
    // Reads in the unit's modules that the tool imports (a base class, a helper) count too.
    let mut modules = vec![py.clone()];
    modules.extend(Classes::new(cx, Role::Tool).imported_modules(py));
    if modules.iter().any(|m| m.python().facts.dynamic_param_access) {
        return;
    }
    let read: std::collections::HashSet<&str> = modules
        .iter()
        .flat_map(|m| m.python().facts.param_reads.iter().map(|r| r.key.as_str()))
        .collect();
    for p in params {
        let Some(n) = p.get("name") else { continue };
        let Some(name) = n.as_str() else { continue };
        if !read.contains(name) {
            let d = cx.report(
                &UNREAD_PARAMETER,
                yaml,
                n.span,
                format!("parameter `{name}` is declared but `{}` never reads it", py.file_name()),
            );
            d.with_related(
                py,
                found.map_or(py.first_line(), |f| f.class.name_span),
                "the tool class",
            );
        }
    }
}
