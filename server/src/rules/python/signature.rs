//! DIFY510: `_invoke` or `_validate_credentials` cannot be called the way this Dify calls it.

use super::classes::Role;
use crate::project::python::Method;
use crate::project::{Generation, Layout, SourceFile};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static SIGNATURE: Rule = Rule {
    code: "DIFY510",
    name: "signature",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A6",
    source: "API 1.x `Tool.invoke`, `BuiltinToolProviderController`; 0.x `builtin_tool`; SDK `Tool`, `ToolProvider`",
    summary: "`_invoke` or `_validate_credentials` cannot be called the way this Dify calls it",
    doc: "Dify 1.x in-tree calls `_invoke(user_id=…, tool_parameters=…, conversation_id=…, app_id=…, \
message_id=…)` by keyword and `_validate_credentials(user_id, credentials)`; Dify 0.x calls \
`_invoke(user_id, tool_parameters)` and `_validate_credentials(credentials)`; plugins call \
`_invoke(tool_parameters)` and `_validate_credentials(credentials)`. A method of another generation fails with \
a `TypeError` when the tool runs or the credentials are saved.

**Example**

```python
# tools/echo.py (a plugin tool)
class EchoTool(Tool):
    def _invoke(self, user_id: str, tool_parameters: dict[str, Any]):
        ...
```

Use instead:

```python
# tools/echo.py
class EchoTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]):
        ...
```",
    fix: None,
};

/// `m` is the `_invoke` of a tool class (`role` tool) or the `_validate_credentials` of a provider
/// class, defined in `file`.
pub(super) fn check(cx: &mut Ctx, file: &Arc<SourceFile>, m: &Method, role: Role) {
    if let Some(problem) = signature_problem(m, cx.unit().layout, role) {
        cx.report(&SIGNATURE, file, m.name_span, problem);
    }
}

fn signature_problem(m: &Method, layout: Layout, role: Role) -> Option<String> {
    const V1_INVOKE: &[&str] = &["user_id", "tool_parameters", "conversation_id", "app_id", "message_id"];
    match (layout, role) {
        (Layout::InTree(Generation::V1), Role::Tool) => m.accepts_keywords(V1_INVOKE).err().map(|why| {
            let hint = if m.accepts_keywords(&["user_id", "tool_parameters"]).is_ok() { " (this is the Dify 0.x signature)" } else { "" };
            format!("`_invoke` {why}{hint}: Dify 1.x calls it with `user_id`, `tool_parameters`, `conversation_id`, `app_id` and `message_id`; add `conversation_id: str | None = None, app_id: str | None = None, message_id: str | None = None`")
        }),
        (Layout::InTree(Generation::V0), Role::Tool) => m.accepts_keywords(&["user_id", "tool_parameters"]).err().map(|why| format!("`_invoke` {why}: Dify 0.x calls `_invoke(user_id=…, tool_parameters=…)`")),
        (Layout::Plugin, Role::Tool) => m.accepts_positional(1).err().map(|why| format!("`_invoke` {why}: the plugin SDK calls `_invoke(tool_parameters)`; write `def _invoke(self, tool_parameters: dict[str, Any])`")),
        (Layout::InTree(Generation::V1), Role::Provider) => m.accepts_positional(2).err().map(|why| {
            let hint = if m.accepts_positional(1).is_ok() { " (this is the Dify 0.x signature)" } else { "" };
            format!("`_validate_credentials` {why}{hint}: Dify 1.x calls `_validate_credentials(user_id, credentials)`")
        }),
        (Layout::InTree(Generation::V0), Role::Provider) => m.accepts_positional(1).err().map(|why| format!("`_validate_credentials` {why}: Dify 0.x calls `_validate_credentials(credentials)`")),
        (Layout::Plugin, Role::Provider) => m.accepts_positional(1).err().map(|why| format!("`_validate_credentials` {why}: the plugin SDK calls `_validate_credentials(credentials)`")),
        (_, Role::Kind { .. }) => None,
    }
}
