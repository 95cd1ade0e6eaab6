//! DIFY116: an icon in a subfolder of `_assets/`, which remote debugging never sends (K5).

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static ICON_IN_SUBFOLDER: Rule = Rule {
    code: "DIFY116",
    name: "icon-in-subfolder",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "K5",
    source: "SDK `_load_plugin_assets` (`os.scandir`, `is_file()`: top-level files only); DAEMON asset remapping",
    summary: "An icon names a file in a subfolder of `_assets/`: packaged it works, but remote debugging cannot remap it",
    doc: "Packaged plugins carry the whole `_assets/` folder, so `icons/logo.svg` is found. When remote \
debugging, the SDK sends the daemon only the files directly in `_assets/` (it lists the folder without \
descending), so remapping the icon fails: `assets remap failed, invalid assets data, cannot remap: file not \
found: …`, and debugging does not start. Keep icons at the top of `_assets/`.

**Example**

```yaml
# manifest.yaml (_assets/icons/logo.svg)
icon: icons/logo.svg
```

Use instead:

```yaml
# manifest.yaml (_assets/logo.svg)
icon: logo.svg
```",
    fix: None,
};

/// `name` exists in `_assets/`; reported when it is below a subfolder.
pub(super) fn check(cx: &mut Ctx, file: &Arc<SourceFile>, span: Span, name: &str) {
    if name.trim_start_matches("./").contains('/') {
        cx.report(
            &ICON_IN_SUBFOLDER,
            file,
            span,
            format!("`{name}` is in a subfolder of `_assets/`: packaged it works, but remote debugging sends only the files directly in `_assets/`, so remapping fails (`cannot remap: file not found`); move it to the top of `_assets/`"),
        );
    }
}
