//! DIFY202: the manifest `name` is not a lowercase id.

use super::{NamePattern, check_pattern};
use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static PLUGIN_NAME: Rule = Rule {
    code: "DIFY202",
    name: "plugin-name-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B8",
    source: "SDK `PluginConfiguration`; DAEMON validator",
    summary: "The manifest `name` is not `^[a-z0-9_-]{1,128}$`",
    doc: "The plugin name is part of its unique id `author/name:version@checksum` and must be lowercase letters, \
digits, `_` and `-`, 1 to 128 characters. It does not have to equal the folder name.

**Example**

```yaml
# manifest.yaml
name: Demo Plugin
```

Use instead:

```yaml
# manifest.yaml
name: demo_plugin
```",
    fix: None,
};

const PATTERN: NamePattern = NamePattern {
    rule: &PLUGIN_NAME,
    what: "`name`",
    allow_upper: false,
    max: 128,
    why: "the SDK and the daemon reject it",
};

/// `root` is the manifest's.
pub(super) fn check(cx: &mut Ctx, manifest: &Arc<SourceFile>, root: Option<&Node>) {
    check_pattern(
        cx,
        manifest,
        root.and_then(|r| ManifestDecl::new(r).name()).map(Field::node),
        &PATTERN,
    );
}
