//! DIFY431: an agent strategy plugin whose manifest `meta.version` is `0.0.1` or lower while a
//! strategy takes `array[tools]`: the API leaves the MCP tools out of the value (G10).

use crate::project::kinds::Kind;
use crate::project::views::{Field, ItemDecl, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static AGENT_META_VERSION: Rule = Rule {
    code: "DIFY431",
    name: "agent-meta-version",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "G10",
    source: "API `core/workflow/nodes/agent/runtime_support.py` (MCP tools only when `meta.version` > `0.0.1`)",
    summary: "An agent strategy with an `array[tools]` parameter in a plugin whose manifest `meta.version` is `0.0.1` or lower",
    doc: "When an agent node runs a strategy, Dify's API builds the value of each `array[tools]` parameter from the \
tools the user selected, but adds the selected MCP tools only when the plugin's manifest `meta.version` is above \
`0.0.1`. With `meta.version: 0.0.1` the MCP tools are dropped silently: the strategy never sees them. Official \
agent strategy plugins use `0.0.2`.

**Example**

```yaml
# manifest.yaml
meta:
  version: 0.0.1
```

Use instead:

```yaml
# manifest.yaml
meta:
  version: 0.0.2
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx) {
    let project = cx.project;
    let Some(manifest) = &project.manifest else { return };
    let Some(version) = ManifestDecl::of(manifest)
        .and_then(ManifestDecl::meta)
        .and_then(|m| m.version())
    else {
        return; // Missing: the manifest rules' matter.
    };
    let Some(text) = version.text() else { return };
    if !at_most_0_0_1(text) {
        return;
    }
    // Only `array[tools]` values lose their MCP tools: the first such parameter is the witness.
    let witness = project
        .kinds
        .iter()
        .filter(|d| d.kind == Kind::AgentStrategies)
        .flat_map(|d| d.items.iter().filter_map(|i| i.yaml.as_ref()))
        .find_map(|y| {
            let p = ItemDecl::of(y)?
                .parameters()
                .find(|p| p.kind().and_then(Field::str) == Some("array[tools]"))?;
            Some((y.clone(), p.kind()?.span()))
        });
    let Some((file, span)) = witness else { return };
    cx.report(
        &AGENT_META_VERSION,
        manifest,
        version.span(),
        format!("`meta.version` is `{text}`: Dify's API adds MCP tools to an agent strategy's `array[tools]` value only above `0.0.1`, so the strategy never sees the MCP tools the user selects; write `0.0.2`"),
    )
    .with_related(&file, span, "an `array[tools]` parameter");
}

/// Whether a `meta.version` of plain numbers (`0.0.1`, `0.0`) is at most `0.0.1`; anything else
/// is left alone.
fn at_most_0_0_1(v: &str) -> bool {
    let parts: Option<Vec<u64>> = v.trim().split('.').map(|p| p.parse().ok()).collect();
    let Some(mut parts) = parts else { return false };
    let len = parts.len().max(3);
    parts.resize(len, 0);
    let mut limit = vec![0, 0, 1];
    limit.resize(len, 0);
    parts <= limit
}

#[cfg(test)]
mod tests {
    use super::at_most_0_0_1;

    #[test]
    fn versions_are_compared_as_numbers() {
        assert!(at_most_0_0_1("0.0.1"));
        assert!(at_most_0_0_1("0.0"));
        assert!(at_most_0_0_1("0.0.1.0"));
        assert!(!at_most_0_0_1("0.0.2"));
        assert!(!at_most_0_0_1("0.0.10"));
        assert!(!at_most_0_0_1("0.1"));
        assert!(!at_most_0_0_1("0.0.1b1"));
    }
}
