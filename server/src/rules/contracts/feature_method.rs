//! DIFY520: a datasource provider, subscription constructor or event declares a feature (a
//! credentials schema, OAuth, a dynamic-select parameter) whose class lacks the method it calls
//! (D9, T12).

use super::{Has, declared, has, listing};
use crate::project::SourceFile;
use crate::project::views::{Field, ItemDecl, KindProviderDecl, ParamDecl};
use crate::rules::python::classes::Found;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static FEATURE_METHOD: Rule = Rule {
    code: "DIFY520",
    name: "feature-method",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "D9, T12",
    source: "SDK `interfaces/datasource/__init__.py` (`DatasourceProvider`), `interfaces/trigger` (`TriggerSubscriptionConstructor`, `Event`)",
    summary: "A datasource provider, subscription constructor or event declares a feature its class has no method for",
    doc: "Some declarations turn on a feature that Dify serves by calling a method the SDK base only stubs \
(it raises `NotImplementedError`):

* datasource provider `credentials_schema` → `_validate_credentials` on the `DatasourceProvider` class \
(`This method should be implemented by a subclass`);
* datasource provider `oauth_schema`, trigger `subscription_constructor.oauth_schema` (when not empty) → \
`_oauth_get_authorization_url`, `_oauth_get_credentials` and `_oauth_refresh_credentials`;
* trigger `subscription_constructor.credentials_schema` → `_validate_api_key` on the constructor \
(``This plugin should implement `_validate_api_key` method to enable credentials validation``);
* a `dynamic-select` parameter of the constructor or of an event → `_fetch_parameter_options` on that class.

The plugin starts; the feature fails when used (saving credentials, the OAuth flow, opening the options). A \
method inherited from your own base class counts.

**Example**

```python
# provider/drive.py (provider/drive.yaml declares credentials_schema)
class DriveProvider(DatasourceProvider):
    pass
```

Use instead:

```python
# provider/drive.py
class DriveProvider(DatasourceProvider):
    def _validate_credentials(self, credentials: Mapping[str, Any]) -> None:
        ...
```",
    fix: None,
};

const OAUTH: [&str; 3] = [
    "_oauth_get_authorization_url",
    "_oauth_get_credentials",
    "_oauth_refresh_credentials",
];

/// `found` is the datasource provider class; `top` its YAML's root.
pub(super) fn check_datasource_provider(
    cx: &mut Ctx,
    yaml: Option<&Arc<SourceFile>>,
    top: Option<&Node>,
    found: &Found,
) {
    let Some(top) = top.map(KindProviderDecl::new) else {
        return;
    };
    const BARE: &[&str] = &["DatasourceProvider"];
    if declared(top.credentials_schema().map(Field::node)) {
        need(
            cx,
            found,
            BARE,
            &["_validate_credentials"],
            (
                yaml,
                top.credentials_schema().map(Field::key_span),
                "`credentials_schema`",
            ),
            "saving credentials fails (`This method should be implemented by a subclass`)",
        );
    }
    if declared(top.oauth_schema().map(Field::node)) {
        need(
            cx,
            found,
            BARE,
            &OAUTH,
            (yaml, top.oauth_schema().map(Field::key_span), "`oauth_schema`"),
            "the OAuth flow fails with `NotImplementedError`",
        );
    }
}

/// `found` is the subscription constructor of a trigger provider whose YAML root is `top`.
pub(super) fn check_constructor(cx: &mut Ctx, yaml: Option<&Arc<SourceFile>>, top: Option<&Node>, found: &Found) {
    let Some(sc) = top.and_then(|t| KindProviderDecl::new(t).subscription_constructor()) else {
        return;
    };
    const BARE: &[&str] = &["TriggerSubscriptionConstructor"];
    if declared(sc.credentials_schema().map(Field::node)) {
        need(
            cx,
            found,
            BARE,
            &["_validate_api_key"],
            (
                yaml,
                sc.credentials_schema().map(Field::key_span),
                "`subscription_constructor.credentials_schema`",
            ),
            "validating the API key of a new subscription fails (``This plugin should implement `_validate_api_key` method to enable credentials validation``)",
        );
    }
    if declared(sc.oauth_schema().map(Field::node)) {
        need(
            cx,
            found,
            BARE,
            &OAUTH,
            (
                yaml,
                sc.oauth_schema().map(Field::key_span),
                "`subscription_constructor.oauth_schema`",
            ),
            "the OAuth flow fails (`The trigger you are using does not support OAuth, please implement … method`)",
        );
    }
    if let Some(span) = dynamic_select(sc.parameters()) {
        need(
            cx,
            found,
            BARE,
            &["_fetch_parameter_options"],
            (yaml, Some(span), "a `dynamic-select` parameter"),
            "its options never load",
        );
    }
}

/// `found` is an event class; `yaml` the event's declaration.
pub(super) fn check_event(cx: &mut Ctx, yaml: Option<&Arc<SourceFile>>, found: &Found) {
    let Some(root) = yaml.and_then(|y| y.yaml_root()) else {
        return;
    };
    if let Some(span) = dynamic_select(ItemDecl::new(root).parameters()) {
        need(
            cx,
            found,
            &["Event"],
            &["_fetch_parameter_options"],
            (yaml, Some(span), "a `dynamic-select` parameter"),
            "its options never load",
        );
    }
}

/// The `type` of the first `dynamic-select` item of `parameters`.
fn dynamic_select<'a>(mut params: impl Iterator<Item = ParamDecl<'a>>) -> Option<Span> {
    params.find_map(|p| {
        let t = p.kind()?;
        (t.str() == Some("dynamic-select")).then_some(t.span())
    })
}

fn need(
    cx: &mut Ctx,
    found: &Found,
    bare: &[&str],
    methods: &[&str],
    (yaml, span, what): (Option<&Arc<SourceFile>>, Option<Span>, &str),
    fails: &str,
) {
    let missing: Vec<&str> = methods
        .iter()
        .copied()
        .filter(|m| has(cx, &found.file, &found.class, m, bare) == Has::No)
        .collect();
    if missing.is_empty() {
        return;
    }
    // Only refreshing is missing: the flow works until credentials expire.
    let fails = if missing == ["_oauth_refresh_credentials"] {
        "refreshing expired OAuth credentials fails with `NotImplementedError` (harmless only if the tokens never expire)"
    } else {
        fails
    };
    let d = cx.report(
        &FEATURE_METHOD,
        &found.file,
        found.class.name_span,
        format!(
            "the declaration has {what} but `{}` lacks {}: {fails}; {}",
            found.class.name,
            listing(&missing),
            if what.contains("dynamic-select") {
                "implement it to return the options, or make the parameter a `select` with fixed `options`".to_string()
            } else {
                format!(
                    "implement {} or remove {what}",
                    if missing.len() == 1 { "it" } else { "them" }
                )
            },
        ),
    );
    if let (Some(y), Some(span)) = (yaml, span) {
        d.with_related(y, span, format!("{what} is declared here"));
    }
}
