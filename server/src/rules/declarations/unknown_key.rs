//! DIFY410: a key the loader ignores.

use super::{Walker, remove_entry};
use crate::project::schema::Object;
use crate::rules::{Fix, Grade, Layouts, Rule, did_you_mean, suggest};
use crate::syntax::yaml::Entry;

pub(crate) static UNKNOWN_KEY: Rule = Rule {
    code: "DIFY410",
    name: "unknown-key",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X8",
    source: "Nothing enforces it; the loaders ignore unknown keys",
    summary: "A key the loader ignores (often a typo)",
    doc: "Dify's models ignore keys they do not know, so a misspelt key (`requried`, `llm_descripton`) silently \
does nothing. Fix the spelling or remove the key.

**Example**

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
    requried: true
```

Use instead:

```yaml
# tools/echo.yaml
parameters:
  - name: text
    type: string
    required: true
```",
    fix: Some(Fix {
        actions: remove_entry,
        placeholders: false,
    }),
};

impl Walker<'_, '_> {
    /// The entries of a mapping checked against the closed object `obj`.
    pub(super) fn unknown_keys(&mut self, entries: &[Entry], obj: &'static Object) {
        let known: Vec<&str> = obj.fields.iter().map(|f| f.key).collect();
        for e in entries {
            let Some(key) = e.key.as_str() else { continue };
            if obj.field(key).is_some() {
                continue;
            }
            let hint = did_you_mean(key, &known);
            let why = match (obj.name, key) {
                ("provider", "tools" | "extra") => {
                    " (in-tree providers list tools from `tools/` and the module from the directory name)".to_string()
                }
                ("tool", "extra") => " (in-tree tools are found by file name)".to_string(),
                _ => String::new(),
            };
            self.report(
                &UNKNOWN_KEY,
                e.key.span,
                format!("`{key}` is not a {} field, so Dify ignores it{why}{hint}", obj.name),
            )
            .replacement = suggest(key, &known).map(String::from);
        }
    }
}
