//! DIFY435: an endpoint group setting of type `select` without `options`: the daemon rejects
//! every value when an endpoint is created (E12).

use crate::project::SourceFile;
use crate::project::views::{EndpointGroupDecl, Field};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static ENDPOINT_SELECT: Rule = Rule {
    code: "DIFY435",
    name: "endpoint-select-options",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "E12",
    source: "DAEMON `config.go` `ValidateProviderConfigs` (`setting … is not a valid option`), `internal/service/setup_endpoint.go`",
    summary: "An endpoint group setting of type `select` without `options`",
    doc: "When a user creates an endpoint, the daemon checks each setting's value: a `select` value must be one of \
the setting's `options`. A `select` setting without `options` therefore rejects every value (`setting mode is not \
a valid option`), and the endpoint cannot be created while the setting has a value.

**Example**

```yaml
# group/acme.yaml
settings:
  - name: mode
    type: select
    label:
      en_US: Mode
```

Use instead:

```yaml
# group/acme.yaml
settings:
  - name: mode
    type: select
    label:
      en_US: Mode
    options:
      - value: fast
        label:
          en_US: Fast
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, y: &Arc<SourceFile>) {
    let Some(group) = EndpointGroupDecl::of(y) else { return };
    for s in group.setting_items() {
        let Some(kind) = s.kind() else { continue };
        if kind.str() != Some("select") {
            continue;
        }
        if s.options().and_then(Field::as_seq).is_some_and(|o| !o.is_empty()) {
            continue;
        }
        let name = s.name().and_then(Field::str).unwrap_or("…");
        cx.report(
            &ENDPOINT_SELECT,
            y,
            kind.span(),
            format!("the `select` setting `{name}` has no `options`: creating an endpoint rejects every value (`setting {name} is not a valid option`); add `options`"),
        );
    }
}
