"""The run's context (LangGraph's `context_schema`): what every node of one run works with.

The CLI and the web app pass it with each run (`graph.stream(..., context=ctx)`); the nodes
take it as `runtime.context`. LangGraph Server cannot send objects with a run, so its process
registers one context at start-up (`serve_with`) that runs without their own use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langgraph.runtime import Runtime


@dataclass
class RunContext:
    model: Any = None  # the chat model, its tools bound
    index: Any = None  # the knowledge index the retrieve node searches
    understand: Any = None  # (text) -> Understanding; None: the offline reader
    preview: Any = None  # (launch args) -> (plan text, launchable), shown before a launch
    path_base: Any = None  # where relative paths in tool calls are anchored (None: the cwd)


_SERVED: list[RunContext] = []


def serve_with(ctx: RunContext) -> None:
    """LangGraph Server: the context for runs that bring none."""
    _SERVED[:] = [ctx]


def of(runtime: Runtime[RunContext]) -> RunContext:
    ctx = runtime.context
    if isinstance(ctx, RunContext) and ctx.model is not None:
        return ctx
    if not _SERVED:
        raise RuntimeError("the graph ran without a RunContext: pass context=RunContext(...)")
    return _SERVED[0]
