//! DIFY002: a Python module that does not parse.

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static PYTHON_SYNTAX: Rule = Rule {
    code: "DIFY002",
    name: "python-syntax",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "§4.7",
    source: "API `module_import_helper.py` / SDK `class_loader.py` (import of the module)",
    summary: "The Python file does not parse",
    doc: "Dify imports each provider and tool module to find its class. A module with a syntax error raises \
`SyntaxError` on import: a plugin exits at start-up, and an in-tree provider is skipped. Fix the syntax at the \
position shown.

**Example**

```python
# tools/search.py
class SearchTool(Tool)
    def _invoke(self, tool_parameters: dict[str, Any]):
        ...
```

Use instead:

```python
# tools/search.py
class SearchTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]):
        ...
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, file: &Arc<SourceFile>) {
    if let Some(err) = file.python().syntax_error {
        let missing = file
            .python()
            .tree
            .root_node()
            .descendant_for_byte_range(err.start, err.end)
            .filter(|n| n.is_missing());
        let line = file.lines.line_of(err.start);
        let line_end = file.lines.line_span(&file.text, line).end.max(err.start);
        let span = if err.is_empty() {
            Span::new(err.start, (err.start + 1).min(file.text.len()).max(err.start))
        } else {
            Span::new(err.start, err.end.min(line_end).max(err.start + 1))
        };
        let message = match missing {
            Some(n) => format!(
                "invalid Python syntax: expected `{}` here; the loader cannot import this module",
                n.kind()
            ),
            None => "invalid Python syntax; the loader cannot import this module (SyntaxError)".to_string(),
        };
        cx.report(&PYTHON_SYNTAX, file, span, message);
    }
}
