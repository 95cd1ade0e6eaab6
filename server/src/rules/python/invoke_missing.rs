//! DIFY503: the tool class has no `_invoke`.

use super::classes::Found;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static INVOKE_MISSING: Rule = Rule {
    code: "DIFY503",
    name: "invoke-missing",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X12a",
    source: "Abstract method of API `BuiltinTool`/`Tool` and SDK `Tool`",
    summary: "The tool class has no `_invoke`",
    doc: "`_invoke` is abstract: a tool class without it cannot be instantiated, so the tool fails to load.

**Example**

```python
# tools/echo.py
class EchoTool(Tool):
    def invoke(self, tool_parameters: dict[str, Any]):
        yield self.create_text_message(tool_parameters[\"text\"])
```

Use instead:

```python
# tools/echo.py
class EchoTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]):
        yield self.create_text_message(tool_parameters[\"text\"])
```",
    fix: None,
};

/// `found` is a tool class whose `_invoke` was not found (on it or its bases in the unit).
pub(super) fn check(cx: &mut Ctx, found: &Found) {
    cx.report(
        &INVOKE_MISSING,
        &found.file,
        found.class.name_span,
        format!(
            "`{}` has no `_invoke`: the method is abstract, so the tool cannot be created; implement `_invoke`",
            found.class.name
        ),
    );
}
