//! DIFY506: a plugin provider declares credentials but does not implement
//! `_validate_credentials`.

use super::Declared;
use super::classes::Found;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static VALIDATE_MISSING_PLUGIN: Rule = Rule {
    code: "DIFY506",
    name: "validate-credentials-unimplemented",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "X12d",
    source: "SDK `interfaces/tool/tool.py` `ToolProvider._validate_credentials`",
    summary: "A plugin provider declares credentials but does not implement `_validate_credentials`",
    doc: "Saving the credentials calls `_validate_credentials`; without an implementation it raises \
`NotImplementedError` (\"The tool you are using does not support credentials validation …\"). Implement it, \
raising `ToolProviderCredentialValidationError` when the credentials do not work.

**Example**

```python
# provider/demo.py (provider/demo.yaml declares `api_key`)
class DemoProvider(ToolProvider):
    pass
```

Use instead:

```python
# provider/demo.py
class DemoProvider(ToolProvider):
    def _validate_credentials(self, credentials: dict[str, Any]) -> None:
        try:
            Client(credentials[\"api_key\"]).ping()
        except Exception as e:
            raise ToolProviderCredentialValidationError(str(e))
```",
    fix: None,
};

/// `found` is a provider class whose `_validate_credentials` was not found (on it or its bases in
/// the unit); `declared` are the provider's credentials.
pub(super) fn check(cx: &mut Ctx, found: &Found, declared: Option<&Declared>) {
    if !cx.unit().is_plugin() {
        return;
    }
    if declared.is_some_and(|d| !d.names.is_empty()) {
        cx.report(&VALIDATE_MISSING_PLUGIN, &found.file, found.class.name_span, format!("the provider declares credentials but `{}` does not implement `_validate_credentials`: saving them raises `NotImplementedError`", found.class.name));
    }
}
