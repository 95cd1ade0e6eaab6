//! DIFY209: an in-tree tool's `identity.name` is also another builtin provider's tool's.

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static INTREE_TOOL_CLASH: Rule = Rule {
    code: "DIFY209",
    name: "intree-tool-name-clash",
    grade: Grade::Warn,
    layouts: Layouts::IN_TREE,
    spec: "A7",
    source: "API tool label cache (global across builtin providers)",
    summary: "An in-tree tool's `identity.name` is also used by another builtin provider",
    doc: "Builtin tool labels are cached by tool name across all providers, so two providers with a tool of the \
same name overwrite each other's labels. Prefix the tool name with the provider's.

**Example**

```yaml
# providers/demo/tools/search.yaml (providers/google/tools/search.yaml has the same name)
identity:
  name: search
```

Use instead:

```yaml
# providers/demo/tools/search.yaml
identity:
  name: demo_search
```",
    fix: None,
};

/// `name` is the tool's `identity.name`.
pub(super) fn check(cx: &mut Ctx, y: &Arc<SourceFile>, name: Option<&Node>) {
    if cx.unit().is_plugin() {
        return;
    }
    let Some((name, span)) = name.and_then(|n| n.as_str().map(|s| (s.to_string(), n.span))) else {
        return;
    };
    for other in (cx.sibling_tools)(&name) {
        cx.report(&INTREE_TOOL_CLASH, y, span, format!("builtin provider `{other}` also has a tool named `{name}`: tool labels are cached by name across providers and overwrite each other; prefix it, e.g. `{}_{name}`", cx.unit().dir_name()));
    }
}
