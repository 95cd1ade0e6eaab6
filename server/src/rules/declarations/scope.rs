//! DIFY411: `scope` on a type that has none, or an invalid scope value.

use super::{Walker, remove_entry};
use crate::project::views::Field;
use crate::project::vocab;
use crate::rules::{Fix, Grade, Layouts, Rule, did_you_mean, one_of, suggest};

pub(crate) static SCOPE: Rule = Rule {
    code: "DIFY411",
    name: "scope",
    grade: Grade::Error,
    // Dify 0.x has no `scope` (its models have no such field and ignore unknown keys).
    layouts: Layouts::DIFY_1X,
    spec: "X9",
    source: "DAEMON `pkg/entities/plugin_entities/config.go` `is_scope`; API scope enums",
    summary: "`scope` on a type that has none, or an invalid scope value",
    doc: "`scope` narrows `model-selector` (`llm`, `text-embedding`, `rerank`, `tts`, `speech2text`, \
`moderation`, `vision`, …, joined with `&`), `app-selector` (`all`, `chat`, `workflow`, `completion`), `any` (a \
variable type such as `string` or `array[file]`) and credential `array[tools]` (`all`, `custom`, `builtin`, \
`workflow`). On other types, or with another value, validation fails.

**Example**

```yaml
# tools/summarize.yaml
parameters:
  - name: text
    type: string
    scope: llm
  - name: app
    type: app-selector
    scope: chatbot
```

Use instead:

```yaml
# tools/summarize.yaml
parameters:
  - name: text
    type: string
  - name: app
    type: app-selector
    scope: chat
```",
    fix: Some(Fix {
        actions: remove_entry,
        placeholders: false,
    }),
};

impl Walker<'_, '_> {
    /// The `scope` of a parameter or credential (`credential`) of type `ty`.
    pub(super) fn scope(&mut self, scope: Option<Field>, ty: Option<&str>, credential: bool) {
        let Some(scope) = scope.and_then(Field::non_null).map(Field::node) else {
            return;
        };
        let Some(value) = scope.text() else { return };
        let allowed: &[&str] = match ty {
            Some("model-selector") => vocab::MODEL_SCOPES,
            Some("app-selector") => vocab::APP_SCOPES,
            Some("any") if !credential => vocab::ANY_SCOPES,
            Some("array[tools]") if credential => vocab::TOOL_SELECTOR_SCOPES,
            _ => {
                let t = ty.unwrap_or("?");
                self.report(&SCOPE, scope.span, format!("`scope` has no meaning on type `{t}`: only `model-selector`, `app-selector`{} take one; validation fails with \"is not a valid scope\"", if credential { " and `array[tools]`" } else { " and `any`" }));
                return;
            }
        };
        let ok = if ty == Some("model-selector") {
            value.split('&').any(|p| allowed.contains(&p.trim()))
        } else {
            allowed.contains(&value)
        };
        if !ok {
            self.report(
                &SCOPE,
                scope.span,
                format!(
                    "`{value}` is not a valid scope for `{}`{}; use {}",
                    ty.unwrap_or(""),
                    did_you_mean(value, allowed),
                    one_of(allowed)
                ),
            )
            .replacement = suggest(value, allowed).map(String::from);
        }
    }
}
