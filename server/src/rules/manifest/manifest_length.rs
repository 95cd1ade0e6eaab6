//! DIFY306: a manifest value longer than the daemon allows.

use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static MANIFEST_LENGTH: Rule = Rule {
    code: "DIFY306",
    name: "manifest-length",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B18",
    source: "DAEMON validator tags (packager)",
    summary: "A manifest value is longer than the daemon allows",
    doc: "`icon` and `icon_dark` are at most 128 characters, each `plugins.*` path at most 128, \
`meta.runner.version` at most 128 and `meta.runner.entrypoint` at most 256.

**Example**

```yaml
# manifest.yaml
icon: icon-for-the-acme-search-plugin-in-the-light-theme-with-the-new-2025-brand-colours-and-a-transparent-background-exported-at-512-pixels.svg
```

Use instead:

```yaml
# manifest.yaml
icon: icon.svg
```",
    fix: None,
};

/// `root` is the manifest's.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl) {
    let mut limits: Vec<(&Node, &str, usize)> = Vec::new();
    for (icon, key) in [(root.icon(), "icon"), (root.icon_dark(), "icon_dark")] {
        limits.extend(icon.map(|f| (f.node(), key, 128)));
    }
    let runner = root.meta().and_then(|m| m.runner());
    limits.extend(
        runner
            .and_then(|r| r.version())
            .map(|f| (f.node(), "meta.runner.version", 128)),
    );
    limits.extend(
        runner
            .and_then(|r| r.entrypoint())
            .map(|f| (f.node(), "meta.runner.entrypoint", 256)),
    );
    for e in root.plugins_field().and_then(Field::as_map).unwrap_or(&[]) {
        for item in e.value.as_seq().unwrap_or(&[]) {
            limits.push((item, "a `plugins` path", 128));
        }
    }
    for (node, what, max) in limits {
        if let Some(s) = node.as_str() {
            let len = s.chars().count();
            if len > max {
                cx.report(
                    &MANIFEST_LENGTH,
                    m,
                    node.span,
                    format!("{what} is {len} characters; the daemon allows at most {max}"),
                );
            }
        }
    }
}
