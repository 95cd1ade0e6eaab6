//! The Python contracts of the other kinds (dify-plugin-kinds.md §4–§8): the methods the SDK calls
//! on endpoint, agent strategy, model, datasource and trigger classes, the features a declaration
//! turns on and the methods they need, the classes a model provider's types need, the events a
//! trigger dispatches, and the manifest permissions the reverse invocations need (every kind,
//! tools included). Classes are found the way the loader finds them (the Python family's
//! `classes`, through each module's namespace); nothing is imported or run.

pub(crate) mod abstract_method;
pub(crate) mod constructor_count;
pub(crate) mod feature_method;
pub(crate) mod invoke_permission;
pub(crate) mod model_module_path;
pub(crate) mod model_type_duplicate;
pub(crate) mod model_type_missing;
pub(crate) mod oaicompat_provider_import;
pub(crate) mod provider_credentials;
pub(crate) mod signature;
pub(crate) mod undeclared_key;
pub(crate) mod unknown_event;

use super::Ctx;
use super::python::classes::{BaseRef, Classes, Found, Role};
use crate::project::SourceFile;
use crate::project::kinds::{Kind, Module, Role as KindRole};
use crate::project::python::Class;
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) fn check(cx: &mut Ctx) {
    let project = cx.project;
    for d in &project.kinds {
        let top = d.yaml.as_ref().and_then(|y| y.yaml_root());
        match d.kind {
            Kind::Endpoints | Kind::AgentStrategies => {
                for item in &d.items {
                    let Some(m) = &item.module else { continue };
                    if let Some(found) = loaded(cx, m) {
                        abstract_method::check(cx, &found, m.role);
                        signature::check(cx, &found, m.role);
                        if d.kind == Kind::Endpoints {
                            undeclared_key::check_endpoint(cx, d, item, &found);
                        } else {
                            undeclared_key::check_strategy(cx, d, item, &found);
                        }
                    }
                }
            }
            Kind::Datasources => {
                for m in &d.modules {
                    if let Some(found) = loaded(cx, m) {
                        feature_method::check_datasource_provider(cx, d.yaml.as_ref(), top, &found);
                    }
                }
                for m in d.items.iter().filter_map(|i| i.module.as_ref()) {
                    if let Some(found) = loaded(cx, m) {
                        abstract_method::check(cx, &found, m.role);
                        signature::check(cx, &found, m.role);
                    }
                }
            }
            Kind::Triggers => {
                for m in &d.modules {
                    if let Some(found) = loaded(cx, m) {
                        abstract_method::check(cx, &found, m.role);
                        signature::check(cx, &found, m.role);
                    }
                    if let Some(py) = &m.py
                        && let Some(ctor) = constructor_count::check(cx, d.yaml.as_ref(), top, py)
                    {
                        abstract_method::check_constructor(cx, &ctor);
                        signature::check_constructor(cx, &ctor);
                        feature_method::check_constructor(cx, d.yaml.as_ref(), top, &ctor);
                    }
                    if let Some(py) = &m.py {
                        unknown_event::check(cx, d, py);
                    }
                }
                for item in &d.items {
                    let Some(m) = &item.module else { continue };
                    if let Some(found) = loaded(cx, m) {
                        abstract_method::check(cx, &found, m.role);
                        signature::check(cx, &found, m.role);
                        feature_method::check_event(cx, item.yaml.as_ref(), &found);
                    }
                }
            }
            Kind::Models => {
                for m in &d.modules {
                    match m.role {
                        KindRole::ModelProvider => {
                            if let Some(py) = &m.py {
                                oaicompat_provider_import::check(cx, py);
                            }
                            if let Some(found) = loaded(cx, m) {
                                provider_credentials::check(cx, &found);
                                signature::check(cx, &found, m.role);
                            }
                        }
                        KindRole::Models => model_module_path::check(cx, m),
                        _ => {}
                    }
                }
                model_type_missing::check(cx, d, top);
            }
        }
    }
    invoke_permission::check(cx);
}

/// A role of the class loader for an SDK base, for [`Classes`] (the import modules only serve
/// messages, which these rules do not take from it).
pub(super) fn kind_role(base: &'static str) -> Role {
    Role::Kind { base, modules: &[] }
}

/// The one class the loader takes from a module, when it is certain: kind-class (DIFY515)
/// reports the module otherwise.
pub(super) fn loaded(cx: &Ctx, m: &Module) -> Option<Found> {
    let py = m.py.as_ref()?;
    let base = m.role.base()?;
    one_of(cx, py, base)
}

