//! DIFY204: a plugin tool's `identity.name` is not `^[a-zA-Z0-9_-]+$`.

use super::{NamePattern, check_pattern};
use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static TOOL_NAME: Rule = Rule {
    code: "DIFY204",
    name: "tool-name-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B9b",
    source: "DAEMON `ToolDeclaration` validator",
    summary: "The tool `identity.name` is not `^[a-zA-Z0-9_-]+$`",
    doc: "Tool names route invocations and must be letters, digits, `_` and `-` only.

**Example**

```yaml
# tools/echo.yaml
identity:
  name: echo tool
```

Use instead:

```yaml
# tools/echo.yaml
identity:
  name: echo
```",
    fix: None,
};

const PATTERN: NamePattern = NamePattern {
    rule: &TOOL_NAME,
    what: "tool name",
    allow_upper: true,
    max: usize::MAX,
    why: "the daemon rejects the declaration",
};

/// `name` is the tool's `identity.name`.
pub(super) fn check(cx: &mut Ctx, yaml: &Arc<SourceFile>, name: Option<&Node>) {
    if cx.unit().is_plugin() {
        check_pattern(cx, yaml, name, &PATTERN);
    }
}
