"""Agent tools: thin wrappers over the same functions the CLI uses. Tools from later issues
(cost, validate, synth, train) register here as they land."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field


class SearchInput(BaseModel):
    query: str = Field(description="What to look up in the knowledge base.")
    k: int = Field(4, ge=1, le=10, description="How many sections to return.")


def make_tools(index: Any) -> list[StructuredTool]:
    def search_knowledge(query: str, k: int = 4) -> list[dict]:
        """Hybrid search of the fine-tuning knowledge base; returns sections with doc and section names."""
        return [h.model_dump() for h in index.search(query[:2000], k)]

    return [StructuredTool.from_function(search_knowledge, args_schema=SearchInput)]
