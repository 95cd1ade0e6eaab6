//! DIFY105: the in-tree provider is not listed in `_position.yaml`.

use super::identity_name_span;
use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::path::Path;
use std::sync::Arc;

pub(crate) static NOT_IN_POSITION: Rule = Rule {
    code: "DIFY105",
    name: "not-in-position",
    grade: Grade::Warn,
    layouts: Layouts::IN_TREE,
    spec: "A8",
    source: "API `_positions.py` (ordering only)",
    summary: "The in-tree provider is not listed in `_position.yaml`",
    doc: "`_position.yaml` orders the builtin providers: listed ones come first, in list order, the rest after. \
An unlisted provider still loads; it just sorts last. Add its name to the list to place it.

**Example**

```yaml
# providers/_position.yaml (providers/demo/ exists)
- google
- wikipedia
```

Use instead:

```yaml
# providers/_position.yaml
- google
- wikipedia
- demo
```",
    fix: None,
};

/// `dir` is the provider's directory name.
pub(super) fn check(cx: &mut Ctx, yaml: &Arc<SourceFile>, dir: &str) {
    let Some(position_path) = cx
        .unit()
        .root
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("_position.yaml"))
    else {
        return;
    };
    let Some(position) = cx.files.read(&position_path) else {
        return;
    };
    let Some(list) = position.yaml_root().and_then(Node::as_seq) else {
        return;
    };
    if !list.iter().any(|n| n.text() == Some(dir)) {
        let d = cx.report(&NOT_IN_POSITION, yaml, identity_name_span(yaml), format!("`{dir}` is not listed in `_position.yaml`, so it sorts after the listed providers; add `- {dir}` there to place it"));
        d.with_related(&position, position.anchor(), "the provider order");
    }
}
