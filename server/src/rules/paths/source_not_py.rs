//! DIFY122: an `extra.python.source` that does not name an importable `.py` file.

use crate::project::Reference;
use crate::project::paths::normalize;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static SOURCE_NOT_PY: Rule = Rule {
    code: "DIFY122",
    name: "source-not-py",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B19",
    source: "SDK `PluginRegistration` (module name from the path)",
    summary: "`extra.python.source` does not end in `.py`, or names a file that cannot be imported normally",
    doc: "The SDK turns the source path into a module name by stripping the suffix and replacing `/` with `.`. \
A path without `.py` does not name a Python file. A hyphenated file name loads fine (importlib looks the \
module up by file name and does not require an identifier), but no other module can name it in an `import` \
statement, so shared code cannot live there.

**Example**

```yaml
# tools/echo.yaml
extra:
  python:
    source: tools/echo-tool.py
```

Use instead:

```yaml
# tools/echo.yaml (the file renamed to tools/echo_tool.py)
extra:
  python:
    source: tools/echo_tool.py
```",
    fix: None,
};

/// `r` is an `extra.python.source`.
pub(super) fn check(cx: &mut Ctx, r: &Reference) {
    let file = normalize(&r.raw);
    if !file.ends_with(".py") {
        cx.report(&SOURCE_NOT_PY, &r.file, r.span, format!("`{}` does not end in `.py`: the SDK builds the module name by stripping the suffix, so this names no Python file", r.raw));
    } else if file.rsplit('/').next().is_some_and(|n| n.contains('-')) {
        cx.report(&SOURCE_NOT_PY, &r.file, r.span, format!("`{}` has a hyphen in its file name: the SDK loads it, but other modules cannot `import` it by name; prefer underscores", r.raw));
    }
}
