//! DIFY401: a required field is missing.

use super::Walker;
use crate::edits::text::{after_block, capitalize, entry_indent, is_block, stem, yaml_scalar};
use crate::edits::{Action, edit};
use crate::project::schema::{self, Ty};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Diagnostic, Fix, FixData, Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;

pub(crate) static REQUIRED_FIELD: Rule = Rule {
    code: "DIFY401",
    name: "required-field",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X3; kinds E5, G3, G4, M2, M7a, M8a, M9, M10, D3, D5, T3, T7",
    source: "SDK models (plugins); API `ToolProviderEntity`, `ToolEntity` (in-tree)",
    summary: "A required field is missing",
    doc: "The SDK's pydantic models (and for in-tree providers, the API's) reject a declaration without its \
required fields, and the plugin does not start (in-tree: the provider is skipped). Plugins additionally need \
the provider `identity.description`, the tool `description.human` and `description.llm`, each parameter's \
`human_description` and each credential's `label`.

**Example**

```yaml
# tools/echo.yaml (a plugin tool)
description:
  human:
    en_US: Echoes the text.
```

Use instead:

```yaml
# tools/echo.yaml
description:
  human:
    en_US: Echoes the text.
  llm: Returns the text it is given, unchanged.
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: true,
    }),
};

/// The messages for an empty provider or tool YAML.
pub(super) const EMPTY_PROVIDER: &str =
    "the provider YAML is empty: it needs at least `identity`; Dify skips the provider";
pub(super) const EMPTY_TOOL: &str = "the tool YAML is empty: it needs at least `identity`";

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.starts_with('`') => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

impl Walker<'_, '_> {
    /// A declaration file that loads as nothing at all.
    pub(super) fn empty_declaration(&mut self, message: &str) {
        let file = self.file.clone();
        self.cx.report(&REQUIRED_FIELD, &file, file.first_line(), message);
    }

    /// `field` is required and missing from the mapping `what`; `owner` names what the mapping
    /// declares (a credential or parameter), if any.
    pub(super) fn missing_field(&mut self, field: &schema::Field, what: &str, at: Span, owner: Option<&str>) {
        let hint = match field.ty {
            Ty::I18n => format!("; add `{}: {{en_US: …}}`", field.key),
            _ => String::new(),
        };
        self.report(
            &REQUIRED_FIELD,
            at,
            format!(
                "{what} is missing the required `{}` — {}{hint}",
                field.key,
                lower_first(field.doc.trim_end_matches('.'))
            ),
        )
        .with_fix(FixData::AddKey {
            key: field.key.to_string(),
            owner: owner.map(String::from),
        });
    }

    /// A field present with a null value: reported like a missing one when the field is required
    /// (optional nulls are allowed).
    pub(super) fn required_but_null(&mut self, field: &schema::Field, key_span: Span, what: &str) {
        if self.required(field.req) && !matches!(field.ty, Ty::Any | Ty::NamedMap(_)) {
            self.report(
                &REQUIRED_FIELD,
                key_span,
                format!(
                    "{what} is empty (null), but it is required — {}",
                    lower_first(field.doc.trim_end_matches('.'))
                ),
            );
        }
    }

    /// An item of `oauth_schema.<key>` without a `name`.
    pub(super) fn oauth_item_without_name(&mut self, c: &Node, key: &str) {
        self.report(
            &REQUIRED_FIELD,
            c.span,
            format!("this `oauth_schema.{key}` item has no `name`: list items need one"),
        );
    }
}

fn fix(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(FixData::AddKey { key, owner }) = &d.fix else {
        return Vec::new();
    };
    let Some(map) = mapping_at(&d.file, d.span) else {
        return Vec::new();
    };
    if !is_block(&d.file, map) {
        return Vec::new();
    }
    let Some(indent) = entry_indent(&d.file, map) else {
        return Vec::new();
    };
    let (at, nl) = after_block(&d.file, map);
    // A credential's or parameter's name makes a better label than the key's.
    let owner = owner.as_deref().filter(|o| o != key);
    let text = format!(
        "{}{indent}{key}:{}\n",
        if nl { "\n" } else { "" },
        placeholder(key, &indent, &d.file, owner)
    );
    vec![Action::fix(
        format!("Add `{key}`"),
        d.rule.code,
        vec![edit(&d.file, Span::new(at, at), text)],
    )]
}

/// The mapping whose key carries the diagnostic (or the root when it sits on the document's first key).
fn mapping_at(file: &SourceFile, span: Span) -> Option<&Node> {
    let root = file.yaml_root()?;
    if file.anchor() == span {
        return Some(root);
    }
    fn find(node: &Node, span: Span, depth: usize) -> Option<&Node> {
        if depth > 64 {
            return None;
        }
        match &node.value {
            crate::syntax::yaml::Value::Map(entries) => entries.iter().find_map(|e| {
                if e.key.span == span && e.value.as_map().is_some() {
                    Some(&e.value)
                } else {
                    find(&e.value, span, depth + 1)
                }
            }),
            crate::syntax::yaml::Value::Seq(items) => items.iter().find_map(|i| {
                if i.span == span && i.as_map().is_some() {
                    Some(i)
                } else {
                    find(i, span, depth + 1)
                }
            }),
            _ => None,
        }
    }
    find(root, span, 0)
}

fn placeholder(key: &str, indent: &str, file: &SourceFile, owner: Option<&str>) -> String {
    let title = owner.unwrap_or(key).replace('_', " ");
    match key {
        "label" | "description" | "human" | "human_description" | "help" => {
            format!("\n{indent}  en_US: {}", yaml_scalar(&capitalize(&title)))
        }
        "llm" | "llm_description" => " Describe it for the model.".to_string(),
        "type" => " string".into(),
        "form" => " llm".into(),
        "name" => format!(" {}", stem(&file.path)),
        "icon" => " icon.svg".into(),
        "memory" => " 268435456".into(),
        // The other kinds (dify-plugin-kinds.md): a value of the right shape, never a guess at a name.
        "configurate_methods" => format!("\n{indent}  - predefined-model"),
        "supported_model_types" => format!("\n{indent}  - llm"),
        "model_properties" => " {}".into(),
        "model_type" => " llm".into(),
        "currency" => " USD".into(),
        "method" => " POST".into(),
        "path" => " /".into(),
        _ => " \"\"".into(),
    }
}
