//! DIFY103: an in-tree `tools/*.yml` file, which is never loaded.

use super::name_of;
use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static YML_TOOL: Rule = Rule {
    code: "DIFY103",
    name: "yml-tool-ignored",
    grade: Grade::Warn,
    layouts: Layouts::IN_TREE,
    spec: "A3c",
    source: "API tool listing (only `*.yaml` is listed)",
    summary: "An in-tree `tools/*.yml` file is never loaded",
    doc: "The in-tree loader lists only files ending in `.yaml`, so a tool declared in a `.yml` file silently \
does not exist. Rename it to `.yaml`.

**Example**

```text
providers/demo/tools/
  search.py
  search.yml
```

Use instead:

```text
providers/demo/tools/
  search.py
  search.yaml
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx) {
    for yml in &cx.project.yml_tools {
        let file = cx
            .files
            .read(yml)
            .unwrap_or_else(|| Arc::new(SourceFile::placeholder(yml.clone())));
        let stem = name_of(yml).trim_end_matches(".yml");
        cx.report(
            &YML_TOOL,
            &file,
            file.anchor(),
            format!(
                "`{}` is never loaded: Dify lists only `*.yaml` files in `tools/`; rename it to `{stem}.yaml`",
                name_of(yml)
            ),
        );
    }
}
