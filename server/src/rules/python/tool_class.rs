//! DIFY502: a tool module does not hold exactly one tool class. The check is shared with
//! provider-class, which asks the same of a provider module.

use super::classes::{ALL_BASES, Classes, Found, Role, framework_base};
use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static TOOL_CLASS: Rule = Rule {
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
(`from . import base` and `class MyTool(base.MyBaseTool)`), so only one class is in the namespace.

**Example**

```python
# tools/echo.py
from tools.base import BaseEcho


class EchoTool(BaseEcho):
    ...
```

Use instead:

```python
# tools/echo.py
from tools import base


class EchoTool(base.BaseEcho):
    ...
```",
    fix: None,
};

/// The tool class of a tool module, after reporting when there is not exactly one.
pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>) -> Option<Found> {
    exactly_one(cx, py, Role::Tool, &TOOL_CLASS)
}

/// The one class Dify would load from a module (a tool's, or with provider-class's rule a provider's),
/// after reporting `rule` when there is not exactly one.
pub(super) fn exactly_one(cx: &mut Ctx, file: &Arc<SourceFile>, role: Role, rule: &'static Rule) -> Option<Found> {
    if file.decode_error.is_some() || file.python().syntax_error.is_some() {
        return None;
    }
    let found = Classes::new(cx, role).in_namespace(file);
    let layout = cx.unit().layout;
    let (modules, base) = framework_base(layout, role);
    let rel = super::rel(cx, &file.path);
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
                    "; `{class}` derives from `{other}`, which is not the base {} — use `{base}` from `{}`",
                    if matches!(role, Role::Kind { .. }) {
                        "this declaration needs"
                    } else {
                        "for this layout"
                    },
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
