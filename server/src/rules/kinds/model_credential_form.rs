//! DIFY434: a model credential form that cannot work as written: a `show_on` condition on a
//! variable the form does not have, or a `select`/`radio` credential without `options` (M21).

use crate::project::kinds::Declaration;
use crate::project::views::{CredentialFormDecl, Field, ModelProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static MODEL_CREDENTIAL_FORM: Rule = Rule {
    code: "DIFY434",
    name: "model-credential-form",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "M21",
    source: "web model credential form (`show_on` conditions, `select`/`radio` options); SDK `CredentialFormSchema`",
    summary: "A model credential whose `show_on` names no credential of its form, or a `select`/`radio` credential without `options`",
    doc: "A model credential (or one of its options) with `show_on` is shown only while another credential of the \
same form has the given value: if no credential of the form has that `variable`, the condition never holds and \
the field is never shown. A `select` or `radio` credential without `options` offers nothing to choose. (Dify's \
own variable `__model_type` may be named in `show_on`.)

**Example**

```yaml
# provider/acme.yaml
provider_credential_schema:
  credential_form_schemas:
    - variable: api_key
      type: secret-input
      label:
        en_US: API key
    - variable: region
      type: text-input
      label:
        en_US: Region
      show_on:
        - variable: deployment
          value: private
```

Use instead:

```yaml
      show_on:
        - variable: api_key
          value: private
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    let Some(y) = &d.yaml else { return };
    let Some(provider) = ModelProviderDecl::of(y) else {
        return;
    };
    for form in provider.provider_form().into_iter().chain(provider.model_form()) {
        let fields: Vec<CredentialFormDecl> = form.forms().collect();
        let variables: Vec<&str> = fields
            .iter()
            .filter_map(|f| f.variable().and_then(Field::str))
            .collect();
        for field in &fields {
            let name = field.variable().and_then(Field::str).unwrap_or("…");
            if let Some(ty @ ("select" | "radio")) = field.kind().and_then(Field::str)
                && field
                    .options()
                    .and_then(Field::non_null)
                    .and_then(Field::as_seq)
                    .is_none_or(<[_]>::is_empty)
            {
                let at = field.kind().map_or(field.span(), Field::span);
                cx.report(
                    &MODEL_CREDENTIAL_FORM,
                    y,
                    at,
                    format!("the {ty} credential `{name}` has no `options`: there is nothing to choose; add `options` with a `value` and a `label` each"),
                );
            }
            let conditions = field.show_on().chain(field.option_items().flat_map(|o| o.show_on()));
            for cond in conditions {
                let Some(v) = cond.variable() else { continue };
                let Some(var) = v.str() else { continue };
                if var.starts_with("__") || variables.contains(&var) {
                    continue; // Dify's own variables (`__model_type`) are set by the form.
                }
                cx.report(
                    &MODEL_CREDENTIAL_FORM,
                    y,
                    v.span(),
                    format!("`show_on` names `{var}`, which no credential of this form declares: the condition never holds, so `{name}` is never shown; name one of the form's variables"),
                );
            }
        }
    }
}
