//! New Python files for a provider or a tool: the right base class, imports and method signatures
//! for the layout and Dify generation, reading the parameters the YAML declares.

use super::text::{camel, identifier, py_str};
use crate::project::{Generation, Layout};
use crate::syntax::yaml::Node;

/// The parameters a tool YAML declares: (name, required).
pub(crate) fn declared_parameters(root: Option<&Node>) -> Vec<(String, bool)> {
    root.and_then(|r| r.get("parameters"))
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| {
            let name = p.get("name")?.as_str()?.to_string();
            let required = p.get("required").and_then(Node::as_lax_bool).unwrap_or(false);
            Some((name, required))
        })
        .collect()
}

/// The locals the parameters are read into: identifiers that rebind no argument of `_invoke`
/// and no other parameter's local.
fn locals(params: &[(String, bool)]) -> Vec<String> {
    let mut taken: Vec<String> = [
        "self",
        "user_id",
        "tool_parameters",
        "conversation_id",
        "app_id",
        "message_id",
    ]
    .map(String::from)
    .to_vec();
    let mut out = Vec::new();
    for (name, _) in params {
        let mut var = identifier(name);
        while taken.contains(&var) {
            var.push('_');
        }
        taken.push(var.clone());
        out.push(var);
    }
    out
}

fn reads(params: &[(String, bool)], vars: &[String]) -> String {
    params
        .iter()
        .zip(vars)
        .map(|((name, required), var)| {
            let key = py_str(name);
            if *required {
                format!("        {var} = tool_parameters[{key}]\n")
            } else {
                format!("        {var} = tool_parameters.get({key})\n")
            }
        })
        .collect()
}

/// The message the new tool returns: every local it read (one it never used is ruff's F841), and
/// an f-string only when there is a placeholder (one without is F541).
fn message(stem: &str, vars: &[String]) -> String {
    let text = py_str(&format!("{stem}:"));
    if vars.is_empty() {
        return text;
    }
    let literal = text[..text.len() - 1].replace('{', "{{").replace('}', "}}");
    let fields: Vec<String> = vars.iter().map(|v| format!("{{{v}!r}}")).collect();
    format!("f{literal} {}\"", fields.join(", "))
}

pub(crate) fn tool(layout: Layout, stem: &str, params: &[(String, bool)]) -> String {
    let class = format!("{}Tool", camel(stem));
    let vars = locals(params);
    let reads = reads(params, &vars);
    let message = message(stem, &vars);
    match layout {
        Layout::Plugin => format!(
            "from collections.abc import Generator\nfrom typing import Any\n\nfrom dify_plugin import Tool\nfrom dify_plugin.entities.tool import ToolInvokeMessage\n\n\n\
class {class}(Tool):\n    def _invoke(self, tool_parameters: dict[str, Any]) -> Generator[ToolInvokeMessage, None, None]:\n{reads}        yield self.create_text_message({message})\n"
        ),
        Layout::InTree(Generation::V1) => format!(
            "from collections.abc import Generator\nfrom typing import Any\n\nfrom core.tools.builtin_tool.tool import BuiltinTool\nfrom core.tools.entities.tool_entities import ToolInvokeMessage\n\n\n\
class {class}(BuiltinTool):\n    def _invoke(\n        self,\n        user_id: str,\n        tool_parameters: dict[str, Any],\n        conversation_id: str | None = None,\n        app_id: str | None = None,\n        message_id: str | None = None,\n    ) -> Generator[ToolInvokeMessage, None, None]:\n{reads}        yield self.create_text_message({message})\n"
        ),
        Layout::InTree(Generation::V0) => format!(
            "from typing import Any\n\nfrom core.tools.entities.tool_entities import ToolInvokeMessage\nfrom core.tools.tool.builtin_tool import BuiltinTool\n\n\n\
class {class}(BuiltinTool):\n    def _invoke(self, user_id: str, tool_parameters: dict[str, Any]) -> ToolInvokeMessage | list[ToolInvokeMessage]:\n{reads}        return self.create_text_message({message})\n"
        ),
    }
}

