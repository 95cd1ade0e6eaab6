//! DIFY304: `meta.minimum_dify_version` is not a PEP 440 version string.

use super::pad_version;
use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::project::vocab::{self, Version};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static MINIMUM_DIFY_VERSION: Rule = Rule {
    code: "DIFY304",
    name: "minimum-dify-version",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B13a",
    source: "SDK ≥ 0.2.0 (`Invalid version format: …`)",
    summary: "`meta.minimum_dify_version` is not a PEP 440 version string",
    doc: "The SDK parses `meta.minimum_dify_version` with `packaging.version`; anything else fails with \
`Invalid version format`. Quote it: `minimum_dify_version: \"1.10.0\"`.

**Example**

```yaml
# manifest.yaml
meta:
  minimum_dify_version: latest
```

Use instead:

```yaml
# manifest.yaml
meta:
  minimum_dify_version: \"1.10.0\"
```",
    fix: None,
};

/// The release `meta.minimum_dify_version` declares (`None` when it declares none); `Err` when
/// it is not a version, which is reported.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: ManifestDecl) -> Result<Option<Version>, ()> {
    let node = root.meta().and_then(|m| m.minimum_dify_version()).map(Field::node);
    let mut declared = None;
    if let Some(n) = node.filter(|n| !n.is_null()) {
        match n.as_str() {
            Some(s) if vocab::is_pep440(s) => declared = Version::parse(s),
            Some(s) => {
                cx.report(&MINIMUM_DIFY_VERSION, m, n.span, format!("`minimum_dify_version` `{s}` is not a PEP 440 version: the SDK fails with `Invalid version format`; write e.g. `\"1.10.0\"`")).replacement = None;
                return Err(());
            }
            None => {
                let t = n.text().unwrap_or("");
                cx.report(
                    &MINIMUM_DIFY_VERSION,
                    m,
                    n.span,
                    format!(
                        "`minimum_dify_version` is {}, not a string: quote it, e.g. `\"{}\"`",
                        n.kind_name(),
                        pad_version(t)
                    ),
                )
                .replacement = Some(format!("\"{t}\""));
                return Err(());
            }
        }
    }
    Ok(declared)
}
