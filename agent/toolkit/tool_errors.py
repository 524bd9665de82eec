"""How tool failures reach the model: a typed tool error or bad arguments become the tool's
result ("Error: <what is wrong and how to fix it>"); anything else is a bug and propagates.

No `from __future__ import annotations` here: LangGraph reads the handler's annotation at
run time to learn which exceptions it handles.
"""

from langgraph.prebuilt.tool_node import ToolInvocationError
from pydantic import ValidationError

from tunewise.core.errors import ToolError


def tool_error_message(e: ToolError | ToolInvocationError | ValidationError) -> str:
    return f"Error: {e}"
