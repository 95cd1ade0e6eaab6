//! DIFY524: a method the SDK calls on another kind's class cannot be called the way the SDK calls
//! it (E10, G9, M16, T11, D8), or has the wrong shape: an endpoint `_invoke` that is a generator,
//! an agent strategy `_invoke` that is not one.

use super::kind_role;
use crate::project::SourceFile;
use crate::project::kinds::{DatasourceType, Role};
use crate::project::python::{Method, ReturnKind};
use crate::rules::python::classes::{Classes, Found};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static SIGNATURE: Rule = Rule {
    code: "DIFY524",
    name: "kind-signature",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "E10, G9, M16, T11, D8",
    source: "SDK `Endpoint.invoke`, `invoke_agent_strategy` (`yield from`), `interfaces/model/*.py` (`_code_block_mode_wrapper`, `tts_model.py`), `interfaces/trigger` (keyword calls), `interfaces/datasource/*.py`",
    summary: "A method the SDK calls on an endpoint, agent strategy, model, datasource or trigger class does not take the arguments the SDK passes, or has the wrong shape",
    doc: "The SDK calls the methods of the other kinds in a fixed way, and a method that cannot bind those \
arguments fails with a `TypeError` on every call:

* positionally: `Endpoint._invoke(r, values, settings)`, `AgentStrategy._invoke(parameters)`, the datasource \
methods (one argument each), the model `_invoke` of rerank (7 arguments), text-embedding (5), speech2text and \
moderation (4), `ModelProvider.validate_provider_credentials(credentials)`;
* by keyword, so the parameter **names** matter: `Trigger._dispatch_event(subscription, request)`, \
`_create_subscription(endpoint, parameters, credentials, credential_type)`, `_delete_subscription` and \
`_refresh_subscription(subscription, credentials, credential_type)`, `Event._on_event(request, parameters, payload)`, \
the TTS `_invoke(model, tenant_id, credentials, content_text, voice, user)` and the LLM `_invoke(model, credentials, \
prompt_messages, model_parameters, tools, stop, stream, user)` (by keyword for JSON/XML `response_format`).

Shapes: an endpoint's `_invoke` must **return** a `werkzeug.Response` (a `yield` makes it a generator function, \
whose result is no response); an agent strategy's `_invoke` must produce messages the executor iterates \
(`yield from`): write it as a generator (a returned list also works, a single message or `None` does not).

**Example**

```python
# events/star.py
class StarEvent(Event):
    def _on_event(self, req: Request, params: Mapping[str, Any], payload: Mapping[str, Any]) -> Variables:
        ...
```

Use instead:

```python
# events/star.py
class StarEvent(Event):
    def _on_event(self, request: Request, parameters: Mapping[str, Any], payload: Mapping[str, Any]) -> Variables:
        ...
```",
    fix: None,
};

#[derive(Clone, Copy)]
enum Call {
    Positional(usize),
    Keywords(&'static [&'static str]),
}

/// A method the SDK calls, how, what to write, and what fails.
struct Called {
    name: &'static str,
    call: Call,
    write: &'static str,
    fails: &'static str,
}

const TRIGGER: &[Called] = &[Called {
    name: "_dispatch_event",
    call: Call::Keywords(&["subscription", "request"]),
    write: "def _dispatch_event(self, subscription: Subscription, request: Request) -> EventDispatch",
    fails: "every webhook request of a subscription fails",
}];
const CONSTRUCTOR: &[Called] = &[
    Called {
        name: "_create_subscription",
        call: Call::Keywords(&["endpoint", "parameters", "credentials", "credential_type"]),
        write: "def _create_subscription(self, endpoint: str, parameters: Mapping[str, Any], credentials: Mapping[str, Any], credential_type: CredentialType) -> Subscription",
        fails: "creating a subscription fails",
    },
    Called {
        name: "_delete_subscription",
        call: Call::Keywords(&["subscription", "credentials", "credential_type"]),
        write: "def _delete_subscription(self, subscription: Subscription, credentials: Mapping[str, Any], credential_type: CredentialType) -> UnsubscribeResult",
        fails: "deleting a subscription fails",
    },
    Called {
        name: "_refresh_subscription",
        call: Call::Keywords(&["subscription", "credentials", "credential_type"]),
        write: "def _refresh_subscription(self, subscription: Subscription, credentials: Mapping[str, Any], credential_type: CredentialType) -> Subscription",
        fails: "refreshing a subscription fails",
    },
];

