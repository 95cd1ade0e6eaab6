//! DIFY402: a value outside its set: tag, parameter type, form, credential type,
//! `auto_generate.type`.

use super::Walker;
use crate::project::views::{CredentialDecl, Field, ParamDecl};
use crate::project::vocab;
use crate::project::{Generation, Layout};
use crate::rules::{Grade, Layouts, Rule, did_you_mean, one_of, suggest};
use crate::syntax::yaml::Node;

pub(crate) static ENUM_VALUE: Rule = Rule {
    code: "DIFY402",
    name: "enum-value",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X4",
    source: "SDK and API enums (`ToolLabelEnum`, parameter and credential types); DAEMON `PluginTag`",
    summary: "A value is outside its set: tag, parameter type, form, credential type, `auto_generate.type`",
    doc: "Tags come from `ToolLabelEnum` (the manifest also allows `agent` and `trigger`); parameter types \
depend on the layout and Dify version; `form` is `schema`, `form` or `llm`; credential types are \
`secret-input`, `text-input`, `select`, `boolean`, `model-selector`, `app-selector`, `array[tools]` (0.x: the \
first four). A value outside the set is a validation error.

**Example**

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: strng
    form: llms
```

Use instead:

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
    form: llm
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// The items of a `tags` list (the manifest's, or a provider's `identity.tags`).
    pub(super) fn tag_values(&mut self, items: &[Node], manifest: bool) {
        let mut allowed = vocab::tags(self.layout);
        if manifest {
            allowed.extend(vocab::MANIFEST_ONLY_TAGS);
        }
        for tag in items {
            let Some(t) = tag.text() else { continue };
            if !allowed.contains(&t) {
                let note = if !manifest && vocab::MANIFEST_ONLY_TAGS.contains(&t) {
                    " (it is valid only in the manifest's `tags`)"
                } else {
                    ""
                };
                self.report(
                    &ENUM_VALUE,
                    tag.span,
                    format!(
                        "`{t}` is not a tag{note}{}; tags are {}",
                        did_you_mean(t, &allowed),
                        one_of(&allowed)
                    ),
                )
                .replacement = suggest(t, &allowed).map(String::from);
            }
        }
    }

    /// A credential's `type`.
    pub(super) fn credential_type(&mut self, c: CredentialDecl) {
        if let Some(tn) = c.kind().map(Field::node).filter(|t| t.as_str().is_some()) {
            let t = tn.as_str().unwrap_or("");
            let allowed = vocab::credential_types(self.layout);
            if !allowed.contains(&t) {
                let note = if self.layout == Layout::InTree(Generation::V0) && vocab::CREDENTIAL_TYPES.contains(&t) {
                    " in Dify 0.x"
                } else {
                    ""
                };
                self.report(
                    &ENUM_VALUE,
                    tn.span,
                    format!(
                        "`{t}` is not a credential type{note}{}; use {}",
                        did_you_mean(t, allowed),
                        one_of(allowed)
                    ),
                )
                .replacement = suggest(t, allowed).map(String::from);
            }
        }
    }

    /// A parameter's `type`, `form` and `auto_generate.type`.
    pub(super) fn parameter_enums(&mut self, p: ParamDecl) {
        let ty_node = p.kind().map(Field::node);
        let ty = ty_node.and_then(Node::as_str);
        if let (Some(tn), Some(t)) = (ty_node, ty) {
            let allowed = vocab::accepted_param_types(self.layout, self.cx.config.target_dify_version());
            if !allowed.contains(&t) {
                let where_ = match self.layout {
                    Layout::Plugin => "the plugin SDK".to_string(),
                    Layout::InTree(Generation::V0) => "Dify 0.x".into(),
                    Layout::InTree(_) => match self.cx.config.target_dify_version() {
                        Some(v) => format!("Dify {}", v.0.iter().map(u64::to_string).collect::<Vec<_>>().join(".")),
                        None => "Dify 1.x".into(),
                    },
                };
                let note = match t {
                    "system-files" if self.layout == Layout::Plugin => " (deprecated; use `files`)",
                    "array[tools]" => " (tools cannot take a tools selector)",
                    "dynamic-tree-select" => " (only on unreleased branches)",
                    _ => "",
                };
                self.report(
                    &ENUM_VALUE,
                    tn.span,
                    format!(
                        "`{t}` is not a parameter type {where_} accepts{note}{}; use {}",
                        did_you_mean(t, &allowed),
                        one_of(&allowed)
                    ),
                )
                .replacement = suggest(t, &allowed).map(String::from);
            }
        }
        if let Some(f) = p
            .form()
            .map(Field::node)
            .filter(|f| f.as_str().is_some_and(|s| !vocab::FORMS.contains(&s)))
        {
            let v = f.text().unwrap_or("");
            self.report(
                &ENUM_VALUE,
                f.span,
                format!(
                    "`form` is `{v}`{}; use `llm` (the model fills it), `form` (the user sets it) or `schema`",
                    did_you_mean(v, vocab::FORMS)
                ),
            )
            .replacement = suggest(v, vocab::FORMS).map(String::from);
        }
        if let Some(ag) = p
            .auto_generate()
            .and_then(|a| a.kind())
            .map(Field::node)
            .filter(|t| t.text() != Some("prompt_instruction"))
        {
            self.report(
                &ENUM_VALUE,
                ag.span,
                format!(
                    "`auto_generate.type` is `{}`, but the only value is `prompt_instruction`",
                    ag.text().unwrap_or("")
                ),
            );
        }
    }
}
