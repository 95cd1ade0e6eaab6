//! DIFY516: a class another kind loads lacks a method its SDK base leaves abstract (E9, G9,
//! M14b, D8, T11).

use super::{Has, has, listing};
use crate::project::kinds::{DatasourceType, Role};
use crate::rules::python::classes::Found;
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static ABSTRACT_METHOD: Rule = Rule {
    code: "DIFY516",
    name: "kind-abstract-method",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "E9, G9, M14b, D8, T11",
    source: "SDK `interfaces/endpoint`, `interfaces/agent`, `interfaces/model/*.py`, `interfaces/datasource/*.py`, `interfaces/trigger` (abstract methods)",
    summary: "An endpoint, agent strategy, model, datasource or trigger class lacks a method its SDK base leaves abstract",
    doc: "The SDK bases declare the methods Dify calls as abstract: `_invoke` on `Endpoint` and `AgentStrategy`; \
`validate_credentials`, `_invoke_error_mapping` and `_invoke` on every model class (and `get_num_tokens` on \
`LargeLanguageModel` and `TextEmbeddingModel`); `_get_website_crawl` on `WebsiteCrawlDatasource`, `_get_pages` and \
`_get_content` on `OnlineDocumentDatasource`, `_browse_files` and `_download_file` on `OnlineDriveDatasource`; \
`_dispatch_event` on `Trigger`; `_create_subscription`, `_delete_subscription` and `_refresh_subscription` on \
`TriggerSubscriptionConstructor`; `_on_event` on `Event`. These classes are built per call, so the plugin starts, \
but every call fails with `Can't instantiate abstract class X with abstract method …`. A method inherited from \
a base class counts: your own base in another module, or the SDK's `OAICompat*` model bases. The model \
provider's `validate_provider_credentials` is model-provider-credentials (DIFY517): it fails at start.

**Example**

```python
# endpoints/hello.py
class HelloEndpoint(Endpoint):
    def invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:
        return Response(\"hello\")
```

Use instead:

```python
# endpoints/hello.py
class HelloEndpoint(Endpoint):
    def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:
        return Response(\"hello\")
```",
    fix: None,
};

/// What a role's class must implement: the SDK base (the class that leaves them abstract), the
/// methods with the signature to suggest, and what fails without them.
struct Contract {
    bare: &'static [&'static str],
    methods: &'static [(&'static str, &'static str)],
    fails: &'static str,
}

fn contract(role: Role) -> Option<Contract> {
    Some(match role {
        Role::Endpoint => Contract {
            bare: &["Endpoint"],
            methods: &[(
                "_invoke",
                "_invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response",
            )],
            fails: "every request to this endpoint answers HTTP 500",
        },
        Role::AgentStrategy => Contract {
            bare: &["AgentStrategy"],
            methods: &[(
                "_invoke",
                "_invoke(self, parameters: dict[str, Any]) -> Generator[AgentInvokeMessage]",
            )],
            fails: "every run of this strategy fails",
        },
        Role::Datasource(Some(DatasourceType::WebsiteCrawl)) => Contract {
            bare: &["WebsiteCrawlDatasource"],
            methods: &[(
                "_get_website_crawl",
                "_get_website_crawl(self, datasource_parameters: Mapping[str, Any]) -> Generator[WebsiteCrawlMessage]",
            )],
            fails: "every crawl fails",
        },
        Role::Datasource(Some(DatasourceType::OnlineDocument)) => Contract {
            bare: &["OnlineDocumentDatasource"],
            methods: &[
                (
                    "_get_pages",
                    "_get_pages(self, datasource_parameters: Mapping[str, Any]) -> DatasourceGetPagesResponse",
                ),
                (
                    "_get_content",
                    "_get_content(self, page: GetOnlineDocumentPageContentRequest) -> Generator[DatasourceMessage]",
                ),
            ],
            fails: "every call to this datasource fails",
        },
        Role::Datasource(Some(DatasourceType::OnlineDrive)) => Contract {
            bare: &["OnlineDriveDatasource"],
            methods: &[
                (
                    "_browse_files",
                    "_browse_files(self, request: OnlineDriveBrowseFilesRequest) -> OnlineDriveBrowseFilesResponse",
                ),
                (
                    "_download_file",
                    "_download_file(self, request: OnlineDriveDownloadFileRequest) -> Generator[DatasourceMessage]",
                ),
            ],
            fails: "every call to this datasource fails",
        },
        Role::Trigger => Contract {
            bare: &["Trigger"],
            methods: &[(
                "_dispatch_event",
                "_dispatch_event(self, subscription: Subscription, request: Request) -> EventDispatch",
            )],
            fails: "every webhook request of a subscription fails",
        },
        Role::Event => Contract {
            bare: &["Event"],
            methods: &[(
                "_on_event",
                "_on_event(self, request: Request, parameters: Mapping[str, Any], payload: Mapping[str, Any]) -> Variables",
            )],
            fails: "the event fails each time it is dispatched",
        },
        _ => return None,
    })
}

/// `found` is the class the loader takes from a module of this role.
pub(super) fn check(cx: &mut Ctx, found: &Found, role: Role) {
    if let Some(c) = contract(role) {
        report(cx, found, c.bare, c.methods, c.fails);
    }
}

/// `found` is the trigger provider module's subscription constructor.
pub(super) fn check_constructor(cx: &mut Ctx, found: &Found) {
    report(
        cx,
        found,
        &["TriggerSubscriptionConstructor"],
        &[
            (
                "_create_subscription",
                "_create_subscription(self, endpoint: str, parameters: Mapping[str, Any], credentials: Mapping[str, Any], credential_type: CredentialType) -> Subscription",
            ),
            (
                "_delete_subscription",
                "_delete_subscription(self, subscription: Subscription, credentials: Mapping[str, Any], credential_type: CredentialType) -> UnsubscribeResult",
            ),
            (
                "_refresh_subscription",
                "_refresh_subscription(self, subscription: Subscription, credentials: Mapping[str, Any], credential_type: CredentialType) -> Subscription",
            ),
        ],
        "creating, deleting or refreshing a subscription fails",
    );
}

/// Reports the `methods` that `found` lacks, when its class hierarchy is fully known.
pub(super) fn report(
    cx: &mut Ctx,
    found: &Found,
    bare: &[&str],
    methods: &[(&'static str, &'static str)],
    fails: &str,
) {
    let missing: Vec<(&str, &str)> = methods
        .iter()
        .copied()
        .filter(|(m, _)| has(cx, &found.file, &found.class, m, bare) == Has::No)
        .collect();
    if missing.is_empty() {
        return;
    }
    let names: Vec<&str> = missing.iter().map(|(m, _)| *m).collect();
    let (what, it) = if names.len() == 1 {
        ("method", "it")
    } else {
        ("methods", "them")
    };
    let class = &found.class.name;
    let signatures: Vec<String> = missing
        .iter()
        .map(|(_, s)| {
            if s.starts_with('@') {
                format!("`{s}`")
            } else {
                format!("`def {s}`")
            }
        })
        .collect();
    cx.report(
        &ABSTRACT_METHOD,
        &found.file,
        found.class.name_span,
        format!(
            "`{class}` lacks the abstract {what} {}: the SDK cannot create the class (`Can't instantiate abstract class {class} with abstract {what} {}`), so {fails}; implement {it}: {}",
            listing(&names),
            names.join(", "),
            signatures.join(", ")
        ),
    );
}
