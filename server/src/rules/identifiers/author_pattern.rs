//! DIFY201: the manifest `author` is not a lowercase id.

use super::{NamePattern, check_pattern};
use crate::project::SourceFile;
use crate::project::views::{Field, ManifestDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static AUTHOR: Rule = Rule {
    code: "DIFY201",
    name: "author-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B7",
    source: "DAEMON `ManifestValidate` (install, remote debug)",
    summary: "The manifest `author` is not lowercase `^[a-z0-9_-]{1,64}$`",
    doc: "The SDK accepts any `^[a-zA-Z0-9_-]{1,64}$`, but installing or debugging fails with `author must be \
alphanumeric and less than 64 characters: ^[a-z0-9_-]{1,64}$` (langgenius/dify #14729, dify-plugins PR #2471: \
`author: Azard` gave \"package decode failed\"). Use a lowercase id.

**Example**

```yaml
# manifest.yaml
author: Acme
```

Use instead:

```yaml
# manifest.yaml
author: acme
```",
    fix: None,
};

const PATTERN: NamePattern = NamePattern {
    rule: &AUTHOR,
    what: "`author`",
    allow_upper: false,
    max: 64,
    why: "installing fails with `author must be alphanumeric and less than 64 characters`",
};

/// `root` is the manifest's.
pub(super) fn check(cx: &mut Ctx, manifest: &Arc<SourceFile>, root: Option<&Node>) {
    check_pattern(
        cx,
        manifest,
        root.and_then(|r| ManifestDecl::new(r).author()).map(Field::node),
        &PATTERN,
    );
}
