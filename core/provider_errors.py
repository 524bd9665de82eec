"""One line for a hosted provider's failure (OpenAI, Anthropic, Bedrock, OpenAI-compatible):
what failed, where (the URL or region) and the variable to check. The SDKs' and LangChain's
exception types are recognised by class name along the exception chain, so no SDK is imported
here."""

from __future__ import annotations

import os

UNREACHABLE = {
    "APIConnectionError",
    "APITimeoutError",
    "ConnectError",
    "ConnectTimeout",
    "ReadTimeout",
    "EndpointConnectionError",
    "ConnectTimeoutError",
    "ReadTimeoutError",
}
AUTH = {"AuthenticationError", "PermissionDeniedError", "NoCredentialsError"}
RATE = {"RateLimitError", "ThrottlingException"}


def _names(exc: BaseException) -> set[str]:
    names: set[str] = set()
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        names |= {c.__name__ for c in type(exc).__mro__}
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return names


def where(provider: str, base_url: str | None = None) -> tuple[str, str]:
    """(address, variable that sets it) for a provider."""
    if provider == "openai-compatible":
        return base_url or "(no URL set)", "TUNEWISE_LLM_BASE_URL"
    if provider == "openai":
        return os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1"), "OPENAI_BASE_URL"
    if provider == "anthropic":
        return os.environ.get(
            "ANTHROPIC_BASE_URL", "https://api.anthropic.com"
        ), "ANTHROPIC_BASE_URL"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "(no region)"
    return f"Bedrock in {region}", "AWS_REGION"


KEYS = {
    "openai": "OPENAI_API_KEY",
    "openai-compatible": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "bedrock": "AWS_ACCESS_KEY_ID / AWS_PROFILE",
}


def describe(exc: BaseException, provider: str, base_url: str | None = None) -> str | None:
    """One line for a provider failure, or None when `exc` is not one."""
    names = _names(exc)
    address, url_var = where(provider, base_url)
    key_var = KEYS.get(provider, "the provider's key")
    if names & UNREACHABLE:
        return f"cannot reach the {provider} back end at {address}; check {url_var} and the network"
    if names & AUTH:
        return f"the {provider} back end refused the credentials; check {key_var}"
    if names & RATE:
        return f"the {provider} back end is rate-limiting requests; wait a minute and retry"
    if "APIStatusError" in names or "ClientError" in names or "APIError" in names:
        status = getattr(exc, "status_code", None)
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        code = f"HTTP {status}: " if status else ""
        return f"the {provider} back end at {address} answered with an error ({code}{detail})"
    return None
