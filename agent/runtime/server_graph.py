"""LangGraph Server's entry point (langgraph.json): the same `build_graph` the CLI and the web
app run, over the same App, with settings from the environment (TUNEWISE_*; the offline
model unless TUNEWISE_LLM names a hosted one). The server brings its own persistence (in
memory under `langgraph dev`, PostgreSQL on LangGraph Platform), so the graph is compiled
without a checkpointer here; its launch confirmation is the same `interrupt()`, resumed with
`Command(resume="yes")` through the server's API."""

from __future__ import annotations

from typing import Any

from tunewise.agent.runtime.app import App
from tunewise.agent.runtime.assistant import assemble
from tunewise.agent.runtime.context import serve_with
from tunewise.core.settings import Settings, apply_offline_env


def make_graph() -> Any:
    """The compiled graph; runs the server starts bring no RunContext (it cannot carry the
    model or the index), so the process registers its own, built from the environment."""
    settings = Settings()
    apply_offline_env(settings)
    ctx, builder = assemble(App(settings))
    serve_with(ctx)
    return builder.compile()


graph = make_graph()
