//! DIFY423: more than one declaration under one `plugins.<kind>` (other than tools) (K1).

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static KIND_PATHS: Rule = Rule {
    code: "DIFY423",
    name: "one-declaration-per-kind",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "K1",
    source: "DAEMON `Manifest()` (`dec.X = &pluginDec` in a loop), remote-debug handlers (`[0]`)",
    summary: "`plugins.endpoints`, `models`, `agent_strategies`, `datasources` or `triggers` lists more than one file",
    doc: "The SDK registers every file listed, but the daemon keeps one declaration per kind: the **last** when \
the plugin is packaged, the **first** when remote debugging. The others are invisible to Dify (for endpoint \
groups: their settings never appear). Merge them into one file (an endpoint group may list any number of \
endpoints).

**Example**

```yaml
# manifest.yaml
plugins:
  endpoints:
    - group/a.yaml
    - group/b.yaml
```

Use instead:

```yaml
# manifest.yaml
plugins:
  endpoints:
    - group/all.yaml
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, manifest: &Arc<SourceFile>, root: &Node) {
    for kind in crate::project::kinds::Kind::ALL {
        let plugins = crate::project::views::ManifestDecl::new(root).plugins();
        let items = plugins
            .and_then(|p| p.kind(kind.key()))
            .and_then(crate::project::views::Field::as_seq)
            .unwrap_or(&[]);
        if let [first, second, ..] = items {
            let n = items.len();
            cx.report(
                &KIND_PATHS,
                manifest,
                second.span,
                format!("`plugins.{}` lists {n} files, but Dify keeps one: the daemon uses the last when packaged and the first when debugging, so the others are invisible; merge them into one", kind.key()),
            )
            .with_related(manifest, first.span, "the first one");
        }
    }
}
