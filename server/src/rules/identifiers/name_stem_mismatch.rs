//! DIFY207: a tool's `identity.name` differs from its file stem, or its Python file's stem from
//! its YAML's.

use super::stem;
use crate::project::{SourceFile, ToolFile};
use crate::rules::{Ctx, Grade, Layouts, Rule, Severity};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static NAME_STEM: Rule = Rule {
    code: "DIFY207",
    name: "name-stem-mismatch",
    // A convention (spec X2, WARN) that real providers break on purpose: a hint by default, so
    // it does not bury the warnings; `[severity] DIFY207 = "warning"` raises it.
    grade: Grade::Advice(Severity::Hint),
    layouts: Layouts::ALL,
    spec: "X2",
    source: "Convention only",
    summary: "A tool's `identity.name` differs from its file stem, or its Python file's stem differs from its YAML's",
    doc: "Nothing requires a tool's name to equal its file stem, but a mismatch is usually a copy-paste mistake \
(two YAML files pointing at one `.py`, or a renamed tool whose name was not updated). Keep `tools/<name>.yaml`, \
`tools/<name>.py` and `identity.name: <name>` in step. Reported as a hint: official plugins differ on purpose \
(e.g. a tool named `general_chunker` in `general.yaml`); set `[severity] DIFY207 = \"warning\"` to enforce it.

**Example**

```yaml
# tools/echo.yaml (its code is tools/echo.py)
identity:
  name: echo_tool
```

Use instead:

```yaml
# tools/echo.yaml
identity:
  name: echo
```",
    fix: None,
};

/// `name` is the tool's `identity.name`.
pub(super) fn check(cx: &mut Ctx, t: &ToolFile, y: &Arc<SourceFile>, name: Option<&Node>) {
    if let Some((name, span)) = name.and_then(|n| n.as_str().map(|s| (s.to_string(), n.span))) {
        let file_stem = stem(&t.yaml_path);
        if name != file_stem {
            cx.report(&NAME_STEM, y, span, format!("the tool is named `{name}` but its file is `{file_stem}.yaml`: usually a copy-paste slip; rename one to match")).replacement = Some(file_stem.to_string());
        }
    }
    if let (Some(src), Some(py)) = (&t.source, &t.py_path)
        && t.py.is_some()
        && stem(py) != stem(&t.yaml_path)
    {
        cx.report(
            &NAME_STEM,
            y,
            src.span,
            format!(
                "`{}.yaml` uses the Python file `{}`: usually a copy-paste slip; point it at `{}.py`",
                stem(&t.yaml_path),
                src.raw,
                stem(&t.yaml_path)
            ),
        );
    }
}
