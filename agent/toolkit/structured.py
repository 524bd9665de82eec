"""The agent's tools, derived from the registry (agent/toolkit/registry.py): each declaration becomes
a LangChain StructuredTool with the declared input model as its schema. With `confine`, every
path field of the input (typed core.paths.UserPath) must lie inside that folder (the web
app's rule). Tools raise typed errors; LangGraph's ToolNode hands their message back to the
model as the tool result, which the writer shows as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.tools import StructuredTool

from tunewise.agent.toolkit.confine import confine_args
from tunewise.agent.toolkit.registry import TOOLS, ToolDecl


def _structured(app: Any, decl: ToolDecl, confine: Path | None) -> StructuredTool:
    model = decl.input

    def run(**kwargs: Any) -> Any:
        return decl.run(app, model(**confine_args(confine, kwargs, model)))

    return StructuredTool.from_function(
        run, name=decl.name, description=decl.summary, args_schema=model
    )


def make_tools(app: Any, confine: Path | None = None) -> list[StructuredTool]:
    """The agent's tools over the App's index, catalogue and job store."""
    return [_structured(app, d, confine) for d in TOOLS]
