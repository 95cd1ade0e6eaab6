//! DIFY419: an I18n object holds a key that is not a locale.

use super::{MISPLACED_FIELDS, Walker};
use crate::project::vocab::LOCALES;
use crate::rules::{Grade, Layouts, Rule, one_of};
use crate::syntax::Span;

pub(crate) static I18N_EXTRA_KEY: Rule = Rule {
    code: "DIFY419",
    name: "i18n-extra-key",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X5b",
    source: "API, SDK and DAEMON `I18nObject` ignore extra keys (pydantic drops them; the Go struct has four fields)",
    summary: "An I18n object holds a key that is not a locale (often a field indented one level too deep)",
    doc: "An I18n object keeps only `en_US`, `zh_Hans`, `pt_BR` and `ja_JP`; any other key is dropped and the \
declaration still loads. A key such as `placeholder`, `help` or `url` inside a `label` is usually a field that \
was indented one level too deep: it belongs beside the `label`, where Dify reads it.

**Example**

```yaml
# provider/demo.yaml
credentials_for_provider:
  api_key:
    type: secret-input
    label:
      en_US: API key
      placeholder:
        en_US: Your key
```

Use instead:

```yaml
# provider/demo.yaml
credentials_for_provider:
  api_key:
    type: secret-input
    label:
      en_US: API key
    placeholder:
      en_US: Your key
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// `key` of the I18n object `what` is not shaped like a locale.
    pub(super) fn i18n_extra_key(&mut self, key: &str, span: Span, what: &str) {
        let message = if MISPLACED_FIELDS.contains(&key) {
            format!("`{key}` sits inside {what} and is ignored; it belongs one level up, beside {what}")
        } else {
            format!(
                "`{key}` is not a locale, so Dify drops it from {what}; it keeps only {}",
                one_of(LOCALES)
            )
        };
        self.report(&I18N_EXTRA_KEY, span, message);
    }
}
