//! DIFY408: a parameter's `default` that does not match its `type`.

use super::{Walker, is_boolish, is_numeric_text};
use crate::project::views::{Field, ParamDecl};
use crate::rules::{Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Resolved;

pub(crate) static DEFAULT_TYPE: Rule = Rule {
    code: "DIFY408",
    name: "default-type",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Nothing enforces it; the API casts values (`cast_parameter_value`)",
    summary: "A parameter's `default` does not match its `type`",
    doc: "The API casts defaults at run time (\"true\"/\"yes\" to booleans, numeric strings to numbers), so a \
mismatch often works by accident and sometimes does not. Write the default in the parameter's type.

**Example**

```yaml
# tools/search.yaml
parameters:
  - name: limit
    type: number
    default: \"3\"
```

Use instead:

```yaml
# tools/search.yaml
parameters:
  - name: limit
    type: number
    default: 3
```",
    fix: None,
};

/// A default written in its parameter's type, when the intent is clear.
/// A default written in its parameter's type, when the intent is clear.
fn fixed_default(ty: &str, s: &crate::syntax::yaml::Scalar) -> Option<String> {
    match (ty, s.resolved) {
        ("number", Resolved::Str) if is_numeric_text(&s.text) => Some(s.text.trim().to_string()),
        ("boolean", Resolved::Str | Resolved::Int(_)) => crate::syntax::yaml::Node {
            span: Span::default(),
            value: crate::syntax::yaml::Value::Scalar(s.clone()),
        }
        .as_lax_bool()
        .map(|b| b.to_string()),
        ("string" | "secret-input", Resolved::Int(_) | Resolved::Float(_) | Resolved::Bool(_)) => {
            Some(format!("\"{}\"", s.text))
        }
        _ => None,
    }
}

impl Walker<'_, '_> {
    /// A parameter of type `ty`, named `name`.
    pub(super) fn default_type(&mut self, p: ParamDecl, ty: Option<&str>, name: &str) {
        let (Some(d), Some(t)) = (p.default().and_then(Field::non_null).map(Field::node), ty) else {
            return;
        };
        let Some(s) = d.as_scalar() else { return };
        let problem = match (t, s.resolved) {
            ("number", Resolved::Int(_) | Resolved::Float(_)) => None,
            ("number", Resolved::Str) if is_numeric_text(&s.text) => {
                Some(format!("is the string `\"{}\"`; write the number `{}`", s.text, s.text))
            }
            ("number", _) => Some(format!("`{}` is not a number", s.text)),
            ("boolean", Resolved::Bool(_)) => None,
            ("boolean", _) if is_boolish(d) => Some(format!(
                "is `{}` rather than `true` or `false`; Dify casts it, but write a boolean",
                s.text
            )),
            ("boolean", _) => Some(format!("`{}` is not a boolean", s.text)),
            ("string" | "secret-input", Resolved::Int(_) | Resolved::Float(_) | Resolved::Bool(_)) => {
                Some(format!("`{}` is {} rather than text; quote it", s.text, d.kind_name()))
            }
            _ => None,
        };
        if let Some(problem) = problem {
            self.report(
                &DEFAULT_TYPE,
                d.span,
                format!("the default of `{t}` parameter `{name}` {problem}"),
            )
            .replacement = fixed_default(t, s);
        }
    }
}
