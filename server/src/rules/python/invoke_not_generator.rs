//! DIFY504: a plugin tool's `_invoke` returns a single message instead of yielding messages.

use crate::edits::{Action, Change, edit};
use crate::project::python::{Method, ReturnKind};
use crate::project::{Files, Layout, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static INVOKE_NOT_GENERATOR: Rule = Rule {
    code: "DIFY504",
    name: "invoke-not-generator",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "X12b",
    source: "SDK executor (`yield from tool.invoke(...)`)",
    summary: "A plugin tool's `_invoke` returns a single message instead of yielding messages",
    doc: "The SDK iterates what `_invoke` produces. Write it as a generator that `yield`s messages \
(`yield self.create_text_message(...)`). A returned list still works; a single returned message or `None` does \
not.

**Example**

```python
# tools/echo.py
class EchoTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]):
        return self.create_text_message(tool_parameters[\"text\"])
```

Use instead:

```python
# tools/echo.py
class EchoTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]):
        yield self.create_text_message(tool_parameters[\"text\"])
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `invoke` is the tool class's `_invoke`, defined in `file`.
pub(super) fn check(cx: &mut Ctx, file: &Arc<SourceFile>, invoke: &Method) {
    if cx.unit().layout != Layout::Plugin {
        return;
    }
    let single = invoke.returns.iter().any(|r| r.kind == ReturnKind::SingleMessage);
    let no_value = invoke.returns.iter().all(|r| r.kind == ReturnKind::Nothing);
    if !invoke.is_generator && (single || no_value) {
        let what = if single {
            "returns a single message"
        } else {
            "returns nothing"
        };
        cx.report(&INVOKE_NOT_GENERATOR, file, invoke.name_span, format!("`_invoke` {what}: the SDK iterates its result (`yield from`), so write it as a generator and `yield` each message"));
    }
}

/// Turns the `return`s of single messages into `yield`s.
fn fix(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let facts = &d.file.python().facts;
    let Some(method) = facts
        .classes
        .iter()
        .flat_map(|c| &c.methods)
        .find(|m| m.name == "_invoke" && m.name_span == d.span)
    else {
        return Vec::new();
    };
    let changes: Vec<Change> = method
        .returns
        .iter()
        .filter(|r| r.kind == crate::project::python::ReturnKind::SingleMessage)
        .map(|r| edit(&d.file, r.keyword, "yield"))
        .collect();
    if changes.is_empty() {
        return Vec::new();
    }
    vec![Action::fix("Turn `return` into `yield`", d.rule.code, changes).preferred()]
}
