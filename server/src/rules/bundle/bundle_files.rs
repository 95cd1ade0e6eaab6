//! DIFY701: a bundle without its `_assets/` folder (U1).

use crate::project::SourceFile;
use crate::project::views::{BundleManifestDecl, Field};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static BUNDLE_FILES: Rule = Rule {
    code: "DIFY701",
    name: "bundle-files",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "U1",
    source: "DAEMON `pkg/bundle_packager/local.go` (`failed to load bundle packager`), `memory_zip.go`",
    summary: "A bundle manifest (`type: bundle`) without an `_assets/` folder beside it",
    doc: "A bundle (`type: bundle`) keeps its icon and the packages it embeds in `_assets/`, beside \
`manifest.yaml`. The daemon's CLI loads a bundle folder from both: without `_assets/`, `dify bundle package` \
and `dify bundle append` fail with `failed to load bundle packager`, so the bundle cannot be built. \
`dify bundle init` creates the folder with the icon; keep it, even when no package is embedded yet.

**Example**

```text
demo-suite/
  manifest.yaml   (type: bundle, icon: icon.svg)
```

Use instead:

```text
demo-suite/
  _assets/
    icon.svg
  manifest.yaml
```",
    fix: None,
};

/// `assets`: whether `_assets/` is a folder beside the manifest.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: Option<BundleManifestDecl>, assets: bool) {
    if assets {
        return;
    }
    let span = root.and_then(BundleManifestDecl::icon).map_or(m.anchor(), Field::span);
    cx.report(
        &BUNDLE_FILES,
        m,
        span,
        "the bundle has no `_assets/` folder: `dify bundle package` fails (`failed to load bundle packager`); create `_assets/` with the bundle's icon and the packages it embeds",
    );
}
