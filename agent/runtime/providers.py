"""The agent's chat model: the offline model by default, a hosted one through core.providers;
and, for hosted back ends, an understand function that asks the model for the profile."""

from __future__ import annotations

from typing import Any

from tunewise.agent.reading.understand import Understanding, extract
from tunewise.agent.runtime.prompts import PROFILE_EXTRACTION_PROMPT
from tunewise.agent.schema.profile import Profile
from tunewise.core.errors import ProviderConfigError
from tunewise.core.providers import make_hosted_model
from tunewise.core.settings import Settings

__all__ = ["ProviderConfigError", "hosted_understanding", "make_chat_model"]


def make_chat_model(settings: Settings, spec: str | None = None, max_retries: int = 2) -> Any:
    """The chat model for `spec` (default: TUNEWISE_LLM)."""
    if (spec or settings.llm).strip().partition(":")[0].lower() == "offline":
        from tunewise.agent.runtime.offline_model import OfflineChatModel

        return OfflineChatModel()
    return make_hosted_model(settings, spec, max_retries)


def hosted_understanding(model: Any) -> Any:
    """An understand function that asks a hosted model for the profile (structured output) and
    keeps the offline reading for anything the model leaves unknown."""

    structured = model.with_structured_output(Profile)

    def understand(text: str) -> Understanding:
        offline = extract(text)
        hosted = structured.invoke([("system", PROFILE_EXTRACTION_PROMPT), ("human", text)])
        merged = offline.profile.merge(hosted) if isinstance(hosted, Profile) else offline.profile
        merged.notes = []
        return offline.model_copy(update={"profile": merged})

    return understand