pub(crate) fn provider(layout: Layout, stem: &str) -> String {
    let class = format!("{}Provider", camel(stem));
    let (import, base, error, signature) = match layout {
        Layout::Plugin => (
            "from dify_plugin import ToolProvider\nfrom dify_plugin.errors.tool import ToolProviderCredentialValidationError",
            "ToolProvider",
            "ToolProviderCredentialValidationError",
            "def _validate_credentials(self, credentials: dict[str, Any]) -> None:",
        ),
        Layout::InTree(Generation::V1) => (
            "from core.tools.builtin_tool.provider import BuiltinToolProviderController\nfrom core.tools.errors import ToolProviderCredentialValidationError",
            "BuiltinToolProviderController",
            "ToolProviderCredentialValidationError",
            "def _validate_credentials(self, user_id: str, credentials: dict[str, Any]) -> None:",
        ),
        Layout::InTree(Generation::V0) => (
            "from core.tools.errors import ToolProviderCredentialValidationError\nfrom core.tools.provider.builtin_tool_provider import BuiltinToolProviderController",
            "BuiltinToolProviderController",
            "ToolProviderCredentialValidationError",
            "def _validate_credentials(self, credentials: dict[str, Any]) -> None:",
        ),
    };
    format!(
        "from typing import Any\n\n{import}\n\n\nclass {class}({base}):\n    {signature}\n        try:\n            # Call the service with the credentials here and let failures raise.\n            pass\n        except Exception as e:\n            raise {error}(str(e)) from e\n"
    )
}

