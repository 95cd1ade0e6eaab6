import json
from collections.abc import Generator
from typing import Any

from dify_plugin import AgentStrategy
from dify_plugin.entities.agent import AgentInvokeMessage
from dify_plugin.entities.model.llm import LLMModelConfig
from dify_plugin.entities.model.message import (
    PromptMessage,
    SystemPromptMessage,
    ToolPromptMessage,
    UserPromptMessage,
)
from dify_plugin.entities.tool import ToolInvokeMessage
from dify_plugin.interfaces.agent import AgentModelConfig, ToolEntity
from pydantic import BaseModel


class FunctionCallingParams(BaseModel):
    model: AgentModelConfig
    tools: list[ToolEntity] | None = None
    instruction: str | None = None
    query: str
    max_steps: int = 5


def _tool_output(messages: Generator[ToolInvokeMessage, None, None]) -> str:
    parts = []
    for m in messages:
        if isinstance(m.message, ToolInvokeMessage.TextMessage):
            parts.append(m.message.text)
        elif isinstance(m.message, ToolInvokeMessage.JsonMessage):
            parts.append(json.dumps(m.message.json_object, ensure_ascii=False))
    return "\n".join(parts)


class FunctionCallingStrategy(AgentStrategy):
    """Calls the model with the tools; runs the tools it asks for until it answers or the budget ends."""

    def _invoke(self, parameters: dict[str, Any]) -> Generator[AgentInvokeMessage, None, None]:
        params = FunctionCallingParams(**parameters)
        tools = {t.identity.name: t for t in params.tools or []}
        prompt_tools = self._init_prompt_tools(params.tools)
        messages: list[PromptMessage] = []
        if params.instruction:
            messages.append(SystemPromptMessage(content=params.instruction))
        messages.extend(params.model.history_prompt_messages)
        messages.append(UserPromptMessage(content=params.query))
        model_config = LLMModelConfig(**params.model.model_dump(mode="json"))

        for step in range(1, max(1, params.max_steps) + 1):
            result = self.session.model.llm.invoke(
                model_config=model_config,
                prompt_messages=messages,
                tools=prompt_tools,
                stream=False,
            )
            reply = result.message
            messages.append(reply)
            if not reply.tool_calls:
                yield self.create_text_message(reply.content if isinstance(reply.content, str) else "")
                return
            for call in reply.tool_calls:
                tool = tools.get(call.function.name)
                if tool is None:
                    output = f"There is no tool named {call.function.name}."
                else:
                    try:
                        args = json.loads(call.function.arguments or "{}")
                        output = _tool_output(
                            self.session.tool.invoke(
                                provider_type=tool.provider_type,
                                provider=tool.identity.provider,
                                tool_name=tool.identity.name,
                                parameters={**tool.runtime_parameters, **args},
                            )
                        )
                    except Exception as e:  # noqa: BLE001 - the SDK raises bare Exception; the model sees it and may retry
                        output = f"The tool failed: {e}"
                yield self.create_log_message(label=f"step {step}: {call.function.name}", data={"output": output})
                messages.append(ToolPromptMessage(content=output, tool_call_id=call.id, name=call.function.name))

        yield self.create_text_message(f"No answer within {params.max_steps} steps.")
