//! DIFY208: an in-tree provider's `identity.name` differs from its directory name.

use crate::project::{Generation, Layout, SourceFile};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static INTREE_NAME: Rule = Rule {
    code: "DIFY208",
    name: "intree-name-mismatch",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "A2",
    source: "API `tool_manager.py`, `builtin_tool/provider.py` (tools, icon and cache use `identity.name`)",
    summary: "An in-tree provider's `identity.name` differs from its directory name",
    doc: "Dify lists an in-tree provider's tools from `<providers folder>/<identity.name>/tools/` and serves its icon and \
caches it by `identity.name`, while the module is found by directory name. A mismatch makes the tools fail to \
load or picks up another provider's. A maintainer confirmed: \"the name of provider must be consistent with the \
module name\" (langgenius/dify #2618).

**Example**

```yaml
# providers/demo/demo.yaml
identity:
  name: demo_new
```

Use instead:

```yaml
# providers/demo/demo.yaml
identity:
  name: demo
```",
    fix: None,
};

/// `name` is the provider's `identity.name`.
pub(super) fn check(cx: &mut Ctx, y: &Arc<SourceFile>, name: Option<&Node>) {
    if cx.unit().is_plugin() {
        return;
    }
    if let Some(n) = name.and_then(|n| n.as_str().map(|s| (s, n.span))) {
        let dir = cx.unit().dir_name().to_string();
        if n.0 != dir {
            // The folder of the in-tree providers: `builtin_tool/providers/` (1.x), `provider/builtin/` (0.x).
            let folder = match cx.unit().layout {
                Layout::InTree(Generation::V0) => "builtin",
                _ => "providers",
            };
            cx.report(&INTREE_NAME, y, n.1, format!("`identity.name` is `{}` but the directory is `{dir}`: Dify loads this provider's tools from `{folder}/{}/tools/`; set it to `{dir}`", n.0, n.0)).replacement = Some(dir.clone());
        }
    }
}
