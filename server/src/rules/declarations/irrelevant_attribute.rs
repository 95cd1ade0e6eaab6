//! DIFY407: an attribute the parameter's type ignores.

use super::{Walker, remove_entry};
use crate::project::Layout;
use crate::project::views::ParamDecl;
use crate::rules::{Fix, Grade, Layouts, Rule};

pub(crate) static IRRELEVANT_ATTRIBUTE: Rule = Rule {
    code: "DIFY407",
    name: "irrelevant-attribute",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Nothing enforces it; the UI ignores the attribute",
    summary: "`min`/`max`/`precision` on a non-number, `options` on a type without choices, or `placeholder` on a plugin parameter",
    doc: "`min`, `max` and `precision` mean something only for `number`; `options` only for `select`, \
`dynamic-select` and `checkbox`; plugin parameters have no `placeholder` (the SDK and the daemon drop it).

**Example**

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
    min: 1
```

Use instead:

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
```",
    fix: Some(Fix {
        actions: remove_entry,
        placeholders: false,
    }),
};

impl Walker<'_, '_> {
    /// A parameter of type `ty`.
    pub(super) fn irrelevant(&mut self, p: ParamDecl, ty: Option<&str>) {
        let Some(t) = ty else { return };
        if t != "number" {
            for (key, field) in [("min", p.min()), ("max", p.max()), ("precision", p.precision())] {
                if let Some(e) = field {
                    self.report(
                        &IRRELEVANT_ATTRIBUTE,
                        e.key_span(),
                        format!("`{key}` only applies to `number` parameters; on a `{t}` it does nothing"),
                    );
                }
            }
        }
        if !matches!(t, "select" | "dynamic-select" | "checkbox")
            && let Some(e) = p.options()
        {
            self.report(
                &IRRELEVANT_ATTRIBUTE,
                e.key_span(),
                format!(
                    "`options` only apply to `select`, `dynamic-select` and `checkbox`; the UI ignores them on a `{t}`"
                ),
            );
        }
        if self.layout == Layout::Plugin
            && let Some(e) = p.placeholder()
        {
            self.report(&IRRELEVANT_ATTRIBUTE, e.key_span(), "`placeholder` is dropped in plugins (the SDK and the daemon have no such field); put the hint in `human_description`".into());
        }
    }
}
