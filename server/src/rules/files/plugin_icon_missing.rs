//! DIFY112: the manifest `icon`/`icon_dark` or a provider's `identity.icon` is not in `_assets/`.

use super::{check_plugin_icon, create_icon};
use crate::edits::Action;
use crate::project::views::{Field, ManifestDecl, ProviderDecl};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static PLUGIN_ICON: Rule = Rule {
    code: "DIFY112",
    name: "plugin-icon-missing",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B4a",
    source: "DAEMON `CheckAssetsValid` (packaging); `internal/core/plugin_manager/packages.go` (install)",
    summary: "The manifest `icon`/`icon_dark` or the provider `identity.icon` is not in `_assets/`",
    doc: "Icons are file names relative to `_assets/` (no `_assets/` prefix). Packaging fails with `plugin icon \
not found`, `plugin dark icon not found` or `tool icon not found` followed by `assets invalid`; installing \
fails with `file not found: icon.svg failed to remap tool icon ...`.

**Example**

```yaml
# manifest.yaml (_assets/ holds icon.svg)
icon: _assets/icon.svg
```

Use instead:

```yaml
# manifest.yaml
icon: icon.svg
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `root_node` is the manifest's root.
pub(super) fn check_manifest(cx: &mut Ctx, manifest: &Arc<SourceFile>, root_node: &Node) {
    let manifest_decl = ManifestDecl::new(root_node);
    for (icon, what) in [
        (manifest_decl.icon(), "plugin icon"),
        (manifest_decl.icon_dark(), "plugin dark icon"),
    ] {
        if let Some(icon) = icon.map(Field::node) {
            check_plugin_icon(
                cx,
                manifest,
                icon,
                &PLUGIN_ICON,
                &format!("packaging fails with `{what} not found` (`assets invalid`)"),
            );
        }
    }
}

/// `root` is the provider YAML's.
pub(super) fn check_provider(cx: &mut Ctx, yaml: &Arc<SourceFile>, root: &Node) {
    let icon = ProviderDecl::new(root).identity().and_then(|i| i.icon());
    if let Some(icon) = icon.map(Field::node) {
        check_plugin_icon(
            cx,
            yaml,
            icon,
            &PLUGIN_ICON,
            "packaging fails with `tool icon not found` (`assets invalid`)",
        );
    }
}

/// Creates a placeholder for the icon named where the diagnostic is.
fn fix(d: &Diagnostic, project: &Project, files: &dyn Files) -> Vec<Action> {
    let name = d
        .file
        .yaml_root()
        .map(|_| d.file.slice(d.span))
        .map(|s| s.trim_matches(['"', '\'']));
    create_icon(d, project, files, name)
}
