//! DIFY422: two endpoints with the same path and method, or two agent strategies or datasources
//! of one provider with the same name: one silently replaces the other (E11, G11, D10).

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static DUPLICATE_DECLARATION: Rule = Rule {
    code: "DIFY422",
    name: "duplicate-declaration",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "E11, G11, D10",
    source: "werkzeug `Map` matching (endpoints); SDK `agent_strategies_mapping` and the datasource mappings",
    summary: "Two endpoints share a path and method, or two agent strategies or datasources of one provider share a name",
    doc: "Endpoints are routed by `path` and `method` across all groups: of two with the same pair, the first \
registered answers and the other is never reached. Agent strategies and datasources are kept by `identity.name`: \
the later one replaces the earlier, silently. Rename one, or change its path.

**Example**

```yaml
# endpoints/a.yaml and endpoints/b.yaml
path: /webhook
method: POST
```

Use instead:

```yaml
# endpoints/b.yaml
path: /webhook/b
method: POST
```",
    fix: None,
};

/// What has been seen: a key, and where.
#[derive(Default)]
pub(super) struct Seen {
    entries: Vec<(String, Arc<SourceFile>, Span)>,
}

impl Seen {
    /// Records `key`; reports when it was seen before. `what` says what the duplicate is and what
    /// happens (`endpoint `POST /x``, …).
    pub(super) fn check(&mut self, cx: &mut Ctx, key: String, file: &Arc<SourceFile>, span: Span, message: String) {
        if let Some((_, first, first_span)) = self.entries.iter().find(|(k, _, _)| *k == key) {
            let (first, first_span) = (first.clone(), *first_span);
            cx.report(&DUPLICATE_DECLARATION, file, span, message)
                .with_related(&first, first_span, "the first one");
        } else {
            self.entries.push((key, file.clone(), span));
        }
    }
}