fn called(role: Role) -> &'static [Called] {
    match role {
        Role::Endpoint => &[Called {
            name: "_invoke",
            call: Call::Positional(3),
            write: "def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response",
            fails: "every request to this endpoint answers HTTP 500",
        }],
        Role::AgentStrategy => &[Called {
            name: "_invoke",
            call: Call::Positional(1),
            write: "def _invoke(self, parameters: dict[str, Any]) -> Generator[AgentInvokeMessage]",
            fails: "every run of this strategy fails",
        }],
        Role::ModelProvider => &[Called {
            name: "validate_provider_credentials",
            call: Call::Positional(1),
            write: "def validate_provider_credentials(self, credentials: dict) -> None",
            fails: "saving the provider's credentials fails",
        }],
        Role::Datasource(Some(DatasourceType::WebsiteCrawl)) => &[Called {
            name: "_get_website_crawl",
            call: Call::Positional(1),
            write: "def _get_website_crawl(self, datasource_parameters: Mapping[str, Any]) -> Generator[WebsiteCrawlMessage]",
            fails: "every crawl fails",
        }],
        Role::Datasource(Some(DatasourceType::OnlineDocument)) => &[
            Called {
                name: "_get_pages",
                call: Call::Positional(1),
                write: "def _get_pages(self, datasource_parameters: Mapping[str, Any]) -> DatasourceGetPagesResponse",
                fails: "listing the pages fails",
            },
            Called {
                name: "_get_content",
                call: Call::Positional(1),
                write: "def _get_content(self, page: GetOnlineDocumentPageContentRequest) -> Generator[DatasourceMessage]",
                fails: "reading a page fails",
            },
        ],
        Role::Datasource(Some(DatasourceType::OnlineDrive)) => &[
            Called {
                name: "_browse_files",
                call: Call::Positional(1),
                write: "def _browse_files(self, request: OnlineDriveBrowseFilesRequest) -> OnlineDriveBrowseFilesResponse",
                fails: "browsing the drive fails",
            },
            Called {
                name: "_download_file",
                call: Call::Positional(1),
                write: "def _download_file(self, request: OnlineDriveDownloadFileRequest) -> Generator[DatasourceMessage]",
                fails: "downloading a file fails",
            },
        ],
        Role::Trigger => TRIGGER,
        Role::Event => &[Called {
            name: "_on_event",
            call: Call::Keywords(&["request", "parameters", "payload"]),
            write: "def _on_event(self, request: Request, parameters: Mapping[str, Any], payload: Mapping[str, Any]) -> Variables",
            fails: "the event fails each time it is dispatched",
        }],
        _ => &[],
    }
}

