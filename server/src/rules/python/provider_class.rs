//! DIFY501: a provider module does not hold exactly one provider class (the check is tool-class's,
//! `tool_class::exactly_one`, for the provider's base class).

use super::classes::{Found, Role};
use super::tool_class::exactly_one;
use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static PROVIDER_CLASS: Rule = Rule {
    code: "DIFY501",
    name: "provider-class",
    grade: Grade::Error,
    layouts: Layouts::ALL,
    spec: "A1b, B3b",
    source: "API `api/core/helper/module_import_helper.py` / SDK `core/utils/class_loader.py` `load_single_subclass_from_source`",
    summary: "The provider module does not contain exactly one provider class",
    doc: "Dify imports the provider module and collects every class in its namespace that subclasses \
`ToolProvider` (plugins) or `BuiltinToolProviderController` (in-tree) — imported names count too. Zero gives \
`Missing subclass of … in …`, two or more `Multiple subclasses of … in …`. Class names do not matter.

**Example**

```python
# provider/demo.py
from dify_plugin import Tool


class DemoProvider(Tool):
    ...
```

Use instead:

```python
# provider/demo.py
from dify_plugin import ToolProvider


class DemoProvider(ToolProvider):
    def _validate_credentials(self, credentials: dict[str, Any]) -> None:
        ...
```",
    fix: None,
};

/// The provider class of a provider module, after reporting when there is not exactly one.
pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>) -> Option<Found> {
    exactly_one(cx, py, Role::Provider, &PROVIDER_CLASS)
}
