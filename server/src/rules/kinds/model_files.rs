//! DIFY424: a model provider's `models:` that the SDK or the daemon cannot read (M4a, M5b's bad
//! pattern syntax, M6).

use crate::project::kinds::{Declaration, MODEL_KEYS};
use crate::project::paths;
use crate::project::views::{Field, ModelProviderDecl, ModelsEntryDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static MODEL_FILES: Rule = Rule {
    code: "DIFY424",
    name: "model-files",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "M4a, M5b, M6",
    source: "SDK `ModelProviderConfiguration.validate_models`; DAEMON `Manifest()` (position files, `filepath.Match`)",
    summary: "A model provider's `models:` is not a mapping of types to `predefined` lists, or names a position file that is missing or not a list",
    doc: "The SDK reads `models:` when the plugin starts: it must be a mapping from model type (`llm`, \
`text_embedding`, …) to a mapping with a `predefined` **list** of glob patterns (`models should be a glob path \
list`; a string is read one character at a time and fails with `Is a directory: '/'`). When packaging, the \
daemon reads each `position:` file, which must exist and hold a YAML list of model names (`failed to read llm \
position file`), and refuses a malformed pattern (`syntax error in pattern`).

**Example**

```yaml
# provider/acme.yaml
models:
  llm:
    predefined: models/llm/*.yaml
    position: models/llm/position.yaml   # no such file
```

Use instead:

```yaml
# provider/acme.yaml
models:
  llm:
    predefined:
      - models/llm/*.yaml
    position: models/llm/_position.yaml
```",
    fix: None,
};

/// The daemon's word for each `models:` key in `failed to read <word> position file`.
fn daemon_word(key: &str) -> &str {
    match key {
        "text_embedding" => "text embedding",
        other => other,
    }
}

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    let Some(y) = &d.yaml else { return };
    let models = ModelProviderDecl::of(y).and_then(ModelProviderDecl::models);
    let Some(models) = models.and_then(Field::non_null).map(Field::node) else {
        return;
    };
    let Some(entries) = models.as_map() else {
        cx.report(&MODEL_FILES, y, models.span, format!("`models` must be a mapping from model type to `predefined` patterns, but it is {}: the plugin does not start (`models should be a glob path list`)", models.kind_name()));
        return;
    };
    for e in entries {
        let Some(key) = e.key.as_str().filter(|k| MODEL_KEYS.contains(k)) else {
            continue;
        };
        if e.value.as_map().is_none() {
            cx.report(&MODEL_FILES, y, e.value.span, format!("`models.{key}` must be a mapping with a `predefined` list, but it is {}: the plugin does not start", e.value.kind_name()));
            continue;
        }
        let entry = ModelsEntryDecl::new(&e.value);
        if let Some(p) = entry.predefined().and_then(Field::non_null).map(Field::node) {
            match p.as_seq() {
                None => {
                    let consequence = if p.as_str().is_some() {
                        "the SDK reads a string one character at a time and the plugin does not start (`Is a directory: '/'`)"
                    } else {
                        "the plugin does not start"
                    };
                    cx.report(
                        &MODEL_FILES,
                        y,
                        p.span,
                        format!(
                            "`models.{key}.predefined` must be a list of patterns: {consequence}; write `- {}`",
                            p.text().unwrap_or("models/<type>/*.yaml")
                        ),
                    );
                }
                Some(items) => {
                    for item in items {
                        if let Some(pat) = item.as_str()
                            && !well_formed(pat)
                        {
                            cx.report(&MODEL_FILES, y, item.span, format!("the pattern `{pat}` has an unclosed `[`: packaging fails (`syntax error in pattern`)"));
                        }
                    }
                }
            }
        }
        if let Some(pos) = entry.position().map(Field::node)
            && let Some(raw) = pos.as_str()
        {
            let word = daemon_word(key);
            let target = paths::resolve(cx.files, &cx.project.unit.root, raw);
            if target.unknown {
                continue;
            }
            if !target.exists {
                cx.report(&MODEL_FILES, y, pos.span, format!("the position file `{raw}` does not exist: packaging and installing fail (`failed to read {word} position file: {raw}`); create it with the model names in order, or remove `position`"));
                continue;
            }
            let Some(file) = cx.files.read(&target.path) else {
                continue;
            };
            let ok = match file.yaml_root() {
                Some(root) => root
                    .as_seq()
                    .is_some_and(|items| items.iter().all(|i| i.as_str().is_some())),
                None => file.yaml().error.is_none(),
            };
            if !ok {
                cx.report(&MODEL_FILES, y, pos.span, format!("the position file `{raw}` is not a YAML list of model names: packaging and installing fail (`failed to unmarshal {word} position file: {raw}`)"))
                    .with_related(&file, file.first_line(), "this file");
            }
        }
    }
}

/// Whether Go's `filepath.Match` accepts the pattern's syntax: every `[` is closed.
pub(super) fn well_formed(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A trailing escape is a syntax error; any other escaped character is literal.
            '\\' => {
                let Some(_) = chars.next() else { return false };
            }
            '[' => {
                let mut closed = false;
                let mut first = true;
                while let Some(n) = chars.next() {
                    if n == ']' && !first {
                        closed = true;
                        break;
                    }
                    if n == '\\' {
                        chars.next();
                    }
                    if !(first && n == '^') {
                        first = false;
                    }
                }
                if !closed {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}
