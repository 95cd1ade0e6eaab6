//! DIFY203: a plugin provider's `identity.name` is not lowercase `^[a-z0-9_-]+$`.

use super::{NamePattern, check_pattern};
use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static PROVIDER_NAME: Rule = Rule {
    code: "DIFY203",
    name: "provider-name-pattern",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "B9a",
    source: "API `GenericProviderID` (`api/models/provider_ids.py`)",
    summary: "The provider `identity.name` is not lowercase `^[a-z0-9_-]+$`",
    doc: "Dify addresses a plugin provider as `<author>/<plugin>/<provider identity.name>` and requires each part \
to match `^[a-z0-9_-]+$`; otherwise the API fails with \"Invalid plugin id\". The daemon alone would allow \
uppercase.

**Example**

```yaml
# provider/demo.yaml
identity:
  name: Demo
```

Use instead:

```yaml
# provider/demo.yaml
identity:
  name: demo
```",
    fix: None,
};

const PATTERN: NamePattern = NamePattern {
    rule: &PROVIDER_NAME,
    what: "provider name",
    allow_upper: false,
    max: usize::MAX,
    why: "the API fails with \"Invalid plugin id\"",
};

/// `name` is the provider's `identity.name`.
pub(super) fn check(cx: &mut Ctx, yaml: &Arc<SourceFile>, name: Option<&Node>) {
    if cx.unit().is_plugin() {
        check_pattern(cx, yaml, name, &PATTERN);
    }
}
