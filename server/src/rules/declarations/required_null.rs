//! DIFY414: a parameter's `required:` has no value.

use super::{Walker, key_with_colon};
use crate::project::views::ParamDecl;
use crate::rules::{Grade, Layouts, Rule};

pub(crate) static REQUIRED_NULL: Rule = Rule {
    code: "DIFY414",
    name: "required-null",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X14",
    source: "API 1.x `PluginParameter` (`required: bool`)",
    summary: "A parameter has `required:` with no value (null)",
    doc: "The SDK accepts `required: null`, but the API rejects it when it re-validates the declaration, so the \
provider list fails to parse. Write `true` or `false`.

**Example**

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
    required:
```

Use instead:

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
    required: false
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// A parameter, named `name`.
    pub(super) fn required_null(&mut self, p: ParamDecl, name: &str) {
        if let Some(e) = p.required().filter(|e| e.is_null()) {
            let span = key_with_colon(&self.file, e.key_span());
            self.report(&REQUIRED_NULL, span, format!("`required` of `{name}` is null: API 1.x rejects it and the provider list fails to parse; write `true` or `false`"))
                .replace_with("required: false");
        }
    }
}
