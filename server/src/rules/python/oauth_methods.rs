//! DIFY509: the provider declares `oauth_schema` but its class lacks the `_oauth_*` methods.

use super::classes::{Classes, Found, Role};
use crate::project::SourceFile;
use crate::project::views::{Field, ProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static OAUTH_METHODS: Rule = Rule {
    code: "DIFY509",
    name: "oauth-methods",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "B21",
    source: "SDK `ToolProvider` OAuth hooks",
    summary: "The provider declares `oauth_schema` but lacks the `_oauth_*` methods",
    doc: "With `oauth_schema`, Dify runs an OAuth flow that calls `_oauth_get_authorization_url`, \
`_oauth_get_credentials` and `_oauth_refresh_credentials` on the provider class. Without them the flow fails.

**Example**

```python
# provider/demo.py (provider/demo.yaml declares `oauth_schema`)
class DemoProvider(ToolProvider):
    def _validate_credentials(self, credentials: dict[str, Any]) -> None:
        ...
```

Use instead:

```python
# provider/demo.py
class DemoProvider(ToolProvider):
    def _validate_credentials(self, credentials: dict[str, Any]) -> None:
        ...

    def _oauth_get_authorization_url(self, redirect_uri: str, system_credentials: Mapping[str, Any]) -> str:
        ...

    def _oauth_get_credentials(
        self, redirect_uri: str, system_credentials: Mapping[str, Any], request: Request
    ) -> ToolOAuthCredentials:
        ...

    def _oauth_refresh_credentials(
        self, redirect_uri: str, system_credentials: Mapping[str, Any], credentials: Mapping[str, Any]
    ) -> ToolOAuthCredentials:
        ...
```",
    fix: None,
};

/// `found` is the provider class; `yaml` is the provider YAML.
pub(super) fn check(cx: &mut Ctx, yaml: Option<&Arc<SourceFile>>, found: &Found) {
    let classes = Classes::new(cx, Role::Provider);
    const OAUTH: [&str; 3] = [
        "_oauth_get_authorization_url",
        "_oauth_get_credentials",
        "_oauth_refresh_credentials",
    ];
    let missing: Vec<&str> = OAUTH
        .into_iter()
        .filter(|m| classes.method(&found.file, &found.class, m, 0).is_none())
        .collect();
    let has_oauth = yaml
        .and_then(|y| ProviderDecl::of(y))
        .and_then(ProviderDecl::oauth_schema_field)
        .is_some_and(|o| !o.is_null());
    if has_oauth && !missing.is_empty() {
        let d = cx.report(
            &OAUTH_METHODS,
            &found.file,
            found.class.name_span,
            format!(
                "the provider declares `oauth_schema` but `{}` lacks {}: the OAuth flow fails",
                found.class.name,
                missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
        );
        if let Some(y) = yaml {
            let span = ProviderDecl::of(y)
                .and_then(ProviderDecl::oauth_schema_field)
                .map_or(y.anchor(), Field::key_span);
            d.with_related(y, span, "the OAuth declaration");
        }
    }
}
