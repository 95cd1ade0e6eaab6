//! DIFY307: `plugins` declares no kind, or a combination the daemon refuses.

use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static PLUGIN_KINDS: Rule = Rule {
    code: "DIFY307",
    name: "plugin-kinds",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B14",
    source: "DAEMON `ManifestValidate` (install)",
    summary: "`plugins` declares no kind, or a combination the daemon refuses",
    doc: "`plugins` needs at least one of `tools`, `models`, `endpoints`, `agent_strategies`, `datasources`, \
`triggers`. `models` excludes every other kind; `agent_strategies`, `datasources` and `triggers` each exclude \
tools, models, endpoints and each other. Tools with endpoints is allowed.

**Example**

```yaml
# manifest.yaml
plugins:
  tools:
    - provider/search.yaml
  models:
    - provider/llm.yaml
```

Use instead:

```yaml
# manifest.yaml (the model provider in a plugin of its own)
plugins:
  tools:
    - provider/search.yaml
```",
    fix: None,
};

const KINDS: &[&str] = &[
    "tools",
    "models",
    "endpoints",
    "agent_strategies",
    "datasources",
    "triggers",
];

/// `root` is the manifest's.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl) {
    let plugins = root.plugins();
    let present: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| {
            plugins
                .and_then(|p| p.kind(k))
                .and_then(Field::as_seq)
                .is_some_and(|s| !s.is_empty())
        })
        .collect();
    let span = root.plugins_field().map_or(m.anchor(), Field::key_span);
    if present.is_empty() {
        cx.report(&PLUGIN_KINDS, m, span, "`plugins` declares nothing: add `tools:` with the provider YAML path, e.g. `plugins: {tools: [provider/<name>.yaml]}`");
        return;
    }
    let exclusive = ["models", "agent_strategies", "datasources", "triggers"];
    if let Some(x) = present.iter().find(|k| exclusive.contains(k))
        && let Some(other) = present.iter().find(|k| *k != x)
    {
        cx.report(&PLUGIN_KINDS, m, span, format!("`plugins` declares both `{x}` and `{other}`: `{x}` cannot be combined with other kinds; split them into separate plugins"));
    }
}
