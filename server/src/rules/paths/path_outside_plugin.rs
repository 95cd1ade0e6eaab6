//! DIFY123: a YAML path that leads out of the plugin through a symbolic link.

use crate::project::Reference;
use crate::project::paths::PathProblem;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static OUTSIDE: Rule = Rule {
    code: "DIFY123",
    name: "path-outside-plugin",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B5",
    source: "dify-lsp (plugin boundary); DAEMON install from the package",
    summary: "A YAML path leads outside the plugin folder through a symbolic link",
    doc: "A path in `plugins.tools`, a provider's `tools` or `extra.python.source` names a file whose folder is a \
symbolic link to somewhere outside the plugin. What the packaged plugin contains then depends on how the \
package is built, not on what you see here, and dify-lsp never reads, edits or creates files outside the \
plugin it checks (a cloned repository is untrusted input). Move the file into the plugin. (Paths with `..` or \
an absolute path are DIFY121 errors.)

**Example**

```yaml
# provider/demo.yaml (shared/ is a symbolic link to ../common/)
tools:
  - shared/echo.yaml
```

Use instead:

```yaml
# provider/demo.yaml (the file copied into the plugin)
tools:
  - tools/echo.yaml
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, r: &Reference) {
    // A path written with `..` or as absolute is path-form's.
    let written_outside = r
        .target
        .problems
        .iter()
        .any(|p| matches!(p, PathProblem::DotDot | PathProblem::Absolute));
    for problem in &r.target.problems {
        if *problem == PathProblem::Outside && !written_outside {
            let message = format!(
                "`{}` {} through a symbolic link: dify-lsp does not read it, and the package may not hold what you see; move the file into the plugin",
                r.raw,
                problem.describe()
            );
            cx.report(&OUTSIDE, &r.file, r.span, message);
        }
    }
}
