"""The graph's state: messages (checkpointed per thread) plus what the nodes derive from them."""

from __future__ import annotations

from typing import Annotated, Any

from langgraph.graph.message import add_messages
from typing_extensions import TypedDict


class AgentState(TypedDict, total=False):
    messages: Annotated[list, add_messages]
    profile: dict[str, Any]  # agent.profile.Profile, dumped; persists across turns
    intent: str
    act: str  # agent.acts.Act: what this turn asks for
    act_info: dict[str, Any]  # agent.acts.ActReading, dumped
    whatif: dict[str, Any] | None  # a what-if's profile and recommendation (never stored)
    stored_profile: dict[str, Any]  # the profile before this turn
    prev_primary: str | None  # the primary of the last advice given, before this turn
    last_primary: str | None  # the primary of the last advice given, after this turn
    language_ok: bool
    word_count: int | None
    file_paths: list[str]  # .jsonl paths named in the latest message (or "it": the last file)
    last_file: str | None  # the last file the conversation used, anchored where it was typed
    model_ids: list[str]  # provider model ids named in the latest message
    questions: list[dict[str, Any]]  # agent.clarify.Question, dumped
    recommendation: dict[str, Any] | None  # agent.advisor.Recommendation, dumped
    passages: list[dict[str, Any]]  # knowledge.index.SearchHit, dumped
    answer: str
