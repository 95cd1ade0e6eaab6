//! DIFY508: a plugin tool class overrides `__init__`.

use super::classes::Found;
use crate::project::Layout;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static INIT_OVERRIDE: Rule = Rule {
    code: "DIFY508",
    name: "init-override",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B20",
    source: "SDK `Tool.__init__` is `@final`",
    summary: "A plugin tool class overrides `__init__`",
    doc: "The SDK constructs tools itself with `(runtime, session)` and marks `__init__` final. Overriding it \
breaks that contract; initialise lazily in `_invoke` instead. A constructor that hands every argument on \
(`def __init__(self, *args, **kwargs): super().__init__(*args, **kwargs)`) keeps the contract and is not \
reported.

**Example**

```python
# tools/search.py
class SearchTool(Tool):
    def __init__(self, runtime, session):
        super().__init__(runtime, session)
        self.client = Client()
```

Use instead:

```python
# tools/search.py
class SearchTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]):
        client = Client()
        ...
```",
    fix: None,
};

/// `found` is the tool class.
pub(super) fn check(cx: &mut Ctx, found: &Found) {
    if cx.unit().layout != Layout::Plugin {
        return;
    }
    // A constructor that hands everything on keeps the SDK's `(runtime, session)` contract.
    if let Some(init) = found.class.method("__init__").filter(|m| !m.forwards_to_super_init()) {
        cx.report(&INIT_OVERRIDE, &found.file, init.name_span, "`Tool.__init__` is final in the SDK, which constructs tools itself; move this set-up into `_invoke` or a lazy helper");
    }
}
