"""`tunewise mcp`: the tools over MCP on stdio (agent/runtime/mcp_server.py). stdout carries the
protocol, so everything for people goes to stderr."""

from __future__ import annotations

import argparse
from pathlib import Path

from tunewise.agent.runtime.app import App
from tunewise.agent.runtime.mcp_server import serve_stdio
from tunewise.ui.output import EXIT_OK, EXIT_USAGE, fail


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "mcp",
        help="serve the tools to an MCP client (Claude Desktop, IDEs) over stdio",
        description="Serve search_knowledge, advise, estimate_cost, validate_data, plan_lora "
        "and job_status over the Model Context Protocol on stdin/stdout.",
    )
    s.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="folder the tools may read and write files in (default: the current folder)",
    )
    s.add_argument(
        "--allow-launch",
        action="store_true",
        help="also serve launch_training; each call must still pass confirm=true",
    )
    s.set_defaults(handler=run_mcp)


def run_mcp(args: argparse.Namespace, app: App) -> int:
    root = args.root.expanduser()
    if not root.is_dir():
        return fail(
            f"--root {root} is not a folder; pass the folder that holds your data files", EXIT_USAGE
        )
    serve_stdio(app, root, allow_launch=args.allow_launch)
    return EXIT_OK
