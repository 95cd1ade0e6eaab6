//! DIFY104: the in-tree provider's icon is not in its `_assets/` folder.

use super::{asset_fix, create_icon};
use crate::edits::Action;
use crate::project::views::{Field, ProviderDecl};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static INTREE_ICON: Rule = Rule {
    code: "DIFY104",
    name: "intree-icon-missing",
    grade: Grade::Runtime,
    layouts: Layouts::IN_TREE,
    spec: "A5",
    source: "API `get_hardcoded_provider_icon` (0.x `get_builtin_provider_icon`)",
    summary: "The in-tree provider's icon is not in its `_assets/` folder",
    doc: "The icon is served from `D/_assets/<identity.icon>`. Loading works, but serving the icon fails with \
`builtin provider <name> icon not found`, so the provider shows without an icon and the request errors.

**Example**

```yaml
# providers/demo/demo.yaml (providers/demo/_assets/ holds icon.svg)
identity:
  icon: logo.svg
```

Use instead:

```yaml
# providers/demo/demo.yaml
identity:
  icon: icon.svg
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// `root` is the provider YAML's.
pub(super) fn check(cx: &mut Ctx, yaml: &Arc<SourceFile>, root: &Node) {
    let unit = cx.unit().clone();
    let dir = unit.dir_name().to_string();
    let icon = ProviderDecl::new(root)
        .identity()
        .and_then(|i| i.icon())
        .map(Field::node);
    if let Some(icon) = icon.filter(|n| n.as_str().is_some()) {
        let name = icon.as_str().unwrap_or("");
        if !name.is_empty() && !cx.files.is_file(&unit.root.join("_assets").join(name)) {
            let (hint, fix) = asset_fix(cx, &unit.root.join("_assets"), name);
            cx.report(&INTREE_ICON, yaml, icon.span, format!("`{name}` is not in `_assets/`: serving the icon fails with `builtin provider {dir} icon not found`{hint}")).replacement = fix;
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