/// A new module for another kind's declaration (dify-plugin-kinds.md §4–§8): exactly one subclass
/// of the SDK base the loader looks for, with the methods its base leaves abstract, written with
/// the signatures the SDK calls; for a trigger provider that declares `subscription_constructor`
/// also the constructor. `None` where the base is not known (model modules, a datasource of an
/// unknown provider type).
pub(crate) fn kind_module(role: crate::project::kinds::Role, stem: &str, constructor: bool) -> Option<String> {
    use crate::project::kinds::{DatasourceType, Role};
    let name = camel(stem);
    let not_yet = "        raise NotImplementedError";
    Some(match role {
        Role::Endpoint => format!(
            "import json\nfrom collections.abc import Mapping\n\nfrom dify_plugin import Endpoint\nfrom werkzeug import Request, Response\n\n\n\
class {name}Endpoint(Endpoint):\n    def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:\n        return Response(json.dumps({{\"ok\": True}}), status=200, content_type=\"application/json\")\n"
        ),
        Role::AgentStrategy => format!(
            "from collections.abc import Generator\nfrom typing import Any\n\nfrom dify_plugin.entities.agent import AgentInvokeMessage\nfrom dify_plugin.interfaces.agent import AgentStrategy\n\n\n\
class {name}Strategy(AgentStrategy):\n    def _invoke(self, parameters: dict[str, Any]) -> Generator[AgentInvokeMessage, None, None]:\n        yield self.create_text_message({})\n",
            py_str(stem)
        ),
        Role::ModelProvider => format!(
            "from dify_plugin import ModelProvider\nfrom dify_plugin.errors.model import CredentialsValidateFailedError\n\n\n\
class {name}Provider(ModelProvider):\n    def validate_provider_credentials(self, credentials: dict) -> None:\n        try:\n            # Call the service with the credentials here and let failures raise.\n            pass\n        except Exception as e:\n            raise CredentialsValidateFailedError(str(e)) from e\n"
        ),
        Role::DatasourceProvider => format!(
            "from collections.abc import Mapping\nfrom typing import Any\n\nfrom dify_plugin.errors.tool import ToolProviderCredentialValidationError\nfrom dify_plugin.interfaces.datasource import DatasourceProvider\n\n\n\
class {name}Provider(DatasourceProvider):\n    def _validate_credentials(self, credentials: Mapping[str, Any]) -> None:\n        try:\n            # Call the service with the credentials here and let failures raise.\n            pass\n        except Exception as e:\n            raise ToolProviderCredentialValidationError(str(e)) from e\n"
        ),
        Role::Datasource(Some(DatasourceType::WebsiteCrawl)) => format!(
            "from collections.abc import Generator, Mapping\nfrom typing import Any\n\nfrom dify_plugin.entities.datasource import WebsiteCrawlMessage\nfrom dify_plugin.interfaces.datasource.website import WebsiteCrawlDatasource\n\n\n\
class {name}Datasource(WebsiteCrawlDatasource):\n    def _get_website_crawl(\n        self, datasource_parameters: Mapping[str, Any]\n    ) -> Generator[WebsiteCrawlMessage, None, None]:\n        # Crawl here and yield self.create_crawl_message(WebSiteInfo(...)) as pages arrive.\n{not_yet}\n"
        ),
        Role::Datasource(Some(DatasourceType::OnlineDocument)) => format!(
            "from collections.abc import Generator, Mapping\nfrom typing import Any\n\nfrom dify_plugin.entities.datasource import (\n    DatasourceGetPagesResponse,\n    DatasourceMessage,\n    GetOnlineDocumentPageContentRequest,\n)\nfrom dify_plugin.interfaces.datasource.online_document import OnlineDocumentDatasource\n\n\n\
class {name}Datasource(OnlineDocumentDatasource):\n    def _get_pages(self, datasource_parameters: Mapping[str, Any]) -> DatasourceGetPagesResponse:\n        # List the workspace's pages here.\n{not_yet}\n\n    def _get_content(self, page: GetOnlineDocumentPageContentRequest) -> Generator[DatasourceMessage, None, None]:\n        # Read the page here and yield its content.\n{not_yet}\n"
        ),
        Role::Datasource(Some(DatasourceType::OnlineDrive)) => format!(
            "from collections.abc import Generator\n\nfrom dify_plugin.entities.datasource import (\n    DatasourceMessage,\n    OnlineDriveBrowseFilesRequest,\n    OnlineDriveBrowseFilesResponse,\n    OnlineDriveDownloadFileRequest,\n)\nfrom dify_plugin.interfaces.datasource.online_drive import OnlineDriveDatasource\n\n\n\
class {name}Datasource(OnlineDriveDatasource):\n    def _browse_files(self, request: OnlineDriveBrowseFilesRequest) -> OnlineDriveBrowseFilesResponse:\n        # List the files under request.prefix here.\n{not_yet}\n\n    def _download_file(self, request: OnlineDriveDownloadFileRequest) -> Generator[DatasourceMessage, None, None]:\n        # Download the file request.id here and yield it.\n{not_yet}\n"
        ),
        Role::Trigger => {
            let mut text = String::from("from collections.abc import Mapping\nfrom typing import Any\n\n");
            if constructor {
                text.push_str("from dify_plugin.entities.provider_config import CredentialType\nfrom dify_plugin.entities.trigger import EventDispatch, Subscription, UnsubscribeResult\nfrom dify_plugin.interfaces.trigger import Trigger, TriggerSubscriptionConstructor\n");
            } else {
                text.push_str("from dify_plugin.entities.trigger import EventDispatch, Subscription\nfrom dify_plugin.interfaces.trigger import Trigger\n");
            }
            text.push_str("from werkzeug import Request, Response\n\n\n");
            text.push_str(&format!(
                "class {name}Trigger(Trigger):\n    def _dispatch_event(self, subscription: Subscription, request: Request) -> EventDispatch:\n        payload: Mapping[str, Any] = request.get_json(silent=True) or {{}}\n        # Name the events this request fires in `events`.\n        response = Response('{{\"status\": \"ok\"}}', status=200, mimetype=\"application/json\")\n        return EventDispatch(events=[], response=response, payload=payload)\n"
            ));
            if constructor {
                text.push_str(&format!(
                    "\n\nclass {name}SubscriptionConstructor(TriggerSubscriptionConstructor):\n    def _create_subscription(\n        self,\n        endpoint: str,\n        parameters: Mapping[str, Any],\n        credentials: Mapping[str, Any],\n        credential_type: CredentialType,\n    ) -> Subscription:\n        # Register `endpoint` as the webhook with the service here.\n{not_yet}\n\n    def _delete_subscription(\n        self, subscription: Subscription, credentials: Mapping[str, Any], credential_type: CredentialType\n    ) -> UnsubscribeResult:\n        # Remove the webhook here.\n{not_yet}\n\n    def _refresh_subscription(\n        self, subscription: Subscription, credentials: Mapping[str, Any], credential_type: CredentialType\n    ) -> Subscription:\n        # Renew the webhook here.\n{not_yet}\n"
                ));
            }
            text
        }
        Role::Event => format!(
            "from collections.abc import Mapping\nfrom typing import Any\n\nfrom dify_plugin.entities.trigger import Variables\nfrom dify_plugin.interfaces.trigger import Event\nfrom werkzeug import Request\n\n\n\
class {name}Event(Event):\n    def _on_event(self, request: Request, parameters: Mapping[str, Any], payload: Mapping[str, Any]) -> Variables:\n        return Variables(variables=dict(payload))\n"
        ),
        Role::Models | Role::Datasource(None) => return None,
    })
}
