//! DIFY433: values Dify refuses when a model is used or configured: an LLM `mode` other than
//! `chat`/`completion`, a parameter rule `default` of the wrong type or outside its `options`, a
//! `select`/`radio` credential `default` that is none of its options (M20).

use crate::project::SourceFile;
use crate::project::kinds::Declaration;
use crate::project::views::{CredentialFormDecl, Field, ModelDecl, ModelProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::{Node, Resolved};
use std::sync::Arc;

pub(crate) static MODEL_VALUES: Rule = Rule {
    code: "DIFY433",
    name: "model-value",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "M20",
    source: "SDK `LLMMode.value_of`, `_validate_and_filter_model_parameters`; API `CommonValidator`",
    summary: "An LLM `mode` other than `chat`/`completion`, a parameter rule `default` of the wrong type or outside its `options`, or a `select`/`radio` credential `default` that is none of its options",
    doc: "These values load, but fail when the model is used or configured: an LLM's `model_properties.mode` \
must be `chat` or `completion` (`invalid mode value …`); a parameter rule's `default` is what the form starts \
with, and Dify checks the submitted value against the rule's `type` and `options` (`Model Parameter top_k \
should be int.`, `… should be one of [...]`); a `select` or `radio` credential whose `default` is none of its \
options' values is refused when the credentials are saved.

**Example**

```yaml
# models/llm/acme-1.yaml
model_properties:
  mode: chat-completion
parameter_rules:
  - name: top_k
    type: int
    default: 0.5
```

Use instead:

```yaml
# models/llm/acme-1.yaml
model_properties:
  mode: chat
parameter_rules:
  - name: top_k
    type: int
    default: 5
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    if let Some(y) = &d.yaml
        && let Some(provider) = ModelProviderDecl::of(y)
    {
        let forms = provider.provider_form().into_iter().chain(provider.model_form());
        for form in forms.flat_map(|f| f.forms()) {
            credential_default(cx, y, form);
        }
    }
    for m in &d.models {
        let Some(model) = ModelDecl::of(&m.yaml) else { continue };
        if model.model_type().and_then(Field::str) == Some("llm")
            && let Some(mode) = model.properties().and_then(|p| p.mode())
            && let Some(v) = mode.text()
            && !mode.is_null()
            && !matches!(v, "chat" | "completion")
        {
            cx.report(
                &MODEL_VALUES,
                &m.yaml,
                mode.span(),
                format!("the LLM mode `{v}` is neither `chat` nor `completion`: using the model fails (`invalid mode value {v}`); write `chat` or `completion`"),
            );
        }
        for rule in model.parameter_rules() {
            let Some(default) = rule.default().and_then(Field::non_null) else {
                continue;
            };
            let Some(ty) = rule.kind().and_then(Field::str) else {
                continue;
            };
            let name = rule.name().and_then(Field::str).unwrap_or("…");
            let Some(resolved) = default.node().as_scalar().map(|s| &s.resolved) else {
                continue;
            };
            let wrong = match ty {
                "int" => !matches!(resolved, Resolved::Int(_)),
                "float" => !matches!(resolved, Resolved::Int(_) | Resolved::Float(_)),
                "boolean" => !matches!(resolved, Resolved::Bool(_)),
                "string" => *resolved != Resolved::Str,
                _ => false,
            };
            if wrong {
                let want = match ty {
                    "int" => "an integer",
                    "float" => "a number",
                    "boolean" => "a boolean",
                    _ => "a string",
                };
                cx.report(
                    &MODEL_VALUES,
                    &m.yaml,
                    default.span(),
                    format!("the `default` of the `{ty}` parameter `{name}` is {}: Dify refuses the value (`Model Parameter {name} should be {ty}.`); write {want}", default.node().kind_name()),
                );
                continue;
            }
            let options: Vec<&str> = rule
                .options()
                .and_then(Field::as_seq)
                .map(|o| o.iter().filter_map(Node::as_str).collect())
                .unwrap_or_default();
            if ty == "string"
                && !options.is_empty()
                && let Some(v) = default.str()
                && !options.contains(&v)
            {
                cx.report(
                    &MODEL_VALUES,
                    &m.yaml,
                    default.span(),
                    format!("the `default` `{v}` of the parameter `{name}` is none of its `options`: Dify refuses the value (`Model Parameter {name} should be one of [...]`); use {}", crate::rules::one_of(&options)),
                );
            }
        }
    }
}

fn credential_default(cx: &mut Ctx, y: &Arc<SourceFile>, form: CredentialFormDecl) {
    let Some(ty @ ("select" | "radio")) = form.kind().and_then(Field::str) else {
        return;
    };
    let Some(default) = form.default().and_then(Field::non_null) else {
        return;
    };
    let Some(v) = default.text() else { return };
    let values: Vec<&str> = form
        .option_items()
        .filter_map(|o| o.value().and_then(Field::text))
        .collect();
    if values.is_empty() || values.contains(&v) {
        return; // No options: DIFY434's matter.
    }
    let name = form.variable().and_then(Field::str).unwrap_or("…");
    cx.report(
        &MODEL_VALUES,
        y,
        default.span(),
        format!("the `default` `{v}` of the {ty} credential `{name}` is none of its options: saving the credentials is refused; use {}", crate::rules::one_of(&values)),
    );
}
