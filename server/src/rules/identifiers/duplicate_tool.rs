//! DIFY205: two tools of one provider share an `identity.name`.

use crate::project::views::{Field, ToolDecl};
use crate::project::{SourceFile, ToolFile};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static DUPLICATE_TOOL: Rule = Rule {
    code: "DIFY205",
    name: "duplicate-tool",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X1a",
    source: "SDK registry (`tools_mapping`); API `get_tool`",
    summary: "Two tools of one provider share an `identity.name`",
    doc: "Tools are registered by `identity.name`; a later tool with the same name silently replaces the earlier \
one, which becomes unreachable. Give each tool a unique name.

**Example**

```yaml
# tools/echo.yaml
identity:
  name: echo

# tools/echo_upper.yaml
identity:
  name: echo
```

Use instead:

```yaml
# tools/echo.yaml
identity:
  name: echo

# tools/echo_upper.yaml
identity:
  name: echo_upper
```",
    fix: None,
};

/// `tools` are one provider's.
pub(super) fn check(cx: &mut Ctx, tools: &[ToolFile]) {
    let mut seen: Vec<(String, Arc<SourceFile>, crate::syntax::Span)> = Vec::new();
    for t in tools {
        let Some(y) = &t.yaml else { continue };
        let Some(root) = y.yaml_root() else { continue };
        let name = ToolDecl::new(root).identity().and_then(|i| i.name());
        let Some((name, span)) = name.and_then(Field::as_str).map(|s| (s.value.to_string(), s.span)) else {
            continue;
        };
        if let Some((_, first, first_span)) = seen.iter().find(|(n, _, _)| *n == name) {
            let (first, first_span) = (first.clone(), *first_span);
            let d = cx.report(&DUPLICATE_TOOL, y, span, format!("another tool of this provider is also named `{name}`: the later one replaces it and it becomes unreachable; rename one"));
            d.with_related(&first, first_span, "the other tool with this name");
        } else {
            seen.push((name.clone(), y.clone(), span));
        }
    }
}
