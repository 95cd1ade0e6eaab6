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
    /// The entries of a mapping checked against the closed object `obj`. Reported when the file
    /// is done ([`Self::report_ignored_keys`]), one diagnostic per object and key.
    pub(super) fn unknown_keys(&mut self, entries: &[Entry], obj: &'static Object) {
        for e in entries {
            let Some(key) = e.key.as_str() else { continue };
            if obj.field(key).is_none() {
                self.ignored.push((obj, key.to_string(), e.key.span));
            }
        }
    }

    /// The ignored keys of the file, grouped: a key repeated in many mappings of one kind (a
    /// `help` under every model credential) is one diagnostic, the other places related.
    pub(super) fn report_ignored_keys(&mut self) {
        let ignored = std::mem::take(&mut self.ignored);
        // Grouped in one pass (a file may hold tens of thousands of unknown keys), in the order
        // each key first appears.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut index: std::collections::HashMap<(*const Object, &str), usize> = std::collections::HashMap::new();
        for (i, (obj, key, _)) in ignored.iter().enumerate() {
            let g = *index.entry((*obj as *const Object, key.as_str())).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        for same in groups {
            let (obj, key, span) = &ignored[same[0]];
            let known: Vec<&str> = obj.fields.iter().map(|f| f.key).collect();
            let hint = did_you_mean(key, &known);
            let why = match (obj.name, key.as_str()) {
                ("provider", "tools" | "extra") => {
                    " (in-tree providers list tools from `tools/` and the module from the directory name)"
                }
                ("tool", "extra") => " (in-tree tools are found by file name)",
                ("trigger provider", "credentials_schema" | "oauth_schema") => {
                    " (it belongs under `subscription_constructor`; here OAuth fails with ``Provider `<p>` does not support OAuth``)"
                }
                ("datasource provider", "credentials_for_provider") => {
                    " (the tool spelling: datasources read the list `credentials_schema`, so no credentials form is shown)"
                }
                ("strategy parameter", "human_description" | "form" | "llm_description" | "placeholder") => {
                    " (a tool parameter field; agent strategies drop it)"
                }
                ("datasource parameter", "human_description") => {
                    " (the tool spelling: datasource parameters take `description`)"
                }
                _ => "",
            };
            let times = match same.len() {
                1 => String::new(),
                n => format!(" (×{n} in this file)"),
            };
            let file = self.file.clone();
            let d = self.report(
                &UNKNOWN_KEY,
                *span,
                format!(
                    "`{key}` is not a {} field, so Dify ignores it{why}{hint}{times}",
                    obj.name
                ),
            );
            d.replacement = suggest(key, &known).map(String::from);
            for j in &same[1..] {
                d.with_related(&file, ignored[*j].2, format!("`{key}` is ignored here too"));
            }
        }
    }
}
