//! DIFY513: the Python reads a credential the provider YAML does not declare.

use super::Declared;
use crate::edits::text::{after_block, capitalize, entry_indent, is_block, yaml_scalar};
use crate::edits::{Action, edit};
use crate::project::views::{Field, ProviderDecl};
use crate::project::{Files, Project, SourceFile};
use crate::rules::{Ctx, Diagnostic, Fix, Grade, Layouts, Rule, did_you_mean};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static UNDECLARED_CREDENTIAL: Rule = Rule {
    code: "DIFY513",
    name: "undeclared-credential",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X11",
    source: "Cross-check of the provider YAML and Python",
    summary: "The Python reads a credential the provider YAML does not declare",
    doc: "`self.runtime.credentials` (and the `credentials` of `_validate_credentials`) holds only the declared \
credentials. Reading another key raises `KeyError` or gets `None`. Declare it under \
`credentials_for_provider`, or fix the key.

**Example**

```python
# tools/search.py (provider/demo.yaml declares `api_key`)
        key = self.runtime.credentials[\"apikey\"]
```

Use instead:

```python
# tools/search.py
        key = self.runtime.credentials[\"api_key\"]
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: true,
    }),
};

/// `yaml` is the provider YAML, `declared` its credentials.
pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>, yaml: Option<&Arc<SourceFile>>, declared: Option<&Declared>) {
    let (Some(yaml), Some(declared)) = (yaml, declared) else {
        return;
    };
    let refs: Vec<&str> = declared.names.iter().map(String::as_str).collect();
    for read in &py.python().facts.credential_reads {
        if !declared.names.contains(&read.key) {
            let d = cx.report(&UNDECLARED_CREDENTIAL, py, read.span, format!("credential `{}` is not declared in `{}`{}: `self.runtime.credentials` holds only declared credentials; declare it under `credentials_for_provider` or fix the key", read.key, yaml.file_name(), did_you_mean(&read.key, &refs)));
            d.with_related(yaml, declared.span.unwrap_or(yaml.anchor()), "the declared credentials");
        }
    }
}

/// Declares the credential in the provider YAML.
fn fix(d: &Diagnostic, project: &Project, _: &dyn Files) -> Vec<Action> {
    let Some(yaml) = project.providers.iter().find_map(|p| p.yaml.clone()) else {
        return Vec::new();
    };
    let Some(root) = yaml.yaml_root() else {
        return Vec::new();
    };
    let name = d.file.slice(d.span).trim_matches(['"', '\'']).to_string();
    let label = capitalize(&name.replace('_', " "));
    let field = |indent: &str| {
        format!(
            "{indent}{}:\n{indent}  type: secret-input\n{indent}  required: true\n{indent}  label:\n{indent}    en_US: {}\n",
            yaml_scalar(&name),
            yaml_scalar(&label)
        )
    };
    let provider = ProviderDecl::new(root);
    let change = match provider.credentials_for_provider().map(Field::node) {
        Some(map) if map.as_map().is_some_and(|m| !m.is_empty()) && is_block(&yaml, map) => {
            let Some(indent) = entry_indent(&yaml, map) else {
                return Vec::new();
            };
            let (at, nl) = after_block(&yaml, map);
            edit(
                &yaml,
                Span::new(at, at),
                format!("{}{}", if nl { "\n" } else { "" }, field(&indent)),
            )
        }
        Some(_) => return Vec::new(),
        None => {
            let at = provider
                .tools()
                .or(provider.extra_field())
                .map(|e| yaml.lines.line_start(yaml.lines.line_of(e.key_span().start)))
                .unwrap_or(yaml.text.len());
            let nl = if at == yaml.text.len() && !yaml.text.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            edit(
                &yaml,
                Span::new(at, at),
                format!("{nl}credentials_for_provider:\n{}", field("  ")),
            )
        }
    };
    vec![Action::fix(
        format!("Declare credential `{name}` in `{}`", yaml.file_name()),
        d.rule.code,
        vec![change],
    )]
}
