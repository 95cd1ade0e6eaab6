//! DIFY206: two parameters of one tool share a `name`.

use crate::project::SourceFile;
use crate::project::views::{Field, ToolDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static DUPLICATE_PARAMETER: Rule = Rule {
    code: "DIFY206",
    name: "duplicate-parameter",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X1b",
    source: "Nothing checks it; the later parameter overwrites the earlier",
    summary: "Two parameters of one tool share a `name`",
    doc: "Parameter values are passed in a dict keyed by name, so of two parameters with one name only the later \
survives. Rename one.

**Example**

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
  - name: text
    type: number
```

Use instead:

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
  - name: repeat
    type: number
```",
    fix: None,
};

/// `root` is the tool YAML's.
pub(super) fn check(cx: &mut Ctx, file: &Arc<SourceFile>, root: &Node) {
    let tool = ToolDecl::new(root);
    if tool.parameters_field().and_then(Field::as_seq).is_none() {
        return;
    }
    let params = tool.parameters();
    let mut seen: std::collections::HashMap<&str, crate::syntax::Span> = std::collections::HashMap::new();
    for p in params {
        let Some(n) = p.name().map(Field::node) else { continue };
        let Some(name) = n.as_str() else { continue };
        if let Some(&first) = seen.get(name) {
            let d = cx.report(
                &DUPLICATE_PARAMETER,
                file,
                n.span,
                format!("another parameter is also named `{name}`: this one overwrites it; rename one"),
            );
            d.with_related(file, first, "the other parameter with this name");
        } else {
            seen.insert(name, n.span);
        }
    }
}
