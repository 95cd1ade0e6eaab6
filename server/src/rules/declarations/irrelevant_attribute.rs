//! DIFY407: an attribute the parameter's type ignores.

use super::{Walker, remove_entry};
use crate::project::Layout;
use crate::rules::{Fix, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;

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
    pub(super) fn irrelevant(&mut self, p: &Node, ty: Option<&str>) {
        let Some(t) = ty else { return };
        if t != "number" {
            for key in ["min", "max", "precision"] {
                if let Some(e) = p.entry(key) {
                    self.report(
                        &IRRELEVANT_ATTRIBUTE,
                        e.key.span,
                        format!("`{key}` only applies to `number` parameters; on a `{t}` it does nothing"),
                    );
                }
            }
        }
        if !matches!(t, "select" | "dynamic-select" | "checkbox")
            && let Some(e) = p.entry("options")
        {
            self.report(
                &IRRELEVANT_ATTRIBUTE,
                e.key.span,
                format!(
                    "`options` only apply to `select`, `dynamic-select` and `checkbox`; the UI ignores them on a `{t}`"
                ),
            );
        }
        if self.layout == Layout::Plugin
            && let Some(e) = p.entry("placeholder")
        {
            self.report(&IRRELEVANT_ATTRIBUTE, e.key.span, "`placeholder` is dropped in plugins (the SDK and the daemon have no such field); put the hint in `human_description`".into());
        }
    }
}
