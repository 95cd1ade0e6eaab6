//! DIFY409: a `form: llm` parameter without `llm_description`.

use super::Walker;
use crate::edits::text::{indent_at, next_line_start, yaml_scalar};
use crate::edits::{Action, edit};
use crate::project::views::{Field, ParamDecl};
use crate::project::{Files, Project};
use crate::rules::{Diagnostic, Fix, FixData, Grade, Layouts, Rule};
use crate::syntax::Span;

pub(crate) static LLM_DESCRIPTION: Rule = Rule {
    code: "DIFY409",
    name: "llm-description",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Convention (the model fills `llm` parameters from `llm_description`)",
    summary: "A `form: llm` parameter has no `llm_description`",
    doc: "The model decides what to pass for `form: llm` parameters from `llm_description`. Without it the model \
sees only the name and guesses.

**Example**

```yaml
# tools/search.yaml
parameters:
  - name: query
    type: string
    form: llm
```

Use instead:

```yaml
# tools/search.yaml
parameters:
  - name: query
    type: string
    form: llm
    llm_description: The search terms, in the language of the pages wanted.
```",
    fix: Some(Fix {
        actions: fix,
        placeholders: true,
    }),
};

impl Walker<'_, '_> {
    /// A parameter, named `name` (at `at`).
    pub(super) fn llm_description(&mut self, p: ParamDecl, name: &str, at: Span) {
        if p.form().and_then(Field::str) == Some("llm")
            && p.llm_description().is_none_or(|d| d.text().is_none_or(str::is_empty))
        {
            let span = p.form().map_or(at, Field::span);
            self.report(&LLM_DESCRIPTION, span, format!("`{name}` is filled in by the model (`form: llm`) but has no `llm_description`; describe what the model should pass"))
                .with_fix(FixData::AddLlmDescription { parameter: name.to_string() });
        }
    }
}

/// Adds an `llm_description` (to be worded) after the parameter's `form`.
fn fix(d: &Diagnostic, _: &Project, _: &dyn Files) -> Vec<Action> {
    // The diagnostic is on the `form` value of the parameter.
    let indent = indent_at(&d.file, d.span.start);
    let at = next_line_start(&d.file, d.span.start);
    let name = match &d.fix {
        Some(FixData::AddLlmDescription { parameter }) => parameter.as_str(),
        _ => "the value",
    };
    let nl = if at == d.file.text.len() && !d.file.text.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let text = format!(
        "{nl}{indent}llm_description: {}\n",
        yaml_scalar(&format!("The {} to use", name.replace('_', " ")))
    );
    vec![Action::fix(
        "Add `llm_description`",
        d.rule.code,
        vec![edit(&d.file, Span::new(at, at), text)],
    )]
}
