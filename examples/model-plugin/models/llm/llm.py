from collections.abc import Generator, Mapping
from typing import Any

import requests
from dify_plugin import LargeLanguageModel
from dify_plugin.entities.model.llm import (
    LLMResult,
    LLMResultChunk,
    LLMResultChunkDelta,
)
from dify_plugin.entities.model.message import (
    AssistantPromptMessage,
    PromptMessage,
    PromptMessageTool,
)
from dify_plugin.errors.model import (
    CredentialsValidateFailedError,
    InvokeAuthorizationError,
    InvokeBadRequestError,
    InvokeConnectionError,
    InvokeError,
    InvokeRateLimitError,
    InvokeServerUnavailableError,
)

DEFAULT_BASE_URL = "https://api.example.com/v1"
TIMEOUT = (10, 300)


class LumenError(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"Lumen API error {status}: {text}")
        self.status = status


class LumenLargeLanguageModel(LargeLanguageModel):
    """Chat completions of the Lumen API (OpenAI-compatible), without tool calls."""

    def _invoke(
        self,
        model: str,
        credentials: dict,
        prompt_messages: list[PromptMessage],
        model_parameters: dict,
        tools: list[PromptMessageTool] | None = None,
        stop: list[str] | None = None,
        stream: bool = True,
        user: str | None = None,
    ) -> LLMResult | Generator[LLMResultChunk, None, None]:
        body: dict[str, Any] = {
            "model": model,
            "messages": [{"role": m.role.value, "content": m.get_text_content()} for m in prompt_messages],
            **model_parameters,
        }
        if stop:
            body["stop"] = stop
        if user:
            body["user"] = user
        data = self._post(credentials, "/chat/completions", body)
        text = data["choices"][0]["message"].get("content") or ""
        usage = self._calc_response_usage(
            model,
            credentials,
            data.get("usage", {}).get("prompt_tokens", 0),
            data.get("usage", {}).get("completion_tokens", 0),
        )
        message = AssistantPromptMessage(content=text)
        if not stream:
            return LLMResult(model=model, prompt_messages=prompt_messages, message=message, usage=usage)
        return self._single_chunk(model, prompt_messages, message, usage)

    @staticmethod
    def _single_chunk(model, prompt_messages, message, usage) -> Generator[LLMResultChunk, None, None]:
        delta = LLMResultChunkDelta(index=0, message=message, usage=usage, finish_reason="stop")
        yield LLMResultChunk(model=model, prompt_messages=prompt_messages, delta=delta)

    def get_num_tokens(
        self,
        model: str,
        credentials: dict,
        prompt_messages: list[PromptMessage],
        tools: list[PromptMessageTool] | None = None,
    ) -> int:
        return sum(self._get_num_tokens_by_gpt2(m.get_text_content()) for m in prompt_messages)

    def validate_credentials(self, model: str, credentials: Mapping) -> None:
        try:
            self._post(credentials, "/chat/completions", {"model": model, "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1})
        except (LumenError, requests.RequestException) as e:
            raise CredentialsValidateFailedError(str(e)) from e

    @property
    def _invoke_error_mapping(self) -> dict[type[InvokeError], list[type[Exception]]]:
        return {
            InvokeConnectionError: [requests.ConnectionError, requests.Timeout],
            InvokeServerUnavailableError: [requests.HTTPError],
            InvokeRateLimitError: [],
            InvokeAuthorizationError: [],
            InvokeBadRequestError: [LumenError, KeyError, ValueError],
        }

    @staticmethod
    def _post(credentials: Mapping, path: str, body: dict) -> dict:
        base = (credentials.get("endpoint_url") or DEFAULT_BASE_URL).rstrip("/")
        response = requests.post(
            base + path,
            json=body,
            headers={"Authorization": f"Bearer {credentials['api_key']}"},
            timeout=TIMEOUT,
        )
        if response.status_code >= 500:
            response.raise_for_status()
        if response.status_code != 200:
            raise LumenError(response.status_code, response.text[:200])
        return response.json()
