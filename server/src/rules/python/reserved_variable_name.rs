//! DIFY507: a variable message named `json`, `text` or `files`.

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static RESERVED_VARIABLE: Rule = Rule {
    code: "DIFY507",
    name: "reserved-variable-name",
    grade: Grade::Error,
    // Dify 0.x has no variable messages.
    layouts: Layouts::DIFY_1X,
    spec: "X13",
    source: "API (variable messages)",
    summary: "A variable message is named `json`, `text` or `files`",
    doc: "The API reserves the output variable names `json`, `text` and `files` for the tool's built-in outputs \
and fails the invocation with \"The variable name '…' is reserved.\" Pick another name.

**Example**

```python
# tools/summarize.py
        yield self.create_variable_message(\"text\", summary)
```

Use instead:

```python
# tools/summarize.py
        yield self.create_variable_message(\"summary\", summary)
```",
    fix: None,
};

/// `py` is a tool's module.
pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>) {
    for (name, span) in &py.python().facts.variable_names {
        if matches!(name.as_str(), "json" | "text" | "files") {
            cx.report(&RESERVED_VARIABLE, py, *span, format!("the variable name `{name}` is reserved: the API fails with \"The variable name '{name}' is reserved.\"; choose another name"));
        }
    }
}
