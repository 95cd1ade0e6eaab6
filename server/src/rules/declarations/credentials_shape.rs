//! DIFY418: `credentials_for_provider` is null (Dify 1.x, plugins), a list, or has a value that
//! is not a mapping.

use super::{Walker, key_with_colon};
use crate::project::views::Field;
use crate::project::{Generation, Layout};
use crate::rules::{Grade, Layouts, Rule};
use crate::syntax::yaml::Node;

pub(crate) static CREDENTIALS_SHAPE: Rule = Rule {
    code: "DIFY418",
    name: "credentials-shape",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A4/B15",
    source: "API 1.x provider constructor (`TypeError`); API 0.x `BuiltinToolProviderController` (lists); SDK `ToolProviderConfiguration` (`AttributeError: … 'items'`)",
    summary: "`credentials_for_provider` is null (Dify 1.x, plugins), a list, or has a value that is not a mapping",
    doc: "`credentials_for_provider` is a mapping from credential name to field. A list breaks every loader. \
`null` breaks in-tree Dify 1.x (`TypeError` while iterating) and plugins (`AttributeError: 'NoneType' object has \
no attribute 'items'`); Dify 0.x skips a null value and loads the provider without credentials. With no \
credentials, omit the key or write `{}`.

**Example**

```yaml
# provider/demo.yaml
credentials_for_provider:
  - api_key:
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
    /// A credential of `credentials_for_provider`, named `name`, whose value is not a mapping.
    pub(super) fn credential_not_a_mapping(&mut self, value: &Node, name: &str) {
        self.report(
            &CREDENTIALS_SHAPE,
            value.span,
            format!(
                "credential `{name}` must be a mapping with at least `type` (and `label`), but it is {}",
                value.kind_name()
            ),
        );
    }

    /// `e` is the `credentials_for_provider` entry, whose value is not a mapping.
    pub(super) fn credentials_not_a_mapping(&mut self, e: Field) {
        let node = e.node();
        match &node.value {
            // Dify 0.x skips a null `credentials_for_provider` (`… is not None` guard) and
            // passes `credentials_schema=None`, which its model allows: no credentials.
            _ if node.is_null() && self.layout == Layout::InTree(Generation::V0) => {}
            _ if node.is_null() => {
                let consequence = if self.layout == Layout::Plugin {
                    "the SDK fails with `AttributeError: 'NoneType' object has no attribute 'items'`"
                } else {
                    "Dify 1.x fails with `TypeError` while loading the provider"
                };
                let span = key_with_colon(&self.file, e.key_span());
                self.report(
                    &CREDENTIALS_SHAPE,
                    span,
                    format!("`credentials_for_provider` is null: {consequence}; remove the key or write `{{}}`"),
                )
                .replace_with("credentials_for_provider: {}");
            }
            _ => {
                let consequence = if self.layout == Layout::Plugin {
                    "the SDK fails with `AttributeError: 'list' object has no attribute 'items'`"
                } else {
                    "Dify fails while loading the provider (`TypeError`: list indices must be integers)"
                };
                self.report(&CREDENTIALS_SHAPE, node.span, format!("`credentials_for_provider` is {}, but it must be a mapping from credential name to field: {consequence}", node.kind_name()));
            }
        }
    }
}
