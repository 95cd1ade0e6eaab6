//! DIFY518: the trigger provider module holds two subscription constructors, or none while the
//! provider YAML declares `subscription_constructor` (T9b).

use super::kind_role;
use crate::project::SourceFile;
use crate::project::views::{Field, KindProviderDecl};
use crate::rules::python::classes::{BaseRef, Classes, Found};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static CONSTRUCTOR_COUNT: Rule = Rule {
    code: "DIFY518",
    name: "subscription-constructor-count",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "T9b",
    source: "SDK `_resolve_trigger_providers` (`core/plugin_registration.py`)",
    summary: "The trigger provider module holds two `TriggerSubscriptionConstructor` subclasses, or none while `subscription_constructor` is declared",
    doc: "When the plugin starts, the SDK looks for the subscription constructor in the trigger **provider** \
module (`extra.python.source` of the provider YAML), the one that holds the `Trigger` subclass. Two subclasses of \
`TriggerSubscriptionConstructor` there fail with `Multiple TriggerSubscriptionConstructor subclasses found in …`; \
none while the provider YAML declares `subscription_constructor` fails with `Trigger subscription constructor \
configuration declared but no implementation found in …`. Either way the plugin does not start. Imported names \
count, as for the other classes: a constructor written in another module must be imported into the provider \
module.

**Example**

```python
# provider/github.py (provider/github.yaml declares subscription_constructor)
class GithubTrigger(Trigger):
    def _dispatch_event(self, subscription: Subscription, request: Request) -> EventDispatch:
        ...
```

Use instead:

```python
# provider/github.py
class GithubTrigger(Trigger):
    def _dispatch_event(self, subscription: Subscription, request: Request) -> EventDispatch:
        ...


class GithubSubscriptionConstructor(TriggerSubscriptionConstructor):
    ...
```",
    fix: None,
};

const BASE: &str = "TriggerSubscriptionConstructor";

/// The provider module's one constructor, after reporting when there is not exactly the number
/// the YAML asks for. `py` is the trigger provider module, `yaml` its declaration.
pub(super) fn check(
    cx: &mut Ctx,
    yaml: Option<&Arc<SourceFile>>,
    top: Option<&Node>,
    py: &Arc<SourceFile>,
) -> Option<Found> {
    if py.decode_error.is_some() || py.python().syntax_error.is_some() {
        return None;
    }
    let found = Classes::new(cx, kind_role(BASE)).in_namespace(py);
    let rel = py
        .path
        .strip_prefix(&cx.unit().root)
        .unwrap_or(&py.path)
        .display()
        .to_string();
    let declared = top
        .and_then(|t| KindProviderDecl::new(t).subscription_constructor_field())
        .and_then(Field::non_null);
    if found.is_empty() {
        if let (Some(y), Some(entry)) = (yaml, declared)
            && !opaque(cx, py)
        {
            let d = cx.report(
                &CONSTRUCTOR_COUNT,
                y,
                entry.key_span(),
                format!(
                    "`subscription_constructor` is declared but `{rel}` holds no subclass of `{BASE}`: the plugin fails to start (`Trigger subscription constructor configuration declared but no implementation found in {rel}.`); define the constructor in (or import it into) `{rel}`, or remove `subscription_constructor`"
                ),
            );
            d.with_related(py, py.first_line(), "the trigger provider module");
        }
        return None;
    }
    // Names bound on every path, each to a constructor (the loader counts names).
    let mut certain: Vec<&Found> = Vec::new();
    for f in found.iter().filter(|f| f.certain) {
        if !certain.iter().any(|c| c.name == f.name) {
            certain.push(f);
        }
    }
    if certain.len() >= 2 {
        let names: Vec<String> = certain.iter().map(|f| format!("`{}`", f.name)).collect();
        let at = certain
            .iter()
            .position(|f| f.imported_from.is_some() || f.name != f.class.name)
            .unwrap_or(1);
        let other = if at == 0 { 1 } else { 0 };
        let d = cx.report(
            &CONSTRUCTOR_COUNT,
            py,
            certain[at].span,
            format!(
                "{} subclasses of `{BASE}` in this module ({}): the plugin fails to start (`Multiple {BASE} subclasses found in {rel}. Only a single implementation is supported.`); keep one, and import a shared base class by its module (`from provider import base` … `base.MyBase`) so its name is not in this namespace",
                certain.len(),
                names.join(", ")
            ),
        );
        d.with_related(
            &certain[other].file,
            certain[other].class.name_span,
            "the other constructor",
        );
        return None;
    }
    let first = &found[0];
    found
        .iter()
        .all(|f| f.file.path == first.file.path && f.class.name_span == first.class.name_span)
        .then(|| first.clone())
}

/// Whether the module may hold a constructor dify-lsp cannot see: a class on a base it cannot
/// resolve, or a class-like name imported from one of the plugin's own modules that it cannot find.
fn opaque(cx: &Ctx, py: &Arc<SourceFile>) -> bool {
    let classes = Classes::new(cx, kind_role(BASE));
    let module = py.python();
    let unresolved_base = module.facts.classes.iter().any(|c| {
        c.bases.iter().any(|(b, _)| {
            let head = b.split('.').next().unwrap_or(b);
            module.namespace.get(head).is_some()
                && classes
                    .resolve_base(py, c, b, 0)
                    .iter()
                    .any(|r| matches!(r, BaseRef::Unknown))
        })
    });
    unresolved_base || super::unresolved_own_import(cx, py)
}
