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
