//! DIFY417: a field has the wrong kind of value.

use super::{Walker, is_boolish, is_numeric_text};
use crate::project::Layout;
use crate::project::schema::{self, Ty};
use crate::rules::{Grade, Layouts, Rule};
use crate::syntax::yaml::{Node, Resolved};

pub(crate) static WRONG_TYPE: Rule = Rule {
    code: "DIFY417",
    name: "wrong-type",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "X3/X4",
    source: "SDK and API pydantic models",
    summary: "A field has the wrong kind of value (a string where a mapping belongs, …)",
    doc: "The models validate each field's type: a label is a mapping of locales, `parameters` is a list, \
`runner.version` is a string (quote `\"3.12\"`), `required` is a boolean. A value of the wrong kind fails \
validation.

**Example**

```yaml
# tools/echo.yaml
identity:
  label: Echo

# manifest.yaml
meta:
  runner:
    version: 3.12
```

Use instead:

```yaml
# tools/echo.yaml
identity:
  label:
    en_US: Echo

# manifest.yaml
meta:
  runner:
    version: \"3.12\"
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// What should be a mapping is not.
    pub(super) fn not_a_mapping(&mut self, node: &Node, what: &str) {
        if !node.is_null() {
            self.report(
                &WRONG_TYPE,
                node.span,
                format!("{what} must be a mapping, but it is {}", node.kind_name()),
            );
        }
    }

    /// `node` is not the `expected` kind of value that `field` holds.
    pub(super) fn wrong_type(&mut self, node: &Node, field: &schema::Field, what: &str, expected: &str) {
        let hint = if matches!(field.ty, Ty::Str)
            && matches!(
                node.as_scalar().map(|s| s.resolved),
                Some(Resolved::Float(_) | Resolved::Int(_))
            ) {
            format!("; quote it: `\"{}\"`", node.text().unwrap_or(""))
        } else {
            String::new()
        };
        self.report(
            &WRONG_TYPE,
            node.span,
            format!("{what} must be {expected}, but it is {}{hint}", node.kind_name()),
        )
        .replacement = (!hint.is_empty()).then(|| format!("\"{}\"", node.text().unwrap_or("")));
    }

    /// The value of a scalar field (string, boolean, integer, number or single value).
    pub(super) fn scalar_type(&mut self, node: &Node, field: &schema::Field, what: &str) {
        match field.ty {
            Ty::Str
                if node.as_str().is_none()
                    && !matches!(node.as_scalar().map(|s| s.resolved), Some(Resolved::Timestamp)) =>
            {
                self.wrong_type(node, field, what, "a string");
            }
            Ty::Bool if !is_boolish(node) => {
                self.wrong_type(node, field, what, "a boolean (`true` or `false`)");
            }
            Ty::Int => {
                let ok = match node.as_scalar().map(|s| s.resolved) {
                    Some(Resolved::Int(_)) => true,
                    Some(Resolved::Float(f)) => f.fract() == 0.0,
                    Some(Resolved::Str) => node.text().is_some_and(|t| t.trim().parse::<i64>().is_ok()),
                    _ => false,
                };
                if !ok {
                    self.wrong_type(node, field, what, "an integer");
                }
            }
            Ty::Num => match node.as_scalar().map(|s| s.resolved) {
                Some(Resolved::Int(_) | Resolved::Float(_)) => {}
                Some(Resolved::Str) if is_numeric_text(node.text().unwrap_or("")) && self.layout != Layout::Plugin => {}
                Some(Resolved::Str) if is_numeric_text(node.text().unwrap_or("")) => {
                    self.report(&WRONG_TYPE, node.span, format!("{what} is a quoted number: the daemon decodes it as a number and fails on a string; write `{}`", node.text().unwrap_or("")));
                }
                _ => self.wrong_type(node, field, what, "a number"),
            },
            Ty::Scalar if node.as_scalar().is_none() && field.key != "default" => {
                self.wrong_type(node, field, what, "a single value");
            }
            _ => {}
        }
    }

    /// An I18n object that is not a mapping.
    pub(super) fn i18n_not_a_mapping(&mut self, node: &Node, what: &str) {
        self.report(
            &WRONG_TYPE,
            node.span,
            format!(
                "{what} must be a mapping of locales such as `en_US: …`, but it is {}; write `{{en_US: {}}}`",
                node.kind_name(),
                node.text().unwrap_or("…")
            ),
        );
    }

    /// The text of a locale `key` in the I18n object `what`.
    pub(super) fn locale_text_type(&mut self, key: &str, value: &Node, what: &str) {
        if (value.as_scalar().is_some_and(|s| s.resolved != Resolved::Str) || value.as_scalar().is_none())
            && !value.is_null()
        {
            self.report(
                &WRONG_TYPE,
                value.span,
                format!("{what}.{key} must be text, but it is {}", value.kind_name()),
            );
        }
    }

    /// `tags` that is neither a list nor null, where no dedicated rule applies.
    pub(super) fn wrong_type_of_tags(&mut self, node: &Node) {
        self.report(
            &WRONG_TYPE,
            node.span,
            format!("`tags` must be a list, but it is {}", node.kind_name()),
        );
    }
}
