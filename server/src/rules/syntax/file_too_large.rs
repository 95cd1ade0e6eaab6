//! DIFY005: a file larger than dify-lsp reads, or YAML whose aliases expand beyond the bound.

use crate::project::SourceFile;
use crate::project::files::ReadProblem;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static NOT_ANALYSED: Rule = Rule {
    code: "DIFY005",
    name: "file-too-large",
    grade: Grade::Advice(crate::rules::Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp",
    summary: "A file is larger than dify-lsp analyses, or its YAML aliases expand beyond its bound",
    doc: "dify-lsp does not read files over 4 MiB (the largest file of the 262 official plugins is 206 KB), so \
that every edit stays interactive, and expands YAML aliases to at most 100,000 nodes (a \"billion laughs\" file \
would otherwise take all memory). Dify may load such a file; it is simply not checked (or, for aliases, checked \
without the rest of the expansion), and the rules that depend on it see less. Split generated data out of tool \
and provider files.

**Example**

```text
tools/lookup.yaml        6.1 MiB  (40,000 generated options)
```

Use instead:

```text
tools/lookup.yaml        2 KiB
tools/data/options.json  (read by tools/lookup.py when it runs)
```",
    fix: None,
};

/// A file too large to read.
pub(super) fn check_file(cx: &mut Ctx, file: &Arc<SourceFile>) {
    let Some(problem @ ReadProblem::TooLarge(_)) = &file.decode_error else {
        return;
    };
    let message = format!("cannot read `{}`: {}", file.file_name(), problem.describe());
    cx.report(&NOT_ANALYSED, file, Span::default(), message);
}

/// YAML that loads, but whose aliases expand beyond the bound.
pub(super) fn check_aliases(cx: &mut Ctx, file: &Arc<SourceFile>) {
    if file.yaml().error.is_none() && file.yaml().aliases_truncated {
        let message = "aliases in this file expand to more than 100,000 nodes: PyYAML loads it (it shares the aliased values), but dify-lsp checks it without expanding the rest";
        cx.report(&NOT_ANALYSED, file, file.first_line(), message);
    }
}
