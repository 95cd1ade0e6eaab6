//! DIFY527: the model provider module imports `OAICompatProvider` by name next to its own provider
//! class, so the loader finds two `ModelProvider` subclasses (M11).

use super::kind_role;
use crate::project::SourceFile;
use crate::project::namespace::Value;
use crate::rules::python::classes::Classes;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static OAICOMPAT_PROVIDER_IMPORT: Rule = Rule {
    code: "DIFY527",
    name: "oaicompat-provider-import",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "M11",
    source: "SDK `_resolve_model_providers` with `core/utils/class_loader.py` (`Multiple subclasses of ModelProvider in …`)",
    summary: "The model provider module imports `OAICompatProvider` by name next to its own provider class",
    doc: "The SDK loads the one `ModelProvider` subclass in the namespace of `extra.python.provider_source`. \
`OAICompatProvider` is itself a `ModelProvider` subclass, so importing it by name into that module puts a second \
one there, and the plugin does not start: `Multiple subclasses of ModelProvider in …`. Import its module and \
write the class through it.

**Example**

```python
# provider/acme.py
from dify_plugin.interfaces.model.openai_compatible.provider import OAICompatProvider


class AcmeProvider(OAICompatProvider):
    ...
```

Use instead:

```python
# provider/acme.py
from dify_plugin.interfaces.model.openai_compatible import provider


class AcmeProvider(provider.OAICompatProvider):
    ...
```",
    fix: None,
};

/// `py` is the module of `extra.python.provider_source`.
pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>) {
    if py.decode_error.is_some() || py.python().syntax_error.is_some() {
        return;
    }
    let module = py.python();
    let imported = module.namespace.iter().find_map(|(name, slot)| {
        let all_oaicompat = !slot.values.is_empty()
            && slot.values.iter().all(|b| match b.value {
                Value::Import(i) => {
                    let imp = &module.facts.imports[i];
                    !imp.guarded
                        && imp.name.as_deref() == Some("OAICompatProvider")
                        && (imp.module == "dify_plugin" || imp.module.starts_with("dify_plugin."))
                }
                _ => false,
            });
        (slot.certain && all_oaicompat).then(|| (name.to_string(), slot.values[0].span))
    });
    let Some((name, span)) = imported else { return };
    // The module's own provider class, on ModelProvider or on OAICompatProvider itself.
    let own = ["ModelProvider", "OAICompatProvider"].iter().find_map(|base| {
        Classes::new(cx, kind_role(base))
            .in_namespace(py)
            .into_iter()
            .find(|f| f.certain && f.name != name)
    });
    let Some(own) = own else { return };
    let rel = py
        .path
        .strip_prefix(&cx.unit().root)
        .unwrap_or(&py.path)
        .display()
        .to_string();
    let d = cx.report(
        &OAICOMPAT_PROVIDER_IMPORT,
        py,
        span,
        format!(
            "`OAICompatProvider` imported by name is a second `ModelProvider` subclass in this module next to `{}`: the plugin fails to start (`Multiple subclasses of ModelProvider in {rel}`); import its module instead and write `module.OAICompatProvider`",
            own.class.name
        ),
    );
    d.with_related(&own.file, own.class.name_span, "the provider class");
}
