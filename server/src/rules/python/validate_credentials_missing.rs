//! DIFY505: an in-tree provider class does not implement `_validate_credentials`.

use super::classes::Found;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static VALIDATE_MISSING_INTREE: Rule = Rule {
    code: "DIFY505",
    name: "validate-credentials-missing",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "X12c",
    source: "API `BuiltinToolProviderController` (abstract `_validate_credentials`)",
    summary: "An in-tree provider class does not implement `_validate_credentials`",
    doc: "`_validate_credentials` is abstract in-tree, so a provider class without it cannot be instantiated and \
the provider is skipped — whether or not it declares credentials. Implement it (an empty body is fine when \
there are no credentials).

**Example**

```python
# providers/demo/demo.py
class DemoProvider(BuiltinToolProviderController):
    pass
```

Use instead:

```python
# providers/demo/demo.py (Dify 1.x)
class DemoProvider(BuiltinToolProviderController):
    def _validate_credentials(self, user_id: str, credentials: dict[str, Any]) -> None:
        pass
```",
    fix: None,
};

/// `found` is a provider class whose `_validate_credentials` was not found (on it or its bases in
/// the unit).
pub(super) fn check(cx: &mut Ctx, found: &Found) {
    if cx.unit().is_plugin() {
        return;
    }
    cx.report(&VALIDATE_MISSING_INTREE, &found.file, found.class.name_span, format!("`{}` does not implement `_validate_credentials`: it is abstract in-tree, so Dify cannot create the provider and skips it; add one (an empty body is fine without credentials)", found.class.name));
}
