from collections.abc import Generator
from typing import Any

from dify_plugin.entities.agent import AgentInvokeMessage
from dify_plugin.interfaces.agent import AgentStrategy


class BaseStrategy(AgentStrategy):
    def _invoke(self, parameters: dict[str, Any]) -> Generator[AgentInvokeMessage, None, None]:
        yield self.create_text_message(parameters["query"])


class FastStrategy(BaseStrategy): # expect: DIFY515
    """A second AgentStrategy subclass in one module: the SDK refuses to choose."""
