//! DIFY115: a plugin provider's `tools` is not a list of path strings.

use crate::project::SourceFile;
use crate::project::views::{Field, ProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static TOOLS_NOT_A_LIST: Rule = Rule {
    code: "DIFY115",
    name: "tools-not-a-list",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B16",
    source: "SDK `ToolProviderConfiguration` field validator",
    summary: "The provider `tools` is not a list of path strings",
    doc: "The SDK requires `tools:` to be a list (`TypeError: tools should be a list`) whose items are strings \
(`TypeError: tool path should be a string`). The daemon would accept inline mappings; the SDK does not.

**Example**

```yaml
# provider/demo.yaml
tools: tools/echo.yaml
```

Use instead:

```yaml
# provider/demo.yaml
tools:
  - tools/echo.yaml
```",
    fix: None,
};

/// `root` is the provider YAML's.
pub(super) fn check(cx: &mut Ctx, yaml: &Arc<SourceFile>, root: &Node) {
    if let Some(tools) = ProviderDecl::new(root).tools().map(Field::node) {
        match tools.as_seq() {
            None if !tools.is_null() => {
                cx.report(&TOOLS_NOT_A_LIST, yaml, tools.span, format!("`tools` is {}, but the SDK requires a list of tool YAML paths (`TypeError: tools should be a list`)", tools.kind_name()));
            }
            Some(items) => {
                for item in items.iter().filter(|i| i.as_str().is_none()) {
                    cx.report(&TOOLS_NOT_A_LIST, yaml, item.span, format!("this entry is {}, but each `tools` entry must be a path string (`TypeError: tool path should be a string`)", item.kind_name()));
                }
            }
            None => {}
        }
    }
}
