//! DIFY706: the bundle's `icon` is not a file in `_assets/` (U8).

use crate::project::SourceFile;
use crate::project::views::BundleManifestDecl;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::path::{Component, Path};
use std::sync::Arc;

pub(crate) static BUNDLE_ICON: Rule = Rule {
    code: "DIFY706",
    name: "bundle-icon",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "U8",
    source: "DAEMON bundle code (`bundle init` writes `_assets/icon.svg`; nothing checks `icon`)",
    summary: "The bundle's `icon` names no file in `_assets/`",
    doc: "A bundle's `icon` names a file in `_assets/` (`dify bundle init` writes `_assets/icon.svg`). Nothing \
checks it: the bundle packages and uploads with an icon that is not there, and what the Dify UI shows in its \
place is unconfirmed. Put the icon in `_assets/` or correct the name. (An empty `dependencies: []` is not \
reported: a bundle built by a script, which appends packages, packages and then removes them again, keeps an \
empty list in its repository by design.)

**Example**

```yaml
# manifest.yaml (_assets/ holds icon.svg)
type: bundle
icon: logo.png
```

Use instead:

```yaml
# manifest.yaml
type: bundle
icon: icon.svg
```",
    fix: None,
};

/// `root` is the manifest's, a mapping; `_assets/` exists.
pub(super) fn check(cx: &mut Ctx, m: &Arc<SourceFile>, root: BundleManifestDecl) {
    let Some(icon) = root.icon() else { return };
    let Some(name) = icon.text().filter(|t| !t.is_empty()) else {
        return; // bundle-field: missing.
    };
    let assets = cx.unit().root.join("_assets");
    let plain = Path::new(name).components().all(|c| matches!(c, Component::Normal(_)));
    if plain && cx.files.is_file(&assets.join(name)) {
        return;
    }
    let message = format!(
        "the icon `{name}` is not a file in `_assets/`: nothing checks it, so the bundle packages and uploads without its icon, and what the Dify UI shows instead is unconfirmed; put `{name}` in `_assets/` or correct the name"
    );
    cx.report(&BUNDLE_ICON, m, icon.span(), message);
}
