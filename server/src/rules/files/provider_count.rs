//! DIFY110: `plugins.tools` lists no provider, or more than one.

use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static PROVIDER_COUNT: Rule = Rule {
    code: "DIFY110",
    name: "provider-count",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B2b",
    source: "DAEMON `Manifest()` keeps only one tool provider; the SDK registers all",
    summary: "`plugins.tools` lists no provider, or more than one",
    doc: "A tool plugin declares exactly one provider. With several, the daemon keeps only one (the last) while \
the SDK registers all of them, so the two disagree about what the plugin offers. Split them into separate \
plugins or merge the tools into one provider.

**Example**

```yaml
# manifest.yaml
plugins:
  tools:
    - provider/search.yaml
    - provider/translate.yaml
```

Use instead:

```yaml
# manifest.yaml (provider/demo.yaml lists the tools of both)
plugins:
  tools:
    - provider/demo.yaml
```",
    fix: None,
};

/// `root_node` is the manifest's root.
pub(super) fn check(cx: &mut Ctx, manifest: &Arc<SourceFile>, root_node: &Node) {
    let plugins = ManifestDecl::new(root_node).plugins();
    if let Some(tools) = plugins.and_then(|p| p.tools()).map(Field::node) {
        // An empty list beside another kind (an endpoint-only plugin) declares no tool
        // provider at all, which is fine.
        let other_kind = ["models", "endpoints", "agent_strategies", "datasources", "triggers"]
            .iter()
            .any(|k| {
                plugins
                    .and_then(|p| p.kind(k))
                    .and_then(Field::as_seq)
                    .is_some_and(|s| !s.is_empty())
            });
        match tools.as_seq() {
            Some([]) if other_kind => {}
            Some([]) => {
                let span = plugins.and_then(|p| p.tools()).map_or(tools.span, Field::key_span);
                cx.report(
                    &PROVIDER_COUNT,
                    manifest,
                    span,
                    "`plugins.tools` lists no provider: a tool plugin declares exactly one provider YAML",
                );
            }
            Some([_, second, ..]) => {
                cx.report(&PROVIDER_COUNT, manifest, second.span, "`plugins.tools` lists more than one provider: the daemon keeps only one of them while the SDK registers all; use one provider per plugin");
            }
            _ => {}
        }
    }
}
