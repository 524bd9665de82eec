"""Chat model back ends, chosen by one setting (TUNEWISE_LLM).

offline (default) | anthropic:<model> | openai:<model> | bedrock:<model> | openai-compatible:<model>
Keys are read by the provider SDKs from their usual variables and never logged or stored here.
"""

from __future__ import annotations

import os
from typing import Any

from tunewise.core.errors import ProviderConfigError
from tunewise.core.settings import Settings


def make_hosted_model(settings: Settings, spec: str | None = None, max_retries: int = 2) -> Any:
    """The chat model for `spec` (default: TUNEWISE_LLM). `max_retries=0` leaves retrying to
    the caller (the synthetic-data teacher backs off on rate limits itself)."""
    spec = (spec or settings.llm).strip()
    kind, _, model = spec.partition(":")
    kind = kind.lower()
    if kind == "offline":
        raise ProviderConfigError(
            "the offline model is built by the agent (tunewise.agent.runtime.providers), not here"
        )
    if kind in ("anthropic", "openai", "bedrock", "openai-compatible") and not model:
        raise ProviderConfigError(
            f"TUNEWISE_LLM={spec!r} names no model; use e.g. {kind}:<model-id>"
        )
    if kind == "anthropic":
        _need("ANTHROPIC_API_KEY", "Anthropic")
        from langchain_anthropic import ChatAnthropic

        return ChatAnthropic(model=model, max_retries=max_retries, timeout=60)
    if kind == "openai":
        _need("OPENAI_API_KEY", "OpenAI")
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=model, max_retries=max_retries, timeout=60)
    if kind == "openai-compatible":
        if not settings.llm_base_url:
            raise ProviderConfigError(
                "openai-compatible needs TUNEWISE_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1 for vLLM)"
            )
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=model,
            base_url=settings.llm_base_url,
            api_key=os.environ.get("OPENAI_API_KEY", "not-needed"),
            max_retries=max_retries,
            timeout=120,
        )
    if kind == "bedrock":
        import boto3

        if boto3.Session().get_credentials() is None:
            raise ProviderConfigError(
                "Bedrock needs AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and AWS_REGION"
            )
        from langchain_aws import ChatBedrockConverse

        return ChatBedrockConverse(
            model=model,
            region_name=os.environ.get("AWS_REGION")
            or os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        )
    raise ProviderConfigError(
        f"unknown TUNEWISE_LLM {spec!r}; use offline, anthropic:<model>, openai:<model>, bedrock:<model> or openai-compatible:<model>"
    )


def _need(var: str, name: str) -> None:
    if not os.environ.get(var):
        raise ProviderConfigError(
            f"{name} back end selected but {var} is not set; set {var} or use TUNEWISE_LLM=offline"
        )
