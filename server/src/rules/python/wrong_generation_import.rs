//! DIFY511: an import from another Dify generation or runtime.

use crate::project::{Generation, Layout, SourceFile};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static WRONG_GENERATION_IMPORT: Rule = Rule {
    code: "DIFY511",
    name: "wrong-generation-import",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A6b",
    source: "API module layout per version (spec §5.1); the plugin runtime has no `core` package",
    summary: "An import from another Dify generation or runtime",
    doc: "`core.tools.provider.*` and `core.tools.tool.*` exist only in Dify 0.x, `core.tools.builtin_tool.*` \
only in 1.x, `dify_plugin` only in plugins, and `core.*` never in plugins. Such an import fails with \
`ModuleNotFoundError` and the provider does not load. An import under `if TYPE_CHECKING:` or in a `try` whose \
handler catches `ImportError` cannot fail the module and is not reported.

**Example**

```python
# tools/echo.py (a plugin tool)
from core.tools.entities.tool_entities import ToolInvokeMessage
```

Use instead:

```python
# tools/echo.py
from dify_plugin.entities.tool import ToolInvokeMessage
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>) {
    let layout = cx.unit().layout;
    let has_local_core = cx.files.is_dir(&cx.unit().root.join("core"));
    // An import that cannot fail the module (TYPE_CHECKING, a try that catches ImportError) is
    // a compatibility shim, not a broken import.
    for imp in py.python().facts.imports.iter().filter(|i| !i.guarded) {
        let m = imp.module.as_str();
        let problem = match layout {
            Layout::InTree(Generation::V1)
                if m.starts_with("core.tools.provider.")
                    || m.starts_with("core.tools.tool.")
                    || m == "core.tools.tool" =>
            {
                Some(format!(
                    "`{m}` exists only in Dify 0.x; this provider is in the 1.x tree (`core.tools.builtin_tool`)"
                ))
            }
            Layout::InTree(Generation::V0) if m.starts_with("core.tools.builtin_tool") => Some(format!(
                "`{m}` exists only in Dify 1.x; this provider is in the 0.x tree (`core.tools.provider.builtin`)"
            )),
            Layout::InTree(_) if m == "dify_plugin" || m.starts_with("dify_plugin.") => Some(format!(
                "`{m}` is the plugin SDK; in-tree providers use the server's `core.tools` classes"
            )),
            Layout::Plugin if (m == "core" || m.starts_with("core.")) && !has_local_core => Some(format!(
                "`{m}` is the Dify server's code, which the plugin runtime does not have; use `dify_plugin`"
            )),
            _ => None,
        };
        if let Some(problem) = problem {
            cx.report(
                &WRONG_GENERATION_IMPORT,
                py,
                imp.span,
                format!("{problem}: the import fails with `ModuleNotFoundError`"),
            );
        }
    }
}
