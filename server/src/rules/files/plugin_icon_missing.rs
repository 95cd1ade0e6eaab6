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
    spec: "B4a, K4 (G3, M22, D11, T16)",
    source: "DAEMON `CheckAssetsValid` (packaging); `RemapAssets`, `internal/core/plugin_manager/packages.go` (install)",
    summary: "An icon the manifest or a declaration names (`icon`, `identity.icon`, a model's `icon_small`, …) is not in `_assets/`",
    doc: "Icons are file names relative to `_assets/` (no `_assets/` prefix). Packaging fails with `plugin icon \
not found`, `plugin dark icon not found` or `tool icon not found` followed by `assets invalid`; installing \
fails with `file not found: icon.svg failed to remap tool icon ...`.

The other kinds' icons are checked the same way, each where the daemon checks it: a model provider's \
`icon_small` and `icon_large` (every locale) and a datasource or trigger provider's `identity.icon` when packaging \
(`model icon small en_US not found`, `datasource icon not found`, `trigger icon not found`); an agent strategy \
provider's icons, a model's dark icons, a trigger's `icon_dark` and each datasource's own `identity.icon` when \
installing (`failed to remap agent icon`, `… model icon small dark en_US`, `… datasource step icon`).

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

/// The icons of the other kinds' declarations (dify-plugin-kinds.md §3.4), each with the phase
/// and message of the daemon step that fails on it.
pub(super) fn check_kinds(cx: &mut Ctx) {
    use crate::project::kinds::Kind;
    use crate::project::views::{ItemDecl, KindProviderDecl, ModelProviderDecl};
    const PKG: &str = "packaging fails with";
    const INST: &str = "packaging does not check it, but installing fails with";
    let project = cx.project;
    for d in &project.kinds {
        let Some(y) = &d.yaml else { continue };
        let Some(root) = y.yaml_root() else { continue };
        let identity = KindProviderDecl::new(root).identity();
        let icon = identity.and_then(|i| i.icon()).map(Field::node);
        let icon_dark = identity.and_then(|i| i.icon_dark()).map(Field::node);
        let mut checks: Vec<(&Arc<SourceFile>, &Node, String)> = Vec::new();
        match d.kind {
            Kind::Models => {
                let m = ModelProviderDecl::new(root);
                for (field, size, phase) in [
                    (m.icon_small(), "small", PKG),
                    (m.icon_large(), "large", PKG),
                    (m.icon_small_dark(), "small dark", INST),
                    (m.icon_large_dark(), "large dark", INST),
                ] {
                    for e in field.and_then(Field::as_map).unwrap_or(&[]) {
                        let locale = e.key.text().unwrap_or("");
                        let message = if phase == PKG {
                            format!("{phase} `model icon {size} {locale} not found`")
                        } else {
                            format!("{phase} `failed to remap model icon {size} {locale}`")
                        };
                        checks.push((y, &e.value, message));
                    }
                }
            }
            Kind::AgentStrategies => {
                checks.extend(icon.map(|n| (y, n, format!("{INST} `failed to remap agent icon`"))));
                checks.extend(icon_dark.map(|n| (y, n, format!("{INST} `failed to remap agent icon dark`"))));
            }
            Kind::Datasources => {
                checks.extend(icon.map(|n| (y, n, format!("{PKG} `datasource icon not found`"))));
                for item in &d.items {
                    let Some(iy) = &item.yaml else { continue };
                    let own = ItemDecl::of(iy)
                        .and_then(|i| i.identity())
                        .and_then(|i| i.icon())
                        .map(Field::node);
                    checks.extend(own.map(|n| (iy, n, format!("{INST} `failed to remap datasource step icon`"))));
                }
            }
            Kind::Triggers => {
                checks.extend(icon.map(|n| (y, n, format!("{PKG} `trigger icon not found`"))));
                checks.extend(icon_dark.map(|n| (y, n, format!("{INST} `failed to remap trigger icon dark`"))));
            }
            Kind::Endpoints => {}
        }
        for (file, node, consequence) in checks {
            check_plugin_icon(cx, file, node, &PLUGIN_ICON, &consequence);
        }
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
