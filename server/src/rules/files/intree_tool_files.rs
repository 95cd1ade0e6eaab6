//! DIFY102: an in-tree provider has no `tools/` folder, or a tool YAML has no Python module.

use super::{identity_name_span, name_of};
use crate::edits::text::stem;
use crate::edits::{Action, Change, templates};
use crate::project::{Files, Project};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};

pub(crate) static INTREE_TOOL_FILES: Rule = Rule {
    code: "DIFY102",
    name: "intree-tool-files",
    grade: Grade::Error,
    layouts: Layouts::IN_TREE,
    spec: "A3a",
    source: "API `api/core/tools/builtin_tool/provider.py` (tool loading)",
    summary: "An in-tree provider has no `tools/` folder, or a `tools/<stem>.yaml` has no `tools/<stem>.py`",
    doc: "In-tree tools are listed from `D/tools/*.yaml`; for each, Dify imports the module with the same stem \
(the file name up to its first dot) from `D/tools/<stem>.py`. A missing folder or module makes the whole \
provider fail to load.

**Example**

```text
providers/demo/tools/
  search.yaml
```

Use instead:

```text
providers/demo/tools/
  search.py
  search.yaml
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
    let tools_dir = unit.root.join("tools");
    if !cx.files.is_dir(&tools_dir)
        && let Some(y) = &p.yaml
    {
        cx.report(&INTREE_TOOL_FILES, y, identity_name_span(y), format!("`{dir}/tools/` is missing: Dify lists the provider's tools there and fails to load the provider without it"));
    }
    for t in &p.tools {
        let (Some(yaml), None) = (&t.yaml, &t.py) else {
            continue;
        };
        let py = t.py_path.as_deref().map(name_of).unwrap_or("");
        cx.report(&INTREE_TOOL_FILES, yaml, identity_name_span(yaml), format!("`tools/{py}` is missing: Dify imports this tool's class from the module with the YAML's stem, so the provider fails to load"));
    }
}

/// Creates the tool's module from the template, with its declared parameters.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(tool) = project
        .providers
        .iter()
        .flat_map(|p| &p.tools)
        .find(|t| t.yaml_path == d.file.path)
    else {
        return Vec::new();
    };
    let Some(py) = &tool.py_path else { return Vec::new() };
    let text = templates::tool(
        project.unit.layout,
        &stem(py),
        &templates::declared_parameters(d.file.yaml_root()),
    );
    vec![Action::fix(
        format!("Create `tools/{}.py`", stem(py)),
        d.rule.code,
        vec![Change::Create { path: py.clone(), text }],
    )]
}
