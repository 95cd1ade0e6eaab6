//! DIFY523: a model source's module path has fewer than three dotted parts (M17).

use crate::project::kinds::Module;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static MODEL_MODULE_PATH: Rule = Rule {
    code: "DIFY523",
    name: "model-module-path",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "M17",
    source: "SDK `interfaces/model/ai_model.py` `_transform_invoke_error` (`self.__class__.__module__.split(\".\")[-3]`)",
    summary: "A `model_sources` module path has fewer than three parts, so every model error becomes an `IndexError`",
    doc: "When a model call raises, the SDK names the provider in the error from the model class's module: \
the third part from the end of its dotted name (`models.llm.llm` → `models`). A module with fewer than three \
parts (`llm.py`, `models/llm.py`) makes that lookup raise `IndexError`, which replaces every error of the model \
(wrong credentials, rate limits) with `list index out of range`. Keep model classes at \
`models/<type>/<file>.py`, as every official model plugin does.

**Example**

```yaml
# provider/acme.yaml
extra:
  python:
    provider_source: provider/acme.py
    model_sources:
      - models/llm.py
```

Use instead:

```yaml
# provider/acme.yaml
extra:
  python:
    provider_source: provider/acme.py
    model_sources:
      - models/llm/llm.py
```",
    fix: None,
};

/// `m` is a module of `model_sources`.
pub(super) fn check(cx: &mut Ctx, m: &Module) {
    let raw = m.source.raw.as_str();
    // The SDK's module name: the extension dropped, `/` turned into `.`.
    let stem = match raw.rsplit_once('.') {
        Some((s, ext)) if !ext.contains('/') && !s.is_empty() && !s.ends_with('/') => s,
        _ => raw,
    };
    let module = stem.replace('/', ".");
    let parts = module.split('.').count();
    if parts >= 3 {
        return;
    }
    cx.report(
        &MODEL_MODULE_PATH,
        &m.source.file,
        m.source.span,
        format!(
            "the model module `{module}` has {parts} dotted part{}: when a model call fails, the SDK takes the provider name from the third-last part, so every error of these models becomes `IndexError: list index out of range`; move the file to `models/<type>/<file>.py`",
            if parts == 1 { "" } else { "s" }
        ),
    );
}
