//! DIFY514: a declared parameter the tool's Python never reads.

use super::classes::{Classes, Found, Role};
use crate::project::views::{Field, ParamDecl, ToolDecl};
use crate::project::{SourceFile, ToolFile};
use crate::rules::{Ctx, Grade, Layouts, Rule, Severity};
use std::sync::Arc;

pub(crate) static UNREAD_PARAMETER: Rule = Rule {
    code: "DIFY514",
    name: "unread-parameter",
    grade: Grade::Advice(Severity::Hint),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp (cross-check of YAML and Python)",
    summary: "A declared parameter is never read by the tool's Python",
    doc: "The parameter is shown to users and the model, but the code never reads it (no `tool_parameters[...]` \
or `.get(...)` with its name, and no dynamic access). Either the code forgot it or the declaration is stale.

**Example**

```yaml
# tools/echo.yaml (tools/echo.py reads only `text`)
parameters:
  - name: text
    type: string
  - name: unused
    type: string
```

Use instead:

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
```",
    fix: None,
};

/// `py` is the module of tool `t`, `found` its tool class.
pub(super) fn check(cx: &mut Ctx, t: &ToolFile, py: &Arc<SourceFile>, found: Option<&Found>) {
    let Some(yaml) = &t.yaml else { return };
    let Some(root) = yaml.yaml_root() else { return };
    let params: Vec<ParamDecl> = ToolDecl::new(root).parameters().collect();
    if found.is_none() || py.python().syntax_error.is_some() {
        return;
    }
    // Reads in the unit's modules that the tool imports (a base class, a helper) count too.
    let mut modules = vec![py.clone()];
    modules.extend(Classes::new(cx, Role::Tool).imported_modules(py));
    if modules.iter().any(|m| m.python().facts.dynamic_param_access) {
        return;
    }
    let read: std::collections::HashSet<&str> = modules
        .iter()
        .flat_map(|m| m.python().facts.param_reads.iter().map(|r| r.key.as_str()))
        .collect();
    for p in params {
        let Some(n) = p.name().map(Field::node) else { continue };
        let Some(name) = n.as_str() else { continue };
        if !read.contains(name) {
            let d = cx.report(
                &UNREAD_PARAMETER,
                yaml,
                n.span,
                format!("parameter `{name}` is declared but `{}` never reads it", py.file_name()),
            );
            d.with_related(
                py,
                found.map_or(py.first_line(), |f| f.class.name_span),
                "the tool class",
            );
        }
    }
}
