//! New Python files for a provider or a tool: the right base class, imports and method signatures
//! for the layout and Dify generation, reading the parameters the YAML declares.

use super::text::{camel, identifier};
use crate::project::{Generation, Layout};
use crate::syntax::yaml::Node;

/// The parameters a tool YAML declares: (name, required).
pub fn declared_parameters(root: Option<&Node>) -> Vec<(String, bool)> {
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

fn reads(params: &[(String, bool)]) -> String {
    params
        .iter()
        .map(|(name, required)| {
            let var = identifier(name);
            if *required {
                format!("        {var} = tool_parameters[{name:?}]\n")
            } else {
                format!("        {var} = tool_parameters.get({name:?})\n")
            }
        })
        .collect()
}

pub fn tool(layout: Layout, stem: &str, params: &[(String, bool)]) -> String {
    let class = format!("{}Tool", camel(stem));
    let reads = reads(params);
    let used = if params.is_empty() {
        String::new()
    } else {
        format!(" {{{}!r}}", identifier(&params[0].0))
    };
    match layout {
        Layout::Plugin => format!(
            "from collections.abc import Generator\nfrom typing import Any\n\nfrom dify_plugin import Tool\nfrom dify_plugin.entities.tool import ToolInvokeMessage\n\n\n\
class {class}(Tool):\n    def _invoke(self, tool_parameters: dict[str, Any]) -> Generator[ToolInvokeMessage, None, None]:\n{reads}        yield self.create_text_message(f\"{stem}:{used}\")\n"
        ),
        Layout::InTree(Generation::V1) => format!(
            "from collections.abc import Generator\nfrom typing import Any\n\nfrom core.tools.builtin_tool.tool import BuiltinTool\nfrom core.tools.entities.tool_entities import ToolInvokeMessage\n\n\n\
class {class}(BuiltinTool):\n    def _invoke(\n        self,\n        user_id: str,\n        tool_parameters: dict[str, Any],\n        conversation_id: str | None = None,\n        app_id: str | None = None,\n        message_id: str | None = None,\n    ) -> Generator[ToolInvokeMessage, None, None]:\n{reads}        yield self.create_text_message(f\"{stem}:{used}\")\n"
        ),
        Layout::InTree(Generation::V0) => format!(
            "from typing import Any\n\nfrom core.tools.entities.tool_entities import ToolInvokeMessage\nfrom core.tools.tool.builtin_tool import BuiltinTool\n\n\n\
class {class}(BuiltinTool):\n    def _invoke(self, user_id: str, tool_parameters: dict[str, Any]) -> ToolInvokeMessage | list[ToolInvokeMessage]:\n{reads}        return self.create_text_message(f\"{stem}:{used}\")\n"
        ),
    }
}

pub fn provider(layout: Layout, stem: &str) -> String {
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
