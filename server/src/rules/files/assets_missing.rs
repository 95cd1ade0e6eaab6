//! DIFY107: the plugin has no `_assets/` folder.

use super::create_icon;
use crate::edits::Action;
use crate::project::views::{Field, ManifestDecl};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static ASSETS_MISSING: Rule = Rule {
    code: "DIFY107",
    name: "assets-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B1b",
    source: "SDK `PluginRegistration._load_plugin_assets` (`os.scandir(\"_assets\")`); DAEMON `CheckAssetsValid`",
    summary: "The plugin has no `_assets/` folder",
    doc: "The SDK scans `_assets/` at start-up and the packager checks the icons in it; without the folder the \
plugin does not start or package. Create `_assets/` and put the icons there.

**Example**

```text
demo/
  manifest.yaml   (icon: icon.svg)
  provider/
  tools/
```

Use instead:

```text
demo/
  _assets/
    icon.svg
  manifest.yaml
  provider/
  tools/
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `mroot` is the manifest's root.
pub(super) fn check(cx: &mut Ctx, manifest: &Arc<SourceFile>, mroot: Option<&Node>) {
    let root = cx.unit().root.clone();
    let assets = root.join("_assets");
    if !cx.files.is_dir(&assets) {
        let span = mroot
            .and_then(|r| ManifestDecl::new(r).icon())
            .map_or(manifest.anchor(), Field::span);
        cx.report(&ASSETS_MISSING, manifest, span, "the plugin has no `_assets/` folder: the SDK scans it at start-up and the packager checks icons in it; create `_assets/` and put the icons there");
    }
}

/// Creates a placeholder for the icon the manifest names.
fn fix(d: &Diagnostic, project: &Project, files: &dyn Files) -> Vec<Action> {
    let name = ManifestDecl::of(&d.file)
        .and_then(ManifestDecl::icon)
        .and_then(Field::str);
    create_icon(d, project, files, name)
}