fn model_called(key: &str) -> &'static [Called] {
    match key {
        "llm" => &[Called {
            name: "_invoke",
            call: Call::Keywords(&[
                "model",
                "credentials",
                "prompt_messages",
                "model_parameters",
                "tools",
                "stop",
                "stream",
                "user",
            ]),
            write: "def _invoke(self, model: str, credentials: dict, prompt_messages: list[PromptMessage], model_parameters: dict, tools: list[PromptMessageTool] | None = None, stop: list[str] | None = None, stream: bool = True, user: str | None = None)",
            fails: "calls with a JSON or XML `response_format` (which the SDK makes by keyword) fail",
        }],
        "tts" => &[Called {
            name: "_invoke",
            call: Call::Keywords(&["model", "tenant_id", "credentials", "content_text", "voice", "user"]),
            write: "def _invoke(self, model: str, tenant_id: str, credentials: dict, content_text: str, voice: str, user: str | None = None)",
            fails: "every speech synthesis fails",
        }],
        "rerank" => &[Called {
            name: "_invoke",
            call: Call::Positional(7),
            write: "def _invoke(self, model: str, credentials: dict, query: str, docs: list[str], score_threshold: float | None = None, top_n: int | None = None, user: str | None = None) -> RerankResult",
            fails: "every rerank call fails",
        }],
        "text-embedding" => &[Called {
            name: "_invoke",
            call: Call::Positional(5),
            write: "def _invoke(self, model: str, credentials: dict, texts: list[str], user: str | None = None, input_type: EmbeddingInputType = EmbeddingInputType.DOCUMENT) -> TextEmbeddingResult",
            fails: "every embedding call fails",
        }],
        "speech2text" => &[Called {
            name: "_invoke",
            call: Call::Positional(4),
            write: "def _invoke(self, model: str, credentials: dict, file: IO[bytes], user: str | None = None) -> str",
            fails: "every transcription fails",
        }],
        "moderation" => &[Called {
            name: "_invoke",
            call: Call::Positional(4),
            write: "def _invoke(self, model: str, credentials: dict, text: str, user: str | None = None) -> bool",
            fails: "every moderation call fails",
        }],
        _ => &[],
    }
}

/// `found` is the class the loader takes from a module of this role.
pub(super) fn check(cx: &mut Ctx, found: &Found, role: Role) {
    check_each(cx, found, called(role));
    let invoke = || Classes::new(cx, kind_role("")).method(&found.file, &found.class, "_invoke", 0);
    match role {
        Role::Endpoint => {
            if let Some((file, m)) = invoke()
                && m.is_generator
            {
                report(cx, &file, &m, &found.class.name, "is a generator function (it contains `yield`), so calling it returns a generator instead of the `werkzeug.Response` the SDK needs: every request to this endpoint fails; `return` a `Response` (to stream, `return Response(generator(), …)`)".into());
            }
        }
        Role::AgentStrategy => {
            if let Some((file, m)) = invoke() {
                let single = m.returns.iter().any(|r| r.kind == ReturnKind::SingleMessage);
                let nothing = !m.returns.is_empty() && m.returns.iter().all(|r| r.kind == ReturnKind::Nothing);
                if !m.is_generator && (single || nothing) {
                    let what = if single {
                        "returns a single message"
                    } else {
                        "returns nothing"
                    };
                    report(
                        cx,
                        &file,
                        &m,
                        &found.class.name,
                        format!(
                            "{what}: the executor iterates its result (`yield from`), so every run of this strategy fails; write it as a generator and `yield` each message"
                        ),
                    );
                }
            }
        }
        _ => {}
    }
}

/// `found` is the trigger provider's subscription constructor.
pub(super) fn check_constructor(cx: &mut Ctx, found: &Found) {
    check_each(cx, found, CONSTRUCTOR);
}

/// `found` is the class a model type loads.
pub(super) fn check_model(cx: &mut Ctx, found: &Found, key: &str) {
    check_each(cx, found, model_called(key));
}

fn check_each(cx: &mut Ctx, found: &Found, methods: &[Called]) {
    for c in methods {
        let Some((file, m)) = Classes::new(cx, kind_role("")).method(&found.file, &found.class, c.name, 0) else {
            continue;
        };
        let verdict = match c.call {
            Call::Positional(n) => m.accepts_positional(n),
            Call::Keywords(names) => m.accepts_keywords(names).map_err(|e| {
                format!(
                    "{e}: the SDK calls it by keyword ({})",
                    names.iter().map(|n| format!("`{n}=`")).collect::<Vec<_>>().join(", ")
                )
            }),
        };
        if let Err(why) = verdict {
            let fails = c.fails;
            let write = c.write;
            report(
                cx,
                &file,
                &m,
                &found.class.name,
                format!("{why}, so {fails} with a `TypeError`; write `{write}`"),
            );
        }
    }
}

fn report(cx: &mut Ctx, file: &Arc<SourceFile>, m: &Method, class: &str, what: String) {
    let name = &m.name;
    cx.report(&SIGNATURE, file, m.name_span, format!("`{name}` of `{class}` {what}"));
}
