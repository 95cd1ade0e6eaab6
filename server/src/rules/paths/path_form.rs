//! DIFY121: a YAML path that is not a clean relative POSIX path, or differs in case from the file.

use crate::project::Reference;
use crate::project::paths::{PathProblem, normalize};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static PATH_FORM: Rule = Rule {
    code: "DIFY121",
    name: "path-form",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B5",
    source: "DAEMON install from the package (Go `io/fs` path rules)",
    summary: "A YAML path starts with `./`, contains `..` or `\\`, is absolute, or differs in case from the file",
    doc: "Paths in `plugins.tools`, a provider's `tools` and `extra.python.source` are relative to the plugin root \
and must be clean POSIX paths. The packager tolerates `./x`, but installing from the `.difypkg` zip uses Go \
`io/fs` rules, which reject `./`, `..`, backslashes and absolute paths. A name that differs in case from the \
file works on macOS and Windows and fails on Linux servers.

**Example**

```yaml
# provider/demo.yaml
tools:
  - ./tools/echo.yaml
extra:
  python:
    source: provider\\demo.py
```

Use instead:

```yaml
# provider/demo.yaml
tools:
  - tools/echo.yaml
extra:
  python:
    source: provider/demo.py
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, r: &Reference) {
    for problem in &r.target.problems {
        if *problem == PathProblem::Outside {
            continue; // path-outside-plugin's.
        }
        let fixed = match problem {
            PathProblem::Case(actual) => {
                let clean = normalize(&r.raw);
                let dir = clean.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
                Some(format!("{dir}{actual}"))
            }
            PathProblem::DotSlash | PathProblem::Backslash => Some(normalize(&r.raw)),
            PathProblem::DotDot | PathProblem::Absolute | PathProblem::Outside => None,
        };
        let advice = match &fixed {
            Some(f) => format!("write `{f}`"),
            None => "move the file inside the plugin and write its path relative to the plugin root".into(),
        };
        let message = format!(
            "`{}` {}: installing the package on Linux fails; {advice}",
            r.raw,
            problem.describe()
        );
        cx.report(&PATH_FORM, &r.file, r.span, message).replacement = fixed;
    }
}
