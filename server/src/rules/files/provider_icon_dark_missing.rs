//! DIFY113: the provider's `identity.icon_dark` is not in `_assets/`.

use super::check_plugin_icon;
use crate::project::SourceFile;
use crate::project::views::{Field, ProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static PROVIDER_ICON_DARK: Rule = Rule {
    code: "DIFY113",
    name: "provider-icon-dark-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B4b (corrected by dify-plugin-kinds.md §3.4)",
    source: "DAEMON `RemapAssets` at install (≥ 0.2.0); `CheckAssetsValid` skips it when packaging",
    summary: "The provider `identity.icon_dark` is not in `_assets/`",
    doc: "The packager does not check the provider's dark icon, so a missing file packages fine, but installing \
remaps every icon and fails: `failed to remap tool icon dark`.

**Example**

```yaml
# provider/demo.yaml (_assets/ holds only icon.svg)
identity:
  icon: icon.svg
  icon_dark: icon-dark.svg
```

Use instead:

```text
_assets/
  icon.svg
  icon-dark.svg
```",
    fix: None,
};

/// `root` is the provider YAML's.
pub(super) fn check(cx: &mut Ctx, yaml: &Arc<SourceFile>, root: &Node) {
    let icon_dark = ProviderDecl::new(root).identity().and_then(|i| i.icon_dark());
    if let Some(icon) = icon_dark.map(Field::node) {
        check_plugin_icon(
            cx,
            yaml,
            icon,
            &PROVIDER_ICON_DARK,
            "packaging does not check it, but installing fails (`failed to remap tool icon dark`)",
        );
    }
}
