"""`tunewise mcp`: the registry's tools over the Model Context Protocol (stdio), for the
assistants people already use (Claude Desktop, IDEs).

Each tool's JSON schema is its registry input model's own (`model_json_schema()`); a call is
validated by the same model and run by the same function as in the chat. File arguments are
confined to the root folder the user passes. Launching a training run is left out unless the
server was started with `--allow-launch`, and even then a call must say `confirm: true`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, create_model

from tunewise.agent.decision.advisor import advise
from tunewise.agent.schema.facts import understood
from tunewise.agent.schema.profile import Profile
from tunewise.agent.toolkit.confine import OutsideDataDir, confine_args
from tunewise.agent.toolkit.registry import BY_NAME, ToolDecl
from tunewise.core.errors import ToolError

# The tools served; launch_training joins them only with --allow-launch.
SERVED = ("search_knowledge", "advise", "estimate_cost", "validate_data", "plan_lora", "job_status")


class AdviseInput(Profile):
    """The deciding facts, as the chat's profile holds them; omit what is unknown."""


MCP_ROOT = "the MCP root"
MCP_HINT = "pass a path inside it, or restart `tunewise mcp --root` with a folder that holds it"


def advise_tool(app: Any, inp: AdviseInput) -> dict:
    """Ranked approaches with their reasons for and against, what the facts were read as,
    prerequisites, dated caveats and citations from the knowledge base."""

    profile = Profile.model_validate(inp.model_dump())
    rec = advise(profile)
    return {"understood": understood(profile), **rec.model_dump(mode="json")}


ADVISE = ToolDecl(
    "advise",
    AdviseInput,
    advise_tool,
    "Recommend prompting, RAG, LoRA or a proprietary fine-tune for the given facts: every "
    "approach ranked with its reasons for and against, prerequisites, dated caveats and "
    "citations from the knowledge base. Give only the facts you know.",
)


def _launch_decl() -> ToolDecl:
    base = BY_NAME["launch_training"]
    model = base.input
    confirm = Field(
        False,
        description="must be true: the user has seen the plan (plan_lora) and said yes to this run",
    )
    confirmed = create_model(  # type: ignore[call-overload]
        "LaunchTrainingInput", __base__=model, confirm=(bool, confirm)
    )

    def run(app: Any, inp: Any) -> Any:
        if not inp.confirm:
            raise ToolError(
                "not launched: show the user the plan (plan_lora) and call again with "
                "confirm=true once they say yes"
            )
        return base.run(app, model.model_validate(inp.model_dump(exclude={"confirm"})))

    return ToolDecl(base.name, confirmed, run, base.summary.split(". ")[0] + ".")


def served_tools(allow_launch: bool) -> dict[str, ToolDecl]:
    decls = {name: ADVISE if name == "advise" else BY_NAME[name] for name in SERVED}
    if allow_launch:
        decls["launch_training"] = _launch_decl()
    return decls


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema.setdefault("type", "object")
    return schema


class ToolCallFailed(Exception):
    """A tool call the user (or their assistant) can fix; the text says how."""


def call(app: Any, decl: ToolDecl, args: dict[str, Any], root: Path) -> Any:
    """Validate `args` with the tool's model, keep file arguments inside `root`, run it."""
    model = decl.input
    try:
        inp = model.model_validate(confine_args(root, args or {}, model, MCP_ROOT, MCP_HINT))
    except OutsideDataDir as exc:
        raise ToolCallFailed(str(exc)) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "arguments"
        raise ToolCallFailed(f"invalid {where}: {first['msg']}") from None
    try:
        return decl.run(app, inp)
    except ToolError as exc:
        raise ToolCallFailed(str(exc)) from None


def build_server(app: Any, root: Path, allow_launch: bool = False) -> Any:
    """The low-level MCP server with list/call handlers over the served declarations."""
    import mcp_types as types
    from mcp.server import Server

    decls = served_tools(allow_launch)
    root = root.resolve()

    async def on_list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(
            tools=[
                types.Tool(name=d.name, description=d.summary, input_schema=_schema(d.input))
                for d in decls.values()
            ]
        )

    async def on_call_tool(ctx: Any, params: Any) -> types.CallToolResult:
        import anyio.to_thread

        decl = decls.get(params.name)
        if decl is None:
            text = f"unknown tool {params.name!r}; the tools are: {', '.join(decls)}"
            return types.CallToolResult(content=[types.TextContent(text=text)], is_error=True)
        try:
            result = await anyio.to_thread.run_sync(call, app, decl, params.arguments or {}, root)
        except ToolCallFailed as exc:
            return types.CallToolResult(content=[types.TextContent(text=str(exc))], is_error=True)
        structured = result if isinstance(result, dict) else {"result": result}
        return types.CallToolResult(
            content=[types.TextContent(text=json.dumps(result, default=str))],
            structured_content=structured,
        )

    return Server("tunewise", on_list_tools=on_list_tools, on_call_tool=on_call_tool)


def serve_stdio(app: Any, root: Path, allow_launch: bool = False) -> None:
    import anyio
    from mcp.server.stdio import stdio_server

    server = build_server(app, root, allow_launch)

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)