/// The one subclass of `base` in the module's namespace, when there is exactly one.
pub(super) fn one_of(cx: &Ctx, py: &Arc<SourceFile>, base: &'static str) -> Option<Found> {
    if py.decode_error.is_some() || py.python().syntax_error.is_some() {
        return None;
    }
    let found = Classes::new(cx, kind_role(base)).in_namespace(py);
    let first = found.first()?;
    let single = found
        .iter()
        .all(|f| f.file.path == first.file.path && f.class.name_span == first.class.name_span);
    single.then(|| first.clone())
}

/// Whether a class has a method (or a class attribute of that name), on itself or its bases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Has {
    Yes,
    /// Every base is known (the unit's own classes, or the bare SDK bases named) and none has it.
    No,
    /// Some base is a class dify-lsp cannot see (another library, an `OAICompat*` base of the SDK,
    /// a name bound dynamically): it may have it.
    Unknown,
}

/// Looks `name` up on `class` and its bases. `bare` are the SDK classes known not to implement it
/// (the abstract bases); any other SDK class may.
pub(super) fn has(cx: &Ctx, file: &Arc<SourceFile>, class: &Class, name: &str, bare: &[&str]) -> Has {
    has_in(&Classes::new(cx, kind_role("")), file, class, name, bare, 0)
}

fn has_in(classes: &Classes, file: &Arc<SourceFile>, class: &Class, name: &str, bare: &[&str], depth: usize) -> Has {
    if class.method(name).is_some() || assigns(file, class, name) {
        return Has::Yes;
    }
    if depth > 8 {
        return Has::Unknown;
    }
    let mut known = true;
    for (base, _) in &class.bases {
        if base == "object" || base == "ABC" || base == "abc.ABC" {
            continue;
        }
        let refs = classes.resolve_base(file, class, base, depth);
        if refs.is_empty() {
            known = false;
        }
        for r in refs {
            match r {
                BaseRef::Local(f, c) => match has_in(classes, &f, &c, name, bare, depth + 1) {
                    Has::Yes => return Has::Yes,
                    Has::Unknown => known = false,
                    Has::No => {}
                },
                BaseRef::Framework(n) if bare.contains(&n.as_str()) => {}
                _ => known = false,
            }
        }
    }
    if known { Has::No } else { Has::Unknown }
}

/// Whether the class body binds `name` in a way the facts do not list as a method: an assignment
/// (`_invoke_error_mapping = {...}`, `_invoke = helper`) or a `def` nested in a statement (`if …:
/// def _invoke(…)`). Any line of the class that starts so counts, which errs towards "has it".
fn assigns(file: &SourceFile, class: &Class, name: &str) -> bool {
    let Some(text) = file.text.get(class.span.start..class.span.end) else {
        return false;
    };
    text.lines().skip(1).any(|line| {
        let t = line.trim_start();
        let t = t.strip_prefix("async ").unwrap_or(t);
        if let Some(rest) = t.strip_prefix("def ") {
            return rest
                .trim_start()
                .strip_prefix(name)
                .is_some_and(|r| r.trim_start().starts_with('('));
        }
        t.strip_prefix(name).is_some_and(|rest| {
            let rest = rest.trim_start();
            (rest.starts_with('=') && !rest.starts_with("==")) || rest.starts_with(':')
        })
    })
}

/// Whether the module imports a class-like name from one of the plugin's own modules (relative, or
/// whose top package is a folder or module of the plugin) that dify-lsp cannot find: a class
/// there is out of sight.
pub(super) fn unresolved_own_import(cx: &Ctx, py: &Arc<SourceFile>) -> bool {
    let classes = Classes::new(cx, kind_role(""));
    let root = &cx.unit().root;
    py.python().facts.imports.iter().any(|imp| {
        let own = imp.module.starts_with('.') || {
            let top = imp.module.split('.').next().unwrap_or("");
            !top.is_empty() && (root.join(top).is_dir() || root.join(format!("{top}.py")).is_file())
        };
        let class_like = imp
            .name
            .as_deref()
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_uppercase()));
        own && class_like && classes.module_file(&py.path, &imp.module).is_none()
    })
}

/// A non-empty list or mapping (a declared schema).
pub(super) fn declared(node: Option<&Node>) -> bool {
    node.is_some_and(|n| n.as_seq().is_some_and(|s| !s.is_empty()) || n.as_map().is_some_and(|m| !m.is_empty()))
}

/// `a`, `a` and `b`, `a`, `b` and `c`, each in backticks.
pub(super) fn listing(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Visits `root` and its descendants in order, without recursion (deep expression trees); children
/// are entered when `visit` returns true.
pub(super) fn walk<'t>(root: tree_sitter::Node<'t>, mut visit: impl FnMut(tree_sitter::Node<'t>) -> bool) {
    let mut cursor = root.walk();
    'next: loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'next;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}
