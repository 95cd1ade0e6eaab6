//! DIFY416: a declaration value is empty or longer than the daemon allows.

use super::Walker;
use crate::project::Layout;
use crate::project::views::{CredentialDecl, Field, OptionDecl, ParamDecl};
use crate::rules::{Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;

pub(crate) static DECLARATION_LENGTH: Rule = Rule {
    code: "DIFY416",
    name: "declaration-length",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B22",
    source: "DAEMON `basic_type.go`, `config.go`, `tool_declaration.go` (declaration validation)",
    summary: "A declaration value is empty or longer than the daemon allows",
    doc: "When the daemon validates the declaration (remote debug, API exchange): `en_US` is non-empty and under \
1024 characters, `ja_JP` under 1024, a credential `name` under 1024, a credential option `value` under 128 \
characters with fewer than 128 options, and a parameter `name` 1 to 1023 characters.

**Example**

```yaml
# tools/echo.yaml
identity:
  label:
    en_US: \"\"
```

Use instead:

```yaml
# tools/echo.yaml
identity:
  label:
    en_US: Echo
```",
    fix: None,
};

impl Walker<'_, '_> {
    /// The `en_US` text of the I18n object `what`.
    pub(super) fn en_us_length(&mut self, value: &Node, what: &str) {
        match value.as_str() {
            Some("") if self.layout == Layout::Plugin => {
                self.report(
                    &DECLARATION_LENGTH,
                    value.span,
                    format!("{what}.en_US is empty: the daemon requires a non-empty text"),
                );
            }
            Some(s) if s.chars().count() >= 1024 && self.layout == Layout::Plugin => {
                self.report(
                    &DECLARATION_LENGTH,
                    value.span,
                    format!(
                        "{what}.en_US is {} characters; the daemon allows fewer than 1024",
                        s.chars().count()
                    ),
                );
            }
            _ => {}
        }
    }

    /// The text of another kept locale, `key`, of the I18n object `what`.
    pub(super) fn locale_length(&mut self, key: &str, value: &Node, what: &str) {
        if key == "ja_JP" && self.layout == Layout::Plugin && value.as_str().is_some_and(|s| s.chars().count() >= 1024)
        {
            self.report(
                &DECLARATION_LENGTH,
                value.span,
                format!("{what}.ja_JP is 1024 characters or more; the daemon allows fewer than 1024"),
            );
        }
    }

    /// A credential's name, its option count and option values.
    pub(super) fn credential_lengths(&mut self, c: CredentialDecl, name: &str, at: Span) {
        if self.layout == Layout::Plugin && name.chars().count() >= 1024 {
            self.report(
                &DECLARATION_LENGTH,
                at,
                "the credential name is 1024 characters or more; the daemon allows fewer than 1024".into(),
            );
        }
        let options = c.options().map(Field::node);
        if let Some(opts) = options.and_then(Node::as_seq).filter(|_| self.layout == Layout::Plugin) {
            if opts.len() >= 128 {
                self.report(
                    &DECLARATION_LENGTH,
                    options.map_or(at, |o| o.span),
                    format!(
                        "credential `{name}` has {} options; the daemon allows fewer than 128",
                        opts.len()
                    ),
                );
            }
            for o in opts {
                if let Some(v) = OptionDecl::new(o)
                    .value()
                    .map(Field::node)
                    .filter(|v| v.text().is_some_and(|t| t.chars().count() >= 128))
                {
                    self.report(
                        &DECLARATION_LENGTH,
                        v.span,
                        "this option value is 128 characters or more; the daemon allows fewer than 128".into(),
                    );
                }
            }
        }
    }

    /// A parameter's name.
    pub(super) fn parameter_name_length(&mut self, p: ParamDecl, name: &str, at: Span) {
        if self.layout == Layout::Plugin
            && (name.is_empty() || name.chars().count() > 1023)
            && p.name().is_some_and(|n| n.str().is_some())
        {
            self.report(
                &DECLARATION_LENGTH,
                at,
                "a parameter name must be 1 to 1023 characters".into(),
            );
        }
    }
}
