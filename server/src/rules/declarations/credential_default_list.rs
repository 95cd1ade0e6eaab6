//! DIFY412: a credential `default` that is a list.

use super::Walker;
use crate::project::views::{CredentialDecl, Field};
use crate::rules::{Grade, Layouts, Rule};

pub(crate) static CREDENTIAL_DEFAULT_LIST: Rule = Rule {
    code: "DIFY412",
    name: "credential-default-list",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X10a",
    source: "API `ProviderConfig` (`default: int | str | float | bool`)",
    summary: "A credential `default` is a list",
    doc: "Credential defaults are scalars in the API model; a list fails validation. Use one value.

**Example**

```yaml
# provider/demo.yaml
credentials_for_provider:
  region:
    type: select
    default: [eu, us]
```

Use instead:

```yaml
# provider/demo.yaml
credentials_for_provider:
  region:
    type: select
    default: eu
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// A credential, named `name`.
    pub(super) fn credential_default_list(&mut self, c: CredentialDecl, name: &str) {
        if let Some(d) = c
            .default()
            .map(Field::node)
            .filter(|d| d.as_seq().is_some() || d.as_map().is_some())
        {
            self.report(
                &CREDENTIAL_DEFAULT_LIST,
                d.span,
                format!(
                    "the default of credential `{name}` is {}: the API accepts only a single value",
                    d.kind_name()
                ),
            );
        }
    }
}
