//! DIFY517: the model provider class lacks `validate_provider_credentials` (M12).

use super::{Has, has};
use crate::rules::python::classes::Found;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static PROVIDER_CREDENTIALS: Rule = Rule {
    code: "DIFY517",
    name: "model-provider-credentials",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "M12",
    source: "SDK `interfaces/model/__init__.py` (`ModelProvider.validate_provider_credentials` is abstract), instantiated by `_resolve_model_providers`",
    summary: "The model provider class has no `validate_provider_credentials`",
    doc: "`validate_provider_credentials` is abstract on `ModelProvider`, and unlike the other kinds' classes the \
model provider is instantiated when the plugin starts. Without the method the plugin does not start: \
`Can't instantiate abstract class X with abstract method validate_provider_credentials`. A method inherited from \
your own base class, or from an SDK base such as `OAICompatProvider`, counts.

**Example**

```python
# provider/acme.py
class AcmeProvider(ModelProvider):
    def validate_credentials(self, credentials: dict) -> None:
        ...
```

Use instead:

```python
# provider/acme.py
class AcmeProvider(ModelProvider):
    def validate_provider_credentials(self, credentials: dict) -> None:
        ...
```",
    fix: None,
};

/// `found` is the class the loader takes from `extra.python.provider_source`.
pub(super) fn check(cx: &mut Ctx, found: &Found) {
    const NAME: &str = "validate_provider_credentials";
    if has(cx, &found.file, &found.class, NAME, &["ModelProvider"]) != Has::No {
        return;
    }
    let class = &found.class.name;
    cx.report(
        &PROVIDER_CREDENTIALS,
        &found.file,
        found.class.name_span,
        format!(
            "`{class}` has no `{NAME}`: the method is abstract and the provider is created when the plugin starts, so the plugin fails to start (`Can't instantiate abstract class {class} with abstract method {NAME}`); implement `def {NAME}(self, credentials: dict) -> None` (raise `CredentialsValidateFailedError` when they are wrong)"
        ),
    );
}
