//! DIFY106: the plugin has no `manifest.yaml`.

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static MANIFEST_MISSING: Rule = Rule {
    code: "DIFY106",
    name: "manifest-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B1a",
    source: "SDK `PluginRegistration`; DAEMON `pkg/plugin_packager/decoder/helper.go` `Manifest()`",
    summary: "The plugin has no `manifest.yaml` at its root",
    doc: "Every plugin starts from `manifest.yaml` at its root: the SDK reads it first and the daemon refuses to \
package or install without it. Create it (`dify plugin init` writes a template).

**Example**

```text
demo/
  _assets/
  provider/
  tools/
  main.py
```

Use instead:

```text
demo/
  _assets/
  provider/
  tools/
  main.py
  manifest.yaml
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx) {
    let root = cx.unit().root.clone();
    let project = cx.project;
    if project.manifest.is_some() {
        return;
    }
    let carrier = project
        .providers
        .iter()
        .find_map(|p| p.yaml.clone())
        .unwrap_or_else(|| Arc::new(SourceFile::placeholder(root.join("manifest.yaml"))));
    cx.report(&MANIFEST_MISSING, &carrier, carrier.anchor(), format!("`{}` has no `manifest.yaml`: the SDK and the daemon start every plugin from it; create it at the plugin root", cx.unit().dir_name()));
}
