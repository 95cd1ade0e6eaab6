//! DIFY403: an I18n object without `en_US`.

use super::Walker;
use crate::rules::{Grade, Layouts, Rule};
use crate::syntax::Span;

pub(crate) static EN_US_MISSING: Rule = Rule {
    code: "DIFY403",
    name: "en-us-missing",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X5a",
    source: "API, SDK and DAEMON `I18nObject`",
    summary: "An I18n object has no `en_US`",
    doc: "Every label and description is an I18n object whose `en_US` is required. Lowercase spellings such as \
`en_us` are accepted only by the SDK and are lost after packaging, so they count as missing.

**Example**

```yaml
# tools/echo.yaml
identity:
  label:
    zh_Hans: 回声
```

Use instead:

```yaml
# tools/echo.yaml
identity:
  label:
    en_US: Echo
    zh_Hans: 回声
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// The I18n object `what` (its key at `key_span`) has no `en_US`; `alias` is where it spells
    /// it in lowercase, if it does.
    pub(super) fn en_us_missing(&mut self, alias: Option<Span>, key_span: Span, what: &str) {
        match alias {
            Some(span) => {
                self.report(&EN_US_MISSING, span, format!("{what} spells `en_US` in lowercase: only the SDK accepts that, and the text is lost after packaging; write `en_US`"));
                self.last().replace_with("en_US");
            }
            None => {
                self.report(
                    &EN_US_MISSING,
                    key_span,
                    format!("{what} has no `en_US`: it is required in every label and description"),
                );
            }
        }
    }
}
