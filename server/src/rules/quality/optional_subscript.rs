//! DIFY603: an optional parameter or credential read with `[...]`.

use crate::edits::{Action, edit};
use crate::project::python::ReadKind;
use crate::project::views::{CredentialDecl, Field, ProviderDecl, ToolDecl};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule, Severity};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static OPTIONAL_SUBSCRIPT: Rule = Rule {
    code: "DIFY603",
    name: "optional-subscript",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp (Dify omits empty optional inputs)",
    summary: "An optional parameter or credential is read with `[...]`, which raises `KeyError` when it is empty",
    doc: "A parameter or credential that is not `required` and has no `default` is absent when the user leaves it \
empty, so `tool_parameters[\"x\"]` raises `KeyError`. Read it with `.get(\"x\")` and handle `None`. Required \
ones are enforced by Dify before `_invoke` runs and are fine to subscript, and so is a read the code guards \
(`if \"x\" in tool_parameters:`, `if tool_parameters.get(\"x\"):`, an early `return` when it is missing, or a \
`try` that catches `KeyError`).

**Example**

```python
# tools/echo.py (`suffix` is neither required nor has a default)
        suffix = tool_parameters[\"suffix\"]
```

Use instead:

```python
# tools/echo.py
        suffix = tool_parameters.get(\"suffix\") or \"\"
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: false,
    }),
};

/// Whether a declaration (parameter or credential) may be absent at run time.
fn optional(required: Option<Field>, default: Option<Field>) -> bool {
    let required = required.and_then(Field::as_lax_bool).unwrap_or(false);
    let default = default.is_some_and(|d| !d.is_null());
    !required && !default
}

/// `provider` is the provider YAML's root; `tool_yaml` is set when `py` is a tool's module.
pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>, provider: Option<&Node>, tool_yaml: Option<&Arc<SourceFile>>) {
    let creds: Vec<(&str, CredentialDecl)> = provider
        .map(ProviderDecl::new)
        .into_iter()
        .flat_map(ProviderDecl::credentials)
        .filter_map(|(name, c)| name.key.text().map(|k| (k, c)))
        .collect();
    let facts = &py.python().facts;
    for read in facts
        .credential_reads
        .iter()
        .filter(|r| r.kind == ReadKind::Subscript && !r.guarded)
    {
        if creds
            .iter()
            .any(|(k, c)| *k == read.key && optional(c.required(), c.default()))
        {
            cx.report(&OPTIONAL_SUBSCRIPT, py, read.span, format!("credential `{}` is optional (not `required`, no `default`), so `[...]` raises `KeyError` when the user leaves it empty; use `.get(\"{}\")` and handle `None`", read.key, read.key));
        }
    }
    let Some(tool) = tool_yaml
        .and_then(|y| ToolDecl::of(y))
        .filter(|t| t.parameters_field().and_then(Field::as_seq).is_some())
    else {
        return;
    };
    for read in facts
        .param_reads
        .iter()
        .filter(|r| r.kind == ReadKind::Subscript && !r.guarded)
    {
        let decl = tool
            .parameters()
            .find(|p| p.name().and_then(Field::str) == Some(read.key.as_str()));
        if decl.is_some_and(|p| optional(p.required(), p.default())) {
            cx.report(&OPTIONAL_SUBSCRIPT, py, read.span, format!("parameter `{}` is optional (not `required`, no `default`), so `tool_parameters[\"{}\"]` raises `KeyError` when it is left empty; use `tool_parameters.get(\"{}\")`", read.key, read.key, read.key));
        }
    }
}

/// `p["x"]` → `p.get("x")`, where the subscript is read, not bound.
fn fix(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let text = &d.file.text;
    let (s, e) = (d.span.start, d.span.end);
    if s == 0 || text.as_bytes().get(s - 1) != Some(&b'[') || text.as_bytes().get(e) != Some(&b']') {
        return Vec::new();
    }
    // `p["x"] += 1`, `del p["x"]` and `for p["x"] in …` bind the subscript: `p.get("x")` there is
    // a syntax error.
    let root = d.file.python().tree.root_node();
    let subscript = std::iter::successors(root.descendant_for_byte_range(s, e), |n| n.parent())
        .find(|n| n.kind() == "subscript" && n.start_byte() < s && n.end_byte() > e);
    if let Some(sub) = subscript {
        let mut at = sub;
        while let Some(p) = at.parent() {
            let target = match p.kind() {
                "augmented_assignment" | "assignment" => {
                    p.child_by_field_name("left").is_some_and(|l| l.id() == at.id())
                }
                "for_statement" | "for_in_clause" => p.child_by_field_name("left").is_some_and(|l| l.id() == at.id()),
                "delete_statement" => true,
                "pattern_list" | "tuple_pattern" | "list_pattern" | "expression_list" | "tuple" | "list" => {
                    at = p;
                    continue;
                }
                _ => false,
            };
            if target {
                return Vec::new();
            }
            break;
        }
    }
    let key = &text[s..e];
    vec![
        Action::fix(
            format!("Use `.get({key})`"),
            d.rule.code,
            vec![edit(&d.file, Span::new(s - 1, e + 1), format!(".get({key})"))],
        )
        .preferred(),
    ]
}
