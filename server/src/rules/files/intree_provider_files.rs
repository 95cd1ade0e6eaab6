//! DIFY101: an in-tree provider directory `D/` lacks `D/D.py` or `D/D.yaml`.

use super::identity_name_span;
use crate::edits::{Action, Change, templates};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, FixData, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static INTREE_PROVIDER_FILES: Rule = Rule {
    code: "DIFY101",
    name: "intree-provider-files",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "A1a",
    source: "API `api/core/tools/tool_manager.py` `_list_hardcoded_providers` (0.x `_list_builtin_providers`)",
    summary: "An in-tree provider directory `D/` lacks `D/D.py` or `D/D.yaml`",
    doc: "Dify builds the provider's module path (`core.tools.builtin_tool.providers.D.D`) and YAML path \
(`D/D.yaml`) from the directory name `D`. Both files must exist and their stems must equal the directory \
name; otherwise the provider fails to load and is silently skipped (the log says `load builtin provider D`).

**Example**

```text
providers/demo/
  provider.py
  provider.yaml
  tools/
```

Use instead:

```text
providers/demo/
  demo.py
  demo.yaml
  tools/
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

pub(super) fn check(cx: &mut Ctx) {
    let unit = cx.unit().clone();
    let p = &cx.project.providers[0];
    let dir = unit.dir_name().to_string();
    let listing = cx.files.list_dir(&unit.root);
    let stray = |ext: &str| {
        listing
            .iter()
            .find(|e| !e.is_dir && e.name.ends_with(ext) && !e.name.starts_with("__"))
            .map(|e| unit.root.join(&e.name))
    };
    for (have, ext, other) in [(p.yaml.is_some(), ".yaml", &p.py), (p.py.is_some(), ".py", &p.yaml)] {
        if have {
            continue;
        }
        let expected = format!("{dir}{ext}");
        let (file, message, fix) = match stray(ext).and_then(|s| cx.files.read(&s)) {
            Some(misnamed) => {
                let m = format!(
                    "`{}` must be named `{expected}`: Dify loads `{dir}/{expected}`, named after the provider directory",
                    misnamed.file_name()
                );
                (misnamed, m, Some(FixData::RenameFile { to: expected.clone() }))
            }
            None => {
                let m = format!(
                    "`{dir}/{expected}` is missing: Dify loads the provider from `{expected}`, named after the directory, so it skips this provider"
                );
                (
                    other
                        .clone()
                        .unwrap_or_else(|| Arc::new(SourceFile::placeholder(unit.root.clone()))),
                    m,
                    (ext == ".py").then_some(FixData::CreateProviderModule),
                )
            }
        };
        let span = if file.path.extension().is_some_and(|e| e == "yaml") {
            identity_name_span(&file)
        } else {
            file.first_line()
        };
        let d = cx.report(&INTREE_PROVIDER_FILES, &file, span, message);
        d.fix = fix;
    }
}

/// Renames the misnamed file, or creates the provider module.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    let dir = project.unit.dir_name().to_string();
    let root = &project.unit.root;
    match &d.fix {
        Some(FixData::RenameFile { to }) => vec![
            Action::fix(
                format!("Rename to `{to}`"),
                d.rule.code,
                vec![Change::Rename {
                    from: d.file.path.clone(),
                    to: d.file.path.with_file_name(to),
                }],
            )
            .preferred(),
        ],
        Some(FixData::CreateProviderModule) => {
            let text = templates::provider(project.unit.layout, &dir);
            vec![Action::fix(
                format!("Create `{dir}.py`"),
                d.rule.code,
                vec![Change::Create {
                    path: root.join(format!("{dir}.py")),
                    text,
                }],
            )]
        }
        _ => Vec::new(),
    }
}
