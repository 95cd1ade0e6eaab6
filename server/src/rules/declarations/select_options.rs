//! DIFY406: a `select` without options, or a `default` that is not one of its options.

use super::Walker;
use crate::project::views::{Field, OptionDecl};
use crate::rules::{Grade, Layouts, Rule, did_you_mean, one_of, suggest};
use crate::syntax::Span;
use crate::syntax::yaml::Node;

pub(crate) static SELECT_OPTIONS: Rule = Rule {
    code: "DIFY406",
    name: "select-options",
    grade: Grade::Runtime,
    layouts: Layouts::ALL,
    spec: "X7",
    source: "API `api/core/plugin/entities/parameters.py` `init_frontend_parameter`; `validate_credentials_format`",
    summary: "A `select` without options, or a `default` that is not one of its options",
    doc: "Loading accepts both, but configuring the tool fails: the API raises `tool parameter {name} value {v} \
not in options {options}` when a parameter falls back to its default, and saving credentials fails with \
`credential {name} should be one of {options}` (or `options should be list`).

**Example**

```yaml
# tools/search.yaml
parameters:
  - name: mode
    type: select
    default: fast
    options:
      - value: quick
        label:
          en_US: Quick
      - value: thorough
        label:
          en_US: Thorough
```

Use instead:

```yaml
# tools/search.yaml
parameters:
  - name: mode
    type: select
    default: quick
    options:
      - value: quick
        label:
          en_US: Quick
      - value: thorough
        label:
          en_US: Thorough
```",
    fix: None,
};

impl Walker<'_, '_> {
    pub(super) fn option_values(options: Option<&Node>) -> Vec<String> {
        options
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(|o| OptionDecl::new(o).value().and_then(Field::text).map(str::to_string))
            .collect()
    }

    /// A `select` parameter or credential (`credential`), named `name`, with its `type`,
    /// `options` and `default`.
    pub(super) fn select_options(
        &mut self,
        (ty, options, default): (Option<Field>, Option<Field>, Option<Field>),
        name: &str,
        at: Span,
        credential: bool,
    ) {
        let options = options.map(Field::node);
        let values = Self::option_values(options);
        let what = if credential { "credential" } else { "parameter" };
        if options.and_then(Node::as_seq).is_none_or(<[Node]>::is_empty) {
            let span = ty.map_or(at, Field::span);
            let consequence = if credential {
                format!("saving credentials fails with `credential {name} options should be list`")
            } else {
                "the API then rejects any value, because the option list is empty".into()
            };
            self.report(&SELECT_OPTIONS, span, format!("{what} `{name}` is a `select` without `options`: {consequence}; add `options:` with `value` and `label`"));
            return;
        }
        let Some(default) = default.and_then(Field::non_null).map(Field::node) else {
            return;
        };
        let defaults: Vec<&Node> = match default.as_seq() {
            Some(items) => items.iter().collect(),
            None => vec![default],
        };
        for d in defaults {
            let Some(v) = d.text() else { continue };
            if !values.iter().any(|o| o == v) {
                let refs: Vec<&str> = values.iter().map(String::as_str).collect();
                let consequence = if credential {
                    format!("saving credentials fails with `credential {name} should be one of {values:?}`")
                } else {
                    format!("the API fails with `tool parameter {name} value {v} not in options`")
                };
                self.report(
                    &SELECT_OPTIONS,
                    d.span,
                    format!(
                        "default `{v}` is not one of the options ({}): {consequence}{}",
                        one_of(&refs),
                        did_you_mean(v, &refs)
                    ),
                )
                .replacement = suggest(v, &refs).filter(|s| *s != v).map(String::from);
            }
        }
    }
}
