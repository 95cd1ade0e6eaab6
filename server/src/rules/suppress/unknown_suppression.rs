//! DIFY004: a suppression comment that names no rule.

use crate::project::SourceFile;
use crate::rules::{Diagnostic, Grade, Layouts, Rule, Severity};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static UNKNOWN_SUPPRESSION: Rule = Rule {
    code: "DIFY004",
    name: "unknown-suppression",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp",
    summary: "A suppression comment names an unknown rule code",
    doc: "`# dify-lsp: ignore[CODE]` suppresses the named rules on its line (or, alone on a line, on the next \
line). A code that is not a dify-lsp rule suppresses nothing, which usually means a typo. `dify-lsp rules` \
lists the codes.

**Example**

```yaml
# manifest.yaml
author: Acme  # dify-lsp: ignore[DIFY2O1]
```

Use instead:

```yaml
# manifest.yaml
author: Acme  # dify-lsp: ignore[DIFY201]
```",
    fix: None,
};

/// The diagnostic for a code at `start` in a suppression comment, when no rule has that code.
pub(super) fn check(file: &Arc<SourceFile>, start: usize, c: &str) -> Option<Diagnostic> {
    if crate::rules::by_code(c).is_some() {
        return None;
    }
    Some(Diagnostic {
        file: file.clone(),
        span: Span::new(start, start + c.len()),
        rule: &UNKNOWN_SUPPRESSION,
        severity: UNKNOWN_SUPPRESSION.severity(),
        message: format!(
            "`{c}` is not a dify-lsp rule code, so this comment suppresses nothing{}",
            crate::rules::did_you_mean(c, &crate::rules::all().iter().map(|r| r.code).collect::<Vec<_>>())
        ),
        related: Vec::new(),
        replacement: None,
        fix: None,
    })
}
