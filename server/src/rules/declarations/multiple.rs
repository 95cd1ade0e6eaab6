//! DIFY405: `multiple: true` on a type other than select/dynamic-select, or a `default` that
//! disagrees with `multiple`.

use super::Walker;
use crate::project::views::{Field, ParamDecl};
use crate::rules::{Grade, Layouts, Rule};
use crate::syntax::Span;

pub(crate) static MULTIPLE: Rule = Rule {
    code: "DIFY405",
    name: "multiple",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X6",
    source: "SDK ≥ 0.10.0 parameter validator; API newest commits (langgenius/dify #41605)",
    summary: "`multiple: true` on a type other than select/dynamic-select, or a `default` that disagrees with `multiple`",
    doc: "`multiple is only valid for select and dynamic-select parameters`, and `default must be a list exactly \
when multiple is true`. On a Dify that enforces it, the whole provider list fails to parse.

**Example**

```yaml
# tools/translate.yaml
parameters:
  - name: text
    type: string
    multiple: true
  - name: languages
    type: select
    multiple: true
    default: en
```

Use instead:

```yaml
# tools/translate.yaml
parameters:
  - name: text
    type: string
  - name: languages
    type: select
    multiple: true
    default: [en]
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// A parameter of type `ty`, named `name` (at `at`).
    pub(super) fn multiple(&mut self, p: ParamDecl, ty: Option<&str>, name: &str, at: Span) {
        let multiple = p.multiple().and_then(Field::as_lax_bool).unwrap_or(false);
        if let (true, Some(t)) = (multiple, ty)
            && !matches!(t, "select" | "dynamic-select")
        {
            let span = p.multiple().map_or(at, Field::span);
            self.report(
                &MULTIPLE,
                span,
                format!(
                    "`multiple: true` on a `{t}`: `multiple is only valid for select and dynamic-select parameters`"
                ),
            );
        }
        if let Some(d) = p.default().and_then(Field::non_null).map(Field::node)
            && d.as_seq().is_some() != multiple
        {
            let msg = if multiple {
                format!(
                    "`{name}` has `multiple: true`, so its default must be a list, e.g. `[{}]`",
                    d.text().unwrap_or("…")
                )
            } else {
                format!(
                    "the default of `{name}` is a list, but `multiple` is not true: `default must be a list exactly when multiple is true`"
                )
            };
            self.report(&MULTIPLE, d.span, msg);
        }
    }
}
