//! DIFY114: a tool YAML that no provider lists.

use super::identity_name_span;
use crate::edits::text::{after_block, entry_indent, is_block, item_indent, rel, yaml_scalar};
use crate::edits::{Action, Change, edit};
use crate::project::views::{Field, ProviderDecl};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;

pub(crate) static ORPHAN_TOOL: Rule = Rule {
    code: "DIFY114",
    name: "orphan-tool",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "B6",
    source: "SDK and DAEMON load only the paths a provider lists",
    summary: "A tool YAML that no provider lists is ignored",
    doc: "Plugin tools exist only when the provider's `tools:` list names their YAML. A tool file beside the \
others that is not listed is silently ignored. Add it to the list, or delete it.

**Example**

```yaml
# provider/demo.yaml (tools/ holds echo.yaml and reverse.yaml)
tools:
  - tools/echo.yaml
```

Use instead:

```yaml
# provider/demo.yaml
tools:
  - tools/echo.yaml
  - tools/reverse.yaml
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

pub(super) fn check(cx: &mut Ctx) {
    let project = cx.project;
    for orphan in &project.orphans {
        let provider = project.providers.iter().find_map(|p| p.yaml.clone());
        let rel = orphan
            .path
            .strip_prefix(&cx.unit().root)
            .unwrap_or(&orphan.path)
            .display()
            .to_string();
        let d = cx.report(
            &ORPHAN_TOOL,
            orphan,
            identity_name_span(orphan),
            format!("no provider lists `{rel}`, so Dify ignores this tool; add it to the provider's `tools:` list"),
        );
        if let Some(pf) = provider {
            let span = ProviderDecl::of(&pf)
                .and_then(ProviderDecl::tools)
                .map_or(pf.anchor(), Field::key_span);
            d.with_related(&pf, span, "the provider's tool list");
        }
    }
}

/// Adds the tool to the provider's `tools:` list.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    let entry = rel(project, &d.file.path);
    for p in &project.providers {
        let Some(yaml) = &p.yaml else { continue };
        let Some(root) = yaml.yaml_root() else { continue };
        if let Some(change) = append_item(yaml, root, "tools", &entry) {
            return vec![Action::fix(
                format!("Add `{entry}` to the provider's tools"),
                d.rule.code,
                vec![change],
            )];
        }
    }
    Vec::new()
}

/// Appends `- item` to the block list under `key` of a mapping, or adds the key.
fn append_item(file: &SourceFile, map: &Node, key: &str, item: &str) -> Option<Change> {
    match map.get(key) {
        Some(seq) if seq.as_seq().is_some_and(|s| !s.is_empty()) && is_block(file, seq) => {
            let indent = item_indent(file, seq)?;
            let (at, nl) = after_block(file, seq);
            Some(edit(
                file,
                Span::new(at, at),
                format!("{}{indent}- {}\n", if nl { "\n" } else { "" }, yaml_scalar(item)),
            ))
        }
        Some(_) => None,
        None => {
            let indent = entry_indent(file, map).unwrap_or_default();
            let (at, nl) = after_block(file, map);
            Some(edit(
                file,
                Span::new(at, at),
                format!(
                    "{}{indent}{key}:\n{indent}  - {}\n",
                    if nl { "\n" } else { "" },
                    yaml_scalar(item)
                ),
            ))
        }
    }
}
