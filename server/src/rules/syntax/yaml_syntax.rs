//! DIFY001: a YAML file that PyYAML (libyaml) rejects.

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static YAML_SYNTAX: Rule = Rule {
    code: "DIFY001",
    name: "yaml-syntax",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "§2",
    source: "SDK (PyYAML `yaml.safe_load`); DAEMON (`gopkg.in/yaml.v3`)",
    summary: "The YAML file does not load",
    doc: "The plugin SDK loads every YAML file with PyYAML's `safe_load`; a file it rejects stops the plugin \
from starting (`Error loading tool configuration: Failed to load YAML file <path>: <parser message>`), and an \
in-tree provider with a broken YAML is silently skipped. dify-lsp takes its verdict from libyaml, the same \
parser PyYAML's C loader and serde_yaml use, so a file PyYAML accepts never gets this error. Fix the syntax at \
the position shown (a common cause is a value containing `: ` that needs quotes, or inconsistent indentation).

**Example**

```yaml
# tools/search.yaml
description:
  human:
    en_US: Search: the web
```

Use instead:

```yaml
# tools/search.yaml
description:
  human:
    en_US: \"Search: the web\"
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, file: &std::sync::Arc<SourceFile>) {
    if let Some(err) = &file.yaml().error {
        let message = format!("YAML does not load: {}", err.message);
        cx.report(&YAML_SYNTAX, file, err.span, message);
    }
}
