//! DIFY402: a value outside its set: tag, parameter type, form, credential type,
//! `auto_generate.type`.

use super::Walker;
use crate::project::schema::Choice;
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
    spec: "X4; kinds M2, M7, M8, M10, G3, G5, G6, D3, D4a, D5, T4, T6, T7",
    source: "SDK and API enums (`ToolLabelEnum`, parameter and credential types); DAEMON `PluginTag`",
    summary: "A value is outside its set: tag, parameter type, form, credential type, `auto_generate.type`, and the other kinds' types, features and methods",
    doc: "Tags come from `ToolLabelEnum` (the manifest also allows `agent` and `trigger`); parameter types \
depend on the layout and Dify version; `form` is `schema`, `form` or `llm`; credential types are \
`secret-input`, `text-input`, `select`, `boolean`, `model-selector`, `app-selector`, `array[tools]` (0.x: the \
first four). A value outside the set is a validation error.

The other kinds have closed sets of their own, each refused by the SDK at start (or by remote debugging, \
which refuses what the SDK accepts in a few places): model types (`llm`, `text-embedding`, …), configuration \
methods, model features, `model_properties` keys, parameter rule types and templates, model credential types \
(`text-input`, `secret-input`, `select`, `radio`, `switch`), agent strategy features and parameter types (no \
`checkbox`; `object`/`array` fail in the API), datasource provider types and parameter types (`file` fails \
remote debugging), trigger and event parameter types (no `secret-input` or `text-input`). A trigger provider's \
`identity.tags` fails one loader or the other whatever it holds, and a datasource provider's tags may not hold \
`rag`.

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

impl Walker<'_, '_> {
    /// A string field of the other kinds' schemas whose values form a closed set
    /// (dify-plugin-kinds.md M2, M7a, M7b, M8, M10, G5, G6, D3, D5, T6, T7).
    pub(super) fn choice(&mut self, node: &Node, choice: &'static Choice, what: &str) {
        let Some(v) = node.as_str() else { return };
        if choice.values.contains(&v) {
            return;
        }
        let why = choice_note(choice, v).unwrap_or("");
        // Property names are too alike (`max_tokens`, `max_workers`) for a guess to be a fix.
        let guess = !std::ptr::eq(choice, &crate::project::kind_schema::MODEL_PROPERTY);
        let hint = if guess {
            did_you_mean(v, choice.values)
        } else {
            String::new()
        };
        self.report(
            &ENUM_VALUE,
            node.span,
            format!(
                "{what} is `{v}`, which is not {}{why}{}; use {}",
                choice.what,
                hint,
                one_of(choice.values)
            ),
        )
        .replacement = suggest(v, choice.values).filter(|_| guess).map(String::from);
    }
}

/// Why a value that looks right is refused (a value of another kind's vocabulary, or one only
/// some loaders accept).
fn choice_note(choice: &'static Choice, v: &str) -> Option<&'static str> {
    use crate::project::kind_schema as k;
    let c = choice as *const Choice;
    let is = |other: &'static Choice| std::ptr::eq(c, other);
    Some(match v {
        "object" | "array" if is(&k::AGENT_PARAMETER_TYPE) => {
            " (the SDK accepts it, but Dify's API rejects the strategy when it lists it, and remote debugging refuses it)"
        }
        "checkbox" | "dynamic-select" if is(&k::AGENT_PARAMETER_TYPE) => " (the SDK refuses it at start)",
        "file" | "files" if is(&k::DATASOURCE_PARAMETER_TYPE) => {
            " (the SDK accepts it, but remote debugging refuses it: `datasource_parameter_type`)"
        }
        "secret-input" | "text-input" if is(&k::EVENT_PARAMETER_TYPE) => {
            " (trigger parameters have no secret or text-input type; the SDK refuses it at start, up to its latest release)"
        }
        "text_embedding" | "speech-to-text" if is(&k::MODEL_TYPE) => {
            " (model types are spelt with `-` here; only the `models:` keys use `_`)"
        }
        "local_file" if is(&k::DATASOURCE_TYPE) => " (`local_file` is Dify's own, not a plugin's)",
        "number" if is(&k::PARAMETER_RULE_TYPE) => " (model parameter rules say `int` or `float`)",
        "boolean" if is(&k::CREDENTIAL_FORM_TYPE) => " (model credential forms use `switch`)",
        _ => return None,
    })
}

impl Walker<'_, '_> {
    /// A trigger provider's `identity.tags` (T4): the SDK accepts only `webhooks`, remote
    /// debugging only the daemon's plugin tags (`webhooks` is none), so any tag fails one of them.
    pub(super) fn trigger_tags(&mut self, tags: &Node) {
        if tags.as_seq().is_some_and(<[Node]>::is_empty) || tags.is_null() {
            return;
        }
        self.report(
            &ENUM_VALUE,
            tags.span,
            "a trigger provider's `identity.tags` fails either way: the SDK accepts only `webhooks` and remote debugging refuses it; leave `tags` out (the daemon copies the manifest's `tags` in)".to_string(),
        );
    }

    /// A datasource provider's `identity.tags` (D4a): the tool tags without `rag`.
    pub(super) fn datasource_tags(&mut self, tags: &Node) {
        for tag in tags.as_seq().unwrap_or(&[]) {
            if tag.text() == Some("rag") {
                self.report(
                    &ENUM_VALUE,
                    tag.span,
                    "`rag` is not a datasource tag: the SDK refuses it at start (`DatasourceLabelEnum`); put `rag` in the manifest's `tags` instead".to_string(),
                );
            }
        }
    }
}
