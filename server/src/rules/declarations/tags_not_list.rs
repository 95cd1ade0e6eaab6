//! DIFY415: a plugin provider's `identity.tags` is present but not a list.

use super::Walker;
use crate::project::Layout;
use crate::rules::{Grade, Layouts, Rule};
use crate::syntax::yaml::Node;

pub(crate) static TAGS_NOT_LIST: Rule = Rule {
    code: "DIFY415",
    name: "tags-not-list",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B17",
    source: "SDK `ToolProviderIdentity` (`tags: list[ToolLabelEnum]`)",
    summary: "A plugin provider's `identity.tags` is present but not a list",
    doc: "The SDK requires `identity.tags` to be a list when present (`tags: null` fails). Remove the key or write \
a list such as `[search]`. In-tree providers may leave it null.

**Example**

```yaml
# provider/demo.yaml
identity:
  tags:
```

Use instead:

```yaml
# provider/demo.yaml
identity:
  tags:
    - utilities
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// `tags` that is not a list; whether this rule reported it (a plugin provider's tags).
    pub(super) fn tags_not_list(&mut self, node: &Node, manifest: bool) -> bool {
        if manifest || self.layout != Layout::Plugin {
            return false;
        }
        self.report(
            &TAGS_NOT_LIST,
            node.span,
            format!(
                "`identity.tags` is {}, but the SDK requires a list (or no key at all); write e.g. `[utilities]`",
                node.kind_name()
            ),
        );
        true
    }
}
