//! DIFY432: a model provider configured by a method whose credential form it does not declare:
//! `predefined-model` without `provider_credential_schema`, `customizable-model` without
//! `model_credential_schema` (M19).

use crate::project::kinds::Declaration;
use crate::project::views::{Field, ModelProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static MODEL_CREDENTIAL_SCHEMA: Rule = Rule {
    code: "DIFY432",
    name: "model-credential-schema",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "M19",
    source: "API `model_provider_factory.py` (`Provider … does not have provider_credential_schema`, `… model_credential_schema`)",
    summary: "A model provider lists `predefined-model` without `provider_credential_schema`, or `customizable-model` without `model_credential_schema`",
    doc: "Each configuration method has its credential form: `predefined-model` the provider's \
`provider_credential_schema`, `customizable-model` the per-model `model_credential_schema`. The plugin loads \
without them, but when a user saves credentials Dify's API fails (`Provider acme does not have \
provider_credential_schema`, or `… does not have model_credential_schema`). Declare the form, or drop the method.

**Example**

```yaml
# provider/acme.yaml
configurate_methods:
  - predefined-model
  - customizable-model
provider_credential_schema:
  credential_form_schemas: []
```

Use instead:

```yaml
# provider/acme.yaml
configurate_methods:
  - predefined-model
provider_credential_schema:
  credential_form_schemas: []
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    let Some(y) = &d.yaml else { return };
    let Some(provider) = ModelProviderDecl::of(y) else {
        return;
    };
    let name = provider.provider().and_then(Field::str).unwrap_or("…");
    for m in provider.configurate_methods().and_then(Field::as_seq).unwrap_or(&[]) {
        let (form, present) = match m.as_str() {
            Some("predefined-model") => (
                "provider_credential_schema",
                provider
                    .provider_credential_schema()
                    .and_then(Field::non_null)
                    .is_some(),
            ),
            Some("customizable-model") => (
                "model_credential_schema",
                provider.model_credential_schema().and_then(Field::non_null).is_some(),
            ),
            _ => continue,
        };
        if !present {
            let method = m.as_str().unwrap_or_default();
            cx.report(
                &MODEL_CREDENTIAL_SCHEMA,
                y,
                m.span,
                format!("`{method}` has no `{form}`: saving credentials fails in Dify (`Provider {name} does not have {form}`); declare `{form}`, or remove `{method}`"),
            );
        }
    }
}
