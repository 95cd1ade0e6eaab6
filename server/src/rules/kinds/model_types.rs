//! DIFY426: a predefined model Dify never offers: its type is not supported by the provider, or
//! another model of the same type and name replaces it (M18).

use crate::project::kinds::Declaration;
use crate::project::views::{Field, ModelDecl, ModelProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::collections::HashMap;

pub(crate) static MODEL_TYPES: Rule = Rule {
    code: "DIFY426",
    name: "model-not-offered",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "M18",
    source: "SDK `ModelProvider.models` (only `supported_model_types`), `AIModel.get_model_schema` (by name, the last wins)",
    summary: "A predefined model whose `model_type` the provider does not list in `supported_model_types`, or whose name another model of its type repeats",
    doc: "Dify asks a provider for its models one supported type at a time: a model YAML whose `model_type` is \
not in the provider's `supported_model_types` is loaded but never offered. Models are looked up by `model` name \
within a type: of two with the same name, the later one replaces the earlier, silently.

**Example**

```yaml
# provider/acme.yaml
supported_model_types:
  - llm
# models/text_embedding/embed-1.yaml
model: embed-1
model_type: text-embedding
```

Use instead:

```yaml
# provider/acme.yaml
supported_model_types:
  - llm
  - text-embedding
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    let Some(provider) = d.yaml.as_ref().and_then(|y| y.yaml_root()) else {
        return;
    };
    let provider = ModelProviderDecl::new(provider);
    let supported: Option<Vec<&str>> = provider
        .supported_model_types()
        .and_then(Field::as_seq)
        .map(|items| items.iter().filter_map(Node::as_str).collect());
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (i, m) in d.models.iter().enumerate() {
        let Some(model) = ModelDecl::of(&m.yaml) else { continue };
        let Some(ty_node) = model.model_type().map(Field::node) else {
            continue;
        };
        let Some(ty) = ty_node.as_str() else { continue };
        if let Some(supported) = &supported
            && !supported.contains(&ty)
            && crate::project::kind_schema::MODEL_TYPE.values.contains(&ty)
        {
            let y = d.yaml.as_ref().expect("a provider with a root has its file");
            let span = provider.supported_model_types().map_or(y.first_line(), Field::key_span);
            cx.report(
                &MODEL_TYPES,
                &m.yaml,
                ty_node.span,
                format!("this `{ty}` model is never offered: the provider's `supported_model_types` does not list `{ty}`; add it there, or remove the model"),
            )
            .with_related(y, span, "the provider's supported types");
        }
        if let Some(name_node) = model.model().map(Field::node)
            && let Some(name) = name_node.as_str()
        {
            if let Some(&first) = seen.get(&(ty.to_string(), name.to_string())) {
                let other = &d.models[first].yaml;
                let at = ModelDecl::of(other)
                    .and_then(ModelDecl::model)
                    .map_or(other.first_line(), Field::span);
                cx.report(
                    &MODEL_TYPES,
                    &m.yaml,
                    name_node.span,
                    format!("another `{ty}` model is also named `{name}`: Dify looks models up by name and only one of them is used; rename one or remove it"),
                )
                .with_related(other, at, "the other model with this name");
            } else {
                seen.insert((ty.to_string(), name.to_string()), i);
            }
        }
    }
}
