//! DIFY413: `credentials_schema` where the SDK reads `credentials_for_provider`.

use super::Walker;
use crate::project::Layout;
use crate::project::views::ProviderDecl;
use crate::rules::{Grade, Layouts, Rule};

pub(crate) static CREDENTIALS_SCHEMA: Rule = Rule {
    code: "DIFY413",
    name: "credentials-schema-key",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "X10b",
    source: "SDK alias handling (only `credentials_for_provider`); DAEMON prefers `credentials_schema`",
    summary: "`credentials_schema` is used instead of `credentials_for_provider`",
    doc: "The daemon reads `credentials_schema`, but the SDK accepts only the key `credentials_for_provider`, so the \
plugin runtime sees no credentials and `self.runtime.credentials` is empty. Rename the key to \
`credentials_for_provider` (a mapping from credential name to field).

**Example**

```yaml
# provider/demo.yaml
credentials_schema:
  api_key:
    type: secret-input
```

Use instead:

```yaml
# provider/demo.yaml
credentials_for_provider:
  api_key:
    type: secret-input
```",
    fix: None,
};

impl Walker<'_, '_> {
    pub(super) fn credentials_schema_key(&mut self, provider: ProviderDecl) {
        if let Some(e) = provider.credentials_schema().filter(|_| self.layout == Layout::Plugin) {
            self.report(&CREDENTIALS_SCHEMA, e.key_span(), "`credentials_schema` is read by the daemon but ignored by the SDK, so the plugin sees no credentials; rename it to `credentials_for_provider` (a mapping from name to field)".into());
        }
    }
}
