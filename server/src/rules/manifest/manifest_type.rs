//! DIFY302: the manifest `type` is not `plugin`.

use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static MANIFEST_TYPE: Rule = Rule {
    code: "DIFY302",
    name: "manifest-type",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B11",
    source: "SDK `PluginConfiguration`; DAEMON `eq=plugin`",
    summary: "The manifest `type` is not `plugin`",
    doc: "A plugin manifest has `type: plugin` (`bundle` is a different manifest kind).

**Example**

```yaml
# manifest.yaml
type: bundle
plugins:
  tools:
    - provider/demo.yaml
```

Use instead:

```yaml
# manifest.yaml
type: plugin
plugins:
  tools:
    - provider/demo.yaml
```",
    fix: None,
};

/// `root` is the manifest's.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl) {
    if let Some(t) = root.kind().map(Field::node).filter(|t| t.as_str() != Some("plugin")) {
        let v = t.text().unwrap_or("");
        cx.report(
            &MANIFEST_TYPE,
            m,
            t.span,
            format!("`type` is `{v}`, but a plugin manifest has `type: plugin`"),
        );
    }
}
